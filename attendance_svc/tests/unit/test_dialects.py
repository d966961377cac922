"""ZKTeco iclock and Hikvision event push read into the platform's clock record; the command queue's back-off and
the reconciliation's gaps (plain rules, no broker, no database)."""

import base64
import datetime as dt
import json
import zoneinfo

import pytest

from attendance_svc import dialects, domain
from chassis.errors import InvalidInput

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# -- ZKTeco ----------------------------------------------------------------------------------------------------------

# as a SpeedFace terminal posts it: PIN, time, status, verify, workcode, reserved …
ATTLOG = ("1024\t2026-12-01 07:58:03\t0\t15\t0\t0\t0\t0\t0\t0\n"
          "1025\t2026-12-01 07:58:41\t1\t4\t0\t0\t0\t0\t0\t0\r\n"
          "88\t2026-12-01 08:01:00\t0\t1\t0\t0\n"
          "\n"
          "garbled line without a time\n"
          "A17\t2026-12-01 08:02:00\t0\t4\t0\n")


def test_an_attlog_upload_becomes_one_record_a_punch_in_the_sites_time():
    records, unreadable = dialects.parse_attlog(ATTLOG, SHANGHAI)
    assert unreadable == ["garbled line without a time"]
    face, card, finger, stranger = records
    assert face["occurred_at"] == dt.datetime(2026, 11, 30, 23, 58, 3, tzinfo=dt.UTC)
    assert (face["_person_id"], face["method"], domain.method_code(face["method"])) == (1024, "face", "001")
    assert face["direction"] is None  # status 0: as the device is installed
    assert (card["_person_id"], domain.method_code(card["method"]), card["direction"]) == (1025, "006", "out")
    assert domain.method_code(finger["method"]) == "003"
    # a PIN that is none of our person ids: refused, by what the terminal verified
    assert stranger["_reason"] == "UNKNOWN_CARD" and "_person_id" not in stranger


@pytest.mark.parametrize(("verify", "code"), [(15, "001"), (1, "003"), (25, "004"), (2, "006"), (4, "006"),
                                              (0, "011"), (3, "011"), (200, "011")])
def test_zkteco_verify_codes_map_to_the_national_attend_type(verify, code):
    (record,), _ = dialects.parse_attlog(f"7\t2026-12-01 08:00:00\t0\t{verify}\t0", SHANGHAI)
    assert domain.method_code(record["method"]) == code


def test_the_same_punch_sent_again_has_the_same_seq_and_another_punch_another():
    (first,), _ = dialects.parse_attlog("7\t2026-12-01 08:00:00\t0\t15", SHANGHAI)
    (again,), _ = dialects.parse_attlog("7\t2026-12-01 08:00:00\t1\t4\t0\t0", SHANGHAI)
    (later,), _ = dialects.parse_attlog("7\t2026-12-01 08:00:01\t0\t15", SHANGHAI)
    (other,), _ = dialects.parse_attlog("8\t2026-12-01 08:00:00\t0\t15", SHANGHAI)
    assert first["seq"] == again["seq"] == dialects.zk_seq("7", dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC))
    assert len({first["seq"], later["seq"], other["seq"]}) == 3
    assert 0 <= first["seq"] < 2**62


def test_space_separated_punches_of_older_firmware_are_read():
    (record,), unreadable = dialects.parse_attlog("1024 2026-12-01 07:58:03 0 15", SHANGHAI)
    assert not unreadable and record["_person_id"] == 1024 and record["method"] == "face"


def test_the_handshake_tells_the_terminal_the_sites_zone():
    options = dialects.zk_options("CKJH201960012", SHANGHAI, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    lines = options.splitlines()
    assert lines[0] == "GET OPTION FROM: CKJH201960012"
    assert "TimeZone=8" in lines and "Realtime=1" in lines
    assert any(line.startswith("TransFlag=") and "AttLog" in line for line in lines)


def test_commands_are_iclock_userinfo_lines_without_stray_tabs():
    assert dialects.zk_command(12, "upsert", 1024, "张\t三", "C0012345678") == (
        "C:12:DATA UPDATE USERINFO PIN=1024\tName=张 三\tPri=0\tPasswd=\tCard=C0012345678\tGrp=1"
        "\tTZ=0000000100000000\tVerify=0")
    assert dialects.zk_command(13, "delete", 1024) == "C:13:DATA DELETE USERINFO PIN=1024"


def test_a_face_is_a_biophoto_line_carrying_the_photo_and_its_length():
    photo = base64.b64encode(b"\xff\xd8\xff\xe0 a face \xff\xd9").decode()
    assert dialects.zk_face_command(14, "upsert", 1024, photo) == (
        f"C:14:DATA UPDATE BIOPHOTO PIN=1024\tType=9\tSize={len(photo)}\tContent={photo}")
    # base64 wrapped at 76 columns would break the command's line: sent unwrapped, its size counted so
    wrapped = base64.encodebytes(b"\xff\xd8" + bytes(range(256)) + b"\xff\xd9").decode()
    line = dialects.zk_face_command(15, "upsert", 7, wrapped)
    assert "\n" not in line and line.endswith("Content=" + wrapped.replace("\n", ""))
    assert f"\tSize={len(wrapped.replace(chr(10), ''))}\t" in line
    assert dialects.zk_face_command(16, "delete", 1024) == "C:16:DATA DELETE BIOPHOTO PIN=1024"


def test_command_results_and_info_are_read():
    results = dialects.parse_command_results("ID=12&Return=0&CMD=DATA\nID=13&Return=-1002&CMD=DATA\nnonsense\n")
    assert results == [{"id": 12, "return": 0, "cmd": "DATA"}, {"id": 13, "return": -1002, "cmd": "DATA"}]
    info = dialects.parse_zk_info("Ver 8.0.4.3-20190528,5,3,1024,192.168.1.201,10,7,12,3,111")
    assert info == {"person_count": 5, "face_count": 3}
    assert dialects.parse_zk_info(None) == {"person_count": None, "face_count": None}


# -- Hikvision -------------------------------------------------------------------------------------------------------

def hik_event(minor=75, serial=1199, front=1198, employee="1024", status="checkIn", wrapped=False, **more):
    event = {"ipAddress": "192.168.1.64", "portNo": 80, "protocol": "HTTP", "macAddress": "24:0f:9b:11:22:33",
             "channelID": 1, "dateTime": "2026-12-01T07:45:13+08:00", "activePostCount": 1,
             "eventType": "AccessControllerEvent", "eventState": "active",
             "eventDescription": "Access Controller Event",
             "AccessControllerEvent": {
                 "deviceName": "东门人脸机", "majorEventType": 5, "subEventType": minor, "name": "测试",
                 "cardReaderNo": 1, "doorNo": 1, "employeeNoString": employee, "serialNo": serial,
                 "frontSerialNo": front, "userType": "normal", "currentVerifyMode": "cardOrFaceOrFp",
                 "attendanceStatus": status, "statusValue": 0, "mask": "no", "helmet": "yes", "picturesNumber": 1,
                 "FaceRect": {"height": 0.3, "width": 0.2, "x": 0.4, "y": 0.2}, **more}}
    return json.dumps({"EventNotificationAlert": event} if wrapped else event)


def test_a_face_passed_event_is_a_face_record_of_the_employee_number_keyed_by_serial_no():
    record = dialects.parse_hikvision(hik_event(), SHANGHAI)
    assert (record["seq"], record["front_seq"], record["_person_id"]) == (1199, 1198, 1024)
    assert (domain.method_code(record["method"]), record["direction"]) == ("001", "in")
    assert record["occurred_at"] == dt.datetime(2026, 11, 30, 23, 45, 13, tzinfo=dt.UTC)


def test_the_wrapped_form_and_check_out_are_read_alike():
    record = dialects.parse_hikvision(hik_event(status="checkOut", wrapped=True), SHANGHAI)
    assert record["seq"] == 1199 and record["direction"] == "out"
    assert dialects.parse_hikvision(hik_event(status="undefined"), SHANGHAI)["direction"] is None


def test_the_method_comes_from_the_minor_code_not_the_configured_verify_mode():
    card = dialects.parse_hikvision(hik_event(minor=1, employee="", cardNo="3520019876"), SHANGHAI)
    assert (domain.method_code(card["method"]), card["card_number"], card.get("_person_id")) == (
        "006", "3520019876", None)  # the platform finds the card's holder
    assert domain.method_code(dialects.parse_hikvision(hik_event(minor=38), SHANGHAI)["method"]) == "003"
    stranger = dialects.parse_hikvision(hik_event(minor=76, employee=""), SHANGHAI)
    assert (stranger["method"], stranger["_reason"]) == ("face", "UNKNOWN_FACE")
    invalid_card = dialects.parse_hikvision(hik_event(minor=9, employee="", cardNo="99887766"), SHANGHAI)
    assert invalid_card["_reason"] == "UNKNOWN_CARD" and invalid_card["card_number"] == "99887766"


def test_events_that_are_no_clock_are_ignored():
    assert dialects.parse_hikvision(hik_event(minor=21), SHANGHAI) is None  # door unlocked
    alarm = json.loads(hik_event())
    alarm["AccessControllerEvent"]["majorEventType"] = 1
    assert dialects.parse_hikvision(json.dumps(alarm), SHANGHAI) is None
    assert dialects.parse_hikvision(json.dumps({"eventType": "heartBeat", "dateTime": "2026-12-01T08:00:00+08:00"}),
                                    SHANGHAI) is None


def test_every_access_controller_event_names_its_serial_numbers_clock_or_not():
    assert dialects.hik_serials(hik_event(minor=21, serial=1200, front=1199)) == (1200, 1199)
    assert dialects.hik_serials(hik_event(front=None)) == (1199, None)
    assert dialects.hik_serials(json.dumps({"eventType": "heartBeat"})) is None


def test_a_clock_without_serial_no_or_not_json_is_refused():
    event = json.loads(hik_event())
    del event["AccessControllerEvent"]["serialNo"]
    with pytest.raises(InvalidInput) as refused:
        dialects.parse_hikvision(json.dumps(event), SHANGHAI)
    assert refused.value.fields == {"serialNo": "REQUIRED"}
    with pytest.raises(InvalidInput):
        dialects.parse_hikvision("--boundary not json", SHANGHAI)


def test_a_terminal_without_a_zone_gives_the_sites_time():
    event = json.loads(hik_event())
    event["dateTime"] = "2026-12-01T07:45:13"
    assert dialects.parse_hikvision(json.dumps(event), SHANGHAI)["occurred_at"].utcoffset() == dt.timedelta(hours=8)


# -- queue and reconciliation ----------------------------------------------------------------------------------------

def test_failed_commands_back_off_doubling_up_to_an_hour():
    assert [dialects.back_off(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_read_back_agrees_only_when_the_counts_do():
    assert dialects.read_back_agrees(3, 3) and dialects.read_back_agrees(None, 3)
    assert not dialects.read_back_agrees(2, 3)


def test_the_face_read_back_disagrees_only_when_the_terminal_holds_fewer_faces_than_it_confirmed():
    assert dialects.faces_read_back_agrees(1, 1) and dialects.faces_read_back_agrees(None, 4)
    assert dialects.faces_read_back_agrees(5, 1)  # faces enrolled on the terminal by hand
    assert not dialects.faces_read_back_agrees(0, 1)


def test_gaps_follow_the_sequence_and_front_serial_numbers():
    assert dialects.sequence_gaps([(1, 0), (2, 1), (5, 4)]) == [{"from": 3, "to": 4}]
    # the terminal says 5 followed 2: the numbers between were not clocks, no gap
    assert dialects.sequence_gaps([(2, 1), (5, 2)]) == []
    # the platform's own API: consecutive numbers
    assert dialects.sequence_gaps([(10, None), (7, None), (8, None)]) == [{"from": 9, "to": 9}]
    assert dialects.sequence_gaps([]) == []


def test_a_zkteco_history_entry_is_keyed_as_its_upload_was():
    (punch,), _ = dialects.parse_attlog("7\t2026-12-01 08:00:00\t0\t15", SHANGHAI)
    (entry,) = dialects.history_entries("zkteco", [{"occurred_at": "2026-12-01T08:00:00+08:00", "person_ref": "7"}],
                                        SHANGHAI)
    assert entry["seq"] == punch["seq"]
    with pytest.raises(InvalidInput) as refused:
        dialects.history_entries("hikvision", [{"occurred_at": "2026-12-01T08:00:00+08:00"}, "x"], SHANGHAI)
    assert refused.value.fields == {"records.0.seq": "REQUIRED", "records.1": "INVALID"}
