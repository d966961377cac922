"""Terminals of other dialects through attendance_svc in a real container (the test bus, a real database): a ZKTeco
terminal's handshake, punches and commands; a Hikvision terminal's pushed events; the command queue's read-back;
reconciliation. Who is on site comes from person_entered / person_exited as siteaccess_svc publishes them."""

import base64
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
from devtools.gate import HikvisionIsapi
from devtools.testing import eventually

PROJECT = 6
SITE = Caller("site", "site6", project_id=PROJECT)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime.now(SHANGHAI).date()


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def stay(entry_id, person_id, name, exit_date=None):
    return {"entry_id": entry_id, "project_id": PROJECT, "person_id": person_id, "name": name,
            "id_number_masked": "310*****514", "employer_id": 7, "is_team_leader": True,
            "team_leader_entry_id": None, "trade": "020", "entry_date": str(TODAY - dt.timedelta(days=5)),
            "exit_date": exit_date, "evaluation": None, "evaluation_comment": None}


@pytest.fixture
def started(start_attendance, gate):
    """The stand-ins of conftest.py and attendance_svc; answers ``gate``, siteaccess_svc's events."""
    start_attendance(PROJECT, "方言项目", base64.b64encode(b"\x01" * 32).decode())
    return gate


def local(hour, minute=0):
    return f"{TODAY} {hour:02d}:{minute:02d}:00"


def test_a_zkteco_terminal_punches_and_takes_its_people_as_commands(started, rpc_as):
    gate, site, anyone = started, rpc_as(SITE), rpc_as()
    gate("person_entered", stay(21, 101, "甲"))
    gate("person_entered", stay(22, 102, "乙"))
    eventually(lambda: _equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 2))
    site.attendance_svc.issue_card(PROJECT, 102, "C102")

    registered = site.attendance_svc.register_device(None, "face_terminal", "ZK-0001", "both", "西门", "西门中控",
                                                     "zkteco")
    assert registered["device"]["protocol"] == "zkteco"
    token = registered["secret"]

    def zk(method, route, body="", **query):
        return anyone.attendance_svc.zkteco_request("ZK-0001", token, method, route,
                                                    {"SN": "ZK-0001", **query}, body)["text"]

    # only its own dialect, with its token
    assert refusal(lambda: anyone.attendance_svc.zkteco_request("ZK-0001", "wrong", "GET", "cdata", {}, ""))[
        "code"] == "DEVICE_UNKNOWN"
    assert refusal(lambda: anyone.attendance_svc.hikvision_event("ZK-0001", token, "{}"))["code"] == "DEVICE_UNKNOWN"
    assert refusal(lambda: anyone.attendance_svc.device_request(
        "ZK-0001", 0, "n", "s", "POST", "/api/v1/device/heartbeat", "{}"))["code"] == "DEVICE_UNKNOWN"

    assert "TimeZone=8" in zk("GET", "cdata", options="all").splitlines()
    (listed,) = site.attendance_svc.list_devices(PROJECT)
    assert listed["status"] == "online"

    # the people on site go down as USERINFO commands, PIN = person id, with the card
    commands = zk("GET", "getrequest").splitlines()
    assert len(commands) == 2
    assert any("DATA UPDATE USERINFO PIN=102\tName=乙" in line and "Card=C102" in line for line in commands)
    assert zk("GET", "getrequest") == "OK"  # sent, awaiting results
    ids = [line.split(":")[1] for line in commands]
    zk("POST", "devicecmd", f"ID={ids[0]}&Return=0&CMD=DATA\nID={ids[1]}&Return=-1002&CMD=DATA\n")
    state = site.attendance_svc.device_commands(listed["id"])
    assert state["counts"] == {"pending": 0, "sent": 0, "ok": 1, "failed": 1}
    failed = next(p for p in state["people"] if p["state"] == "failed")
    assert failed["last_error"].startswith("Return=-1002") and failed["attempts"] == 1

    # punches, answered OK once stored; the same punch again stores nothing new
    attlog = f"101\t{local(7, 58)}\t0\t15\t0\t0\n102\t{local(7, 59)}\t0\t4\t0\t0\n999\t{local(8)}\t0\t15\t0\n"
    assert zk("POST", "cdata", attlog, table="ATTLOG", Stamp="9999") == "OK: 3"
    assert zk("POST", "cdata", attlog, table="ATTLOG", Stamp="9999") == "OK: 3"
    records = site.attendance_svc.clock_records(PROJECT, day=str(TODAY), page_size=50)
    assert records["total"] == 3
    assert sorted((r["person_id"], r["method"], r["outcome"]) for r in records["items"]) == [
        (101, "001", "accepted"), (102, "006", "accepted"), (999, "001", "refused")]

    # a person leaves: a delete is queued for the device
    gate("person_exited", stay(21, 101, "甲", exit_date=str(TODAY)))

    def delete_queued():
        people = site.attendance_svc.device_commands(listed["id"])["people"]
        assert any(p["person_id"] == 101 and p["operation"] == "delete" and p["state"] == "pending"
                   for p in people)

    eventually(delete_queued)
    lines = zk("GET", "getrequest").splitlines()
    assert "DATA DELETE USERINFO PIN=101" in lines[0]

    # read-back: once nothing is on its way, a count that disagrees queues everyone again
    ok_id = lines[0].split(":")[1]
    zk("POST", "devicecmd", f"ID={ok_id}&Return=0&CMD=DATA")
    info = "Ver 8.0.4.3-20190528,0,0,3,192.168.1.201,10,7,12,0,111"  # the terminal holds nobody
    resync = zk("GET", "getrequest", INFO=info).splitlines()
    assert sorted(line.split(":", 2)[2].split("\t")[0] for line in resync) == [
        "DATA DELETE USERINFO PIN=101", "DATA UPDATE USERINFO PIN=102"]
    resent = site.attendance_svc.device_commands(listed["id"])
    assert resent["counts"] == {"pending": 0, "sent": 2, "ok": 0, "failed": 0}
    assert all(p["last_error"] == "READ_BACK_MISMATCH: 0 ≠ 1" for p in resent["people"])
    # confirmed, and still disagreeing: not sent again so soon (people enrolled on the terminal by hand)
    zk("POST", "devicecmd", "\n".join(f"ID={line.split(':')[1]}&Return=0&CMD=DATA" for line in resync))
    assert zk("GET", "getrequest", INFO=info) == "OK"
    assert site.attendance_svc.device_commands(listed["id"])["counts"]["ok"] == 2

    # reconciliation: a re-upload of its log names what the platform lacks
    report = site.attendance_svc.reconcile_device(listed["id"], None,
                                                  attlog + f"102\t{local(12)}\t1\t15\t0\n")
    assert report["checked"] == 4 and report["gaps"] == []
    assert [(m["person_ref"], m["occurred_at"][11:16]) for m in report["missing"]] == [("102", "12:00")]


def test_a_hikvision_terminal_pushes_events_and_a_gap_is_reported(started, rpc_as):
    gate, site, anyone = started, rpc_as(SITE), rpc_as()
    gate("person_entered", stay(31, 201, "丙"))
    eventually(lambda: _equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 1))
    registered = site.attendance_svc.register_device(PROJECT, "face_terminal", "DS-K1T-0001", "in", "北门",
                                                     "北门海康", "hikvision")
    device_id, token = registered["device"]["id"], registered["secret"]

    def event(serial, front, minor=75, employee="201", hour=8):
        return json.dumps({"EventNotificationAlert": {
            "ipAddress": "10.0.0.64", "dateTime": f"{TODAY}T{hour:02d}:00:00+08:00",
            "eventType": "AccessControllerEvent", "AccessControllerEvent": {
                "majorEventType": 5, "subEventType": minor, "employeeNoString": employee, "serialNo": serial,
                "frontSerialNo": front, "attendanceStatus": "checkIn", "currentVerifyMode": "cardOrFace"}}})

    def push(payload):
        return anyone.attendance_svc.hikvision_event("DS-K1T-0001", token, payload)

    first = push(event(1, 0))
    assert (first["outcome"], first["person_id"]) == ("accepted", 201)
    assert push(event(1, 0)) == {"seq": 1, "outcome": "duplicate", "record_id": first["record_id"]}
    assert push(event(2, 1, minor=21)) == {"ignored": True}  # door unlocked: no clock
    assert push(event(5, 4, hour=18))["outcome"] == "accepted"
    assert push(event(6, 5, minor=76, employee="", hour=18))["reason"] == "UNKNOWN_FACE"
    assert refusal(lambda: anyone.attendance_svc.hikvision_event("DS-K1T-0001", "x" * 43, event(7, 6)))[
        "code"] == "DEVICE_UNKNOWN"

    # 3 and 4 never arrived (5 says 4 came before it); 2 was a door event, no clock but no gap either
    report = site.attendance_svc.reconcile_device(device_id, [
        {"seq": 1, "occurred_at": f"{TODAY}T08:00:00+08:00", "person_ref": "201"},
        {"seq": 3, "occurred_at": f"{TODAY}T09:00:00+08:00", "person_ref": "201"}])
    assert report["gaps"] == [{"from": 3, "to": 4}]
    assert [m["seq"] for m in report["missing"]] == [3]
    assert site.attendance_svc.device_commands(device_id)["counts"] == {"pending": 0, "sent": 0, "ok": 0,
                                                                         "failed": 0}


def _equal(actual, expected):
    assert actual == expected


def test_a_platform_device_takes_its_people_by_the_whitelist_and_its_heartbeat_confirms_them(
        started, rpc_as, identity_events):
    gate, site, anyone = started, rpc_as(SITE), rpc_as()
    gate("person_entered", stay(41, 301, "丁"))
    gate("person_entered", stay(42, 302, "戊"))
    eventually(lambda: _equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 2))
    registered = site.attendance_svc.register_device(PROJECT, "face_terminal", "PF-0001", "in", "南门", "南门")
    device_id, secret = registered["device"]["id"], registered["secret"]
    assert registered["device"]["protocol"] == "platform"
    assert refusal(lambda: anyone.attendance_svc.zkteco_request("PF-0001", secret, "GET", "getrequest", {}, ""))[
        "code"] == "DEVICE_UNKNOWN"

    def signed(method, path, body=None):
        raw = "" if body is None else json.dumps(body)
        timestamp, nonce = int(time.time()), uuid.uuid4().hex
        return anyone.attendance_svc.device_request("PF-0001", timestamp, nonce,
                                                    domain.sign(secret, method, path, timestamp, nonce, raw),
                                                    method, path, raw)

    def counts():
        return site.attendance_svc.device_commands(device_id)["counts"]

    assert counts() == {"pending": 2, "sent": 0, "ok": 0, "failed": 0}
    assert signed("POST", "/api/v1/device/heartbeat", {"person_count": 0})["resync"] is True
    assert counts()["pending"] == 2  # still on its way: no resync queued over it
    assert len(signed("GET", "/api/v1/device/whitelist?since=0")["people"]) == 2
    assert counts() == {"pending": 0, "sent": 2, "ok": 0, "failed": 0}
    assert signed("POST", "/api/v1/device/heartbeat", {"person_count": 2, "face_count": 0})["resync"] is False
    assert counts() == {"pending": 0, "sent": 0, "ok": 2, "failed": 0}

    # a person leaves: a delete for the device, delivered by the next pull
    gate("person_exited", stay(42, 302, "戊", exit_date=str(TODAY)))
    eventually(lambda: _equal(counts()["pending"], 1))
    assert signed("GET", "/api/v1/device/whitelist?since=0")["removed"] == []  # everyone: 302 is simply absent
    assert signed("POST", "/api/v1/device/heartbeat", {"person_count": 1})["resync"] is False
    assert counts() == {"pending": 0, "sent": 0, "ok": 2, "failed": 0}

    # a face enrolled: the person goes down again (the whitelist's next pull carries the template)
    version = signed("POST", "/api/v1/device/heartbeat", {"person_count": 1})["whitelist_version"]
    identity_events("face_enrolled", {"person_id": 301, "enrolled_at": f"{TODAY}T08:00:00+08:00", "version": 1,
                                      "quality": {}, "enrolled_by_role": "site", "project_id": PROJECT})
    eventually(lambda: _equal(counts()["pending"], 1))
    changed = signed("GET", f"/api/v1/device/whitelist?since={version}")
    assert [p["person_id"] for p in changed["people"]] == [301] and changed["version"] == version + 1


# -- faces down to a ZKTeco terminal, as the photo it enrols itself --------------------------------------------------

#: what identity_svc keeps of two faces (FACE_KEEP_PHOTOS on): JPEG bytes, base64
PHOTO_OF_501 = base64.b64encode(b"\xff\xd8\xff\xe0 the face of 501 \xff\xd9").decode()
PHOTO_OF_502 = base64.b64encode(b"\xff\xd8\xff\xe0 the face of 502, enrolled again \xff\xd9").decode()


@pytest.fixture
def faces_kept(start_attendance, gate):
    """attendance_svc beside an identity_svc that keeps the photo of 501's face and only the template of 502's;
    answers (``gate``, the kept photos by person, which a test changes as identity_svc would)."""
    photos = {501: PHOTO_OF_501}
    start_attendance(PROJECT, "方言项目", base64.b64encode(b"\x01" * 32).decode(), templates=[501, 502],
                     photos=photos)
    return gate, photos


def enrolled(person_id, version=1):
    return {"person_id": person_id, "enrolled_at": f"{TODAY}T08:00:00+08:00", "version": version, "quality": {},
            "enrolled_by_role": "site", "project_id": PROJECT}


def test_a_face_goes_to_a_zkteco_terminal_as_the_photo_identity_svc_keeps_and_leaves_with_its_person(
        faces_kept, rpc_as, identity_events):
    (gate, photos), site, anyone = faces_kept, rpc_as(SITE), rpc_as()
    gate("person_entered", stay(51, 501, "己"))
    gate("person_entered", stay(52, 502, "庚"))
    eventually(lambda: _equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 2))
    registered = site.attendance_svc.register_device(PROJECT, "face_terminal", "ZK-FACE-1", "in", "东门", "东门中控",
                                                     "zkteco")
    device_id, token = registered["device"]["id"], registered["secret"]

    def zk(method, route, body="", **query):
        return anyone.attendance_svc.zkteco_request("ZK-FACE-1", token, method, route,
                                                    {"SN": "ZK-FACE-1", **query}, body)["text"]

    def rows():
        return {(p["person_id"], p["kind"]): p for p in site.attendance_svc.device_commands(device_id)["people"]}

    def confirm(lines):
        zk("POST", "devicecmd", "\n".join(f"ID={line.split(':')[1]}&Return=0&CMD=DATA" for line in lines))

    identity_events("face_enrolled", enrolled(501))
    identity_events("face_enrolled", enrolled(502))
    eventually(lambda: _equal({key for key in rows() if key[1] == "face"}, {(501, "face"), (502, "face")}))

    # people first, then the face whose photo identity_svc keeps; the other face fails, saying why
    lines = zk("GET", "getrequest").splitlines()
    assert [line.split(":", 2)[2].split("\t")[0] for line in lines] == [
        "DATA UPDATE USERINFO PIN=501", "DATA UPDATE USERINFO PIN=502", "DATA UPDATE BIOPHOTO PIN=501"]
    assert lines[2].split(":", 2)[2] == (
        f"DATA UPDATE BIOPHOTO PIN=501\tType=9\tSize={len(PHOTO_OF_501)}\tContent={PHOTO_OF_501}")
    not_kept = rows()[(502, "face")]
    assert (not_kept["state"], not_kept["last_error"], not_kept["next_try_at"]) == (
        "failed", "FACE_PHOTO_NOT_KEPT", None)
    confirm(lines)
    assert rows()[(501, "face")]["state"] == "ok"
    assert site.attendance_svc.device_commands(device_id)["counts"] == {"pending": 0, "sent": 0, "ok": 3,
                                                                         "failed": 1}
    assert zk("GET", "getrequest") == "OK"  # not tried again: only a new enrolment can help

    # read-back: fewer faces on the terminal than it confirmed queues everyone again, the unkept face aside
    resync = zk("GET", "getrequest", INFO="Ver 8.0.4.3,2,0,3,192.168.1.201,10,7,12,0,111").splitlines()
    assert sorted(line.split(":", 2)[2].split("\t")[0] for line in resync) == [
        "DATA UPDATE BIOPHOTO PIN=501", "DATA UPDATE USERINFO PIN=501", "DATA UPDATE USERINFO PIN=502"]
    after = rows()
    assert after[(501, "face")]["last_error"] == "READ_BACK_MISMATCH: faces 0 < 1"
    assert after[(502, "face")]["last_error"] == "FACE_PHOTO_NOT_KEPT"
    confirm(resync)
    assert zk("GET", "getrequest", INFO="Ver 8.0.4.3,2,0,3,192.168.1.201,10,7,12,1,111") == "OK"

    # enrolled again where the photo is kept: the face goes down
    photos[502] = PHOTO_OF_502
    identity_events("face_enrolled", enrolled(502, version=2))
    eventually(lambda: _equal(rows()[(502, "face")]["state"], "pending"))
    person, face = zk("GET", "getrequest").splitlines()  # the person too, as for any terminal
    assert person.split(":", 2)[2].startswith("DATA UPDATE USERINFO PIN=502\t")
    assert face.split(":", 2)[2] == (
        f"DATA UPDATE BIOPHOTO PIN=502\tType=9\tSize={len(PHOTO_OF_502)}\tContent={PHOTO_OF_502}")
    confirm([person, face])

    # a person leaves: the face is deleted before the person
    gate("person_exited", stay(51, 501, "己", exit_date=str(TODAY)))
    eventually(lambda: _equal(rows()[(501, "face")]["operation"], "delete"))
    leaving = zk("GET", "getrequest").splitlines()
    assert [line.split(":", 2)[2] for line in leaving] == [
        "DATA DELETE BIOPHOTO PIN=501", "DATA DELETE USERINFO PIN=501"]
    confirm(leaving)
    final = rows()
    assert {key: (row["operation"], row["state"]) for key, row in final.items()} == {
        (501, "person"): ("delete", "ok"), (501, "face"): ("delete", "ok"),
        (502, "person"): ("upsert", "ok"), (502, "face"): ("upsert", "ok")}


@pytest.fixture
def hikvision_terminal():
    """A Hikvision terminal's ISAPI (``devtools.gate.HikvisionIsapi``) on a free port of this machine."""
    terminal = HikvisionIsapi("admin", "Hik-pass-1").start()
    yield terminal
    terminal.stop()


def test_a_hikvision_terminal_with_an_address_is_pushed_its_people_cards_and_faces_over_isapi(
        start_attendance, gate, identity_events, rpc_as, hikvision_terminal):
    terminal, site = hikvision_terminal, rpc_as(SITE)
    start_attendance(PROJECT, "方言项目", base64.b64encode(b"\x01" * 32).decode(), templates=[501, 502],
                     photos={501: PHOTO_OF_501}, HIKVISION_PUSH_SECONDS=0.2, HIKVISION_READ_BACK_SECONDS=1)
    gate("person_entered", stay(51, 501, "己"))
    gate("person_entered", stay(52, 502, "庚"))
    eventually(lambda: _equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 2))
    site.attendance_svc.issue_card(PROJECT, 501, "C501")
    identity_events("face_enrolled", enrolled(501))
    identity_events("face_enrolled", enrolled(502))

    # what is wrong with a connection is said field by field, and nothing is registered
    def register(serial, protocol="hikvision", **connection):
        return site.attendance_svc.register_device(PROJECT, "face_terminal", serial, "in", "南门", "南门海康",
                                                   protocol, **connection)

    assert refusal(lambda: register("DS-1", device_address=terminal.address, username="admin"))["fields"] == {
        "password": "REQUIRED"}
    assert refusal(lambda: register("DS-1", device_address="ftp://192.168.1.64", username="a", password="b"))[
        "fields"] == {"device_address": "INVALID"}
    assert refusal(lambda: register("DS-1", device_address="http://admin:pw@192.168.1.64", username="a", password="b"))[
        "fields"] == {"device_address": "INVALID"}
    assert refusal(lambda: register("ZK-1", "zkteco", device_address=terminal.address, username="a", password="b"))[
        "fields"] == {"device_address": "NOT_HIKVISION"}
    assert site.attendance_svc.list_devices(PROJECT) == []

    device = register("DS-K1T341-0009", device_address=terminal.address + "/", username="admin",
                      password="Hik-pass-1")["device"]
    assert (device["device_address"], device["username"], device["pushes_people"]) == (terminal.address, "admin", True)
    assert "password" not in json.dumps(device) and "Hik-pass-1" not in json.dumps(device)

    def rows():
        return {(p["person_id"], p["kind"]): (p["operation"], p["state"], p["last_error"])
                for p in site.attendance_svc.device_commands(device["id"])["people"]}

    # people with their card, then the face whose photo identity_svc keeps; the other face waits for one
    eventually(lambda: _equal(rows(), {
        (501, "person"): ("upsert", "ok", None), (502, "person"): ("upsert", "ok", None),
        (501, "face"): ("upsert", "ok", None), (502, "face"): ("upsert", "failed", "FACE_PHOTO_NOT_KEPT")}),
        timeout=20)
    assert {number: user["name"] for number, user in terminal.users.items()} == {"501": "己", "502": "庚"}
    assert terminal.cards == {"C501": "501"}
    assert terminal.faces == {"501": base64.b64decode(PHOTO_OF_501)}
    (listed,) = site.attendance_svc.list_devices(PROJECT)
    eventually(lambda: _equal([(d["status"], d["reported_person_count"], d["reported_face_count"])
                               for d in site.attendance_svc.list_devices(PROJECT)], [("online", 2, 1)]))

    # someone deletes a person on the terminal by hand: the read-back finds it and the platform sends them again
    terminal.users.pop("502")
    eventually(lambda: _equal(set(terminal.users), {"501", "502"}), timeout=20)

    # a person leaves: gone from the terminal, with their card and face
    gate("person_exited", stay(51, 501, "己", exit_date=str(TODAY)))
    eventually(lambda: _equal((set(terminal.users), terminal.cards, set(terminal.faces)), ({"502"}, {}, set())),
               timeout=20)
    eventually(lambda: _equal({key: row[:2] for key, row in rows().items() if key[0] == 501},
                              {(501, "person"): ("delete", "ok"), (501, "face"): ("delete", "ok")}))

    # the password refused: the row says so; put right at 修改连接, it goes at once (the password kept
    # encrypted, an empty one keeping it)
    site.attendance_svc.set_device_connection(device["id"], terminal.address, "admin", "not-the-password")
    gate("person_entered", stay(53, 503, "辛"))
    eventually(lambda: _equal(rows().get((503, "person")), ("upsert", "failed", "ISAPI_UNAUTHORIZED")), timeout=20)
    site.attendance_svc.set_device_connection(device["id"], terminal.address, "admin", "Hik-pass-1")
    eventually(lambda: _equal(rows().get((503, "person")), ("upsert", "ok", None)), timeout=20)
    assert "503" in terminal.users
    kept = site.attendance_svc.set_device_connection(device["id"], terminal.address, "admin", "")
    assert kept["pushes_people"] is True

    # the terminal out of reach: what is due fails, saying so, and waits for the back-off
    terminal.stop()
    gate("person_entered", stay(54, 504, "壬"))
    eventually(lambda: _equal(rows().get((504, "person")), ("upsert", "failed", "DEVICE_UNREACHABLE")), timeout=20)

    # the connection taken away: the platform sends it nothing more
    removed = site.attendance_svc.set_device_connection(device["id"], None, None, None)
    assert (removed["device_address"], removed["username"], removed["pushes_people"]) == (None, None, False)


def test_a_connected_hikvision_terminal_is_reconciled_from_its_own_history(started, rpc_as, hikvision_terminal):
    gate, site, anyone, terminal = started, rpc_as(SITE), rpc_as(), hikvision_terminal
    gate("person_entered", stay(61, 601, "癸"))
    eventually(lambda: _equal(site.attendance_svc.attendance_day(PROJECT, str(TODAY))["on_site"], 1))
    plain = site.attendance_svc.register_device(PROJECT, "face_terminal", "DS-PLAIN-1", "in", "北门", "北门海康",
                                                "hikvision")
    assert refusal(lambda: site.attendance_svc.reconcile_device(plain["device"]["id"], from_device=True))[
        "code"] == "DEVICE_NOT_CONNECTED"
    registered = site.attendance_svc.register_device(
        PROJECT, "face_terminal", "DS-HIST-1", "in", "东门", "东门海康", "hikvision",
        device_address=terminal.address, username="admin", password="Hik-pass-1")
    device_id, token = registered["device"]["id"], registered["secret"]

    # the terminal holds five events of today and one of yesterday; three of today reached the platform
    def event(serial, hour, day=TODAY):
        return {"major": 5, "minor": 75, "serialNo": serial, "employeeNoString": "601", "name": "癸",
                "time": f"{day}T{hour:02d}:00:00+08:00"}

    terminal.events = [event(10, 9, TODAY - dt.timedelta(days=1))] + [event(10 + n, 6 + n) for n in range(1, 6)]
    for serial in (11, 12, 14):
        pushed = anyone.attendance_svc.hikvision_event("DS-HIST-1", token, json.dumps({
            "dateTime": f"{TODAY}T{serial - 4:02d}:00:00+08:00", "eventType": "AccessControllerEvent",
            "AccessControllerEvent": {"majorEventType": 5, "subEventType": 75, "employeeNoString": "601",
                                      "serialNo": serial, "frontSerialNo": serial - 1}}))
        assert pushed["outcome"] in ("accepted", "duplicate"), pushed

    report = site.attendance_svc.reconcile_device(device_id, from_device=True)
    assert (report["checked"], report["missing_count"]) == (5, 2)
    assert [(m["seq"], m["occurred_at"][11:16], m["person_ref"]) for m in report["missing"]] == [
        (13, "09:00", "601"), (15, "11:00", "601")]
    assert report["gaps"] == [{"from": 13, "to": 13}]
    yesterday = site.attendance_svc.reconcile_device(device_id, from_device=True,
                                                     day=str(TODAY - dt.timedelta(days=1)))
    assert [m["seq"] for m in yesterday["missing"]] == [10]
    assert refusal(lambda: site.attendance_svc.reconcile_device(device_id, from_device=True, day="2026-13-01"))[
        "fields"] == {"day": "INVALID_DATE"}

    # the password refused, the firmware without a history, the terminal out of reach: each says so
    site.attendance_svc.set_device_connection(device_id, terminal.address, "admin", "wrong")
    assert refusal(lambda: site.attendance_svc.reconcile_device(device_id, from_device=True))[
        "code"] == "ISAPI_UNAUTHORIZED"
    site.attendance_svc.set_device_connection(device_id, terminal.address, "admin", "Hik-pass-1")
    terminal.history = False
    assert refusal(lambda: site.attendance_svc.reconcile_device(device_id, from_device=True))[
        "code"] == "DEVICE_HISTORY_UNSUPPORTED"
    terminal.stop()
    assert refusal(lambda: site.attendance_svc.reconcile_device(device_id, from_device=True))[
        "code"] == "DEVICE_UNREACHABLE"
