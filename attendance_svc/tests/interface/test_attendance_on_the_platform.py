"""attendance_svc beside the real services: who is on site comes from siteaccess_svc's own events, employers'
names from employment_svc, the project from project_svc, and personal codes are verified with siteaccess_svc's
published key."""

import datetime as dt
import json
import random
import time
import uuid

import pytest
from nameko.exceptions import RemoteError

from attendance_svc import domain
from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from chassis.platform import PLATFORM_SERVICES
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(1010)
TODAY = days.today()


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def site(run_service, rpc_as):
    for service in PLATFORM_SERVICES:
        run_service(service)
    admin = rpc_as(AUTHORITY)
    contractor = admin.employment_svc.register_enterprise(
        {"name": "考勤总包", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    employer = admin.employment_svc.register_enterprise(
        {"name": "考勤劳务", "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
    project = admin.project_svc.create_project(
        {"registration_number": f"T{rng.randrange(10**9)}", "name": "考勤测试项目",
         "general_contractor_id": contractor["id"]})
    return {"project": project, "employer": employer, "rpc": rpc_as(Caller("site", "site", project_id=project["id"]))}


def enter(site, name, **terms):
    rpc, number = site["rpc"], resident_id_number(rng)
    rpc.identity_svc.register_person({"id_number": number, "name": name})
    return rpc.siteaccess_svc.enter(site["project"]["id"], {
        "employer_id": site["employer"]["id"], "trade": "020", "education": "71",
        "entry_date": str(TODAY - dt.timedelta(days=2)), "id_number": number, **terms})


def upload(rpc, serial, secret, records):
    body = json.dumps({"records": records})
    timestamp, nonce = int(time.time()), uuid.uuid4().hex
    signature = domain.sign(secret, "POST", "/api/v1/device/records", timestamp, nonce, body)
    return rpc.attendance_svc.device_request(serial, timestamp, nonce, signature, "POST", "/api/v1/device/records",
                                             body)["results"]


def test_people_entered_at_the_gate_clock_in_until_they_exit(site, rpc_as):
    rpc, project_id = site["rpc"], site["project"]["id"]
    leader = enter(site, "考勤队长", is_team_leader=True, phone="13912345204")
    member = enter(site, "考勤队员", team_leader_entry_id=leader["id"])

    def both_on_site():
        day = rpc.attendance_svc.attendance_day(project_id, str(TODAY))
        assert day["on_site"] == 2, day
        return day

    day = eventually(both_on_site)
    assert day["by_team"] == [{"team": "考勤队长", "on_site": 2, "attended": 0}]
    assert day["by_employer"] == [{"employer": "考勤劳务", "on_site": 2, "attended": 0}]

    rpc.attendance_svc.issue_card(project_id, member["person_id"], "a0001")
    registered = rpc.attendance_svc.register_device(project_id, "turnstile", f"GATE-{project_id}", "in", "大门",
                                                    "大门闸机")
    assert refusal(lambda: rpc_as(AUTHORITY).attendance_svc.register_device(
        10**8, "turnstile", "GATE-X", "in", None, "无此项目")) ["code"] == "FORBIDDEN"
    worker = rpc_as(Caller("worker", "w", person_id=leader["person_id"]))
    token = worker.siteaccess_svc.issue_personal_code()["token"]
    now = dt.datetime.now(dt.UTC).isoformat()
    results = upload(rpc_as(), registered["device"]["serial"], registered["secret"], [
        {"seq": 1, "occurred_at": now, "method": "card", "card_number": "A0001"},
        {"seq": 2, "occurred_at": now, "method": "code", "code": token}])
    assert [(r["outcome"], r["person_id"]) for r in results] == [
        ("accepted", member["person_id"]), ("accepted", leader["person_id"])]
    day = rpc.attendance_svc.attendance_day(project_id, str(TODAY))
    assert (day["attended"], day["rate"]) == (2, 1.0)

    rpc.siteaccess_svc.exit({"entry_ids": [member["id"]], "exit_date": str(TODAY), "evaluation": "good"})

    def refused_at_the_gate():
        late = upload(rpc_as(), registered["device"]["serial"], registered["secret"], [
            {"seq": 10 + int(time.time() * 10) % 10**6, "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
             "method": "card", "card_number": "A0001"}])
        assert (late[0]["outcome"], late[0].get("reason")) == ("refused", "NOT_ON_SITE"), late

    eventually(refused_at_the_gate)
    assert refusal(lambda: rpc_as(Caller("worker", "m", person_id=member["person_id"])).attendance_svc
                   .clock_in_by_code(project_id, member["person_id"]))["code"] == "NOT_ON_SITE"
