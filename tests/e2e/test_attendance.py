"""Attendance through the gateway and the signed device API, with every service running and the real face models:
a site registers a gate terminal (its secret shown once), enrols a worker's face and issues a card; the terminal
clocks the worker by card and by a photo that the platform identifies; a stranger, an unknown card and a
repeated sequence number get their own outcomes; a record buffered while the terminal was offline arrives late;
forged, stale and replayed requests are refused; the site sees the records and the day; after the exit the worker
no longer clocks in. A worker sends their own face photo from the phone; the site sends one back, then accepts
the next."""

import base64
import datetime as dt
import json
import random
import time

import jwt
import pytest

from chassis import days
from devtools.gate import Terminal, moment, sample_photos
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

pytestmark = pytest.mark.e2e
rng = random.Random(1010)
TODAY = days.today()


@pytest.fixture
def on_site(api):
    """A worker registered and entered on site_3 by its site user, for an employer of this test alone."""
    site = api("site_3")
    employer = api("authority").post("/enterprises", json={
        "name": f"考勤劳务{rng.randrange(10**6):06d}有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"})
    assert employer.status_code == 201, employer.text
    number = resident_id_number(rng)
    person = site.post("/persons", json={
        "id_type": "01", "id_number": number, "name": "考勤测试", "ethnicity": "01", "address": "上海市徐汇区测试路5号",
        "issuing_authority": "上海市公安局徐汇分局", "valid_from": "2018-03-01", "valid_until": None})
    assert person.status_code == 201, person.text
    entry = site.post("/entries", json={
        "id_number": number, "employer_id": employer.json()["id"], "is_team_leader": False,
        "team_leader_entry_id": None, "phone": None, "trade": "020", "education": "71",
        "entry_date": str(TODAY - dt.timedelta(days=2))})
    assert entry.status_code == 201, entry.text
    return {"site": site, "entry": entry.json(), "person_id": entry.json()["person_id"],
            "employer": employer.json()["name"]}


def test_a_worker_clocks_in_at_a_signed_terminal_by_card_and_face_until_the_exit(api, platform, registry, on_site):
    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    enrolment, at_the_gate, group = (base64.b64encode(photo).decode() for photo in sample_photos().values())

    # 登记设备: the terminal's secret is shown once, never listed
    serial = f"E2E{rng.randrange(10**8):08d}"
    registered = site.post(f"{project}/devices", json={
        "kind": "face_terminal", "serial": serial, "direction": "both", "location": "1号门", "name": "东门人脸机"})
    assert registered.status_code == 201, registered.text
    secret = registered.json()["secret"]
    listed = site.get(f"{project}/devices").json()
    assert [device["serial"] for device in listed if device["serial"] == serial] == [serial]
    assert secret not in json.dumps(listed)

    # 人脸采集 (a photo of several people is refused, naming the rule) and 发卡
    refused = site.post(f"{project}/people/{person_id}/face", json={"image": group})
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"] == "FACE_MULTIPLE"
    enrolled = site.post(f"{project}/people/{person_id}/face", json={"image": enrolment})
    assert enrolled.status_code == 201, enrolled.text
    faces = site.get(f"{project}/faces", params={"name": "考勤测试"}).json()
    assert any(row["person_id"] == person_id and row["enrolled"] for row in faces["items"]), faces
    card = f"C{rng.randrange(10**9):09d}"
    issued = site.post(f"{project}/people/{person_id}/card", json={"card_number": card})
    assert issued.status_code in (200, 201), issued.text

    terminal = Terminal(platform.base_url, serial, secret)
    beat = terminal.post("/heartbeat", {"person_count": 0, "face_count": 0})
    assert beat.status_code == 200, beat.text
    assert beat.json()["resync"] is True  # the platform holds people on site that the terminal does not

    # the terminal's uploads: each record's outcome, once its batch is durable
    outcome = terminal.upload(
        {"seq": 1, "occurred_at": moment(), "method": "card", "card_number": card},
        {"seq": 2, "occurred_at": moment(), "method": "face", "photo": group},
        {"seq": 3, "occurred_at": moment(), "method": "card", "card_number": "NOSUCHCARD1"},
        {"seq": 4, "occurred_at": moment(90), "method": "card", "card_number": card},  # buffered while offline
    )
    assert outcome[1]["outcome"] == "accepted" and outcome[1]["person_id"] == person_id
    assert (outcome[2]["outcome"], outcome[2]["reason"]) == ("refused", "UNKNOWN_FACE")
    assert (outcome[3]["outcome"], outcome[3]["reason"]) == ("refused", "UNKNOWN_CARD")
    assert outcome[4]["outcome"] == "accepted"
    again = terminal.upload({"seq": 1, "occurred_at": moment(), "method": "card", "card_number": card})
    assert again[1]["outcome"] == "duplicate" and again[1]["record_id"] == outcome[1]["record_id"]
    later = terminal.upload({"seq": 5, "occurred_at": moment(-2), "method": "face", "photo": at_the_gate})
    assert later[5]["outcome"] in ("accepted", "duplicate") and later[5]["person_id"] == person_id

    # forged, stale and replayed requests
    forged = Terminal(platform.base_url, serial, "not-the-secret").post("/heartbeat", {})
    assert (forged.status_code, forged.json()["error"]) == (401, "DEVICE_SIGNATURE_INVALID")
    stale = terminal.post("/heartbeat", {}, timestamp=int(time.time()) - 3600)
    assert (stale.status_code, stale.json()["error"]) == (401, "DEVICE_REQUEST_STALE")
    assert terminal.post("/heartbeat", {}, nonce="same-nonce").status_code == 200
    replayed = terminal.post("/heartbeat", {}, nonce="same-nonce")
    assert (replayed.status_code, replayed.json()["error"]) == (401, "DEVICE_REQUEST_REPLAYED")

    # what the site sees: the records of the day (the buffered one marked late), the device online, the day
    records = site.get(f"{project}/attendance/records", params={"person_id": person_id, "page_size": 50}).json()
    mine = [item for item in records["items"] if item["person_id"] == person_id]
    assert {item["method"] for item in mine if item["outcome"] == "accepted"} >= {"001", "006"}
    assert any(item["late"] for item in mine)
    assert all(item["direction"] in ("01", "02") for item in mine)
    device = next(each for each in site.get(f"{project}/devices").json() if each["serial"] == serial)
    assert device["status"] == "online" and device["last_seen_at"]
    day = site.get(f"{project}/attendance/day").json()
    assert day["attended"] >= 1
    assert any(person["person_id"] == person_id and person["first_in"] for person in day["people"])

    # after the exit the worker no longer clocks in: refused, and kept as a refused attempt
    exited = site.post("/entries/exit", json={"entry_ids": [on_site["entry"]["id"]], "exit_date": str(TODAY),
                                               "evaluation": "good", "evaluation_comment": None})
    assert exited.status_code == 200, exited.text
    seq = iter(range(100, 200))

    def refused_after_exit():
        number = next(seq)
        result = terminal.upload({"seq": number, "occurred_at": moment(), "method": "card", "card_number": card})
        assert (result[number]["outcome"], result[number].get("reason")) == ("refused", "NOT_ON_SITE")

    eventually(refused_after_exit, timeout=30)


def test_a_worker_sends_their_own_photo_and_the_site_accepts_it_after_sending_one_back(api, platform, registry,
                                                                                        on_site):
    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    claims = {"sub": "worker", "role": "worker", "person_id": person_id,
              "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)}
    phone = api()
    phone.http.headers["Authorization"] = "Bearer " + jwt.encode(claims, platform.env["AUTH_SECRET"], "HS256")
    photos = sample_photos()

    assert phone.get("/me/face").json() == {"enrolled": False, "enrolled_at": None, "submission": None}
    refused = phone.post("/me/face", files={"file": ("group.jpg", photos["group"], "image/jpeg")})
    assert (refused.status_code, refused.json()["error"]) == (422, "FACE_MULTIPLE")
    sent = phone.post("/me/face", files={"file": ("me.jpg", photos["worker"], "image/jpeg")})
    assert (sent.status_code, sent.json()["state"]) == (201, "pending"), sent.text

    def row():
        rows = site.get(f"{project}/faces", params={"name": "考勤测试", "page_size": 200}).json()["items"]
        return next(each for each in rows if each["person_id"] == person_id)

    waiting = row()["submission"]
    assert (waiting["id"], waiting["state"], row()["enrolled"]) == (sent.json()["id"], "pending", False)
    photo = site.get(f"{project}/face-submissions/{waiting['id']}/photo")
    assert (photo.status_code, photo.headers["Content-Type"], photo.content[:2]) == (200, "image/jpeg", b"\xff\xd8")
    back = site.post(f"{project}/face-submissions/{waiting['id']}", json={"accept": False, "reason": "请摘下帽子"})
    assert back.status_code == 200, back.text
    assert phone.get("/me/face").json()["submission"]["reason"] == "请摘下帽子"

    again = phone.post("/me/face", files={"file": ("me.jpg", photos["worker"], "image/jpeg")})
    accepted = site.post(f"{project}/face-submissions/{again.json()['id']}", json={"accept": True})
    assert (accepted.status_code, accepted.json()["face"]["enrolled"]) == (200, True), accepted.text
    twice = site.post(f"{project}/face-submissions/{again.json()['id']}", json={"accept": True})
    assert (twice.status_code, twice.json()["error"]) == (409, "FACE_SUBMISSION_DECIDED")
    assert row()["enrolled"] is True and row()["submission"] is None
    assert phone.get("/me/face").json()["enrolled"] is True
