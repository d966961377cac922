"""聘用管理 through the gateway: an employer asks, the worker answers on the mobile page, one employer at a time.

The worker's requests carry a worker token signed with the platform's key, standing in for the worker login
(``/auth/worker/login``) that issues the same claims: role ``worker`` and the person's ``person_id``.
"""

import datetime as dt
import random
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest

from chassis import days
from devtools.synthetic import resident_id_number

pytestmark = pytest.mark.e2e
rng = random.Random(88)
TODAY = str(days.today())


@pytest.fixture
def hr7(api):
    return api("enterprise_7")


@pytest.fixture
def hr8(api):
    return api("enterprise_8")


@pytest.fixture
def person(hr7):
    """``person("姓名")``: a real-name record registered by enterprise_7: ``{"id", "name", "id_number"}``."""

    def register(name):
        number = resident_id_number(rng)
        response = hr7.post("/persons", json={"id_number": number, "name": name})
        assert response.status_code == 201, response.text
        return {"id": response.json()["person"]["id"], "name": name, "id_number": number}

    return register


@pytest.fixture
def worker(platform, api):
    """``worker(person)``: a client with the person's worker token."""

    def client(someone):
        claims = {"sub": someone["id_number"], "role": "worker", "person_id": someone["id"],
                  "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)}
        made = api()
        made.http.headers["Authorization"] = "Bearer " + jwt.encode(claims, platform.env["AUTH_SECRET"], "HS256")
        return made

    return client


def ask(client, someone, role="worker", **overrides):
    return client.post("/employments", json={"name": someone["name"], "id_number": someone["id_number"],
                                             "role": role, **overrides})


def hired(client, someone, worker, role="worker"):
    """A relation the person has confirmed."""
    response = ask(client, someone, role)
    assert response.status_code == 201, response.text
    confirmed = worker(someone).post(f"/me/employments/{response.json()['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    return confirmed.json()


def test_a_worker_confirms_then_resigns_and_the_second_employer_hires_them(hr7, hr8, person, worker, api, registry):
    someone = person("聘用端到端甲")
    response = ask(hr7, someone)
    assert response.status_code == 201, response.text
    relation = response.json()
    assert (relation["state"], relation["actions"]) == ("pending", ["withdraw"])
    assert relation["activation"]["code"] and "/m/activate?code=" in relation["activation"]["activation_url"]
    assert relation["enterprise_name"] == registry["enterprise_7"]["name"]
    assert relation["id_number_masked"] == f"{someone['id_number'][:3]}*****{someone['id_number'][-3:]}"
    assert someone["id_number"] not in response.text

    mobile = worker(someone)
    (mine,) = mobile.get("/me/employments").json()
    assert (mine["id"], mine["actions"]) == (relation["id"], ["confirm", "decline"])
    assert mobile.post(f"/me/employments/{relation['id']}/confirm").json()["state"] == "employed"

    refused = ask(hr8, someone)
    assert refused.status_code == 409
    assert refused.json()["error"] == "EMPLOYED_ELSEWHERE"
    assert refused.json()["message"] == (f"该人员在{registry['enterprise_7']['name']}尚未离职，请先在原单位申请离职，"
                                         "原单位同意后方可聘用")

    no_reason = mobile.post(f"/me/employments/{relation['id']}/resign", json={})
    assert (no_reason.status_code, no_reason.json()["fields"]) == (422, {"reason": "请填写原因"})
    assert mobile.post(f"/me/employments/{relation['id']}/resign", json={"reason": "回老家"}).status_code == 200
    waiting = hr7.get("/employments", params={"state": "resignation_requested", "name": "聘用端到端甲"}).json()
    assert [(item["id"], item["actions"]) for item in waiting["items"]] == [
        (relation["id"], ["approve_resignation", "refuse_resignation"])]
    ended = hr7.post(f"/employments/{relation['id']}/resignation/approve")
    assert (ended.json()["state"], ended.json()["end_reason"]) == ("ended", "resigned")

    second = ask(hr8, someone)
    assert second.status_code == 201, second.text
    mobile.post(f"/me/employments/{second.json()['id']}/confirm")
    history = api("site_3").get(f"/persons/{someone['id']}/employments").json()
    assert [(h["enterprise_name"], h["end_reason"]) for h in history] == [
        (registry["enterprise_8"]["name"], None), (registry["enterprise_7"]["name"], "resigned")]
    steps = hr7.get(f"/employments/{relation['id']}/steps").json()
    assert [s["action"] for s in steps] == ["request", "confirm", "request_resignation", "approve_resignation"]


def test_a_refused_resignation_keeps_the_worker_and_needs_a_reason(hr7, person, worker):
    someone = person("聘用端到端乙")
    relation = hired(hr7, someone, worker)
    worker(someone).post(f"/me/employments/{relation['id']}/resign", json={"reason": "想换工作"})
    refused = hr7.post(f"/employments/{relation['id']}/resignation/refuse", json={"reason": " "})
    assert (refused.status_code, refused.json()["error"]) == (422, "REASON_REQUIRED")
    kept = hr7.post(f"/employments/{relation['id']}/resignation/refuse", json={"reason": "合同未到期"})
    assert (kept.json()["state"], kept.json()["reason"]) == ("employed", "合同未到期")


@pytest.mark.parametrize(("language", "message", "field"), [
    ("zh-CN", "姓名与实名信息不一致，请核对姓名（姓名：与实名信息中的姓名不一致）", "与实名信息中的姓名不一致"),
    ("en", "The name does not match the real-name record; check it. (Name: Not the name on the real-name record)",
     "Not the name on the real-name record"),
])
def test_the_name_must_be_the_records(api, person, language, message, field):
    someone = person("聘用端到端丙")
    response = ask(api("enterprise_7", language=language), someone, name="聘用端到端丁")
    assert response.status_code == 422
    assert response.json() == {"error": "NAME_MISMATCH", "message": message, "fields": {"name": field}}


def test_a_number_without_a_record_is_sent_to_the_real_name_registration(hr7):
    response = ask(hr7, {"name": "无记录", "id_number": resident_id_number(rng)})
    assert (response.status_code, response.json()["error"]) == (404, "PERSON_NOT_REGISTERED")
    assert response.json()["message"].startswith("该人员尚未实名登记，请先进行实名登记")


def test_a_request_is_withdrawn_once_and_only_by_its_employer(hr7, hr8, person, worker):
    someone = person("聘用端到端撤回")
    relation = ask(hr7, someone).json()
    assert ask(hr7, someone).json()["error"] == "EMPLOYMENT_ALREADY_REQUESTED"
    assert hr8.post(f"/employments/{relation['id']}/withdraw").status_code == 404
    assert worker(someone).post(f"/employments/{relation['id']}/withdraw").status_code == 403
    assert hr7.post(f"/employments/{relation['id']}/withdraw").json()["state"] == "withdrawn"
    again = hr7.post(f"/employments/{relation['id']}/withdraw")
    assert (again.status_code, again.json()["error"]) == (409, "EMPLOYMENT_ACTION_NOT_ALLOWED")
    assert worker(someone).post(f"/me/employments/{relation['id']}/confirm").status_code == 409


def test_of_two_employers_hiring_one_person_at_once_exactly_one_employs_them(hr7, hr8, person, worker):
    someone = person("聘用端到端并发")
    with ThreadPoolExecutor(2) as pool:
        requested = list(pool.map(lambda client: ask(client, someone), [hr7, hr8]))
    assert [r.status_code for r in requested] == [201, 201]
    phones = [worker(someone), worker(someone)]  # two taps on two devices at once
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda pair: pair[0].post(f"/me/employments/{pair[1].json()['id']}/confirm"),
                                zip(phones, requested, strict=True)))
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert [a.json()["error"] for a in answers if a.status_code == 409] == ["EMPLOYED_ELSEWHERE"]
    states = sorted(item["state"] for item in phones[0].get("/me/employments").json())
    assert states == ["employed", "pending"]


def test_a_manager_on_a_site_is_dismissed_only_after_exiting(api, hr7, person, worker, registry):
    someone = person("聘用端到端管理员")
    relation = hired(hr7, someone, worker, role="manager")
    site = api("site_3")
    entry = site.post("/entries", json={"employer_id": registry["enterprise_7"]["id"], "trade": "020",
                                        "id_number": someone["id_number"], "education": "71", "entry_date": TODAY})
    assert entry.status_code == 201, entry.text
    refused = hr7.post(f"/employments/{relation['id']}/dismiss", json={"reason": "岗位调整"})
    assert (refused.status_code, refused.json()["error"]) == (409, "MANAGER_STILL_ON_SITE")
    assert refused.json()["projects"] == [{"project_id": registry["site_3"]["id"], "project_name": "测试项目三"}]
    assert refused.json()["message"] == "该管理员尚未从以下项目退场：测试项目三，请先办理退场"
    assert hr7.post(f"/employments/{relation['id']}/transfer-out", json={}).json()["error"] == "MANAGER_STILL_ON_SITE"
    exited = site.post("/entries/exit", json={"entry_ids": [entry.json()["id"]], "exit_date": TODAY,
                                              "evaluation": "good"})
    assert exited.status_code == 200, exited.text
    dismissed = hr7.post(f"/employments/{relation['id']}/dismiss", json={"reason": "岗位调整"})
    assert dismissed.json()["state"] == "dismissal_requested"
    ended = worker(someone).post(f"/me/employments/{relation['id']}/dismissal/agree")
    assert (ended.json()["state"], ended.json()["end_reason"]) == ("ended", "dismissed")


def test_a_manager_registered_elsewhere_needs_the_transfer_out_first(hr7, hr8, person, worker, registry):
    someone = person("聘用端到端迁出")
    relation = hired(hr7, someone, worker, role="manager")
    refused = ask(hr8, someone, role="manager")
    assert (refused.status_code, refused.json()["error"]) == (409, "MANAGER_REGISTERED_ELSEWHERE")
    assert registry["enterprise_7"]["name"] in refused.json()["message"]
    moved = hr7.post(f"/employments/{relation['id']}/transfer-out", json={"reason": "调往八公司"})
    assert (moved.json()["state"], moved.json()["end_reason"]) == ("ended", "transferred_out")
    assert ask(hr8, someone, role="manager").status_code == 201


def test_the_employer_picks_from_its_confirmed_employees(hr7, person, worker):
    someone, waiting = person("聘用端到端在职"), person("聘用端到端待定")
    hired(hr7, someone, worker)
    ask(hr7, waiting)
    found = hr7.get("/employees", params={"name": "聘用端到端"}).json()
    names = [item["person_name"] for item in found["items"]]
    assert "聘用端到端在职" in names and "聘用端到端待定" not in names


def test_a_fresh_activation_code_is_for_a_pending_relation_only(hr7, person, worker):
    someone = person("聘用端到端激活")
    relation = ask(hr7, someone).json()
    renewed = hr7.post(f"/employments/{relation['id']}/activation")
    assert (renewed.status_code, renewed.json()["id"]) == (200, relation["id"])
    assert renewed.json()["activation"]["code"] != relation["activation"]["code"]  # a new code replaces the old
    worker(someone).post(f"/me/employments/{relation['id']}/confirm")
    refused = hr7.post(f"/employments/{relation['id']}/activation")
    assert (refused.status_code, refused.json()["error"]) == (409, "EMPLOYMENT_ACTION_NOT_ALLOWED")
