"""The ``health`` RPC every service answers, once for all of them.

A service includes it as a base class beside its ``db`` dependency::

    class IdentityService(HealthCheck):
        db = Database()

The gateway's ``/api/v1/health`` calls it on each service.
"""

import eventlet
from sqlalchemy import exc, text

from chassis.errors import DatabaseUnavailable
from chassis.messaging import DeadLetterQueue, rpc

#: a database slower than this to answer ``SELECT 1`` counts as down, and the check is not held up longer
CHECK_TIMEOUT_S = 3.0


class HealthCheck:
    """Gives each service class that includes it a ``health`` entrypoint of its own.

    The entrypoint is made for the service class, not declared here: ``nameko run <module>`` takes every
    class of the module that has an entrypoint for a service, and this one is imported there too.
    """

    dead_letters = DeadLetterQueue()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

        def health(self):
            """``{"status": "ok", "checks": {"database": {"status": "ok"}}, "dead_letters": {"queue": …, "count": n}}``
            when the service answers and its database does too; a failing check is ``{"status": "unavailable",
            "reason": "<short text>"}`` and makes the whole status "unavailable". It answers instead of raising, so
            the caller reads why; ``dead_letters`` counts the messages it refused (chassis.messaging)."""
            checks = {"database": database_check(self.db.engine)}
            healthy = all(check["status"] == "ok" for check in checks.values())
            return {"status": "ok" if healthy else "unavailable", "checks": checks,
                    "dead_letters": self.dead_letters.summary()}

        cls.health = rpc(health)


def database_check(engine, timeout=CHECK_TIMEOUT_S) -> dict:
    """``database_answers`` within ``timeout`` (a green thread's): what the health RPC and the heartbeat file
    (chassis.heartbeat) both report."""
    try:
        with eventlet.Timeout(timeout):
            return database_answers(engine)
    except eventlet.Timeout:
        return {"status": "unavailable", "reason": f"database did not answer within {timeout:g}s"}


def database_answers(engine) -> dict:
    """``{"status": "ok"}`` when ``SELECT 1`` answers, else ``{"status": "unavailable", "reason": …}``; the
    gateway, under threads, checks its own database with it."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DatabaseUnavailable, exc.SQLAlchemyError) as error:
        return {"status": "unavailable", "reason": short_reason(error)}
    return {"status": "ok"}


def short_reason(error) -> str:
    """The first line of the driver's message (``connection refused …``), without SQLAlchemy's advice."""
    text_ = str(getattr(error, "detail", None) or getattr(error, "orig", None) or error)
    return text_.strip().splitlines()[0][:200] if text_.strip() else type(error).__name__
