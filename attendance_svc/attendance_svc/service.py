"""attendance_svc entrypoints: 考勤设备, the signed device API, clocking by face, card and code, 发卡, the records and
the day view.

The gate decides locally and the platform records durably: a device's upload is answered once the one transaction
holding its records has committed, each record with its outcome (accepted, duplicate, refused with a reason).
"""

import base64
import datetime as dt
import json
import logging
import urllib.parse
import zoneinfo
from types import SimpleNamespace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nameko.dependency_providers import Config
from nameko.exceptions import RemoteError
from nameko.extensions import DependencyProvider
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from attendance_svc import alerts, audit, corrections, dialects, domain, isapi, live
from attendance_svc import gate_dialects as dialect_entrypoints
from attendance_svc import views as period_views
from attendance_svc.domain import aware, iso
from attendance_svc.exceptions import (
    EXPECTED,
    NOT_ON_SITE,
    REPEATED,
    UNKNOWN_CARD,
    UNKNOWN_CODE,
    UNKNOWN_FACE,
    CardNotFound,
    CardNumberTaken,
    DeviceNotFound,
    DeviceRequestReplayed,
    DeviceRequestStale,
    DeviceRequestUnknown,
    DeviceSerialTaken,
    DeviceSignatureInvalid,
    DeviceUnknown,
    NotOnSite,
    ProjectNotFound,
)
from attendance_svc.models import (
    AttendanceCard,
    ClockRecord,
    Device,
    DeviceCommand,
    DeviceNonce,
    KnownEnterprise,
    KnownFace,
    OutboxRecord,
    ProcessedEvent,
    ProjectWhitelist,
    SiteStay,
    WhitelistChange,
)
from attendance_svc.schemas import (
    CardSchema,
    ClockRecordQuerySchema,
    DayQuerySchema,
    DeviceRegistrationSchema,
    HeartbeatSchema,
    WhitelistQuerySchema,
    load_records,
)
from attendance_svc.uploads import Upload, UploadBatches
from chassis.caller import WORKER, CallerIdentity, SystemActor
from chassis.database import Database, upsert
from chassis.errors import Forbidden, InvalidInput, ServiceError, parse_remote_error
from chassis.events import first_delivery, utcnow
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.logs import ServiceLog
from chassis.messaging import RpcProxy, event_handler, rpc, timer
from chassis.outbox import Outbox
from chassis.pii import PersonalData
from chassis.schemas import load_or_refuse
from project_svc import exceptions as project_refusals
from siteaccess_svc import codes as personal_codes
from siteaccess_svc.exceptions import CodeExpired, CodeInvalid

log = logging.getLogger(__name__)

REFUSED_REQUESTS = {"DEVICE_SIGNATURE_INVALID": DeviceSignatureInvalid, "DEVICE_REQUEST_STALE": DeviceRequestStale,
                    "DEVICE_REQUEST_REPLAYED": DeviceRequestReplayed}
#: what identity_svc.identify_face refuses with that means "nobody we know" for a clock record
FACE_REFUSALS = ("UNKNOWN_FACE", "FACE_NOT_FOUND", "FACE_IMAGE_INVALID", "FACE_MULTIPLE")
HEARTBEAT, RECORDS, WHITELIST = "/api/v1/device/heartbeat", "/api/v1/device/records", "/api/v1/device/whitelist"


def device_view(device: Device) -> dict:
    return {"id": device.id, "project_id": device.project_id, "kind": device.kind, "serial": device.serial,
            "name": device.name, "direction": device.direction, "location": device.location,
            "status": device.status, "last_seen_at": iso(device.last_seen_at),
            "registered_at": iso(device.registered_at), "reported_person_count": device.reported_person_count,
            "reported_face_count": device.reported_face_count, "resync_required": bool(device.resync_required),
            "retired_at": iso(device.retired_at), "protocol": device.protocol or dialects.PLATFORM,
            "device_address": device.address, "username": device.username,
            "pushes_people": device.protocol == dialects.HIKVISION and device.address is not None}


def remote_code(error) -> str | None:
    code = getattr(error, "code", None)
    if code and code != ServiceError.code:
        return code
    return (parse_remote_error(getattr(error, "value", None)) or {}).get("code")


class CodeKeyCache(DependencyProvider):
    """The public key that verifies personal 建设码, asked of siteaccess_svc once per container and kept."""

    def setup(self):
        self.key = self.raw = None

    def get_dependency(self, worker_ctx):
        return self


class AttendanceService(dialect_entrypoints.DeviceDialects, period_views.AttendanceViews, alerts.WarningsMixin,
                        corrections.CorrectionsMixin, live.LiveRecordsMixin, HealthCheck):
    """考勤: gate devices, clock records, attendance cards, day views."""

    name = "attendance_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    vault = PersonalData()
    caller = CallerIdentity()
    act_as_system = SystemActor()
    config = Config()
    code_key = CodeKeyCache()
    upload_batches = UploadBatches()
    identity = RpcProxy("identity_svc")
    employment = RpcProxy("employment_svc")
    projects = RpcProxy("project_svc")
    siteaccess = RpcProxy("siteaccess_svc")

    # -- settings -------------------------------------------------------------------------------------------------

    def _setting(self, name, default):
        return int(self.config.get(name) or default)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.config.get("TIMEZONE") or "Asia/Shanghai")

    # -- 考勤设备 ---------------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def register_device(self, project_id, kind, serial, direction, location, name, protocol=dialects.PLATFORM,
                        device_address=None, username=None, password=None):
        """登记设备: ``{"device": DEVICE, "secret": "<base64url of 32 bytes>"}``; the secret is shown this once.
        ``protocol``: platform (the signed API), hikvision or zkteco (their push, the secret as the token). A
        Hikvision terminal the platform can reach is given its ISAPI ``device_address`` and digest ``username`` and
        ``password``: its people and faces are then pushed to it."""
        project_id = domain.project_scope(self.caller, project_id, write=True)
        values = load_or_refuse(DeviceRegistrationSchema(),
            {"kind": kind, "serial": serial, "direction": direction, "location": location, "name": name,
             "protocol": protocol or dialects.PLATFORM})
        domain.check_serial(values["serial"])
        connection = self._connection(values["protocol"], device_address, username, password, kept_password=None)
        self._project(project_id)
        secret = domain.new_secret()
        try:
            with self.db.transaction() as session:
                taken = session.scalar(select(Device.id).where(Device.serial == values["serial"],
                                                               Device.retired_at.is_(None)))
                if taken is not None:
                    raise DeviceSerialTaken("a device in service has this serial number",
                                            fields={"serial": "DEVICE_SERIAL_TAKEN"}, details={"device_id": taken})
                device = Device(project_id=project_id, status="offline", registered_at=utcnow(),
                                secret_encrypted=self.vault.encrypt(secret), chain_length=0, resync_required=False,
                                **values, **connection)
                session.add(device)
                session.flush()
                if device.takes_commands:
                    self._queue_all(session, device, device.registered_at)
                self.outbox.add("device_registered", {
                    "device_id": device.id, "project_id": project_id, "kind": device.kind, "serial": device.serial,
                    "name": device.name, "direction": device.direction, "location": device.location,
                    "registered_at": iso(device.registered_at)})
        except IntegrityError:
            raise DeviceSerialTaken("a device in service has this serial number",
                                    fields={"serial": "DEVICE_SERIAL_TAKEN"}) from None
        return {"device": device_view(device), "secret": secret}

    @rpc(expected_exceptions=EXPECTED)
    def set_device_connection(self, device_id, device_address=None, username=None, password=None):
        """修改连接: a Hikvision terminal's ISAPI address and digest credentials (an empty ``password`` keeps the
        one stored; an empty ``device_address`` takes the connection away: the platform stops pushing to it). Given an
        address, the platform queues everyone on site for it. Answers DEVICE."""
        with self.db.transaction() as session:
            device = self._device_in_scope(session, device_id, write=True)
            session.refresh(device, with_for_update=True)
            connection = self._connection(device.protocol, device_address, username, password,
                                          kept_password=device.password_encrypted)
            reached_before, now = device.takes_commands, utcnow()
            for key, value in connection.items():
                setattr(device, key, value)
            if device.takes_commands and not reached_before:
                self._queue_all(session, device, now)
            # what failed (an address that could not be reached, a password refused) is tried at once
            session.execute(update(DeviceCommand).where(
                DeviceCommand.device_id == device.id, DeviceCommand.state == dialects.FAILED,
                DeviceCommand.next_try_at.is_not(None)).values(next_try_at=now))
        return device_view(device)

    def _connection(self, protocol, address, username, password, kept_password) -> dict:
        """The device's connection columns from what was given: none without an address; with one, a Hikvision
        terminal's, the username and a password (given, or ``kept_password``) required. Every problem is named at
        once."""
        if not str(address or "").strip():
            return {"address": None, "username": None, "password_encrypted": None}
        username, password = str(username or "").strip(), str(password or "")
        problems = {}
        try:
            address = isapi.check_address(address)
        except InvalidInput as refusal:
            problems.update(refusal.fields)
        if protocol != dialects.HIKVISION:
            problems["device_address"] = "NOT_HIKVISION"
        if not username:
            problems["username"] = "REQUIRED"
        elif len(username) > 64:
            problems["username"] = "TOO_LONG"
        if not password and kept_password is None:
            problems["password"] = "REQUIRED"  # noqa: S105 — a field's problem, not a password
        elif len(password) > 128:
            problems["password"] = "TOO_LONG"  # noqa: S105
        if problems:
            raise InvalidInput("the device's connection is incomplete", fields=problems)
        return {"address": address, "username": username,
                "password_encrypted": self.vault.encrypt(password) if password else kept_password}

    @rpc(expected_exceptions=EXPECTED)
    def list_devices(self, project_id):
        """The project's devices in service, 在线 / 离线 and last seen: ``[DEVICE]``."""
        project_id = domain.project_scope(self.caller, project_id)
        devices = self.db.session.scalars(select(Device).where(
            Device.project_id == project_id, Device.retired_at.is_(None),
            Device.kind.not_in(domain.VIRTUAL_KINDS))
            .order_by(Device.id)).all()
        return [device_view(device) for device in devices]

    @rpc(expected_exceptions=EXPECTED)
    def reissue_device_secret(self, device_id):
        """重置密钥: a new secret, shown once; the old one stops working at once."""
        secret = domain.new_secret()
        with self.db.transaction() as session:
            device = self._device_in_scope(session, device_id, write=True)
            device.secret_encrypted = self.vault.encrypt(secret)
        return {"device": device_view(device), "secret": secret}

    @rpc(expected_exceptions=EXPECTED)
    def retire_device(self, device_id):
        """停用: the device's requests are refused from now on (DEVICE_UNKNOWN); its records stay. Answers DEVICE."""
        with self.db.transaction() as session:
            device = self._device_in_scope(session, device_id, write=True)
            device.retired_at, device.status, device.secret_encrypted = utcnow(), "offline", None
            device.password_encrypted = None
        return device_view(device)

    def _device_in_scope(self, session, device_id, write=False):
        device = session.get(Device, int(device_id))
        if device is None or device.retired_at is not None or device.kind in domain.VIRTUAL_KINDS:
            raise DeviceNotFound(f"no device {device_id}")
        domain.project_scope(self.caller, device.project_id, write=write)
        return device

    # -- the signed device API ------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def device_request(self, serial, timestamp, nonce, signature, method, path, body):
        """One request of the device API, as the gateway received it (``body``: the raw body, text).

        Signed ``HMAC-SHA256(secret, f"{method}\\n{path}\\n{timestamp}\\n{nonce}\\n" + sha256_hex(body))`` in hex,
        keyed with the secret's text; ``path`` as requested, query string included. Refusals: DEVICE_UNKNOWN,
        DEVICE_SIGNATURE_INVALID, DEVICE_REQUEST_STALE, DEVICE_REQUEST_REPLAYED, DEVICE_REQUEST_UNKNOWN."""
        now = utcnow()
        device = self.db.session.execute(select(  # the columns only: no entity to build on each request
            Device.id, Device.project_id, Device.secret_encrypted, Device.protocol).where(
            Device.serial == str(serial or ""), Device.retired_at.is_(None),
            Device.kind.not_in(domain.VIRTUAL_KINDS))).first()
        if device is None or device.secret_encrypted is None or device.protocol != dialects.PLATFORM:
            raise DeviceUnknown("no device in service has this serial number")
        if nonce is not None and len(str(nonce)) > 100:
            raise DeviceSignatureInvalid("the nonce is longer than 100 characters")
        window = self._setting("DEVICE_REQUEST_WINDOW_SECONDS", 300)
        route, _, query = str(path).partition("?")
        route = route.rstrip("/")
        verb = str(method).upper()
        # a heartbeat's or an upload's nonce is kept in the transaction of what it does, under the device's lock
        # (one commit, not two); another request's in a commit of its own
        writes = (verb, route) in (("POST", HEARTBEAT), ("POST", RECORDS))
        try:
            domain.check_request(self.vault.decrypt(device.secret_encrypted), method=str(method or ""),
                                 path=str(path or ""), timestamp=timestamp, nonce=nonce, signature=signature,
                                 body=body, now=now, window_seconds=window,
                                 nonce_seen=lambda used: not writes and self._nonce_seen(device.id, used, now))
        except domain.RequestRefused as refusal:
            raise REFUSED_REQUESTS[refusal.reason](str(refusal)) from None
        if (verb, route) == ("POST", HEARTBEAT):
            return self._heartbeat(device.id, load_or_refuse(HeartbeatSchema(), self._json(body)), now, str(nonce))
        if (verb, route) == ("POST", RECORDS):
            return self._upload(device, load_records(self._json(body)), now, str(signature).lower(), str(nonce))
        if (verb, route) == ("GET", WHITELIST):
            since = dict(urllib.parse.parse_qsl(query)).get("since", 0)
            whitelist = self._whitelist(device.project_id,
                                        load_or_refuse(WhitelistQuerySchema(), {"since": since})["since"])
            self._whitelist_pulled(device.id, now)
            return whitelist
        raise DeviceRequestUnknown(f"the device API has no {verb} {route}")

    @staticmethod
    def _json(body):
        try:
            value = json.loads(body) if body else {}
        except (TypeError, ValueError):
            raise InvalidInput("the body is not JSON", fields={"body": "INVALID"}) from None
        if not isinstance(value, dict):
            raise InvalidInput("the body is not a JSON object", fields={"body": "INVALID"})
        return value

    def _nonce_seen(self, device_id, nonce, now) -> bool:
        """A request that writes nothing else (a whitelist pull): its nonce kept in a commit of its own; True
        when the device used it before."""
        try:
            with self.db.transaction() as session:
                (replayed,) = self._keep_nonces(session, [(device_id, str(nonce), now)])
            return replayed
        except IntegrityError:  # the same nonce in two requests at once
            return True

    def _heartbeat(self, device_id, values, now, nonce=None):
        with self.db.transaction() as session:
            device = session.get(Device, device_id, with_for_update=True, populate_existing=True)
            if nonce is not None:  # the signed API's; a dialect's heartbeat has none
                (replayed,) = self._keep_nonces(session, [(device_id, nonce, now)])
                if replayed:
                    raise DeviceRequestReplayed("this nonce was used already")
            expected = self._on_site_count(session, device.project_id)
            device.last_seen_at = now
            if values["person_count"] is not None or values["face_count"] is not None:
                device.reported_person_count = values["person_count"]
                device.reported_face_count = values["face_count"]
                faces = self._on_site_faces(session, device.project_id) if device.kind == domain.FACE_TERMINAL else None
                resync = domain.needs_resync(values["person_count"], values["face_count"], expected, faces)
                device.resync_required = self._read_back(session, device, values["person_count"], expected, now,
                                                         values["face_count"]) or resync
            if device.status != "online":
                device.status = "online"
                self.outbox.add("device_came_online", self._status_event(device))
            version = self._whitelist_version(session, device.project_id)
        return {"server_time": iso(now), "whitelist_version": version, "resync": bool(device.resync_required)}

    @timer(interval=10, setting="DEVICE_STATUS_CHECK_SECONDS")
    def mark_quiet_devices_offline(self):
        """离线: a device without a heartbeat for DEVICE_OFFLINE_SECONDS; each change published once (the update
        that makes it is the only one that finds the device online). And the nonces past keeping are forgotten
        (a request that old is refused as stale anyway)."""
        now = utcnow()
        cutoff = now - dt.timedelta(seconds=self._setting("DEVICE_OFFLINE_SECONDS", 60))
        window = self._setting("DEVICE_REQUEST_WINDOW_SECONDS", 300)
        with self.db.transaction() as session:
            quiet = session.scalars(update(Device).where(
                Device.status == "online", Device.last_seen_at < cutoff, Device.retired_at.is_(None))
                .values(status="offline").returning(Device)).all()
            for device in quiet:
                self.outbox.add("device_went_offline", self._status_event(device))
            session.execute(delete(DeviceNonce).where(
                DeviceNonce.seen_at < now - (domain.nonce_kept_until(now, window) - now)))
        if quiet:
            log.info("%d device(s) went offline", len(quiet))

    @staticmethod
    def _status_event(device):
        return {"device_id": device.id, "project_id": device.project_id, "serial": device.serial,
                "name": device.name, "status": device.status, "last_seen_at": iso(device.last_seen_at)}

    # -- clock records --------------------------------------------------------------------------------------------

    def _upload(self, device, records, now, signature, nonce=None):
        """Stores an upload of ``device`` (its ``id`` and ``project_id``) with the request's ``nonce``, where it has
        one, in one transaction with the uploads that arrive beside it; ``{"results": [{seq, outcome, reason?,
        record_id?, person_id?}]}``."""
        for record in records:  # as cards are issued: letters and digits, upper case
            if record.get("card_number"):
                record["card_number"] = record["card_number"].strip().upper()
            record["_signature"] = signature
        pending = records
        if any(r.get("photo") or (r["method"] == "code" and r["person_id"] is None) for r in records):
            # a face to search or a code to verify, not again for a record stored before
            stored = self._stored_seqs(self.db.session, device.id, [r["seq"] for r in records])
            pending = [r for r in records if r["seq"] not in stored]
        self._identify(device.project_id, pending, now)
        self._thumbnails(pending)
        return self.upload_batches.store(Upload(device.id, records, now, nonce), self._write_uploads)

    def _write_uploads(self, uploads):
        """Settles each upload: all in one transaction; if that fails, each again alone, so that one upload's
        problem (a record another replica stored meanwhile, say) is its own."""
        if len(uploads) > 1:
            try:
                return self._write_together(uploads)
            except Exception:  # noqa: BLE001 — written again one by one below
                log.warning("a batch of %d uploads failed; writing each alone", len(uploads), exc_info=True)
        for upload in uploads:
            try:
                self._write_together([upload])
            except Exception as error:  # noqa: BLE001 — the upload's own refusal
                upload.settle(refusal=error)

    def _write_together(self, uploads):
        """One transaction: the devices' rows locked (in id order), each upload's nonce kept (a nonce used before
        refuses its upload alone), each project's records stored in one pass, each in its device's hash chain; the
        uploads settled once committed."""
        answers = {}
        with self.db.transaction() as session:
            devices = {device.id: device for device in session.scalars(
                select(Device).where(Device.id.in_({u.device_id for u in uploads})).order_by(Device.id)
                .with_for_update().execution_options(populate_existing=True)).all()}
            signed = [upload for upload in uploads if upload.nonce is not None]
            replayed = self._keep_nonces(session, [(u.device_id, u.nonce, u.now) for u in signed]) if signed else []
            refusals = {upload: DeviceRequestReplayed("this nonce was used already")
                        for upload, again in zip(signed, replayed, strict=True) if again}
            kept = [upload for upload in uploads if upload not in refusals]
            for project_id in dict.fromkeys(devices[upload.device_id].project_id for upload in kept):
                answers.update(self._write_project_uploads(
                    session, devices, [u for u in kept if devices[u.device_id].project_id == project_id]))
        for upload in uploads:
            upload.settle(answer=answers.get(upload), refusal=refusals.get(upload))

    @staticmethod
    def _keep_nonces(session, nonces) -> list[bool]:
        """In the transaction of the requests' work, their devices' rows locked: each ``(device_id, nonce,
        seen_at)`` kept (unique per device), and for each whether its device used the nonce before (in an earlier
        request or earlier in this list): DEVICE_REQUEST_REPLAYED."""
        used = set(session.execute(select(DeviceNonce.device_id, DeviceNonce.nonce).where(
            DeviceNonce.device_id.in_({device_id for device_id, _, _ in nonces}),
            DeviceNonce.nonce.in_({nonce for _, nonce, _ in nonces}))).all())
        replayed, rows = [], []
        for device_id, nonce, seen_at in nonces:
            replayed.append((device_id, nonce) in used)
            if not replayed[-1]:
                used.add((device_id, nonce))
                rows.append({"device_id": device_id, "nonce": nonce, "seen_at": seen_at})
        if rows:
            session.execute(insert(DeviceNonce.__table__), rows)
        return replayed

    def _write_project_uploads(self, session, devices, uploads) -> dict:
        """``{upload: answer}``: the records of one project's uploads stored (their devices' rows locked), each
        device's in their order; a record its device stored before, or sent again in these uploads, is answered
        duplicate."""
        stored = self._stored_records(session, {(u.device_id, r["seq"]) for u in uploads for r in u.records})
        entries = []  # (device, record) of the records to store
        for device_id in dict.fromkeys(upload.device_id for upload in uploads):
            plan = domain.plan_batch([r for u in uploads if u.device_id == device_id for r in u.records],
                                     {seq: record_id for (held_by, seq), record_id in stored.items()
                                      if held_by == device_id})
            entries += [(devices[device_id], record) for record in plan.new]
        results = self._store_clocks(session, devices[uploads[0].device_id].project_id, entries,
                                     max(upload.now for upload in uploads))
        by_key = {(device.id, record["seq"]): result
                  for (device, record), result in zip(entries, results, strict=True)}
        answers, answered = {}, set()
        for upload in uploads:
            answer = []
            for record in upload.records:
                key = (upload.device_id, record["seq"])
                if key in by_key and key not in answered:
                    answered.add(key)
                    answer.append(by_key[key])
                else:  # stored before, or sent twice in these uploads
                    record_id = stored[key] if key in stored else by_key[key]["record_id"]
                    answer.append({"seq": record["seq"], "outcome": domain.DUPLICATE, "record_id": record_id})
            answers[upload] = {"results": answer}
        return answers

    @staticmethod
    def _stored_records(session, keys) -> dict:
        """``{(device_id, seq): record id}`` of those of ``keys`` stored already."""
        if not keys:
            return {}
        return {(device_id, seq): record_id for device_id, seq, record_id in session.execute(
            select(ClockRecord.device_id, ClockRecord.seq, ClockRecord.id).where(
                ClockRecord.device_id.in_({device_id for device_id, _ in keys}),
                ClockRecord.seq.in_({seq for _, seq in keys}))).all() if (device_id, seq) in keys}

    def _stored_seqs(self, session, device_id, seqs) -> dict:
        """``{seq: record id}`` of the device's records among ``seqs`` stored already."""
        return {seq: record_id for (_, seq), record_id in
                self._stored_records(session, {(device_id, seq) for seq in seqs}).items()}

    def _identify(self, project_id, records, now):
        """Who each record names, found before the transaction (a remote face search, a code's signature):
        sets ``_person_id`` and ``_similarity``, or ``_reason``."""
        photos = [r for r in records if r["method"] == "face" and r["person_id"] is None and r["photo"]]
        if photos:
            candidates = self._on_site_ids(self.db.session, project_id)
            for record in photos:
                if not candidates:
                    record["_reason"] = UNKNOWN_FACE
                    continue
                self.act_as_system()
                try:
                    found = self.identity.identify_face(record["photo"], sorted(candidates))
                except RemoteError as error:
                    if remote_code(error) not in FACE_REFUSALS:
                        raise
                    record["_reason"] = UNKNOWN_FACE
                    continue
                record["_person_id"], record["_similarity"] = int(found["person_id"]), found.get("similarity")
        for record in records:
            if record["method"] == "code" and record["person_id"] is None:
                record.update(self._person_of_code(record["code"], record["occurred_at"]))

    def _person_of_code(self, token, occurred_at) -> dict:
        """A personal code verified offline with siteaccess_svc's public key, valid when it was scanned."""
        if not token:
            return {"_reason": UNKNOWN_CODE}
        try:
            return {"_person_id": personal_codes.verify_token(self._code_public_key(), token, occurred_at)}
        except (CodeInvalid, CodeExpired):
            return {"_reason": UNKNOWN_CODE}

    def _code_public_key(self) -> Ed25519PublicKey:
        if self.code_key.key is None:
            self.act_as_system()
            published = self.siteaccess.personal_code_public_key()
            self.code_key.key = Ed25519PublicKey.from_public_bytes(base64.b64decode(published["raw_base64"]))
            self.code_key.raw = published["raw_base64"]
        return self.code_key.key

    def _store_clocks(self, session, project_id, entries, now) -> list[dict]:
        """Each ``(device, record)`` of the project's devices with its outcome, in that order, each record in its
        device's hash chain (the devices' rows are locked by the caller); each row carries its request's signature
        (``_signature``), where it came signed."""
        zone = self.zone
        repeat_seconds = self._setting("CLOCK_REPEAT_SECONDS", 60)
        late_seconds = self._setting("CLOCK_LATE_SECONDS", 300)
        cards = dict(session.execute(select(AttendanceCard.card_number, AttendanceCard.person_id).where(
            AttendanceCard.project_id == project_id,
            AttendanceCard.card_number.in_({r["card_number"] for _, r in entries if r.get("card_number")}))).all())
        resolved = [(device, record, *self._resolve(record, cards)) for device, record in entries]
        named = {p for _, _, p, _, _ in resolved if p is not None}
        on_site = self._on_site_names(session, project_id, named)
        counted = self._counted_clocks(session, project_id, named,
                                       {domain.local_day(r["occurred_at"], zone) for _, r in entries})
        results, recorded, refused = [], [], []
        unwritten = []  # (row, record): planned in chain order, inserted together

        def write():
            """The planned rows in one INSERT (ids in their order), then their answers, events and photos."""
            if not unwritten:
                return
            table = ClockRecord.__table__  # Core's executemany, not the ORM's bulk insert: the rows need no ORM
            ids = session.connection().scalars(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                                               [row for row, _ in unwritten]).all()
            for (row, record), record_id in zip(unwritten, ids, strict=True):
                row["id"] = record_id
                self._keep_photo(session, SimpleNamespace(**row), record)
                result = {"seq": row["seq"], "outcome": row["outcome"], "record_id": record_id}
                if row["reason"]:
                    result["reason"] = row["reason"]
                if row["person_id"] is not None:
                    result["person_id"] = row["person_id"]
                results.append(result)
                event = {"record_id": record_id, "project_id": row["project_id"], "device_id": row["device_id"],
                         "person_id": row["person_id"], "name": on_site.get(row["person_id"]),
                         "occurred_at": iso(row["occurred_at"], zone), "method": row["method"],
                         "direction": row["direction"], "late": row["late"],
                         "card_number_masked": row["card_number_masked"]}
                if row["outcome"] == domain.ACCEPTED:
                    recorded.append(event)
                elif row["outcome"] == domain.REFUSED:
                    refused.append({**event, "reason": row["reason"]})
            unwritten.clear()

        for device, record, person_id, similarity, reason in resolved:
            occurred_at = record["occurred_at"].astimezone(dt.UTC)
            day = domain.local_day(occurred_at, zone)
            if reason is None and person_id not in on_site:
                reason = NOT_ON_SITE
            # the person's accepted records about then: (id, or the row still to be written; time; day)
            mine = counted.setdefault(person_id, []) if person_id is not None else []
            earlier_today = any(d == day and at < occurred_at for _, at, d in mine)
            repeated = next((earlier for earlier, at, _ in mine
                             if domain.is_repeat(occurred_at, at, repeat_seconds)), None) if reason is None else None
            if isinstance(repeated, dict):  # a repeat of a record of this upload: its id is needed for the chain
                write()
                repeated = repeated["id"]
            outcome = domain.REFUSED if reason else domain.DUPLICATE if repeated else domain.ACCEPTED
            if outcome == domain.REFUSED and device.direction == "both" and not record.get("direction"):
                direction = None
            else:
                direction = domain.direction_of(device.direction, record.get("direction"), earlier_today)
            row = dict(
                device_id=device.id, seq=record["seq"], chain_index=device.chain_length + 1,
                project_id=device.project_id, person_id=person_id, occurred_at=occurred_at, received_at=now,
                day=day, method=domain.method_code(record["method"]), direction=direction, outcome=outcome,
                reason=REPEATED if repeated else reason, late=domain.is_late(occurred_at, now, late_seconds),
                similarity=None if similarity is None else round(float(similarity), 6),
                card_number_masked=domain.mask_card(record.get("card_number")), duplicate_of=repeated,
                request_signature=record.get("_signature"), prev_hash=device.chain_head or domain.GENESIS,
                front_seq=record.get("front_seq"))
            row["hash"] = domain.chain_hash(row["prev_hash"], row)
            unwritten.append((row, record))
            device.chain_length, device.chain_head = row["chain_index"], row["hash"]
            if outcome == domain.ACCEPTED:
                mine.append((row, occurred_at, day))
        write()
        self.outbox.add_many("attendance_recorded", recorded)
        self.outbox.add_many("attendance_refused", refused)
        return results

    @staticmethod
    def _resolve(record, cards):
        """(person_id, similarity, refusal reason) of a record, from what it carries."""
        if record.get("_reason"):
            return None, None, record["_reason"]
        if record.get("_person_id") is not None:
            return record["_person_id"], record.get("_similarity"), None
        method = record["method"]
        if record.get("person_id") is not None and method in ("face", "id_card", "code"):
            return record["person_id"], record.get("similarity"), None
        if method == "card" or (method == "id_card" and record.get("card_number")):
            person_id = cards.get(record.get("card_number"))
            return (person_id, None, None) if person_id is not None else (None, None, UNKNOWN_CARD)
        if method == "code":
            return None, None, UNKNOWN_CODE
        if method == "id_card":
            return None, None, UNKNOWN_CARD
        return None, None, UNKNOWN_FACE

    @staticmethod
    def _counted_clocks(session, project_id, person_ids, days) -> dict:
        """person_id → [(record id, occurred_at, day)] of their accepted records on these days (and the days
        either side, for repeats across midnight)."""
        if not person_ids:
            return {}
        wider = {d + dt.timedelta(days=offset) for d in days for offset in (-1, 0, 1)}
        counted = {}
        for record_id, person_id, occurred_at, day in session.execute(
                select(ClockRecord.id, ClockRecord.person_id, ClockRecord.occurred_at, ClockRecord.day).where(
                    ClockRecord.project_id == project_id, ClockRecord.person_id.in_(person_ids),
                    ClockRecord.day.in_(wider), ClockRecord.outcome == domain.ACCEPTED)).all():
            counted.setdefault(person_id, []).append((record_id, aware(occurred_at), day))
        return counted

    # -- 手机扫码考勤 ----------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def clock_in_by_code(self, project_id, person_id):
        """A logged-in worker scanned the site's QR code (manual 002 §六): a record with method 010 from the site's
        virtual device "mobile". ``{"record_id", "outcome", "reason"?, "direction", "occurred_at"}``; a person not
        on site is kept as a refused attempt and refused NOT_ON_SITE."""
        caller = self.caller
        if caller.role == WORKER:
            if caller.require_worker().person_id != int(person_id):
                raise Forbidden("a worker clocks in as themself only")
            project_id = int(project_id)
        else:
            project_id = domain.project_scope(caller, project_id, write=True)
        now = utcnow()
        for attempt in range(2):
            try:
                with self.db.transaction() as session:
                    device = self._mobile_device(session, project_id)
                    record = {"seq": device.chain_length + 1, "occurred_at": now, "method": "code",
                              "person_id": int(person_id)}
                    (result,) = self._store_clocks(session, project_id, [(device, record)], now)
                break
            except IntegrityError:
                if attempt:
                    raise
        answer = {**result, "direction": self.db.session.get(ClockRecord, result["record_id"]).direction,
                  "occurred_at": iso(now, self.zone)}
        answer.pop("seq")
        if result["outcome"] == domain.REFUSED:
            raise NotOnSite("the person is not on this site", details={"record_id": result["record_id"]})
        return answer

    @staticmethod
    def _mobile_device(session, project_id):
        serial = f"{domain.MOBILE}:{project_id}"
        device = session.scalar(select(Device).where(Device.serial == serial, Device.retired_at.is_(None))
                                .with_for_update())
        if device is None:
            device = Device(project_id=project_id, kind=domain.MOBILE, serial=serial, name="手机扫码",
                            direction="both", location=None, status="online", registered_at=utcnow(),
                            chain_length=0, resync_required=False)
            session.add(device)
            session.flush()
        return device

    # -- 发卡 ------------------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def issue_card(self, project_id, person_id, card_number):
        """发卡: the person's attendance card on the project (replacing an earlier one). CARD_NUMBER_TAKEN,
        NOT_ON_SITE. ``{"project_id", "person_id", "card_number"}``."""
        project_id = domain.project_scope(self.caller, project_id, write=True)
        values = load_or_refuse(CardSchema(), {"person_id": person_id, "card_number": card_number})
        person_id, number = values["person_id"], domain.check_card_number(values["card_number"])
        try:
            with self.db.transaction() as session:
                if person_id not in self._on_site_ids(session, project_id):
                    raise NotOnSite("the person is not on this site", fields={"person_id": "NOT_ON_SITE"})
                holder = session.scalar(select(AttendanceCard.person_id).where(
                    AttendanceCard.project_id == project_id, AttendanceCard.card_number == number))
                if holder is not None and holder != person_id:
                    raise CardNumberTaken("another person on this project holds this card",
                                          fields={"card_number": "CARD_NUMBER_TAKEN"}, details={"person_id": holder})
                card = session.scalar(select(AttendanceCard).where(
                    AttendanceCard.project_id == project_id, AttendanceCard.person_id == person_id))
                if card is None:
                    session.add(AttendanceCard(project_id=project_id, person_id=person_id, card_number=number,
                                               issued_by=self.caller.username, issued_at=utcnow()))
                elif card.card_number != number:
                    card.card_number, card.issued_by, card.issued_at = number, self.caller.username, utcnow()
                self._whitelist_changed(session, project_id, [person_id])
        except IntegrityError:
            raise CardNumberTaken("another person on this project holds this card",
                                  fields={"card_number": "CARD_NUMBER_TAKEN"}) from None
        return {"project_id": project_id, "person_id": person_id, "card_number": number}

    @rpc(expected_exceptions=EXPECTED)
    def withdraw_card(self, project_id, person_id):
        """退卡: ``{"project_id", "person_id", "withdrawn": true}``; CARD_NOT_FOUND when the person holds none."""
        project_id = domain.project_scope(self.caller, project_id, write=True)
        with self.db.transaction() as session:
            gone = session.execute(delete(AttendanceCard).where(
                AttendanceCard.project_id == project_id, AttendanceCard.person_id == int(person_id))).rowcount
            if not gone:
                raise CardNotFound("the person holds no card on this project")
            self._whitelist_changed(session, project_id, [int(person_id)])
        return {"project_id": project_id, "person_id": int(person_id), "withdrawn": True}

    @rpc(expected_exceptions=EXPECTED)
    def cards_of(self, project_id, person_ids):
        """``{str(person_id): card_number}`` of those holding a card on the project."""
        project_id = domain.project_scope(self.caller, project_id)
        ids = {int(p) for p in person_ids or ()}
        if not ids:
            return {}
        return {str(p): n for p, n in self.db.session.execute(select(
            AttendanceCard.person_id, AttendanceCard.card_number).where(
            AttendanceCard.project_id == project_id, AttendanceCard.person_id.in_(ids))).all()}

    # -- the whitelist ---------------------------------------------------------------------------------------------

    def _whitelist(self, project_id, since):
        """``{version, people: [{person_id, name, card_number?, template?, template_version?}], removed,
        code_public_key}``: everyone on site when ``since`` is 0 (or unknown), else who changed after it."""
        session = self.db.session
        version = self._whitelist_version(session, project_id)
        on_site = self._on_site_names(session, project_id)
        if since and since <= version:
            changed = set(session.scalars(select(WhitelistChange.person_id).where(
                WhitelistChange.project_id == project_id, WhitelistChange.version > since)).all())
            wanted = sorted(changed & on_site.keys())
            removed = sorted(changed - on_site.keys())
        else:
            wanted, removed = sorted(on_site), []
        cards = dict(session.execute(select(AttendanceCard.person_id, AttendanceCard.card_number).where(
            AttendanceCard.project_id == project_id, AttendanceCard.person_id.in_(wanted))).all()) if wanted else {}
        templates = self._templates(wanted)
        people = []
        for person_id in wanted:
            person = {"person_id": person_id, "name": on_site[person_id]}
            if person_id in cards:
                person["card_number"] = cards[person_id]
            if person_id in templates:
                person["template"] = templates[person_id]["template"]
                person["template_version"] = templates[person_id].get("version")
            people.append(person)
        try:
            self._code_public_key()
            public_key = self.code_key.raw
        except Exception:  # the whitelist is still of use without it; the device keeps the key it has
            log.warning("could not fetch the personal code's public key for a whitelist", exc_info=True)
            public_key = None
        return {"version": version, "people": people, "removed": removed, "code_public_key": public_key}

    def _templates(self, person_ids) -> dict:
        if not person_ids:
            return {}
        self.act_as_system()
        try:
            return {int(t["person_id"]): t for t in self.identity.face_templates(person_ids)}
        except Exception:  # faces are optional to a terminal that reads cards and codes
            log.warning("could not fetch face templates for a whitelist", exc_info=True)
            return {}

    @staticmethod
    def _whitelist_version(session, project_id) -> int:
        return session.scalar(select(ProjectWhitelist.version).where(ProjectWhitelist.project_id == project_id)) or 0

    @staticmethod
    def _whitelist_changed(session, project_id, person_ids):
        # the first change of a project's whitelist makes its row; two at once do not both insert it
        upsert(session, ProjectWhitelist, project_id=project_id)
        state = session.get(ProjectWhitelist, project_id, with_for_update=True, populate_existing=True)
        state.version += 1
        session.add_all(WhitelistChange(project_id=project_id, version=state.version, person_id=p)
                        for p in person_ids)
        dialect_entrypoints.queue_commands(session, project_id, person_ids, utcnow())

    # -- who is on site (siteaccess_svc's events) ------------------------------------------------------------------

    @event_handler("siteaccess_svc", "person_entered")
    def handle_person_entered(self, envelope):
        data = envelope["data"]
        employer_name = self._employer_name(data.get("employer_id"))
        with self.db.transaction() as session:
            if not first_delivery(session, ProcessedEvent, envelope, "handle_person_entered"):
                return
            if employer_name is not None:
                upsert(session, KnownEnterprise, enterprise_id=data["employer_id"], name=employer_name)
            self._learn_stay(session, data)

    @event_handler("siteaccess_svc", "person_exited")
    def handle_person_exited(self, envelope):
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_person_exited"):
                self._learn_stay(session, envelope["data"])

    def _learn_stay(self, session, data):
        stay = session.get(SiteStay, data["entry_id"])
        if stay is None:
            stay = SiteStay(entry_id=data["entry_id"])
            session.add(stay)
        exit_date = data.get("exit_date")
        stay.project_id, stay.person_id, stay.name = data["project_id"], data["person_id"], data["name"]
        stay.id_number_masked, stay.employer_id = data.get("id_number_masked"), data.get("employer_id")
        stay.is_team_leader = bool(data.get("is_team_leader"))
        stay.team_leader_entry_id = data.get("team_leader_entry_id")
        stay.entry_date = dt.date.fromisoformat(data["entry_date"])
        if exit_date is not None:  # an exit delivered before its entry is kept
            stay.exit_date = dt.date.fromisoformat(exit_date)
        self._whitelist_changed(session, data["project_id"], [data["person_id"]])

    def _employer_name(self, employer_id):
        """The employer's name for the day view, asked once (then kept from enterprise_registered)."""
        if employer_id is None or self.db.session.get(KnownEnterprise, employer_id) is not None:
            return None
        self.act_as_system()
        try:
            return self.employment.get_enterprise(employer_id)["name"]
        except (ServiceError, RemoteError):
            log.warning("could not learn the name of enterprise %s", employer_id, exc_info=True)
            return None

    @event_handler("employment_svc", "enterprise_registered")
    def handle_enterprise_registered(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_enterprise_registered"):
                upsert(session, KnownEnterprise, enterprise_id=data["enterprise_id"], name=data["name"])

    @event_handler("identity_svc", "person_updated")
    def handle_person_updated(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_person_updated"):
                session.execute(update(SiteStay).where(SiteStay.person_id == data["person_id"])
                                .values(name=data["name"]))

    @staticmethod
    def _on_site_names(session, project_id, person_ids=None) -> dict:
        """person id → name of those on the project's site now (of ``person_ids``, when given)."""
        statement = select(SiteStay.person_id, SiteStay.name).where(
            SiteStay.project_id == project_id, SiteStay.exit_date.is_(None))
        if person_ids is not None:
            if not person_ids:
                return {}
            statement = statement.where(SiteStay.person_id.in_(person_ids))
        return dict(session.execute(statement).all())

    def _on_site_ids(self, session, project_id) -> set:
        return set(self._on_site_names(session, project_id))

    @staticmethod
    def _on_site_faces(session, project_id) -> int:
        """How many of those on the project's site have a face enrolled: what its face terminals should hold."""
        return session.scalar(select(func.count(func.distinct(SiteStay.person_id))).join(
            KnownFace, KnownFace.person_id == SiteStay.person_id).where(
            SiteStay.project_id == project_id, SiteStay.exit_date.is_(None))) or 0

    @staticmethod
    def _on_site_count(session, project_id) -> int:
        return session.scalar(select(func.count(func.distinct(SiteStay.person_id))).where(
            SiteStay.project_id == project_id, SiteStay.exit_date.is_(None))) or 0

    # -- reads ------------------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def clock_records(self, project_id, day=None, person_id=None, outcome=None, page=1, page_size=20):
        """出勤记录, newest first: ``{"items": [{id, person_id, name, device_name, occurred_at, direction, method,
        outcome, reason, late, correction, has_photo}], "total"}``."""
        project_id = domain.project_scope(self.caller, project_id)
        query = load_or_refuse(ClockRecordQuerySchema(), {"day": day, "person_id": person_id, "outcome": outcome,
                                                         "page": page, "page_size": page_size})
        conditions = [ClockRecord.project_id == project_id]
        if query["day"] is not None:
            conditions.append(ClockRecord.day == query["day"])
        if query["person_id"] is not None:
            conditions.append(ClockRecord.person_id == query["person_id"])
        if query["outcome"] is not None:
            conditions.append(ClockRecord.outcome == query["outcome"])
        session = self.db.session
        total = session.scalar(select(func.count()).select_from(ClockRecord).where(*conditions))
        rows = session.execute(
            select(ClockRecord, Device.name).join(Device, Device.id == ClockRecord.device_id).where(*conditions)
            .order_by(ClockRecord.occurred_at.desc(), ClockRecord.id.desc())
            .offset((query["page"] - 1) * query["page_size"]).limit(query["page_size"])).all()
        return {"items": self._record_items(session, project_id, rows), "total": total}

    @rpc(expected_exceptions=EXPECTED)
    def attendance_day(self, project_id, day):
        """出勤一览表 of a day: ``{day, on_site, attended, rate, by_team: [{team, on_site, attended}],
        by_employer: [{employer, on_site, attended}], people: [{person_id, name, employer_name, team_name,
        attended, first_in, last_out}]}``; on site = entered on or before the day and not exited before it. No
        ``day``: today where the site is (ATTENDANCE_TIMEZONE)."""
        project_id = domain.project_scope(self.caller, project_id)
        day = load_or_refuse(DayQuerySchema(), {"day": day})["day"] or domain.local_day(utcnow(), self.zone)
        session = self.db.session
        stays = [stay for stay in session.scalars(select(SiteStay).where(
            SiteStay.project_id == project_id, SiteStay.entry_date <= day,
            (SiteStay.exit_date.is_(None)) | (SiteStay.exit_date >= day)).order_by(SiteStay.entry_id)).all()
            if domain.on_site(stay.entry_date, stay.exit_date, day)]
        leaders = {s.entry_id: s.name for s in session.scalars(select(SiteStay).where(
            SiteStay.entry_id.in_({s.team_leader_entry_id for s in stays} - {None}))).all()}
        employers = dict(session.execute(select(KnownEnterprise.enterprise_id, KnownEnterprise.name).where(
            KnownEnterprise.enterprise_id.in_({s.employer_id for s in stays} - {None}))).all())
        people = {}
        for stay in stays:  # a person who left and came back the same day counts once, by the later stay
            team_key = stay.entry_id if stay.is_team_leader else stay.team_leader_entry_id
            team_name = stay.name if stay.is_team_leader else leaders.get(stay.team_leader_entry_id)
            people[stay.person_id] = {"person_id": stay.person_id, "name": stay.name, "employer_id": stay.employer_id,
                                      "employer_name": employers.get(stay.employer_id), "team_key": team_key,
                                      "team_name": team_name}
        zone = self.zone
        clocks = [{"person_id": p, "occurred_at": aware(at).astimezone(zone), "direction": d}
                  for p, at, d in session.execute(select(
                      ClockRecord.person_id, ClockRecord.occurred_at, ClockRecord.direction).where(
                      ClockRecord.project_id == project_id, ClockRecord.day == day,
                      ClockRecord.outcome == domain.ACCEPTED)).all()]
        return domain.summarise_day(day, list(people.values()), clocks)

    @rpc(expected_exceptions=EXPECTED)
    def verify_records(self, device_id, day=None):
        """校验: whether a device's records (of ``day``; none: all of them) are as they were written —
        ``{"intact", "records", "head_intact", "first_broken_seq"?, "problem"?}`` (attendance_svc.audit)."""
        day = load_or_refuse(DayQuerySchema(), {"day": day})["day"]
        session = self.db.session
        device = session.get(Device, int(device_id))
        if device is None:
            raise DeviceNotFound(f"no device {device_id}")
        domain.project_scope(self.caller, device.project_id)
        return audit.audit_device(session, device, day, day)

    # -- helpers ----------------------------------------------------------------------------------------------------

    @staticmethod
    def _names(session, project_id, person_ids) -> dict:
        if not person_ids:
            return {}
        return dict(session.execute(select(SiteStay.person_id, SiteStay.name).where(
            SiteStay.project_id == project_id, SiteStay.person_id.in_(person_ids))
            .order_by(SiteStay.entry_id)).all())

    def _project(self, project_id):
        try:
            return self.projects.get_project(project_id)
        except project_refusals.ProjectNotFound:
            raise ProjectNotFound(f"no project {project_id}", fields={"project_id": "PROJECT_NOT_FOUND"}) from None
