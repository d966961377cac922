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
        Index("ix_entry_irregular_date", "entry_date", "id",  # the authority's list of 非正常登记
              sqlite_where=text("irregular"), postgresql_where=text("irregular")),
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
    #: 非正常登记: entered without a real-name record found, and without the assignment rule; the authority lists them
    irregular: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
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
    """A project as project_svc tells it, with the rules its gate keeps (``assignment_required``: entry needs a
    confirmed assignment); ``rules_as_of``: when the event that set the rules happened (older news changes nothing).
    ``name`` is None while only a rules change has been read of it."""

    __tablename__ = "known_projects"

    project_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str | None] = mapped_column(String(200))
    general_contractor_id: Mapped[int | None] = mapped_column(Integer)
    assignment_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    binding_review_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    rules_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class KnownAssignment(Base):
    """人员分配 as project_svc's events tell it: one row per assignment, whatever order its events come in.

    ``state``: pending (awaiting the contracting unit above), confirmed, rejected, ended; None while only
    details have been read. Rejected and ended are for good.
    """

    __tablename__ = "known_assignments"
    __table_args__ = (
        Index("ix_known_assignment_project_person", "project_id", "person_id"),
        Index("ix_known_assignment_project_state", "project_id", "state"),
    )

    assignment_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    project_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(Integer)
    enterprise_id: Mapped[int] = mapped_column(Integer)
    person_name: Mapped[str | None] = mapped_column(String(50))
    id_number_masked: Mapped[str | None] = mapped_column(String(20))
    enterprise_name: Mapped[str | None] = mapped_column(String(200))
    confirming_enterprise_id: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(12))
    position: Mapped[str | None] = mapped_column(String(50))
    team_id: Mapped[int | None] = mapped_column(Integer)
    team_name: Mapped[str | None] = mapped_column(String(100))
    trade: Mapped[str | None] = mapped_column(String(8))
    lodging_on_site: Mapped[bool | None] = mapped_column(Boolean)
    state: Mapped[str | None] = mapped_column(String(12))
    assigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    close_reason: Mapped[str | None] = mapped_column(String(200))


class PersonalShortCode(Base):
    """The typed form of a personal 建设码 (when scanning fails): kept hashed, valid until ``expires_at``."""

    __tablename__ = "personal_short_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class KnownEmployment(Base):
    """聘用关系 as employment_svc's events tell it: who employs whom, and the worker's 班组 with that employer.

    One row per relation, so that events read in any order leave the right
    answer: an ended relation stays ended, and a person's current employer is
    their relation in state ``employed`` (``state`` is None while only a
    profile or team event has been read of it).
    """

    __tablename__ = "known_employments"
    __table_args__ = (
        Index("ix_known_employment_person_state", "person_id", "state"),
        Index("ix_known_employment_team_state", "team_id", "state"),
        Index("ix_known_employment_enterprise_state", "enterprise_id", "state"),
    )

    relation_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(Integer)
    enterprise_id: Mapped[int] = mapped_column(Integer)
    person_name: Mapped[str | None] = mapped_column(String(50))
    role: Mapped[str | None] = mapped_column(String(12))
    state: Mapped[str | None] = mapped_column(String(12))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    team_id: Mapped[int | None] = mapped_column(Integer)
    is_team_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    #: when the event that set ``team_id`` and ``is_team_leader`` happened; an older one changes neither
    team_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class KnownTeam(Base):
    """班组 as employment_svc's events tell it."""

    __tablename__ = "known_teams"

    team_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(12))
    trade: Mapped[str | None] = mapped_column(String(8))
    leader_person_id: Mapped[int | None] = mapped_column(Integer)
    dissolved: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class ProcessedEvent(ProcessedEventMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass


class KnownBinding(Base):
    """项目人员绑定 as project_svc's binding_approved / binding_rejected tell it: one row per project and person,
    the newest decision winning (``decided_as_of``: when it happened; an older one arriving late changes nothing)."""

    __tablename__ = "known_bindings"

    project_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    binding_id: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str | None] = mapped_column(String(16))
    decided_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
