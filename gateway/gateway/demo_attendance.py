"""The demo site's attendance: two gate devices (the secret of each kept only to sign the demo's uploads), cards
issued to the people on site, a face enrolled from the sample photo insightface ships, the last four weeks' clock
records (in at the east gate in the morning, out at the west gate in the evening, on the days each person was on
site; two people have not come for the last days, so 考勤预警 lists them) and this morning's, uploaded through the
signed device API as a terminal sends them (most people clocked in, a few not yet, one unknown card refused); a
补卡 application waiting for 审批, and a photo the first worker sent from the phone waiting for 审核."""

import base64
import datetime as dt
import json
import logging
import secrets
import time
import uuid
import zoneinfo

from chassis.caller import SITE, WORKER, Caller
from devtools.gate import moment, sample_photos, signature

log = logging.getLogger(__name__)
DEVICES = (
    {"kind": "face_terminal", "serial": "DS-K1T671M-DEMO01", "direction": "in", "location": "东门 1号闸",
     "name": "东门人脸识别终端"},
    {"kind": "card_reader", "serial": "ZK-F22-DEMO02", "direction": "out", "location": "西门 岗亭",
     "name": "西门刷卡机"},
)
#: a Hikvision terminal at the south gate, its ISAPI on the site's network (a documentation address no one
#: reaches): 同步 shows its people and faces waiting with DEVICE_UNREACHABLE, as for a terminal switched off
HIKVISION_TERMINAL = {"kind": "face_terminal", "serial": "DS-K1T341AM-DEMO03", "direction": "both",
                      "location": "南门 通道", "name": "南门海康终端", "protocol": "hikvision",
                      "device_address": "http://192.0.2.64", "username": "admin"}
ON_SITE_WAIT_S = 30
#: the site's days back from today that the demo's records cover
HISTORY_DAYS = 28
#: the most records one upload carries (the device API's bound)
UPLOAD_BATCH = 500
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def attend_demo_site(pool, rpc, rng, project_id, entered_on):
    """``entered_on``: person id → entry date of those entered and not exited; ``rpc`` as the site's user."""
    people_on_site = list(entered_on)
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
    rpc.attendance_svc.register_device(project_id, **HIKVISION_TERMINAL, password=secrets.token_urlsafe(12))
    try:
        photo = sample_photos()["worker"]
    except Exception:  # noqa: BLE001 - a demo without the face packages still has cards and records
        log.warning("no sample photo for the demo's face enrolment", exc_info=True)
    else:
        try:
            rpc.identity_svc.enroll_face(people_on_site[0], base64.b64encode(photo).decode())
        except Exception:  # noqa: BLE001 - the models not installed: the face list shows 无 for everyone
            log.warning("the demo's face enrolment was refused", exc_info=True)
    absent = set(people_on_site[-2:])  # not seen for the last days: 考勤预警
    arrivals, departures = past_records(rng, cards, entered_on, absent)
    attending = [person_id for person_id in people_on_site if rng.random() < 0.85 and person_id not in absent]
    arrivals += [{"occurred_at": moment(), "method": "card", "card_number": cards[person_id]}
                 for person_id in attending]
    arrivals.append({"occurred_at": moment(), "method": "card", "card_number": "9999999999"})
    upload(rpc, gate, "/api/v1/device/heartbeat", {"person_count": expected, "face_count": 1})
    upload(rpc, exit_gate, "/api/v1/device/heartbeat", {"person_count": expected, "face_count": 0})
    for device, records in ((gate, arrivals), (exit_gate, departures)):
        numbered = [{"seq": seq, **record} for seq, record in enumerate(records, start=1)]
        for start in range(0, len(numbered), UPLOAD_BATCH):
            upload(rpc, device, "/api/v1/device/records", {"records": numbered[start:start + UPLOAD_BATCH]})
    waiting_for_decisions(pool, rpc, project_id, people_on_site, absent)


def past_records(rng, cards, entered_on, absent):
    """Card records of the last HISTORY_DAYS days before today, oldest first: in around 7:30 and out around
    17:30 on the days each person was on site (Sundays mostly off, a day off now and then); the ``absent`` stop
    coming four days ago."""
    today = dt.datetime.now(ZONE).date()
    arrivals, departures = [], []
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        for person_id, entry_date in entered_on.items():
            if day < entry_date or (person_id in absent and back <= 4) or day.weekday() == 6 and rng.random() < 0.8 \
                    or rng.random() < 0.08:
                continue
            card = {"method": "card", "card_number": cards[person_id]}
            morning = dt.datetime.combine(day, dt.time(7, rng.randrange(0, 50), rng.randrange(60)), ZONE)
            evening = dt.datetime.combine(day, dt.time(17, rng.randrange(10, 59), rng.randrange(60)), ZONE)
            arrivals.append({"occurred_at": morning.isoformat(), **card})
            departures.append({"occurred_at": evening.isoformat(), **card})
    return arrivals, departures


def waiting_for_decisions(pool, rpc, project_id, people_on_site, absent):
    """A 补卡 the labour subcontractor's 劳务员 asked for (the site's 实名制管理员 approves it) and one waiting; a
    photo the first worker on site sent from the phone, waiting for 审核."""
    yesterday = dt.datetime.now(ZONE).date() - dt.timedelta(days=1)
    forgotten, waiting = [person_id for person_id in people_on_site if person_id not in absent][1:3]
    with pool.proxy(Caller(SITE, "laowuyuan", project_id=project_id)) as clerk:
        approved = clerk.attendance_svc.apply_correction(project_id, forgotten, str(yesterday), "17:40", "out",
                                                         "下班时闸机断电，未能刷卡")
        clerk.attendance_svc.apply_correction(project_id, waiting, str(yesterday), "07:35", "in",
                                              "考勤卡遗失，已补办")
    rpc.attendance_svc.decide_correction(approved["id"], True)
    try:
        photo = base64.b64encode(sample_photos()["worker_again"]).decode()
        with pool.proxy(Caller(WORKER, "demo-worker", person_id=people_on_site[0])) as phone:
            phone.identity_svc.submit_own_face(photo)
    except Exception:  # noqa: BLE001 - the models not installed: no photo to review
        log.warning("the demo worker's own photo was refused", exc_info=True)


def upload(rpc, registered, path, payload):
    """One request of the device API, signed as the terminal would sign it, straight to attendance_svc."""
    body = json.dumps(payload)
    timestamp, nonce = int(time.time()), uuid.uuid4().hex
    serial = registered["device"]["serial"]
    return rpc.attendance_svc.device_request(
        serial, timestamp, nonce, signature(registered["secret"], "POST", path, timestamp, nonce, body.encode()),
        "POST", path, body)
