"""The outbox relay records each event as published as soon as it is confirmed: a crash republishes nothing
that was confirmed before it."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import insert, select

from chassis.database import make_engine
from chassis.events import make_envelope
from chassis.outbox import OutboxRelay
from devtools.testing import REAL
from identity_svc.models import OutboxRecord

EVENTS = 10


class RelayCrashed(Exception):
    pass


class RecordingPublisher:
    """The broker as the relay sees it: confirms that arrive one by one."""

    def __init__(self, crash_after=None, meanwhile=None):
        self.published = []
        self.crash_after = crash_after
        self.meanwhile = meanwhile

    def publish_in_order(self, events):
        """Confirms each event as it is sent."""
        for envelope, _ in events:
            if len(self.published) == self.crash_after:
                raise RelayCrashed(f"the broker connection broke after {self.crash_after} confirms")
            if self.meanwhile is not None:
                self.meanwhile()
            self.published.append(envelope["data"]["n"])
            yield len(self.published)


@pytest.fixture
def outbox(database_url):
    """A database holding an outbox of ``EVENTS`` unsent events, numbered in the order they were written."""
    url = database_url("identity_svc")
    engine = make_engine(url, "identity_svc", green=False)
    OutboxRecord.__table__.create(engine)
    with engine.begin() as connection:
        for n in range(EVENTS):
            envelope = make_envelope("bench_relayed", "identity_svc", {"n": n})
            connection.execute(insert(OutboxRecord).values(event_id=envelope["event_id"], event_type="bench_relayed",
                                                           envelope=envelope))
    yield url, engine
    engine.dispose()


def unsent(engine):
    with engine.connect() as connection:
        return [envelope["data"]["n"] for envelope in connection.scalars(
            select(OutboxRecord.envelope).where(OutboxRecord.published_at.is_(None)).order_by(OutboxRecord.id))]


@pytest.mark.parametrize("confirmed", [0, 1, 7, EVENTS - 1])
def test_a_relay_failing_after_k_confirms_leaves_exactly_the_rest_unsent(outbox, confirmed):
    _, engine = outbox
    failing = RecordingPublisher(crash_after=confirmed)
    with pytest.raises(RelayCrashed):
        OutboxRelay(engine, OutboxRecord, failing).relay_pending(limit=200)
    assert failing.published == list(range(confirmed))
    assert unsent(engine) == list(range(confirmed, EVENTS))

    next_time = RecordingPublisher()
    assert OutboxRelay(engine, OutboxRecord, next_time).relay_pending(limit=200) == EVENTS - confirmed
    assert next_time.published == list(range(confirmed, EVENTS))
    assert unsent(engine) == []


KILLED_RELAY = textwrap.dedent("""
    import os, signal, sys
    from chassis.database import make_engine
    from chassis.outbox import OutboxRelay
    from identity_svc.models import OutboxRecord

    class DyingPublisher:
        confirmed = 0

        def publish_in_order(self, events):
            for _ in events:
                if self.confirmed == int(sys.argv[2]):
                    os.kill(os.getpid(), signal.SIGKILL)
                self.confirmed += 1
                yield self.confirmed

    engine = make_engine(sys.argv[1], "identity_svc", green=False)
    OutboxRelay(engine, OutboxRecord, DyingPublisher()).relay_pending(limit=200)
""")


def test_a_relay_process_killed_after_k_confirms_leaves_exactly_the_rest_unsent(outbox):
    url, engine = outbox
    relay = subprocess.run([sys.executable, "-c", KILLED_RELAY, url, "4"], env=os.environ, timeout=60,
                           capture_output=True, text=True)
    assert relay.returncode == -signal.SIGKILL, relay.stderr
    assert unsent(engine) == list(range(4, EVENTS))


@pytest.mark.skipif(not REAL, reason="replicas share a PostgreSQL database; an embedded service runs once")
def test_replicas_take_turns_so_each_event_goes_out_once_and_in_order(outbox):
    _, engine = outbox
    other_engine = make_engine(outbox[0], "identity_svc", green=False)
    other_replica = OutboxRelay(other_engine, OutboxRecord, RecordingPublisher())
    turns_refused = []
    first = RecordingPublisher(meanwhile=lambda: turns_refused.append(other_replica.relay_pending(limit=200)))
    try:
        assert OutboxRelay(engine, OutboxRecord, first).relay_pending(limit=200) == EVENTS
        # once the first replica's turn is over, the other may take one: nothing is left for it
        assert other_replica.relay_pending(limit=200) == 0
    finally:
        other_engine.dispose()
    assert turns_refused == [None] * EVENTS
    assert first.published == list(range(EVENTS))
    assert other_replica.publisher.published == []
