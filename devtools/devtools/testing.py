"""Shared pytest fixtures: one conftest for every service, not a copy per service.

``PLATFORM_TEST_BACKEND=real`` (what CI runs) puts services on RabbitMQ and
each test database on PostgreSQL; ``embedded`` uses the in-process bus and
SQLite files. ``bin/tests`` chooses and says which.
"""

import contextlib
import importlib
import os
import shutil
import subprocess
import time
import uuid

import pytest

from devtools.launcher import (
    DEFAULT_AMQP_URI,
    DEFAULT_POSTGRES_ADMIN_URL,
    create_postgres_database,
    drop_postgres_database,
)

BACKEND = os.environ.get("PLATFORM_TEST_BACKEND", "embedded")
REAL = BACKEND == "real"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", DEFAULT_POSTGRES_ADMIN_URL)


def pytest_report_header(config):
    return f"platform test backend: {BACKEND} " + (
        "(RabbitMQ + PostgreSQL)" if REAL else "(in-process bus + SQLite)"
    )


@pytest.fixture(scope="session", autouse=True)
def personal_data_keys():
    """Fresh encryption keys for the test session, as an installation would have."""
    from chassis.pii import SETTING_NAMES, generate_settings

    saved = {key: os.environ.get(key) for key in SETTING_NAMES}
    os.environ.update(generate_settings())
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def rabbitmqctl(*arguments):
    subprocess.run([shutil.which("rabbitmqctl"), "-q", *arguments], check=True, capture_output=True, timeout=60)


@contextlib.contextmanager
def private_bus():
    """A RabbitMQ virtual host of its own, when ``rabbitmqctl`` is at hand: two runs on one broker, or the
    whole platform beside a single service under test, never take each other's calls off the shared
    queue names (``rpc-identity_svc``)."""
    configured = os.environ.get("AMQP_URI", DEFAULT_AMQP_URI)
    if shutil.which("rabbitmqctl") is None:
        yield configured
        return
    vhost = f"test_{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    try:
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield configured.rsplit("/", 1)[0] + "/" + vhost
    finally:
        rabbitmqctl("delete_vhost", vhost)


@pytest.fixture(scope="session")
def bus_uri():
    """The bus the services under test (one container each) are started on."""
    if not REAL:
        import chassis.embedded_bus  # noqa: F401  registers embedded://

        yield "embedded://localhost/"
        return
    with private_bus() as uri:
        yield uri


@pytest.fixture
def database_url(tmp_path):
    """A new empty database per test: ``database_url('identity_svc')``."""
    created = []

    def make(component):
        if not REAL:
            return f"sqlite:///{tmp_path}/{component}.db"
        name = f"test_{component}_{uuid.uuid4().hex[:8]}"
        created.append(name)
        return create_postgres_database(POSTGRES_ADMIN_URL, name)

    yield make
    for name in created:
        drop_postgres_database(POSTGRES_ADMIN_URL, name)


@pytest.fixture
def service_config(bus_uri, database_url):
    """The service's own config.yaml, pointed at the test bus and a fresh, migrated database."""
    from chassis.config import load_config
    from chassis.migrate import service_root, upgrade

    def make(service, url=None, amqp_uri=None):
        url = url or database_url(service)
        upgrade(service, url)
        config = load_config(service_root(service) / "config.yaml")
        config.update(AMQP_URI=amqp_uri or bus_uri, DB_URL=url)
        config.pop("LOGGING", None)
        return config

    return make


@pytest.fixture
def run_container():
    """Starts a real Nameko container of any service class: ``run_container(ServiceClass, config)``; each is
    killed after the test (its database is thrown away: no graceful stop, which waits ~2 s on its consumers)."""
    from nameko.containers import ServiceContainer

    containers = []

    def start(service_class, config):
        container = ServiceContainer(service_class, config)
        container.start()
        containers.append(container)
        return container

    yield start
    for container in containers:
        container.kill()
    for container in containers:
        forget_queues(container)


def forget_queues(container):
    """Deletes the durable queues a killed container consumed from (its RPC and event queues, its dead
    letters): the test bus outlives the test, and what a killed container had not acknowledged would be
    delivered to the next test's container of the same service, whose database has never heard of it."""
    from kombu import Connection, Queue

    uri = container.config.get("AMQP_URI", "")
    if not uri.startswith("amqp"):
        return
    queues = {extension.queue.name for extension in container.extensions
              if isinstance(getattr(extension, "queue", None), Queue)}
    with Connection(uri) as connection:
        channel = connection.default_channel
        for name in queues:
            channel.queue_delete(name)


@pytest.fixture
def run_service(service_config, run_container):
    """Starts a real Nameko container of a service: ``run_service('identity_svc')``, on a fresh database
    or on the one at ``url``, on the test bus or the broker at ``amqp_uri``."""

    def start(service, url=None, amqp_uri=None):
        module = importlib.import_module(f"{service}.service")
        service_class = next(
            value for value in vars(module).values()
            if isinstance(value, type) and getattr(value, "name", None) == service
        )
        return run_container(service_class, service_config(service, url, amqp_uri))

    yield start
    if not REAL:
        from chassis import embedded_bus

        embedded_bus.reset()


@pytest.fixture
def rpc_as(bus_uri):
    """An RPC proxy carrying a caller's identity: ``rpc_as(Caller(...)).identity_svc.get_person(1)``, and any
    other context data (``rpc_as(caller, idempotency_key="…")``)."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from chassis.caller import CONTEXT_KEY

    started = []

    def make(caller=None, timeout=10, **context_data):
        if caller:
            context_data[CONTEXT_KEY] = caller.to_context()
        standalone = ClusterRpcProxy(
            {"AMQP_URI": bus_uri},
            context_data=context_data or None,
            timeout=timeout,
        )
        started.append(standalone)
        return standalone.start()

    yield make
    for standalone in started:
        standalone.stop()


@pytest.fixture
def json_lines():
    """What this process logs during the test, through the platform's JSON-lines format (chassis.logs), at INFO
    and above: ``json_lines()`` is the list of parsed lines so far."""
    import io
    import json
    import logging

    from chassis.logs import ConsoleHandler, JsonLinesFormatter

    stream = io.StringIO()
    handler = ConsoleHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(saved_level)


@pytest.fixture
def own_bus():
    """A RabbitMQ virtual host of this test's own, for tests that count what lands in a queue. Real backend
    only."""
    with private_bus() as uri:
        yield uri


@pytest.fixture(scope="session")
def broker_node():
    """A RabbitMQ node of the test session's own (``devtools.broker.BrokerNode``), for tests that take the
    broker away: never the shared one. Real backend only."""
    from devtools.broker import BrokerNode

    with BrokerNode() as node:
        yield node


def pytest_collection_modifyitems(config, items):
    if REAL:
        return
    # the in-process bus has no broker to take away, nor the message properties a poison message lacks
    kept = [item for item in items if not {"broker_node", "own_bus"} & set(item.fixturenames)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def eventually(check, timeout=10.0, interval=0.1):
    """What ``check`` returns once it stops failing its assertions, trying again until ``timeout`` seconds:
    for what the platform does after answering (an event handled, a projection updated).

        eventually(lambda: assert_roster_shows("新名字"))

    The last ``AssertionError`` is raised when the time is up.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(interval)


class EventSubscriber:
    """A subscriber outside the platform, with plain kombu (not Nameko), bound to a service's events
    exchange (``<service>.events``, every routing key): what any AMQP consumer receives."""

    def __init__(self, bus_uri, service):
        from kombu import Connection, Exchange, Queue

        self.received = []
        self.connection = Connection(bus_uri)
        queue = Queue(f"test-subscriber-{service}-{uuid.uuid4().hex[:8]}",
                      Exchange(f"{service}.events", type="topic", durable=True),
                      routing_key="#", exclusive=True, auto_delete=True)
        self.consumer = self.connection.Consumer(queue, callbacks=[self._receive], accept=["json"])
        self.consumer.consume()

    def _receive(self, body, message):
        self.received.append(body)
        message.ack()

    def wait_for(self, count, timeout=10.0):
        """The envelopes received so far, once there are at least ``count`` of them."""

        def enough():
            with contextlib.suppress(TimeoutError):
                self.connection.drain_events(timeout=0.2)
            assert len(self.received) >= count, f"{len(self.received)} of {count} events received"
            return list(self.received)

        return eventually(enough, timeout, interval=0)

    def close(self):
        self.consumer.cancel()
        self.connection.release()


@pytest.fixture
def subscribe(bus_uri):
    """``events = subscribe("identity_svc")`` binds a subscriber before the test acts;
    ``events.wait_for(2)`` gives the first two envelopes published."""
    subscribers = []

    def make(service):
        subscriber = EventSubscriber(bus_uri, service)
        subscribers.append(subscriber)
        return subscriber

    yield make
    for subscriber in subscribers:
        subscriber.close()


@pytest.fixture
def cuttable_database(database_url):
    """A fresh PostgreSQL database reached through a proxy the test can cut (``proxy.cut()``, ``.restore()``):
    ``url, proxy = cuttable_database('identity_svc')``. The shared server never stops."""
    from devtools.tcp_proxy import CuttableProxy

    proxies = []

    def make(component):
        url = database_url(component)
        proxy = CuttableProxy.to_url(url).start()
        proxies.append(proxy)
        return proxy.url_for(url), proxy

    yield make
    for proxy in proxies:
        proxy.stop()


def publish_raw(bus_uri, routing_key, body: bytes, exchange="nameko-rpc", content_type=None,
                content_encoding=None, headers=None, **properties):
    """Publishes ``body`` with exactly the given properties (``reply_to=…``) and no others, as any AMQP
    client might (kombu's producer would add a content type)."""
    from kombu import Connection

    with Connection(bus_uri) as connection:
        channel = connection.default_channel
        message = channel.prepare_message(body, content_type=content_type, content_encoding=content_encoding,
                                          headers=headers, properties=properties)
        channel.basic_publish(message, exchange=exchange, routing_key=routing_key)


def waiting_in(bus_uri, queue_name) -> int:
    """How many messages wait (ready, not being handled) in a durable queue."""
    from kombu import Connection, Queue

    with Connection(bus_uri) as connection:
        return Queue(queue_name, durable=True)(connection.default_channel).queue_declare().message_count


def dead_letters(bus_uri, service):
    """``[(reason, headers, body)]`` of what waits in the service's dead-letter queue; they stay there."""
    from kombu import Connection, Queue

    from chassis.messaging import DEAD_LETTER_QUEUE_TEMPLATE, REASON_HEADER

    letters = []
    with Connection(bus_uri) as connection:
        queue = Queue(DEAD_LETTER_QUEUE_TEMPLATE.format(service), durable=True)(connection.default_channel)
        queue.declare()
        while (message := queue.get(no_ack=False)) is not None:
            body = message.body.encode() if isinstance(message.body, str) else message.body  # py-amqp decodes
            letters.append((message.headers[REASON_HEADER], message.headers, body))
    # unacknowledged, they go back to the queue as the connection closes
    return letters
