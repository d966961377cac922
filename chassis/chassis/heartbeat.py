"""A file that says this replica is alive and whether it is ready, for probes that cannot ask it over RPC.

A ``health`` RPC reaches whichever replica takes it from the shared queue, so
a probe of one container cannot use it. Instead each container keeps a
heartbeat file (``HEARTBEAT_FILE``; none when unset) rewritten every few
seconds by a green thread of its own, holding the readiness that the health
RPC would report: whether its database answers. ``python -m chassis.probe``
reads it (see there). The beat goes on while the broker or the database is
down; it stops only when the process is stuck or gone, which is what a
liveness probe may restart it for.
"""

import contextlib
import json
import logging
import os

import eventlet
from nameko.extensions import DependencyProvider

from chassis.health import database_check

log = logging.getLogger(__name__)

BEAT_INTERVAL_S = 5.0


def write_heartbeat(path, ready: bool, reason: str | None):
    """Replaces the file whole, so a probe never reads half of it; its modification time is the beat."""
    partial = f"{path}.partial"
    with open(partial, "w", encoding="utf-8") as beat:
        json.dump({"ready": ready, "reason": reason}, beat)
    os.replace(partial, path)


class Heartbeat(DependencyProvider):
    """``heartbeat = Heartbeat()``; checks the service's ``db`` dependency."""

    def __init__(self, database_attr="db", interval=BEAT_INTERVAL_S):
        self.database_attr = database_attr
        self.interval = interval

    def setup(self):
        self.path = self.container.config.get("HEARTBEAT_FILE") or None
        self.database = next(
            provider
            for provider in self.container.dependencies
            if getattr(provider, "attr_name", None) == self.database_attr
        )
        self.beating = False
        self.beat_thread = None

    def start(self):
        if self.path:
            self.beating = True
            self.beat_thread = self.container.spawn_managed_thread(self._beat_forever)

    def stop(self):
        self.beating = False
        if self.beat_thread is not None:
            # it sleeps between beats: end it now rather than have the container kill it as a straggler
            self.beat_thread.kill()
        if self.path:
            # a stopped container is neither alive nor ready: no stale beat for the next probe
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path)

    def kill(self):
        self.stop()

    def _beat_forever(self):
        while self.beating:
            check = database_check(self.database.engine)
            if self.beating:
                write_heartbeat(self.path, check["status"] == "ok", check.get("reason"))
            eventlet.sleep(self.interval)
