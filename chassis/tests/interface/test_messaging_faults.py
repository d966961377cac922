"""A service outlives a broker restart and bad messages, and never runs a call its caller gave up on:
real containers, a real broker (a node of the test's own where the broker is taken away)."""

import json
import time

import eventlet
import pytest
from nameko.exceptions import RpcTimeout
from sqlalchemy.exc import IntegrityError

from chassis.errors import ServiceUnavailable
from chassis.messaging import DEADLINE_HEADER, ClusterRpcProxy, RpcProxy, event_handler, now_ms, rpc
from devtools.testing import dead_letters, eventually, publish_raw, waiting_in

#: what "serves again within seconds" means: from the broker's return to the first answer
RECOVERY_BOUND = 10.0
#: long enough for every connection to notice the broker is gone
OUTAGE_SECONDS = 3.0
REQUEST = json.dumps({"args": [], "kwargs": {}}).encode()
JSON = {"content_type": "application/json", "content_encoding": "utf-8"}


class Ledger:
    """A service of the test's own: records what it is asked, in order; ``hold`` answers once released."""

    name = "ledger"
    entries, tries = [], []
    holding = release = None

    @rpc
    def record(self, entry):
        Ledger.entries.append(entry)
        return entry

    @rpc
    def hold(self):
        if not Ledger.holding.ready():  # a request in hand when the broker went away is delivered again
            Ledger.holding.send(True)
        Ledger.release.wait()
        return "late answer"

    @event_handler("identity_svc", "person_updated")
    def handle_person_updated(self, envelope):
        Ledger.entries.append(envelope["data"]["person_id"])

    @event_handler("identity_svc", "person_registered")
    def handle_person_registered(self, envelope):
        Ledger.tries.append(envelope["data"]["person_id"])
        if len(Ledger.tries) < 3:  # as when a concurrent handler inserted the same row first
            raise IntegrityError("INSERT INTO known_persons …", {}, UniqueViolation())
        Ledger.entries.append(envelope["data"]["person_id"])


class UniqueViolation(Exception):
    pgcode = "23505"


class Forwarder:
    """Asks the ledger on its caller's behalf, as one service asks another."""

    name = "forwarder"
    ledger = RpcProxy("ledger")

    @rpc
    def forward(self, entry):
        try:
            return self.ledger.record(entry)
        except ServiceUnavailable:
            return "the ledger did not answer"


@pytest.fixture
def run_ledger(run_container):
    Ledger.entries, Ledger.tries = [], []
    Ledger.holding, Ledger.release = eventlet.event.Event(), eventlet.event.Event()
    return lambda amqp_uri: run_container(Ledger, {"AMQP_URI": amqp_uri})


def answer(amqp_uri, service, method, *args, timeout=15):
    """What ``service.method(*args)`` answers, through a fresh standalone proxy; any failure to reach the
    broker is an ``AssertionError``, so ``eventually`` tries again."""
    try:
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=timeout) as proxy:
            return getattr(proxy[service], method)(*args)
    except (OSError, RpcTimeout, ConnectionError) as error:
        raise AssertionError(f"{service}.{method} did not answer: {error!r}") from error


def alive(container):
    return not container._died.ready()


def assert_idle(container):
    assert not container._worker_threads, f"{len(container._worker_threads)} workers still running"


def assert_equal(found, expected):
    assert found == expected, found


# -- 1. no service dies of a broker restart ------------------------------------------------------


def recovery_seconds(amqp_uri, service, method, *args):
    started = time.monotonic()
    eventually(lambda: answer(amqp_uri, service, method, *args, timeout=5), timeout=60, interval=0.2)
    return time.monotonic() - started


def test_a_service_serves_again_within_seconds_of_a_broker_restart(broker_node, run_service):
    container = run_service("identity_svc", amqp_uri=broker_node.amqp_uri)
    assert answer(broker_node.amqp_uri, "identity_svc", "health")["status"] == "ok"

    with broker_node.outage():
        time.sleep(OUTAGE_SECONDS)

    assert recovery_seconds(broker_node.amqp_uri, "identity_svc", "health") < RECOVERY_BOUND
    assert alive(container)


def test_a_reply_that_cannot_be_published_does_not_kill_the_service(broker_node, run_ledger):
    container = run_ledger(broker_node.amqp_uri)
    caller = eventlet.spawn(answer, broker_node.amqp_uri, "ledger", "hold")
    Ledger.holding.wait()

    with broker_node.outage():
        Ledger.release.send(True)
        # the worker tries to publish its reply, gives up, and ends: Nameko killed the container here
        eventually(lambda: assert_idle(container), timeout=60)
        assert alive(container)
    caller.kill()  # whatever it heard: the request it made may be delivered again, and answered

    assert recovery_seconds(broker_node.amqp_uri, "ledger", "record", "after the restart") < RECOVERY_BOUND
    assert alive(container) and Ledger.entries == ["after the restart"]


# -- 2. poison messages are rejected, never fatal ---------------------------------------------------

POISON_REQUESTS = {
    # routing key, body, properties -> the reason it is refused
    ("identity_svc.health", REQUEST, (("reply_to", "nobody"),)): "no content type",
    ("identity_svc.health", REQUEST, tuple(JSON.items())): "no reply-to",
    ("identity_svc.health", b"{not json", (*JSON.items(), ("reply_to", "nobody"))): "undecodable body",
    ("identity_svc.health", b"[1, 2]", (*JSON.items(), ("reply_to", "nobody"))): "body is not a request",
    ("identity_svc.no_such_method", REQUEST, (*JSON.items(), ("reply_to", "nobody"))): "unknown method",
}


def wait_for_letters(amqp_uri, service, count):
    def arrived():
        letters = dead_letters(amqp_uri, service)
        assert len(letters) >= count, f"{len(letters)} of {count} dead letters"
        return letters

    return eventually(arrived, timeout=30, interval=0.2)


def refused_once(letters, expected):
    """Each message of ``expected`` (reason: (routing key, body)) is in ``letters`` once, as it was sent, with
    its reason: none was requeued to fail again."""
    found = sorted((reason, headers["x-original-routing-key"], body) for reason, headers, body in letters)
    assert len(found) == len(expected), found
    for (reason, routing_key, body), (expected_reason, sent) in zip(found, sorted(expected.items()), strict=True):
        assert reason.startswith(expected_reason) and (routing_key, body) == sent, (reason, expected_reason)
    return True


def test_poison_requests_go_to_the_dead_letter_queue_and_the_service_answers_on(own_bus, run_service):
    container = run_service("identity_svc", amqp_uri=own_bus)
    for routing_key, body, properties in POISON_REQUESTS:
        publish_raw(own_bus, routing_key, body, **dict(properties))

    letters = wait_for_letters(own_bus, "identity_svc", len(POISON_REQUESTS))
    health = answer(own_bus, "identity_svc", "health")

    assert refused_once(letters, {reason: (routing_key, body)
                                  for (routing_key, body, _), reason in POISON_REQUESTS.items()})
    assert (health["status"], health["dead_letters"]) == ("ok", {"queue": "identity_svc.dead-letters", "count": 5})
    assert waiting_in(own_bus, "rpc-identity_svc") == 0
    assert alive(container)


def envelope(data):
    return json.dumps({"event_id": "7a3e5d2c-0000-4000-8000-000000000001", "event_type": "person_updated",
                       "schema_version": 1, "occurred_at": "2026-11-30T08:00:00+00:00",
                       "producer": "identity_svc", "data": data}).encode()


POISON_EVENTS = {
    (envelope({"person_id": 1}), ()): "no content type",
    (b"{not json", tuple(JSON.items())): "undecodable body",
    (json.dumps({"person_id": 1}).encode(), tuple(JSON.items())): "body is not an event envelope",
    (envelope({}), tuple(JSON.items())): "handle_person_updated failed: KeyError",
}


def test_poison_events_go_to_the_dead_letter_queue_and_the_handler_goes_on(own_bus, run_ledger):
    container = run_ledger(own_bus)
    for body, properties in POISON_EVENTS:
        publish_raw(own_bus, "person_updated", body, exchange="identity_svc.events", **dict(properties))
    publish_raw(own_bus, "person_updated", envelope({"person_id": 42}), exchange="identity_svc.events", **JSON)

    letters = wait_for_letters(own_bus, "ledger", len(POISON_EVENTS))
    eventually(lambda: assert_equal(Ledger.entries, [42]), timeout=30)

    assert refused_once(letters, {reason: ("person_updated", body) for (body, _), reason in POISON_EVENTS.items()})
    assert waiting_in(own_bus, "evt-identity_svc-person_updated--ledger.handle_person_updated") == 0
    assert alive(container)


def test_an_event_whose_handler_lost_a_race_on_a_row_is_handled_again(own_bus, run_ledger):
    container = run_ledger(own_bus)
    publish_raw(own_bus, "person_registered", envelope({"person_id": 7}), exchange="identity_svc.events", **JSON)

    eventually(lambda: assert_equal(Ledger.entries, [7]), timeout=30)
    assert Ledger.tries == [7, 7, 7]
    assert dead_letters(own_bus, "ledger") == []
    assert alive(container)


def test_a_service_counts_the_events_it_refused_in_its_health(own_bus, run_service):
    container = run_service("siteaccess_svc", amqp_uri=own_bus)
    for body, properties in POISON_EVENTS:
        publish_raw(own_bus, "person_updated", body, exchange="identity_svc.events", **dict(properties))

    letters = wait_for_letters(own_bus, "siteaccess_svc", len(POISON_EVENTS))

    assert refused_once(letters, {reason: ("person_updated", body) for (body, _), reason in POISON_EVENTS.items()})
    health = answer(own_bus, "siteaccess_svc", "health")
    assert (health["status"], health["dead_letters"]) == (
        "ok", {"queue": "siteaccess_svc.dead-letters", "count": len(POISON_EVENTS)})
    assert waiting_in(own_bus, "evt-identity_svc-person_updated--siteaccess_svc.handle_person_updated") == 0
    assert alive(container)


# -- 3a. stale calls never run late ---------------------------------------------------------------


def test_a_call_its_caller_gave_up_on_expires_in_the_queue_and_never_runs(own_bus, run_ledger):
    run_ledger(own_bus).kill()  # its queue stays, with nobody to take what arrives
    with pytest.raises(RpcTimeout), ClusterRpcProxy({"AMQP_URI": own_bus}, timeout=1) as proxy:
        proxy.ledger.record("given up on")
    eventually(lambda: assert_equal(waiting_in(own_bus, "rpc-ledger"), 0), timeout=30)  # the broker dropped it

    run_ledger(own_bus)
    assert answer(own_bus, "ledger", "record", "asked now") == "asked now"
    assert Ledger.entries == ["asked now"]


def test_a_request_taken_off_the_queue_after_its_deadline_is_not_run(own_bus, run_ledger):
    run_ledger(own_bus).kill()
    # no AMQP expiration: a queue drops expired messages only at its head, so the service checks too
    publish_raw(own_bus, "ledger.record", json.dumps({"args": ["too late"], "kwargs": {}}).encode(),
                reply_to="nobody", headers={DEADLINE_HEADER: now_ms() - 1}, **JSON)

    run_ledger(own_bus)
    assert answer(own_bus, "ledger", "record", "in time") == "in time"
    assert Ledger.entries == ["in time"]
    assert waiting_in(own_bus, "rpc-ledger") == 0


def test_a_service_waits_for_another_only_until_its_timeout_and_its_call_expires(own_bus, run_ledger,
                                                                                  run_container):
    run_ledger(own_bus).kill()
    run_container(Forwarder, {"AMQP_URI": own_bus, "RPC_TIMEOUT": 1})
    assert answer(own_bus, "forwarder", "forward", "given up on") == "the ledger did not answer"
    eventually(lambda: assert_equal(waiting_in(own_bus, "rpc-ledger"), 0), timeout=30)

    run_ledger(own_bus)
    assert answer(own_bus, "forwarder", "forward", "asked now") == "asked now"
    assert Ledger.entries == ["asked now"]
