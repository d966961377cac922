"""Transactional outbox: events are rows written with the change they describe.

A worker calls ``self.outbox.add(event_type, data)`` inside its
``db.transaction()``; the row commits or rolls back with the change. A relay
green thread then publishes pending rows to RabbitMQ with publisher confirms,
so a crash can neither lose an event nor publish one for a rolled-back change.

A sweep publishes a batch of rows without waiting between them, and marks
rows published as their confirms arrive (the broker acks many at once), each
mark a commit of its own: a relay that dies (an exception, ``kill -9``)
publishes again only the events whose confirms it had not yet recorded. Delivery is therefore at
least once, and handlers dedupe by ``event_id``. Replicas of a service share
the table and take turns (a PostgreSQL advisory lock held for one sweep): one
relay publishes at a time, in the order the rows were written.
"""

import contextlib
import datetime as dt
import logging
import zlib

import eventlet
from eventlet.queue import Empty, LightQueue
from kombu import Connection
from nameko.extensions import DependencyProvider
from nameko.standalone.events import get_event_exchange
from sqlalchemy import JSON, DateTime, String, insert, select, text, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from chassis.events import make_envelope, utcnow
from chassis.logs import REQUEST_ID_KEY, bound

log = logging.getLogger(__name__)

#: the advisory lock a relay holds for its turn; each service has a database (and an outbox table) of its own
RELAY_TURN_LOCK = zlib.crc32(b"chassis.outbox.relay")
#: how soon a relay asks again for a turn another replica holds
TURN_WAIT_S = 0.05


class OutboxRecordMixin:
    @declared_attr.directive
    def __tablename__(cls):
        return "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    event_type: Mapped[str] = mapped_column(String(80))
    envelope: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class OutboxWriter:
    def __init__(self, worker_database, record_model, producer, correlation_id=None):
        self._database = worker_database
        self._record_model = record_model
        self._producer = producer
        self._correlation_id = correlation_id
        self.added = 0

    def add(self, event_type: str, data: dict, schema_version: int = 1) -> dict:
        envelope = make_envelope(event_type, self._producer, data, schema_version, self._correlation_id)
        self._database.session.add(
            self._record_model(
                event_id=envelope["event_id"], event_type=event_type, envelope=envelope
            )
        )
        self.added += 1
        return envelope

    def add_many(self, event_type: str, datas: list[dict], schema_version: int = 1):
        """One event per item of ``datas``, written in one multi-row INSERT (a bulk import's events: adding
        100,000 records one by one to the session took a third of the import's time)."""
        if not datas:
            return
        created_at = utcnow()
        rows = []
        for data in datas:
            envelope = make_envelope(event_type, self._producer, data, schema_version, self._correlation_id)
            rows.append({"event_id": envelope["event_id"], "event_type": event_type, "envelope": envelope,
                         "created_at": created_at})
        # Core's executemany, not the ORM's bulk insert: the rows need nothing of the ORM
        self._database.session.execute(insert(self._record_model.__table__), rows)
        self.added += len(rows)


class MessageNacked(Exception):
    """The broker refused to take an event (a negative confirm): it and those after it are published again."""


class BrokerPublisher:
    """Publishes envelopes to a service's events exchange, in order, on one channel with publisher confirms.

    ``publish_in_order`` sends a batch without waiting between events and then waits for the broker's confirms,
    which arrive as acks of many at once: one round trip a batch, not one an event (the relay's rate on the
    two-core development machine went from about 1,000 events/s to about 4,000, bin/bench_outbox.py). On an
    in-process bus (``embedded://``, no confirms) a publish that returns is delivered."""

    #: seconds to wait for the next confirm before the connection counts as broken (the sweep then retries)
    confirm_timeout = 10

    def __init__(self, amqp_uri, exchange):
        self.amqp_uri = amqp_uri
        self.exchange = exchange
        self.connection = self.channel = self.producer = None

    def _open(self):
        self.connection = Connection(self.amqp_uri)
        self.channel = self.connection.channel()
        self.confirms = self.connection.transport.driver_type == "amqp"
        self.sent, self.unconfirmed, self.refused = 0, set(), None
        if self.confirms:
            self.channel.confirm_select()
            self.channel.events["basic_ack"].add(self._acked)
            self.channel.events["basic_nack"].add(self._nacked)
        self.producer = self.connection.Producer(self.channel, exchange=self.exchange)
        self.exchange(self.channel).declare()

    def _acked(self, delivery_tag, multiple):
        if multiple:
            self.unconfirmed = {tag for tag in self.unconfirmed if tag > delivery_tag}
        else:
            self.unconfirmed.discard(delivery_tag)

    def _nacked(self, delivery_tag, multiple):
        self._acked(delivery_tag, multiple)
        self.refused = delivery_tag if self.refused is None else min(self.refused, delivery_tag)

    def publish_in_order(self, events):
        """Publishes ``events`` (``(envelope, event_type)`` pairs) and yields, as confirms arrive, how many of them,
        from the first, the broker has confirmed; raises MessageNacked after the last one confirmed before a
        refused one, and the connection's error when it breaks (nothing after the last count yielded counts as
        confirmed then). Either way the caller publishes the rest again."""
        if self.connection is None:
            self._open()
        tags = []
        for envelope, event_type in events:
            correlation_id = envelope.get("correlation_id")
            self.producer.publish(
                envelope, routing_key=event_type, serializer="json", delivery_mode=2, retry=False,
                # Nameko handlers of the event carry the request on: their logs and their own events name it
                headers={f"nameko.{REQUEST_ID_KEY}": correlation_id} if correlation_id else {})
            self.sent += 1
            tags.append(self.sent)
            if self.confirms:
                self.unconfirmed.add(self.sent)
            else:
                yield len(tags)
        confirmed = 0
        while confirmed < len(tags):
            if tags[confirmed] in self.unconfirmed:
                self.connection.drain_events(timeout=self.confirm_timeout)
            before = confirmed
            while confirmed < len(tags) and tags[confirmed] not in self.unconfirmed and (
                    self.refused is None or tags[confirmed] < self.refused):
                confirmed += 1
            if confirmed > before:
                yield confirmed
            if self.refused is not None and confirmed < len(tags) and tags[confirmed] >= self.refused:
                self.close()  # a fresh channel next time: no confirm of this batch is waited for there
                raise MessageNacked(f"the broker refused event {confirmed + 1} of {len(tags)}")

    def publish(self, envelope: dict, event_type: str):
        """One event, confirmed by the broker before this returns."""
        for _ in self.publish_in_order([(envelope, event_type)]):
            pass

    def close(self):
        if self.connection is not None:
            try:
                self.connection.release()
            finally:
                self.connection = self.channel = self.producer = None


class OutboxRelay:
    """Publishes pending rows of one outbox table in order, recording each as published once it is confirmed."""

    def __init__(self, engine, record_model, publisher, write_lock=None):
        self.engine = engine
        self.table = record_model.__table__
        self.publisher = publisher
        # SQLite allows one writer: the service's own writers share this lock with the relay
        self.write_lock = write_lock or contextlib.nullcontext()
        self.takes_turns = engine.dialect.name == "postgresql"

    def relay_pending(self, limit: int) -> int | None:
        """Publishes up to ``limit`` unsent events in order; returns how many, or None: another replica's turn."""
        # each statement commits by itself: one round trip to record a confirmed event, not three
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if not self._take_turn(connection):
                return None
            try:
                pending = connection.execute(
                    select(self.table.c.id, self.table.c.event_type, self.table.c.envelope)
                    .where(self.table.c.published_at.is_(None))
                    .order_by(self.table.c.id)
                    .limit(limit)
                ).all()
                marked = 0
                for confirmed in self.publisher.publish_in_order((row.envelope, row.event_type) for row in pending):
                    with self.write_lock:
                        connection.execute(update(self.table).where(
                            self.table.c.id.in_([row.id for row in pending[marked:confirmed]]))
                            .values(published_at=utcnow()))
                    marked = confirmed
                return len(pending)
            finally:
                self._end_turn(connection)

    def _take_turn(self, connection) -> bool:
        if not self.takes_turns:
            return True
        mine = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": RELAY_TURN_LOCK})
        if mine:
            # a mark lost to a PostgreSQL crash only republishes its event: no need to wait for the disk each time
            connection.execute(text("SET synchronous_commit TO off"))
        return mine

    def _end_turn(self, connection):
        if not self.takes_turns:
            return
        try:
            connection.execute(text("RESET synchronous_commit"))
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": RELAY_TURN_LOCK})
        except Exception:
            # a session that cannot say it is done is closed instead, which ends its turn too
            log.warning("outbox relay could not end its turn cleanly; closing its connection", exc_info=True)
            connection.invalidate()


class Outbox(DependencyProvider):
    """``outbox = Outbox(OutboxRecord)``; uses the service's ``db`` dependency."""

    batch_size = 200

    def __init__(self, record_model, database_attr="db", sweep_interval=1.0):
        self.record_model = record_model
        self.database_attr = database_attr
        self.sweep_interval = sweep_interval
        self.writers = {}

    def setup(self):
        self.database = next(
            provider
            for provider in self.container.dependencies
            if getattr(provider, "attr_name", None) == self.database_attr
        )
        self.publisher = BrokerPublisher(
            self.container.config["AMQP_URI"],
            get_event_exchange(self.container.service_name, self.container.config),
        )
        self.wakeups = LightQueue()
        self.running = False

    def start(self):
        # the database's engine exists once every extension is set up
        self.relay = OutboxRelay(self.database.engine, self.record_model, self.publisher, self.database.write_lock)
        self.running = True
        self.container.spawn_managed_thread(self._relay_forever)

    def stop(self):
        self.running = False
        self.wakeups.put(None)

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        worker_database = self.database.get_dependency(worker_ctx)
        writer = OutboxWriter(worker_database, self.record_model, self.container.service_name,
                              worker_ctx.data.get(REQUEST_ID_KEY))
        self.writers[worker_ctx] = writer
        return writer

    def worker_teardown(self, worker_ctx):
        writer = self.writers.pop(worker_ctx, None)
        if writer is not None and writer.added:
            self.wakeups.put(None)

    def _relay_forever(self):
        with bound(service=self.container.service_name):
            while self.running:
                try:
                    self.wakeups.get(timeout=self.sweep_interval)
                    # one sweep serves every commit that asked for one meanwhile
                    while True:
                        self.wakeups.get_nowait()
                except Empty:
                    pass
                try:
                    self._sweep()
                except Exception:
                    log.exception("outbox relay failed; retrying in %.1fs", self.sweep_interval)
                    self.publisher.close()
                    eventlet.sleep(self.sweep_interval)
            self.publisher.close()

    def _sweep(self):
        while self.running:
            relayed = self.relay.relay_pending(self.batch_size)
            if relayed is None:
                # another replica is relaying: soon its turn ends, and this one's events may still be pending
                eventlet.sleep(TURN_WAIT_S)
            elif relayed < self.batch_size:
                # a short batch was everything pending; a commit since then has asked for another sweep
                return
