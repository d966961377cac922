"""接收账号密码: the site accounts of 项目负责人 and their one-time handover to the enterprise they work for.

Two kinds of 项目负责人 get one: an approved project's (bound to the project and to its general contractor, made
when the authority approves the declaration, received by the declarer) and a reported contract section's (合同信息
报送 names the section's 项目负责人; bound to the project and to the section's unit, received by that unit). Each
is made with a random password nobody sees. The enterprise receives it once: that request sets a fresh password,
shows it, and marks the handover received, so no password is ever stored readable, and a second receive is
refused (ACCOUNT_ALREADY_RECEIVED); after that only the user name is shown.
"""

import secrets
import string

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from chassis.events import utcnow
from gateway.accounts import ensure_account
from gateway.auth import hash_password
from gateway.errors import ApiError
from gateway.models import Account, AccountHandover

#: the states of a project whose declaration was approved
APPROVED_STATES = ("in_progress", "suspended", "completed")
_ALPHABET = string.ascii_letters + string.digits
PASSWORD_LENGTH = 12


def new_password() -> str:
    """12 letters and digits, at least one of each (the login form refuses digits only)."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _letters_and_digits(number: str) -> str:
    return "".join(c for c in number.lower() if c.isalnum())


def site_username(project: dict) -> str:
    """The project's 项目负责人: ``xm`` and its 报建编号."""
    return "xm" + _letters_and_digits(project["registration_number"])


def section_username(section: dict) -> str:
    """A contract section's 项目负责人: ``ht`` and its 合同信息报送编号."""
    return "ht" + _letters_and_digits(section["report_number"])


def project_handover(session, project_id) -> AccountHandover | None:
    return session.scalar(select(AccountHandover).where(
        AccountHandover.project_id == project_id, AccountHandover.section_id.is_(None)))


def section_handover(session, section_id) -> AccountHandover | None:
    return session.scalar(select(AccountHandover).where(AccountHandover.section_id == section_id))


def ensure_handover(session, project: dict) -> AccountHandover:
    """The project's site account and its handover, made once (an approval retried, or a receive after an
    approval whose account was not made, finds or makes the same)."""
    manager = (project.get("units") or {}).get("general_contractor") or {}
    return _ensure(session, lambda: project_handover(session, project["id"]), AccountHandover(
        project_id=project["id"], receiver_enterprise_id=project["declarer_enterprise_id"]), dict(
        username=site_username(project), display_name=manager.get("manager_name") or "项目负责人",
        scope_name=project["name"], enterprise_id=project["general_contractor_id"]))


def ensure_section_handover(session, section: dict, username: str | None = None) -> AccountHandover:
    """A reported section's 项目负责人 account and its handover, made once: when the section is reported, or at the
    first look at a section reported before sections had accounts. Its scope names the section."""
    return _ensure(session, lambda: section_handover(session, section["id"]), AccountHandover(
        project_id=section["project_id"], section_id=section["id"],
        receiver_enterprise_id=section["enterprise_id"]), dict(
        username=username or section_username(section), display_name=section["manager_name"],
        scope_name=section["name"], enterprise_id=section["enterprise_id"]))


def _ensure(session, find, handover: AccountHandover, account: dict) -> AccountHandover:
    found = find()
    if found is not None:
        return found
    try:
        made, _ = ensure_account(session, password=secrets.token_urlsafe(32), role="site",
                                 project_id=handover.project_id, **account)
        handover.account_id = made.id
        session.add(handover)
        session.commit()
    except IntegrityError:
        # made at the same moment by another request (a report or an approval and a first look): that one stands
        session.rollback()
        handover = find()
        if handover is None:
            raise
    return handover


def handover_view(session, handover) -> dict:
    account = session.get(Account, handover.account_id)
    return {"project_id": handover.project_id, "section_id": handover.section_id, "username": account.username,
            "display_name": account.display_name, "received": handover.received_at is not None,
            "received_at": handover.received_at}


def receive(session, handover, caller) -> dict:
    """Hands the login over: a fresh password, shown this once; a second receive is refused."""
    password = new_password()
    claimed = session.execute(
        update(AccountHandover)
        .where(AccountHandover.id == handover.id, AccountHandover.received_at.is_(None))
        .values(received_at=utcnow(), received_by=caller.username))
    if claimed.rowcount != 1:
        session.rollback()
        raise ApiError("ACCOUNT_ALREADY_RECEIVED")
    session.execute(update(Account).where(Account.id == handover.account_id)
                    .values(password_hash=hash_password(password)))
    session.commit()
    session.refresh(handover)
    return {**handover_view(session, handover), "password": password}


def is_manager(session, account_id) -> bool:
    """Whether the account is a 项目负责人's (a project's or a section's), who authorises site users."""
    return session.scalar(select(AccountHandover.id).where(AccountHandover.account_id == account_id)) is not None
