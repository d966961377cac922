"""What real terminals speak, read into the platform's one clock record; plain Python, no Nameko, no session.

A normalised record is what the signed API's upload carries once loaded (``seq``, ``occurred_at`` with its
offset, ``method``, ``person_id``, ``card_number``, ``code``, ``photo``, ``direction``, ``similarity``), plus what
the dialect settled itself: ``_person_id`` (the terminal identified the person: our person id, as the platform
sent it down), or ``_reason`` (the terminal refused the person), and ``front_seq`` (the sequence number the
terminal says came before). ``AttendanceService._upload`` stores them all the same way.

**ZKTeco ADMS / iclock push** (the terminal polls the platform):

- ``GET /iclock/cdata?SN=…&options=all`` is answered with the options below (``TimeZone``: the site's offset in
  hours, so that the terminal's clock shows the site's time).
- ``POST /iclock/cdata?SN=…&table=ATTLOG``: one punch a line, tab-separated ``PIN, YYYY-MM-DD HH:MM:SS (the site's
  time), status, verify, workcode, …``. The PIN is our person id (the platform sends people down with
  ``PIN=<person_id>``). ZKTeco has no sequence number: a punch's ``seq`` is derived from (PIN, the instant),
  ``sha256(f"{PIN}\\n{UTC ISO 8601}")``'s first 8 bytes shifted right by 2 (below 2**62), so the same punch sent
  again is the same record of the same device (serial) and answered as a duplicate; its numbers have no order,
  so a ZKTeco device has no sequence gaps.
- ``status`` 1 (check-out), 2 (break-out) and 5 (OT-out) are out; 3 (break-in) and 4 (OT-in) in; 0 (check-in, also
  what a terminal sends when nobody pressed a state key) leaves the direction to how the device is installed.
- ``verify`` → national attendType (``ZK_VERIFY``): 15 face → 001; 1 fingerprint → 003; 25 palm → 004; 2 and 4
  card → 006; 0 and 3 password and anything else → 011 (other).
- ``GET /iclock/getrequest?SN=…[&INFO=…]`` answers the device's due commands, one a line ``C:<id>:<command>``
  (``DATA UPDATE USERINFO PIN=…\\tName=…\\tCard=…`` or ``DATA DELETE USERINFO PIN=…``; a face as the photo the
  terminal enrols itself, ``DATA UPDATE BIOPHOTO PIN=…\\tType=9\\tSize=<length of the base64>\\tContent=<base64
  JPEG>`` or ``DATA DELETE BIOPHOTO PIN=…``), or ``OK``; ``INFO``'s second field is the number of users the device
  holds and its ninth the number of faces (the read-back).
- ``POST /iclock/devicecmd?SN=…``: one result a line, ``ID=<id>&Return=<code>&CMD=<verb>``; Return 0 is done.

**Hikvision ISAPI event push** (``httpHosts``): a JSON body, or multipart with an ``event_log`` JSON part and the
capture JPEG, sometimes wrapped in ``EventNotificationAlert``. Only ``AccessControllerEvent`` of major type 5
(events) with a minor code of ``HIK_MINORS`` is a clock; every other event is answered and ignored.
``serialNo`` is the record's ``seq`` and ``frontSerialNo`` its ``front_seq``; ``employeeNoString`` is our person
id as sent down; ``attendanceStatus`` checkIn / checkOut (also breakIn / overtimeIn, breakOut / overtimeOut) gives
the direction. The method is taken from the minor code, not from ``currentVerifyMode`` (the mode configured, not
how this person verified).
"""

import datetime as dt
import hashlib
import json
import re
import urllib.parse

from chassis.errors import InvalidInput

PLATFORM, HIKVISION, ZKTECO = "platform", "hikvision", "zkteco"
PROTOCOLS = (PLATFORM, HIKVISION, ZKTECO)
#: protocols whose devices come for their people (a platform device pulls the whitelist, a ZKTeco terminal polls
#: getrequest); a Hikvision terminal is called over ISAPI instead, where it has an address (``Device.takes_commands``)
POLLING = (PLATFORM, ZKTECO)

UNKNOWN_FACE, UNKNOWN_CARD = "UNKNOWN_FACE", "UNKNOWN_CARD"

# -- ZKTeco ----------------------------------------------------------------------------------------------------------

#: ZKTeco's verify code → the platform's method (its national code in ``domain``)
ZK_VERIFY = {15: "face", 1: "fingerprint", 25: "palm", 2: "card", 4: "card", 0: "other", 3: "other"}
ZK_OUT_STATUS, ZK_IN_STATUS = {1, 2, 5}, {3, 4}
_ZK_TIME = "%Y-%m-%d %H:%M:%S"
SEQ_LIMIT = 2**62


def zk_seq(pin: str, occurred_at: dt.datetime) -> int:
    """The stable sequence number of a ZKTeco punch: the same (PIN, instant) always gives the same number."""
    instant = occurred_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return int.from_bytes(hashlib.sha256(f"{pin}\n{instant}".encode()).digest()[:8], "big") >> 2


def person_of(reference, method: str) -> dict:
    """``{"_person_id": n}`` when the terminal's person reference is one of our ids, else why not."""
    text = str(reference or "").strip()
    if text.isdigit() and 0 < int(text) < 2**31:
        return {"_person_id": int(text)}
    return {"_reason": UNKNOWN_CARD if method == "card" else UNKNOWN_FACE}


def record(seq, occurred_at, method, **extra) -> dict:
    return {"seq": seq, "occurred_at": occurred_at, "method": method, "person_id": None, "card_number": None,
            "code": None, "photo": None, "direction": None, "similarity": None, **extra}


def parse_zk_time(text: str, zone) -> dt.datetime:
    return dt.datetime.strptime(text.strip(), _ZK_TIME).replace(tzinfo=zone)


def parse_attlog(body: str, zone) -> tuple[list[dict], list[str]]:
    """The punches of an ATTLOG upload, normalised, and the lines that could not be read."""
    records, unreadable = [], []
    for line in (body or "").splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 2:  # some firmware separates with spaces: PIN, date, time, status, verify …
            words = line.split()
            fields = [words[0], " ".join(words[1:3]), *words[3:]] if len(words) >= 3 else words
        try:
            pin = fields[0].strip()
            occurred_at = parse_zk_time(fields[1], zone)
            status = int(fields[2]) if len(fields) > 2 and fields[2].strip() else 0
            verify = int(fields[3]) if len(fields) > 3 and fields[3].strip() else 0
        except (ValueError, IndexError):
            unreadable.append(line)
            continue
        if not pin:
            unreadable.append(line)
            continue
        method = ZK_VERIFY.get(verify, "other")
        direction = "out" if status in ZK_OUT_STATUS else "in" if status in ZK_IN_STATUS else None
        records.append(record(zk_seq(pin, occurred_at), occurred_at, method, direction=direction,
                              device_ref=pin, **person_of(pin, method)))
    return records, unreadable


def zk_options(serial: str, zone, now: dt.datetime) -> str:
    """The handshake's answer: what to send and how often (plain text, one option a line)."""
    offset = now.astimezone(zone).utcoffset() or dt.timedelta()
    return "\n".join([
        f"GET OPTION FROM: {serial}", "ATTLOGStamp=None", "OPERLOGStamp=9999", "ATTPHOTOStamp=None",
        "ErrorDelay=30", "Delay=10", "TransTimes=00:00;14:05", "TransInterval=1",
        "TransFlag=TransData AttLog OpLog EnrollUser ChgUser", f"TimeZone={int(offset.total_seconds() // 3600)}",
        "Realtime=1", "Encrypt=None"]) + "\n"


def _zk_text(value) -> str:
    """A USERINFO field's text: no tab, no line break (they separate fields and commands)."""
    return re.sub(r"[\t\r\n]", " ", str(value or ""))


def zk_command(command_id: int, operation: str, person_id: int, name=None, card_number=None) -> str:
    if operation == "delete":
        return f"C:{command_id}:DATA DELETE USERINFO PIN={person_id}"
    return (f"C:{command_id}:DATA UPDATE USERINFO PIN={person_id}\tName={_zk_text(name)}\tPri=0\tPasswd="
            f"\tCard={_zk_text(card_number)}\tGrp=1\tTZ=0000000100000000\tVerify=0")


#: BIOPHOTO's type of a visible-light face photo
ZK_FACE_PHOTO_TYPE = 9


def zk_face_command(command_id: int, operation: str, person_id: int, jpeg_base64: str | None = None) -> str:
    """A face as ZKTeco's BIOPHOTO: the photo itself (base64 JPEG; ``Size`` is the length of that text), which the
    terminal turns into its own template."""
    if operation == "delete":
        return f"C:{command_id}:DATA DELETE BIOPHOTO PIN={person_id}"
    content = re.sub(r"\s", "", jpeg_base64 or "")
    return (f"C:{command_id}:DATA UPDATE BIOPHOTO PIN={person_id}\tType={ZK_FACE_PHOTO_TYPE}\tSize={len(content)}"
            f"\tContent={content}")


def parse_command_results(body: str) -> list[dict]:
    """``[{"id", "return", "cmd"}]`` of a devicecmd post (lines ``ID=<id>&Return=<code>&CMD=<verb>``)."""
    results = []
    for line in (body or "").splitlines():
        values = dict(urllib.parse.parse_qsl(line.strip(), keep_blank_values=True))
        try:
            results.append({"id": int(values["ID"]), "return": int(values.get("Return", "0")),
                            "cmd": values.get("CMD", "")})
        except (KeyError, ValueError):
            continue
    return results


def parse_zk_info(info) -> dict:
    """``{"person_count", "face_count"}`` of getrequest's ``INFO`` (firmware, users, fingerprints, records, IP,
    fingerprint algorithm, face algorithm, faces needed, faces enrolled, …); None where absent."""
    parts = str(info or "").split(",")

    def number(index):
        try:
            return int(parts[index].strip())
        except (IndexError, ValueError):
            return None

    return {"person_count": number(1), "face_count": number(8)}


# -- Hikvision -------------------------------------------------------------------------------------------------------

#: major 5 minor codes that are clocks: minor → (method, refusal reason or None when the terminal let them pass)
HIK_MINORS = {
    1: ("card", None),          # legal card pass
    2: ("card", None),          # card and password pass
    9: ("card", UNKNOWN_CARD),  # invalid card (no such card on the terminal)
    38: ("fingerprint", None),  # fingerprint compare pass
    40: ("card", None),         # card and fingerprint pass
    75: ("face", None),         # face authentication pass
    76: ("face", UNKNOWN_FACE),  # face authentication fail
    77: ("face", None),         # card and face authentication pass
}
HIK_IN = {"checkIn", "breakIn", "overtimeIn"}
HIK_OUT = {"checkOut", "breakOut", "overtimeOut"}


def hik_alert(payload) -> dict:
    """The event notification of a push (JSON text or already parsed; wrapped in ``EventNotificationAlert`` or
    not)."""
    if isinstance(payload, str | bytes):
        try:
            payload = json.loads(payload)
        except (TypeError, ValueError):
            raise InvalidInput("the event is not JSON", fields={"event_log": "INVALID"}) from None
    if not isinstance(payload, dict):
        raise InvalidInput("the event is not a JSON object", fields={"event_log": "INVALID"})
    inner = payload.get("EventNotificationAlert")
    return inner if isinstance(inner, dict) else payload


def hik_serials(payload) -> tuple[int, int | None] | None:
    """(serialNo, frontSerialNo) of an ``AccessControllerEvent`` of any kind; None for other events."""
    alert = hik_alert(payload)
    event = alert.get("AccessControllerEvent") if alert.get("eventType") == "AccessControllerEvent" else None
    if not isinstance(event, dict):
        return None
    seq, front = event.get("serialNo"), event.get("frontSerialNo")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < SEQ_LIMIT:
        return None
    return seq, front if isinstance(front, int) and not isinstance(front, bool) else None


def parse_hikvision(payload, zone) -> dict | None:
    """The normalised record of a pushed event; None for an event that is no clock (a door opened, a heartbeat,
    another major type, a minor code not in ``HIK_MINORS``)."""
    alert = hik_alert(payload)
    if alert.get("eventType") != "AccessControllerEvent":
        return None
    event = alert.get("AccessControllerEvent")
    if not isinstance(event, dict):
        return None
    try:
        major, minor = int(event.get("majorEventType")), int(event.get("subEventType"))
    except (TypeError, ValueError):
        return None
    if major != 5 or minor not in HIK_MINORS:
        return None
    method, refused = HIK_MINORS[minor]
    try:
        seq = int(event["serialNo"])
        if not 0 <= seq < SEQ_LIMIT:
            raise ValueError(seq)
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("the event has no serialNo", fields={"serialNo": "REQUIRED"}) from None
    try:
        occurred_at = dt.datetime.fromisoformat(str(alert.get("dateTime") or event.get("dateTime")))
    except ValueError:
        raise InvalidInput("the event's dateTime is not ISO 8601", fields={"dateTime": "INVALID"}) from None
    if occurred_at.tzinfo is None:  # a terminal set without a zone gives the site's time
        occurred_at = occurred_at.replace(tzinfo=zone)
    front = event.get("frontSerialNo")
    status = event.get("attendanceStatus")
    direction = "in" if status in HIK_IN else "out" if status in HIK_OUT else None
    card = str(event.get("cardNo") or "").strip() or None
    employee = str(event.get("employeeNoString") or event.get("employeeNo") or "").strip()
    extra = {"direction": direction, "device_ref": employee or card,
             "front_seq": int(front) if isinstance(front, int | str) and str(front).isdigit() else None}
    if refused:
        extra["_reason"] = refused
        extra["card_number"] = card if card and card.isalnum() else None
    elif employee:
        extra.update(person_of(employee, method))
    elif method == "card" and card and card.isalnum():
        extra["card_number"] = card  # the platform finds the card's holder
    else:
        extra["_reason"] = UNKNOWN_CARD if method == "card" else UNKNOWN_FACE
    return record(seq, occurred_at, method, **extra)


# -- the command queue -----------------------------------------------------------------------------------------------

PENDING, SENT, OK, FAILED = "pending", "sent", "ok", "failed"
COMMAND_STATES = (PENDING, SENT, OK, FAILED)
UPSERT, DELETE = "upsert", "delete"
#: what a command row holds of a person: the person's row on the device, or the face
PERSON, FACE = "person", "face"
COMMAND_KINDS = (PERSON, FACE)
#: protocols whose faces go down as commands of their own, the photo itself (ZKTeco's BIOPHOTO, Hikvision's FDLib
#: face record), which the terminal turns into its own template; the platform's devices take faces as templates
#: in the whitelist they pull
FACED = (ZKTECO, HIKVISION)
#: why a face cannot go to a terminal until the face is enrolled again (identity_svc's refusals of face_photo)
FACE_PHOTO_NOT_KEPT, FACE_NOT_ENROLLED = "FACE_PHOTO_NOT_KEPT", "FACE_NOT_ENROLLED"
#: identity_svc could not be asked for the photo: tried again after the back-off
FACE_PHOTO_UNAVAILABLE = "FACE_PHOTO_UNAVAILABLE"
#: a command sent and not answered within this is sent again
SENT_TIMEOUT = dt.timedelta(minutes=5)
#: a device whose count keeps disagreeing (people enrolled on it by hand) is sent everyone again at most this often
RESYNC_INTERVAL = dt.timedelta(minutes=30)


def back_off(attempts: int) -> dt.timedelta:
    """How long a failed command waits before its next try: 30 s, doubling, at most an hour."""
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def read_back_agrees(reported, expected: int) -> bool:
    """Whether a device's count of people agrees with the people the platform sent it (an unknown count does)."""
    return reported is None or int(reported) == expected


def faces_read_back_agrees(reported, delivered: int) -> bool:
    """Whether a device's count of faces agrees with the faces it confirmed: it may hold more (enrolled on it by
    hand), never fewer (an unknown count agrees)."""
    return reported is None or int(reported) >= delivered


# -- reconciliation --------------------------------------------------------------------------------------------------

def sequence_gaps(stored: list[tuple[int, int | None]]) -> list[dict]:
    """Missing sequence numbers between a device's stored records (``(seq, front_seq)``, any order): between two
    consecutive stored numbers a < b, the numbers after a up to b's ``front_seq`` when it says what came before b,
    else up to b − 1. ``[{"from", "to"}]``. Before the first stored record nothing is claimed (a terminal counted
    events before it was registered here)."""
    ordered = sorted(stored)
    gaps = []
    for (before, _), (after, front) in zip(ordered, ordered[1:], strict=False):
        last_missing = after - 1 if front is None else front
        if last_missing > before:
            gaps.append({"from": before + 1, "to": last_missing})
    return gaps


def hik_history(events: list[dict]) -> list[dict]:
    """A Hikvision terminal's ``AcsEvent`` search results as history entries (``history_entries``' input): its
    ``serialNo``, ``time`` and ``employeeNoString`` (or ``cardNo``); an event without a serial number or a time is
    left out."""
    entries = []
    for event in events:
        seq = event.get("serialNo")
        if isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < SEQ_LIMIT and event.get("time"):
            entries.append({"seq": seq, "occurred_at": str(event["time"]),
                            "person_ref": str(event.get("employeeNoString") or event.get("cardNo") or "") or None})
    return entries


def history_entries(protocol: str, entries: list[dict], zone) -> list[dict]:
    """A device's history as ``[{"seq", "occurred_at", "person_ref"}]``: a ZKTeco entry's seq is derived as its
    upload's is; the others carry their own."""
    loaded, problems = [], {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems[f"records.{index}"] = "INVALID"
            continue
        reference = str(entry.get("person_ref") or "").strip() or None
        try:
            occurred_at = dt.datetime.fromisoformat(str(entry.get("occurred_at")))
        except ValueError:
            problems[f"records.{index}.occurred_at"] = "INVALID"
            continue
        if occurred_at.tzinfo is None:
            occurred_at = occurred_at.replace(tzinfo=zone)
        if protocol == ZKTECO:
            if reference is None:
                problems[f"records.{index}.person_ref"] = "REQUIRED"
                continue
            seq = zk_seq(reference, occurred_at)
        else:
            seq = entry.get("seq")
            if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < SEQ_LIMIT:
                problems[f"records.{index}.seq"] = "REQUIRED" if seq is None else "INVALID"
                continue
        loaded.append({"seq": seq, "occurred_at": occurred_at, "person_ref": reference})
    if problems:
        raise InvalidInput("input failed validation", fields=problems)
    return loaded
