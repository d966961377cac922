"""The one shape every service refusal takes, on the wire and at the caller.

A ``ServiceError`` carries a stable ``code``, optional per-field codes
(``fields``) and optional plain data about the refusal (``details``, a
JSON-able dict: the record on file, what differs …). Nameko sends it as JSON
(``str(exc)``), so the gateway maps the code to an HTTP status and words in
the user's language without importing any service's code; the gateway puts
``details`` beside ``error``/``message``/``fields`` in the body it answers.

Remote errors arrive as types. Every ``ServiceError`` subclass registers
itself with Nameko's exception registry when its module is imported, so a
service that imports another's exceptions module catches them by type::

    from employment_svc.exceptions import EnterpriseNotFound

    try:
        self.employment.get_enterprise(enterprise_id)
    except EnterpriseNotFound:
        ...

The rule: catch a remote refusal by its type, never by comparing its code or
its text; import the owner's ``<service>.exceptions`` module for it (only
that module: no service reads another's domain or tables). A caller that
has not imported the type receives Nameko's ``RemoteError``, whose ``value``
``parse_remote_error`` reads (the gateway maps codes this way); the type that
arrives is a ``RemoteError`` as well, so code written for that still holds.
The chassis' own types (``InvalidInput``, ``Forbidden``) are imported
everywhere, so they always arrive as types: an ``except InvalidInput`` around a
remote call catches the other service's refusals too.
"""

import functools
import json

from nameko.exceptions import RemoteError, get_module_path, registry


@functools.cache
def arrived(error_class):
    """The type a caller receives for ``error_class``: a subclass that is also Nameko's ``RemoteError``, so
    ``except PersonNotFound`` and a plain ``except RemoteError`` (with its ``value``) both hold."""
    return type(error_class.__name__, (error_class, RemoteError), {
        "__module__": error_class.__module__, "__qualname__": error_class.__qualname__,
        "__doc__": error_class.__doc__, "raised_as": error_class,
    })


def _rebuild(error_class, wire):
    """The refusal a caller receives: the same type, code, fields and details as the one raised."""
    payload = parse_remote_error(wire) or {"detail": wire}
    error_class = arrived(error_class)
    error = error_class.__new__(error_class)
    ServiceError.__init__(error, payload.get("detail"), fields=payload.get("fields"), code=payload.get("code"),
                          details=payload.get("details"))
    error.exc_type, error.value = error_class.__name__, wire
    return error


def _register(error_class):
    # nameko.exceptions.deserialize calls registry[exc_path](*exc_args); exc_args is (the JSON text,)
    registry[get_module_path(error_class)] = lambda wire="{}", *_: _rebuild(error_class, wire)


class ServiceError(Exception):
    code = "SERVICE_ERROR"
    #: the type that was raised, on one that arrived from another service
    raised_as = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not issubclass(cls, RemoteError):
            _register(cls)

    def __init__(self, detail=None, *, fields=None, code=None, details=None):
        self.detail = detail
        self.fields = fields or {}
        self.details = details or {}
        if code is not None:
            self.code = code
        super().__init__(detail)

    @property
    def args(self):
        """What Nameko sends as ``exc_args``: the JSON text, so numbers and None in ``details`` survive
        (Nameko would turn them into strings) and the caller is rebuilt whole."""
        return (str(self),)

    def __reduce__(self):
        return _rebuild, (self.raised_as or type(self), str(self))

    def __str__(self):
        return json.dumps(
            {"code": self.code, "detail": self.detail, "fields": self.fields, "details": self.details},
            ensure_ascii=False,
            default=str,
        )


_register(ServiceError)  # not a subclass of itself: a refusal raised with only a ``code``


class InvalidInput(ServiceError):
    """Input that failed validation; ``fields`` maps each field to an error code."""

    code = "INVALID_INPUT"


class Forbidden(ServiceError):
    """The caller's scope does not cover what it asked for."""

    code = "FORBIDDEN"


class DatabaseUnavailable(ServiceError):
    """A service cannot reach its database (refused, reset, gone): a refusal to answer now, not a fault in the
    call, so it crosses RPC as any other refusal and the caller answers 503 naming the service.
    ``details``: ``{"service": "identity_svc"}``."""

    code = "DATABASE_UNAVAILABLE"


class ServiceUnavailable(ServiceError):
    """Another service this one called did not answer before the call's deadline (chassis.messaging): a refusal
    to answer now, which the caller answers 503 naming that service. ``details``: ``{"service": "identity_svc"}``."""

    code = "SERVICE_UNAVAILABLE"


def parse_remote_error(value: str):
    """Reads a ``ServiceError`` back from a Nameko ``RemoteError.value``; None if it is not one."""
    try:
        payload = json.loads(value)
    except (TypeError, ValueError):
        return None
    if isinstance(payload, dict) and "code" in payload:
        return payload
    return None
