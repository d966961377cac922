"""Tables of employment_svc."""

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.events import utcnow
from chassis.idempotency import IdempotentCallMixin
from chassis.outbox import OutboxRecordMixin


class Base(DeclarativeBase):
    pass


class Enterprise(Base):
    """企业 — a unit identified by its 统一社会信用代码."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    unit_type: Mapped[str] = mapped_column(String(24))
    contact_person: Mapped[str | None] = mapped_column(String(50))
    contact_phone_encrypted: Mapped[str | None] = mapped_column(Text)
    contact_phone_masked: Mapped[str | None] = mapped_column(String(20))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass
