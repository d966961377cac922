"""Calls to the services that say which part of the platform is down when no answer comes.

The RPC pool lends ``NamedServices(proxy)`` instead of Nameko's cluster proxy: the same calls
(``rpc.identity_svc.get_person(1)``, ``.call_async(…).result()``), but a call that gets no answer raises
``ServiceUnavailable`` naming the service it went to, and one that cannot reach RabbitMQ raises
``BrokerUnavailable``. Both are refusals of the error table (503 with ``Retry-After``), never a 500.
"""

import contextlib

import amqp.exceptions
import kombu.exceptions
from nameko.exceptions import RpcTimeout, UnknownService

from gateway.errors import ApiError

#: what kombu and py-amqp raise when RabbitMQ refuses, resets or drops the connection
BROKER_FAILURES = (OSError, kombu.exceptions.OperationalError, amqp.exceptions.ConnectionError)


class ServiceUnavailable(ApiError):
    """A service did not answer within the RPC timeout, or no instance of it listens at all."""

    def __init__(self, service):
        super().__init__("SERVICE_UNAVAILABLE", details={"service": service})


class BrokerUnavailable(ApiError):
    """The gateway cannot reach RabbitMQ, so no service can be asked anything."""

    def __init__(self):
        super().__init__("BROKER_UNAVAILABLE")


@contextlib.contextmanager
def answered_by(service):
    """Turns the ways a call to ``service`` can go unanswered into the refusal that names what is down."""
    try:
        yield
    except (RpcTimeout, UnknownService, TimeoutError) as error:  # socket.timeout is nameko's RPC timeout too
        raise ServiceUnavailable(service) from error
    except BROKER_FAILURES as error:
        raise BrokerUnavailable() from error


@contextlib.contextmanager
def reaching_broker():
    """Starting a proxy opens its connection and declares its reply queue: only RabbitMQ can fail here."""
    try:
        yield
    except BROKER_FAILURES as error:
        raise BrokerUnavailable() from error


class NamedServices:
    """Nameko's cluster proxy, each of whose services knows its name (``rpc.identity_svc``, ``rpc["x"]``)."""

    def __init__(self, cluster):
        self._cluster = cluster

    def __getattr__(self, service):
        return NamedService(service, getattr(self._cluster, service))

    def __getitem__(self, service):
        return getattr(self, service)


class NamedService:
    def __init__(self, name, proxy):
        self._name = name
        self._proxy = proxy

    def __getattr__(self, method):
        return NamedMethod(self._name, getattr(self._proxy, method))


class NamedMethod:
    def __init__(self, service, method):
        self._service = service
        self._method = method

    def __call__(self, *args, **kwargs):
        with answered_by(self._service):
            return self._method(*args, **kwargs)

    def call_async(self, *args, **kwargs):
        with answered_by(self._service):
            return NamedReply(self._service, self._method.call_async(*args, **kwargs))


class NamedReply:
    def __init__(self, service, reply):
        self._service = service
        self._reply = reply

    def result(self):
        with answered_by(self._service):
            return self._reply.result()
