"""Turns every refusal into ``{"error", "message", "fields"?}`` with the status of the error table."""

import logging
import socket

from flask import jsonify, request
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from werkzeug.exceptions import HTTPException

from chassis.errors import parse_remote_error
from chassis.schemas import field_codes
from gateway.messages import ERRORS, describe_fields, summary_of_fields, words

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, code, fields=None, details=None):
        super().__init__(code)
        self.code = code if code in ERRORS else "UNEXPECTED_ERROR"
        self.fields = fields or {}
        self.details = details or {}


def request_language():
    return request.accept_languages.best_match(["zh-CN", "zh", "en"]) or "zh-CN"


def error_response(code, field_codes_=None, details=None):
    """The error body; ``details`` (what the user needs to decide) go beside error, message and fields,
    never over them, and fill the message's ``{placeholders}``."""
    language = request_language()
    status, *texts = ERRORS[code]
    body = {"error": code, "message": words(texts, language).format_map(details or {})}
    if field_codes_:
        body["fields"] = describe_fields(field_codes_, language)
        body["message"] = f"{body['message']}（{summary_of_fields(body['fields'], language)}）" \
            if not language.startswith("en") else f"{body['message']} ({summary_of_fields(body['fields'], language)})"
    body.update({key: value for key, value in (details or {}).items() if key not in body})
    return jsonify(body), status


def from_remote_error(error: RemoteError) -> ApiError:
    payload = parse_remote_error(error.value)
    if payload is None:
        log.error("unexpected remote error %s: %s", error.exc_type, error.value)
        return ApiError("UNEXPECTED_ERROR")
    return ApiError(payload["code"], payload.get("fields"))


def register_error_handlers(app):
    @app.errorhandler(ApiError)
    def handle_api_error(error):
        return error_response(error.code, error.fields, error.details)

    @app.errorhandler(RemoteError)
    def handle_remote_error(error):
        api_error = from_remote_error(error)
        return error_response(api_error.code, api_error.fields)

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
        code = {401: "NOT_AUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND"}.get(error.code)
        if code is None:
            return jsonify({"error": error.name.upper().replace(" ", "_"), "message": error.description}), error.code
        return error_response(code)

    @app.errorhandler(Exception)
    def handle_unexpected(error):
        log.exception("unexpected error")
        return error_response("UNEXPECTED_ERROR")
