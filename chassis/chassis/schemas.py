"""Loading input through marshmallow, with every refusal as one field code from one table.

A field problem reaches the user as a code keyed by the field's path
(``{"entry.entry_date": "INVALID_DATE", "entry_ids.0": "INVALID_NUMBER"}``);
the gateway's table (gateway/gateway/messages.py ``FIELD_PROBLEMS``) gives
each code its words. The codes come from what failed, never from
marshmallow's English: each field's error keys (``required``, ``null``,
``invalid`` …) and each validator (``Length``, ``Range``, ``OneOf`` …) are
given a code when a schema is made (``coded``), so ``Length(min=1, max=50)``
says ``TOO_LONG`` for 51 characters and ``REQUIRED`` for none.
"""

import re
from functools import cache

from marshmallow import Schema as MarshmallowSchema
from marshmallow import ValidationError, fields, validate

from chassis.errors import InvalidInput

REQUIRED = "REQUIRED"
TOO_LONG = "TOO_LONG"
TOO_SHORT = "TOO_SHORT"
NOT_ALLOWED = "NOT_ALLOWED"
INVALID_DATE = "INVALID_DATE"
INVALID_NUMBER = "INVALID_NUMBER"
OUT_OF_RANGE = "OUT_OF_RANGE"
INVALID_TEXT = "INVALID_TEXT"
UNKNOWN_FIELD = "UNKNOWN_FIELD"
INVALID = "INVALID"
#: every code a schema can give a field
FIELD_CODES = (REQUIRED, TOO_LONG, TOO_SHORT, NOT_ALLOWED, INVALID_DATE, INVALID_NUMBER, OUT_OF_RANGE,
               INVALID_TEXT, UNKNOWN_FIELD, INVALID)

#: a message that is already a code: what a coded validator or a domain rule raises
_CODE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
#: marks a schema whose fields carry codes
_CODED = "_chassis_coded"


def invalid_code(field: fields.Field) -> str:
    """What ``invalid`` means for this kind of field."""
    if isinstance(field, fields.Date | fields.DateTime | fields.Time | fields.TimeDelta):
        return INVALID_DATE
    if isinstance(field, fields.Number):
        return INVALID_NUMBER
    if isinstance(field, fields.String) and not isinstance(field, fields.Email | fields.Url):
        return INVALID_TEXT
    return INVALID


def error_key_codes(field: fields.Field) -> dict:
    """A code for each of the field's error keys: ``{"required": "REQUIRED", "invalid": "INVALID_DATE", …}``."""
    by_key = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": invalid_code(field),
        "format": INVALID_DATE,
        "invalid_awareness": INVALID_DATE,
        "too_large": OUT_OF_RANGE,
        "special": INVALID_NUMBER,
        "unknown": NOT_ALLOWED,  # fields.Enum: a value outside the enumeration
    }
    return {key: by_key.get(key, INVALID) for key in field.error_messages}


def validator_code(validator, value) -> str:
    """The code of a validator that refused ``value``."""
    if isinstance(validator, validate.Length):
        length = len(value)
        shortest = validator.equal if validator.equal is not None else validator.min
        if shortest is not None and length < shortest:
            return REQUIRED if length == 0 else TOO_SHORT
        return TOO_LONG
    if isinstance(validator, validate.Range):
        return OUT_OF_RANGE
    if isinstance(validator, validate.OneOf | validate.NoneOf | validate.ContainsOnly | validate.ContainsNoneOf):
        return NOT_ALLOWED
    return INVALID


class _CodedValidator:
    """Mixed into a copy of a marshmallow validator: it refuses with its code, and stays the validator it was
    (``isinstance(v, validate.Length)`` still holds, so the OpenAPI document keeps its limits)."""

    def __call__(self, value):
        try:
            return super().__call__(value)
        except ValidationError:
            raise ValidationError(validator_code(self, value)) from None


@cache
def _coded_class(validator_class):
    return type(f"Coded{validator_class.__name__}", (_CodedValidator, validator_class), {})


def coded_validator(validator):
    if not isinstance(validator, validate.Validator) or isinstance(validator, _CodedValidator):
        return validator  # a plain function refuses with its own code or with ``validator_failed``
    copied = object.__new__(_coded_class(type(validator)))
    copied.__dict__.update(vars(validator))
    return copied


def coded_field(field: fields.Field):
    field.error_messages = {**field.error_messages, **error_key_codes(field)}
    field.validators = [coded_validator(v) for v in field.validators]
    if isinstance(field, fields.Nested):
        coded(field.schema)
    for inner in (getattr(field, "inner", None), getattr(field, "key_field", None),
                  getattr(field, "value_field", None), *getattr(field, "tuple_fields", ())):
        if isinstance(inner, fields.Field):
            coded_field(inner)


def coded(schema: MarshmallowSchema) -> MarshmallowSchema:
    """Gives every field of ``schema`` (nested schemas and list items included) its codes; once per instance."""
    if getattr(schema, _CODED, False):
        return schema
    setattr(schema, _CODED, True)
    schema.error_messages = {**schema.error_messages, "type": INVALID, "unknown": UNKNOWN_FIELD}
    for field in schema.fields.values():
        coded_field(field)
    return schema


class Schema(MarshmallowSchema):
    """A marshmallow schema whose refusals are codes: the base of every schema the platform loads input with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coded(self)


def _first_problem(problems):
    return problems[0] if isinstance(problems, list) and problems else problems


def field_codes(messages, prefix="") -> dict:
    """marshmallow's messages as ``{path: code}``: nested forms and list items by their dotted path
    (``{"entry": {"entry_date": [...]}}`` → ``{"entry.entry_date": ...}``, ``entry_ids.0``); a schema-level
    problem (``_schema``) belongs to the form it is in. A message that is not a code reads ``INVALID``."""
    codes = {}
    for key, problems in (messages or {}).items():
        path = prefix if key == "_schema" else f"{prefix}.{key}" if prefix else str(key)
        problem = _first_problem(problems)
        if isinstance(problem, dict):
            codes.update(field_codes(problem, path))
        else:
            codes[path or "_schema"] = problem if isinstance(problem, str) and _CODE.fullmatch(problem) else INVALID
    return codes


def load_or_refuse(schema, payload, **kwargs):
    try:
        return coded(schema).load(payload if payload is not None else {}, **kwargs)
    except ValidationError as error:
        raise InvalidInput("input failed validation", fields=field_codes(error.messages)) from None
