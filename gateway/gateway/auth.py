"""Login accounts, tokens, and who may call which endpoint."""

import datetime as dt
import functools
import time

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request
from sqlalchemy import select

from chassis.caller import AUTHORITY, ENTERPRISE, ROLES, SITE, WORKER, Caller
from gateway.database import database
from gateway.errors import ApiError
from gateway.models import Account, SiteAuthorisation

ALL_ROLES = ROLES
_hasher = PasswordHasher()
# a real hash to verify against when the user does not exist, so timing does not reveal it
_UNKNOWN_USER_HASH = _hasher.hash("no such user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate(session, username: str, password: str) -> Account:
    # a worker logs in with their ID number (gateway.worker_accounts), never by user name here
    account = session.scalar(select(Account).where(
        Account.username == username, Account.active.is_(True), Account.role != WORKER))
    try:
        _hasher.verify(account.password_hash if account else _UNKNOWN_USER_HASH, password)
    except (VerificationError, InvalidHashError):
        raise ApiError("INVALID_CREDENTIALS") from None
    if account is None:
        raise ApiError("INVALID_CREDENTIALS")
    return account


def issue_token(account: Account, authorisation_id: int | None = None) -> str:
    """A token of the account's scope; an authorised site user's (``gateway.site_authorisations``) names its
    authorisation, which every request checks, so that revoking it refuses the token from then on."""
    hours = float(current_app.config["TOKEN_HOURS"])
    claims = {
        "sub": account.username,
        "role": account.role,
        "enterprise_id": account.enterprise_id,
        "project_id": account.project_id,
        "region_code": account.region_code,
        "person_id": account.person_id,
        "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours),
    }
    if authorisation_id is not None:
        claims["authorisation_id"] = authorisation_id
    return jwt.encode(claims, current_app.config["AUTH_SECRET"], algorithm="HS256")


@functools.lru_cache(maxsize=4096)
def verified_claims(token: str, secret: str) -> dict:
    """The claims of a token whose signature holds; its expiry is checked on every use by the caller.

    A user sends the same token with every request until it expires, and
    PyJWT's decode took 0.27 ms of each request (bin/bench, lookup): the
    signature of a token seen before is not checked again. A token that fails
    raises, and failures are not cached.
    """
    return jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})


def caller_from_request() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError("NOT_AUTHENTICATED")
    try:
        claims = verified_claims(token, current_app.config["AUTH_SECRET"])
    except jwt.InvalidTokenError:
        raise ApiError("NOT_AUTHENTICATED") from None
    expires = claims.get("exp")
    if expires is not None and expires <= time.time():
        raise ApiError("TOKEN_EXPIRED")
    if "authorisation_id" in claims and authorisation_revoked(claims["authorisation_id"]):
        raise ApiError("AUTHORISATION_REVOKED")
    return Caller(
        role=claims["role"],
        username=claims["sub"],
        enterprise_id=claims.get("enterprise_id"),
        project_id=claims.get("project_id"),
        region_code=claims.get("region_code"),
        person_id=claims.get("person_id"),
    )


def authorisation_of(session, account: Account) -> int | None:
    """The authorisation an authorised site user logs in by (None for every other account)."""
    return session.scalar(select(SiteAuthorisation.id).where(SiteAuthorisation.account_id == account.id))


def authorisation_revoked(authorisation_id: int) -> bool:
    """Whether a token's authorisation was revoked (or is gone): one look-up by primary key, made only for the
    tokens of authorised site users."""
    found = database().execute(select(SiteAuthorisation.revoked_at).where(
        SiteAuthorisation.id == authorisation_id)).one_or_none()
    return found is None or found.revoked_at is not None


def requires(*roles):
    """Declares who may call an endpoint; anyone else gets 401 or 403 before the handler runs.

    It goes right under ``@blp.route``, above ``@blp.arguments``: a caller who may not call learns nothing
    of the input the endpoint expects (a 422 would list its fields).
    """

    def decorate(handler):
        @functools.wraps(handler)
        def guarded(*args, **kwargs):
            caller = caller_from_request()
            if caller.role not in roles:
                raise ApiError("FORBIDDEN")
            g.caller = caller
            return handler(*args, **kwargs)

        guarded.allowed_roles = roles
        return guarded

    return decorate


__all__ = ["AUTHORITY", "ENTERPRISE", "SITE", "ALL_ROLES", "requires", "authenticate", "issue_token"]
