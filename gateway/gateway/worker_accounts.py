"""Workers' login accounts: the one-time activation code, activation, login by ID number, and its rate limits.

A worker's account is bound to their person record (``Account.person_id``, role ``worker``, user name
``worker:<person_id>``). The worker types their ID number; identity_svc resolves it to the person (asked as
the system), so the gateway never keeps the number. The employer's page shows an activation code when it
creates an employment (``activation_for``); the worker sets a password with it once (``activate``) and logs in
with ID number and password afterwards (``log_in``).

- A code is 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L: about 40 bits), kept only as a
  digest keyed with the gateway's secret (HMAC-SHA256: a code is random, short-lived, single-use and its
  guesses are rate-limited, so the slow password hash, 0.1 s of a core and 64 MB each, buys nothing and
  made every employment request wait for it), valid for ``ACTIVATION_DAYS`` and once; a new code replaces
  the account's last one.
- Failed logins and activations are counted per ID document (a keyed digest of it, whether or not it has an
  account, so a lock reveals nothing) and per client address, over ``WORKER_LOGIN_WINDOW_MINUTES``: past
  ``WORKER_LOGIN_FAILURES_PER_ACCOUNT`` the document is locked until its oldest counted failure ages out,
  past ``WORKER_LOGIN_FAILURES_PER_ADDRESS`` the address is; both answer 429 ``TOO_MANY_ATTEMPTS`` with
  ``Retry-After``.
- An ID number without a record, without an account, or with a wrong password or code costs the same work
  (one lookup, one hash verification) and gets the same answer.
"""

import datetime as dt
import hashlib
import hmac
import io
import math
import secrets
from urllib.parse import quote

import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_request_context, request
from nameko.exceptions import RemoteError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from chassis.caller import SYSTEM_CALLER, WORKER
from chassis.events import utcnow
from chassis.pii import normalise_id_number
from gateway.auth import hash_password
from gateway.database import database
from gateway.errors import ApiError, from_remote_error
from gateway.models import Account, ActivationCode, LoginFailure

#: what a code is made of: capitals and digits a worker cannot mistake for one another
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_hasher = PasswordHasher()
#: a real hash to verify against when there is no account or no code, so timing does not tell
_NOTHING_HASH = _hasher.hash("no such account")
MOBILE_ACTIVATION_PATH = "/m/activate"
#: the password "hash" of an account not yet activated: no password verifies against it
UNUSABLE_PASSWORD = "!unactivated"  # noqa: S105 not a password: a value no password hashes to


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as typed (lower case, spaces, a hyphen in the middle) as it was issued."""
    return "".join(typed.split()).replace("-", "").upper()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes of what was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def setting(name: str, default) -> int:
    return int(current_app.config.get(name) or default)


def worker_username(person_id: int) -> str:
    return f"worker:{person_id}"


def worker_account(session, person_id: int) -> Account | None:
    return session.scalar(select(Account).where(Account.person_id == person_id, Account.role == WORKER))


# -- activation codes ------------------------------------------------------------------------------------------

def activation_for(person_id: int, person_name: str) -> dict | None:
    """A fresh activation code for the person's worker account, made if need be: ``{code, expires_at,
    activation_url, qr_svg}``; None when the account is active already. The code replaces any earlier one."""
    session = database()
    account = worker_account(session, person_id) or _new_account(session, person_id, person_name)
    # two employers asking for one person at once take turns: each replaces the code the other left
    account = session.scalar(select(Account).where(Account.id == account.id).with_for_update()
                             .execution_options(populate_existing=True))
    if account.activated_at is not None:
        session.rollback()
        return None
    code = new_code()
    expires_at = utcnow() + dt.timedelta(days=setting("ACTIVATION_DAYS", 7))
    session.execute(delete(ActivationCode).where(ActivationCode.account_id == account.id))
    session.add(ActivationCode(account_id=account.id, code_hash=code_digest(code), expires_at=expires_at))
    session.commit()
    url = activation_url(code)
    return {"code": code, "expires_at": expires_at.isoformat(), "activation_url": url, "qr_svg": qr_svg(url)}


def with_activation(relation: dict) -> dict:
    """An employment relation as its employer's page shows it: with the worker's activation code (``activation``,
    None once the account is active)."""
    return {**relation, "activation": activation_for(relation["person_id"], relation["person_name"])}


def _new_account(session, person_id, person_name) -> Account:
    account = Account(
        username=worker_username(person_id),
        # no password opens it (not a hash at all): the account opens with its activation code only
        password_hash=UNUSABLE_PASSWORD,
        display_name=person_name,
        role=WORKER,
        scope_name=person_name,
        person_id=person_id,
    )
    session.add(account)
    try:
        session.commit()
    except IntegrityError:  # two employers' requests made it at once: the other one's stands
        session.rollback()
        account = worker_account(session, person_id)
    return account


def activation_url(code: str) -> str:
    """The mobile activation page with the code filled in, on ``PUBLIC_BASE_URL`` or the host asked."""
    base = current_app.config.get("PUBLIC_BASE_URL") or (request.host_url if has_request_context() else "")
    return f"{base.rstrip('/')}{MOBILE_ACTIVATION_PATH}?code={quote(code)}"


def qr_svg(url: str) -> str:
    """The URL as a QR code, an SVG document for the printed slip."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, nl=False)
    return out.getvalue().decode()


# -- activation and login --------------------------------------------------------------------------------------

def password_problem(password: str) -> str | None:
    """What is wrong with a password a worker chose: as the staff accounts', 8 characters or more, and not
    digits only (an ID number's birth date is the first thing anyone would try)."""
    if len(password) < 8:
        return "PASSWORD_TOO_SHORT"
    if password.isdigit():
        return "PASSWORD_ALL_DIGITS"
    return None


def activate(id_type: str, id_number: str, code: str, password: str) -> Account:
    """Sets the password of the account the code was issued for and opens it; the code is spent.

    Any code that does not open this ID document's account (none issued, another, expired, spent) is refused
    alike with ``INVALID_ACTIVATION_CODE``, and counted as a failure."""
    problem = password_problem(password)
    if problem:
        raise ApiError("INVALID_INPUT", fields={"password": problem})
    subject = subject_digest(id_type, id_number)
    refuse_while_locked(subject)
    session = database()
    account = _account_of(session, id_type, id_number)
    issued = None
    if account is not None and account.activated_at is None:
        issued = session.scalar(select(ActivationCode).where(ActivationCode.account_id == account.id))
    matches = _same_code(issued.code_hash if issued else None, normalise_code(code))
    if not matches or as_utc(issued.expires_at) <= utcnow() or not _spend(session, issued):
        record_failure(subject)
        raise ApiError("INVALID_ACTIVATION_CODE")
    account.password_hash = hash_password(password)
    account.activated_at = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.subject_digest == subject))
    session.commit()
    return account


def log_in(id_type: str, id_number: str, password: str) -> Account:
    """The activated account of this ID document, if the password is its own; ``INVALID_WORKER_CREDENTIALS``
    otherwise (no record, no account, not activated, wrong password alike)."""
    subject = subject_digest(id_type, id_number)
    refuse_while_locked(subject)
    session = database()
    account = _account_of(session, id_type, id_number)
    if account is not None and (account.activated_at is None or not account.active):
        account = None
    if not _verify(account.password_hash if account else None, password) or account is None:
        record_failure(subject)
        raise ApiError("INVALID_WORKER_CREDENTIALS")
    session.execute(delete(LoginFailure).where(LoginFailure.subject_digest == subject))
    session.commit()
    return account


def _verify(stored_hash: str | None, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _NOTHING_HASH, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def code_digest(code: str) -> str:
    return hmac.new(current_app.config["AUTH_SECRET"].encode(), f"activation\x00{code}".encode(),
                    hashlib.sha256).hexdigest()


def _same_code(stored_digest: str | None, typed: str) -> bool:
    """Whether the typed code is the one issued, in constant time (a digest is computed either way)."""
    typed_digest = code_digest(typed)
    return hmac.compare_digest(stored_digest or "", typed_digest) and stored_digest is not None


def _spend(session, issued: ActivationCode) -> bool:
    """Deletes the code; False when a concurrent activation spent it first."""
    return session.execute(delete(ActivationCode).where(ActivationCode.id == issued.id)).rowcount == 1


def _account_of(session, id_type: str, id_number: str) -> Account | None:
    person_id = person_id_of(id_type, id_number)
    return worker_account(session, person_id) if person_id is not None else None


def person_id_of(id_type: str, id_number: str) -> int | None:
    """The person holding the document, asked of identity_svc as the system; None when nobody does."""
    with current_app.extensions["rpc"].proxy(SYSTEM_CALLER) as rpc:
        try:
            return rpc.identity_svc.find_by_id_number(id_type, id_number)["id"]
        except RemoteError as error:
            refusal = from_remote_error(error)
            if refusal.code in ("PERSON_NOT_FOUND", "INVALID_INPUT", "INVALID_ID_DOCUMENT"):
                return None
            raise refusal from error


# -- rate limits -----------------------------------------------------------------------------------------------

def subject_digest(id_type: str, id_number: str) -> str:
    """What failures are counted by: a digest keyed with the gateway's secret, so the number cannot be read
    back from the table, and a number with no account is counted like one with an account."""
    message = f"worker-login\x00{id_type}\x00{normalise_id_number(id_number)}".encode()
    return hmac.new(current_app.config["AUTH_SECRET"].encode(), message, hashlib.sha256).hexdigest()


def client_address() -> str | None:
    return request.remote_addr if has_request_context() else None


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=setting("WORKER_LOGIN_WINDOW_MINUTES", 15))


def locked_until(subject: str, address: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the document's or the address's lock opens; None when neither is locked."""
    now = now or utcnow()
    since = now - _window()
    session = database()
    opens = []
    for column, value, limit in (
        (LoginFailure.subject_digest, subject, setting("WORKER_LOGIN_FAILURES_PER_ACCOUNT", 5)),
        (LoginFailure.client_address, address, setting("WORKER_LOGIN_FAILURES_PER_ADDRESS", 20)),
    ):
        if value is None:
            continue
        recent = (select(LoginFailure.failed_at).where(column == value, LoginFailure.failed_at > since)
                  .order_by(LoginFailure.failed_at.desc()).limit(limit))
        times = session.scalars(recent).all()
        if len(times) >= limit:
            # open once the oldest of the last ``limit`` failures leaves the window
            opens.append(as_utc(times[-1]) + _window())
    return max(opens) if opens else None


def refuse_while_locked(subject: str):
    now = utcnow()
    until = locked_until(subject, client_address(), now)
    if until is None:
        return
    wait = max(1, math.ceil((until - now).total_seconds()))
    raise ApiError("TOO_MANY_ATTEMPTS", details={
        "locked_until": until.isoformat(), "retry_after_s": wait, "retry_after_minutes": math.ceil(wait / 60),
    }, headers={"Retry-After": str(wait)})


def record_failure(subject: str):
    session = database()
    now = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - _window()))
    session.add(LoginFailure(subject_digest=subject, client_address=client_address(), failed_at=now))
    session.commit()

