"""Who is calling: the identity the gateway authenticated, carried to every service.

The gateway puts it in Nameko context data under ``caller``; services read it
through the ``CallerIdentity`` dependency and re-check scope themselves.
"""

import json
from dataclasses import asdict, dataclass

from nameko.extensions import DependencyProvider

from chassis.errors import Forbidden

ANONYMOUS = "anonymous"
AUTHORITY = "authority"
ENTERPRISE = "enterprise"
SITE = "site"
SYSTEM = "system"
#: a construction worker on the mobile page, bound to their own person record
WORKER = "worker"
#: the staff roles of the portals
ROLES = (AUTHORITY, ENTERPRISE, SITE)

CONTEXT_KEY = "caller"


@dataclass(frozen=True)
class Caller:
    role: str
    username: str
    enterprise_id: int | None = None
    project_id: int | None = None
    region_code: str | None = None
    person_id: int | None = None

    def to_context(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_context(cls, raw):
        if not raw:
            return None
        values = json.loads(raw) if isinstance(raw, str) else raw
        return cls(**values)

    @property
    def is_authority(self):
        return self.role in (AUTHORITY, SYSTEM)

    def require_known(self):
        """A staff role or the system; a worker is refused here and passes ``require_worker`` only."""
        if self.role not in ROLES + (SYSTEM,):
            raise Forbidden("caller has no recognised role")
        return self

    def require_worker(self):
        """A worker with their person record: what the worker's own endpoints act on."""
        if self.role != WORKER or self.person_id is None:
            raise Forbidden("only the worker may do this")
        return self


SYSTEM_CALLER = Caller(role=SYSTEM, username="system")
ANONYMOUS_CALLER = Caller(role=ANONYMOUS, username="")


class CallerIdentity(DependencyProvider):
    """Hands the worker the ``Caller`` of this request.

    A request without one gets an anonymous caller that every scope check
    refuses; raising here instead would kill the container, not the call.
    """

    def get_dependency(self, worker_ctx):
        try:
            return Caller.from_context(worker_ctx.data.get(CONTEXT_KEY)) or ANONYMOUS_CALLER
        except (TypeError, ValueError):
            return ANONYMOUS_CALLER


class SystemActor(DependencyProvider):
    """``self.act_as_system()`` in an entrypoint that acts for no user (an event handler, a timer): the calls
    it makes to other services from then on carry the system caller, as the gateway's carry the user's."""

    def get_dependency(self, worker_ctx):
        def act_as_system():
            worker_ctx.data[CONTEXT_KEY] = SYSTEM_CALLER.to_context()

        return act_as_system
