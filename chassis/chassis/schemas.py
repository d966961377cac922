"""Loading RPC input through marshmallow, with refusals as field codes."""

from marshmallow import ValidationError

from chassis.errors import InvalidInput

_MESSAGE_CODES = (
    ("Missing data for required field", "REQUIRED"),
    ("Field may not be null", "REQUIRED"),
    ("Not a valid date", "INVALID_DATE"),
    ("Not a valid datetime", "INVALID_DATE"),
    ("Not a valid integer", "INVALID_NUMBER"),
    ("Not a valid string", "INVALID_TEXT"),
    ("Must be one of", "NOT_ALLOWED"),
    ("Longer than maximum length", "TOO_LONG"),
    ("Shorter than minimum length", "REQUIRED"),
    ("Must be greater than or equal", "OUT_OF_RANGE"),
    ("Must be less than or equal", "OUT_OF_RANGE"),
    ("Unknown field", "UNKNOWN_FIELD"),
)


def message_code(message: str) -> str:
    for fragment, code in _MESSAGE_CODES:
        if fragment in message:
            return code
    return "INVALID"


def field_codes(messages) -> dict:
    codes = {}
    for field, problems in (messages or {}).items():
        first = problems[0] if isinstance(problems, list) and problems else problems
        codes[field] = message_code(first) if isinstance(first, str) else "INVALID"
    return codes


def load_or_refuse(schema, payload, **kwargs):
    try:
        return schema.load(payload if payload is not None else {}, **kwargs)
    except ValidationError as error:
        raise InvalidInput("input failed validation", fields=field_codes(error.messages)) from None
