"""Nameko's RPC and event entrypoints, made to outlive a broker restart, a bad message and a late call.

Every service imports ``rpc``, ``event_handler`` and ``RpcProxy`` from here, not from Nameko. What Nameko
2.14 does, and what changes:

* **A failed reply kills the service.** ``Rpc.handle_result`` → ``RpcConsumer.handle_result`` →
  ``Responder.send_response`` publishes the reply from the worker's green thread. While the broker is
  down that publish fails once kombu's retries are spent; the error leaves ``ServiceContainer._run_worker``,
  ``_handle_thread_exited`` takes any error that leaves a worker or managed thread for a bug and calls
  ``container.kill()``, and ``nameko run`` exits. Here a reply that cannot be published is logged and
  dropped (the caller has timed out or will), and the request is acknowledged if its channel still lives.
* **A malformed request kills it too, on every restart.** Without a content type or a ``reply_to``, the
  ``Responder`` raises ``KeyError`` reading ``message.properties`` (the first from the managed thread that
  dispatches the message, the second after the method has run), the container is killed, and the message,
  never acknowledged, is delivered to the next instance. Here such a message is not run: it goes to the
  service's dead-letter queue with the reason, as does one naming an unknown method, one whose body is not
  a request, and one kombu cannot decode (which kombu would acknowledge and drop).
* **An event handler that fails loses the event** (Nameko acknowledges it). Here it goes to the dead-letter
  queue with the error, as does a message that is not an event envelope.
* **A call runs however late it is taken off the queue**, after its caller answered 503. Here every request
  carries its caller's deadline (AMQP ``expiration``, and ``deadline`` in the context data, since RabbitMQ
  drops expired messages only at the head of a queue), and a request taken off the queue after it is not run.

Deadlines are wall-clock milliseconds since the epoch: the hosts' clocks must agree (NTP) to well within a
timeout.
"""

import contextlib
import logging
import sys
import time
from functools import partial

import eventlet
import kombu.serialization
from kombu import Queue
from nameko import events as nameko_events
from nameko import messaging as nameko_messaging
from nameko import rpc as nameko_rpc
from nameko.amqp.publish import Publisher, get_connection
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    HEADER_PREFIX,
    LOGIN_METHOD_CONFIG_KEY,
)
from nameko.exceptions import MalformedRequest, MethodNotFound, RpcTimeout
from nameko.extensions import DependencyProvider, SharedExtension
from nameko.standalone import rpc as nameko_standalone
from nameko.timer import Timer

from chassis.errors import ServiceUnavailable
from chassis.idempotency import IDEMPOTENCY_KEY, IdempotentCalls

log = logging.getLogger(__name__)

#: context data: when the caller stops waiting, in milliseconds since the epoch
DEADLINE_KEY = "deadline"
DEADLINE_HEADER = f"{HEADER_PREFIX}.{DEADLINE_KEY}"
#: how long a service waits for another service's answer when its own caller set no deadline
DEFAULT_RPC_TIMEOUT = 10.0
#: the header of a dead letter that says why it was refused
REASON_HEADER = "x-dead-letter-reason"
DEAD_LETTER_QUEUE_TEMPLATE = "{}.dead-letters"
#: the header counting an event's tries, and how many an event gets whose handler lost a race on a row
TRIES_HEADER = "x-tries"
EVENT_TRIES = 5


def now_ms() -> int:
    return int(time.time() * 1000)


def deadline_after(timeout: float, inherited=None) -> int:
    """The deadline of a call made now that waits ``timeout`` seconds, never later than the deadline of the
    call being served (``inherited``): an answer nobody waits for is not worth asking."""
    deadline = now_ms() + int(timeout * 1000)
    return min(deadline, int(inherited)) if inherited else deadline


def deadline_of(message):
    """The request's deadline, or None when its caller set none (a client that is not the platform's)."""
    try:
        return int((message.headers or {})[DEADLINE_HEADER])
    except (KeyError, TypeError, ValueError):
        return None


def connection_options(config) -> dict:
    return {"ssl": config.get(AMQP_SSL_CONFIG_KEY), "login_method": config.get(LOGIN_METHOD_CONFIG_KEY)}


class DeadLetters(SharedExtension):
    """``<service>.dead-letters``: a durable queue holding the messages the service refused, each with the
    headers it came with, the reason in ``x-dead-letter-reason``, and where it was addressed
    (``x-original-exchange``, ``x-original-routing-key``). Nothing consumes it: an operator reads, replays or
    purges it; ``health`` reports how many wait there."""

    def setup(self):
        config = self.container.config
        self.queue = Queue(DEAD_LETTER_QUEUE_TEMPLATE.format(self.container.service_name), durable=True)
        self.amqp_uri = config[AMQP_URI_CONFIG_KEY]
        self.publisher = Publisher(self.amqp_uri, declare=[self.queue], **connection_options(config))

    def reject(self, message, reason: str):
        """Moves ``message`` here and acknowledges it. Never raises: it is called where an error would kill
        the container. If the dead letter cannot be published the message is dropped, with its reason in
        the log (not its body, which may hold personal data), rather than requeued to fail again."""
        delivery = message.delivery_info or {}
        log.error("refused a message to %s %s: %s", delivery.get("exchange"), delivery.get("routing_key"), reason)
        headers = dict(message.headers or {})
        headers.update({
            REASON_HEADER: reason,
            "x-original-exchange": delivery.get("exchange") or "",
            "x-original-routing-key": delivery.get("routing_key") or "",
        })
        try:
            self.publisher.publish(
                message.body,
                exchange="",
                routing_key=self.queue.name,
                headers=headers,
                content_type=message.content_type or "application/data",
                content_encoding=message.content_encoding or "binary",
            )
        except Exception:
            log.exception("could not dead-letter the message (%d bytes); dropping it", len(message.body or b""))
            settle(message, message.reject, requeue=False)
            return
        settle(message, message.ack)

    def again(self, message, queue_name: str, tries: int):
        """Puts ``message`` back at the end of ``queue_name`` for its ``tries``-th try, and acknowledges it."""
        headers = {**(message.headers or {}), TRIES_HEADER: tries}
        try:
            self.publisher.publish(
                message.body, exchange="", routing_key=queue_name, headers=headers,
                content_type=message.content_type or "application/data",
                content_encoding=message.content_encoding or "binary",
            )
        except Exception:
            self.reject(message, f"could not be put back for try {tries}")
            return
        settle(message, message.ack)

    def count(self) -> int:
        """How many refused messages wait in the queue (the broker's count, over every instance)."""
        with get_connection(self.amqp_uri, **connection_options(self.container.config)) as connection:
            queue = self.queue(connection.default_channel)
            # a pooled connection may have been cut by a broker restart: ensure() opens a new one
            return connection.ensure(queue, queue.queue_declare, max_retries=3)().message_count


def settle(message, action, **options):
    """Acknowledges or rejects ``message`` if its channel still lives; when it does not, the broker has
    already taken the message back and delivers it again, so there is nothing left to do."""
    if not message.channel.connection:
        return
    try:
        action(**options)
    except Exception:  # the connection broke just now: the same as above
        log.warning("could not settle a message; the broker delivers it again", exc_info=True)


class QueueConsumer(nameko_messaging.QueueConsumer):
    """Nameko's consumer of a service's queues (reconnecting, as it does, after a broker restart), except
    that no message can kill the container: a message kombu cannot decode, or one whose handling raises,
    goes to the dead-letter queue."""

    dead_letters = DeadLetters()
    #: seconds between attempts to reach a broker that went away (kombu's default grows to 30)
    reconnect_interval = 1.0

    @contextlib.contextmanager
    def establish_connection(self):
        with self.create_connection() as connection:
            connection.ensure_connection(self.on_connection_error, self.connect_max_retries,
                                         interval_start=self.reconnect_interval, interval_step=0,
                                         interval_max=self.reconnect_interval)
            yield connection

    def handle_message(self, provider, body, message):
        identifier = f"{type(provider).__name__}.handle_message[{message.delivery_info['routing_key']}]"
        self.container.spawn_managed_thread(partial(self._dispatch, provider, body, message), identifier=identifier)

    def _dispatch(self, provider, body, message):
        try:
            provider.handle_message(body, message)
        except Exception as error:
            log.exception("handling a message to %s failed", provider)
            self.dead_letters.reject(message, f"handling failed: {error!r}")

    def _undecodable(self, message, error):
        # called from the consuming thread: publishing the dead letter may wait on the broker
        self.container.spawn_managed_thread(
            partial(self.dead_letters.reject, message, f"undecodable body: {error!r}"),
            identifier="QueueConsumer.dead_letter")

    def get_consumers(self, consumer_cls, channel):
        return super().get_consumers(partial(consumer_cls, on_decode_error=self._undecodable), channel)

    def ack_message(self, message):
        settle(message, message.ack)

    def requeue_message(self, message):
        settle(message, message.requeue)


def rpc_refusal(body, message):
    """Why a message on an RPC queue cannot be a request, or None."""
    content_type = message.properties.get("content_type")
    if not content_type:
        return "no content type"
    if content_type not in kombu.serialization.registry.type_to_name:
        return f"content type {content_type} has no serializer to answer with"
    if not message.properties.get("reply_to"):
        return "no reply-to"
    if not (isinstance(body, dict) and isinstance(body.get("args"), list | tuple)
            and isinstance(body.get("kwargs"), dict)):
        return "body is not a request ({args, kwargs})"
    return None


class RpcConsumer(nameko_rpc.RpcConsumer):
    queue_consumer = QueueConsumer()
    dead_letters = DeadLetters()

    def handle_message(self, body, message):
        refusal = rpc_refusal(body, message)
        if refusal is not None:
            if refusal.startswith("body"):  # the caller can be told
                self._reply(message, None, exc_info_of(MalformedRequest(refusal)))
            self.dead_letters.reject(message, refusal)
            return
        deadline = deadline_of(message)
        if deadline is not None and now_ms() > deadline:
            log.warning("not running %s: its caller stopped waiting %.1f s ago",
                        message.delivery_info["routing_key"], (now_ms() - deadline) / 1000)
            self.queue_consumer.ack_message(message)
            return
        try:
            provider = self.get_provider_for_method(message.delivery_info["routing_key"])
        except MethodNotFound as error:
            self._reply(message, None, exc_info_of(error))
            self.dead_letters.reject(message, f"unknown method {error}")
            return
        provider.handle_message(body, message)

    def handle_result(self, message, result, exc_info):
        result, exc_info = self._reply(message, result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info

    def _reply(self, message, result, exc_info):
        config = self.container.config
        responder = Responder(
            config[AMQP_URI_CONFIG_KEY], nameko_rpc.get_rpc_exchange(config),
            config.get("serializer", "json"), message, **connection_options(config))
        try:
            return responder.send_response(result, exc_info)
        except Exception:
            log.error("could not answer %s (correlation id %s); its caller times out",
                      message.delivery_info.get("routing_key"), message.properties.get("correlation_id"),
                      exc_info=True)
            return result, exc_info


class ReplyPublisher(Publisher):
    """Publishes a reply without waiting for the broker's confirm, and not to disk: it goes to the caller's own
    transient reply queue, and one lost with a broken connection leaves its caller to time out either way (as when
    the confirm never comes); the caller's retry is answered by chassis.idempotency. The confirm's round trip was a
    fifth of a gate upload's time in attendance_svc (bin/bench --gate-only, py-spy)."""

    use_confirms = False
    delivery_mode = 1  # non-persistent


class Responder(nameko_rpc.Responder):
    publisher_cls = ReplyPublisher


def exc_info_of(error):
    try:
        raise error
    except Exception:
        return sys.exc_info()


class Rpc(nameko_rpc.Rpc):
    """Nameko's ``rpc``, except that a call whose idempotency key has a recorded result (chassis.idempotency)
    is answered with that result, and its method does not run again."""

    rpc_consumer = RpcConsumer()

    def idempotent_calls(self):
        return next((dependency for dependency in self.container.dependencies
                     if isinstance(dependency, IdempotentCalls)), None)

    def handle_message(self, body, message):
        key = self.unpack_message_headers(message).get(IDEMPOTENCY_KEY)
        calls = key and self.idempotent_calls()
        if calls:
            try:
                replayed, result = calls.replay(key, self.method_name)
            except Exception:  # the database is down: the method runs, and says so to its caller
                log.warning("could not look up the idempotency key of %s", self.method_name, exc_info=True)
                replayed = False
            if replayed:
                log.info("answering %s with the result recorded for its idempotency key", self.method_name)
                self.rpc_consumer.handle_result(message, result, None)
                return
        super().handle_message(body, message)

    def handle_result(self, message, worker_ctx, result, exc_info):
        # Nameko replies before it tells the dependencies the result: the result is kept first, so that the caller
        # who sends the call again as soon as the reply arrives is answered from it
        calls = self.idempotent_calls()
        if calls:
            calls.record(worker_ctx, result, exc_info)
        return super().handle_result(message, worker_ctx, result, exc_info)


rpc = Rpc.decorator


def event_refusal(body, message):
    """Why a message on an event queue cannot be an event of the platform, or None."""
    if not message.properties.get("content_type"):
        return "no content type"
    if not (isinstance(body, dict) and {"event_id", "event_type", "data"} <= body.keys()):
        return "body is not an event envelope"
    return None


class EventHandler(nameko_events.EventHandler):
    queue_consumer = QueueConsumer()
    dead_letters = DeadLetters()

    def handle_message(self, body, message):
        refusal = event_refusal(body, message)
        if refusal is not None:
            self.dead_letters.reject(message, refusal)
            return
        super().handle_message(body, message)

    def handle_message_processed(self, message, result=None, exc_info=None):
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return
        tries = int((message.headers or {}).get(TRIES_HEADER, 1))
        if lost_a_race(exc_info[1]) and tries < EVENT_TRIES:
            log.warning("%s lost a race on a row (try %d): handled again", self.method_name, tries)
            self.dead_letters.again(message, self.queue.name, tries + 1)
        else:
            self.dead_letters.reject(message, f"{self.method_name} failed: {exc_info[1]!r}")


def lost_a_race(error) -> bool:
    """Whether a handler failed only because a concurrent one wrote the same row first: a unique key taken
    between its read and its insert (two events of one new relation at once), a deadlock, a serialization
    failure. Handled again, it finds the row and succeeds."""
    from sqlalchemy import exc

    if not isinstance(error, exc.DBAPIError):
        return False
    code = getattr(error.orig, "pgcode", None)
    if code is not None:
        return code in ("23505", "40001", "40P01")
    return isinstance(error, exc.IntegrityError) and "UNIQUE constraint failed" in str(error.orig)


event_handler = EventHandler.decorator


class DeadLetterQueue(DependencyProvider):
    """Hands the worker ``summary()`` of the service's dead-letter queue, for ``health``."""

    dead_letters = DeadLetters()

    def get_dependency(self, worker_ctx):
        return self

    def summary(self) -> dict:
        return {"queue": self.dead_letters.queue.name, "count": self.dead_letters.count()}


# -- callers -----------------------------------------------------------------------------------------


class MethodProxy(nameko_rpc.MethodProxy):
    """Publishes each request with its deadline: ``timeout`` seconds from now, or the deadline of the call
    being served if that comes first; the broker drops it when it expires in the queue."""

    def __init__(self, worker_ctx, service_name, method_name, reply_listener, timeout, **options):
        self.timeout = timeout
        self.deadline = None
        super().__init__(worker_ctx, service_name, method_name, reply_listener, **options)

    def _call(self, *args, **kwargs):
        self.deadline = deadline_after(self.timeout, self.worker_ctx.data.get(DEADLINE_KEY))
        self.publisher.expiration = max(self.deadline - now_ms(), 1) / 1000  # kombu takes seconds
        return super()._call(*args, **kwargs)

    def get_message_headers(self, worker_ctx):
        headers = super().get_message_headers(worker_ctx)
        headers[DEADLINE_HEADER] = self.deadline
        return headers


class WaitingMethodProxy(MethodProxy):
    """In a service: waits for the answer until the deadline, then refuses ``ServiceUnavailable`` naming the
    service that did not answer (Nameko's would wait for ever)."""

    def __call__(self, *args, **kwargs):
        reply = self._call(*args, **kwargs)
        try:
            with eventlet.Timeout(max(self.deadline - now_ms(), 0) / 1000, RpcTimeout(self.timeout)):
                return reply.result()
        except RpcTimeout:
            pending = self.reply_listener._reply_events
            for correlation_id, event in list(pending.items()):
                if event is reply.reply_event:
                    pending.pop(correlation_id, None)
            raise ServiceUnavailable(f"{self.service_name}.{self.method_name} did not answer within its deadline",
                                     details={"service": self.service_name}) from None


class ServiceProxy(nameko_rpc.ServiceProxy):
    def __init__(self, worker_ctx, service_name, reply_listener, timeout, method_proxy=MethodProxy, **options):
        super().__init__(worker_ctx, service_name, reply_listener, **options)
        self.timeout = timeout
        self.method_proxy = method_proxy

    def __getattr__(self, name):
        return self.method_proxy(self.worker_ctx, self.service_name, name, self.reply_listener, self.timeout,
                                 **self.options)


class ReplyListener(nameko_rpc.ReplyListener):
    queue_consumer = QueueConsumer()


class RpcProxy(nameko_rpc.RpcProxy):
    """``employment = RpcProxy("employment_svc")``: calls that wait ``RPC_TIMEOUT`` seconds (config, default
    10) at most, and never past the deadline of the call being served."""

    rpc_reply_listener = ReplyListener()

    def get_dependency(self, worker_ctx):
        timeout = float(self.container.config.get("RPC_TIMEOUT", DEFAULT_RPC_TIMEOUT))
        return ServiceProxy(worker_ctx, self.target_service, self.rpc_reply_listener, timeout,
                            method_proxy=WaitingMethodProxy, **self.options)


class ClusterProxy(nameko_standalone.ClusterProxy):
    def __init__(self, worker_ctx, reply_listener, timeout):
        super().__init__(worker_ctx, reply_listener)
        self._timeout = timeout

    def __getattr__(self, name):
        if name not in self._proxies:
            self._proxies[name] = ServiceProxy(self._worker_ctx, name, self._reply_listener, self._timeout)
        return self._proxies[name]


class ClusterRpcProxy(nameko_standalone.ClusterRpcProxy):
    """Nameko's standalone proxy (outside a service: the gateway, tools), whose requests expire with its
    ``timeout``."""

    def __init__(self, config, context_data=None, timeout=DEFAULT_RPC_TIMEOUT, **options):
        super().__init__(config, context_data=context_data, timeout=timeout, **options)
        self._proxy = ClusterProxy(self._worker_ctx, self._reply_listener, timeout)


class SettingTimer(Timer):
    """A timer whose interval is a setting of the service's config, read at setup (``interval``: its default):
    ``@timer(interval=10, setting="DEVICE_STATUS_CHECK_SECONDS")``."""

    def __init__(self, interval, setting, **kwargs):
        super().__init__(interval, **kwargs)
        self.setting = setting

    def setup(self):
        self.interval = float(self.container.config.get(self.setting, self.interval))


timer = SettingTimer.decorator
