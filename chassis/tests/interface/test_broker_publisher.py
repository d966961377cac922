"""The relay's publisher on the test bus: a batch sent without waiting between events, confirmed by the broker, and
counted from the first; a refused event stops the count before it."""

import uuid

import pytest
from kombu import Connection, Exchange, Queue

from chassis.events import make_envelope
from chassis.outbox import BrokerPublisher, MessageNacked
from devtools.testing import REAL


def envelopes(count):
    return [(make_envelope("thing_happened", "source_svc", {"n": n}), "thing_happened") for n in range(count)]


@pytest.fixture
def exchange_and_queue(bus_uri):
    """``(exchange, declare_queue(**arguments))``: a fresh topic exchange and the queues bound to it, read back with
    ``drained(queue)``."""
    exchange = Exchange(f"test_events_{uuid.uuid4().hex[:8]}", type="topic", durable=True)
    connection = Connection(bus_uri)
    declared = []

    def declare_queue(**arguments):
        queue = Queue(f"test_subscriber_{uuid.uuid4().hex[:8]}", exchange=exchange, routing_key="#",
                      queue_arguments=arguments or None)
        queue(connection.channel()).declare()
        declared.append(queue)
        return queue

    exchange(connection.channel()).declare()
    yield exchange, declare_queue, connection
    for queue in declared:
        queue(connection.channel()).delete()
    exchange(connection.channel()).delete()
    connection.release()


def drained(connection, queue):
    received = []
    bound = queue(connection.channel())
    while (message := bound.get(no_ack=True)) is not None:
        received.append(message.payload["data"]["n"])
    return received


def test_a_batch_is_confirmed_whole_and_arrives_in_order(bus_uri, exchange_and_queue):
    exchange, declare_queue, connection = exchange_and_queue
    queue = declare_queue()
    publisher = BrokerPublisher(bus_uri, exchange)
    try:
        counts = list(publisher.publish_in_order(envelopes(50)))
        publisher.publish(*envelopes(51)[50])  # one alone, on the same channel
    finally:
        publisher.close()
    assert counts == sorted(counts) and counts[-1] == 50
    assert drained(connection, queue) == list(range(51))


@pytest.mark.skipif(not REAL, reason="an in-process bus has no confirms to refuse")
def test_a_refused_event_stops_the_count_before_it(bus_uri, exchange_and_queue):
    exchange, declare_queue, connection = exchange_and_queue
    queue = declare_queue(**{"x-max-length": 3, "x-overflow": "reject-publish"})  # a full queue nacks
    publisher = BrokerPublisher(bus_uri, exchange)
    counts = []
    try:
        with pytest.raises(MessageNacked):
            for count in publisher.publish_in_order(envelopes(5)):
                counts.append(count)
        assert counts[-1] == 3
        drained(connection, queue)
        # what was refused is published again (on a fresh channel), and confirmed
        assert list(publisher.publish_in_order(envelopes(5)[3:]))[-1] == 2
    finally:
        publisher.close()
    assert drained(connection, queue) == [3, 4]
