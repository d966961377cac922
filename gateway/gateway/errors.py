"""Turns every refusal into ``{"error", "message", "fields"?, **details}`` with the status of the error table.

Every answer that is not a success goes through the one table (gateway/gateway/messages.py ``ERRORS``):
a service's code, an HTTP refusal (401, 404, 405, 413 …), bad JSON; a code the table lacks is logged and
answered as 500 ``UNEXPECTED_ERROR``.
"""

import logging
import socket

from flask import jsonify, request
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from werkzeug.exceptions import HTTPException

from chassis.errors import ServiceError, parse_remote_error
from chassis.schemas import field_codes
from gateway.messages import ERRORS, describe_fields, english, http_status_code, summary_of_fields, words

log = logging.getLogger(__name__)
#: seconds a client is asked to wait before retrying a 503 (a service, its database or the broker is down)
RETRY_AFTER_S = 5


class ApiError(Exception):
    """A refusal of the gateway's own: a code of the error table, field codes, and plain ``details``."""

    def __init__(self, code, fields=None, details=None, headers=None):
        super().__init__(code)
        self.code = known_code(code)
        self.fields = fields or {}
        self.details = details or {}
        self.headers = headers or {}


def known_code(code, detail=None):
    """``code`` when the error table has words for it; otherwise logged, and answered as UNEXPECTED_ERROR,
    never as some other refusal."""
    if code in ERRORS:
        return code
    log.error("error code %r has no row in the error table (detail: %s)", code, detail)
    return "UNEXPECTED_ERROR"


class Placeholders(dict):
    """A message's ``{placeholders}`` filled from the refusal's details (``{count}`` rows, ``{cap}`` …);
    one the details lack stays as written."""

    def __missing__(self, key):
        return f"{{{key}}}"


def request_language():
    return request.accept_languages.best_match(["zh-CN", "zh", "en"]) or "zh-CN"


def error_response(code, field_codes_=None, details=None, headers=None):
    """``{"error", "message", "fields"?, **details}`` with the status of the error table; ``details`` fill the
    message's ``{placeholders}`` and never replace ``error``, ``message`` or ``fields``."""
    language = request_language()
    status, *texts = ERRORS[code]
    body = {"error": code, "message": words(texts, language).format_map(Placeholders(details or {}))}
    if field_codes_:
        body["fields"] = describe_fields(field_codes_, language)
        summary = summary_of_fields(body["fields"], language)
        body["message"] = f"{body['message']} ({summary})" if english(language) else f"{body['message']}（{summary}）"
    body = {**(details or {}), **body}
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", str(RETRY_AFTER_S))
    return jsonify(body), status, headers


def from_service_error(payload: dict) -> ApiError:
    """A refusal a service sent, read from its JSON (``ServiceError.__str__``)."""
    return ApiError(known_code(payload.get("code"), payload.get("detail")), payload.get("fields"),
                    payload.get("details"))


def from_remote_error(error: RemoteError) -> ApiError:
    payload = parse_remote_error(error.value)
    if payload is None:
        log.error("unexpected remote error %s: %s", error.exc_type, error.value)
        return ApiError("UNEXPECTED_ERROR")
    return from_service_error(payload)


def register_error_handlers(app):
    @app.errorhandler(ApiError)
    def handle_api_error(error):
        if ERRORS[error.code][0] == 503:
            log.warning("answered %s %s: %r", error.code, error.details, error.__cause__)
        return error_response(error.code, error.fields, error.details, error.headers)

    # a refusal whose type this process has imported arrives as that type (chassis.errors); others as RemoteError
    @app.errorhandler(ServiceError)
    def handle_service_error(error):
        api_error = from_service_error(parse_remote_error(str(error)))
        return error_response(api_error.code, api_error.fields, api_error.details)

    @app.errorhandler(RemoteError)
    def handle_remote_error(error):
        api_error = from_remote_error(error)
        return error_response(api_error.code, api_error.fields, api_error.details)

    # calls through the RPC pool name the service or the broker (gateway.outages); this is the fallback
    @app.errorhandler(RpcTimeout)
    @app.errorhandler(UnknownService)
    @app.errorhandler(socket.timeout)
    @app.errorhandler(ConnectionError)
    def handle_unavailable(error):
        log.warning("service unavailable: %r", error)
        return error_response("SERVICE_UNAVAILABLE")

    @app.errorhandler(422)
    def handle_unprocessable(error):
        # webargs puts messages under their location: {"json": {...}, "query": {...}}
        messages = {}
        for location_messages in (getattr(error, "data", {}) or {}).get("messages", {}).values():
            messages.update(location_messages)
        return error_response("INVALID_INPUT", field_codes(messages))

    @app.errorhandler(HTTPException)
    def handle_http_exception(error):
        code = http_status_code(error.code or 500)
        if ERRORS[code][0] >= 500:
            log.error("HTTP %s answered as %s: %s", error.code, code, error.description)
        allow = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else None
        return error_response(code, headers=allow)

    @app.errorhandler(Exception)
    def handle_unexpected(error):
        log.exception("unexpected error")
        return error_response("UNEXPECTED_ERROR")
