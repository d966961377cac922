"""出勤记录 live through the gateway, with a fake attendance_svc: a stream says where it starts, pushes each record
after the client's last one once, ends on its own after ATTENDANCE_STREAM_SECONDS (no thread held for longer), and
picks up from ``Last-Event-ID``; 考勤预警 and 补卡 reach only the caller's own project."""

import base64
import contextlib
import datetime as dt
from types import SimpleNamespace

import jwt
import pytest
from nameko.exceptions import RemoteError

from chassis.errors import ServiceError

SECRET = "unit-test-secret-of-sufficient-length"


def bearer(**claims):
    token = jwt.encode({"exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), **claims}, SECRET)
    return {"Authorization": f"Bearer {token}"}


SITE = bearer(sub="site_3", role="site", project_id=3)
OTHER_SITE = bearer(sub="site_4", role="site", project_id=4)
AUTHORITY = bearer(sub="zj", role="authority", region_code="3101")


def record(record_id):
    return {"id": record_id, "person_id": 7, "name": "测试工人乙", "device_name": "东门",
            "occurred_at": "2026-12-01T07:58:00+08:00", "direction": "01", "method": "001", "outcome": "accepted",
            "reason": None, "late": False, "correction": None, "has_photo": False}


class FakeAttendance:
    """clock_records_after over records that arrive as the polls go by: ``arriving[n]`` appear at the n-th call."""

    def __init__(self):
        self.calls = []
        self.arriving = {0: [], 2: [record(41)], 4: [record(42), record(43)]}
        self.refusal = None

    def clock_records_after(self, project_id, after_id, limit):
        self.calls.append((project_id, after_id))
        if self.refusal:
            raise RemoteError("Refused", str(ServiceError("refused", code=self.refusal)))
        present = [r for n, rs in self.arriving.items() if n <= len(self.calls) - 1 for r in rs]
        if after_id is None:
            return {"items": [], "last_id": 40}
        items = [r for r in present if r["id"] > after_id]
        return {"items": items, "last_id": items[-1]["id"] if items else after_id}

    def clock_photo(self, record_id):
        if record_id != 41:
            raise RemoteError("Refused", str(ServiceError("refused", code="PHOTO_NOT_FOUND")))
        return {"record_id": 41, "project_id": 3, "content_type": "image/jpeg",
                "image": base64.b64encode(b"\xff\xd8\xff-thumbnail").decode()}

    @contextlib.contextmanager
    def proxy(self, caller=None, idempotency_key=None):
        yield SimpleNamespace(attendance_svc=self)


@pytest.fixture
def attendance(app):
    fake = FakeAttendance()
    app.extensions["rpc"] = fake
    app.config.update(ATTENDANCE_STREAM_SECONDS=0.6, ATTENDANCE_STREAM_POLL_SECONDS=0.1)
    return fake


def events_of(body: str) -> list[dict]:
    found = []
    for block in body.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":") and ": " in line)
        if "event" in fields:
            found.append(fields)
    return found


def test_a_stream_starts_from_now_pushes_each_new_record_once_and_ends_on_its_own(client, attendance):
    answer = client.get("/api/v1/projects/3/attendance/records/stream", headers=SITE)

    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    body = answer.get_data(as_text=True)  # the whole stream: it ended by itself
    assert body.startswith("retry: 100\n")
    events = events_of(body)
    assert [(e["event"], e.get("id")) for e in events] == [
        ("ready", "40"), ("record", "41"), ("record", "42"), ("record", "43")]
    assert '"name":"测试工人乙"' in events[1]["data"]
    assert attendance.calls[0] == (3, None) and attendance.calls[1] == (3, 40)
    assert 5 <= len(attendance.calls) <= 8  # about one poll a tenth of a second for 0.6 s


def test_a_reconnection_picks_up_after_its_last_event_id(client, attendance):
    attendance.arriving = {0: [record(41), record(42)]}
    answer = client.get("/api/v1/projects/3/attendance/records/stream",
                        headers={**SITE, "Last-Event-ID": "41"})

    events = events_of(answer.get_data(as_text=True))
    assert [(e["event"], e.get("id")) for e in events] == [("ready", "42"), ("record", "42")]
    assert attendance.calls[0] == (3, 41)


def test_another_projects_stream_is_refused_before_it_starts(client, attendance):
    refused = client.get("/api/v1/projects/3/attendance/records/stream", headers=OTHER_SITE)
    assert (refused.status_code, refused.json["error"]) == (403, "FORBIDDEN")
    assert attendance.calls == []
    assert client.get("/api/v1/projects/3/attendance/records/stream").status_code == 401
    attendance.refusal = "FORBIDDEN"
    assert client.get("/api/v1/projects/3/attendance/records/stream", headers=AUTHORITY).status_code == 403


def test_a_records_photo_is_its_jpeg_thumbnail(client, attendance):
    photo = client.get("/api/v1/projects/3/attendance/records/41/photo", headers=SITE)
    assert (photo.status_code, photo.mimetype, photo.data) == (200, "image/jpeg", b"\xff\xd8\xff-thumbnail")
    missing = client.get("/api/v1/projects/3/attendance/records/42/photo", headers=SITE)
    assert (missing.status_code, missing.json["error"]) == (404, "PHOTO_NOT_FOUND")
    assert client.get("/api/v1/projects/3/attendance/records/41/photo", headers=OTHER_SITE).status_code == 403
    assert client.get("/api/v1/projects/4/attendance/records/41/photo", headers=AUTHORITY).status_code == 404
