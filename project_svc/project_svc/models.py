"""Tables of project_svc."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis.documents import StoredDocumentMixin
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
    #: ``domain.PROJECT_STATES``; a project the authority registered directly starts in progress
    state: Mapped[str] = mapped_column(String(20), default="in_progress", index=True)
    #: entry needs a confirmed assignment (projects approved through declaration); False for those registered
    #: directly, whose gates keep working as before
    assignment_required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: entry needs the implementing unit's binding review (manual 004 §5); stored now, enforced later
    binding_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # -- the declaration (项目申报, manual 003 §1.2; national Project.Add names in the comments)
    declarer_enterprise_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: 项目分类 ``category`` (``domain.PROJECT_CATEGORIES``)
    category: Mapped[str | None] = mapped_column(String(2))
    #: 投资性质 (``domain.INVESTMENT_TYPES``)
    investment_type: Mapped[str | None] = mapped_column(String(20))
    #: 项目联系人 / 电话 ``linkman`` / ``linkPhone``
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    #: 地区 ``areaCode`` (GB/T 2260, six digits)
    area_code: Mapped[str | None] = mapped_column(String(6), index=True)
    #: 位置 ``lat`` / ``lng``
    lat: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    lng: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    #: 开工日期 ``startDate`` / 计划竣工日期 ``completeDate``
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    planned_completion_date: Mapped[dt.date | None] = mapped_column(Date)
    #: 施工许可证号 and 发放日期 (``builderLicenses[].builderLicenseNum``)
    builder_license_number: Mapped[str | None] = mapped_column(String(50))
    builder_license_date: Mapped[dt.date | None] = mapped_column(Date)
    #: 建筑面积 (㎡) ``buildingArea``, 建筑高 (m), 结构层次, 工程造价 (万元) ``invest``
    building_area: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    building_height: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    structure_levels: Mapped[str | None] = mapped_column(String(100))
    construction_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    #: 代发银行 (a national 3-digit bank code), 保证金办理方式 (``domain.DEPOSIT_METHODS``)
    wage_bank: Mapped[str | None] = mapped_column(String(3))
    deposit_method: Mapped[str | None] = mapped_column(String(24))
    declared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    #: why the authority refused it (审核不通过), shown to the declarer until it resubmits
    rejection_reason: Mapped[str | None] = mapped_column(Text)


class Participant(Base):
    """参建单位 — an enterprise taking part in a project in one role (``domain.PARTICIPANT_ROLES``: 建设单位,
    施工总包, 专业分包, 劳务分包, 监理, 勘察, 设计, 实施单位), under the participant that contracted it (a labour
    subcontractor under a specialty contractor under the general contractor; None for the units the project
    itself names)."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("project_id", "enterprise_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    enterprise_name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18))
    role: Mapped[str] = mapped_column(String(24))
    contracted_by_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), index=True)
    #: the unit's 项目负责人 on this project (pmName, pmPhone of the national standard)
    manager_name: Mapped[str | None] = mapped_column(String(50))
    manager_phone: Mapped[str | None] = mapped_column(String(20))
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    exited_on: Mapped[dt.date | None] = mapped_column(Date)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContractSection(Base):
    """合同标段 — a contract a participant holds on the project, as reported (合同信息报送): its report number,
    标段号, name, category and state. An enterprise may assign people only to projects where it holds a
    reported section."""

    __tablename__ = "contract_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    #: 合同信息报送编号
    report_number: Mapped[str] = mapped_column(String(40), unique=True)
    #: 标段号
    section_number: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    #: 合同类别 (``domain.CONTRACT_CATEGORIES``)
    category: Mapped[str] = mapped_column(String(24))
    #: 合同状态 (``domain.CONTRACT_STATES``)
    state: Mapped[str] = mapped_column(String(16))
    #: the section's 项目负责人, who authorises its 劳务员 / 现场用户 accounts
    manager_name: Mapped[str | None] = mapped_column(String(50))
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    participant: Mapped[Participant] = relationship(lazy="joined")


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass


# -- 关键岗位 (key_positions.py) -------------------------------------------------------------------------------------


class KeyPositionRegistration(Base):
    """关键岗位登记 — a person registered (入场注册) in a key position (``key_position_rules.POSITIONS``) of a unit
    (a participant) of a project, with their 资质证书; reviewed by the authority, then on site until an exit
    (退场解锁) is approved. ``holder_slot`` and ``person_slot`` are what unique indexes keep to one: the holder
    of a single position, and a person's open registration in a position."""

    __tablename__ = "key_position_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    enterprise_name: Mapped[str] = mapped_column(String(200))
    unit_role: Mapped[str] = mapped_column(String(24))
    position: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    person_name: Mapped[str] = mapped_column(String(50))
    id_type: Mapped[str] = mapped_column(String(4))
    id_number_masked: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(16), index=True)
    holder_slot: Mapped[str | None] = mapped_column(String(80), unique=True)
    person_slot: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: 资质证书: its bytes are in the document store (chassis.documents)
    certificate_filename: Mapped[str] = mapped_column(String(200))
    certificate_content_type: Mapped[str] = mapped_column(String(40))
    certificate_size: Mapped[int] = mapped_column(Integer)
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    certificate_key: Mapped[str] = mapped_column(String(80), unique=True)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    registered_by: Mapped[str] = mapped_column(String(80))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    #: 进场日期: the day the authority approved the registration
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    #: 退场日期 and 退场说明 of the exit request
    exit_on: Mapped[dt.date | None] = mapped_column(Date)
    exit_note: Mapped[str | None] = mapped_column(String(500))
    exit_requested_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    exit_requested_by: Mapped[str | None] = mapped_column(String(80))
    exit_reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    exit_reviewed_by: Mapped[str | None] = mapped_column(String(80))
    exit_rejection_reason: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class StoredDocument(StoredDocumentMixin, Base):
    """The bytes of documents (资质证书), when the deployment keeps them in this database (the default)."""


# -- 人员分配 (assignments) -------------------------------------------------------------------------------------

#: an assignment that still holds the person on the project (``assignment_rules.OPEN_STATES``)
_OPEN_ASSIGNMENT = text("state IN ('pending', 'confirmed')")


class Assignment(Base):
    """人员分配 — an employer's employee put on a project, as a worker or a manager in a position, awaiting the
    confirmation of the unit that contracted the employer there (``confirming_enterprise_id``; None: confirmed at
    once). ``assignment_rules.LIFECYCLE``: pending → confirmed | rejected, confirmed → ended."""

    __tablename__ = "assignments"
    __table_args__ = (
        # one open assignment per person and project: of two desks assigning one person at once, one wins
        Index("uq_assignment_open_person", "project_id", "person_id", unique=True,
              sqlite_where=_OPEN_ASSIGNMENT, postgresql_where=_OPEN_ASSIGNMENT),
        Index("ix_assignment_employer", "enterprise_id", "project_id", "state"),
        Index("ix_assignment_confirmer", "confirming_enterprise_id", "project_id", "state"),
        Index("ix_assignment_person", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    person_id: Mapped[int] = mapped_column(Integer)
    person_name: Mapped[str] = mapped_column(String(100), index=True)
    id_type: Mapped[str] = mapped_column(String(2))
    id_number_masked: Mapped[str] = mapped_column(String(40))
    #: 性别 (GB/T 2261.1: 1 男, 2 女) from the real-name record when assigned; None where it has none
    gender: Mapped[str | None] = mapped_column(String(1))
    enterprise_id: Mapped[int] = mapped_column(Integer)
    enterprise_name: Mapped[str] = mapped_column(String(200))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    confirming_enterprise_id: Mapped[int | None] = mapped_column(Integer)
    confirming_participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    role: Mapped[str] = mapped_column(String(12))  # worker 建筑工人 / manager 管理员
    position: Mapped[str | None] = mapped_column(String(24))  # assignment_rules.MANAGER_POSITIONS
    team_id: Mapped[int | None] = mapped_column(Integer)
    team_name: Mapped[str | None] = mapped_column(String(100))
    trade: Mapped[str | None] = mapped_column(String(8))
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    #: 是否住宿在工地
    lodging_on_site: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(12))
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    assigned_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: the 拒绝 reason, or why it ended (withdrawn / employment_ended, with what the employer wrote)
    reason: Mapped[str | None] = mapped_column(String(500))

    def take(self, step, reason: str | None, by: str, at: dt.datetime) -> None:
        """Moves the assignment on by ``step`` (``assignment_rules.step_for`` said it applies)."""
        self.state = step.to
        if step.to == "ended":
            self.ended_at = at
        else:
            self.decided_at, self.decided_by = at, by
        if reason is not None:
            self.reason = reason


class ProjectBinding(Base):
    """项目人员绑定 — a person confirmed on the project, submitted by a unit for the 实施单位's review (manual 004 §5).
    One row per project and person, from the first submission on; ``binding_rules.LIFECYCLE``: pending_review →
    approved | rejected, rejected → pending_review (resubmitted). ``face_verified`` (是否完成人脸识别): whether
    identity_svc held the person's face (人脸采集) when the request was submitted."""

    __tablename__ = "project_bindings"
    __table_args__ = (
        UniqueConstraint("project_id", "person_id", name="uq_binding_project_person"),
        Index("ix_binding_project_state", "project_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    person_id: Mapped[int] = mapped_column(Integer)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    person_name: Mapped[str] = mapped_column(String(100))
    id_number_masked: Mapped[str] = mapped_column(String(40))
    enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    enterprise_name: Mapped[str] = mapped_column(String(200))
    #: worker 现场作业人员 / manager 管理人员 (the assignment's role)
    role: Mapped[str] = mapped_column(String(12))
    face_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_by: Mapped[str] = mapped_column(String(80))
    submitted_by_enterprise_id: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    #: the 审核不通过 reason the submitting unit sees
    reason: Mapped[str | None] = mapped_column(String(500))


class ProjectJoinCode(Base):
    """The token of a project's 项目二维码 (manual 004 §5.3 方法二): the public self-registration form's address."""

    __tablename__ = "project_join_codes"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SelfRegistration(Base):
    """自助登记人员 — what a worker typed into the project's public form: one row per project and ID number (a
    second submission updates it). The ID number and phone are kept encrypted, found by a blind index; the
    construction unit completes it and submits it for binding."""

    __tablename__ = "self_registrations"
    __table_args__ = (UniqueConstraint("project_id", "id_number_index", name="uq_self_registration_person"),
                      Index("ix_self_registration_project_state", "project_id", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    enterprise_name: Mapped[str] = mapped_column(String(200))
    id_number_index: Mapped[str] = mapped_column(String(64))
    id_number_encrypted: Mapped[str] = mapped_column(String(200))
    id_number_masked: Mapped[str] = mapped_column(String(40))
    person_name: Mapped[str] = mapped_column(String(50))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1))
    ethnicity: Mapped[str] = mapped_column(String(20))
    native_place: Mapped[str] = mapped_column(String(100))
    phone_encrypted: Mapped[str] = mapped_column(String(200))
    phone_masked: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    address_detail: Mapped[str] = mapped_column(String(200))
    person_kind: Mapped[str] = mapped_column(String(12))
    trade: Mapped[str] = mapped_column(String(40))
    household_type: Mapped[str] = mapped_column(String(12))
    household_place: Mapped[str] = mapped_column(String(200))
    submissions: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: 待办理 (pending) until the unit it landed with has completed it (handled): the person's real-name record
    #: and the unit's employment request exist then
    state: Mapped[str] = mapped_column(String(12), default="pending", server_default="pending")
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by: Mapped[str | None] = mapped_column(String(80))
    person_id: Mapped[int | None] = mapped_column(Integer)
    employment_id: Mapped[int | None] = mapped_column(Integer)
