"""Tables of siteaccess_svc: entry records, their edit history, and local copies of what the gate needs."""

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.events import ProcessedEventMixin, utcnow
from chassis.idempotency import IdempotentCallMixin
from chassis.outbox import OutboxRecordMixin
from chassis.pii import mask_phone
from siteaccess_svc import domain
from siteaccess_svc.exceptions import ExitRefused


class Base(DeclarativeBase):
    pass


class EntryRecord(Base):
    """进场记录 — one stay of a person on a site, from entry to exit with its evaluation."""

    __tablename__ = "entry_records"
    __table_args__ = (
        # a person is on a site at most once at a time
        Index("uq_entry_on_site", "project_id", "person_id", unique=True,
              sqlite_where=text("exit_date IS NULL"), postgresql_where=text("exit_date IS NULL")),
        Index("ix_entry_project_date", "project_id", "entry_date"),
        Index("ix_entry_employer_date", "employer_id", "entry_date"),
        Index("ix_entry_person", "person_id"),
        Index("ix_entry_exit_date", "exit_date"),
        Index("ix_entry_date_id", "entry_date", "id"),  # newest first, the lists' order
        Index("ix_entry_on_site_project_date", "project_id", "entry_date",  # 进场管理: who is on the site now
              sqlite_where=text("exit_date IS NULL"), postgresql_where=text("exit_date IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    employer_id: Mapped[int] = mapped_column(Integer)
    is_team_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    team_leader_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry_records.id"), index=True)
    phone_encrypted: Mapped[str | None] = mapped_column(Text)
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    trade: Mapped[str] = mapped_column(String(8))
    education: Mapped[str] = mapped_column(String(4))
    entry_date: Mapped[dt.date] = mapped_column(Date)
    exit_date: Mapped[dt.date | None] = mapped_column(Date)
    evaluation: Mapped[str | None] = mapped_column(String(12))
    evaluation_comment: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(80))
    exited_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def exit(self, on: dt.date, evaluation: str, comment: str | None, by: str, today: dt.date):
        """退场登记 on ``on`` with the 用工评价; raises ``ExitRefused`` (exited already, before the entry …)."""
        reason = domain.exit_refusal(self.entry_date, self.exit_date, on, today)
        if reason:
            raise ExitRefused(reason)
        self.exit_date, self.evaluation, self.evaluation_comment, self.exited_by = on, evaluation, comment, by
        self.updated_at = utcnow()

    def edit(self, plan: "domain.EditPlan", encrypt):
        """Applies a 编辑 plan; ``encrypt`` seals the phone number."""
        for name, value in plan.values.items():
            if name == "phone":
                self.phone_encrypted, self.phone_masked = encrypt(value), mask_phone(value)
            else:
                setattr(self, name, value)
        self.updated_at = utcnow()

    def terms(self, phone: str | None) -> dict:
        """The editable 用工信息 as they stand (the phone comes decrypted from the caller)."""
        return {name: phone if name == "phone" else getattr(self, name) for name in domain.EDITABLE}


class EntryChange(Base):
    """编辑 history: what an edit changed, who made it, when."""

    __tablename__ = "entry_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry_records.id"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(80))
    changes: Mapped[dict] = mapped_column(JSON)


class KnownPerson(Base):
    """What the gate needs of a person, kept from identity_svc's events so lists never wait on it."""

    __tablename__ = "known_persons"

    person_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    id_number_masked: Mapped[str] = mapped_column(String(20))


class KnownEnterprise(Base):
    __tablename__ = "known_enterprises"

    enterprise_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))


class KnownProject(Base):
    __tablename__ = "known_projects"

    project_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass
