"""ZKTeco iclock and Hikvision event push through the gateway, with its real app and a fake attendance_svc: what the
terminals send reaches attendance_svc as sent (plain text, JSON, multipart's ``event_log``), the answers go back in
the dialect, a request without its serial or token is refused before any service; the site's 同步 / 对账 routes."""

import contextlib
import io
import json
from types import SimpleNamespace

import pytest
from nameko.exceptions import RemoteError

from chassis.errors import ServiceError

DEVICE = {"id": 5, "project_id": 3, "kind": "face_terminal", "serial": "DS-K1T-1", "name": "北门", "direction": "in",
          "location": None, "status": "offline", "last_seen_at": None, "registered_at": "2026-12-01T08:00:00+08:00",
          "reported_person_count": None, "reported_face_count": None, "protocol": "hikvision"}
EVENT = {"EventNotificationAlert": {"dateTime": "2026-12-01T07:45:13+08:00", "eventType": "AccessControllerEvent",
                                    "AccessControllerEvent": {"majorEventType": 5, "subEventType": 75,
                                                              "employeeNoString": "12", "serialNo": 1199}}}


class FakeAttendance:
    def __init__(self):
        self.calls = []
        self.refusal = None
        self.answers = {
            "zkteco_request": {"text": "C:7:DATA DELETE USERINFO PIN=12\n"},
            "hikvision_event": {"seq": 1199, "outcome": "accepted", "record_id": 9, "person_id": 12},
            "register_device": {"device": DEVICE, "secret": "s3cr3t-with+/="},
            "list_devices": [DEVICE],
            "set_device_connection": {**DEVICE, "device_address": "http://192.168.1.64", "username": "admin",
                                      "pushes_people": True},
            "device_commands": {"device_id": 5, "protocol": "hikvision",
                                "counts": {"pending": 1, "sent": 0, "ok": 2, "failed": 0},
                                "people": [{"person_id": 12, "name": "测试", "operation": "upsert", "state": "pending",
                                            "attempts": 0, "last_error": None, "next_try_at": None}],
                                "gaps": [{"from": 3, "to": 4}]},
            "reconcile_device": {"device_id": 5, "protocol": "hikvision", "checked": 1, "missing": [],
                                 "missing_count": 0, "gaps": [{"from": 3, "to": 4}]},
        }

    def method(self, name):
        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            if self.refusal:
                raise RemoteError("Refused", str(ServiceError("refused", code=self.refusal)))
            return self.answers[name]
        return call

    @contextlib.contextmanager
    def proxy(self, caller=None, idempotency_key=None):
        yield SimpleNamespace(attendance_svc=SimpleNamespace(**{n: self.method(n) for n in self.answers}))

    def called(self, name):
        return [args for method, args, _ in self.calls if method == name]


@pytest.fixture
def attendance(app):
    fake = FakeAttendance()
    app.extensions["rpc"] = fake
    return fake


def test_iclock_requests_reach_attendance_as_sent_and_are_answered_in_plain_text(client, attendance):
    punches = "12\t2026-12-01 07:58:03\t0\t15\t0\t0\n"
    response = client.post("/iclock/cdata?SN=ZK-1&table=ATTLOG&Stamp=9999&token=tok", data=punches.encode(),
                           content_type="text/plain")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert attendance.called("zkteco_request") == [
        ("ZK-1", "tok", "POST", "cdata", {"table": "ATTLOG", "Stamp": "9999"}, punches)]
    commands = client.get("/iclock/getrequest?SN=ZK-1&token=tok&INFO=Ver%208,5,0,1")
    assert commands.text == "C:7:DATA DELETE USERINFO PIN=12\n"
    assert attendance.called("zkteco_request")[-1][4] == {"INFO": "Ver 8,5,0,1"}
    client.post("/iclock/devicecmd?SN=ZK-1&token=tok", data="ID=7&Return=0&CMD=DATA")
    assert attendance.called("zkteco_request")[-1][3:] == ("devicecmd", {}, "ID=7&Return=0&CMD=DATA")


@pytest.mark.parametrize("query", ["SN=ZK-1", "token=tok", ""])
def test_an_iclock_request_without_serial_or_token_is_refused_before_any_service(client, attendance, query):
    response = client.get(f"/iclock/getrequest?{query}")
    assert (response.status_code, response.json["error"]) == (401, "DEVICE_UNKNOWN")
    assert attendance.calls == []


def test_an_unknown_device_is_401(client, attendance):
    attendance.refusal = "DEVICE_UNKNOWN"
    response = client.get("/iclock/cdata?SN=ZK-1&token=x&options=all")
    assert (response.status_code, response.json["error"]) == (401, "DEVICE_UNKNOWN")


def test_a_hikvision_event_arrives_as_json_or_as_the_event_log_part_of_a_multipart_push(client, attendance):
    text = json.dumps(EVENT)
    response = client.post("/api/v1/device/hikvision/events?serial=DS-K1T-1&token=tok", data=text,
                           content_type="application/json")
    assert response.status_code == 200 and response.json["outcome"] == "accepted"
    response = client.post("/api/v1/device/hikvision/events?serial=DS-K1T-1&token=tok", data={
        "event_log": text, "Picture": (io.BytesIO(b"\xff\xd8\xff\xe0 jpeg"), "capture.jpg", "image/jpeg")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    as_file = client.post("/api/v1/device/hikvision/events?serial=DS-K1T-1&token=tok", data={
        "event_log": (io.BytesIO(text.encode()), "event_log", "application/json")}, content_type="multipart/form-data")
    assert as_file.status_code == 200
    assert attendance.called("hikvision_event") == [("DS-K1T-1", "tok", text)] * 3
    refused = client.post("/api/v1/device/hikvision/events?serial=DS-K1T-1", json=EVENT)
    assert (refused.status_code, refused.json["error"]) == (401, "DEVICE_UNKNOWN")


def test_a_dialect_device_is_shown_the_address_to_configure_once(client, attendance, site_3):
    response = client.post("/api/v1/projects/3/devices", headers=site_3, json={
        "kind": "face_terminal", "serial": "DS-K1T-1", "direction": "in", "name": "北门", "protocol": "hikvision"})
    assert response.status_code == 201
    assert response.json["push_url"] == (
        "http://localhost/api/v1/device/hikvision/events?serial=DS-K1T-1&token=s3cr3t-with%2B%2F%3D")
    assert attendance.called("register_device")[0][6] == "hikvision"
    bad = client.post("/api/v1/projects/3/devices", headers=site_3, json={
        "kind": "face_terminal", "serial": "X", "direction": "in", "name": "x", "protocol": "uface"})
    assert (bad.status_code, set(bad.json["fields"])) == (422, {"protocol"})


def test_the_site_sees_a_devices_commands_and_reconciles_its_history(client, attendance, site_3):
    state = client.get("/api/v1/projects/3/devices/5/commands", headers=site_3)
    assert state.status_code == 200
    assert state.json["counts"]["pending"] == 1 and state.json["gaps"] == [{"from": 3, "to": 4}]
    report = client.post("/api/v1/projects/3/devices/5/reconciliation", headers=site_3, json={
        "records": [{"seq": 1199, "occurred_at": "2026-12-01T07:45:13+08:00", "person_ref": "12"}]})
    assert report.status_code == 200 and report.json["gaps"] == [{"from": 3, "to": 4}]
    assert attendance.called("reconcile_device") == [
        (5, [{"seq": 1199, "occurred_at": "2026-12-01T07:45:13+08:00", "person_ref": "12"}], None, False, None)]
    from_device = client.post("/api/v1/projects/3/devices/5/reconciliation", headers=site_3,
                              json={"from_device": True, "day": "2026-12-01"})
    assert from_device.status_code == 200
    assert attendance.called("reconcile_device")[-1] == (5, [], None, True, "2026-12-01")
    assert client.get("/api/v1/projects/3/devices/6/commands", headers=site_3).status_code == 404


def test_the_openapi_document_describes_the_dialects(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["paths"]["/iclock/getrequest"]["get"]["security"] == []
    assert "text/plain" in spec["paths"]["/iclock/cdata"]["post"]["responses"]["200"]["content"]
    events = spec["paths"]["/api/v1/device/hikvision/events"]["post"]
    assert set(events["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "/api/v1/projects/{project_id}/devices/{device_id}/reconciliation" in spec["paths"]
    tags = {tag["name"]: tag["description"] for tag in spec["tags"]}
    assert all("no timestamp, nonce or replay check" in tags[name] for name in ("iclock", "hikvision"))


def test_a_hikvision_terminal_is_given_its_connection_at_registration_and_when_changed(client, attendance, site_3):
    response = client.post("/api/v1/projects/3/devices", headers=site_3, json={
        "kind": "face_terminal", "serial": "DS-K1T-1", "direction": "in", "name": "北门", "protocol": "hikvision",
        "device_address": "http://192.168.1.64", "username": "admin", "password": "Hik 12345"})
    assert response.status_code == 201
    assert attendance.called("register_device")[0][6:] == ("hikvision", "http://192.168.1.64", "admin", "Hik 12345")

    changed = client.put("/api/v1/projects/3/devices/5/connection", headers=site_3, json={
        "device_address": "http://192.168.1.64", "username": "admin", "password": ""})
    assert changed.status_code == 200
    assert (changed.json["device_address"], changed.json["pushes_people"]) == ("http://192.168.1.64", True)
    assert "password" not in changed.json
    assert attendance.called("set_device_connection") == [(5, "http://192.168.1.64", "admin", "")]
    # another project's device, or the authority, changes nothing
    assert client.put("/api/v1/projects/3/devices/6/connection", headers=site_3, json={}).status_code == 404
    assert len(attendance.called("set_device_connection")) == 1


@pytest.mark.parametrize("code, status", [("DEVICE_NOT_CONNECTED", 409), ("DEVICE_UNREACHABLE", 503),
                                          ("ISAPI_UNAUTHORIZED", 409), ("DEVICE_HISTORY_UNSUPPORTED", 409),
                                          ("DEVICE_REFUSED", 502)])
def test_reading_a_devices_history_that_fails_says_why(client, attendance, site_3, code, status):
    attendance.refusal = code
    refused = client.post("/api/v1/projects/3/devices/5/reconciliation", headers=site_3, json={"from_device": True})
    assert (refused.status_code, refused.json["error"]) == (status, code)
    assert refused.json["message"]
