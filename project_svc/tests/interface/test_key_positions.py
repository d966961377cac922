"""关键岗位: project_svc and identity_svc in real containers on real databases.

The project and its units (参建单位) are written straight into the service's tables: the participant RPCs are
built elsewhere, and here the units are the starting point, not the subject.
"""

import base64
import datetime as dt
import random

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually
from project_svc.models import Participant, Project

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(9401)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
CERTIFICATE = {"filename": "一级建造师.pdf", "content_base64": base64.b64encode(PDF).decode()}


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def world(database_url, run_service, rpc_as, subscribe):
    url = database_url("project_svc")
    run_service("project_svc", url)
    run_service("identity_svc")
    events = subscribe("project_svc")
    admin = rpc_as(AUTHORITY)
    engine = create_engine(url)
    with Session(engine) as session:
        project = Project(registration_number=f"KP{rng.randrange(10**8)}", name="关键岗位测试项目",
                          general_contractor_id=501, general_contractor_name="总包建设")
        session.add(project)
        session.flush()
        units = {}
        for enterprise_id, name, role in ((501, "总包建设", "general_contractor"), (502, "监理咨询", "supervisor"),
                                          (503, "劳务分包", "labour_subcontractor")):
            unit = Participant(project_id=project.id, enterprise_id=enterprise_id, enterprise_name=name,
                               credit_code=credit_code(rng), role=role)
            session.add(unit)
            session.flush()
            units[role] = unit.id
        session.commit()
        project_id = project.id

    def person(name):
        number = resident_id_number(rng)
        admin.identity_svc.register_person({"id_number": number, "name": name})
        return number

    yield {"admin": admin, "events": events, "project_id": project_id, "units": units, "person": person,
           "contractor": rpc_as(Caller("enterprise", "zongbao", enterprise_id=501)),
           "supervisor": rpc_as(Caller("enterprise", "jianli", enterprise_id=502)),
           "site": rpc_as(Caller("site", "xianchang", project_id=project_id, enterprise_id=501)),
           "elsewhere": rpc_as(Caller("site", "other", project_id=project_id + 1000))}
    engine.dispose()


def form(world, name, number, position="project_manager", unit="general_contractor", **overrides):
    return {"project_id": world["project_id"], "participant_id": world["units"][unit], "position": position,
            "name": name, "id_number": number, "phone": "13912345678", "certificate": CERTIFICATE, **overrides}


def published(events, event_type, count=1):
    def seen():
        found = [e for e in events.wait_for(1) if e["event_type"] == event_type]
        assert len(found) >= count, f"no {event_type} yet"
        return found

    return eventually(seen)


def position_of(required, unit_id, position):
    unit = next(u for u in required["units"] if u["participant_id"] == unit_id)
    return next(p for p in unit["positions"] if p["position"] == position)


def test_a_project_manager_is_registered_approved_and_exits_leaving_the_position_unregistered(world):
    contractor, admin, project_id = world["contractor"], world["admin"], world["project_id"]
    unit_id = world["units"]["general_contractor"]
    number = world["person"]("项目经理甲")
    assert [p["project_id"] for p in contractor.project_svc.key_position_projects()] == [project_id]
    assert world["site"].project_svc.key_position_projects()[0]["name"] == "关键岗位测试项目"
    before = contractor.project_svc.required_key_positions(project_id)
    assert [u["participant_id"] for u in before["units"]] == [unit_id]
    assert position_of(before, unit_id, "project_manager")["filled"] is False

    registered = contractor.project_svc.register_key_position(form(world, "项目经理甲", number))
    assert (registered["state"], registered["position_name"], registered["certificate"]["content_type"]) \
        == ("registered", "项目经理", "application/pdf")
    assert number not in str(registered)
    waiting = admin.project_svc.key_position_reviews({})
    assert [r["id"] for r in waiting["items"]] == [registered["id"]]
    assert position_of(contractor.project_svc.required_key_positions(project_id), unit_id,
                       "project_manager")["pending"][0]["person_name"] == "项目经理甲"
    certificate = admin.project_svc.get_key_position_certificate(registered["id"])
    assert base64.b64decode(certificate["content_base64"]) == PDF

    approved = admin.project_svc.decide_key_position(registered["id"], True)
    assert (approved["state"], approved["entered_on"]) == ("approved", days.today().isoformat())
    seen_by_site = world["site"].project_svc.required_key_positions(project_id)
    manager = position_of(seen_by_site, unit_id, "project_manager")
    assert manager["filled"] and manager["holders"][0]["person_name"] == "项目经理甲"
    assert {u["enterprise_name"] for u in seen_by_site["units"]} == {"总包建设", "监理咨询"}

    asked = contractor.project_svc.request_key_position_exit(
        registered["id"], {"exit_on": days.today().isoformat(), "exit_note": "项目竣工"})
    assert (asked["state"], asked["exit_note"]) == ("exit_requested", "项目竣工")
    assert [r["id"] for r in admin.project_svc.key_position_reviews({})["items"]] == [registered["id"]]
    exited = admin.project_svc.decide_key_position_exit(registered["id"], True)
    assert exited["state"] == "exited"
    assert position_of(contractor.project_svc.required_key_positions(project_id), unit_id,
                       "project_manager")["filled"] is False

    for event_type in ("key_position_registered", "key_position_approved", "key_position_exit_approved"):
        data = published(world["events"], event_type)[0]["data"]
        assert {key: data[key] for key in ("registration_id", "project_id", "enterprise_id", "position")} \
            == {"registration_id": registered["id"], "project_id": project_id, "enterprise_id": 501,
                "position": "project_manager"}
        assert data["id_number_masked"] == registered["id_number_masked"] and data["at"]


def test_a_single_position_takes_one_person_and_a_rejection_says_why(world):
    contractor, admin = world["contractor"], world["admin"]
    first = contractor.project_svc.register_key_position(form(world, "经理甲", world["person"]("经理甲")))
    second = contractor.project_svc.register_key_position(form(world, "经理乙", world["person"]("经理乙")))
    admin.project_svc.decide_key_position(first["id"], True)
    taken = refusal(lambda: admin.project_svc.decide_key_position(second["id"], True))
    assert (taken["code"], taken["fields"]) == ("KEY_POSITION_TAKEN", {"position": "KEY_POSITION_TAKEN"})
    third = world["person"]("经理丙")
    assert refusal(lambda: contractor.project_svc.register_key_position(form(world, "经理丙", third)))["code"] \
        == "KEY_POSITION_TAKEN"
    # 安全员 is not single: two on site at once
    for name in ("安全甲", "安全乙"):
        safety = contractor.project_svc.register_key_position(
            form(world, name, world["person"](name), position="safety_officer"))
        admin.project_svc.decide_key_position(safety["id"], True)

    assert refusal(lambda: admin.project_svc.decide_key_position(second["id"], False, "  "))["fields"] \
        == {"reason": "REQUIRED"}
    rejected = admin.project_svc.decide_key_position(second["id"], False, "证书已过期")
    assert (rejected["state"], rejected["rejection_reason"]) == ("rejected", "证书已过期")
    assert refusal(lambda: admin.project_svc.decide_key_position(second["id"], True))["code"] \
        == "KEY_POSITION_NOT_PENDING"
    mine = contractor.project_svc.list_key_positions({"state": "rejected"})
    assert [(r["person_name"], r["rejection_reason"]) for r in mine["items"]] == [("经理乙", "证书已过期")]
    held = position_of(contractor.project_svc.required_key_positions(world["project_id"]),
                       world["units"]["general_contractor"], "safety_officer")
    assert sorted(h["person_name"] for h in held["holders"]) == ["安全乙", "安全甲"]


@pytest.mark.parametrize(("overrides", "code", "fields"), [
    ({"certificate": None}, "CERTIFICATE_REQUIRED", {"certificate": "CERTIFICATE_REQUIRED"}),
    ({"certificate": {"filename": "a.gif", "content_base64": base64.b64encode(b"GIF89a....").decode()}},
     "DOCUMENT_REFUSED", {"certificate": "DOCUMENT_TYPE_NOT_ALLOWED"}),
    ({"name": "别人"}, "NAME_MISMATCH", {"name": "NAME_MISMATCH"}),
    ({"position": "chief_supervisor"}, "INVALID_KEY_POSITION", {"position": "POSITION_NOT_OF_UNIT"}),
    ({"participant_id": 10**6}, "INVALID_KEY_POSITION", {"participant_id": "NOT_PARTICIPANT"}),
    ({"unit": "supervisor", "position": "chief_supervisor"}, "FORBIDDEN", {}),
])
def test_a_registration_that_breaks_a_rule_is_refused_naming_the_field(world, overrides, code, fields):
    number = world["person"]("登记人")
    overrides = dict(overrides)
    unit = overrides.pop("unit", "general_contractor")
    refused = refusal(lambda: world["contractor"].project_svc.register_key_position(
        {**form(world, "登记人", number, unit=unit), **overrides}))
    assert (refused["code"], refused["fields"]) == (code, fields)
    assert world["admin"].project_svc.list_key_positions({})["total"] == 0


def test_each_caller_sees_and_does_only_what_its_scope_covers(world):
    contractor, supervisor, admin = world["contractor"], world["supervisor"], world["admin"]
    mine = contractor.project_svc.register_key_position(form(world, "总包经理", world["person"]("总包经理")))
    chief = supervisor.project_svc.register_key_position(
        form(world, "总监", world["person"]("总监"), position="chief_supervisor", unit="supervisor"))
    assert [r["id"] for r in contractor.project_svc.list_key_positions({})["items"]] == [mine["id"]]
    assert {r["id"] for r in world["site"].project_svc.list_key_positions({})["items"]} == {mine["id"], chief["id"]}
    assert world["elsewhere"].project_svc.list_key_positions({})["total"] == 0
    assert refusal(lambda: contractor.project_svc.get_key_position_certificate(chief["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: contractor.project_svc.decide_key_position(mine["id"], True))["code"] == "FORBIDDEN"
    assert refusal(lambda: contractor.project_svc.key_position_reviews({}))["code"] == "FORBIDDEN"
    assert refusal(lambda: world["elsewhere"].project_svc.required_key_positions(world["project_id"]))["code"] \
        == "FORBIDDEN"
    assert refusal(lambda: supervisor.project_svc.request_key_position_exit(
        chief["id"], {"exit_on": "2026-12-01"}))["code"] == "KEY_POSITION_NOT_PENDING"
    admin.project_svc.decide_key_position(chief["id"], True)
    assert refusal(lambda: contractor.project_svc.request_key_position_exit(
        chief["id"], {"exit_on": "2026-12-01"}))["code"] == "FORBIDDEN"
    before_entry = (days.today() - dt.timedelta(days=1)).isoformat()
    assert refusal(lambda: supervisor.project_svc.request_key_position_exit(
        chief["id"], {"exit_on": before_entry}))["fields"] == {"exit_on": "EXIT_BEFORE_ENTRY"}
    supervisor.project_svc.request_key_position_exit(chief["id"], {"exit_on": days.today().isoformat()})
    kept = admin.project_svc.decide_key_position_exit(chief["id"], False, "未完成交接")
    assert (kept["state"], kept["exit_rejection_reason"]) == ("approved", "未完成交接")
