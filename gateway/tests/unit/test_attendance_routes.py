"""考勤 through the gateway, with its real app and fakes of attendance_svc, identity_svc and siteaccess_svc: the
device API forwards the signed request as sent, the site's pages reach only their own project, and refusals
come through the one error table."""

import base64
import contextlib
import datetime as dt
import io
from types import SimpleNamespace

import jwt
import pytest
from nameko.exceptions import RemoteError

from chassis.errors import ServiceError

SECRET = "unit-test-secret-of-sufficient-length"  # conftest.py signs tokens with it
DEVICE = {"id": 5, "project_id": 3, "kind": "face_terminal", "serial": "SN-1", "name": "东门", "direction": "in",
          "location": "东门", "status": "online", "last_seen_at": "2026-12-01T08:00:00+08:00",
          "registered_at": "2026-11-30T08:00:00+08:00", "reported_person_count": 2, "reported_face_count": 1}


def refusal(code):
    return RemoteError("Refused", str(ServiceError("refused", code=code)))


class FakeServices:
    """Records each call as (service.method, args, kwargs); ``answers`` and ``refusals`` by method name."""

    def __init__(self):
        self.calls, self.callers = [], []
        self.answers = {
            "list_devices": [DEVICE],
            "register_device": {"device": DEVICE, "secret": "s3cr3t"},
            "reissue_device_secret": {"device": DEVICE, "secret": "n3w"},
            "retire_device": None,
            "device_request": {"server_time": "2026-12-01T08:00:00+08:00", "whitelist_version": 7, "resync": False},
            "cards_of": {"7": "0012345678", "8": None},
            "query_entries": {"items": [
                {"id": 71, "person_id": 7, "name": "测试工人乙", "team_leader_name": "钢筋一班",
                 "employer_name": "甲劳务"},
                {"id": 81, "person_id": 8, "name": "测试工人甲", "team_leader_name": "木工二班",
                 "employer_name": "甲劳务"},
            ], "total": 2},
            "awaiting_entry": {"items": [
                {"assignment_id": 5, "person_id": 9, "person_name": "测试工人丙", "team_name": "木工二班",
                 "enterprise_name": "乙劳务", "id_number_masked": "110*****514"},
                {"assignment_id": 6, "person_id": 7, "person_name": "测试工人乙", "team_name": None,
                 "enterprise_name": "甲劳务"},  # entered and exited, confirmed again: on site wins
            ], "total": 2},
            "sites_of_person": lambda person_id: [{"project_id": 3, "entry_id": person_id * 10 + 1}]
            if person_id in (7, 8) else [],
            "projects_awaiting_person": lambda person_id: [3] if person_id in (7, 9) else [4],
            "faces_of": {"7": {"enrolled": True, "enrolled_at": "2026-11-30T09:00:00+08:00"},
                         "8": {"enrolled": False, "enrolled_at": None},
                         "9": {"enrolled": False, "enrolled_at": None}},
            "face_submissions": {"9": {"id": 4, "person_id": 9, "state": "pending",
                                       "submitted_at": "2026-12-01T07:00:00+08:00", "decided_at": None,
                                       "reason": None, "quality": {"face_px": 200.0}}},
            "my_face": {"enrolled": False, "enrolled_at": None, "submission": None},
            "submit_own_face": {"id": 4, "person_id": 12, "state": "pending",
                                "submitted_at": "2026-12-01T07:00:00+08:00", "decided_at": None, "reason": None,
                                "quality": {"face_px": 200.0}},
            "face_submission_photo": {"id": 4, "person_id": 9,
                                      "jpeg_base64": base64.b64encode(b"\xff\xd8jpeg").decode()},
            "decide_face_submission": {"id": 4, "person_id": 9, "state": "rejected", "reason": "戴了帽子",
                                       "submitted_at": "2026-12-01T07:00:00+08:00",
                                       "decided_at": "2026-12-01T08:00:00+08:00", "face": None},
            "enroll_face": {"person_id": 8, "enrolled": True, "enrolled_at": "2026-12-01T09:00:00+08:00",
                            "quality": {"face_px": 180, "yaw": 3.0, "pitch": 2.0, "sharpness": 140.0,
                                        "brightness": 120.0}},
            "clock_records": {"items": [{"id": 1, "person_id": 7, "name": "测试工人乙", "device_name": "东门",
                                         "occurred_at": "2026-12-01T07:58:00+08:00", "direction": "01",
                                         "method": "001", "outcome": "accepted", "reason": None, "late": False}],
                              "total": 1},
            "attendance_day": {"day": "2026-12-01", "on_site": 2, "attended": 1, "rate": 0.5,
                               "by_team": [{"team": "钢筋一班", "on_site": 1, "attended": 1}],
                               "by_employer": [{"employer": "甲劳务", "on_site": 2, "attended": 1}], "people": []},
            "verify_records": {"intact": False, "records": 9, "head_intact": True, "first_broken_seq": 3,
                               "problem": "edited"},
            "clock_in_by_code": {"id": 9, "person_id": 12, "project_id": 3, "method": "010", "outcome": "accepted"},
        }
        self.refusals = {}

    def method(self, service, name):
        def call(*args, **kwargs):
            self.calls.append((f"{service}.{name}", args, kwargs))
            if name in self.refusals:
                raise refusal(self.refusals[name])
            answer = self.answers[name]
            return answer(*args, **kwargs) if callable(answer) else answer
        return call

    @contextlib.contextmanager
    def proxy(self, caller=None, idempotency_key=None):
        self.callers.append(caller)
        yield SimpleNamespace(**{service: SimpleNamespace(**{name: self.method(service, name) for name in self.answers})
                                 for service in ("attendance_svc", "identity_svc", "siteaccess_svc")})

    def called(self, name):
        return [(args, kwargs) for method, args, kwargs in self.calls if method.endswith(f".{name}")]


@pytest.fixture
def services(app):
    fake = FakeServices()
    app.extensions["rpc"] = fake
    return fake


def bearer(**claims):
    token = jwt.encode({"exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), **claims}, SECRET)
    return {"Authorization": f"Bearer {token}"}


AUTHORITY = bearer(sub="zj", role="authority", region_code="3101")
OTHER_SITE = bearer(sub="site_4", role="site", project_id=4)
WORKER = bearer(sub="310101198503021514", role="worker", person_id=12)
SIGNED = {"X-Device-Serial": "SN-1", "X-Device-Timestamp": "1764547200", "X-Device-Nonce": "n-1",
          "X-Device-Signature": "ab" * 32}


# -- the device API -----------------------------------------------------------------------------------------------

def test_the_device_api_forwards_the_raw_body_and_the_signature_as_sent(client, services):
    raw = '{"person_count": 2,  "face_count": 1}'
    response = client.post("/api/v1/device/heartbeat", data=raw, content_type="application/json", headers=SIGNED)
    assert response.status_code == 200
    assert response.json == {"server_time": "2026-12-01T08:00:00+08:00", "whitelist_version": 7, "resync": False}
    [(args, kwargs)] = services.called("device_request")
    assert kwargs == {"serial": "SN-1", "timestamp": 1764547200, "nonce": "n-1", "signature": "ab" * 32,
                      "method": "POST", "path": "/api/v1/device/heartbeat", "body": raw}
    assert services.callers == [None]  # no user


def test_the_whitelist_pull_signs_its_query_and_an_empty_body(client, services):
    services.answers["device_request"] = {"version": 7, "people": [{"person_id": 7, "name": "测试工人乙"}],
                                          "removed": [8]}
    response = client.get("/api/v1/device/whitelist?since=3", headers=SIGNED)
    assert response.json == {"version": 7, "people": [{"person_id": 7, "name": "测试工人乙"}], "removed": [8]}
    [(_, kwargs)] = services.called("device_request")
    assert (kwargs["method"], kwargs["path"], kwargs["body"]) == ("GET", "/api/v1/device/whitelist?since=3", "")


@pytest.mark.parametrize("code", ["DEVICE_UNKNOWN", "DEVICE_SIGNATURE_INVALID", "DEVICE_REQUEST_STALE",
                                  "DEVICE_REQUEST_REPLAYED"])
def test_the_signature_refusals_are_401(client, services, code):
    services.refusals["device_request"] = code
    response = client.post("/api/v1/device/records", json={"records": []}, headers=SIGNED)
    assert (response.status_code, response.json["error"]) == (401, code)


@pytest.mark.parametrize(("missing", "code"), [("X-Device-Serial", "DEVICE_UNKNOWN"),
                                               ("X-Device-Timestamp", "DEVICE_REQUEST_STALE"),
                                               ("X-Device-Signature", "DEVICE_SIGNATURE_INVALID")])
def test_a_request_without_its_headers_is_refused_before_any_service(client, services, missing, code):
    headers = {name: value for name, value in SIGNED.items() if name != missing}
    response = client.post("/api/v1/device/heartbeat", json={}, headers=headers)
    assert (response.status_code, response.json["error"]) == (401, code)
    assert services.calls == []


def test_the_openapi_document_describes_the_signature(client):
    spec = client.get("/api/v1/openapi.json").json
    tag = next(tag for tag in spec["tags"] if tag["name"] == "device_api")
    assert "HMAC-SHA256" in tag["description"]
    heartbeat = spec["paths"]["/api/v1/device/heartbeat"]["post"]
    assert heartbeat["security"] == []
    assert {p.get("name") for p in heartbeat["parameters"]} >= {"X-Device-Serial", "X-Device-Signature"}


# -- the site's pages -----------------------------------------------------------------------------------------------

def test_a_site_registers_a_device_of_its_own_project_and_sees_the_secret_once(client, services, site_3):
    response = client.post("/api/v1/projects/3/devices", headers=site_3, json={
        "kind": "face_terminal", "serial": "SN-1", "direction": "in", "location": "东门", "name": "东门"})
    assert response.status_code == 201
    assert response.json["secret"] == "s3cr3t"
    assert services.called("register_device") == [
        ((3, "face_terminal", "SN-1", "in", "东门", "东门", "platform", None, None, None), {})]
    assert response.json["push_url"] is None  # the platform API signs with the key; no address to configure


def test_a_device_form_names_its_bad_fields(client, services, site_3):
    response = client.post("/api/v1/projects/3/devices", headers=site_3, json={"kind": "toaster", "serial": ""})
    assert response.status_code == 422
    assert set(response.json["fields"]) == {"kind", "serial", "direction", "name"}


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/projects/3/devices"), ("post", "/api/v1/projects/3/devices/5/secret"),
    ("delete", "/api/v1/projects/3/devices/5"), ("get", "/api/v1/projects/3/attendance/records"),
    ("get", "/api/v1/projects/3/attendance/day"), ("get", "/api/v1/projects/3/faces"),
    ("post", "/api/v1/projects/3/people/7/card"), ("delete", "/api/v1/projects/3/people/7/card"),
])
def test_another_site_is_refused(client, services, method, path):
    response = getattr(client, method)(path, headers=OTHER_SITE, json={"card_number": "1"})
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")
    assert services.calls == []


def test_the_authority_reads_but_does_not_act(client, services):
    assert client.get("/api/v1/projects/3/devices", headers=AUTHORITY).status_code == 200
    response = client.post("/api/v1/projects/3/devices/5/secret", headers=AUTHORITY)
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")


def test_a_device_of_another_project_is_not_found(client, services, site_3):
    response = client.delete("/api/v1/projects/3/devices/99", headers=site_3)
    assert (response.status_code, response.json["error"]) == (404, "NOT_FOUND")
    assert services.called("retire_device") == []


def test_reissue_and_retire(client, services, site_3):
    assert client.post("/api/v1/projects/3/devices/5/secret", headers=site_3).json["secret"] == "n3w"
    assert client.delete("/api/v1/projects/3/devices/5", headers=site_3).status_code == 204
    assert services.called("retire_device") == [((5,), {})]


def test_cards_are_issued_withdrawn_and_read(client, services, site_3):
    services.answers["issue_card"] = None
    response = client.post("/api/v1/projects/3/people/7/card", headers=site_3, json={"card_number": "0012345678"})
    assert response.json == {"person_id": 7, "card_number": "0012345678"}
    assert services.called("issue_card") == [((3, 7, "0012345678"), {})]
    services.answers["withdraw_card"] = None
    assert client.delete("/api/v1/projects/3/people/7/card", headers=site_3).status_code == 204
    response = client.get("/api/v1/projects/3/cards?person_ids=7&person_ids=8", headers=site_3)
    assert response.json == [{"person_id": 7, "card_number": "0012345678"}]
    assert services.called("cards_of") == [((3, [7, 8]), {})]


def test_faces_list_the_people_on_site_and_awaiting_entry_with_and_without_a_face(client, services, site_3):
    response = client.get("/api/v1/projects/3/faces", headers=site_3)
    assert [(row["name"], row["stage"], row["enrolled"], row["team_name"]) for row in response.json["items"]] == [
        ("测试工人丙", "awaiting_entry", False, "木工二班"), ("测试工人甲", "on_site", False, "木工二班"),
        ("测试工人乙", "on_site", True, "钢筋一班")]
    [(args, _)] = services.called("query_entries")
    assert (args[0]["project_id"], args[0]["state"]) == (3, "on_site")
    assert services.called("awaiting_entry") == [((3, {"name": "", "page": 1, "page_size": 200}), {})]
    assert response.json["items"][0]["submission"]["state"] == "pending"  # 测试工人丙 sent a photo
    assert response.json["items"][1]["submission"] is None
    only_without = client.get("/api/v1/projects/3/faces?has_face=false&team=木工&stage=on_site", headers=site_3).json
    assert [row["person_id"] for row in only_without["items"]] == [8]
    assert only_without["total"] == 1


def test_a_face_is_taken_only_of_someone_on_the_project(client, services, site_3):
    response = client.post("/api/v1/projects/3/people/10/face", headers=site_3, json={"image": "aGVsbG8="})
    assert (response.status_code, response.json["error"]) == (404, "PERSON_NOT_ON_PROJECT")  # awaiting elsewhere
    assert services.called("enroll_face") == []
    assert services.called("query_entries") == []  # the person alone is asked about, not the whole site
    assert client.post("/api/v1/projects/3/people/9/face", headers=site_3,
                       json={"image": "aGVsbG8="}).status_code == 201  # awaiting entry


def test_a_face_is_enrolled_from_a_file_or_base64(client, services, site_3):
    photo = b"\xff\xd8\xff\xe0 a jpeg"
    response = client.post("/api/v1/projects/3/people/8/face", headers=site_3,
                           data={"file": (io.BytesIO(photo), "face.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 201
    assert response.json["quality"]["face_px"] == 180
    encoded = base64.b64encode(photo).decode()
    client.post("/api/v1/projects/3/people/8/face", headers=site_3, json={"image": f"data:image/jpeg;base64,{encoded}"})
    assert services.called("enroll_face") == [((8, encoded), {}), ((8, encoded), {})]


def test_a_refused_face_says_why(client, services, site_3):
    services.refusals["enroll_face"] = "NOT_FOUND"  # the face helper's codes join the table with identity_svc
    response = client.post("/api/v1/projects/3/people/8/face", headers=site_3, json={"image": "aGVsbG8="})
    assert response.json["error"] == "NOT_FOUND"
    response = client.post("/api/v1/projects/3/people/8/face", headers=site_3, json={})
    assert (response.status_code, response.json["fields"]) == (422, {"image": "必填项"})


def test_a_worker_sends_their_own_photo_and_reads_what_became_of_it(client, services):
    assert client.get("/api/v1/me/face", headers=WORKER).json == {"enrolled": False, "enrolled_at": None,
                                                                  "submission": None}
    sent = client.post("/api/v1/me/face", headers=WORKER, data={"file": (io.BytesIO(b"\xff\xd8jpeg"), "me.jpg")},
                       content_type="multipart/form-data")
    assert (sent.status_code, sent.json["state"]) == (201, "pending")
    assert services.called("submit_own_face") == [((base64.b64encode(b"\xff\xd8jpeg").decode(),), {})]
    assert client.post("/api/v1/me/face", headers=WORKER, json={}).json["fields"] == {"image": "必填项"}
    assert client.get("/api/v1/me/face", headers=AUTHORITY).status_code == 403


def test_the_site_sees_the_photo_and_accepts_it_or_sends_it_back(client, services, site_3):
    photo = client.get("/api/v1/projects/3/face-submissions/4/photo", headers=site_3)
    assert (photo.status_code, photo.mimetype, photo.data) == (200, "image/jpeg", b"\xff\xd8jpeg")
    assert photo.headers["Cache-Control"] == "private, no-store"
    decided = client.post("/api/v1/projects/3/face-submissions/4", headers=site_3,
                          json={"accept": False, "reason": "戴了帽子"})
    assert (decided.status_code, decided.json["state"], decided.json["face"]) == (200, "rejected", None)
    assert services.called("decide_face_submission") == [((4, False, "戴了帽子"), {})]
    assert client.post("/api/v1/projects/3/face-submissions/4", headers=site_3, json={}).json["fields"] == {
        "accept": "必填项"}
    assert client.get("/api/v1/projects/3/face-submissions/4/photo", headers=OTHER_SITE).status_code == 403


def test_verify_checks_a_device_of_the_project_for_a_day_or_every_day(client, services, site_3):
    response = client.get("/api/v1/projects/3/devices/5/verify?day=2026-11-30", headers=site_3)
    assert response.json == {"intact": False, "records": 9, "head_intact": True, "first_broken_seq": 3,
                             "problem": "edited"}
    client.get("/api/v1/projects/3/devices/5/verify", headers=site_3)
    assert services.called("verify_records") == [((5, "2026-11-30"), {}), ((5, None), {})]
    assert client.get("/api/v1/projects/3/devices/404/verify", headers=site_3).status_code == 404
    assert client.get("/api/v1/projects/3/devices/5/verify?day=yesterday", headers=site_3).status_code == 422
    assert client.get("/api/v1/projects/3/devices/5/verify", headers=OTHER_SITE).status_code == 403


def test_records_and_the_day_pass_their_filters(client, services, site_3):
    page = client.get("/api/v1/projects/3/attendance/records?day=2026-12-01&outcome=refused&page=2",
                      headers=site_3).json
    assert (page["total"], page["page"]) == (1, 2)
    assert services.called("clock_records") == [((3,), {"day": "2026-12-01", "person_id": None,
                                                         "outcome": "refused", "page": 2, "page_size": 20})]
    day = client.get("/api/v1/projects/3/attendance/day?day=2026-12-01", headers=site_3).json
    assert (day["on_site"], day["attended"], day["rate"]) == (2, 1, 0.5)
    assert services.called("attendance_day") == [((3, "2026-12-01"), {})]


def test_a_worker_clocks_in_by_the_sites_code_as_themselves(client, services, site_3):
    response = client.post("/api/v1/me/attendance/clock", headers=WORKER, json={"project_id": 3})
    assert response.status_code == 201
    assert services.called("clock_in_by_code") == [((3, 12), {})]
    staff = client.post("/api/v1/me/attendance/clock", headers=site_3, json={"project_id": 3})
    assert staff.status_code == 403


def test_the_sites_code_leads_to_the_workers_clock_in_page(app, client, services, site_3):
    app.config["PUBLIC_BASE_URL"] = "https://rsmz.example.org/"
    code = client.get("/api/v1/projects/3/attendance/site-code", headers=site_3).json
    assert code["url"] == "https://rsmz.example.org/m/clock/3"
    assert code["qr_svg"].startswith("<svg")
    assert client.get("/api/v1/projects/3/attendance/site-code", headers=OTHER_SITE).status_code == 403
