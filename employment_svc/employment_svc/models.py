"""Tables of employment_svc."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.documents import StoredDocumentMixin
from chassis.events import utcnow
from chassis.idempotency import IdempotentCallMixin
from chassis.outbox import OutboxRecordMixin
from employment_svc import domain


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


#: the states in which a relation binds the person to this employer: at most one per person (one employer at a time)
BINDING_STATES = ("employed", "resignation_requested", "dismissal_requested")
_BINDING = text("state IN ('employed', 'resignation_requested', 'dismissal_requested')")
#: an employer's relation with a person that is still open (pending or binding): at most one per employer and person
_OPEN = text("state IN ('pending', 'employed', 'resignation_requested', 'dismissal_requested')")


class EmploymentRelation(Base):
    """聘用关系 — an employer's relation with one person, from the request to its end (domain.LIFECYCLE)."""

    __tablename__ = "employment_relations"
    __table_args__ = (
        # one employer at a time: of two confirmations racing for one person, the index lets one through
        Index("uq_employment_binding_person", "person_id", unique=True,
              sqlite_where=_BINDING, postgresql_where=_BINDING),
        # an employer asks a person once at a time: two clicks of 确定 make one request
        Index("uq_employment_open_pair", "enterprise_id", "person_id", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
        Index("ix_employment_enterprise_state", "enterprise_id", "state"),
        Index("ix_employment_person", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    person_id: Mapped[int]
    person_name: Mapped[str] = mapped_column(String(100), index=True)
    id_type: Mapped[str] = mapped_column(String(2))
    id_number_masked: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(12))  # worker (建筑工人) / manager (管理员)
    state: Mapped[str] = mapped_column(String(24))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(80))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str | None] = mapped_column(String(20))  # resigned / dismissed / transferred_out
    #: the reason given with the last step that asked for one (resignation, refusal, dismissal, decline)
    reason: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def take(self, action: str, step: "domain.Step", reason: str | None, by: str, at: dt.datetime) -> "EmploymentStep":
        """Moves the relation on by ``step`` (``domain.step_for`` said it applies); returns the step's record."""
        record = EmploymentStep(relation_id=self.id, action=action, from_state=self.state, to_state=step.to,
                                taken_by=by, side=step.side, reason=reason, taken_at=at)
        self.state = step.to
        if step.to == domain.EMPLOYED and self.confirmed_at is None:
            self.confirmed_at = at
        if step.end_reason is not None:
            self.ended_at, self.end_reason = at, step.end_reason
        if reason is not None:
            self.reason = reason
        self.updated_at = at
        return record


class EmploymentStep(Base):
    """A relation's history: who took which step when, with which reason (申请离职, 解聘 …), oldest first."""

    __tablename__ = "employment_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    relation_id: Mapped[int] = mapped_column(ForeignKey("employment_relations.id"), index=True)
    #: ``request`` for the request itself, else one of ``domain.ACTIONS``
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    side: Mapped[str] = mapped_column(String(12))  # enterprise / worker
    taken_by: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(String(500))
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RosterImport(Base):
    """花名册导入 — one uploaded file, worked through in batches; its progress is what the page shows."""

    __tablename__ = "roster_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    requested_by: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued / running / done / failed
    #: the file as uploaded, dropped when the import is done
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    accepted_rows: Mapped[int] = mapped_column(Integer, default=0)
    refused_rows: Mapped[int] = mapped_column(Integer, default=0)
    #: why a whole file was refused (UnreadableSheet's code)
    failure: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RosterImportProblem(Base):
    """A refused row of an import: row, field (its column) and reason, and the name and masked number to find it by."""

    __tablename__ = "roster_import_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("roster_imports.id", ondelete="CASCADE"), index=True)
    row: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str | None] = mapped_column(String(100))
    id_number_masked: Mapped[str | None] = mapped_column(String(40))


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass


# -- worker profiles, teams and labour contracts ------------------------------------------------------------------


class Team(Base):
    """班组 — a team of an enterprise's employees led by one of them (manual 003 §2.1)."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("enterprise_id", "name", name="uq_team_enterprise_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # managers 管理人员班组 / workers 务工人员班组
    trade: Mapped[str | None] = mapped_column(String(8))
    #: 班组长: always a member (their profile's team is this one), so is_team_leader is read from here
    leader_relation_id: Mapped[int | None] = mapped_column(ForeignKey("employment_relations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))


class WorkerProfile(Base):
    """基本信息登记 — what an employer records of one employee (manual 001 part 1's form), one per relation.

    Phone numbers and the wage card number are encrypted (PersonalData) and kept masked for lists. A profile
    made by appointing a leader or moving someone into a team before the form was filled holds only the team.
    """

    __tablename__ = "worker_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    relation_id: Mapped[int] = mapped_column(ForeignKey("employment_relations.id"), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    phone_encrypted: Mapped[str | None] = mapped_column(Text)
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(8))
    politics: Mapped[str | None] = mapped_column(String(4))
    is_safety_officer: Mapped[bool] = mapped_column(Boolean, default=False)
    trade: Mapped[str | None] = mapped_column(String(8))
    certificate_type: Mapped[str | None] = mapped_column(String(24))
    certificate_number: Mapped[str | None] = mapped_column(String(50))
    certificate_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    contract_starts_on: Mapped[dt.date | None] = mapped_column(Date)
    contract_ends_on: Mapped[dt.date | None] = mapped_column(Date)
    is_temporary: Mapped[bool] = mapped_column(Boolean, default=False)
    bank: Mapped[str | None] = mapped_column(String(8))
    wage_card_encrypted: Mapped[str | None] = mapped_column(Text)
    wage_card_masked: Mapped[str | None] = mapped_column(String(30))
    wage_scheme: Mapped[str | None] = mapped_column(String(8))  # time 计时 / piece 计件 / day 点工
    daily_wage: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # 日工资 (元/日): 计时, 点工
    unit_price: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # 单价 (元 per piece unit): 计件
    piece_unit: Mapped[str | None] = mapped_column(String(4))
    blood_type: Mapped[str | None] = mapped_column(String(8))
    emergency_contact_name: Mapped[str | None] = mapped_column(String(50))
    emergency_contact_phone_encrypted: Mapped[str | None] = mapped_column(Text)
    emergency_contact_phone_masked: Mapped[str | None] = mapped_column(String(20))
    position: Mapped[str | None] = mapped_column(String(50))  # 职务 (managers)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80))


class ContractRecord(Base):
    """劳动合同 — the signed contract (or 劳务协议) of one employment (manual 003 §5)."""

    __tablename__ = "contract_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    relation_id: Mapped[int] = mapped_column(ForeignKey("employment_relations.id"), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    person_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(50))
    contract_type: Mapped[str] = mapped_column(String(12))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80))


class ContractDocument(Base):
    """合同资料 — a photo or PDF of the signed paper; its bytes are in the document store (documents.py)."""

    __tablename__ = "contract_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract_records.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(80))


class StoredDocument(StoredDocumentMixin, Base):
    """The bytes of documents, when the deployment keeps them in the service's own database (the default)."""
