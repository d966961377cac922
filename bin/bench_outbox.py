"""The outbox rows of ``bin/bench``: how fast identity_svc's relay publishes, and how late events arrive.

A plain AMQP subscriber (kombu, no Nameko) binds a queue of its own to the
``identity_svc.events`` topic exchange, as README's "Subscribing to events"
shows, and notes when each event arrives. Two figures come of it:

- delivery lag: for each registration of the register rows, from the moment
  its caller had the answer (sent after the commit that wrote the event's row)
  to the moment the subscriber had the event, p50 and p99;
- relay throughput: a backlog of ``RELAY_BACKLOG`` event rows committed at
  once into identity_svc's outbox table (event type ``bench_relayed``, which
  no service handles), and the events per second the relay then publishes,
  each with a publisher confirm, from the first arrival to the last.
"""

import contextlib
import statistics
import threading
import time
import uuid

from kombu import Connection, Exchange, Queue
from sqlalchemy import create_engine, insert, text

from chassis.events import make_envelope
from identity_svc.models import OutboxRecord

RELAY_BACKLOG = 5_000
RELAY_EVENT = "bench_relayed"


class EventSubscriber:
    """Notes when each of identity_svc's events arrives: ``arrivals[(event_type, person_id or marker)]``."""

    def __init__(self, amqp_uri: str):
        self.arrivals = {}
        self._connection = Connection(amqp_uri)
        exchange = Exchange("identity_svc.events", type="topic", durable=True)
        queue = Queue(f"bench-subscriber-{uuid.uuid4().hex[:8]}", exchange, routing_key="#", exclusive=True,
                      auto_delete=True)
        self._consumer = self._connection.Consumer([queue], callbacks=[self._arrived], accept=["json"])
        self._running = False
        self._thread = threading.Thread(target=self._drain, name="bench-subscriber", daemon=True)

    def __enter__(self):
        self._consumer.consume()
        self._running = True
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._running = False
        self._thread.join(5)
        self._connection.release()

    def _arrived(self, envelope, message):
        data = envelope.get("data") or {}
        self.arrivals[(envelope["event_type"], data.get("person_id", data.get("marker")))] = time.time()
        message.ack()

    def _drain(self):
        while self._running:
            with contextlib.suppress(TimeoutError):
                self._connection.drain_events(timeout=0.2)

    def lag_ms(self, answered: dict, timeout: float = 10) -> dict:
        """p50/p99 of the delivery lag of the registrations ``answered`` ({person_id: when the caller had it})."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not all(("person_registered", p) in self.arrivals for p in answered):
            time.sleep(0.1)
        lags = sorted((self.arrivals[("person_registered", p)] - at) * 1000 for p, at in answered.items()
                      if ("person_registered", p) in self.arrivals)
        return summary(lags, len(answered))


def summary(lags: list[float], expected: int) -> dict:
    if len(lags) < 2:
        return {"events": len(lags), "missing": expected - len(lags), "p50_ms": None, "p99_ms": None}
    quantiles = statistics.quantiles(lags, n=100, method="inclusive")
    return {"events": len(lags), "missing": expected - len(lags), "p50_ms": round(quantiles[49], 1),
            "p99_ms": round(quantiles[98], 1)}


def relay_throughput(identity_db_url: str, subscriber: EventSubscriber, count: int = RELAY_BACKLOG,
                     timeout: float = 120) -> dict:
    """Commits ``count`` event rows at once and times the relay publishing them (events/s, first to last arrival)."""
    run = uuid.uuid4().hex[:8]
    markers = [f"{run}-{n}" for n in range(count)]
    rows = []
    for marker in markers:
        envelope = make_envelope(RELAY_EVENT, "identity_svc", {"marker": marker})
        rows.append({"event_id": envelope["event_id"], "event_type": RELAY_EVENT, "envelope": envelope})
    engine = create_engine(identity_db_url)
    with engine.begin() as connection:
        connection.execute(insert(OutboxRecord), rows)
    committed = time.time()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not all((RELAY_EVENT, m) in subscriber.arrivals for m in markers):
        time.sleep(0.2)
    with engine.connect() as connection:
        pending = connection.scalar(text("SELECT count(*) FROM outbox WHERE published_at IS NULL"))
    engine.dispose()
    arrived = sorted(subscriber.arrivals[(RELAY_EVENT, m)] for m in markers if (RELAY_EVENT, m) in subscriber.arrivals)
    span = arrived[-1] - arrived[0] if len(arrived) > 1 else 0
    return {"events": count, "arrived": len(arrived), "left_unpublished": pending,
            "per_second": round((len(arrived) - 1) / span, 1) if span else None,
            "first_arrival_s": round(arrived[0] - committed, 2) if arrived else None,
            "last_arrival_s": round(arrived[-1] - committed, 2) if arrived else None}
