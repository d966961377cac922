"""The one shape every service refusal takes on the wire.

Nameko sends an exception across RPC as its class name and ``str(exc)``.
A ``ServiceError`` renders as JSON carrying a stable ``code``, optional
per-field codes and optional ``details`` (what the user needs to decide, e.g.
the record already on file), so the gateway can map it to an HTTP status and a
message in the user's language without importing any service's code.
"""

import json


class ServiceError(Exception):
    code = "SERVICE_ERROR"

    def __init__(self, detail=None, *, fields=None, code=None, details=None):
        self.detail = detail
        self.fields = fields or {}
        self.details = details or {}
        if code is not None:
            self.code = code
        super().__init__(detail)

    def __str__(self):
        return json.dumps(
            {"code": self.code, "detail": self.detail, "fields": self.fields, "details": self.details},
            ensure_ascii=False,
            default=str,
        )


class InvalidInput(ServiceError):
    """Input that failed validation; ``fields`` maps each field to an error code."""

    code = "INVALID_INPUT"


class Forbidden(ServiceError):
    """The caller's scope does not cover what it asked for."""

    code = "FORBIDDEN"


def parse_remote_error(value: str):
    """Reads a ``ServiceError`` back from a Nameko ``RemoteError.value``; None if it is not one."""
    try:
        payload = json.loads(value)
    except (TypeError, ValueError):
        return None
    if isinstance(payload, dict) and "code" in payload:
        return payload
    return None
