"""现场用户授权: a 项目负责人 lets a 劳务员 or 现场用户 log in to the site platform in its own scope.

"若选择角色为现场用户，请向项目负责人确认是否已经为您授权" (manual 001): the people who work a section's site
pages log in only once its 项目负责人 authorised them. The manager (an account of ``account_handovers``: a
project's or a contract section's) authorises a person by name, phone and 岗位; they get a site account bound to
the manager's project and enterprise, whose login and one-time password the manager hands them. The manager
revokes it: the account no longer logs in, and a token it already holds is refused (``gateway.auth``).
An authorised user authorises nobody.
"""

import secrets

from sqlalchemy import select, update

from chassis.events import utcnow
from chassis.pii import mask_phone
from gateway.accounts import ensure_account
from gateway.errors import ApiError
from gateway.models import Account, SiteAuthorisation
from gateway.project_accounts import is_manager, new_password

#: 岗位 of an authorised site user: 劳务员 and 现场用户
POSITIONS = ("labour_clerk", "site_user")
#: tries at a free random user name before giving up (8 digits: a clash is rare, two in a row rarer still)
USERNAME_TRIES = 5


def manager_account(session, caller) -> Account:
    """The caller's account, when it is a 项目负责人's; 403 NOT_PROJECT_MANAGER otherwise (an authorised user too)."""
    account = session.scalar(select(Account).where(Account.username == caller.username))
    if account is None or not is_manager(session, account.id):
        raise ApiError("NOT_PROJECT_MANAGER")
    return account


def authorisations_of(session, manager: Account) -> list[dict]:
    rows = session.execute(
        select(SiteAuthorisation, Account.username).join(Account, Account.id == SiteAuthorisation.account_id)
        .where(SiteAuthorisation.manager_account_id == manager.id).order_by(SiteAuthorisation.id.desc()))
    return [view(authorisation, username) for authorisation, username in rows]


def view(authorisation: SiteAuthorisation, username: str) -> dict:
    return {"id": authorisation.id, "username": username, "name": authorisation.name,
            "phone_masked": authorisation.phone_masked, "position": authorisation.position,
            "authorised_at": authorisation.authorised_at, "revoked_at": authorisation.revoked_at,
            "state": "revoked" if authorisation.revoked_at else "active"}


def authorise(session, manager: Account, form: dict, username: str | None = None,
              password: str | None = None) -> dict:
    """授权: a site account in the manager's scope for the person of ``form`` (name, phone, position); its login
    and password are in the answer, the password this once. ``username`` and ``password``: the demo's own."""
    password = password or new_password()
    for _ in range(USERNAME_TRIES if username is None else 1):
        account, made = ensure_account(
            session, username or f"sq{secrets.randbelow(10**8):08d}", password, "site",
            display_name=form["name"], scope_name=manager.scope_name, enterprise_id=manager.enterprise_id,
            project_id=manager.project_id)
        if made or username is not None:
            break
    else:
        raise RuntimeError("no free user name for an authorised site user")
    authorisation = SiteAuthorisation(manager_account_id=manager.id, account_id=account.id, name=form["name"],
                                      phone_masked=mask_phone(form["phone"]), position=form["position"])
    session.add(authorisation)
    session.commit()
    return {**view(authorisation, account.username), "password": password}


def revoke(session, manager: Account, authorisation_id: int) -> dict:
    """撤销授权: the account logs in no more and its tokens are refused from now on; 404 for an authorisation
    that is not the manager's own, 409 AUTHORISATION_ALREADY_REVOKED the second time."""
    authorisation = session.get(SiteAuthorisation, authorisation_id)
    if authorisation is None or authorisation.manager_account_id != manager.id:
        raise ApiError("AUTHORISATION_NOT_FOUND")
    revoked = session.execute(
        update(SiteAuthorisation)
        .where(SiteAuthorisation.id == authorisation.id, SiteAuthorisation.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    if revoked.rowcount != 1:
        session.rollback()
        raise ApiError("AUTHORISATION_ALREADY_REVOKED")
    session.execute(update(Account).where(Account.id == authorisation.account_id).values(active=False))
    session.commit()
    session.refresh(authorisation)
    return view(authorisation, session.get(Account, authorisation.account_id).username)

