"""The rules of attendance, plain Python: no Nameko, no database session.

- Device requests are signed: ``HMAC-SHA256(secret, f"{method}\\n{path}\\n{timestamp}\\n{nonce}\\n" +
  sha256_hex(body))`` in hex, the key being the device's secret as it was shown (its UTF-8 bytes). A request
  further than the window from the platform's clock is stale; a nonce the device used within the window is a
  replay.
- A clock record counts once: idempotent on (device, seq); the same person again within the repeat interval is a
  duplicate of the earlier record (kept, not counted).
- Direction (national 01 in / 02 out): the record's own, else the device's; a device installed both ways makes the
  person's first accepted record of the day in that project 01, the later ones 02.
- Each device's records form a hash chain: ``hash = sha256(prev_hash + "\\n" + canonical record)``.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets

from chassis.caller import AUTHORITY, SITE, SYSTEM
from chassis.errors import Forbidden, InvalidInput

#: a face terminal holds the faces of those on site: its heartbeat's face count is compared too
FACE_TERMINAL = "face_terminal"
DEVICE_KINDS = (FACE_TERMINAL, "card_reader", "qr_scanner", "turnstile")
#: the site's own virtual device for workers clocking in on their phone (manual 002 §六); never listed
MOBILE = "mobile"
DIRECTIONS = ("in", "out", "both")
#: the national codes of how a person was verified (attendType)
METHOD_CODES = {"face": "001", "id_card": "005", "card": "006", "code": "010"}
#: how terminals of other dialects also verify (ZKTeco fingerprint, palm, password): records of those only
DIALECT_METHOD_CODES = {"fingerprint": "003", "palm": "004", "other": "011"}
IN, OUT = "01", "02"
ACCEPTED, DUPLICATE, REFUSED = "accepted", "duplicate", "refused"
OUTCOMES = (ACCEPTED, DUPLICATE, REFUSED)
#: the previous hash of a device's first record
GENESIS = "0" * 64
SECRET_BYTES = 32


# -- device credentials and signed requests ----------------------------------------------------------------------

def new_secret() -> str:
    """A device's secret: 32 random bytes, base64url without padding (43 characters), shown once."""
    return secrets.token_urlsafe(SECRET_BYTES)


def body_digest(body) -> str:
    if body is None:
        body = b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return hashlib.sha256(body).hexdigest()


def signing_text(method: str, path: str, timestamp, nonce: str, body) -> bytes:
    return f"{method.upper()}\n{path}\n{timestamp}\n{nonce}\n{body_digest(body)}".encode()


def sign(secret: str, method: str, path: str, timestamp, nonce: str, body) -> str:
    return hmac.new(secret.encode(), signing_text(method, path, timestamp, nonce, body), hashlib.sha256).hexdigest()


class RequestRefused(Exception):
    """Why a signed device request is refused: ``reason`` is DEVICE_SIGNATURE_INVALID, DEVICE_REQUEST_STALE or
    DEVICE_REQUEST_REPLAYED."""

    def __init__(self, reason, detail):
        super().__init__(detail)
        self.reason = reason


def check_request(secret: str, *, method, path, timestamp, nonce, signature, body, now: dt.datetime,
                  window_seconds: int, nonce_seen) -> dt.datetime:
    """The request's time once its signature, freshness and nonce hold; ``nonce_seen(nonce)`` records the nonce and
    answers whether the device used it before (within the window). Checked in this order, so that only a device
    holding the secret learns whether its clock is off or its nonce was used."""
    given = str(signature or "").strip().lower()
    expected = sign(secret, method, path, timestamp, nonce or "", body)
    if not nonce or not given or not hmac.compare_digest(given, expected):
        raise RequestRefused("DEVICE_SIGNATURE_INVALID", "the signature does not match the device's secret")
    try:
        sent_at = dt.datetime.fromtimestamp(int(str(timestamp).strip()), dt.UTC)
    except (TypeError, ValueError, OverflowError):
        raise RequestRefused("DEVICE_REQUEST_STALE", "the timestamp is not Unix seconds") from None
    if abs((now - sent_at).total_seconds()) > window_seconds:
        raise RequestRefused("DEVICE_REQUEST_STALE",
                             f"the request's time is more than {window_seconds} s from the platform's")
    if nonce_seen(nonce):
        raise RequestRefused("DEVICE_REQUEST_REPLAYED", "this nonce was used already")
    return sent_at


def nonce_kept_until(seen_at: dt.datetime, window_seconds: int) -> dt.datetime:
    """A request is fresh while within the window either side of its timestamp, so its nonce must be remembered
    for twice the window after it was seen."""
    return seen_at + dt.timedelta(seconds=2 * window_seconds)


_SERIAL = re.compile(r"[\x21-\x7e]+")
_CARD_NUMBER = re.compile(r"[0-9A-Za-z]+")


def check_serial(serial: str) -> str:
    """A device's serial number as printed on it: printable ASCII, no spaces."""
    if not _SERIAL.fullmatch(serial):
        raise InvalidInput("a serial number is printable ASCII without spaces", fields={"serial": "INVALID_TEXT"})
    return serial


def check_card_number(number: str) -> str:
    """An attendance card's number as its reader sends it: letters and digits, kept in upper case."""
    if not _CARD_NUMBER.fullmatch(number):
        raise InvalidInput("a card number has letters and digits only", fields={"card_number": "INVALID_TEXT"})
    return number.upper()


# -- clock records -------------------------------------------------------------------------------------------------

def method_code(method: str) -> str:
    return METHOD_CODES.get(method) or DIALECT_METHOD_CODES[method]


def direction_of(device_direction: str, record_direction: str | None, earlier_today: bool) -> str:
    """01 / 02: the record's own direction, else the device's; a ``both`` device: the first of the person's day is
    in (01), any later one out (02)."""
    chosen = record_direction or device_direction
    if chosen == "in":
        return IN
    if chosen == "out":
        return OUT
    return OUT if earlier_today else IN


def is_repeat(occurred_at: dt.datetime, last_counted_at: dt.datetime | None, repeat_seconds: int) -> bool:
    """Whether a clock is the same event as the person's last counted one (within the repeat interval)."""
    if last_counted_at is None:
        return False
    return abs((occurred_at - last_counted_at).total_seconds()) < repeat_seconds


def is_late(occurred_at: dt.datetime, received_at: dt.datetime, late_seconds: int) -> bool:
    """A record received more than ``late_seconds`` after it occurred (a device that was offline uploads later)."""
    return (received_at - occurred_at).total_seconds() > late_seconds


def aware(value: dt.datetime | None):
    """SQLite hands back naive datetimes: they are UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def iso(value: dt.datetime | None, zone=None) -> str | None:
    """ISO 8601 with its offset (in ``zone``, where given); None stays None."""
    if value is None:
        return None
    value = aware(value)
    return (value.astimezone(zone) if zone is not None else value).isoformat()


def local_day(moment: dt.datetime, zone) -> dt.date:
    return moment.astimezone(zone).date()


def day_bounds(day: dt.date, zone) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), zone)
    return start, start + dt.timedelta(days=1)


@dataclasses.dataclass
class BatchPlan:
    """Which records of an upload are new; the others repeat a seq stored before (``stored``: seq → record id) or
    one earlier in the same upload (``repeated_in_batch``)."""

    new: list
    stored: dict
    repeated_in_batch: list


def plan_batch(records: list[dict], stored: dict) -> BatchPlan:
    new, again, seen = [], [], set()
    for record in records:
        seq = record["seq"]
        if seq in stored:
            continue
        if seq in seen:
            again.append(record)
            continue
        seen.add(seq)
        new.append(record)
    return BatchPlan(new, {seq: stored[seq] for seq in {r["seq"] for r in records} if seq in stored}, again)


# -- the hash chain ------------------------------------------------------------------------------------------------

CHAINED_FIELDS = ("device_id", "seq", "chain_index", "project_id", "person_id", "occurred_at", "received_at",
                  "method", "direction", "outcome", "reason", "late", "similarity", "duplicate_of",
                  "request_signature")


def _plain(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, float):
        return f"{value:.6f}"
    return value


def canonical(fields: dict) -> str:
    """The record as it is hashed: its chained fields, sorted, in compact JSON; times in UTC to the microsecond."""
    return json.dumps({name: _plain(fields.get(name)) for name in CHAINED_FIELDS}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, fields: dict) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(fields)}".encode()).hexdigest()


#: why a chain does not verify, at its first broken record: its fields do not hash to its hash (edited); its link
#: is not the hash of the record before it (that one was replaced, re-hashed); the record before it is gone
EDITED, RELINKED, MISSING = "edited", "relinked", "missing"


def verify_chain(records: list[dict], predecessors: dict) -> dict:
    """``{"intact", "records", "first_broken_seq"?, "problem"?}`` of a device's records (in chain order), each a
    dict of its chained fields with ``prev_hash`` and ``hash``; ``predecessors``: chain_index → hash of the
    records just before any of them (a missing one means a record was deleted)."""
    known = dict(predecessors)
    for record in records:
        index = record["chain_index"]
        expected_prev = GENESIS if index == 1 else known.get(index - 1)
        problem = (MISSING if expected_prev is None else RELINKED if record["prev_hash"] != expected_prev
                   else EDITED if chain_hash(record["prev_hash"], record) != record["hash"] else None)
        if problem:
            return {"intact": False, "records": len(records), "first_broken_seq": record["seq"], "problem": problem}
        known[index] = record["hash"]
    return {"intact": True, "records": len(records)}


def verify_head(last_index: int | None, last_hash: str | None, chain_length: int, chain_head: str | None) -> bool:
    """Whether the device's newest record is the head the device row keeps (none deleted at the end)."""
    return (last_index or 0) == chain_length and last_hash == chain_head


# -- heartbeats and the whitelist ----------------------------------------------------------------------------------

def needs_resync(person_count, face_count, people_expected: int, faces_expected: int | None) -> bool:
    """A device whose counts disagree with the project's whitelist is sent it again."""
    if person_count is not None and person_count != people_expected:
        return True
    return faces_expected is not None and face_count is not None and face_count != faces_expected


def mask_card(number: str | None) -> str | None:
    """``12345678`` → ``12****78``."""
    if not number:
        return number
    if len(number) <= 4:
        return number[0] + "*" * (len(number) - 1)
    return f"{number[:2]}{'*' * (len(number) - 4)}{number[-2:]}"


# -- the day view --------------------------------------------------------------------------------------------------

def on_site_span(entry_date: dt.date, exit_date: dt.date | None, start: dt.date,
                 end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of ``start`` … ``end`` on which a stay has its person on site, None if none: on
    site on a day = entered on or before it and not exited before it (the exit day itself counts). The one rule of
    every view of attendance; ``on_site`` is its one-day case."""
    first, last = max(entry_date, start), end if exit_date is None else min(exit_date, end)
    return (first, last) if first <= last else None


def on_site(entry_date: dt.date, exit_date: dt.date | None, day: dt.date) -> bool:
    """Whether a stay has its person on site on a day."""
    return on_site_span(entry_date, exit_date, day, day) is not None


def summarise_day(day: dt.date, people: list[dict], clocks: list[dict]) -> dict:
    """出勤一览表 of a day: ``people`` on site that day (person_id, name, employer_id, employer_name, team_key,
    team_name), ``clocks`` their accepted records (person_id, occurred_at, direction)."""
    first_in, last_out, attended = {}, {}, set()
    for clock in clocks:
        person, moment = clock["person_id"], clock["occurred_at"]
        attended.add(person)
        if clock["direction"] == IN and (person not in first_in or moment < first_in[person]):
            first_in[person] = moment
        if clock["direction"] == OUT and (person not in last_out or moment > last_out[person]):
            last_out[person] = moment
    on_site_ids = {p["person_id"] for p in people}
    counted = attended & on_site_ids

    def grouped(key, label):
        groups = {}
        for person in people:
            group = groups.setdefault(person[key], {label: person[label], "on_site": 0, "attended": 0})
            group["on_site"] += 1
            group["attended"] += person["person_id"] in counted
        return sorted(groups.values(), key=lambda g: (g[label] is None, g[label] or ""))

    return {
        "day": day.isoformat(), "on_site": len(people), "attended": len(counted),
        "rate": round(len(counted) / len(people), 4) if people else 0.0,
        "by_team": [{"team": g["team_name"], "on_site": g["on_site"], "attended": g["attended"]}
                    for g in grouped("team_key", "team_name")],
        "by_employer": [{"employer": g["employer_name"], "on_site": g["on_site"], "attended": g["attended"]}
                        for g in grouped("employer_id", "employer_name")],
        "people": [{"person_id": p["person_id"], "name": p["name"], "employer_name": p["employer_name"],
                    "team_name": p["team_name"], "attended": p["person_id"] in counted,
                    "first_in": iso(first_in.get(p["person_id"])), "last_out": iso(last_out.get(p["person_id"]))}
                   for p in sorted(people, key=lambda p: (p["person_id"] not in counted, p["name"] or ""))],
    }


# -- the week and the month --------------------------------------------------------------------------------------

#: the longest period a view covers: a month
MAX_PERIOD_DAYS = 31


def period_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """The days of a period, both ends included; at most a month."""
    if end < start:
        raise InvalidInput("the period ends before it starts", fields={"end": "ENDS_BEFORE_START"})
    count = (end - start).days + 1
    if count > MAX_PERIOD_DAYS:
        raise InvalidInput(f"a period is at most {MAX_PERIOD_DAYS} days", fields={"end": "PERIOD_TOO_LONG"})
    return [start + dt.timedelta(days=offset) for offset in range(count)]


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month holding a day."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """``2026-12`` → its first and last day."""
    try:
        first = dt.date.fromisoformat(f"{str(text).strip()}-01")
    except ValueError:
        raise InvalidInput("a month is written YYYY-MM", fields={"month": "INVALID"}) from None
    return month_of(first)


def day_mask(days: list[dt.date], chosen) -> int:
    """The days of a period as bits: bit ``i`` set when ``days[i]`` is among ``chosen``."""
    chosen = set(chosen)
    return sum(1 << index for index, day in enumerate(days) if day in chosen)


def on_site_masks(stays: list[dict], days: list[dt.date]) -> dict:
    """person_id → the days of the period they were on site by any of their stays (``entry_date``,
    ``exit_date``), as bits (see ``day_mask``)."""
    masks = {}
    for stay in stays:
        span = on_site_span(stay["entry_date"], stay["exit_date"], days[0], days[-1])
        if span is not None:
            first, last = (span[0] - days[0]).days, (span[1] - days[0]).days
            masks[stay["person_id"]] = masks.get(stay["person_id"], 0) | (((1 << (last - first + 1)) - 1) << first)
    return masks


def _rate(attended: int, on_site_count: int) -> float:
    return round(attended / on_site_count, 4) if on_site_count else 0.0


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _per_day(masks: list[int], count: int) -> list[int]:
    """How many of the masks have each day's bit set: the masks written as bit strings, read column by column."""
    if not masks:
        return [0] * count
    columns = zip(*(format(mask, f"0{count}b") for mask in masks), strict=True)
    return [column.count("1") for column in columns][::-1]


def summarise_period(days: list[dt.date], people: list[dict], stays: list[dict], attended: dict) -> dict:
    """出勤一览表 of a week or a month. ``people``: each person with a stay in the period (person_id, name,
    employer_id, employer_name, team_key, team_name — by their latest stay); ``stays``: their stays (person_id,
    entry_date, exit_date); ``attended``: person_id → the days with an accepted record, as bits (``day_mask``).

    Per day: on site, attended (only those on site that day count), rate. By team and by employer over the period:
    ``people`` on site at some time, ``on_site`` and ``attended`` in person-days, ``rate`` their ratio. ``on_site``
    and ``attended`` of the whole period are people (distinct); ``rate`` is person-days attended / on site."""
    present = on_site_masks(stays, days)
    on_masks, came_masks = [], []
    groups = {"team": {}, "employer": {}}
    total_on = total_attended = anyone_on = anyone_attended = 0
    for person in people:
        on = present.get(person["person_id"], 0)
        if not on:
            continue
        came = on & attended.get(person["person_id"], 0)
        on_masks.append(on)
        came_masks.append(came)
        days_on, days_came = on.bit_count(), came.bit_count()
        total_on, total_attended = total_on + days_on, total_attended + days_came
        anyone_on, anyone_attended = anyone_on + 1, anyone_attended + bool(came)
        for kind, key, label in (("team", "team_key", "team_name"), ("employer", "employer_id", "employer_name")):
            group = groups[kind].setdefault(person[key], {kind: person[label], "people": 0, "on_site": 0,
                                                          "attended": 0})
            group["people"] += 1
            group["on_site"] += days_on
            group["attended"] += days_came

    def rows(kind):
        found = [{**group, "rate": _rate(group["attended"], group["on_site"])} for group in groups[kind].values()]
        return sorted(found, key=lambda g: (g[kind] is None, g[kind] or ""))

    on_per_day, came_per_day = _per_day(on_masks, len(days)), _per_day(came_masks, len(days))
    return {
        "start": days[0].isoformat(), "end": days[-1].isoformat(),
        "on_site": anyone_on, "attended": anyone_attended,
        "person_days_on_site": total_on, "person_days_attended": total_attended,
        "rate": _rate(total_attended, total_on),
        "days": [{"day": day.isoformat(), "on_site": on_per_day[index], "attended": came_per_day[index],
                  "rate": _rate(came_per_day[index], on_per_day[index])} for index, day in enumerate(days)],
        "by_team": rows("team"), "by_employer": rows("employer"),
    }


def period_people(days: list[dt.date], people: list[dict], stays: list[dict], attended: dict) -> list[dict]:
    """更多 of a week or a month: each person on site in the period with ``days_on_site``, ``days_attended`` and
    ``attended_days`` (the dates attended while on site), those who attended most first, then by name.
    ``attended`` as for ``summarise_period``; each day's times are ``with_times``' to add."""
    present = on_site_masks(stays, days)
    found = []
    for person in people:
        on = present.get(person["person_id"], 0)
        if not on:
            continue
        came = on & attended.get(person["person_id"], 0)
        found.append({
            "person_id": person["person_id"], "name": person["name"],
            "id_number_masked": person.get("id_number_masked"), "employer_name": person["employer_name"],
            "team_name": person["team_name"], "days_on_site": on.bit_count(), "days_attended": came.bit_count(),
            "attended_days": [days[index] for index in sorted(_bits(came))],
        })
    return sorted(found, key=lambda p: (-p["days_attended"], p["name"] or "", p["person_id"]))


def with_times(person: dict, times: dict) -> dict:
    """A row of ``period_people`` with its ``days``: each day attended with the first in and last out; ``times``:
    (person_id, day) → (first_in, last_out), either None."""
    row = {name: value for name, value in person.items() if name != "attended_days"}
    row["days"] = [{"day": day.isoformat(), "first_in": iso(times.get((person["person_id"], day), (None, None))[0]),
                    "last_out": iso(times.get((person["person_id"], day), (None, None))[1])}
                   for day in person["attended_days"]]
    return row


# -- a person's calendar: days worked, the basis of wages --------------------------------------------------------

def within(day: dt.date, periods: list[tuple[dt.date, dt.date | None]]) -> bool:
    """Whether a day falls in one of the periods (from, to), ``to`` None while it lasts."""
    return any(start <= day and (end is None or day <= end) for start, end in periods)


def person_calendar(month: tuple[dt.date, dt.date], clocks: list[dict]) -> dict:
    """A person's days worked in a month: ``clocks`` each (day, project_id, first_in, last_out) of a day with an
    accepted record on a project. A day counts once however many projects the person clocked on; per project,
    the days clocked there."""
    days, earliest, latest, per_project = {}, {}, {}, {}
    for clock in sorted(clocks, key=lambda c: (c["day"], c["project_id"])):
        day, first_in, last_out = clock["day"], clock["first_in"], clock["last_out"]
        days.setdefault(day, []).append({"project_id": clock["project_id"], "first_in": iso(first_in),
                                         "last_out": iso(last_out)})
        if first_in is not None and (earliest.get(day) is None or first_in < earliest[day]):
            earliest[day] = first_in
        if last_out is not None and (latest.get(day) is None or last_out > latest[day]):
            latest[day] = last_out
        per_project[clock["project_id"]] = per_project.get(clock["project_id"], 0) + 1
    return {"month": month[0].strftime("%Y-%m"), "days_worked": len(days),
            "by_project": [{"project_id": project, "days_worked": count}
                           for project, count in sorted(per_project.items())],
            "days": [{"day": day.isoformat(), "first_in": iso(earliest.get(day)), "last_out": iso(latest.get(day)),
                      "projects": days[day]} for day in sorted(days)]}


# -- scope ---------------------------------------------------------------------------------------------------------

def project_scope(caller, project_id, write=False) -> int:
    """The project a staff caller acts on: a site user its own (``project_id`` None means it), the authority any
    (reading only), the system any."""
    caller.require_known()
    if caller.role == SYSTEM:
        if project_id is None:
            raise InvalidInput("name the project", fields={"project_id": "REQUIRED"})
        return int(project_id)
    if caller.role == SITE:
        if project_id is not None and caller.project_id is not None and int(project_id) != caller.project_id:
            raise Forbidden("another project's attendance")
        if caller.project_id is None and project_id is None:
            raise InvalidInput("name the project", fields={"project_id": "REQUIRED"})
        return int(caller.project_id if caller.project_id is not None else project_id)
    if caller.role == AUTHORITY and not write:
        if project_id is None:
            raise InvalidInput("name the project", fields={"project_id": "REQUIRED"})
        return int(project_id)
    raise Forbidden("attendance is the site's to manage")


# -- warnings (manual 003 §7.1) ----------------------------------------------------------------------------------

def absence(today: dt.date, entry_date: dt.date, last_attended: dt.date | None) -> tuple[dt.date, int]:
    """A person's absence spell on a site: ``(spell_start, days_absent)``. The spell starts the day after their
    last accepted record of this stay, or on the entry day when they never clocked; the days counted are the whole
    days of it before ``today`` (today is not over). A person who clocked today has none (0 days)."""
    start = entry_date
    if last_attended is not None and last_attended >= entry_date:
        start = last_attended + dt.timedelta(days=1)
    return start, max((today - start).days, 0)


def is_absent(days_absent: int, warning_days: int) -> bool:
    """考勤预警: on site with no accepted attendance for ``warning_days`` whole days or more."""
    return days_absent >= warning_days


def rate_window(today: dt.date, days: int) -> list[dt.date]:
    """The whole days an attendance rate is of: the ``days`` before ``today``, oldest first."""
    return [today - dt.timedelta(days=offset) for offset in range(days, 0, -1)]


def attendance_rate(window: list[dt.date], stays: list[tuple], attended: set) -> dict:
    """出勤率 over ``window``: attended person-days / on-site person-days. ``stays``: (person_id, entry_date,
    exit_date or None), a person on site on a day from entry to exit, both included; ``attended``: the
    (person_id, day) with an accepted record. ``{"on_site_days", "attended_days", "rate"}``, rate None when
    nobody was on site."""
    on_site = {(person, day) for person, entered, exited in stays for day in window
               if entered <= day and (exited is None or exited >= day)}
    counted = len(on_site & set(attended))
    return {"on_site_days": len(on_site), "attended_days": counted,
            "rate": round(counted / len(on_site), 4) if on_site else None}


def rate_is_low(rate: float | None, threshold: float) -> bool:
    """A project whose rate falls below the threshold is flagged; one with nobody on site is not."""
    return rate is not None and rate < threshold


# -- 补卡 (a correction) ------------------------------------------------------------------------------------------

#: the site's virtual device whose hash chain holds its approved corrections; never listed, never signs in
CORRECTION = "correction"
#: devices that are no gate: not listed in 考勤设备, no device API
VIRTUAL_KINDS = (MOBILE, CORRECTION)
#: attendType of a record the site entered by hand (补卡): 011, "other"
CORRECTION_METHOD = "011"
#: a corrected record's ``reason``, in its hash chain: it was entered by hand, approved
CORRECTED = "CORRECTION"
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


def correction_refusal(occurred_at: dt.datetime, now: dt.datetime, entry_date: dt.date, zone) -> dict:
    """The fields a 补卡 application gets wrong (``{}`` when none): the clock it asks for must have happened
    (not after now) while the person was on this site (not before their entry day)."""
    if occurred_at > now:
        return {"time": "DATE_IN_FUTURE"}
    if local_day(occurred_at, zone) < entry_date:
        return {"day": "BEFORE_ENTRY"}
    return {}


def may_decide(applicant: str, decider: str) -> bool:
    """Four eyes: a correction is approved or rejected by another site user than the one who applied."""
    return applicant != decider


# -- 出勤记录's photos -------------------------------------------------------------------------------------------

THUMBNAIL_PX = 96


def thumbnail(photo_base64: str | None, size: int = THUMBNAIL_PX) -> bytes | None:
    """A small JPEG of a clock's photo (its longer side ``size`` pixels), or None when the photo does not decode."""
    if not photo_base64:
        return None
    import base64
    import binascii

    import cv2
    import numpy as np

    text = photo_base64.split(",", 1)[1] if photo_base64.startswith("data:") else photo_base64
    try:
        content = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    image = cv2.imdecode(np.frombuffer(content, dtype=np.uint8), cv2.IMREAD_COLOR) if content else None
    if image is None:
        return None
    height, width = image.shape[:2]
    scale = size / max(height, width)
    if scale < 1:
        image = cv2.resize(image, (max(1, round(width * scale)), max(1, round(height * scale))),
                           interpolation=cv2.INTER_AREA)
    encoded, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return jpeg.tobytes() if encoded else None
