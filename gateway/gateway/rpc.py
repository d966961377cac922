"""RPC proxy pool: one per gateway process, created after fork, one proxy per request.

Nameko's standalone proxy is single-threaded and costly to start (it declares
a reply queue), so each gunicorn worker keeps a few started proxies and lends
one to a request at a time. The caller's identity is set on the proxy's
context for the length of the loan, and travels to the services as Nameko
context data, with the request's id (chassis.logs) and its idempotency key
(chassis.idempotency). Each request expires with the pool's
timeout: a call the gateway gave up on (and answered 503) is never run later.
"""

import contextlib
import logging
import os
import queue

from chassis.caller import CONTEXT_KEY
from chassis.idempotency import IDEMPOTENCY_KEY
from chassis.logs import with_request_id
from chassis.messaging import ClusterRpcProxy
from gateway.outages import BrokerUnavailable, NamedServices, ServiceUnavailable, reaching_broker

log = logging.getLogger(__name__)


def pure_python_amqp(uri: str) -> str:
    """``amqp://…`` as ``pyamqp://…``: the same broker through the same client (py-amqp).

    Given ``amqp://``, kombu tries to import the C client librabbitmq for
    every connection object it makes, and nameko makes one per call it
    publishes; the import fails after searching all of sys.path, each time:
    0.55 ms of every RPC call in this process (bin/bench, 2 cores). Services
    under eventlet skip that check; a thread-based caller must name the client.
    """
    scheme, separator, rest = uri.partition("://")
    return f"pyamqp://{rest}" if separator and scheme == "amqp" else uri


class RpcPool:
    def __init__(self, config: dict, size: int, timeout: float):
        self.config = {"AMQP_URI": pure_python_amqp(config["AMQP_URI"])}
        self.size = size
        self.timeout = timeout
        self._owner_pid = None
        self._idle = None

    def _ready(self):
        if self._owner_pid != os.getpid():
            # a forked worker must not reuse its parent's AMQP connections
            self._idle = queue.LifoQueue()
            for _ in range(self.size):
                self._idle.put(None)
            self._owner_pid = os.getpid()
        return self._idle

    @contextlib.contextmanager
    def proxy(self, caller=None, idempotency_key=None):
        idle = self._ready()
        loan = idle.get()
        try:
            if loan is None:
                standalone = ClusterRpcProxy(self.config, timeout=self.timeout)
                with reaching_broker():
                    loan = (standalone, standalone.start())
            standalone, proxy = loan
            # private attribute: the only way to give a started proxy new context data
            context_data = {CONTEXT_KEY: caller.to_context()} if caller else {}
            if idempotency_key:
                context_data[IDEMPOTENCY_KEY] = idempotency_key
            standalone._worker_ctx.data = with_request_id(context_data)
            yield NamedServices(proxy)
        except (ServiceUnavailable, BrokerUnavailable):
            loan = self._discard(loan)
            raise
        finally:
            idle.put(loan)

    @staticmethod
    def _discard(loan):
        if loan is not None:
            try:
                loan[0].stop()
            except Exception:  # the connection is already broken; a fresh proxy replaces it
                log.debug("discarding a broken RPC proxy", exc_info=True)
        return None

    def close(self):
        if self._idle is None or self._owner_pid != os.getpid():
            return
        while not self._idle.empty():
            self._discard(self._idle.get_nowait())
