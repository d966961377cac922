"""The demo site's attendance: two gate devices (the secret of each kept only to sign the demo's uploads), cards
issued to the people on site, a face enrolled from the sample photo insightface ships, and this morning's clock
records uploaded through the signed device API as a terminal sends them: most people clocked in, a few not yet,
one unknown card refused."""

import base64
import json
import logging
import time
import uuid

from devtools.gate import moment, sample_photos, signature

log = logging.getLogger(__name__)
DEVICES = (
    {"kind": "face_terminal", "serial": "DS-K1T671M-DEMO01", "direction": "in", "location": "东门 1号闸",
     "name": "东门人脸识别终端"},
    {"kind": "card_reader", "serial": "ZK-F22-DEMO02", "direction": "out", "location": "西门 岗亭",
     "name": "西门刷卡机"},
)
ON_SITE_WAIT_S = 30


def attend_demo_site(rpc, rng, project_id, people_on_site):
    """``people_on_site``: person ids entered and not exited."""
    expected = len(people_on_site)
    deadline = time.monotonic() + ON_SITE_WAIT_S
    while rpc.attendance_svc.attendance_day(project_id, None)["on_site"] < expected:  # its events arrive
        if time.monotonic() > deadline:
            log.warning("attendance has not learnt who is on the demo site in %d s; no demo attendance",
                        ON_SITE_WAIT_S)
            return
        time.sleep(0.25)
    gate, exit_gate = (rpc.attendance_svc.register_device(project_id, **device) for device in DEVICES)
    cards = {person_id: f"{8800000000 + index:010d}" for index, person_id in enumerate(people_on_site)}
    for person_id, number in cards.items():
        rpc.attendance_svc.issue_card(project_id, person_id, number)
    try:
        photo = sample_photos()["worker"]
    except Exception:  # noqa: BLE001 - a demo without the face packages still has cards and records
        log.warning("no sample photo for the demo's face enrolment", exc_info=True)
    else:
        try:
            rpc.identity_svc.enroll_face(people_on_site[0], base64.b64encode(photo).decode())
        except Exception:  # noqa: BLE001 - the models not installed: the face list shows 无 for everyone
            log.warning("the demo's face enrolment was refused", exc_info=True)
    attending = [person_id for person_id in people_on_site if rng.random() < 0.85]
    records = [{"seq": seq, "occurred_at": moment(), "method": "card", "card_number": cards[person_id]}
               for seq, person_id in enumerate(attending, start=1)]
    records.append({"seq": len(records) + 1, "occurred_at": moment(), "method": "card", "card_number": "9999999999"})
    upload(rpc, gate, "/api/v1/device/heartbeat", {"person_count": expected, "face_count": 1})
    upload(rpc, gate, "/api/v1/device/records", {"records": records})
    upload(rpc, exit_gate, "/api/v1/device/heartbeat", {"person_count": expected, "face_count": 0})


def upload(rpc, registered, path, payload):
    """One request of the device API, signed as the terminal would sign it, straight to attendance_svc."""
    body = json.dumps(payload)
    timestamp, nonce = int(time.time()), uuid.uuid4().hex
    serial = registered["device"]["serial"]
    return rpc.attendance_svc.device_request(
        serial, timestamp, nonce, signature(registered["secret"], "POST", path, timestamp, nonce, body.encode()),
        "POST", path, body)
