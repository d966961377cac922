"""Terminals that speak their own dialect (ZKTeco iclock push, Hikvision's pushed events and ISAPI), the per-device
command queue that sends people down, and the reconciliation of a device's history; AttendanceService provides db,
outbox, vault, caller, zone and its clock-record path (``_upload``).

Who may do what:
- ``zkteco_request`` and ``hikvision_event``: the device itself, named by its serial and holding its secret as a
  token (these terminals cannot sign requests). A device only speaks the dialect it was registered with; any
  other serial, token or dialect is DEVICE_UNKNOWN. The token is the device's whole credential: there is no
  freshness and no replay protection beyond the records' idempotency (a request replayed stores nothing new and
  delivers no command twice that the device already confirmed).
- ``device_commands`` and ``reconcile_device``: the project's site users (and the authority, reading).

The command queue: one row per (device, person, kind) — ``upsert`` while the person is on site (kind person:
name, card; kind face, on a ZKTeco or Hikvision terminal, for a person with a face enrolled: the enrolment photo),
``delete`` once they left — pending → sent → ok, or failed (last error, next try after a back-off,
``dialects.back_off``). Commands go face deletes first, then people, then faces, so that a face finds its person on
the terminal; a face's photo is asked of identity_svc as the command goes out, and where identity_svc keeps none
(FACE_PHOTO_NOT_KEPT) the row is failed with that reason and not tried again until the face is enrolled again. A
ZKTeco device takes its due commands at ``getrequest`` and confirms each at ``devicecmd``. A Hikvision terminal
registered with its ISAPI address is called by the platform (``push_to_hikvision_terminals``, a timer): its due
commands carried out over ISAPI (``isapi``), each confirmed or failed with the terminal's reason, then its counts
read back as a heartbeat. A device of the platform's own API pulls the whitelist (its pending rows become sent;
faces go in it as templates) and its heartbeat's counts confirm them.
The read-back: a heartbeat (ZKTeco: getrequest's ``INFO``) whose person count disagrees with the people on site,
or whose face count is below the faces the device confirmed, once delivery has settled marks the device's rows
failed and queues everyone again (a resync) — at most once in ``dialects.RESYNC_INTERVAL``, as a device holding
people enrolled on it by hand never agrees.
"""

import base64
import datetime as dt
import hmac
import logging
from collections import namedtuple

import eventlet
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError

from attendance_svc import dialects, domain, isapi
from attendance_svc.domain import aware, iso
from attendance_svc.exceptions import (
    EXPECTED,
    DeviceHistoryUnsupported,
    DeviceLoginRefused,
    DeviceNotConnected,
    DeviceRefused,
    DeviceRequestUnknown,
    DeviceUnknown,
    DeviceUnreachable,
)
from attendance_svc.models import (
    AttendanceCard,
    ClockRecord,
    Device,
    DeviceCommand,
    DeviceEventSeen,
    KnownFace,
    ProcessedEvent,
    ProjectWhitelist,
    SiteStay,
)
from attendance_svc.schemas import DayQuerySchema
from chassis.database import upsert
from chassis.events import first_delivery, utcnow
from chassis.messaging import event_handler, rpc, timer
from chassis.schemas import load_or_refuse
from identity_svc.exceptions import FaceNotEnrolled, FacePhotoNotKept

log = logging.getLogger(__name__)

#: the most commands one getrequest hands a device
COMMAND_BATCH = 50
#: the most faces (photos, tens of kB each) one getrequest hands a device
FACE_BATCH = 10
#: the most gaps and missing records one reconciliation lists
REPORT_LIMIT = 500
#: the most events one reconciliation reads from a device's own history (a day of a busy gate)
HISTORY_LIMIT = 10_000
READ_BACK_MISMATCH = "READ_BACK_MISMATCH"
#: the most Hikvision terminals called at once
PUSH_CONCURRENCY = 8
#: when this process last called each Hikvision terminal (by device id): one out of reach is tried once in
#: ``HIKVISION_READ_BACK_SECONDS``, not at every tick
READ_BACK_TRIED = {}


def queue_commands(session, project_id, person_ids, now, devices=None, refresh=False, enrolled=(),
                   kinds=dialects.COMMAND_KINDS):
    """Queues, for each device of the project that takes commands, what it should now hold of these people: their
    rows (kind person: an upsert for those on site, a delete for those gone where the device was ever sent them)
    and, on a device that takes faces, their faces (an upsert for those on site with a face enrolled, a delete for
    the others). A face is queued again only when what the device should hold changes, when it was enrolled again
    (``enrolled``) or at a resync (``refresh``); one that waits for a new enrolment (its photo not kept) waits on,
    whatever else changes."""
    if devices is None:
        devices = session.scalars(select(Device).where(
            Device.project_id == project_id, Device.retired_at.is_(None), Device.takes_commands,
            Device.kind.not_in(domain.VIRTUAL_KINDS))).all()
    person_ids, enrolled = set(person_ids), set(enrolled)
    if not devices or not person_ids:
        return
    on_site = _on_site_of(session, project_id, person_ids)
    if dialects.PERSON in kinds:
        _queue_kind(session, devices, person_ids, dialects.PERSON, on_site, now, keep=lambda row, person_id: False)
    faced = [device for device in devices if device.protocol in dialects.FACED]
    if dialects.FACE in kinds and faced:
        with_face = set(session.scalars(select(KnownFace.person_id).where(
            KnownFace.person_id.in_(person_ids))).all())
        _queue_kind(session, faced, person_ids, dialects.FACE, on_site & with_face, now,
                    keep=lambda row, person_id: person_id not in enrolled and (awaits_enrolment(row) or not refresh))


def _queue_kind(session, devices, person_ids, kind, wanted, now, keep):
    """For each device and person, the row of ``kind`` queued: an upsert for those ``wanted``, a delete for the
    others where the device has a row of them; a row already asking for the same is left as it is where
    ``keep(row, person_id)``."""
    rows = {(row.device_id, row.person_id): row for row in session.scalars(select(DeviceCommand).where(
        DeviceCommand.device_id.in_([d.id for d in devices]), DeviceCommand.person_id.in_(person_ids),
        DeviceCommand.kind == kind)).all()}
    for device in devices:
        for person_id in sorted(person_ids):
            operation = dialects.UPSERT if person_id in wanted else dialects.DELETE
            row = rows.get((device.id, person_id))
            if row is None:
                if operation == dialects.DELETE:
                    continue
                row = DeviceCommand(device_id=device.id, person_id=person_id, kind=kind)
                session.add(row)
            elif row.operation == operation and keep(row, person_id):
                continue
            _queue(row, operation, now)


def awaits_enrolment(row) -> bool:
    """A face command failed for good (its photo not kept): only a new enrolment queues it again."""
    return row.state == dialects.FAILED and row.next_try_at is None


def _queue(row, operation, now):
    row.operation, row.state, row.attempts, row.last_error = operation, dialects.PENDING, 0, None
    row.next_try_at, row.sent_at, row.updated_at = now, None, now


def _on_site_of(session, project_id, person_ids) -> set:
    return set(session.scalars(select(SiteStay.person_id).where(
        SiteStay.project_id == project_id, SiteStay.exit_date.is_(None), SiteStay.person_id.in_(person_ids))).all())


def carry_out(device_id, connection, commands) -> tuple:
    """``(device_id, results, counts)``: the commands carried out on a Hikvision terminal in their order
    (``results`` as ``_command_results`` takes them), then its counts read back (None when it could not be asked).
    The terminal unreachable, or refusing the credentials, fails the commands not yet carried out with that
    reason."""
    results, stopped = [], None
    try:
        for command in commands:
            if stopped is None:
                try:
                    deliver(connection, command)
                    results.append({"id": command.id, "return": 0, "cmd": ""})
                    continue
                except isapi.IsapiRefused as refusal:
                    if refusal.code in (isapi.DEVICE_UNREACHABLE, isapi.ISAPI_UNAUTHORIZED):
                        stopped = refusal.code
                    results.append({"id": command.id, "return": -1, "cmd": "", "error": refusal.code})
                    continue
            results.append({"id": command.id, "return": -1, "cmd": "", "error": stopped})
        counts = None
        if stopped is None:
            try:
                counts = connection.counts()
            except isapi.IsapiRefused as refusal:
                log.warning("Hikvision device %s: the counts could not be read (%s)", device_id, refusal.code)
        return device_id, results, counts
    finally:
        connection.close()


def deliver(connection, command):
    """One command on a Hikvision terminal."""
    if command.kind == dialects.FACE:
        if command.operation == dialects.DELETE:
            connection.delete_face(command.person_id)
        else:
            connection.set_up_face(command.person_id, base64.b64decode(command.photo))
    elif command.operation == dialects.DELETE:
        connection.delete_person(command.person_id)
    else:
        connection.set_up_person(command.person_id, command.name, command.card_number)


def due_at(now):
    """A command due to go to its device: waiting (pending, or failed and past its back-off), or sent and not
    answered within ``dialects.SENT_TIMEOUT``."""
    return or_(DeviceCommand.state.in_((dialects.PENDING, dialects.FAILED)) & (DeviceCommand.next_try_at <= now),
               (DeviceCommand.state == dialects.SENT) & (DeviceCommand.sent_at < now - dialects.SENT_TIMEOUT))


#: a command as it goes to a device: the row's id, kind and operation, and what it carries (the person's name and
#: card, the face's photo as base64 JPEG)
Command = namedtuple("Command", "id kind operation person_id name card_number photo")

#: the order a device is handed its commands in: a face's delete before its person's, a face after its person
DELIVERY_ORDER = case((and_(DeviceCommand.kind == dialects.FACE, DeviceCommand.operation == dialects.DELETE), 0),
                      (DeviceCommand.kind == dialects.PERSON, 1), else_=2)


class DeviceDialects:
    """ZKTeco iclock and Hikvision event push, the command queue and reconciliation (a mixin of
    AttendanceService)."""

    # -- who is asking -----------------------------------------------------------------------------------------------

    def _dialect_device(self, protocol, serial, token) -> Device:
        device = self.db.session.scalar(select(Device).where(
            Device.serial == str(serial or ""), Device.retired_at.is_(None),
            Device.kind.not_in(domain.VIRTUAL_KINDS)))
        if device is None or device.secret_encrypted is None or device.protocol != protocol or not token \
                or not hmac.compare_digest(str(token).encode(), self.vault.decrypt(device.secret_encrypted).encode()):
            raise DeviceUnknown(f"no {protocol} device in service has this serial number and token")
        return device

    # -- ZKTeco iclock -----------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def zkteco_request(self, serial, token, method, route, query, body):
        """One iclock request as the gateway received it (``route``: cdata, getrequest or devicecmd; ``query``:
        its parameters; ``body``: the text). ``{"text"}``: what to answer the device, plain text."""
        device = self._dialect_device(dialects.ZKTECO, serial, token)
        now, verb, query = utcnow(), str(method or "").upper(), dict(query or {})
        if route == "cdata" and verb == "GET":
            self._heartbeat(device.id, {"person_count": None, "face_count": None}, now)
            return {"text": dialects.zk_options(device.serial, self.zone, now)}
        if route == "cdata" and verb == "POST":
            self._heartbeat(device.id, {"person_count": None, "face_count": None}, now)
            if str(query.get("table", "")).upper() != "ATTLOG":
                return {"text": "OK"}  # OPERLOG, ATTPHOTO, BIODATA …: taken and not kept
            records, unreadable = dialects.parse_attlog(body, self.zone)
            if unreadable:
                log.warning("device %s sent %d ATTLOG line(s) that could not be read", device.serial,
                            len(unreadable))
            if records:
                self._upload(device, records, now, None)
            return {"text": f"OK: {len(records)}"}
        if route == "getrequest" and verb == "GET":
            self._heartbeat(device.id, dialects.parse_zk_info(query.get("INFO")), now)
            lines = self._deliver_commands(device.id, now)
            return {"text": "\n".join(lines) + "\n" if lines else "OK"}
        if route == "devicecmd" and verb == "POST":
            self._command_results(device.id, dialects.parse_command_results(body), now)
            return {"text": "OK"}
        raise DeviceRequestUnknown(f"iclock has no {verb} {route}")

    def _deliver_commands(self, device_id, now) -> list[str]:
        """The device's due commands as iclock lines."""
        lines = []
        for command in self._claim_commands(device_id, now):
            if command.kind == dialects.FACE:
                lines.append(dialects.zk_face_command(command.id, command.operation, command.person_id,
                                                      command.photo))
            else:
                lines.append(dialects.zk_command(command.id, command.operation, command.person_id, command.name,
                                                 command.card_number))
        return lines

    def _claim_commands(self, device_id, now) -> list[Command]:
        """The device's due commands (face deletes, then people, then faces; at most ``FACE_BATCH`` photos), with
        what each carries, each marked sent (its attempt counted) in one commit under the device's lock: another
        poll, or another replica, does not take them again before ``dialects.SENT_TIMEOUT``."""
        with self.db.transaction() as session:
            device = session.get(Device, device_id, with_for_update=True, populate_existing=True)
            due = session.scalars(select(DeviceCommand).where(DeviceCommand.device_id == device_id, due_at(now))
                                  .order_by(DELIVERY_ORDER, DeviceCommand.id).limit(COMMAND_BATCH)).all()
            if not due:
                return []
            people = {row.person_id for row in due}
            names = dict(session.execute(select(SiteStay.person_id, SiteStay.name).where(
                SiteStay.project_id == device.project_id, SiteStay.person_id.in_(people))
                .order_by(SiteStay.entry_id)).all())
            cards = dict(session.execute(select(AttendanceCard.person_id, AttendanceCard.card_number).where(
                AttendanceCard.project_id == device.project_id, AttendanceCard.person_id.in_(people))).all())
            commands, photos = [], 0
            for row in due:
                photo = None
                if row.kind == dialects.FACE and row.operation == dialects.UPSERT:
                    if photos == FACE_BATCH:
                        continue  # the next poll takes it
                    photos += 1
                    photo = self._face_photo(row, now)
                    if photo is None:
                        continue
                self._mark_sent(row, now)
                commands.append(Command(row.id, row.kind, row.operation, row.person_id, names.get(row.person_id),
                                        cards.get(row.person_id), photo))
        return commands

    def _face_photo(self, row, now) -> str | None:
        """The photo of the row's face (base64 JPEG), asked of identity_svc as the platform; None when there is
        none to send, the row failed saying why: for good where identity_svc keeps no photo or no face (until the
        face is enrolled again), after the back-off where it could not be asked."""
        self.act_as_system()
        try:
            return self.identity.face_photo(row.person_id)["jpeg_base64"]
        except (FacePhotoNotKept, FaceNotEnrolled) as refusal:
            row.state, row.last_error, row.next_try_at = dialects.FAILED, refusal.code, None
        except Exception:  # identity_svc away: the face waits, the rest of the device's commands go
            log.warning("could not fetch the face photo of person %s", row.person_id, exc_info=True)
            row.state, row.last_error = dialects.FAILED, dialects.FACE_PHOTO_UNAVAILABLE
            row.attempts += 1
            row.next_try_at = now + dialects.back_off(row.attempts)
        row.updated_at = now
        return None

    @staticmethod
    def _mark_sent(row, now):
        row.state, row.attempts, row.sent_at, row.updated_at = dialects.SENT, row.attempts + 1, now, now
        row.next_try_at = now + dialects.back_off(row.attempts)

    def _command_results(self, device_id, results, now):
        """Return 0: done (ok); any other: failed, with the code, tried again after the back-off. A result for a
        command not sent (answered before, or queued anew since) changes nothing."""
        if not results:
            return
        with self.db.transaction() as session:
            rows = {row.id: row for row in session.scalars(select(DeviceCommand).where(
                DeviceCommand.device_id == device_id, DeviceCommand.id.in_({r["id"] for r in results}))
                .with_for_update()).all()}
            for result in results:
                row = rows.get(result["id"])
                if row is None or row.state != dialects.SENT:
                    continue
                row.updated_at = now
                if result["return"] == 0:
                    row.state, row.last_error = dialects.OK, None
                else:
                    row.state = dialects.FAILED
                    row.last_error = (result.get("error") or f"Return={result['return']} {result['cmd']}".strip())[:200]
                    row.next_try_at = now + dialects.back_off(row.attempts)

    # -- Hikvision event push ----------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def hikvision_event(self, serial, token, event):
        """One pushed event (``event``: the JSON text of the body or of its ``event_log`` part). A clock is
        answered once stored: ``{"seq", "outcome", "reason"?, "record_id", "person_id"?}``; any other event
        ``{"ignored": true}``."""
        device = self._dialect_device(dialects.HIKVISION, serial, token)
        now = utcnow()
        record = dialects.parse_hikvision(event, self.zone)
        self._heartbeat(device.id, {"person_count": None, "face_count": None}, now)
        if record is None:
            serials = dialects.hik_serials(event)
            if serials is not None:  # a door event: its number was used, so it is no gap
                self._event_seen(device.id, *serials, now)
            return {"ignored": True}
        (result,) = self._upload(device, [record], now, None)["results"]
        return result

    def _event_seen(self, device_id, seq, front_seq, now):
        try:
            with self.db.transaction() as session:
                if session.scalar(select(DeviceEventSeen.id).where(DeviceEventSeen.device_id == device_id,
                                                                   DeviceEventSeen.seq == seq)) is None:
                    session.add(DeviceEventSeen(device_id=device_id, seq=seq, front_seq=front_seq, seen_at=now))
        except IntegrityError:  # the same event pushed twice at once
            pass

    # -- Hikvision ISAPI: people and faces pushed to the terminal -------------------------------------------------

    @timer(interval=5, setting="HIKVISION_PUSH_SECONDS")
    def push_to_hikvision_terminals(self):
        """Each Hikvision terminal with an address: its due commands carried out over ISAPI (a person's row and
        card, a face's photo; ``isapi``), each confirmed or failed with the terminal's reason, and then its counts
        read back as a heartbeat (the platform reached it: 在线) — after commands, and when it was not heard from
        for ``HIKVISION_READ_BACK_SECONDS``. Terminals are called side by side; one that cannot be reached fails
        its commands with DEVICE_UNREACHABLE (tried again after the back-off) and keeps no other waiting."""
        now = utcnow()
        quiet = now - dt.timedelta(seconds=self._setting("HIKVISION_READ_BACK_SECONDS", 30))
        with self.db.transaction() as session:
            terminals = session.execute(select(
                Device.id, Device.address, Device.username, Device.password_encrypted, Device.last_seen_at).where(
                Device.protocol == dialects.HIKVISION, Device.address.is_not(None), Device.retired_at.is_(None),
                Device.kind.not_in(domain.VIRTUAL_KINDS))).all()
            due = set(session.scalars(select(DeviceCommand.device_id).where(
                DeviceCommand.device_id.in_([terminal.id for terminal in terminals]), due_at(now)).distinct()).all())
        work = []
        for terminal in terminals:
            commands = self._claim_commands(terminal.id, now) if terminal.id in due else []
            unheard = (terminal.last_seen_at is None or aware(terminal.last_seen_at) < quiet) \
                and READ_BACK_TRIED.get(terminal.id, dt.datetime.min.replace(tzinfo=dt.UTC)) < quiet
            if commands or unheard:
                READ_BACK_TRIED[terminal.id] = now
                password = self.vault.decrypt(terminal.password_encrypted) if terminal.password_encrypted else ""
                work.append((terminal.id, isapi.IsapiDevice(terminal.address, terminal.username or "", password),
                             commands))
        for device_id, results, counts in eventlet.GreenPool(PUSH_CONCURRENCY).imap(lambda w: carry_out(*w), work):
            self._command_results(device_id, results, utcnow())
            if counts is not None:
                self._heartbeat(device_id, counts, utcnow())

    # -- the command queue -------------------------------------------------------------------------------------------

    def _queue_all(self, session, device, now):
        """Everyone on site queued for one device (a new device, or a resync). Under the lock of the project's
        whitelist, as every change of who is on site takes it (``_whitelist_changed``): an entry committed while a
        device is registered is queued by one or the other, never by neither."""
        upsert(session, ProjectWhitelist, project_id=device.project_id)
        session.get(ProjectWhitelist, device.project_id, with_for_update=True, populate_existing=True)
        people = set(session.scalars(select(SiteStay.person_id).where(
            SiteStay.project_id == device.project_id, SiteStay.exit_date.is_(None))).all())
        people |= set(session.scalars(select(DeviceCommand.person_id).where(
            DeviceCommand.device_id == device.id)).all())
        queue_commands(session, device.project_id, people, now, devices=[device], refresh=True)

    def _whitelist_pulled(self, device_id, now):
        """A platform device pulled the whitelist: what was due is now sent (its heartbeat confirms it)."""
        with self.db.transaction() as session:
            for row in session.scalars(select(DeviceCommand).where(
                    DeviceCommand.device_id == device_id,
                    DeviceCommand.state.in_((dialects.PENDING, dialects.FAILED)),
                    DeviceCommand.next_try_at <= now).with_for_update()).all():
                self._mark_sent(row, now)

    def _read_back(self, session, device, reported, expected, now, reported_faces=None) -> bool:
        """A heartbeat's person count against the people on site, and its face count against the faces the device
        confirmed (the device's row is locked): agreeing confirms the people sent; disagreeing once nothing is on
        its way marks the rows failed and queues everyone again. True when the device is being resynchronised."""
        if not device.takes_commands or (reported is None and reported_faces is None):
            return False
        rows = session.scalars(select(DeviceCommand).where(DeviceCommand.device_id == device.id)).all()
        delivered_faces = sum(1 for row in rows if row.kind == dialects.FACE and row.operation == dialects.UPSERT
                              and row.state == dialects.OK)
        people_agree = dialects.read_back_agrees(reported, expected)
        if people_agree:
            for row in rows:
                if row.kind == dialects.PERSON and row.state == dialects.SENT:
                    row.state, row.last_error, row.updated_at = dialects.OK, None, now
            if dialects.faces_read_back_agrees(reported_faces, delivered_faces):
                return False
        in_flight = any(row.state == dialects.PENDING
                        or (row.state == dialects.SENT and aware(row.sent_at) >= now - dialects.SENT_TIMEOUT)
                        for row in rows)
        recently = device.resynced_at is not None and aware(device.resynced_at) > now - dialects.RESYNC_INTERVAL
        if not in_flight and not recently:
            device.resynced_at = now
            self._queue_all(session, device, now)
            session.flush()
            mismatch = f"{reported} ≠ {expected}" if not people_agree else f"faces {reported_faces} < {delivered_faces}"
            for row in session.scalars(select(DeviceCommand).where(DeviceCommand.device_id == device.id)).all():
                if not awaits_enrolment(row):
                    row.last_error = f"{READ_BACK_MISMATCH}: {mismatch}"
        return True

    @rpc(expected_exceptions=EXPECTED)
    def device_commands(self, device_id):
        """同步: ``{"device_id", "protocol", "counts": {pending, sent, ok, failed}, "people": [{person_id, name,
        kind, operation, state, attempts, last_error, next_try_at}], "gaps": [{from, to}]}`` (not yet ok first; a
        person's row, kind person, before its face, kind face; ``last_error`` says why a row failed, e.g.
        ``FACE_PHOTO_NOT_KEPT``, ``Return=-1002 DATA``, ``READ_BACK_MISMATCH: 0 ≠ 1``)."""
        session = self.db.session
        device = self._device_in_scope(session, device_id)
        counts = dict.fromkeys(dialects.COMMAND_STATES, 0)
        counts.update(dict(session.execute(select(DeviceCommand.state, func.count()).where(
            DeviceCommand.device_id == device.id).group_by(DeviceCommand.state)).all()))
        rows = session.scalars(select(DeviceCommand).where(DeviceCommand.device_id == device.id)
                               .order_by(DeviceCommand.state == dialects.OK, DeviceCommand.person_id,
                                         DeviceCommand.kind.desc())
                               .limit(REPORT_LIMIT)).all()
        names = self._names(session, device.project_id, {row.person_id for row in rows})
        return {"device_id": device.id, "protocol": device.protocol, "counts": counts,
                "people": [{"person_id": row.person_id, "name": names.get(row.person_id), "kind": row.kind,
                            "operation": row.operation,
                            "state": row.state, "attempts": row.attempts, "last_error": row.last_error,
                            "next_try_at": iso(row.next_try_at)} for row in rows],
                "gaps": self._gaps(session, device)}

    # -- reconciliation ----------------------------------------------------------------------------------------------

    def _gaps(self, session, device) -> list[dict]:
        if device.protocol == dialects.ZKTECO:
            return []  # its sequence numbers are derived, without order
        stored = session.execute(select(ClockRecord.seq, ClockRecord.front_seq).where(
            ClockRecord.device_id == device.id)).all()
        stored += session.execute(select(DeviceEventSeen.seq, DeviceEventSeen.front_seq).where(
            DeviceEventSeen.device_id == device.id)).all()
        return dialects.sequence_gaps([(seq, front) for seq, front in stored])[:REPORT_LIMIT]

    @rpc(expected_exceptions=EXPECTED)
    def reconcile_device(self, device_id, records=None, attlog=None, from_device=False, day=None):
        """对账: the device's history (``records``: ``[{seq?, occurred_at, person_ref?}]``, a ZKTeco entry keyed by
        its PIN and time; or ``attlog``: a ZKTeco ATTLOG re-upload's text; or, ``from_device``, read from a
        Hikvision terminal the platform reaches, the site's ``day``, today by default) against what the platform
        stored. ``{"device_id", "protocol", "checked", "missing": [{seq, occurred_at, person_ref}], "gaps"}``.
        From the device: DEVICE_NOT_CONNECTED (no address), DEVICE_UNREACHABLE, ISAPI_UNAUTHORIZED,
        DEVICE_HISTORY_UNSUPPORTED (its firmware keeps its history to itself), DEVICE_REFUSED."""
        session = self.db.session
        device = self._device_in_scope(session, device_id)
        zone = self.zone
        if from_device:
            records = dialects.hik_history(self._device_history(device, day, zone))
        entries = dialects.history_entries(device.protocol, list(records or []), zone)
        if attlog:
            punches, _ = dialects.parse_attlog(str(attlog), zone)
            entries += [{"seq": p["seq"], "occurred_at": p["occurred_at"], "person_ref": p["device_ref"]}
                        for p in punches]
        unique = list({entry["seq"]: entry for entry in entries}.values())
        stored = set()
        for start in range(0, len(unique), 1000):
            seqs = [e["seq"] for e in unique[start:start + 1000]]
            stored |= set(self._stored_seqs(session, device.id, seqs))
            stored |= set(session.scalars(select(DeviceEventSeen.seq).where(
                DeviceEventSeen.device_id == device.id, DeviceEventSeen.seq.in_(seqs))).all())
        missing = sorted((e for e in unique if e["seq"] not in stored), key=lambda e: e["occurred_at"])
        return {"device_id": device.id, "protocol": device.protocol, "checked": len(unique),
                "missing": [{"seq": e["seq"], "occurred_at": iso(e["occurred_at"], zone),
                             "person_ref": e["person_ref"]} for e in missing[:REPORT_LIMIT]],
                "missing_count": len(missing), "gaps": self._gaps(session, device)}

    def _device_history(self, device, day, zone) -> list[dict]:
        """The events of the site's ``day`` (today by default) as the Hikvision terminal hands them over."""
        if device.protocol != dialects.HIKVISION or device.address is None:
            raise DeviceNotConnected("the platform has no address to call this device at")
        day = load_or_refuse(DayQuerySchema(), {"day": day})["day"] or dt.datetime.now(zone).date()
        start = dt.datetime.combine(day, dt.time(), zone)
        connection = isapi.IsapiDevice(device.address, device.username or "",
                                       self.vault.decrypt(device.password_encrypted)
                                       if device.password_encrypted else "")
        try:
            return connection.events(start, start + dt.timedelta(days=1, seconds=-1), HISTORY_LIMIT)
        except isapi.IsapiRefused as refusal:
            if refusal.code == isapi.DEVICE_UNREACHABLE:
                raise DeviceUnreachable("the platform could not reach the device's address") from None
            if refusal.code == isapi.ISAPI_UNAUTHORIZED:
                raise DeviceLoginRefused("the device refused the username or password") from None
            if refusal.code.removeprefix("ISAPI ") in isapi.UNSUPPORTED:
                raise DeviceHistoryUnsupported("the device does not hand over its history") from None
            raise DeviceRefused(f"the device refused: {refusal.code}", details={"reason": refusal.code}) from None
        finally:
            connection.close()

    # -- faces change what a device should hold ----------------------------------------------------------------------

    @event_handler("identity_svc", "face_enrolled")
    def handle_face_enrolled(self, envelope):
        """A face enrolled (or replaced) changes the whitelist of every project the person is on site of, and the
        count of faces its face terminals should report."""
        person_id = int(envelope["data"]["person_id"])
        with self.db.transaction() as session:
            if not first_delivery(session, ProcessedEvent, envelope, "handle_face_enrolled"):
                return
            upsert(session, KnownFace, person_id=person_id, version=envelope["data"].get("version"))
            for project_id in sorted(set(session.scalars(select(SiteStay.project_id).where(
                    SiteStay.person_id == person_id, SiteStay.exit_date.is_(None))).all())):
                self._whitelist_changed(session, project_id, [person_id])
                session.flush()
                queue_commands(session, project_id, [person_id], utcnow(), enrolled=[person_id],
                               kinds=(dialects.FACE,))

