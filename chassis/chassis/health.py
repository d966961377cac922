"""The ``health`` RPC every service answers, once for all of them.

A service includes it as a base class beside its ``db`` dependency::

    class IdentityService(HealthCheck):
        db = Database()

The gateway's ``/api/v1/health`` calls it on each service.
"""

from nameko.rpc import rpc
from sqlalchemy import text


class HealthCheck:
    """Gives each service class that includes it a ``health`` entrypoint of its own.

    The entrypoint is made for the service class, not declared here: ``nameko run <module>`` takes every
    class of the module that has an entrypoint for a service, and this one is imported there too.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

        def health(self):
            """``{"status": "ok"}`` when the service answers and its database does too."""
            self.db.session.execute(text("SELECT 1"))
            return {"status": "ok"}

        cls.health = rpc(health)
