"""attendance_svc in a real container, on the test bus and a real database, beside the stand-ins of conftest.py
(a "photo" ``face-of:<person_id>`` is that person's face). Who is on site comes from person_entered /
person_exited, published here as siteaccess_svc's outbox publishes them.
"""

import datetime as dt
import json
import time
import uuid
import zoneinfo

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine, text

from attendance_svc import domain
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.testing import eventually
from siteaccess_svc.codes import CodeSigner

PROJECT = 5
SITE = Caller("site", "site5", project_id=PROJECT)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime.now(SHANGHAI).date()
YESTERDAY = TODAY - dt.timedelta(days=1)
SIGNER = CodeSigner(b"\x07" * 32)
HEARTBEAT, RECORDS, WHITELIST = "/api/v1/device/heartbeat", "/api/v1/device/records", "/api/v1/device/whitelist"


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def attendance(start_attendance):
    """``attendance(**settings)``: the stand-ins (person 1's face template handed out) and attendance_svc."""
    return lambda **settings: start_attendance(PROJECT, "考勤项目", SIGNER.public_key_raw(), templates=(1,),
                                               **settings)


def stay(entry_id, person_id, name, employer_id=7, leader_entry_id=None, exit_date=None):
    return {"entry_id": entry_id, "project_id": PROJECT, "person_id": person_id, "name": name,
            "id_number_masked": "310*****514", "employer_id": employer_id, "is_team_leader": leader_entry_id is None,
            "team_leader_entry_id": leader_entry_id, "trade": "020",
            "entry_date": str(TODAY - dt.timedelta(days=5)), "exit_date": exit_date, "evaluation": None,
            "evaluation_comment": None}


class Device:
    """A terminal speaking the signed device API through ``device_request``, as the gateway forwards it."""

    def __init__(self, rpc_proxy, serial, secret):
        self.rpc, self.serial, self.secret = rpc_proxy, serial, secret

    def request(self, method, path, body=None, timestamp=None, nonce=None, secret=None):
        return self.send(method, path, body, timestamp, nonce, secret).result()

    def send(self, method, path, body=None, timestamp=None, nonce=None, secret=None):
        """The request sent without waiting for its answer (``.result()`` waits)."""
        raw = "" if body is None else json.dumps(body)
        timestamp = int(time.time()) if timestamp is None else timestamp
        nonce = nonce or uuid.uuid4().hex
        signature = domain.sign(secret or self.secret, method, path, timestamp, nonce, raw)
        return self.rpc.attendance_svc.device_request.call_async(self.serial, timestamp, nonce, signature, method,
                                                                 path, raw)


def at(hour, minute=0, second=0):
    return dt.datetime.combine(YESTERDAY, dt.time(hour, minute, second), SHANGHAI).isoformat()


def test_a_device_clocks_people_by_card_code_and_face_and_its_records_prove_untouched(
        attendance, gate, identity_events, rpc_as, subscribe):
    config = attendance()
    events = subscribe("attendance_svc")
    site, anyone = rpc_as(SITE), rpc_as()
    gate("person_entered", stay(11, 1, "队长甲"))
    gate("person_entered", stay(12, 2, "工人乙", leader_entry_id=11))
    gate("person_entered", stay(13, 3, "工人丙", employer_id=8))
    eventually(lambda: _assert_equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 3))

    registered = site.attendance_svc.register_device(None, "face_terminal", "SN-0001", "both", "东门", "东门闸机")
    device = registered["device"]
    assert (device["status"], device["last_seen_at"], device["project_id"]) == ("offline", None, PROJECT)
    assert len(registered["secret"]) == 43
    assert refusal(lambda: site.attendance_svc.register_device(
        PROJECT, "card_reader", "SN-0001", "in", None, "重复"))["code"] == "DEVICE_SERIAL_TAKEN"
    assert refusal(lambda: rpc_as(Caller("authority", "a")).attendance_svc.register_device(
        99, "card_reader", "SN-0404", "in", None, "无项目"))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(Caller("system", "system")).attendance_svc.register_device(
        404, "card_reader", "SN-0404", "in", None, "无项目"))["code"] == "PROJECT_NOT_FOUND"
    assert refusal(lambda: site.attendance_svc.register_device(
        PROJECT, "toaster", "SN-0002", "in", None, "x"))["fields"] == {"kind": "NOT_ALLOWED"}

    # 发卡: only to people on site, one number per person within the project
    assert site.attendance_svc.issue_card(PROJECT, 2, "C0002")["card_number"] == "C0002"
    assert refusal(lambda: site.attendance_svc.issue_card(PROJECT, 4, "C0004"))["code"] == "NOT_ON_SITE"
    assert refusal(lambda: site.attendance_svc.issue_card(PROJECT, 3, "C0002"))["code"] == "CARD_NUMBER_TAKEN"
    assert site.attendance_svc.cards_of(PROJECT, [1, 2, 3]) == {"2": "C0002"}

    terminal = Device(anyone, "SN-0001", registered["secret"])
    beat = terminal.request("POST", HEARTBEAT, {"person_count": 2, "face_count": 1})
    assert beat["resync"] is True and beat["whitelist_version"] >= 4
    (listed,) = site.attendance_svc.list_devices(PROJECT)
    assert (listed["status"], listed["reported_person_count"]) == ("online", 2)
    # a face terminal's faces too: person 1's face enrolled (identity_svc's event), the terminal holding none
    identity_events("face_enrolled", {"person_id": 1, "version": 1})
    eventually(lambda: _assert_equal(
        terminal.request("POST", HEARTBEAT, {"person_count": 3, "face_count": 0})["resync"], True))
    assert terminal.request("POST", HEARTBEAT, {"person_count": 3, "face_count": 1})["resync"] is False

    # the signature's refusals
    now = int(time.time())
    terminal.request("POST", HEARTBEAT, {}, nonce="once", timestamp=now)
    assert refusal(lambda: terminal.request("POST", HEARTBEAT, {}, nonce="once", timestamp=now))["code"] \
        == "DEVICE_REQUEST_REPLAYED"
    two_days_ago = (dt.datetime.now(SHANGHAI) - dt.timedelta(days=2)).isoformat()  # a day no view here reads
    upload = {"records": [{"seq": 90, "occurred_at": two_days_ago, "method": "card", "card_number": "C0404"}]}
    kept = terminal.request("POST", RECORDS, upload, nonce="upload-once", timestamp=now)["results"]
    assert refusal(lambda: terminal.request("POST", RECORDS, upload, nonce="upload-once", timestamp=now))["code"] \
        == "DEVICE_REQUEST_REPLAYED"  # the upload's nonce was kept with its records
    assert terminal.request("POST", RECORDS, upload)["results"][0] == {
        "seq": 90, "outcome": "duplicate", "record_id": kept[0]["record_id"]}
    assert refusal(lambda: terminal.request("POST", HEARTBEAT, {}, timestamp=now - 301))["code"] \
        == "DEVICE_REQUEST_STALE"
    assert refusal(lambda: terminal.request("POST", HEARTBEAT, {}, secret=domain.new_secret()))["code"] \
        == "DEVICE_SIGNATURE_INVALID"
    assert refusal(lambda: Device(anyone, "SN-9999", registered["secret"]).request("POST", HEARTBEAT, {}))["code"] \
        == "DEVICE_UNKNOWN"
    assert refusal(lambda: terminal.request("POST", "/api/v1/device/nothing", {}))["code"] == "DEVICE_REQUEST_UNKNOWN"

    # the whitelist: the people on site, their cards, the templates identity_svc has
    whitelist = terminal.request("GET", f"{WHITELIST}?since=0")
    assert [p["person_id"] for p in whitelist["people"]] == [1, 2, 3] and whitelist["removed"] == []
    assert whitelist["people"][1]["card_number"] == "C0002" and "template" in whitelist["people"][0]
    assert whitelist["code_public_key"] == SIGNER.public_key_raw()

    code_of_3 = SIGNER.issue(3, dt.datetime.fromisoformat(at(9, 1)) - dt.timedelta(seconds=30))["token"]
    upload = terminal.request("POST", RECORDS, {"records": [
        {"seq": 1, "occurred_at": at(8, 0), "method": "card", "card_number": "C0002"},
        {"seq": 2, "occurred_at": at(8, 1), "method": "code", "code": code_of_3},
        {"seq": 3, "occurred_at": at(8, 2), "method": "face", "person_id": 1, "similarity": 0.83},
        {"seq": 4, "occurred_at": at(17, 30), "method": "face", "photo": "face-of:2"},
        {"seq": 5, "occurred_at": at(17, 31), "method": "face", "photo": "face-of:4"},
        {"seq": 6, "occurred_at": at(17, 32), "method": "face", "person_id": 4, "similarity": 0.9},
        {"seq": 7, "occurred_at": at(17, 33), "method": "card", "card_number": "NOPE"},
        {"seq": 8, "occurred_at": at(8, 0, 30), "method": "card", "card_number": "C0002"},
        {"seq": 9, "occurred_at": at(17, 40), "method": "code", "code": "not-a-code"},
        {"seq": 1, "occurred_at": at(8, 0), "method": "card", "card_number": "C0002"},
    ]})["results"]
    outcomes = [(r["seq"], r["outcome"], r.get("reason"), r.get("person_id")) for r in upload]
    assert outcomes == [
        (1, "accepted", None, 2), (2, "accepted", None, 3), (3, "accepted", None, 1), (4, "accepted", None, 2),
        (5, "refused", "UNKNOWN_FACE", None), (6, "refused", "NOT_ON_SITE", 4), (7, "refused", "UNKNOWN_CARD", None),
        (8, "duplicate", "REPEATED", 2), (9, "refused", "UNKNOWN_CODE", None), (1, "duplicate", None, None)]
    assert upload[-1]["record_id"] == upload[0]["record_id"]
    # the device sends the same upload again (it never saw the answer): nothing new is stored
    again = terminal.request("POST", RECORDS, {"records": [
        {"seq": 1, "occurred_at": at(8, 0), "method": "card", "card_number": "C0002"}]})["results"]
    assert again == [{"seq": 1, "outcome": "duplicate", "record_id": upload[0]["record_id"]}]

    records = site.attendance_svc.clock_records(PROJECT, day=str(YESTERDAY), page_size=50)
    assert records["total"] == 9
    by_id = {item["id"]: item for item in records["items"]}
    first = by_id[upload[0]["record_id"]]
    assert (first["name"], first["device_name"], first["method"], first["direction"], first["late"]) == \
        ("工人乙", "东门闸机", "006", "01", True)
    assert by_id[upload[3]["record_id"]]["direction"] == "02"  # a both-device: the later clock of the day is out
    assert by_id[upload[1]["record_id"]]["method"] == "010"
    assert site.attendance_svc.clock_records(PROJECT, day=str(YESTERDAY), outcome="refused")["total"] == 4

    day = site.attendance_svc.attendance_day(PROJECT, str(YESTERDAY))
    assert (day["on_site"], day["attended"], day["rate"]) == (3, 3, 1.0)
    assert {g["team"]: (g["on_site"], g["attended"]) for g in day["by_team"]} == {"队长甲": (2, 2), "工人丙": (1, 1)}
    assert {g["employer"] for g in day["by_employer"]} == {"劳务7", "劳务8"}
    worker = next(p for p in day["people"] if p["person_id"] == 2)
    assert worker["first_in"].startswith(f"{YESTERDAY}T08:00:00") and worker["last_out"].startswith(
        f"{YESTERDAY}T17:30:00")

    verified = site.attendance_svc.verify_records(device["id"], str(YESTERDAY))
    assert verified == {"intact": True, "records": 9, "head_intact": True}
    with create_engine(config["DB_URL"]).begin() as connection:
        connection.execute(text("UPDATE clock_records SET person_id = 3 WHERE seq = 3 AND device_id = :d"),
                           {"d": device["id"]})
    assert site.attendance_svc.verify_records(device["id"], str(YESTERDAY)) == \
        {"intact": False, "records": 9, "first_broken_seq": 3, "problem": "edited", "head_intact": True}

    # 手机扫码: a worker on site clocks in from their phone; one who is not is kept as a refused attempt
    mine = rpc_as(Caller("worker", "w1", person_id=1)).attendance_svc.clock_in_by_code(PROJECT, 1)
    assert (mine["outcome"], mine["direction"]) == ("accepted", "01")
    assert rpc_as(Caller("worker", "w1", person_id=1)).attendance_svc.clock_in_by_code(PROJECT, 1)["outcome"] \
        == "duplicate"
    stranger = refusal(lambda: rpc_as(Caller("worker", "w4", person_id=4)).attendance_svc.clock_in_by_code(
        PROJECT, 4))
    assert stranger["code"] == "NOT_ON_SITE"
    assert refusal(lambda: rpc_as(Caller("worker", "w4", person_id=4)).attendance_svc.clock_in_by_code(
        PROJECT, 1))["code"] == "FORBIDDEN"
    today = site.attendance_svc.clock_records(PROJECT, day=str(TODAY))
    assert [(i["method"], i["outcome"], i["device_name"], i["late"]) for i in today["items"]][-1] == \
        ("010", "accepted", "手机扫码", False)
    assert site.attendance_svc.list_devices(PROJECT)[0]["serial"] == "SN-0001"  # the phone's device is not listed

    # an exit takes the person off the whitelist, and off the gate
    version = terminal.request("GET", WHITELIST)["version"]
    gate("person_exited", stay(13, 3, "工人丙", employer_id=8, exit_date=str(TODAY)))
    eventually(lambda: _assert_equal(terminal.request("GET", f"{WHITELIST}?since={version}")["removed"], [3]))
    late = terminal.request("POST", RECORDS, {"records": [
        {"seq": 10, "occurred_at": dt.datetime.now(SHANGHAI).isoformat(), "method": "code",
         "code": SIGNER.issue(3, dt.datetime.now(dt.UTC))["token"]}]})["results"]
    assert (late[0]["outcome"], late[0]["reason"]) == ("refused", "NOT_ON_SITE")

    # a malformed upload is refused whole, naming each bad field; 退卡
    bad = refusal(lambda: terminal.request("POST", RECORDS, {"records": [
        {"seq": 11, "occurred_at": at(9), "method": "palm"}, {"occurred_at": "yesterday", "method": "card"}]}))
    assert (bad["code"], bad["fields"]) == ("INVALID_INPUT", {
        "records.0.method": "NOT_ALLOWED", "records.1.seq": "REQUIRED", "records.1.occurred_at": "INVALID_DATE"})
    assert site.attendance_svc.withdraw_card(PROJECT, 2) == {"project_id": PROJECT, "person_id": 2, "withdrawn": True}
    assert refusal(lambda: site.attendance_svc.withdraw_card(PROJECT, 2))["code"] == "CARD_NOT_FOUND"
    assert site.attendance_svc.cards_of(PROJECT, [2]) == {}

    # 重置密钥 and 停用
    reissued = site.attendance_svc.reissue_device_secret(device["id"])
    assert refusal(lambda: terminal.request("GET", WHITELIST))["code"] == "DEVICE_SIGNATURE_INVALID"
    assert Device(anyone, "SN-0001", reissued["secret"]).request("GET", WHITELIST)["version"] > version
    site.attendance_svc.retire_device(device["id"])
    assert refusal(lambda: Device(anyone, "SN-0001", reissued["secret"]).request("GET", WHITELIST))["code"] \
        == "DEVICE_UNKNOWN"
    assert site.attendance_svc.list_devices(PROJECT) == []

    published = events.wait_for(13)
    kinds = [e["event_type"] for e in published]
    assert kinds.count("device_registered") == 1 and kinds.count("device_came_online") == 1
    recorded = [e["data"] for e in published if e["event_type"] == "attendance_recorded"]
    refused = [e["data"] for e in published if e["event_type"] == "attendance_refused"]
    assert len(recorded) >= 5 and {r["reason"] for r in refused} >= {"UNKNOWN_FACE", "NOT_ON_SITE", "UNKNOWN_CARD"}
    everything = json.dumps(published)
    assert "C0002" not in everything and "face-of" not in everything and registered["secret"] not in everything
    assert reissued["secret"] not in everything


def test_a_quiet_device_goes_offline_once_and_comes_back_with_its_next_heartbeat(attendance, rpc_as, subscribe):
    attendance(DEVICE_OFFLINE_SECONDS=2, DEVICE_STATUS_CHECK_SECONDS=0.3)
    events = subscribe("attendance_svc")
    site = rpc_as(SITE)
    registered = site.attendance_svc.register_device(PROJECT, "card_reader", "SN-0100", "in", "西门", "西门读卡器")
    terminal = Device(rpc_as(), "SN-0100", registered["secret"])
    terminal.request("POST", HEARTBEAT, {"person_count": 0, "face_count": 0})
    assert site.attendance_svc.list_devices(PROJECT)[0]["status"] == "online"
    eventually(lambda: _assert_equal(site.attendance_svc.list_devices(PROJECT)[0]["status"], "offline"))
    time.sleep(1.0)  # more ticks of the timer: nothing more to say
    terminal.request("POST", HEARTBEAT, {"person_count": 0, "face_count": 0})
    kinds = [e["event_type"] for e in events.wait_for(4)]
    assert kinds[:4] == ["device_registered", "device_came_online", "device_went_offline", "device_came_online"]
    offline = next(e for e in events.received if e["event_type"] == "device_went_offline")["data"]
    assert (offline["serial"], offline["project_id"], offline["status"]) == ("SN-0100", PROJECT, "offline")


def test_uploads_sent_at_once_are_each_answered_as_if_sent_alone(attendance, gate, rpc_as):
    """At the rush uploads arriving together are written together (uploads.py): each terminal still learns each
    record's outcome, a record sent twice at once is stored once, a nonce used twice refuses one upload alone, and
    each device's chain holds."""
    attendance()
    site, anyone = rpc_as(SITE), rpc_as()
    for person_id in range(21, 27):
        gate("person_entered", stay(person_id, person_id, f"工人{person_id}"))
    eventually(lambda: _assert_equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 6))
    terminals = []
    for number in range(3):
        registered = site.attendance_svc.register_device(PROJECT, "face_terminal", f"SN-RUSH-{number}", "in",
                                                         None, f"{number + 1}号门")
        terminals.append((registered["device"]["id"], Device(anyone, f"SN-RUSH-{number}", registered["secret"])))

    def upload(number, seq):  # each person's records hours apart: none a repeat of another
        record = {"seq": seq, "occurred_at": at(6 + number * 4 + min(seq, 9) // 6, seq % 6 * 9), "method": "face",
                  "person_id": 21 + seq % 6, "similarity": 0.8}
        return {"records": [record]}

    sent = [(device_id, seq, terminal.send("POST", RECORDS, upload(number, seq)))
            for number, (device_id, terminal) in enumerate(terminals) for seq in range(1, 9)]
    first_id, first = terminals[0]
    resent = first.send("POST", RECORDS, upload(0, 1))  # a terminal that did not hear its answer in time
    now = int(time.time())
    _, second = terminals[1]
    same_nonce = [second.send("POST", RECORDS, upload(1, 100), nonce="twice", timestamp=now) for _ in range(2)]
    # one person at two gates 30 s apart: one clock, whichever is written first; the other a repeat of it
    both_gates = [terminal.send("POST", RECORDS, {"records": [{
        "seq": 200, "occurred_at": at(20, 0, second), "method": "face", "person_id": 26, "similarity": 0.8}]})
        for (_, terminal), second in ((terminals[0], 0), (terminals[2], 30))]

    answers = {(device_id, seq): reply.result()["results"] for device_id, seq, reply in sent}
    assert all(results == [{"seq": seq, "outcome": "accepted", "record_id": results[0]["record_id"],
                            "person_id": 21 + seq % 6}] for (_, seq), results in answers.items()), answers
    assert len({results[0]["record_id"] for results in answers.values()}) == 24
    (again,) = resent.result()["results"]
    assert (again["outcome"], again["record_id"]) == ("duplicate", answers[(first_id, 1)][0]["record_id"])
    outcomes = []
    for reply in same_nonce:
        try:
            outcomes.append(reply.result()["results"][0]["outcome"])
        except RemoteError as refused:
            outcomes.append(parse_remote_error(refused.value)["code"])
    assert sorted(outcomes) == ["DEVICE_REQUEST_REPLAYED", "accepted"]
    gates = sorted(reply.result()["results"][0]["outcome"] for reply in both_gates)
    assert gates == ["accepted", "duplicate"]
    for device_id, _ in terminals:  # eight each, one more each: seq 100 or 200
        assert site.attendance_svc.verify_records(device_id) == {"intact": True, "records": 9, "head_intact": True}


def _assert_equal(actual, expected):
    assert actual == expected, actual
