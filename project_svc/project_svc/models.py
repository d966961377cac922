"""Tables of project_svc."""

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.events import utcnow
from chassis.idempotency import IdempotentCallMixin
from chassis.outbox import OutboxRecordMixin


class Base(DeclarativeBase):
    pass


class Project(Base):
    """项目 — a construction project, known by its 报建编号."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    general_contractor_id: Mapped[int] = mapped_column(Integer, index=True)
    general_contractor_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass
