"""项目二维码 self-registration through the gateway (manual 004 §5.3 方法二): the general contractor takes its
project's QR code (PNG and address); a worker opens the public form without logging in and submits; a wrong ID
number is refused naming the field; the same ID number again updates the one submission; the unit lists it under
自助登记人员; too many submissions for one ID number are refused (429). 办理 by the chosen unit: the real-name record
and the employment request with its activation slip, once; a record with another name or a person employed
elsewhere is refused and stays 待办理; no other unit handles it."""

import random

import pytest
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session

from devtools.assignment_chain import AssignmentChain
from devtools.synthetic import resident_id_number
from employment_svc.models import EmploymentRelation
from gateway.models import RevealAudit
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
rng = random.Random(9604)


@pytest.fixture(scope="module")
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


def form(unit, number, **overrides):
    birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    gender = "1" if int(number[16]) % 2 else "2"
    return {"enterprise_id": unit["id"], "name": "扫码登记甲", "id_number": number, "birth_date": birth,
            "gender": gender, "ethnicity": "汉族", "native_place": "安徽省六安市", "phone": "13900000204",
            "address": "上海市虹口区", "address_detail": "东长治路1号", "person_kind": "worker", "trade": "木工",
            "household_type": "rural", "household_place": "安徽省六安市", **overrides}


def test_the_public_form_refuses_merges_and_limits(api, chain):
    general = api(chain.username("gc"))
    code = general.get(f"/projects/{chain.project['id']}/join-code")
    assert code.status_code == 200, code.text
    token = code.json()["token"]
    assert code.json()["url"].endswith(f"/m/join/{token}") and code.json()["qr_svg"].startswith("<svg")
    png = general.get(f"/projects/{chain.project['id']}/join-code.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert api(chain.username("stranger")).get(f"/projects/{chain.project['id']}/join-code").status_code == 403

    public = api()
    shown = public.get(f"/join/{token}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["registration_number"] == chain.project["registration_number"]
    labour = chain.units["labour"]
    assert labour["id"] in [choice["enterprise_id"] for choice in shown.json()["units"]]
    assert public.get("/join/not-a-code").status_code == 404

    number = resident_id_number(rng)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    refused = public.post(f"/join/{token}", json=form(labour, number, id_number=wrong))
    assert refused.status_code == 422, refused.text
    assert "id_number" in refused.json()["fields"]
    missing = public.post(f"/join/{token}", json={"enterprise_id": labour["id"], "id_number": number})
    assert missing.status_code == 422 and {"name", "phone", "trade"} <= set(missing.json()["fields"])

    first = public.post(f"/join/{token}", json=form(labour, number))
    assert (first.status_code, first.json()) == (200, {"received": True})
    again = public.post(f"/join/{token}", json=form(labour, number, name="扫码登记乙", trade="瓦工"))
    assert (again.status_code, again.json()) == (200, {"received": True})

    listed = api(chain.username("labour")).get(f"/projects/{chain.project['id']}/self-registrations").json()
    assert [(row["person_name"], row["trade"], row["submissions"]) for row in listed["items"]] == [
        ("扫码登记乙", "瓦工", 2)]
    assert listed["items"][0]["id_number_masked"] != number and "*" in listed["items"][0]["phone_masked"]
    assert general.get(f"/projects/{chain.project['id']}/self-registrations").json()["total"] == 1
    assert api(chain.username("specialty")).get(
        f"/projects/{chain.project['id']}/self-registrations").json()["total"] == 0

    for _ in range(3):  # five submissions for one ID number in the window (the form refused at once is not one)
        assert public.post(f"/join/{token}", json=form(labour, number)).status_code == 200
    limited = public.post(f"/join/{token}", json=form(labour, number))
    assert limited.status_code == 429, limited.text
    assert limited.json()["error"] == "TOO_MANY_ATTEMPTS" and int(limited.headers["Retry-After"]) > 0


# -- 办理: the unit it landed with takes the submission into the chain ---------------------------------------------


@pytest.fixture(scope="module")
def join_token(api, chain):
    return api(chain.username("gc")).get(f"/projects/{chain.project['id']}/join-code").json()["token"]


def submission(api, chain, token, unit_key, number, **overrides):
    """The worker's form, sent; the row as the unit lists it."""
    sent = api().post(f"/join/{token}", json=form(chain.units[unit_key], number, **overrides))
    assert sent.status_code == 200, sent.text
    rows = api(chain.username(unit_key)).get(f"/projects/{chain.project['id']}/self-registrations").json()["items"]
    return next(row for row in rows if row["id_number_masked"][-3:] == number[-3:])


def handle(client, chain, row):
    return client.post(f"/projects/{chain.project['id']}/self-registrations/{row['id']}/complete")


def state_of(api, chain, row, unit_key="labour"):
    rows = api(chain.username(unit_key)).get(f"/projects/{chain.project['id']}/self-registrations").json()["items"]
    return next(found["state"] for found in rows if found["id"] == row["id"])


def test_the_unit_handles_a_submission_into_a_real_name_record_and_an_employment_request(api, chain, join_token,
                                                                                        platform):
    number = resident_id_number(rng)
    row = submission(api, chain, join_token, "labour", number, name="扫码办理甲", ethnicity="回族",
                     person_kind="manager")
    assert row["state"] == "pending"
    for other in ("gc", "specialty"):  # the general contractor reads it, but only the chosen unit handles it
        refused = handle(api(chain.username(other)), chain, row)
        assert (refused.status_code, refused.json()["error"]) == (403, "NOT_SELF_REGISTRATION_UNIT"), refused.text
    assert state_of(api, chain, row) == "pending"

    labour = api(chain.username("labour"))
    done = handle(labour, chain, row)
    assert done.status_code == 200, done.text
    answer = done.json()
    assert (answer["outcome"], answer["person_registered"], answer["registration"]["state"]) == (
        "employment_requested", True, "handled")
    employment = answer["employment"]
    assert (employment["state"], employment["person_name"], employment["role"]) == ("pending", "扫码办理甲", "manager")
    assert employment["activation"]["code"] and employment["activation"]["qr_svg"].startswith("<svg")
    assert answer["registration"]["employment_id"] == employment["id"]
    assert answer["registration"]["person_id"] == answer["person_id"] == employment["person_id"]

    record = labour.get(f"/persons/{answer['person_id']}").json()
    assert (record["name"], record["ethnicity"], record["gender"], record["birth_date"], record["address"]) == (
        "扫码办理甲", "03", row["gender"], row["birth_date"], "上海市虹口区东长治路1号")
    assert labour.get(f"/employments/{employment['id']}").json()["state"] == "pending"
    assert state_of(api, chain, row) == "handled"
    listed = labour.get(f"/projects/{chain.project['id']}/self-registrations", params={"state": "handled"}).json()
    assert [item["id"] for item in listed["items"]] == [row["id"]]

    again = handle(labour, chain, row)
    assert (again.status_code, again.json()["error"]) == (409, "SELF_REGISTRATION_ALREADY_HANDLED")
    assert "已办理" in again.json()["message"]

    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        audits = session.scalars(select(RevealAudit).where(RevealAudit.subject == "self_registration",
                                                           RevealAudit.subject_id == row["id"])).all()
    engine.dispose()
    assert [(audit.username, audit.field) for audit in audits] == [(chain.username("labour"), "id_number")]


def test_the_units_site_user_handles_it_too(api, chain, join_token):
    row = submission(api, chain, join_token, "labour", resident_id_number(rng), name="扫码办理乙")
    done = handle(api(chain.username("labour", site=True)), chain, row)
    assert done.status_code == 200, done.text
    employment = done.json()["employment"]
    assert (employment["state"], employment["enterprise_id"]) == ("pending", chain.units["labour"]["id"])
    assert api(chain.username("labour")).get(f"/employments/{employment['id']}").status_code == 200


def test_a_record_on_file_with_another_name_is_refused_and_stays_to_handle(api, chain, join_token):
    number = resident_id_number(rng)
    on_file = api("authority").post("/persons", json={"id_type": "01", "id_number": number, "name": "档案姓名"})
    assert on_file.status_code == 201, on_file.text
    row = submission(api, chain, join_token, "labour", number, name="扫码办理丙")
    refused = handle(api(chain.username("labour")), chain, row)
    assert (refused.status_code, refused.json()["error"]) == (422, "NAME_MISMATCH"), refused.text
    assert "name" in refused.json()["fields"] and "姓名" in refused.json()["message"]
    assert "person_registered" not in refused.json()
    assert state_of(api, chain, row) == "pending"


def test_a_person_employed_elsewhere_is_refused_and_stays_to_handle_until_they_leave(api, chain, join_token):
    number = resident_id_number(rng)
    person = api("authority").post("/persons", json={"id_type": "01", "id_number": number, "name": "扫码办理丁"})
    assert person.status_code == 201, person.text
    chain.employee("扫码办理丁", "specialty", person_id=person.json()["person"]["id"])
    row = submission(api, chain, join_token, "labour", number, name="扫码办理丁")
    labour = api(chain.username("labour"))
    refused = handle(labour, chain, row)
    assert (refused.status_code, refused.json()["error"]) == (409, "EMPLOYED_ELSEWHERE"), refused.text
    assert chain.units["specialty"]["name"] in refused.json()["message"]
    assert state_of(api, chain, row) == "pending"

    with Session(chain.employment) as session:  # the person left the other unit: 办理 again goes through
        session.execute(update(EmploymentRelation).where(EmploymentRelation.person_id == person.json()["person"]["id"])
                        .values(state="ended"))
        session.commit()
    done = handle(labour, chain, row)
    assert done.status_code == 200, done.text
    assert (done.json()["outcome"], done.json()["person_registered"]) == ("employment_requested", False)
