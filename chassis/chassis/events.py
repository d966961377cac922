"""The event envelope every service publishes, and idempotent handling of it.

Envelope: ``event_id`` (UUID), ``event_type`` (a past-tense fact),
``schema_version``, ``occurred_at`` (ISO 8601, UTC), ``producer`` (the
service name), ``correlation_id`` (the id of the gateway request that caused
it, carried on by the handlers of events it caused; null for a change no
request asked for), ``data`` (plain JSON: internal ids and masked personal
data only). Any AMQP client can consume it from the ``<producer>.events`` topic
exchange with the event type as routing key.
"""

import datetime as dt
import uuid

from sqlalchemy import DateTime, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow():
    return dt.datetime.now(dt.UTC)


def make_envelope(event_type: str, producer: str, data: dict, schema_version: int = 1,
                  correlation_id: str | None = None) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "schema_version": schema_version,
        "occurred_at": utcnow().isoformat(),
        "producer": producer,
        "correlation_id": correlation_id,
        "data": data,
    }


class ProcessedEventMixin:
    """Events a handler has already applied, so a redelivery changes nothing."""

    @declared_attr.directive
    def __tablename__(cls):
        return "processed_events"

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("event_id", "handler", name="uq_processed_event_handler"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36))
    handler: Mapped[str] = mapped_column(String(120))
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def first_delivery(session, processed_model, envelope: dict, handler: str) -> bool:
    """Records that ``handler`` applies ``envelope`` in this transaction; False if it already did."""
    seen = session.scalar(
        select(processed_model.id).where(
            processed_model.event_id == envelope["event_id"], processed_model.handler == handler
        )
    )
    if seen is not None:
        return False
    session.add(processed_model(event_id=envelope["event_id"], handler=handler))
    session.flush()
    return True
