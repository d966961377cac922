"""Tables of attendance_svc: devices, clock records (hash-chained per device), cards, and what the gate knows of
who is on site (a projection of siteaccess_svc's events)."""

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from attendance_svc import dialects
from chassis.events import ProcessedEventMixin, utcnow
from chassis.outbox import OutboxRecordMixin


class Base(DeclarativeBase):
    pass


class Device(Base):
    """考勤设备: a terminal at a site's gate, with its own secret (encrypted at rest, shown once)."""

    __tablename__ = "devices"
    __table_args__ = (
        # a serial names one device in service; a retired one's serial may be registered again
        Index("uq_device_serial_in_service", "serial", unique=True,
              sqlite_where=text("retired_at IS NULL"), postgresql_where=text("retired_at IS NULL")),
        Index("ix_device_project", "project_id"),
        Index("ix_device_online_seen", "status", "last_seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    serial: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(4))
    location: Mapped[str | None] = mapped_column(String(200))
    secret_encrypted: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="offline")
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reported_person_count: Mapped[int | None] = mapped_column(Integer)
    reported_face_count: Mapped[int | None] = mapped_column(Integer)
    resync_required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the hash chain's head: how many records the device has, and the last one's hash
    chain_length: Mapped[int] = mapped_column(Integer, default=0)
    chain_head: Mapped[str | None] = mapped_column(String(64))
    #: what the device speaks: platform (the signed API), hikvision (ISAPI event push), zkteco (iclock push)
    protocol: Mapped[str] = mapped_column(String(12), default="platform", server_default="platform")
    #: when a read-back that disagreed last queued everyone again for the device
    resynced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: a Hikvision terminal's ISAPI, as the platform reaches it (``http://192.168.1.64``), and the digest
    #: credentials it answers to (the password encrypted at rest); none: the platform cannot call the device
    address: Mapped[str | None] = mapped_column(String(200))
    username: Mapped[str | None] = mapped_column(String(64))
    password_encrypted: Mapped[str | None] = mapped_column(Text)

    @hybrid_property
    def takes_commands(self) -> bool:
        """Whether the platform delivers people (and faces) to the device: a device of the platform's API pulls
        them, a ZKTeco terminal polls for them, a Hikvision terminal is called over ISAPI where it has an
        address."""
        return self.protocol in dialects.POLLING or (self.protocol == dialects.HIKVISION and self.address is not None)

    @takes_commands.inplace.expression
    @classmethod
    def _takes_commands_expression(cls):
        return or_(cls.protocol.in_(dialects.POLLING), and_(cls.protocol == dialects.HIKVISION,
                                                              cls.address.is_not(None)))


class DeviceNonce(Base):
    """Nonces of signed device requests, kept for twice the freshness window: a second use is a replay."""

    __tablename__ = "device_nonces"
    __table_args__ = (
        UniqueConstraint("device_id", "nonce", name="uq_device_nonce"),
        Index("ix_device_nonce_seen", "device_id", "seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    nonce: Mapped[str] = mapped_column(String(100))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ClockRecord(Base):
    """考勤记录: one clock at a device, accepted, a duplicate (kept, not counted) or refused with its reason."""

    __tablename__ = "clock_records"
    __table_args__ = (
        UniqueConstraint("device_id", "seq", name="uq_clock_device_seq"),
        UniqueConstraint("device_id", "chain_index", name="uq_clock_device_chain"),
        Index("ix_clock_project_day", "project_id", "day", "id"),
        Index("ix_clock_person_day", "project_id", "person_id", "day"),
        Index("ix_clock_device_day", "device_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    chain_index: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: the site's local day of ``occurred_at``
    day: Mapped[dt.date] = mapped_column(Date)
    #: national attendType: 001 face, 005 ID card, 006 real-name card, 010 QR code
    method: Mapped[str] = mapped_column(String(3))
    #: national direction: 01 in, 02 out (None on a refused record of a device installed both ways)
    direction: Mapped[str | None] = mapped_column(String(2))
    outcome: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    similarity: Mapped[float | None] = mapped_column(Float)
    card_number_masked: Mapped[str | None] = mapped_column(String(40))
    #: a repeat within the interval: the record it repeats
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    #: the device's HMAC of the request that brought the record
    request_signature: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    #: the sequence number the device says came before this record (Hikvision ``frontSerialNo``): a gap when it is
    #: not stored; not chained
    front_seq: Mapped[int | None] = mapped_column(BigInteger)

    def chained(self) -> dict:
        from attendance_svc.domain import CHAINED_FIELDS

        return {**{name: getattr(self, name) for name in CHAINED_FIELDS},
                "prev_hash": self.prev_hash, "hash": self.hash}


class AttendanceCard(Base):
    """发卡: a person's attendance card number on a project, unique within it."""

    __tablename__ = "attendance_cards"
    __table_args__ = (
        UniqueConstraint("project_id", "card_number", name="uq_card_project_number"),
        UniqueConstraint("project_id", "person_id", name="uq_card_project_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    card_number: Mapped[str] = mapped_column(String(40))
    issued_by: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SiteStay(Base):
    """One stay of a person on a site as siteaccess_svc published it (person_entered / person_exited)."""

    __tablename__ = "site_stays"
    __table_args__ = (
        Index("ix_stay_project_on_site", "project_id", "exit_date", "person_id"),
        Index("ix_stay_person", "person_id"),
    )

    entry_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    project_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    id_number_masked: Mapped[str | None] = mapped_column(String(40))
    employer_id: Mapped[int | None] = mapped_column(Integer)
    is_team_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the entry of the person's 劳务队长 on this site: the team, as the site's roster shows it
    team_leader_entry_id: Mapped[int | None] = mapped_column(Integer)
    entry_date: Mapped[dt.date] = mapped_column(Date)
    exit_date: Mapped[dt.date | None] = mapped_column(Date)


class KnownFace(Base):
    """Who has a face enrolled with identity_svc (its ``face_enrolled`` events): what a face terminal's heartbeat
    count of faces is compared with."""

    __tablename__ = "known_faces"

    person_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int | None] = mapped_column(Integer)


class KnownEnterprise(Base):
    __tablename__ = "known_enterprises"

    enterprise_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))


class ProjectWhitelist(Base):
    """The version of a project's whitelist (people on site, their cards), bumped by every change."""

    __tablename__ = "project_whitelists"

    project_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)


class WhitelistChange(Base):
    """Who changed in a project's whitelist at which version: what ``?since=`` sends down."""

    __tablename__ = "whitelist_changes"
    __table_args__ = (Index("ix_whitelist_change_version", "project_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)


class DeviceCommand(Base):
    """What a device should hold of one person: the person's row on the device (``kind`` person; ``upsert``:
    name, card; or ``delete``) or the person's face (``kind`` face: the enrolment photo, for terminals that enrol
    it themselves), and how far delivering it got — pending, sent (attempts, the time of the last), ok, or failed
    (last error, next try after a back-off; none when only a new enrolment can help). One row per (device,
    person, kind): a newer change replaces the older."""

    __tablename__ = "device_commands"
    __table_args__ = (
        UniqueConstraint("device_id", "person_id", "kind", name="uq_device_command_person"),
        Index("ix_device_command_due", "device_id", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    person_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), default="person", server_default="person")
    operation: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    next_try_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DeviceEventSeen(Base):
    """A sequence number a device used for an event that is no clock (a Hikvision door event): received, so no
    gap, and nothing the device's history lacks."""

    __tablename__ = "device_events_seen"
    __table_args__ = (UniqueConstraint("device_id", "seq", name="uq_device_event_seen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    front_seq: Mapped[int | None] = mapped_column(BigInteger)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AbsenceWarning(Base):
    """考勤预警 raised: a person on site without attendance for the configured days, once per absence spell (the
    spell starts the day after their last accepted record, or on their entry); cleared when they clock or exit."""

    __tablename__ = "absence_warnings"
    __table_args__ = (Index("ix_absence_open", "cleared_at", "project_id"),)

    project_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    spell_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer)
    days_absent: Mapped[int] = mapped_column(Integer)
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ProjectRate(Base):
    """A project's attendance rate as the timer last found it, and whether it is flagged low (出勤率预警)."""

    __tablename__ = "project_rates"

    project_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    rate: Mapped[float | None] = mapped_column(Float)
    on_site_days: Mapped[int] = mapped_column(Integer, default=0)
    attended_days: Mapped[int] = mapped_column(Integer, default=0)
    low: Mapped[bool] = mapped_column(Boolean, default=False)
    low_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ClockCorrection(Base):
    """补卡: a site user's application for a clock the gate did not record, approved or rejected by another site
    user; an approved one becomes a new record (``record_id``) in the chain of the project's correction device."""

    __tablename__ = "clock_corrections"
    __table_args__ = (Index("ix_correction_project_status", "project_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[dt.date] = mapped_column(Date)
    #: national direction: 01 in, 02 out
    direction: Mapped[str] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(String(200))
    applicant: Mapped[str] = mapped_column(String(80))
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(String(200))
    record_id: Mapped[int | None] = mapped_column(Integer)


class ClockPhoto(Base):
    """The thumbnail (a small JPEG, encrypted at rest) of the photo a face record came with, kept only where the
    installation says so (ATTENDANCE_KEEP_PHOTOS)."""

    __tablename__ = "clock_photos"

    record_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    project_id: Mapped[int] = mapped_column(Integer)
    thumbnail_encrypted: Mapped[str] = mapped_column(Text)
    kept_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass

