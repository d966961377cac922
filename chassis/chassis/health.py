"""The ``health`` RPC every service answers, once for all of them.

A service includes it as a base class beside its ``db`` dependency::

    class IdentityService(HealthCheck):
        db = Database()

The gateway's ``/api/v1/health`` calls it on each service.
"""

from sqlalchemy import text

from chassis.messaging import DeadLetterQueue, rpc


class HealthCheck:
    """Gives each service class that includes it a ``health`` entrypoint of its own.

    The entrypoint is made for the service class, not declared here: ``nameko run <module>`` takes every
    class of the module that has an entrypoint for a service, and this one is imported there too.
    """

    dead_letters = DeadLetterQueue()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

        def health(self):
            """``{"status": "ok"}`` when the service answers and its database does too, with the messages it
            refused waiting in its dead-letter queue: ``"dead_letters": {"queue": …, "count": n}``."""
            self.db.session.execute(text("SELECT 1"))
            return {"status": "ok", "dead_letters": self.dead_letters.summary()}

        cls.health = rpc(health)
