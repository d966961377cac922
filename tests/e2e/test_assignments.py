"""人员分配 and 分配人员确认 through the gateway: a labour subcontractor under a specialty contractor under the
general contractor assigns its people both ways (site first, people first); the specialty contractor confirms
one and rejects one; the general contractor cannot confirm the labour subcontractor's; the refusals.

The project's participants and contract sections are written by devtools.assignment_chain (the declaration
work's entrypoints for them are not in this branch)."""

import random

import pytest

from devtools.assignment_chain import AssignmentChain
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
rng = random.Random(9202)


@pytest.fixture(scope="module")
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


def test_an_assignment_goes_to_the_unit_above_which_confirms_one_and_rejects_one(api, chain):
    labour, specialty = api(chain.username("labour")), api(chain.username("specialty", site=True))
    project_id = chain.project["id"]
    xu = chain.employee("郝长青", team="郝长青班组")
    chen = chain.employee("谭书远", team="砌筑二班组")

    # 方式一 site first: the project, its people by team, 添加 → 确认分配
    projects = labour.get("/assignment-projects", params={"q": chain.project["registration_number"]}).json()
    assert [p["id"] for p in projects["items"]] == [project_id]
    teams = labour.get("/assignment-candidates", params={"project_id": project_id, "name": "郝"}).json()
    assert [(t["team_name"], [m["person_name"] for m in t["members"]]) for t in teams] == [("郝长青班组", ["郝长青"])]
    response = labour.post("/assignments", json={"project_id": project_id, "people": [
        {"person_id": xu, "role": "worker", "lodging_on_site": True}]})
    assert response.status_code == 201, response.text
    xu_assignment = response.json()["items"][0]
    assert (xu_assignment["state"], xu_assignment["team_name"]) == ("pending", "郝长青班组")

    # 方式二 people first: 待分配人员 → 分配 → project and role → 保存信息
    waiting = labour.get("/assignment-candidates").json()
    assert "谭书远" in [m["person_name"] for t in waiting for m in t["members"]]
    assert "郝长青" not in [m["person_name"] for t in waiting for m in t["members"]]
    response = labour.post("/assignments", json={"project_id": project_id, "people": [
        {"person_id": chen, "role": "manager", "position": "safety_officer"}]})
    assert response.status_code == 201, response.text
    chen_assignment = response.json()["items"][0]

    listed = specialty.get("/assignment-confirmations", params={"enterprise_name": "申江"}).json()
    assert {item["person_name"] for item in listed["items"]} == {"郝长青", "谭书远"}
    assert listed["items"][0]["phone_masked"] == "137****5816"

    general = api(chain.username("gc"))
    refused = general.post("/assignment-confirmations", json={"ids": [xu_assignment["id"]], "decision": "confirm"})
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"] == "NOT_CONFIRMING_UNIT"
    assert refused.json()["fields"] == {"ids.0": "不是本单位分包单位分配的人员"}

    response = specialty.post("/assignment-confirmations", json={"ids": [xu_assignment["id"]], "decision": "confirm"})
    assert response.status_code == 200, response.text
    assert response.json()["items"][0]["state"] == "confirmed"
    without_reason = specialty.post("/assignment-confirmations", json={"ids": [chen_assignment["id"]],
                                                                        "decision": "reject"})
    assert without_reason.status_code == 422 and "reason" in without_reason.json()["fields"]
    response = specialty.post("/assignment-confirmations", json={"ids": [chen_assignment["id"]],
                                                                 "decision": "reject", "reason": "证书不符"})
    assert response.status_code == 200, response.text
    again = specialty.post("/assignment-confirmations", json={"ids": [chen_assignment["id"]], "decision": "confirm"})
    assert again.status_code == 409 and again.json()["error"] == "ASSIGNMENT_NOT_PENDING"

    processed = specialty.get("/assignment-confirmations", params={"processed": "true"}).json()
    assert {i["person_name"]: (i["state"], i["reason"]) for i in processed["items"]} == {
        "郝长青": ("confirmed", None), "谭书远": ("rejected", "证书不符")}
    mine = labour.get("/assignments", params={"project_id": project_id}).json()
    assert {i["person_name"]: i["state"] for i in mine["items"]} == {"郝长青": "confirmed", "谭书远": "rejected"}
    # a subcontractor sees only its own assignments; the specialty contractor assigned none
    assert api(chain.username("specialty")).get("/assignments").json()["total"] == 0
    counts = labour.get("/assignment-projects").json()["items"][0]
    assert (counts["assigned_count"], counts["confirmed_count"]) == (1, 1)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_refusals_name_every_refused_person(api, chain, language):
    labour = api(chain.username("labour"), language)
    project_id = chain.project["id"]
    here = chain.employee("在职甲")
    gone = chain.employee("离职乙", state="ended")
    elsewhere = chain.employee("别家丙", key="stranger")
    assert labour.post("/assignments", json={"project_id": project_id,
                                             "people": [{"person_id": here}]}).status_code == 201
    response = labour.post("/assignments", json={"project_id": project_id, "people": [
        {"person_id": here}, {"person_id": gone}, {"person_id": elsewhere}]})
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "NOT_EMPLOYED_HERE"
    assert set(body["fields"]) == {"people.0.person_id", "people.1.person_id", "people.2.person_id"}
    assert body["refused"][0] == {"person_id": here, "code": "ALREADY_ASSIGNED"}
    if language == "en":
        assert body["fields"]["people.0.person_id"] == "Already assigned to this project"
    else:
        assert body["fields"]["people.1.person_id"] == "不是本单位在职人员"
    response = labour.post("/assignments", json={"project_id": project_id, "people": [{"person_id": here}]})
    assert (response.status_code, response.json()["error"]) == (409, "ALREADY_ASSIGNED")


def test_an_enterprise_without_a_contract_section_cannot_assign(api, chain):
    stranger = api(chain.username("stranger"))
    person = chain.employee("别家丁", key="stranger")
    response = stranger.post("/assignments", json={"project_id": chain.project["id"],
                                                   "people": [{"person_id": person}]})
    assert (response.status_code, response.json()["error"]) == (409, "NO_CONTRACT_SECTION")
    assert stranger.get("/assignment-projects").json()["total"] == 0
    candidates = stranger.get("/assignment-candidates", params={"project_id": chain.project["id"]})
    assert candidates.status_code == 409


def test_the_employer_withdraws_a_person_from_the_project(api, chain):
    labour = api(chain.username("labour", site=True))
    person = chain.employee("退出甲")
    assigned = labour.post("/assignments", json={"project_id": chain.project["id"],
                                                 "people": [{"person_id": person}]}).json()["items"][0]
    response = labour.post(f"/assignments/{assigned['id']}/end", json={"reason": "换岗"})
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "ended"
    again = labour.post(f"/assignments/{assigned['id']}/end", json={})
    assert (again.status_code, again.json()["error"]) == (409, "ASSIGNMENT_NOT_OPEN")


def test_a_thousand_people_are_assigned_and_confirmed_in_one_request_each(api, chain):
    labour, specialty = api(chain.username("labour")), api(chain.username("specialty"))
    people = [chain.employee(f"批量{index:04d}", team="批量班组") for index in range(1_000)]
    response = labour.post("/assignments", json={"project_id": chain.project["id"], "people": [
        {"person_id": person} for person in people]})
    assert response.status_code == 201, response.text[:500]
    ids = [item["id"] for item in response.json()["items"]]
    response = specialty.post("/assignment-confirmations", json={"ids": ids, "decision": "confirm"})
    assert response.status_code == 200, response.text[:500]
    assert response.json()["decided"] == 1_000
    # how long each takes is bin/bench's to measure, not a test's
