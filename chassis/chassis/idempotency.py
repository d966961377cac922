"""Idempotent calls: a call sent again with the same idempotency key returns its first result, not a second effect.

The gateway keeps each write's answer under the client's ``Idempotency-Key``, but it cannot keep an answer it
never got: when the broker goes away after a service committed a write and before its reply came back, the
gateway answers 503 and the client retries. Only the service knows the write happened, so the service keeps the
result, in the same transaction as the write:

- The caller puts its key in the context data (``IDEMPOTENCY_KEY``; the gateway scopes it to the user who sent
  it). It flows on to every call the service makes while serving it.
- When a worker that carries a key commits through ``db.transaction()``, a row for (key, ``service.method``) is
  written in that transaction: the effect and the row commit together, or neither does.
- Once the method has returned, its result is recorded on the row before the reply is sent (the ``rpc``
  entrypoint of chassis.messaging calls ``record``): a caller that sends the call again the moment its answer
  arrives finds the result, and a reply lost to the broker still leaves it here. ``worker_result`` records it
  for entrypoints that send no reply.
- A later call with the same key and method gets the recorded result without the method running again (the
  ``rpc`` entrypoint of chassis.messaging asks ``replay`` before it starts a worker).
- A row without a result (the process died between the commit and the recording, or the method raised after
  committing) does not answer: the method runs again, as it would have without a key, and its domain decides;
  ``committed_unanswered()`` tells it that a run of this very call committed before (so a registration that
  finds its record answers as the run that made it would have: created). The new run replaces the row.
- Reads commit nothing and write no row. Rows older than ``KEY_LIFETIME`` (the gateway's) are not replayed and
  are deleted by the next keyed write.

Within one keyed call a method is taken to be called once per key: a second call of the same method with the
same key gets the first one's result.
"""

import datetime as dt
import hashlib
import logging

from nameko.extensions import DependencyProvider
from sqlalchemy import JSON, DateTime, String, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from chassis.events import utcnow

log = logging.getLogger(__name__)

#: context data: the caller's idempotency key, scoped to whoever sent it
IDEMPOTENCY_KEY = "idempotency_key"
#: how long a key is kept: the gateway's answers (gateway.idempotency) and the services' results alike
KEY_LIFETIME = dt.timedelta(hours=24)
KEY_LENGTH = 128


def stored_key(key) -> str:
    """The key as the table holds it: a longer one (from a caller that is not the gateway) by its digest."""
    key = str(key)
    return key if len(key) <= KEY_LENGTH else hashlib.sha256(key.encode()).hexdigest()


class IdempotentCallMixin:
    @declared_attr.directive
    def __tablename__(cls):
        return "idempotent_calls"

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("key", "method", name="uq_idempotent_call_key_method"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    method: Mapped[str] = mapped_column(String(120))
    #: ``{"value": <the method's result>}``; None until the method has returned
    result: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class KeyedCall:
    """One worker's keyed call: claims its row in the worker's first commit."""

    def __init__(self, record_model, key, method):
        self.table = record_model.__table__
        self.key = key
        self.method = method
        self.claimed = False

    def before_commit(self, session):
        if self.claimed:
            return
        now = utcnow()
        session.execute(delete(self.table).where(self.table.c.created_at < now - KEY_LIFETIME))
        # a row left without a result by a run that died: this run takes its place
        session.execute(delete(self.table).where(self.table.c.key == self.key, self.table.c.method == self.method,
                                                 self.table.c.result.is_(None)))
        session.execute(self.table.insert().values(key=self.key, method=self.method, created_at=now))

    def after_commit(self):
        self.claimed = True


class KeyedCallState:
    """What a worker may ask of its own keyed call (``self.idempotent_calls`` in the service)."""

    def __init__(self, provider, worker_ctx):
        self.provider, self.worker_ctx = provider, worker_ctx

    def committed_unanswered(self) -> bool:
        """Whether an earlier run of this very call (its key and method) committed its effect and died before its
        result was kept: the row it claimed has no result."""
        call = self.provider.calls.get(self.worker_ctx)
        if call is None:
            return False
        table = self.provider.table
        with self.provider.database.engine.connect() as connection:
            return connection.execute(select(table.c.id).where(
                table.c.key == call.key, table.c.method == call.method, table.c.result.is_(None),
                table.c.created_at >= utcnow() - KEY_LIFETIME)).first() is not None


class IdempotentCalls(DependencyProvider):
    """``idempotent_calls = IdempotentCalls(IdempotentCall)``; uses the service's ``db`` dependency."""

    def __init__(self, record_model, database_attr="db"):
        self.record_model = record_model
        self.table = record_model.__table__
        self.database_attr = database_attr
        self.calls = {}

    def setup(self):
        self.database = next(
            provider
            for provider in self.container.dependencies
            if getattr(provider, "attr_name", None) == self.database_attr
        )

    def method_name(self, method_name):
        return f"{self.container.service_name}.{method_name}"

    def replay(self, key: str, method_name: str):
        """``(True, result)`` when a call with ``key`` to ``method_name`` returned before, else ``(False, None)``."""
        with self.database.engine.connect() as connection:
            recorded = connection.execute(
                select(self.table.c.result).where(
                    self.table.c.key == stored_key(key), self.table.c.method == self.method_name(method_name),
                    self.table.c.result.is_not(None), self.table.c.created_at >= utcnow() - KEY_LIFETIME)
            ).one_or_none()
        return (False, None) if recorded is None else (True, recorded.result["value"])

    def get_dependency(self, worker_ctx):
        return KeyedCallState(self, worker_ctx)

    def worker_setup(self, worker_ctx):
        key = worker_ctx.data.get(IDEMPOTENCY_KEY)
        if not key or not hasattr(worker_ctx.entrypoint, "method_name"):
            return
        call = KeyedCall(self.record_model, stored_key(key), self.method_name(worker_ctx.entrypoint.method_name))
        self.database.get_dependency(worker_ctx).commit_hooks.append(call)
        self.calls[worker_ctx] = call

    def record(self, worker_ctx, result, exc_info=None):
        """Keep the result of a worker's keyed call on the row its commit claimed (once; a failed call keeps none)."""
        call = self.calls.pop(worker_ctx, None)
        if call is None or not call.claimed or exc_info is not None:
            return
        try:
            with self.database.write_lock, self.database.engine.begin() as connection:
                connection.execute(update(self.table).where(self.table.c.key == call.key,
                                                            self.table.c.method == call.method)
                                   .values(result={"value": result}))
        except Exception:
            # raised from here it would kill the container; the row stays without a result and a retry runs again
            log.exception("could not record the result of %s for its idempotency key", call.method)

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        self.record(worker_ctx, result, exc_info)

    def worker_teardown(self, worker_ctx):
        self.calls.pop(worker_ctx, None)
