"""基本信息登记, 班组 and 劳动合同 through the gateway, as an employer, another employer, a site and the authority.

The employment relations are written straight into employment_svc's database: how they come about (request,
the worker's confirmation) is tested with the relations themselves.
"""

import datetime as dt
import io
import random
import struct
import zlib

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis import days
from devtools.launcher import DistributedPlatform
from employment_svc.models import EmploymentRelation

pytestmark = pytest.mark.e2e
rng = random.Random(8803)
TODAY = days.today()
CARD = "6222021234567890128"


def png() -> bytes:
    """A 1×1 PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def employment_db(platform):
    """employment_svc's database, where the test writes the relations it starts from."""
    url = platform.env["EMPLOYMENT_DB_URL"] if isinstance(platform, DistributedPlatform) else \
        f"sqlite:///{platform.var_dir}/employment_svc.db"
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def relation(employment_db, registry):
    """``relation("姓名", "enterprise_7", state="employed")``: a relation's id."""

    def make(name, employer="enterprise_7", state="employed", role="worker"):
        with Session(employment_db) as session:
            row = EmploymentRelation(enterprise_id=registry[employer]["id"], person_id=rng.randrange(10**6, 10**8),
                                     person_name=name, id_type="01", id_number_masked="310*****123", role=role,
                                     state=state, requested_by="test")
            session.add(row)
            session.commit()
            return row.id

    return make


def put(client, path, **kwargs):
    return client.http.put(client.base_url + path, timeout=30, **kwargs)


def delete(client, path):
    return client.http.delete(client.base_url + path, timeout=30)


def form(**overrides):
    return {"role": "worker", "phone": "13912345204", "education": "04", "politics": "13", "trade": "020",
            "is_safety_officer": False, "is_team_leader": False, "team_id": None, "is_temporary": True,
            "contract_starts_on": str(TODAY), "contract_ends_on": str(TODAY + dt.timedelta(days=300)),
            "bank": "102", "wage_card_number": CARD, "wage_scheme": "day", "daily_wage": "160", **overrides}


def test_an_employer_completes_an_employees_profile_and_sees_it_masked(api, relation):
    employer, relation_id = api("enterprise_7"), relation("信息甲")
    response = put(employer, f"/worker-profiles/{relation_id}", json=form())
    assert response.status_code == 200, response.text
    profile = response.json()
    assert (profile["person_name"], profile["state"], profile["trade"]) == ("信息甲", "employed", "020")
    assert (profile["phone_masked"], profile["wage_card_masked"]) == ("139****5204", "6222****0128")
    assert profile["daily_wage"] == "160.00" and CARD not in response.text
    shown = employer.get(f"/worker-profiles/{relation_id}").json()
    # SQLite (the embedded backend) gives the time back without its zone
    assert {**shown, "updated_at": None} == {**profile, "updated_at": None}
    # 编辑 without the numbers keeps them
    edited = put(employer, f"/worker-profiles/{relation_id}", json={"trade": "030", "bank": "102"}).json()
    assert (edited["trade"], edited["phone_masked"], edited["wage_card_masked"]) == (
        "030", "139****5204", "6222****0128")


def test_every_invalid_field_is_named_in_the_users_language(api, relation):
    response = put(api("enterprise_7"), f"/worker-profiles/{relation('校验甲')}", json=form(
        phone="1391234", wage_card_number=CARD[:-1] + "9", wage_scheme="piece", daily_wage=None))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "INVALID_PROFILE"
    assert body["fields"] == {"phone": "手机号格式不正确", "wage_card_number": "工资卡号校验位错误，请核对卡号",
                              "unit_price": "必填项", "piece_unit": "必填项"}
    english = put(api("enterprise_7", "en"), f"/worker-profiles/{relation('校验乙')}", json=form(
        certificate_type="special_operation"))
    assert english.json()["fields"] == {"certificate_number": "Required", "certificate_valid_until": "Required"}


def test_profiles_are_for_the_employers_own_employees_now(api, relation):
    pending = put(api("enterprise_7"), f"/worker-profiles/{relation('待确认', state='pending')}", json=form())
    assert (pending.status_code, pending.json()["error"]) == (409, "NOT_AN_EMPLOYEE")
    theirs = relation("八公司的", employer="enterprise_8")
    assert put(api("enterprise_7"), f"/worker-profiles/{theirs}", json=form()).status_code == 404
    assert api("site_3").get("/worker-profiles").status_code == 403
    assert put(api("authority"), f"/worker-profiles/{theirs}", json=form()).status_code == 403


def test_a_team_with_a_leader_members_a_move_and_dissolving_only_when_empty(api, relation, registry):
    employer = api("enterprise_7")
    leader, member = relation("班长甲"), relation("组员乙")
    put(employer, f"/worker-profiles/{member}", json=form())
    name = f"钢筋班{rng.randrange(10**6)}"
    response = employer.post("/teams", json={"name": name, "kind": "workers", "trade": "020",
                                             "leader_relation_id": leader})
    assert response.status_code == 201, response.text
    team = response.json()
    assert (team["leader_name"], team["member_count"]) == ("班长甲", 1)
    again = employer.post("/teams", json={"name": name, "kind": "workers"})
    assert (again.status_code, again.json()["error"]) == (409, "TEAM_NAME_TAKEN")
    moved = employer.post(f"/teams/members/{member}", json={"team_id": team["id"]})
    assert moved.status_code == 200 and moved.json()["team_name"] == name
    members = employer.get(f"/teams/{team['id']}/members").json()
    assert [(m["person_name"], m["is_team_leader"]) for m in members] == [("班长甲", True), ("组员乙", False)]
    listed = employer.get("/worker-profiles", params={"team_id": team["id"]}).json()
    assert sorted(p["person_name"] for p in listed["items"]) == ["班长甲", "组员乙"]
    refused = employer.post(f"/teams/{team['id']}/dissolve")
    assert (refused.status_code, refused.json()["error"]) == (409, "TEAM_NOT_EMPTY")
    assert "2" in refused.json()["message"]
    renamed = employer.patch(f"/teams/{team['id']}", json={"leader_relation_id": None, "trade": "240"}).json()
    assert (renamed["leader_relation_id"], renamed["trade"], renamed["member_count"]) == (None, "240", 2)
    for relation_id in (leader, member):
        employer.post(f"/teams/members/{relation_id}", json={"team_id": None})
    assert employer.post(f"/teams/{team['id']}/dissolve").json() == {"team_id": team["id"], "dissolved": True}
    assert api("enterprise_8").get(f"/teams/{team['id']}/members").status_code == 404
    assert api("authority").get("/teams", params={"enterprise_id": registry["enterprise_7"]["id"]}).status_code \
        == 200


def test_the_profile_list_exports_as_a_spreadsheet_with_numbers_masked(api, relation):
    employer, relation_id = api("enterprise_7"), relation("导出甲")
    put(employer, f"/worker-profiles/{relation_id}", json=form())
    response = employer.get("/worker-profiles/export", params={"name": "导出甲"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:7] == ("#", "姓名", "身份证号", "联系电话", "工种", "班组", "状态")
    assert rows[1][1:8] == ("导出甲", "310*****123", "139****5204", "钢筋工", None, "在职", "建筑工人")
    assert "6222****0128" in rows[1] and CARD not in str(rows)


def test_a_contract_with_its_photo_served_only_to_its_employer(api, relation):
    employer = api("enterprise_7")
    signed, unsigned = relation("合同甲"), relation("合同乙")
    response = put(employer, f"/contracts/{signed}", json={
        "number": "HT-E2E-1", "contract_type": "fixed", "signed_on": str(TODAY), "starts_on": str(TODAY),
        "ends_on": str(TODAY + dt.timedelta(days=10))})
    assert response.status_code == 200, response.text
    contract = response.json()
    photo = png()
    # the portal sends one idempotency key per submission: a retried upload keeps one document
    key = {"Idempotency-Key": f"upload-{rng.randrange(10**9)}"}
    uploaded = employer.post(f"/contracts/{contract['id']}/documents", headers=key,
                             files={"file": ("合同照片.png", photo, "application/octet-stream")})
    assert uploaded.status_code == 201, uploaded.text
    again = employer.post(f"/contracts/{contract['id']}/documents", headers=key,
                          files={"file": ("合同照片.png", photo, "application/octet-stream")})
    assert again.json() == uploaded.json() and again.headers.get("Idempotent-Replayed") == "true"
    document = uploaded.json()
    assert (document["content_type"], document["size"]) == ("image/png", len(photo))
    fetched = employer.get(f"/contract-documents/{document['id']}")
    assert fetched.status_code == 200 and fetched.content == photo
    assert fetched.headers["Content-Type"] == "image/png"
    assert api("enterprise_8").get(f"/contract-documents/{document['id']}").status_code == 404
    assert api().get(f"/contract-documents/{document['id']}").status_code == 401
    assert api("site_3").get(f"/contract-documents/{document['id']}").status_code == 403
    refused = employer.post(f"/contracts/{contract['id']}/documents",
                            files={"file": ("合同.pdf", b"GIF89a not a pdf", "application/pdf")})
    assert (refused.status_code, refused.json()["fields"]) == (422, {"file": "只能上传JPG、PNG图片或PDF文件"})
    expiring = employer.get("/contracts", params={"expiring_within_days": 30}).json()
    assert signed in [item["relation_id"] for item in expiring["items"]]
    not_signed = employer.get("/contracts", params={"signed": "false", "name": "合同"}).json()
    assert [item["relation_id"] for item in not_signed["items"]] == [unsigned]
    listed = employer.get("/contracts", params={"signed": "true", "name": "合同甲"}).json()["items"][0]
    assert [d["id"] for d in listed["contract"]["documents"]] == [document["id"]]
    assert delete(employer, f"/contract-documents/{document['id']}").status_code == 200
    assert employer.get(f"/contract-documents/{document['id']}").status_code == 404


def test_the_forms_code_tables_are_served(api):
    tables = api("enterprise_7").get("/reference").json()
    assert {"politics", "banks", "certificate_types", "blood_types", "wage_schemes", "piece_units",
            "contract_types", "team_kinds"} <= set(tables)
    assert {"code": "102", "name": "中国工商银行", "name_en": "Industrial and Commercial Bank of China"} \
        in tables["banks"]
