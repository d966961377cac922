"""The gateway's own tables: login accounts (workers' too, with their activation codes and failed logins), the
audit log of personal-data reveals, idempotent writes, the 项目负责人 accounts' handovers and the site users they
authorise."""

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.events import utcnow


class Base(DeclarativeBase):
    pass


class Account(Base):
    """A login: a role and the scope it is bound to (an enterprise, a project, a region, a person).

    A worker's account is bound to their person record (``person_id``) and found by it: the worker logs in
    with their ID number, which identity_svc resolves to the person, so the number is never kept here. It
    can be used once activated (``activated_at``) with a one-time code from the employer.
    """

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    enterprise_id: Mapped[int | None] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(Integer)
    region_code: Mapped[str | None] = mapped_column(String(6))
    scope_name: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActivationCode(Base):
    """激活码 — the one-time code a worker activates their account with: kept as a hash only, until it expires
    or is used; one per account, a new one replaces it."""

    __tablename__ = "activation_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginFailure(Base):
    """A failed worker login or activation: what was tried (a keyed digest of the ID document, so an ID number
    with no account is counted alike and none is kept readable) and from where, for the rate limits."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_digest: Mapped[str] = mapped_column(String(64), index=True)
    client_address: Mapped[str | None] = mapped_column(String(64), index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class RevealAudit(Base):
    """Who saw a full personal number, whose, and when."""

    __tablename__ = "reveal_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    role: Mapped[str] = mapped_column(String(12))
    subject: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    field: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str | None] = mapped_column(String(40))
    client_address: Mapped[str | None] = mapped_column(String(64))
    revealed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdempotentRequest(Base):
    """A write sent with an ``Idempotency-Key``: what it was (a hash of method, path and body) and the first
    answer it got, so a retry with the same key is answered the same instead of acting twice.

    One row per caller and key (the unique constraint lets only one of two concurrent requests in); ``status``
    is empty while the first is still being answered.
    """

    __tablename__ = "idempotent_requests"
    __table_args__ = (UniqueConstraint("username", "key", name="uq_idempotent_requests_username_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AccountHandover(Base):
    """接收账号密码: the site account of a 项目负责人, waiting for its enterprise to receive its login. The account is
    an approved project's (its general contractor's 项目负责人, received by the declarer; ``section_id`` empty) or a
    reported contract section's (合同信息报送 names the section's 项目负责人; received by the section's unit).

    No password is kept: the account is made with a random one nobody sees, and a fresh password is set, and
    shown, in the one request that receives it (``received_at``); after that only the user name is shown."""

    __tablename__ = "account_handovers"
    __table_args__ = (
        # one project handover per project; a section's is one per section (``section_id`` unique)
        Index("uq_account_handovers_project_id", "project_id", unique=True,
              postgresql_where=text("section_id IS NULL"), sqlite_where=text("section_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer, index=True)
    section_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    receiver_enterprise_id: Mapped[int] = mapped_column(Integer, index=True)
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    received_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SiteAuthorisation(Base):
    """现场用户授权 — a 劳务员 or 现场用户 whom a 项目负责人 (an account of ``account_handovers``) lets log in to
    its scope: the site account made for them (``account_id``, same project and enterprise), until the manager
    revokes it (``revoked_at``; the account is then inactive and the tokens it holds are refused).

    The phone number is kept masked: the list shows no more, and nothing here calls it."""

    __tablename__ = "site_authorisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    phone_masked: Mapped[str] = mapped_column(String(20))
    #: 岗位 (``site_authorisations.POSITIONS``)
    position: Mapped[str] = mapped_column(String(16))
    authorised_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
