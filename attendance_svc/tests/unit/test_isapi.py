"""Hikvision ISAPI as the platform speaks it (``attendance_svc.isapi``) against a simulated terminal's ISAPI
(``devtools.gate.HikvisionIsapi``, a local HTTP server with digest authentication; no broker, no database), and
how a batch of commands is carried out when the terminal refuses one, or cannot be reached."""

import base64
import datetime as dt
import zoneinfo

import pytest
from requests import Response

from attendance_svc import dialects, isapi
from attendance_svc.gate_dialects import Command, carry_out
from chassis.errors import InvalidInput
from devtools.gate import HikvisionIsapi

JPEG = b"\xff\xd8\xff\xe0 a face \xff\xd9"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(params=[False, True], ids=["current firmware", "firmware without SetUp"])
def terminal(request):
    device = HikvisionIsapi("admin", "Hik 12345", old_firmware=request.param).start()
    yield device
    device.stop()


@pytest.mark.parametrize("given, kept", [
    ("http://192.168.1.64", "http://192.168.1.64"), (" https://10.8.0.12:8443/ ", "https://10.8.0.12:8443"),
    ("http://gate-3.site.example/isapi-proxy", "http://gate-3.site.example/isapi-proxy"), ("", None), (None, None)])
def test_an_address_is_kept_tidied(given, kept):
    assert isapi.check_address(given) == kept


@pytest.mark.parametrize("given", [
    "192.168.1.64", "ftp://192.168.1.64", "http://", "http://admin:pw@192.168.1.64", "http://192.168.1.64/?a=1",
    "http://192.168.1.64/#x", "http://192.168.1.64:99999", "http://gate 3", "javascript:alert(1)",
    "http://" + "a" * 200])
def test_an_address_that_is_no_http_address_of_a_host_is_refused_naming_the_field(given):
    with pytest.raises(InvalidInput) as refused:
        isapi.check_address(given)
    assert refused.value.fields == {"device_address": "INVALID"}


def answer(status, text):
    response = Response()
    response.status_code, response._content = status, text.encode()
    return response


def test_a_terminals_answer_is_read_as_json_or_as_xml():
    assert isapi.refusal_of(answer(200, '{"statusCode": 1, "statusString": "OK", "subStatusCode": "ok"}')) is None
    assert isapi.refusal_of(answer(200, '{"UserInfoCount": {"userNumber": 3}}')) is None
    assert isapi.refusal_of(answer(400, '{"statusCode": 6, "subStatusCode": "cardNoAlreadyExist"}')) == \
        "ISAPI cardNoAlreadyExist"
    assert isapi.refusal_of(answer(200, "<ResponseStatus><statusCode>4</statusCode>"
                                        "<subStatusCode>notSupport</subStatusCode></ResponseStatus>")) == \
        "ISAPI notSupport"
    assert isapi.refusal_of(answer(401, "")) == isapi.ISAPI_UNAUTHORIZED
    assert isapi.refusal_of(answer(502, "Bad Gateway")) == "ISAPI HTTP 502"


def test_a_person_goes_with_their_card_and_face_and_leaves_with_them(terminal):
    device = isapi.IsapiDevice(terminal.address, "admin", "Hik 12345")
    device.set_up_person(12, "欧阳娜娜·迪丽热巴", "C0012")
    device.set_up_person(12, "欧阳娜娜·迪丽热巴", "C0013")  # a new card replaces the old
    device.set_up_face(12, JPEG)
    device.set_up_face(12, JPEG + b"again")  # enrolled again
    assert terminal.users["12"]["name"] == "欧阳娜娜·迪丽热巴"
    assert terminal.users["12"]["Valid"]["enable"] is True
    assert terminal.cards == {"C0013": "12"}
    assert terminal.faces == {"12": JPEG + b"again"}
    assert device.counts() == {"person_count": 1, "face_count": 1}

    device.set_up_person(13, "李四", None)
    device.delete_face(12)
    assert device.counts() == {"person_count": 2, "face_count": 0}
    device.delete_person(12)
    device.delete_person(12)  # gone already: nothing to refuse
    assert (set(terminal.users), terminal.cards) == ({"13"}, {})


def test_what_the_terminal_refuses_is_named_by_its_own_code(terminal):
    device = isapi.IsapiDevice(terminal.address, "admin", "Hik 12345")
    with pytest.raises(isapi.IsapiRefused) as refused:
        device.set_up_face(99, JPEG)  # nobody of that number on the terminal
    assert refused.value.code == "ISAPI employeeNoNotExist"
    device.set_up_person(12, "张三", "C1")
    with pytest.raises(isapi.IsapiRefused) as refused:
        device.set_up_person(13, "李四", "C1")  # the card is held by another on the terminal
    assert refused.value.code == "ISAPI cardNoAlreadyExist"
    with pytest.raises(isapi.IsapiRefused) as refused:
        device.set_up_face(12, b"GIF89a")
    assert refused.value.code == "ISAPI pictureFaceDetectZero"
    with pytest.raises(isapi.IsapiRefused) as refused:
        isapi.IsapiDevice(terminal.address, "admin", "wrong").counts()
    assert refused.value.code == isapi.ISAPI_UNAUTHORIZED


def test_a_name_longer_than_a_terminal_shows_is_cut_and_a_nameless_person_shows_their_number():
    assert isapi.user_info(7, "名" * 40)["UserInfo"]["name"] == "名" * isapi.NAME_LENGTH
    assert isapi.user_info(7, None)["UserInfo"]["name"] == "7"


def commands():
    photo = base64.b64encode(JPEG).decode()
    return [Command(1, dialects.PERSON, dialects.UPSERT, 12, "张三", "C12", None),
            Command(2, dialects.PERSON, dialects.UPSERT, 13, "李四", "C12", None),  # the card of another
            Command(3, dialects.FACE, dialects.UPSERT, 12, None, None, photo),
            Command(4, dialects.PERSON, dialects.DELETE, 14, None, None, None)]


def test_a_batch_goes_on_past_a_command_the_terminal_refuses_and_ends_with_the_counts(terminal):
    device_id, results, counts = carry_out(5, isapi.IsapiDevice(terminal.address, "admin", "Hik 12345"), commands())
    assert device_id == 5
    assert [(r["id"], r["return"], r.get("error")) for r in results] == [
        (1, 0, None), (2, -1, "ISAPI cardNoAlreadyExist"), (3, 0, None), (4, 0, None)]
    assert counts == {"person_count": 2, "face_count": 1}  # 李四 is on the terminal, without the card


def test_a_busy_terminal_fails_the_command_it_refused_only(terminal):
    terminal.busy = 1
    _, results, counts = carry_out(5, isapi.IsapiDevice(terminal.address, "admin", "Hik 12345"), commands()[:1])
    assert [(r["id"], r.get("error")) for r in results] == [(1, "ISAPI deviceBusy")]
    assert counts == {"person_count": 0, "face_count": 0}


@pytest.mark.parametrize("address, password, reason", [
    ("http://127.0.0.1:9", "Hik 12345", isapi.DEVICE_UNREACHABLE), (None, "wrong", isapi.ISAPI_UNAUTHORIZED)])
def test_an_unreachable_terminal_or_a_refused_password_fails_the_whole_batch_with_that_reason(
        terminal, address, password, reason):
    _, results, counts = carry_out(5, isapi.IsapiDevice(address or terminal.address, "admin", password),
                                   commands())
    assert [(r["id"], r["return"], r["error"]) for r in results] == [(n, -1, reason) for n in (1, 2, 3, 4)]
    assert counts is None
    assert terminal.users == {}


def test_the_history_of_a_day_comes_page_by_page_and_no_more_than_asked(terminal):
    day = dt.datetime(2026, 12, 1, tzinfo=SHANGHAI)
    terminal.events = [{"major": 5, "minor": 75, "serialNo": n, "employeeNoString": str(n % 7),
                        "time": (day + dt.timedelta(minutes=10 * n - 30)).isoformat()} for n in range(1, 160)]
    device = isapi.IsapiDevice(terminal.address, "admin", "Hik 12345")
    events = device.events(day, day + dt.timedelta(days=1, seconds=-1), limit=10_000)
    assert [event["serialNo"] for event in events] == list(range(3, 147))  # the day's, not the night before's
    assert len(device.events(day, day + dt.timedelta(days=1), limit=40)) == 40
    assert dialects.hik_history(events[:1] + [{"serialNo": None, "time": "x"}, {"serialNo": 9}]) == [
        {"seq": 3, "occurred_at": events[0]["time"], "person_ref": "3"}]


def test_a_terminal_that_keeps_its_history_to_itself_says_so():
    terminal = HikvisionIsapi("admin", "Hik 12345", history=False).start()
    try:
        with pytest.raises(isapi.IsapiRefused) as refused:
            isapi.IsapiDevice(terminal.address, "admin", "Hik 12345").events(
                dt.datetime(2026, 12, 1, tzinfo=SHANGHAI), dt.datetime(2026, 12, 2, tzinfo=SHANGHAI), 100)
        assert refused.value.code == "ISAPI notSupport"
    finally:
        terminal.stop()
