"""出勤一览表 of a week and a month and a person's attendance calendar, in a real container on the test bus and a real
database: people enter two sites (siteaccess_svc's events published here), terminals upload records of past days,
and the site, the employer, the worker and the authority read what each may see."""

import datetime as dt
import json
import time
import uuid
import zoneinfo

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.events import get_event_exchange

from attendance_svc import domain
from attendance_svc.service import AttendanceService
from chassis.caller import Caller
from chassis.errors import ServiceError, parse_remote_error
from chassis.events import make_envelope
from chassis.messaging import rpc
from chassis.outbox import BrokerPublisher
from devtools.testing import eventually
from project_svc.exceptions import ProjectNotFound

PROJECT, OTHER = 5, 6
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SITE = Caller("site", "site5", project_id=PROJECT)
RECORDS, HEARTBEAT = "/api/v1/device/records", "/api/v1/device/heartbeat"
ENTERED = dt.date(2026, 10, 1)
MON, TUE, WED = dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)


class FakeProjects:
    name = "project_svc"

    @rpc(expected_exceptions=ProjectNotFound)
    def get_project(self, project_id):
        if project_id not in (PROJECT, OTHER):
            raise ProjectNotFound(f"no project {project_id}")
        return {"id": project_id, "name": f"项目{project_id}"}


class FakeEmployment:
    """employment_svc: enterprise 7 has employed person 1 since October (a confirmed relation)."""

    name = "employment_svc"

    @rpc
    def get_enterprise(self, enterprise_id):
        return {"id": enterprise_id, "name": f"劳务{enterprise_id}"}

    @rpc(expected_exceptions=ServiceError)
    def employment_history(self, person_id):
        if person_id != 1:
            return []
        return [{"relation_id": 70, "enterprise_id": 7, "enterprise_name": "劳务7", "role": "worker",
                 "from": "2026-10-01T02:00:00+00:00", "to": None, "end_reason": None, "state": "employed"}]


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def stay(entry_id, person_id, name, project_id=PROJECT, employer_id=7, leader_entry_id=None):
    return {"entry_id": entry_id, "project_id": project_id, "person_id": person_id, "name": name,
            "id_number_masked": "310***********0514", "employer_id": employer_id,
            "is_team_leader": leader_entry_id is None, "team_leader_entry_id": leader_entry_id, "trade": "020",
            "entry_date": str(ENTERED), "exit_date": None, "evaluation": None, "evaluation_comment": None}


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI).isoformat()


def upload(rpc_proxy, serial, secret, records):
    raw = json.dumps({"records": records})
    timestamp, nonce = int(time.time()), uuid.uuid4().hex
    signature = domain.sign(secret, "POST", RECORDS, timestamp, nonce, raw)
    return rpc_proxy.attendance_svc.device_request(serial, timestamp, nonce, signature, "POST", RECORDS,
                                                   raw)["results"]


def test_the_week_the_month_and_a_persons_days_worked_as_each_reader_may_see_them(
        service_config, run_container, bus_uri, rpc_as):
    for fake in (FakeProjects, FakeEmployment):
        run_container(fake, {"AMQP_URI": bus_uri})
    run_container(AttendanceService, service_config("attendance_svc"))
    publisher = BrokerPublisher(bus_uri, get_event_exchange("siteaccess_svc", {}))
    for data in (stay(11, 1, "队长甲"), stay(12, 2, "工人乙", leader_entry_id=11),
                 stay(13, 3, "工人丙", employer_id=8), stay(21, 1, "队长甲", project_id=OTHER)):
        publisher.publish(make_envelope("person_entered", "siteaccess_svc", data), "person_entered")
    publisher.close()
    site, system, anyone = rpc_as(SITE), rpc_as(Caller("system", "system")), rpc_as()
    eventually(lambda: _assert_equal(site.attendance_svc.attendance_period(
        PROJECT, str(MON), str(WED))["on_site"], 3))
    eventually(lambda: _assert_equal(rpc_as(Caller("site", "s6", project_id=OTHER)).attendance_svc.attendance_period(
        OTHER, str(MON), str(MON))["on_site"], 1))

    east = site.attendance_svc.register_device(PROJECT, "face_terminal", "SN-V-5", "both", "东门", "东门")
    other = system.attendance_svc.register_device(OTHER, "face_terminal", "SN-V-6", "both", "南门", "南门")
    face = {"method": "face", "similarity": 0.8}
    outcomes = upload(anyone, "SN-V-5", east["secret"], [
        {"seq": 1, "occurred_at": at(MON, 7, 55), "person_id": 1, **face},
        {"seq": 2, "occurred_at": at(MON, 17, 30), "person_id": 1, **face},
        {"seq": 3, "occurred_at": at(MON, 8, 5), "person_id": 2, **face},
        {"seq": 4, "occurred_at": at(TUE, 8, 0), "person_id": 1, **face},
        {"seq": 5, "occurred_at": at(dt.date(2026, 12, 1), 8, 0), "person_id": 1, **face}])  # next month
    outcomes += upload(anyone, "SN-V-6", other["secret"], [
        {"seq": 1, "occurred_at": at(MON, 19, 0), "person_id": 1, **face},
        {"seq": 2, "occurred_at": at(WED, 8, 0), "person_id": 1, **face}])
    assert [each["outcome"] for each in outcomes] == ["accepted"] * 7

    # 出勤一览表 of the three days: per day, by team, by employer
    period = site.attendance_svc.attendance_period(PROJECT, str(MON), str(WED))
    assert [(d["day"], d["on_site"], d["attended"]) for d in period["days"]] == [
        (str(MON), 3, 2), (str(TUE), 3, 1), (str(WED), 3, 0)]
    assert (period["on_site"], period["attended"], period["person_days_on_site"],
            period["person_days_attended"]) == (3, 2, 9, 3)
    assert {row["team"]: (row["people"], row["attended"]) for row in period["by_team"]} == {
        "队长甲": (2, 3), "工人丙": (1, 0)}  # 工人丙 leads a team of one
    assert {row["employer"]: (row["on_site"], row["attended"]) for row in period["by_employer"]} == {
        "劳务7": (6, 3), "劳务8": (3, 0)}
    # the day view counts as the period of one day does
    day = site.attendance_svc.attendance_day(PROJECT, str(MON))
    assert (day["on_site"], day["attended"]) == (period["days"][0]["on_site"], period["days"][0]["attended"])

    # 更多: the days each attended, first in and last out
    people = site.attendance_svc.attendance_period_people(PROJECT, str(MON), str(WED))
    assert people["total"] == 3
    first = people["items"][0]
    assert (first["name"], first["days_attended"], first["days_on_site"]) == ("队长甲", 2, 3)
    assert first["days"][0] == {"day": str(MON), "first_in": at(MON, 7, 55), "last_out": at(MON, 17, 30)}
    assert site.attendance_svc.attendance_period_people(PROJECT, str(MON), str(WED), name="乙")["total"] == 1

    # a period of more than a month, another project's view
    assert refusal(lambda: site.attendance_svc.attendance_period(PROJECT, "2026-11-01", "2026-12-02"))["fields"] \
        == {"end": "PERIOD_TOO_LONG"}
    assert refusal(lambda: site.attendance_svc.attendance_period(OTHER, str(MON), str(WED)))["code"] == "FORBIDDEN"

    # the person's calendar: the authority sees both projects, a day on two of them counted once
    november = rpc_as(Caller("authority", "a")).attendance_svc.person_attendance(1, "2026-11")
    assert (november["name"], november["month"], november["days_worked"]) == ("队长甲", "2026-11", 3)
    assert november["by_project"] == [{"project_id": PROJECT, "project_name": "项目5", "days_worked": 2},
                                      {"project_id": OTHER, "project_name": "项目6", "days_worked": 2}]
    monday = november["days"][0]
    # the other site's 19:00 is the first clock of the day there (a both-way terminal): an in
    assert (monday["day"], monday["first_in"], monday["last_out"]) == (str(MON), at(MON, 7, 55), at(MON, 17, 30))
    assert monday["projects"][1] == {"project_id": OTHER, "first_in": at(MON, 19, 0), "last_out": None}
    assert [each["project_id"] for each in monday["projects"]] == [PROJECT, OTHER]
    # the site: its own project's records only, and only the people of its project
    assert site.attendance_svc.person_attendance(1, "2026-11")["days_worked"] == 2
    assert refusal(lambda: site.attendance_svc.person_attendance(99, "2026-11"))["code"] == "FORBIDDEN"
    # the employer: its own employee; another enterprise is refused
    employer = rpc_as(Caller("enterprise", "e7", enterprise_id=7)).attendance_svc
    assert employer.person_attendance(1, "2026-11")["days_worked"] == 3
    assert refusal(lambda: rpc_as(Caller("enterprise", "e8", enterprise_id=8)).attendance_svc.person_attendance(
        1, "2026-11"))["code"] == "FORBIDDEN"
    assert refusal(lambda: employer.person_attendance(1, "2026-09"))["code"] == "FORBIDDEN"  # before it employed
    # the worker: their own only
    worker = rpc_as(Caller("worker", "w1", person_id=1)).attendance_svc
    assert worker.person_attendance(1, "2026-12")["days_worked"] == 1
    assert refusal(lambda: worker.person_attendance(2, "2026-11"))["code"] == "FORBIDDEN"
    assert refusal(lambda: worker.person_attendance(1, "2026-13"))["fields"] == {"month": "INVALID"}


def _assert_equal(actual, expected):
    assert actual == expected, actual
