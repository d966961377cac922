"""考勤预警 of attendance_svc in a real container, on the test bus and a real database: people on site who stopped
coming are listed and published once per absence spell; a project whose attendance rate fell is flagged once.

The days are not waited for: people entered days ago (siteaccess_svc's events say so) and a terminal uploads
records of earlier days, as a terminal that was offline does."""

import datetime as dt
import json
import time
import uuid
import zoneinfo

import pytest
from nameko.exceptions import RemoteError

from attendance_svc import domain
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.testing import eventually

PROJECT = 6
SITE = Caller("site", "site6", project_id=PROJECT)
OTHER_SITE = Caller("site", "site7", project_id=7)
AUTHORITY = Caller("authority", "authority")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime.now(SHANGHAI).date()
RECORDS = "/api/v1/device/records"


@pytest.fixture
def attendance(start_attendance):
    """``attendance(**settings)``: the stand-ins of conftest.py and attendance_svc."""
    return lambda **settings: start_attendance(PROJECT, "预警项目", "A" * 43 + "=", **settings)


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def stay(entry_id, person_id, name, entered, leader_entry_id=None, exit_date=None):
    return {"entry_id": entry_id, "project_id": PROJECT, "person_id": person_id, "name": name,
            "id_number_masked": "310*****514", "employer_id": 9, "is_team_leader": leader_entry_id is None,
            "team_leader_entry_id": leader_entry_id, "trade": "020", "entry_date": str(entered),
            "exit_date": exit_date, "evaluation": None, "evaluation_comment": None}


def clocked(day, hour=8):
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI).isoformat()


class Terminal:
    def __init__(self, rpc_proxy, serial, secret):
        self.rpc, self.serial, self.secret, self.seq = rpc_proxy, serial, secret, 0

    def clock(self, person_id, day, hour=8):
        self.seq += 1
        raw = json.dumps({"records": [{"seq": self.seq, "occurred_at": clocked(day, hour), "method": "face",
                                       "person_id": person_id, "similarity": 0.8}]})
        timestamp, nonce = int(time.time()), uuid.uuid4().hex
        signature = domain.sign(self.secret, "POST", RECORDS, timestamp, nonce, raw)
        (result,) = self.rpc.attendance_svc.device_request(self.serial, timestamp, nonce, signature, "POST",
                                                           RECORDS, raw)["results"]
        assert result["outcome"] == "accepted", result
        return result


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def of_type(events, kind):
    return [e["data"] for e in events if e["event_type"] == kind]


def test_an_absent_worker_is_warned_once_per_spell_and_a_low_rate_flags_the_project_once(
        attendance, gate, rpc_as, subscribe):
    attendance(WARNING_CHECK_SECONDS=0.3, ABSENCE_WARNING_DAYS=3, ATTENDANCE_RATE_DAYS=7,
               ATTENDANCE_RATE_THRESHOLD=0.7)
    site, authority = rpc_as(SITE), rpc_as(AUTHORITY)
    events = subscribe("attendance_svc")  # the timer runs from the start: before the records came, too
    gate("person_entered", stay(61, 1, "队长甲", days_ago(10)))
    gate("person_entered", stay(62, 2, "工人乙", days_ago(10), leader_entry_id=61))
    gate("person_entered", stay(63, 3, "新人丙", days_ago(1), leader_entry_id=61))
    eventually(lambda: _assert_equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 3))
    registered = site.attendance_svc.register_device(PROJECT, "face_terminal", "SN-W001", "both", "东门", "东门")
    terminal = Terminal(rpc_as(), "SN-W001", registered["secret"])
    terminal.clock(1, days_ago(1))
    terminal.clock(2, days_ago(5))

    # 工人乙 last came five days ago: four whole days absent; 新人丙 entered yesterday and is not warned yet
    warned = site.attendance_svc.absence_warnings(PROJECT)
    assert warned["warning_days"] == 3
    (row,) = warned["items"]
    assert (row["person_id"], row["name"], row["team_name"], row["employer_name"]) == (2, "工人乙", "队长甲", "劳务9")
    assert (row["last_attended_day"], row["days_absent"], row["entry_id"]) == (str(days_ago(5)), 4, 62)
    # the authority reads every project's, or one's; another site none of this one's
    assert [r["person_id"] for r in authority.attendance_svc.absence_warnings(None)["items"]
            if r["project_id"] == PROJECT] == [2]
    assert refusal(lambda: rpc_as(OTHER_SITE).attendance_svc.absence_warnings(PROJECT))["code"] == "FORBIDDEN"

    # the rate of the seven days before today: 2 of 15 person-days attended
    rate = site.attendance_svc.attendance_rate(PROJECT)
    assert (rate["on_site_days"], rate["attended_days"], rate["low"]) == (15, 2, True)
    assert rate["rate"] == round(2 / 15, 4) and (rate["from"], rate["to"]) == (str(days_ago(7)), str(days_ago(1)))
    assert [p["project_id"] for p in authority.attendance_svc.low_rate_projects()] == [PROJECT]
    assert refusal(lambda: site.attendance_svc.low_rate_projects())["code"] == "FORBIDDEN"

    # the timer publishes each once, however often it runs: a spell once (工人乙's spell changed when the
    # terminal's record of five days ago came), a project's fall once
    def published(kind, **wanted):
        return [e for e in of_type(events.wait_for(1), kind) if all(e[k] == v for k, v in wanted.items())]

    eventually(lambda: _assert_equal(len(published("absence_warning_raised", person_id=2,
                                                   spell_start=str(days_ago(4)))), 1))
    eventually(lambda: _assert_equal(len(published("attendance_rate_low")), 1))
    time.sleep(1.5)  # several more ticks of the timer: nothing more to say
    raised = published("absence_warning_raised")
    spells = [(e["person_id"], e["spell_start"]) for e in raised]
    assert len(spells) == len(set(spells)) and 3 not in {person for person, _ in spells}
    (current,) = published("absence_warning_raised", person_id=2, spell_start=str(days_ago(4)))
    assert (current["project_id"], current["days_absent"], current["last_attended_day"]) == \
        (PROJECT, 4, str(days_ago(5)))
    assert current["id_number_masked"] == "310*****514" and current["team_name"] == "队长甲"
    (low,) = published("attendance_rate_low")
    assert (low["project_id"], low["low"]) == (PROJECT, True)

    # 工人乙 clocks today: no longer warned; 队长甲 exits: gone from the lists too
    terminal.clock(2, TODAY, hour=dt.datetime.now(SHANGHAI).hour)
    assert site.attendance_svc.absence_warnings(PROJECT)["items"] == []
    gate("person_exited", stay(62, 2, "工人乙", days_ago(10), leader_entry_id=61, exit_date=str(TODAY)))
    tomorrow = str(TODAY + dt.timedelta(days=1))  # who exits today was on site today
    eventually(lambda: _assert_equal(site.attendance_svc.attendance_day(PROJECT, tomorrow)["on_site"], 2))
    assert site.attendance_svc.absence_warnings(PROJECT)["items"] == []
    time.sleep(1.0)  # more ticks: 工人乙's spell ended with today's record, and nobody is warned anew
    assert published("absence_warning_raised") == raised


def test_an_approved_correction_is_a_new_record_in_the_projects_correction_chain(
        attendance, gate, rpc_as, subscribe):
    attendance()
    applicant, approver = rpc_as(SITE), rpc_as(Caller("site", "site6_manager", project_id=PROJECT))
    gate("person_entered", stay(71, 1, "补卡甲", days_ago(10)))
    eventually(lambda: _assert_equal(applicant.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 1))
    events = subscribe("attendance_svc")
    yesterday, earlier = days_ago(1), days_ago(3)

    # 补卡申请: a clock that happened while the person was on site, with a reason
    assert refusal(lambda: applicant.attendance_svc.apply_correction(
        PROJECT, 1, str(TODAY + dt.timedelta(days=1)), "07:30", "in", "忘带卡"))["fields"] == {"time": "DATE_IN_FUTURE"}
    assert refusal(lambda: applicant.attendance_svc.apply_correction(
        PROJECT, 1, str(days_ago(11)), "07:30", "in", "忘带卡"))["fields"] == {"day": "BEFORE_ENTRY"}
    assert refusal(lambda: applicant.attendance_svc.apply_correction(
        PROJECT, 99, str(yesterday), "07:30", "in", "忘带卡"))["code"] == "NOT_ON_SITE"
    assert refusal(lambda: applicant.attendance_svc.apply_correction(
        PROJECT, 1, str(yesterday), "07:30", "in", "  "))["fields"] == {"reason": "REQUIRED"}
    assert refusal(lambda: rpc_as(AUTHORITY).attendance_svc.apply_correction(
        PROJECT, 1, str(yesterday), "07:30", "in", "忘带卡"))["code"] == "FORBIDDEN"
    applied = applicant.attendance_svc.apply_correction(PROJECT, 1, str(yesterday), "07:30", "in", "人脸机故障")
    assert (applied["status"], applied["name"], applied["applicant"], applied["direction"]) == \
        ("pending", "补卡甲", "site6", "01")
    assert applied["occurred_at"] == clocked(yesterday).replace("T08:00", "T07:30")
    second = applicant.attendance_svc.apply_correction(PROJECT, 1, str(earlier), "17:45", "out", "忘记打卡")
    third = applicant.attendance_svc.apply_correction(PROJECT, 1, str(earlier), "18:00", "out", "重复申请")
    assert [c["id"] for c in approver.attendance_svc.list_corrections(PROJECT, "pending")["items"]] == \
        [third["id"], second["id"], applied["id"]]

    # 审批: not by the applicant; once; a rejection says why
    assert refusal(lambda: applicant.attendance_svc.decide_correction(applied["id"], True))["code"] == \
        "CORRECTION_OWN_APPLICATION"
    assert refusal(lambda: rpc_as(OTHER_SITE).attendance_svc.decide_correction(applied["id"], True))["code"] == \
        "FORBIDDEN"
    assert refusal(lambda: approver.attendance_svc.decide_correction(third["id"], False))["fields"] == \
        {"reason": "REQUIRED"}
    approved = approver.attendance_svc.decide_correction(applied["id"], True)
    assert (approved["status"], approved["decided_by"]) == ("approved", "site6_manager") and approved["record_id"]
    assert refusal(lambda: approver.attendance_svc.decide_correction(applied["id"], False, "x"))["code"] == \
        "CORRECTION_DECIDED"
    also = approver.attendance_svc.decide_correction(second["id"], True)
    rejected = approver.attendance_svc.decide_correction(third["id"], False, "与第二条重复")
    assert (rejected["status"], rejected["record_id"], rejected["decision_reason"]) == \
        ("rejected", None, "与第二条重复")

    # a new accepted record, 011, counted in the day and listed as a correction with its reason and people
    (record,) = applicant.attendance_svc.clock_records(PROJECT, day=str(yesterday))["items"]
    assert (record["id"], record["method"], record["outcome"], record["reason"], record["direction"]) == \
        (approved["record_id"], "011", "accepted", "CORRECTION", "01")
    assert record["correction"] == {"reason": "人脸机故障", "applicant": "site6", "approver": "site6_manager"}
    assert applicant.attendance_svc.attendance_day(PROJECT, str(yesterday))["attended"] == 1
    # two records in the chain of one virtual device, which is no gate: not listed, and each day proves intact
    recorded = of_type(events.wait_for(2), "attendance_recorded")
    assert {e["record_id"] for e in recorded} == {approved["record_id"], also["record_id"]}
    assert {e["method"] for e in recorded} == {"011"} and len({e["device_id"] for e in recorded}) == 1
    device_id = recorded[0]["device_id"]
    assert applicant.attendance_svc.list_devices(PROJECT) == []
    assert applicant.attendance_svc.verify_records(device_id, str(yesterday)) == {"intact": True, "records": 1,
                                                                                   "head_intact": True}
    assert applicant.attendance_svc.verify_records(device_id, str(earlier)) == {"intact": True, "records": 1,
                                                                                   "head_intact": True}


def test_new_records_are_read_after_the_last_one_with_their_photo_thumbnails_where_kept(attendance, gate, rpc_as):
    import base64

    import cv2
    import numpy as np

    attendance(KEEP_PHOTOS="true")
    site = rpc_as(SITE)
    gate("person_entered", stay(81, 1, "实时甲", days_ago(2)))
    eventually(lambda: _assert_equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 1))
    registered = site.attendance_svc.register_device(PROJECT, "face_terminal", "SN-L001", "both", "东门", "东门")
    start = site.attendance_svc.clock_records_after(PROJECT)
    assert start["items"] == []  # a page starts listening from now

    _, png = cv2.imencode(".png", np.full((400, 300, 3), 200, dtype=np.uint8))
    raw = json.dumps({"records": [
        {"seq": 1, "occurred_at": clocked(TODAY, 7), "method": "face", "person_id": 1, "similarity": 0.8,
         "photo": base64.b64encode(png.tobytes()).decode()},
        {"seq": 2, "occurred_at": clocked(TODAY, 18), "method": "face", "person_id": 1, "similarity": 0.8}]})
    timestamp, nonce = int(time.time()), uuid.uuid4().hex
    signature = domain.sign(registered["secret"], "POST", RECORDS, timestamp, nonce, raw)
    rpc_as().attendance_svc.device_request("SN-L001", timestamp, nonce, signature, "POST", RECORDS, raw)

    found = site.attendance_svc.clock_records_after(PROJECT, start["last_id"])
    with_photo, without = found["items"]
    assert (with_photo["name"], with_photo["has_photo"], without["has_photo"]) == ("实时甲", True, False)
    assert found["last_id"] == without["id"] > with_photo["id"] > start["last_id"]
    assert site.attendance_svc.clock_records_after(PROJECT, found["last_id"]) == \
        {"items": [], "last_id": found["last_id"]}
    photo = site.attendance_svc.clock_photo(with_photo["id"])
    thumbnail = cv2.imdecode(np.frombuffer(base64.b64decode(photo["image"]), np.uint8), cv2.IMREAD_COLOR)
    assert photo["content_type"] == "image/jpeg" and thumbnail.shape[:2] == (96, 72)
    assert refusal(lambda: site.attendance_svc.clock_photo(without["id"]))["code"] == "PHOTO_NOT_FOUND"
    assert refusal(lambda: rpc_as(OTHER_SITE).attendance_svc.clock_photo(with_photo["id"]))["code"] == "FORBIDDEN"
    listed = site.attendance_svc.clock_records(PROJECT, day=str(TODAY))["items"]
    assert {item["id"]: item["has_photo"] for item in listed} == {with_photo["id"]: True, without["id"]: False}


def _assert_equal(actual, expected):
    assert actual == expected, actual
