"""项目人员绑定 and its review: project_svc in a real container on a real database. The project, its units and
their confirmed assignments are written straight into its tables: here they are the starting point."""

import random

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis.caller import SYSTEM_CALLER, Caller
from chassis.errors import parse_remote_error
from chassis.messaging import rpc
from devtools.testing import eventually
from project_svc.models import Assignment, Participant, Project

rng = random.Random(9601)


class FakeIdentity:
    """identity_svc's 是否人脸认证: the faces enrolled so far are ``FakeIdentity.enrolled``'s."""

    name = "identity_svc"
    enrolled = set()

    @rpc
    def faces_of(self, person_ids):
        return {str(person_id): {"enrolled": person_id in self.enrolled, "enrolled_at": None, "version": None}
                for person_id in person_ids}


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def world(database_url, run_service, run_container, bus_uri, rpc_as, subscribe):
    FakeIdentity.enrolled = set()
    run_container(FakeIdentity, {"AMQP_URI": bus_uri})
    url = database_url("project_svc")
    run_service("project_svc", url)
    events = subscribe("project_svc")
    engine = create_engine(url)
    ids = {"gc": rng.randrange(10**6, 10**7), "labour": rng.randrange(10**7, 10**8),
           "impl": rng.randrange(10**8, 10**9), "stranger": rng.randrange(10**9, 2 * 10**9)}
    with Session(engine) as session:
        project = Project(registration_number=f"2103HK{rng.randrange(10**6):06d}", name="江川路小区成套改造",
                          general_contractor_id=ids["gc"], general_contractor_name="总包建工", state="in_progress",
                          binding_review_required=True)
        session.add(project)
        session.flush()
        units = {}
        for key, role in (("gc", "general_contractor"), ("labour", "labour_subcontractor"),
                          ("impl", "implementing_unit")):
            units[key] = Participant(project_id=project.id, enterprise_id=ids[key], enterprise_name=f"{key}单位",
                                     credit_code="9" * 18, role=role)
            session.add(units[key])
        session.flush()
        people = []
        for index, (key, role, state) in enumerate((
                ("labour", "worker", "confirmed"), ("labour", "worker", "confirmed"),
                ("labour", "manager", "confirmed"),
                ("gc", "worker", "confirmed"), ("labour", "worker", "pending"))):
            row = Assignment(project_id=project.id, person_id=rng.randrange(1, 10**8), person_name=f"工人{index}",
                             id_type="01", id_number_masked="310*****123", enterprise_id=ids[key],
                             enterprise_name=f"{key}单位", participant_id=units[key].id, role=role,
                             position="safety_officer" if role == "manager" else None, state=state,
                             assigned_by="test")
            session.add(row)
            people.append(row)
        session.commit()
        project_id, assignment_ids = project.id, [row.id for row in people]
        person_ids = [row.person_id for row in people]
    yield {"project_id": project_id, "assignments": assignment_ids, "persons": person_ids, "events": events,
           "as": lambda key: rpc_as(Caller("enterprise", key, enterprise_id=ids[key])).project_svc,
           "authority": rpc_as(Caller("authority", "jianguan")).project_svc}
    engine.dispose()


def published(events, event_type, count=1):
    def seen():
        found = [e for e in events.wait_for(1) if e["event_type"] == event_type]
        assert len(found) >= count, f"{len(found)} {event_type} yet"
        return found

    return eventually(seen)


def counts(listing):
    return {key: value for key, value in listing["items"][0].items() if key.endswith("_count")}


def test_submit_reject_resubmit_approve(world):
    labour, impl, gc = world["as"]("labour"), world["as"]("impl"), world["as"]("gc")
    project_id, (w1, w2, m1, g1, pending) = world["project_id"], world["assignments"]
    assert counts(labour.binding_projects({})) == {
        "manager_count": 1, "worker_count": 2, "draft_count": 3, "pending_review_count": 0, "rejected_count": 0,
        "approved_count": 0}
    assert gc.binding_projects({})["items"][0]["worker_count"] == 3  # the general contractor sees every unit

    # the project requires review: 人脸识别 first, as identity_svc knows it, named per person; what the unit
    # states is not asked
    p1, p2, p3 = world["persons"][:3]
    FakeIdentity.enrolled.add(p1)
    refused = refusal(lambda: labour.submit_bindings(project_id, {"people": [
        {"assignment_id": w1}, {"assignment_id": w2, "face_verified": True}]}))
    assert refused["code"] == "FACE_NOT_VERIFIED"
    assert refused["fields"] == {"people.1.face_verified": "FACE_NOT_VERIFIED"}
    assert [(item["assignment_id"], item["face_verified"]) for item in sorted(
        labour.binding_people(project_id, {"role": "worker"})["items"], key=lambda item: item["assignment_id"])] \
        == [(w1, True), (w2, False)]
    refused = refusal(lambda: labour.submit_bindings(project_id, {"people": [
        {"assignment_id": g1}, {"assignment_id": pending}]}))
    assert refused["fields"] == {"people.0.assignment_id": "ASSIGNMENT_NOT_FOUND",
                                 "people.1.assignment_id": "ASSIGNMENT_NOT_CONFIRMED"}

    FakeIdentity.enrolled |= {p2, p3}  # 人脸采集 of the other two
    submitted = labour.submit_bindings(project_id, {"people": [
        {"assignment_id": assignment_id} for assignment_id in (w1, w2, m1)]})
    assert submitted["submitted"] == 3 and {item["state"] for item in submitted["items"]} == {"pending_review"}
    assert {item["face_verified"] for item in submitted["items"]} == {True}
    assert published(world["events"], "binding_submitted", 3)[0]["data"]["id_number_masked"] == "310*****123"
    refused = refusal(lambda: labour.submit_bindings(project_id, {"people": [{"assignment_id": w1}]}))
    assert refused["code"] == "BINDING_NOT_SUBMITTABLE"

    review = impl.binding_review_projects({})
    assert counts(review) == {"manager_count": 1, "worker_count": 3, "draft_count": 1, "pending_review_count": 3,
                              "rejected_count": 0, "approved_count": 0}
    waiting = impl.binding_people(project_id, {"state": "pending_review"})["items"]
    ids = {item["assignment_id"]: item["binding_id"] for item in waiting}
    assert refusal(lambda: labour.decide_bindings({"ids": [ids[w1]], "decision": "approve"}))["code"] \
        == "NOT_IMPLEMENTING_UNIT"
    assert refusal(lambda: impl.decide_bindings({"ids": [ids[w1]], "decision": "reject"}))["fields"] \
        == {"reason": "REASON_REQUIRED"}
    impl.decide_bindings({"ids": [ids[w1]], "decision": "reject", "reason": "身份证照片不清"})
    rejected = published(world["events"], "binding_rejected")[0]["data"]
    assert rejected["reason"] == "身份证照片不清" and rejected["state"] == "rejected"
    mine = labour.binding_people(project_id, {"state": "rejected"})["items"]
    assert [(item["assignment_id"], item["reason"]) for item in mine] == [(w1, "身份证照片不清")]

    labour.submit_bindings(project_id, {"people": [{"assignment_id": w1}]})
    decided = impl.decide_bindings({"ids": [ids[w1], ids[w2], ids[m1]], "decision": "approve"})
    assert decided["decided"] == 3 and {item["state"] for item in decided["items"]} == {"approved"}
    assert len(published(world["events"], "binding_approved", 3)) >= 3
    assert refusal(lambda: impl.decide_bindings({"ids": [ids[w1]], "decision": "approve"}))["fields"] \
        == {"ids.0": "BINDING_NOT_PENDING"}
    assert counts(impl.binding_review_projects({}))["approved_count"] == 3


def test_a_unit_outside_the_project_sees_nothing_of_it(world):
    stranger = world["as"]("stranger")
    assert stranger.binding_projects({})["total"] == 0
    assert stranger.binding_review_projects({})["total"] == 0
    assert refusal(lambda: stranger.binding_people(world["project_id"], {}))["code"] == "FORBIDDEN"


def test_the_project_qr_code_form_is_the_gateways_alone_and_offers_the_projects_units(world, rpc_as):
    labour, stranger = world["as"]("labour"), world["as"]("stranger")
    code = labour.join_code(world["project_id"])
    assert labour.join_code(world["project_id"])["token"] == code["token"]  # one code per project
    assert refusal(lambda: stranger.join_code(world["project_id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: labour.join_form(code["token"]))["code"] == "FORBIDDEN"
    form = rpc_as(SYSTEM_CALLER).project_svc.join_form(code["token"])
    assert [unit["enterprise_name"] for unit in form["units"]] == ["gc单位", "labour单位"]  # not the 实施单位
    assert refusal(lambda: rpc_as(SYSTEM_CALLER).project_svc.join_form("nope"))["code"] == "PROJECT_NOT_FOUND"
