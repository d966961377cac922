"""Idempotent writes: a write sent again with the same ``Idempotency-Key`` is answered, not done, again.

A client that lost an answer (a 503, a dropped connection) cannot know whether its write happened; it sends
the same request with the same key, and the gateway answers with the first answer (same status and body, and
``Idempotent-Replayed: true``). The portal sends one key per form submission.

- Keys belong to the caller (the token's user name): one user can neither read nor block another's answers.
- The row is inserted before the write runs; the unique constraint on (user name, key) lets one of two
  concurrent requests in, and the other is refused 409 ``IDEMPOTENCY_KEY_IN_FLIGHT``, so two clicks never act
  twice.
- The same key with another request (method, path or body) is refused 422 ``IDEMPOTENCY_KEY_REUSED``.
- A 5xx answer is not kept: the key is released, so the retry may act (the gateway made sure the first did not,
  or could not tell, and the service decides). The key travels with every call the write makes (``scoped_key``
  in the context data), and each service keeps the result of a keyed call in the same transaction as its effect
  (chassis.idempotency): a retry whose first attempt was done but never answered gets the first result from the
  service, not a second effect nor "already registered".
- Keys expire after ``KEY_LIFETIME``; each new key clears its caller's expired ones.
- A claim whose answer could not be kept (the gateway's database went down meanwhile, or its worker died) is
  taken over by a retry once ``ABANDONED_AFTER`` has passed: no request can still be answering it then.
- Login is exempt: it changes nothing, a retry simply logs in again, and no token is kept at rest.
"""

import datetime as dt
import hashlib
import logging

from apispec import BasePlugin
from flask import Response, g, request
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from chassis.errors import DatabaseUnavailable
from chassis.events import utcnow
from chassis.idempotency import KEY_LIFETIME
from gateway.auth import caller_from_request
from gateway.errors import ApiError
from gateway.models import IdempotentRequest

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
#: gunicorn's worker timeout (30 s) and graceful timeout (10 s): a request claimed longer ago is answered or dead
ABANDONED_AFTER = dt.timedelta(seconds=40)
MAX_KEY_LENGTH = 100
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: endpoints that change nothing a retry could repeat
EXEMPT = frozenset({"auth.login"})

table = IdempotentRequest.__table__


def request_fingerprint() -> str:
    """What makes two requests the same request: method, path with query, and body."""
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.full_path.encode(), *body_parts()):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def body_parts():
    """The body as bytes; a multipart form (a document upload) as its fields and files, since a client sending
    the same form again chooses a new boundary between the parts."""
    if request.mimetype != "multipart/form-data":
        yield request.get_data(cache=True)
        return
    for name, value in sorted(request.form.items(multi=True)):
        yield f"{name}={value}".encode()
    for name, file in sorted(request.files.items(multi=True), key=lambda item: (item[0], item[1].filename or "")):
        yield f"{name}:{file.filename}".encode()
        yield file.stream.read()
        file.stream.seek(0)


def applies() -> bool:
    return (request.method in WRITES and request.path.startswith("/api/v1/") and HEADER in request.headers
            and request.endpoint not in EXEMPT)


def claim_or_replay(engine):
    """Before a write: claims its key, or answers from the first request that had it."""
    if not applies():
        return None
    key = request.headers[HEADER].strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ApiError("INVALID_IDEMPOTENCY_KEY", details={"max_length": MAX_KEY_LENGTH})
    try:
        username = caller_from_request().username
    except ApiError:
        return None  # the route refuses it (401) before anything is done
    fingerprint = request_fingerprint()
    now = utcnow()
    try:
        with engine.begin() as connection:
            connection.execute(delete(table).where(table.c.username == username,
                                                   table.c.created_at < now - KEY_LIFETIME))
            claimed = connection.execute(insert(table).values(
                username=username, key=key, request_hash=fingerprint, created_at=now))
    except IntegrityError:
        return answer_of_first(engine, username, key, fingerprint)
    g.idempotent_request_id = claimed.inserted_primary_key[0]
    g.idempotency_scope = scope_of(username, key)
    return None


def scope_of(username: str, key: str) -> str:
    """The key the services see: one user's key never meets another's, and no user name is kept in their tables."""
    return hashlib.sha256(f"{len(username)}:{username}:{key}".encode()).hexdigest()


def scoped_key() -> str | None:
    """This request's scoped idempotency key, when it claimed one."""
    return g.get("idempotency_scope") if "idempotent_request_id" in g else None


def answer_of_first(engine, username, key, fingerprint):
    with engine.connect() as connection:
        first = connection.execute(select(table).where(table.c.username == username, table.c.key == key)).one_or_none()
    if first is None:  # the first failed (5xx) and released its key in between: this one is a new attempt
        raise ApiError("IDEMPOTENCY_KEY_IN_FLIGHT")
    if first.request_hash != fingerprint:
        raise ApiError("IDEMPOTENCY_KEY_REUSED")
    if first.status is None:
        if take_over_if_abandoned(engine, first.id):
            g.idempotent_request_id = first.id
            g.idempotency_scope = scope_of(username, key)
            return None
        raise ApiError("IDEMPOTENCY_KEY_IN_FLIGHT")
    return Response(first.body, status=first.status, content_type=first.content_type,
                    headers={REPLAYED_HEADER: "true"})


def take_over_if_abandoned(engine, claim_id) -> bool:
    """Claims an unanswered claim older than ``ABANDONED_AFTER`` for this request; of two retries doing it at
    once, one wins."""
    now = utcnow()
    with engine.begin() as connection:
        return connection.execute(update(table).where(
            table.c.id == claim_id, table.c.status.is_(None), table.c.created_at <= now - ABANDONED_AFTER,
        ).values(created_at=now)).rowcount == 1


def keep_answer(engine, response):
    """After a write that claimed a key: keeps its answer, or releases the key when it is a 5xx."""
    claimed = g.pop("idempotent_request_id", None)
    g.pop("idempotency_scope", None)
    if claimed is None:
        return response
    try:
        with engine.begin() as connection:
            if response.status_code >= 500:
                connection.execute(delete(table).where(table.c.id == claimed))
            else:
                connection.execute(update(table).where(table.c.id == claimed).values(
                    status=response.status_code, content_type=response.content_type, body=response.get_data()))
    except (DatabaseUnavailable, SQLAlchemyError):
        # the answer stands (a write that was done is still done); a retry takes the claim over later
        log.warning("could not keep the answer to an idempotency key; its claim is left to expire", exc_info=True)
    return response


def init_app(app, engine):
    app.before_request(lambda: claim_or_replay(engine))
    app.after_request(lambda response: keep_answer(engine, response))


class IdempotencyKeyDocumented(BasePlugin):
    """Declares the ``Idempotency-Key`` header on every write of the OpenAPI document, and its refusals."""

    def init_spec(self, spec):
        spec.components.parameter("IdempotencyKey", "header", {
            "name": HEADER, "required": False, "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
            "description": "One key per submission: a retry with the same key by the same user gets the first "
                           "answer (with `Idempotent-Replayed: true`) instead of acting twice; kept 24 h. "
                           "Another request with the key: 422 IDEMPOTENCY_KEY_REUSED; while the first is "
                           "answered: 409 IDEMPOTENCY_KEY_IN_FLIGHT. A 5xx answer is not kept.",
        })

    def operation_helper(self, path=None, operations=None, **_kwargs):
        for method, operation in (operations or {}).items():
            if method.upper() in WRITES and path != "/api/v1/auth/login":
                operation.setdefault("parameters", []).append("IdempotencyKey")  # a component, by name
