"""One way to log for every service and the gateway: readable lines, or JSON lines, each saying whose request it is.

A request id is born at the gateway (``X-Request-Id``), travels to the
services as Nameko context data under ``request_id`` (Nameko passes context
data on to nested RPC calls and events), and is stamped on every log line
written while a worker handles it, beside the worker's Nameko ``call_id``. The
outbox writes it into each event's envelope as ``correlation_id``.

Wiring, in a service's ``config.yaml`` (``nameko run`` applies it)::

    LOGGING:
      version: 1
      disable_existing_loggers: false
      handlers:
        console: {class: chassis.logs.ConsoleHandler}
      root: {level: INFO, handlers: [console]}

``LOG_FORMAT=json`` turns every line into one JSON object; the default reads
as text.
"""

import contextlib
import contextvars
import json
import logging
import os
import re
import time
import uuid

from nameko.extensions import DependencyProvider

#: the Nameko context data key of the request id
REQUEST_ID_KEY = "request_id"
#: an incoming request id is kept only if it looks like one: it ends up in every log line and event
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
LOG_FORMAT_VARIABLE = "LOG_FORMAT"

# what the current green thread (a Nameko worker) or OS thread (a gateway request) is doing
_service = contextvars.ContextVar("service", default=None)
_request_id = contextvars.ContextVar("request_id", default=None)
_call_id = contextvars.ContextVar("call_id", default=None)
#: the process's own name, for lines written outside any worker
_process_name = {"service": None}


def name_process(name: str):
    """Names the lines this process writes outside a worker (``gateway``, or the service ``nameko run`` runs)."""
    _process_name["service"] = _process_name["service"] or name


def request_id_or_new(candidate: str | None) -> str:
    """The caller's request id if it is sane, else a new one."""
    if candidate and SANE_REQUEST_ID.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return _request_id.get()


def _bind(service=None, request_id=None, call_id=None):
    return [(var, var.set(value)) for var, value in
            ((_service, service), (_request_id, request_id), (_call_id, call_id)) if value is not None]


def _unbind(bindings):
    for var, token in reversed(bindings):
        var.reset(token)


@contextlib.contextmanager
def bound(service=None, request_id=None, call_id=None):
    """Stamps the lines written inside on behalf of ``service``, ``request_id`` and ``call_id``."""
    bindings = _bind(service, request_id, call_id)
    try:
        yield
    finally:
        _unbind(bindings)


def bind_request_id(request_id: str):
    """Stamps what this thread logs and calls from now on with ``request_id``; returns what ``unbind_request_id``
    takes (for frameworks whose request hooks come in pairs, as Flask's)."""
    return _request_id.set(request_id)


def unbind_request_id(binding):
    _request_id.reset(binding)


def with_request_id(context_data: dict) -> dict:
    """``context_data`` plus the current request id, for a call that carries it on."""
    request_id = current_request_id()
    return {**context_data, REQUEST_ID_KEY: request_id} if request_id else context_data


class ContextFilter(logging.Filter):
    """Adds ``service``, ``request_id`` and ``call_id`` to every record (None outside a request)."""

    def filter(self, record):
        if getattr(record, "service", None) is None:
            record.service = _service.get() or _process_name["service"]
        record.request_id = getattr(record, "request_id", None) or _request_id.get()
        record.call_id = getattr(record, "call_id", None) or _call_id.get()
        return True


class BriefRefusals(logging.Filter):
    """Keeps Nameko's line about an expected error (a refusal the service raised on purpose, listed in
    ``expected_exceptions``) but drops its traceback: it is an answer, not a fault, and comes by the thousand."""

    def filter(self, record):
        if record.name == "nameko.containers" and str(record.msg).startswith("(expected)"):
            record.exc_info = None
            record.exc_text = None
        return True


class ReadableFormatter(logging.Formatter):
    """``2026-11-30 15:02:32,120 ERROR nameko.containers [identity_svc req=… call=…] message``."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(tags)s] %(message)s")

    def format(self, record):
        tagged = (("req", getattr(record, "request_id", None)), ("call", getattr(record, "call_id", None)))
        record.tags = " ".join([getattr(record, "service", None) or "-"]
                               + [f"{label}={value}" for label, value in tagged if value])
        return super().format(record)


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, service, request_id, call_id, exception."""

    converter = time.gmtime

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": getattr(record, "service", None),
            "request_id": getattr(record, "request_id", None),
            "call_id": getattr(record, "call_id", None),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def formatter_for(log_format: str | None) -> logging.Formatter:
    return JsonLinesFormatter() if (log_format or "").lower() == "json" else ReadableFormatter()


class ConsoleHandler(logging.StreamHandler):
    """Standard error, in the format ``LOG_FORMAT`` names, with every record's request context."""

    def __init__(self, stream=None):
        super().__init__(stream)
        self.setFormatter(formatter_for(os.environ.get(LOG_FORMAT_VARIABLE)))
        self.addFilter(ContextFilter())
        self.addFilter(BriefRefusals())


log = logging.getLogger(__name__)


class ServiceLog(DependencyProvider):
    """``log_context = ServiceLog()``: says when the container starts, stops and is killed, and stamps every
    line a worker writes with its service, request id and Nameko call id (worker errors included: Nameko
    logs them from the worker's own green thread, before teardown)."""

    def setup(self):
        name_process(self.container.service_name)
        self.bindings = {}

    def start(self):
        log.info("%s started", self.container.service_name, extra={"service": self.container.service_name})

    def stop(self):
        log.info("%s stopping", self.container.service_name, extra={"service": self.container.service_name})

    def kill(self):
        # Nameko kills a container when one of its threads fails: say so loudly, whatever the reason
        log.warning("%s killed", self.container.service_name, extra={"service": self.container.service_name})

    def worker_setup(self, worker_ctx):
        # Nameko runs setup, the entrypoint, its error log and teardown in the worker's own green thread
        self.bindings[worker_ctx] = _bind(
            self.container.service_name, worker_ctx.data.get(REQUEST_ID_KEY), worker_ctx.call_id)

    def worker_teardown(self, worker_ctx):
        _unbind(self.bindings.pop(worker_ctx, []))
