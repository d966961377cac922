"""Poison messages, published with plain AMQP (a py-amqp channel, no serializer) as a broken client would.

On each service's RPC queue (through Nameko's ``nameko-rpc`` exchange, to its ``health`` method): a
message without a content type, one without a reply-to, one whose body is not JSON. On each events
exchange, for every event some service handles: one without a content type, one not JSON.
"""

import importlib
import inspect
import json
import uuid

import amqp
from kombu import Connection
from nameko.events import EventHandler

RPC_EXCHANGE = "nameko-rpc"
CALL = json.dumps({"args": [], "kwargs": {}}).encode()
NOT_JSON = b"\xff\xfe{not json"
REPLIES = "faults.poison.replies"  # bound to nothing: what a service answers is dropped
#: one scenario each, so that the figures say which message does what
POISON_KINDS = ("RPC without content type", "RPC without reply-to", "RPC undecodable body", "undecodable events")


def rpc_poison(kind):
    """The message of ``kind`` for a service's RPC queue."""
    correlation_id = str(uuid.uuid4())
    return {
        "RPC without content type": lambda: amqp.Message(CALL, reply_to=REPLIES, correlation_id=correlation_id),
        "RPC without reply-to": lambda: amqp.Message(CALL, content_type="application/json",
                                                     content_encoding="utf-8", correlation_id=correlation_id),
        "RPC undecodable body": lambda: amqp.Message(NOT_JSON, content_type="application/json",
                                                     content_encoding="utf-8", reply_to=REPLIES,
                                                     correlation_id=correlation_id),
    }[kind]()


def handled_events(services):
    """``{(source service, event type)}`` that some service's ``@event_handler`` listens to."""
    handled = set()
    for service in services:
        module = importlib.import_module(f"{service}.service")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if getattr(cls, "name", None) != service:
                continue
            for _, method in inspect.getmembers(cls, inspect.isfunction):
                for entrypoint in getattr(method, "nameko_entrypoints", ()):
                    if isinstance(entrypoint, EventHandler):
                        handled.add((entrypoint.source_service, entrypoint.event_type))
    return handled


def event_poison(event_type):
    """``(what, message)``: an envelope without a content type, and a body that is not JSON."""
    envelope = json.dumps({"event_id": str(uuid.uuid4()), "event_type": event_type, "data": {}}).encode()
    return [
        ("no content type", amqp.Message(envelope)),
        ("undecodable body", amqp.Message(NOT_JSON, content_type="application/json", content_encoding="utf-8")),
    ]


def dead_letter_depths(connection, services):
    depths = {}
    for service in services:
        channel = connection.channel()
        try:
            _, depth, _ = channel.queue_declare(f"{service}.dead-letters", passive=True)
            depths[service] = depth
            channel.close()
        except amqp.exceptions.NotFound:
            depths[service] = None  # the broker closed the channel
    return depths


def publish_poison(amqp_uri, services, kind) -> list[str]:
    """Publishes the poison messages of ``kind`` (one of ``POISON_KINDS``); returns what was sent."""
    sent = []
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        if kind.startswith("RPC"):
            for service in services:
                channel.basic_publish(rpc_poison(kind), exchange=RPC_EXCHANGE, routing_key=f"{service}.health")
                sent.append(f"{service} RPC")
        else:
            for source, event_type in sorted(handled_events(services)):
                for what, message in event_poison(event_type):
                    channel.basic_publish(message, exchange=f"{source}.events", routing_key=event_type)
                    sent.append(f"{source}.events {event_type}: {what}")
        channel.close()
    return sent


def dead_letters(amqp_uri, services):
    """``{service: messages in <service>.dead-letters}``, ``None`` where the queue does not exist."""
    with Connection(amqp_uri) as connection:
        return dead_letter_depths(connection, services)
