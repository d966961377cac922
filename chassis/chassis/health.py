"""The ``health`` RPC every service answers, once for all of them.

A service includes it as a base class beside its ``db`` dependency::

    class IdentityService(HealthCheck):
        db = Database()

The gateway's ``/api/v1/health`` calls it on each service.
"""

from nameko.rpc import rpc
from sqlalchemy import text


class HealthCheck:
    @rpc
    def health(self):
        """``{"status": "ok"}`` when the service answers and its database does too."""
        self.db.session.execute(text("SELECT 1"))
        return {"status": "ok"}
