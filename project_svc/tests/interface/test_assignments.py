"""人员分配 and 分配人员确认: project_svc with employment_svc (and identity_svc for ID fragments) in real containers
on real databases.

The project's participants and contract sections, and the employers' relations, are written straight into the
services' tables: here they are the starting point, not the subject.
"""

import random

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import credit_code
from devtools.testing import eventually
from employment_svc.models import EmploymentRelation, Team, WorkerProfile
from project_svc.models import ContractSection, Participant

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(9201)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def world(database_url, run_service, rpc_as, subscribe):
    employment_url, project_url = database_url("employment_svc"), database_url("project_svc")
    run_service("employment_svc", employment_url)
    run_service("project_svc", project_url)
    run_service("identity_svc")
    events = subscribe("project_svc")
    admin = rpc_as(AUTHORITY)
    units = {key: admin.employment_svc.register_enterprise(
        {"name": name, "credit_code": credit_code(rng), "unit_type": kind}) for key, name, kind in (
        ("gc", "总包建工", "general_contractor"), ("specialty", "专业装饰", "specialty_contractor"),
        ("labour", "申江劳务", "labour_subcontractor"), ("stranger", "别家劳务", "labour_subcontractor"))}
    project = admin.project_svc.create_project({
        "registration_number": f"3109QX{rng.randrange(10**4):04d}", "name": "滨江地块综合开发",
        "general_contractor_id": units["gc"]["id"]})
    employment, projects = create_engine(employment_url), create_engine(project_url)

    def participant(key, role, above=None, section_state="in_force", project_id=None):
        with Session(projects) as session:
            # a project's registration makes its general contractor a participant already
            row = session.scalar(select(Participant).where(
                Participant.project_id == (project_id or project["id"]), Participant.enterprise_id == units[key]["id"],
                Participant.role == role))
            if row is None:
                row = Participant(project_id=project_id or project["id"], enterprise_id=units[key]["id"],
                                  enterprise_name=units[key]["name"], credit_code=units[key]["credit_code"],
                                  role=role, contracted_by_id=above)
                session.add(row)
                session.flush()
            if section_state:
                session.add(ContractSection(project_id=row.project_id, participant_id=row.id,
                                            report_number=f"W{rng.randrange(10**12)}", section_number="C01",
                                            name="幕墙专业工程", category="specialty_subcontract",
                                            state=section_state))
            session.commit()
            return row.id

    def employee(name, key="labour", state="employed", team=None):
        with Session(employment) as session:
            relation = EmploymentRelation(
                enterprise_id=units[key]["id"], person_id=rng.randrange(1, 10**8), person_name=name, id_type="01",
                id_number_masked="410*****386", role="worker", state=state, requested_by="test")
            session.add(relation)
            session.flush()
            team_id = None
            if team:
                team_id = session.scalar(select(Team.id).where(Team.enterprise_id == units[key]["id"],
                                                               Team.name == team))
                if team_id is None:
                    found = Team(enterprise_id=units[key]["id"], name=team, kind="workers", created_by="test")
                    session.add(found)
                    session.flush()
                    team_id = found.id
            session.add(WorkerProfile(relation_id=relation.id, enterprise_id=units[key]["id"],
                                      person_id=relation.person_id, trade="190", phone_masked="137****5816",
                                      team_id=team_id, is_safety_officer=False, is_temporary=False,
                                      updated_by="test"))
            session.commit()
            return relation.person_id

    gc = participant("gc", "general_contractor")
    specialty = participant("specialty", "specialty_contractor", above=gc)
    participant("labour", "labour_subcontractor", above=specialty)

    def as_unit(key):
        return rpc_as(Caller("enterprise", key, enterprise_id=units[key]["id"])).project_svc

    yield {"project": project, "units": units, "participant": participant, "employee": employee, "as": as_unit,
           "events": events, "projects": projects}
    employment.dispose()
    projects.dispose()


def published(events, event_type, count=1):
    def seen():
        found = [e for e in events.wait_for(1) if e["event_type"] == event_type]
        assert len(found) >= count, f"{len(found)} {event_type} yet"
        return found

    return eventually(seen)


def test_a_labour_subcontractor_assigns_its_people_and_the_specialty_contractor_confirms_them(world):
    labour, specialty, project = world["as"]("labour"), world["as"]("specialty"), world["project"]
    xu = world["employee"]("郝长青", team="郝长青班组")
    chen = world["employee"]("谭书远", team="砌筑二班组")
    offered = labour.projects_for_assignment({"q": "滨江"})
    assert [item["id"] for item in offered["items"]] == [project["id"]]
    assert offered["items"][0]["assigned_count"] == 0

    done = labour.assign_people(project["id"], {"people": [
        {"person_id": xu, "role": "worker", "lodging_on_site": True},
        {"person_id": chen, "role": "manager", "position": "safety_officer"}]})
    assert done["assigned"] == 2
    first = done["items"][0]
    assert (first["state"], first["team_name"], first["trade"], first["lodging_on_site"]) == (
        "pending", "郝长青班组", "190", True)
    assert first["confirming_enterprise_id"] == world["units"]["specialty"]["id"]
    assigned = published(world["events"], "person_assigned", 2)
    payload = next(e["data"] for e in assigned if e["data"]["person_id"] == xu)
    assert payload["enterprise_name"] == "申江劳务" and payload["id_number_masked"] == "410*****386"
    assert payload["position"] is None and payload["confirming_enterprise_id"] == world["units"]["specialty"]["id"]

    waiting = specialty.confirmations({"name": "郝"})
    assert [item["person_name"] for item in waiting["items"]] == ["郝长青"]
    ids = [item["id"] for item in done["items"]]
    decided = specialty.decide_assignments({"ids": [ids[0]], "decision": "confirm"})
    assert decided["items"][0]["state"] == "confirmed"
    specialty.decide_assignments({"ids": [ids[1]], "decision": "reject", "reason": "证书不符"})
    processed = specialty.confirmations({"processed": True})
    assert {item["person_name"]: item["state"] for item in processed["items"]} == {"郝长青": "confirmed",
                                                                                   "谭书远": "rejected"}
    confirmed = published(world["events"], "assignment_confirmed")[0]["data"]
    assert (confirmed["assignment_id"], confirmed["team_name"]) == (ids[0], "郝长青班组")
    assert published(world["events"], "assignment_rejected")[0]["data"]["reason"] == "证书不符"
    assert labour.projects_for_assignment({})["items"][0]["confirmed_count"] == 1


def test_only_the_unit_above_confirms_and_a_subcontractor_sees_only_its_own(world):
    labour, project = world["as"]("labour"), world["project"]
    person = world["employee"]("祁立新")
    assignment = labour.assign_people(project["id"], {"people": [{"person_id": person}]})["items"][0]
    refused = refusal(lambda: world["as"]("gc").decide_assignments({"ids": [assignment["id"]],
                                                                    "decision": "confirm"}))
    assert refused["code"] == "NOT_CONFIRMING_UNIT" and refused["fields"] == {"ids.0": "NOT_CONFIRMING_UNIT"}
    assert world["as"]("gc").confirmations({})["total"] == 0
    assert world["as"]("specialty").list_assignments({})["total"] == 0
    assert labour.list_assignments({"project_id": project["id"]})["total"] == 1
    refused = refusal(lambda: labour.decide_assignments({"ids": [assignment["id"]], "decision": "confirm"}))
    assert refused["code"] == "NOT_CONFIRMING_UNIT"


def test_the_general_contractors_own_people_are_confirmed_at_once(world):
    gc, project = world["as"]("gc"), world["project"]
    person = world["employee"]("温立章", key="gc")
    assignment = gc.assign_people(project["id"], {"people": [{"person_id": person}]})["items"][0]
    assert (assignment["state"], assignment["confirming_enterprise_id"]) == ("confirmed", None)
    assert published(world["events"], "assignment_confirmed")[0]["data"]["person_id"] == person


def test_a_batch_is_refused_whole_naming_every_refused_person(world):
    labour, project = world["as"]("labour"), world["project"]
    here = world["employee"]("在职甲")
    on_site = world["employee"]("在职乙")
    gone = world["employee"]("离职丙", state="ended")
    elsewhere = world["employee"]("别家丁", key="stranger")
    labour.assign_people(project["id"], {"people": [{"person_id": on_site}]})
    refused = refusal(lambda: labour.assign_people(project["id"], {"people": [
        {"person_id": here}, {"person_id": on_site}, {"person_id": gone}, {"person_id": elsewhere}]}))
    assert refused["code"] == "NOT_EMPLOYED_HERE"
    assert refused["fields"] == {"people.1.person_id": "ALREADY_ASSIGNED", "people.2.person_id": "NOT_EMPLOYED_HERE",
                                 "people.3.person_id": "NOT_EMPLOYED_HERE"}
    assert labour.list_assignments({})["total"] == 1
    refused = refusal(lambda: labour.assign_people(project["id"], {"people": [{"person_id": on_site}]}))
    assert refused["code"] == "ALREADY_ASSIGNED"
    refused = refusal(lambda: labour.assign_people(project["id"], {"people": [
        {"person_id": here, "role": "manager"}, {"person_id": here}]}))
    assert refused["fields"] == {"people.0.position": "REQUIRED", "people.1.person_id": "DUPLICATE"}


def test_an_enterprise_without_a_section_in_force_cannot_assign(world):
    stranger, project = world["as"]("stranger"), world["project"]
    person = world["employee"]("别家戊", key="stranger")
    refused = refusal(lambda: stranger.assign_people(project["id"], {"people": [{"person_id": person}]}))
    assert refused["code"] == "NO_CONTRACT_SECTION"
    world["participant"]("stranger", "labour_subcontractor", section_state="terminated")
    assert refusal(lambda: stranger.assign_people(project["id"], {"people": [{"person_id": person}]}))[
        "code"] == "NO_CONTRACT_SECTION"
    assert stranger.projects_for_assignment({})["total"] == 0


def test_candidates_are_grouped_by_team_without_those_on_the_project(world):
    labour, project = world["as"]("labour"), world["project"]
    a = world["employee"]("莫晓川", team="莫晓川班组")
    world["employee"]("柏永年", team="莫晓川班组")
    world["employee"]("贺启航")
    world["employee"]("离职者", state="ended", team="莫晓川班组")
    labour.assign_people(project["id"], {"people": [{"person_id": a}]})
    groups = labour.assignment_candidates(project["id"], {})
    assert [(group["team_name"], [m["person_name"] for m in group["members"]]) for group in groups] == [
        ("莫晓川班组", ["柏永年"]), (None, ["贺启航"])]
    assert [group["team_name"] for group in labour.assignment_candidates(project["id"], {"name": "贺"})] == [None]
    assert [m["person_name"] for g in labour.assignment_candidates(None, {}) for m in g["members"]] == [
        "柏永年", "贺启航"]


def test_the_employer_withdraws_a_person_and_an_ended_employment_ends_the_assignment(world, rpc_as):
    labour, project = world["as"]("labour"), world["project"]
    person = world["employee"]("退出甲")
    assignment = labour.assign_people(project["id"], {"people": [{"person_id": person}]})["items"][0]
    ended = labour.end_assignment(assignment["id"], "换岗")
    assert (ended["state"], ended["reason"]) == ("ended", "换岗")
    assert refusal(lambda: labour.end_assignment(assignment["id"]))["code"] == "ASSIGNMENT_NOT_OPEN"
    assert refusal(lambda: world["as"]("stranger").end_assignment(assignment["id"]))["code"] == \
        "ASSIGNMENT_NOT_FOUND"
    again = labour.assign_people(project["id"], {"people": [{"person_id": person}]})["items"][0]
    assert again["state"] == "pending"

    leaving = world["employee"]("离职申请中", state="resignation_requested")
    kept = labour.assign_people(project["id"], {"people": [{"person_id": leaving}]})["items"][0]
    employer = rpc_as(Caller("enterprise", "labour", enterprise_id=world["units"]["labour"]["id"]))
    relation_id = employer.employment_svc.current_employees(world["units"]["labour"]["id"], [leaving])[0][
        "relation_id"]
    employer.employment_svc.decide_resignation(relation_id, True)

    def withdrawn():
        found = labour.list_assignments({"name": "离职申请中"})["items"][0]
        assert found["state"] == "ended"
        return found

    assert (eventually(withdrawn)["id"], withdrawn()["reason"]) == (kept["id"], "employment_ended")
    ended = [e["data"] for e in published(world["events"], "assignment_ended", 2)]
    assert {e["assignment_id"] for e in ended} == {assignment["id"], kept["id"]}


def test_site_users_assign_and_confirm_for_their_unit_on_their_project_only(world, rpc_as):
    project, units = world["project"], world["units"]
    labour_site = rpc_as(Caller("site", "xc_labour", enterprise_id=units["labour"]["id"],
                                project_id=project["id"])).project_svc
    specialty_site = rpc_as(Caller("site", "xc_specialty", enterprise_id=units["specialty"]["id"],
                                   project_id=project["id"])).project_svc
    # a site account without a unit is the general contractor's (the 项目负责人 account of before)
    general_site = rpc_as(Caller("site", "xiangmu", project_id=project["id"])).project_svc
    worker = world["employee"]("现场甲")
    assignment = labour_site.assign_people(project["id"], {"people": [{"person_id": worker}]})["items"][0]
    assert specialty_site.confirmations({})["total"] == 1
    assert specialty_site.decide_assignments({"ids": [assignment["id"]], "decision": "confirm"})["decided"] == 1
    own = world["employee"]("总包甲", key="gc")
    assert general_site.assign_people(project["id"], {"people": [{"person_id": own}]})["items"][0]["state"] == \
        "confirmed"

    other = rpc_as(AUTHORITY).project_svc.create_project({
        "registration_number": f"2602HK{rng.randrange(10**4):04d}", "name": "另一项目",
        "general_contractor_id": units["gc"]["id"]})
    world["participant"]("labour", "labour_subcontractor", project_id=other["id"])
    assert refusal(lambda: labour_site.assign_people(other["id"], {"people": [{"person_id": worker}]}))[
        "code"] == "FORBIDDEN"
    assert [p["id"] for p in labour_site.projects_for_assignment({})["items"]] == [project["id"]]
    # the enterprise itself assigns to both, and one person may be on several projects
    assert world["as"]("labour").assign_people(other["id"], {"people": [{"person_id": worker}]})["assigned"] == 1
    assert world["as"]("labour").projects_for_assignment({})["total"] == 2


def test_employment_svc_tells_an_employer_only_of_its_own_staff(world, rpc_as):
    units = world["units"]
    person = world["employee"]("本单位甲", team="甲班")
    world["employee"]("离职乙", state="ended")
    labour = rpc_as(Caller("enterprise", "labour", enterprise_id=units["labour"]["id"])).employment_svc
    found = labour.current_employees(units["labour"]["id"])
    assert [(e["person_name"], e["team_name"], e["trade"]) for e in found] == [("本单位甲", "甲班", "190")]
    assert labour.current_employees(units["labour"]["id"], [person, 1]) == found
    assert labour.current_employees(units["labour"]["id"], name="乙") == []
    assert refusal(lambda: labour.current_employees(units["gc"]["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(Caller("site", "xc", enterprise_id=units["gc"]["id"], project_id=1))
                   .employment_svc.current_employees(units["labour"]["id"]))["code"] == "FORBIDDEN"
