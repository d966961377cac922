"""Tables of identity_svc. ID and phone numbers are stored encrypted with a blind index."""

import datetime as dt

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.events import utcnow
from chassis.idempotency import IdempotentCallMixin
from chassis.outbox import OutboxRecordMixin


class Base(DeclarativeBase):
    pass


class Person(Base):
    """实名登记 — a person's real-name record."""

    __tablename__ = "persons"
    __table_args__ = (
        UniqueConstraint("id_type", "id_number_index", name="uq_person_document"),
        Index("ix_person_registered", "registered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    id_type: Mapped[str] = mapped_column(String(2))
    id_number_encrypted: Mapped[str] = mapped_column(Text)
    id_number_index: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    ethnicity: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(200))
    issuing_authority: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    phone_encrypted: Mapped[str | None] = mapped_column(Text)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    verification_state: Mapped[str] = mapped_column(String(12), default="unverified")
    verification_source: Mapped[str] = mapped_column(String(12), default="manual")
    registered_by_role: Mapped[str] = mapped_column(String(12))
    registered_by_username: Mapped[str] = mapped_column(String(80))
    registered_by_enterprise_id: Mapped[int | None] = mapped_column(Integer, index=True)
    registered_by_project_id: Mapped[int | None] = mapped_column(Integer, index=True)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdNumberFragment(Base):
    """The blind index of a beginning (6+ characters) or an end (4+) of a person's ID number: 模糊查询 finds
    people by what they type without the platform keeping any part of the number in plain."""

    __tablename__ = "id_number_fragments"

    fragment_index: Mapped[str] = mapped_column(String(32), primary_key=True)
    # no foreign key: written with its person in one transaction, never deleted, and a check per row would
    # triple the time of loading millions of them
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass
