"""项目人员绑定 and its review through the gateway (manual 004 §5): the site takes the faces of the confirmed people
before they enter (人脸采集, manual 004 §6), the labour subcontractor submits them (是否人脸认证 is identity_svc's
answer: no face, FACE_NOT_VERIFIED), the project's 实施单位 rejects one with a reason, the subcontractor resubmits
it, the 实施单位 approves in a batch; on a project requiring binding review the gate refuses entry
(BINDING_NOT_APPROVED) until the approval.

The project's units and sections are written by devtools.assignment_chain; the 实施单位 is written as a participant
of the project the same way (its declaration entrypoints are not this test's subject)."""

import base64
import datetime as dt
import random

import pytest
from sqlalchemy.orm import Session

from chassis import days
from devtools.assignment_chain import AssignmentChain
from devtools.gate import sample_photos
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from project_svc.models import Participant
from siteaccess_svc.codes import CodeSigner
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
rng = random.Random(9602)
TODAY = days.today()


@pytest.fixture(scope="module")
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    implementing = made.units["stranger"]  # an enterprise of the chain with no place yet: the 实施单位
    with Session(made.projects) as session:
        session.add(Participant(project_id=made.project["id"], enterprise_id=implementing["id"],
                                enterprise_name=implementing["name"], credit_code=implementing["credit_code"],
                                role="implementing_unit"))
        session.commit()
    yield made
    made.close()


def assigned_and_confirmed(api, chain, names):
    """People of the labour subcontractor registered (by itself: not the site's to see until assigned), assigned
    and confirmed by the unit above: {name: person}."""
    labour = api(chain.username("labour"))
    people = {}
    for name in names:
        number = resident_id_number(rng)
        response = labour.post("/persons", json={"id_type": "01", "id_number": number, "name": name,
                                                 "ethnicity": "01"})
        assert response.status_code == 201, response.text
        person = {**response.json()["person"], "id_number": number}
        chain.employee(name, person_id=person["id"])
        people[name] = person
    response = labour.post("/assignments", json={"project_id": chain.project["id"], "people": [
        {"person_id": person["id"]} for person in people.values()]})
    assert response.status_code == 201, response.text
    ids = [item["id"] for item in response.json()["items"]]
    response = api(chain.username("specialty")).post("/assignment-confirmations",
                                                     json={"ids": ids, "decision": "confirm"})
    assert response.status_code == 200, response.text
    for item in response.json()["items"]:
        people[item["person_name"]]["assignment_id"] = item["id"]
    return people


def test_submit_reject_resubmit_approve_and_the_gate(api, chain):
    labour, implementing = api(chain.username("labour")), api(chain.username("stranger"))
    gate, authority = api(chain.username("gc", site=True)), api("authority")
    project_id = chain.project["id"]
    path = f"/projects/{project_id}/bindings"
    people = assigned_and_confirmed(api, chain, ["绑定甲", "绑定乙"])
    first, second = people["绑定甲"], people["绑定乙"]
    rules = authority.put(f"/projects/{project_id}/rules", json={"binding_review_required": True})
    assert rules.status_code == 200, rules.text

    listed = labour.get("/binding-projects", params={"q": chain.project["registration_number"]}).json()["items"]
    assert [(p["id"], p["worker_count"], p["draft_count"]) for p in listed] == [(project_id, 2, 2)]
    refused = labour.post(path, json={"people": [{"assignment_id": first["assignment_id"]}]})
    assert (refused.status_code, refused.json()["error"]) == (409, "FACE_NOT_VERIFIED")
    assert set(refused.json()["fields"]) == {"people.0.face_verified"}
    stated = labour.post(path, json={"people": [{"assignment_id": first["assignment_id"], "face_verified": True}]})
    assert stated.status_code == 422, stated.text  # the unit's word is not asked

    # 人脸采集 before entry: the confirmed people are listed awaiting entry, and their faces taken
    faces = gate.get(f"/projects/{project_id}/faces", params={"stage": "awaiting_entry"}).json()["items"]
    assert {(row["name"], row["enrolled"]) for row in faces} == {("绑定甲", False), ("绑定乙", False)}
    photo = base64.b64encode(sample_photos()["worker"]).decode()
    for person in (first, second):
        enrolled = gate.post(f"/projects/{project_id}/people/{person['id']}/face", json={"image": photo})
        assert enrolled.status_code == 201, enrolled.text
    stranger = gate.post(f"/projects/{project_id}/people/{first['id'] + 10**6}/face", json={"image": photo})
    assert (stranger.status_code, stranger.json()["error"]) == (404, "PERSON_NOT_ON_PROJECT")
    listed = labour.get(path, params={"role": "worker"}).json()["items"]
    assert {(item["person_name"], item["face_verified"]) for item in listed} == {("绑定甲", True), ("绑定乙", True)}
    response = labour.post(path, json={"people": [{"assignment_id": person["assignment_id"]}
                                                  for person in (first, second)]})
    assert response.status_code == 200, response.text
    assert response.json()["submitted"] == 2

    # the gate: review required, not approved yet. It learns the rule from project_svc's events: until it reads
    # the person's code as needing the review, an entry could still pass (and would spoil what follows)
    def gate_knows_the_rule():
        code = CodeSigner.from_environment().issue(first["id"], dt.datetime.now(dt.UTC))["token"]
        summary = gate.post("/codes/read", json={"code": code}).json()
        assert summary.get("binding_review_required") is True, summary

    eventually(gate_knows_the_rule, timeout=30)
    entry = {"id_type": "01", "id_number": first["id_number"], "employer_id": chain.units["labour"]["id"],
             "trade": "020", "education": "71", "entry_date": str(TODAY)}

    def refused_at_the_gate():
        response = gate.post("/entries", json=entry)
        assert (response.status_code, response.json()["error"]) == (409, "BINDING_NOT_APPROVED"), response.text
        return response.json()

    assert "实施单位" in eventually(refused_at_the_gate)["message"]

    # the 实施单位: its project with the four counts, the list behind a count, reject with a reason
    review = implementing.get("/binding-reviews").json()["items"]
    assert [(p["id"], p["pending_review_count"], p["approved_count"]) for p in review] == [(project_id, 2, 0)]
    waiting = implementing.get(path, params={"state": "pending_review"}).json()["items"]
    bindings = {item["person_name"]: item["binding_id"] for item in waiting}
    assert set(bindings) == {"绑定甲", "绑定乙"} and all(item["face_verified"] for item in waiting)
    assert labour.post("/binding-reviews", json={"ids": [bindings["绑定甲"]], "decision": "approve"}).status_code \
        == 403
    rejected = implementing.post("/binding-reviews", json={"ids": [bindings["绑定甲"]], "decision": "reject",
                                                           "reason": "身份证照片不清"})
    assert rejected.status_code == 200, rejected.text
    sent_back = labour.get(path, params={"state": "rejected"}).json()["items"]
    assert [(item["person_name"], item["reason"]) for item in sent_back] == [("绑定甲", "身份证照片不清")]

    # corrected and resubmitted, then approved with the other in one batch
    response = labour.post(path, json={"people": [{"assignment_id": first["assignment_id"]}]})
    assert response.status_code == 200, response.text
    approved = implementing.post("/binding-reviews", json={"ids": list(bindings.values()), "decision": "approve"})
    assert approved.status_code == 200, approved.text
    assert {item["state"] for item in approved.json()["items"]} == {"approved"}
    again = implementing.post("/binding-reviews", json={"ids": [bindings["绑定甲"]], "decision": "approve"})
    assert (again.status_code, again.json()["error"], again.json()["fields"]) == (
        409, "BINDING_NOT_PENDING", {"ids.0": "不是待审核状态"})
    counts = implementing.get("/binding-reviews").json()["items"][0]
    assert (counts["pending_review_count"], counts["rejected_count"], counts["approved_count"]) == (0, 0, 2)

    def admitted():
        response = gate.post("/entries", json=entry)
        assert response.status_code == 201, response.text
        return response.json()

    assert eventually(admitted)["person_id"] == first["id"]
    faces = {row["name"]: (row["stage"], row["enrolled"])
             for row in gate.get(f"/projects/{project_id}/faces").json()["items"]}
    assert faces == {"绑定甲": ("on_site", True), "绑定乙": ("awaiting_entry", True)}


def test_refusals_speak_english_too(api, chain):
    implementing = api(chain.username("stranger"), "en")
    response = implementing.post("/binding-reviews", json={"ids": [10**9], "decision": "approve"})
    assert (response.status_code, response.json()["error"]) == (404, "BINDING_NOT_FOUND")
    response = implementing.post("/binding-reviews", json={"ids": [10**9], "decision": "reject"})
    assert response.status_code == 422 and "reason" in response.json()["fields"]
