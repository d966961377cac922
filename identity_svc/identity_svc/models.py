"""Tables of identity_svc. ID and phone numbers are stored encrypted with a blind index."""

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.events import ProcessedEventMixin, utcnow
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


class ManagerProfile(Base):
    """管理人员登记 — the person-level part of a manager's extended profile (manual 004 §4.1); the employer-level
    part (职务, 工作单位) is employment_svc's."""

    __tablename__ = "manager_profiles"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True, autoincrement=False)
    former_name: Mapped[str | None] = mapped_column(String(50))
    social_insurance: Mapped[str | None] = mapped_column(String(200))
    social_insurance_proof_date: Mapped[dt.date | None] = mapped_column(Date)
    professional_title: Mapped[str | None] = mapped_column(String(50))
    hukou_type: Mapped[str | None] = mapped_column(String(2))
    hukou_location: Mapped[str | None] = mapped_column(String(200))
    residence_address: Mapped[str | None] = mapped_column(String(200))
    residence_detail: Mapped[str | None] = mapped_column(String(200))
    native_place: Mapped[str | None] = mapped_column(String(100))
    marital_status: Mapped[str | None] = mapped_column(String(2))
    highest_education: Mapped[str | None] = mapped_column(String(2))
    highest_education_type: Mapped[str | None] = mapped_column(String(2))
    highest_degree: Mapped[str | None] = mapped_column(String(2))
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProfileRowMixin:
    """A row of a repeating section of the manager profile, in the order it was typed (``position``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)


class EducationRecord(ProfileRowMixin, Base):
    """教育经历 (高中起填)."""

    __tablename__ = "manager_education"

    school: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    major: Mapped[str | None] = mapped_column(String(100))
    graduated: Mapped[bool | None] = mapped_column(Boolean)


class EmergencyContact(ProfileRowMixin, Base):
    """紧急联系人; the phone encrypted like every phone number."""

    __tablename__ = "manager_emergency_contacts"

    relationship: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(50))
    phone_encrypted: Mapped[str] = mapped_column(Text)
    phone_masked: Mapped[str] = mapped_column(String(20))


class TrainingRecord(ProfileRowMixin, Base):
    """培训经历."""

    __tablename__ = "manager_trainings"

    institution: Mapped[str] = mapped_column(String(100))
    course: Mapped[str] = mapped_column(String(100))
    trained_on: Mapped[dt.date | None] = mapped_column(Date)
    score: Mapped[str | None] = mapped_column(String(50))


class ProfessionalTitle(ProfileRowMixin, Base):
    """职业技能职称."""

    __tablename__ = "manager_titles"

    title_name: Mapped[str] = mapped_column(String(100))
    title_level: Mapped[str | None] = mapped_column(String(2))
    granted_by: Mapped[str | None] = mapped_column(String(100))
    granted_on: Mapped[dt.date | None] = mapped_column(Date)
    remark: Mapped[str | None] = mapped_column(String(200))


class PracticeLicence(ProfileRowMixin, Base):
    """执业证书 (注册建造师, 注册监理工程师 …)."""

    __tablename__ = "manager_licences"

    licence_number: Mapped[str] = mapped_column(String(50))
    licence_name: Mapped[str] = mapped_column(String(100))
    issued_by: Mapped[str | None] = mapped_column(String(100))
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    remark: Mapped[str | None] = mapped_column(String(200))


class Award(ProfileRowMixin, Base):
    """获奖情况."""

    __tablename__ = "manager_awards"

    award_name: Mapped[str] = mapped_column(String(100))
    awarded_by: Mapped[str | None] = mapped_column(String(100))
    awarded_on: Mapped[dt.date | None] = mapped_column(Date)
    remark: Mapped[str | None] = mapped_column(String(200))


class PersonDocument(Base):
    """人员相片, 附件 and 社保缴费证明 of a person: what a file is and whose; its bytes are in the document store
    (``identity_svc.documents``)."""

    __tablename__ = "person_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoredDocument(Base):
    """The bytes of a document, when the deployment keeps them in the database (the default store)."""

    __tablename__ = "document_contents"

    storage_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class KnownEmployment(Base):
    """An employment relation as employment_svc's events tell it: who employs a person now widens who may see
    and complete the person's record (``domain.Scope``)."""

    __tablename__ = "known_employments"

    relation_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    role: Mapped[str | None] = mapped_column(String(12))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: set by employment_ended; a relation whose end arrived before its confirmation stays ended
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class FaceTemplate(Base):
    """人脸采集: the person's face template (ArcFace embedding, 512 float32), encrypted like every personal
    number; one per person, kept across projects (the face belongs to the person), replaced by a new
    enrolment, which bumps ``version``. The photo it was taken from is kept only where the installation says so
    (FACE_KEEP_PHOTOS: a JPEG at most 640 px, encrypted, for the gate terminals that want the photo itself),
    replaced with the template and erased by an enrolment made while the setting is off."""

    __tablename__ = "face_templates"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True, autoincrement=False)
    template_encrypted: Mapped[str] = mapped_column(Text)
    model_name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: what the rules measured (``faces.quality.Quality``)
    quality: Mapped[dict] = mapped_column(JSON)
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    enrolled_by_role: Mapped[str] = mapped_column(String(12))
    enrolled_by_username: Mapped[str] = mapped_column(String(80))
    enrolled_by_enterprise_id: Mapped[int | None] = mapped_column(Integer)
    enrolled_by_project_id: Mapped[int | None] = mapped_column(Integer)
    photo_encrypted: Mapped[str | None] = mapped_column(Text)


class FaceSubmission(Base):
    """A worker's own photo from the mobile page, for a site to accept (it then becomes the person's template) or
    send back with a reason. The photo (a JPEG at most 640 px, encrypted) is kept only until the decision; the
    template it gave is kept with it, so acceptance needs no second look at the photo."""

    __tablename__ = "face_submissions"
    __table_args__ = (Index("ix_face_submission_person_state", "person_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    #: pending (待审核) → accepted | rejected (退回); an earlier pending one is replaced by the next
    state: Mapped[str] = mapped_column(String(10))
    photo_encrypted: Mapped[str | None] = mapped_column(Text)
    template_encrypted: Mapped[str | None] = mapped_column(Text)
    quality: Mapped[dict] = mapped_column(JSON)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_username: Mapped[str | None] = mapped_column(String(80))
    decided_by_project_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(200))


class ProcessedEvent(ProcessedEventMixin, Base):
    pass


class OutboxRecord(OutboxRecordMixin, Base):
    pass


class IdempotentCall(IdempotentCallMixin, Base):
    pass


#: the repeating sections of the manager profile: name in the profile → table
SECTION_MODELS = {
    "education": EducationRecord,
    "emergency_contacts": EmergencyContact,
    "trainings": TrainingRecord,
    "titles": ProfessionalTitle,
    "licences": PracticeLicence,
    "awards": Award,
}
