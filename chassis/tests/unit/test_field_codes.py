"""Every field problem is one code from one table, whatever marshmallow validator or field refused it."""

import pytest
from marshmallow import ValidationError, fields, validate

from chassis.errors import InvalidInput
from chassis.schemas import FIELD_CODES, Schema, load_or_refuse


def digits_only(value):
    if not value.isdigit():
        raise ValidationError("Digits only.")  # words, not a code: the user reads "not valid"


def a_phone(value):
    if not value.isdigit():
        raise ValidationError("PHONE_FORMAT")


#: (what the field is, what was sent, the code the user's form shows)
REFUSALS = [
    ("length between 1 and 50, 51 characters", fields.String(validate=validate.Length(min=1, max=50)), "x" * 51,
     "TOO_LONG"),
    ("length between 1 and 50, nothing", fields.String(validate=validate.Length(min=1, max=50)), "", "REQUIRED"),
    ("at most 20 characters", fields.String(validate=validate.Length(max=20)), "1" * 21, "TOO_LONG"),
    ("at least 1 character", fields.String(validate=validate.Length(min=1)), "", "REQUIRED"),
    ("at least 6 characters", fields.String(validate=validate.Length(min=6)), "31010", "TOO_SHORT"),
    ("exactly 18 characters, fewer", fields.String(validate=validate.Length(equal=18)), "3101", "TOO_SHORT"),
    ("exactly 18 characters, more", fields.String(validate=validate.Length(equal=18)), "3" * 19, "TOO_LONG"),
    ("a list of at least one", fields.List(fields.Integer(), validate=validate.Length(min=1)), [], "REQUIRED"),
    ("at least 1", fields.Integer(validate=validate.Range(min=1)), 0, "OUT_OF_RANGE"),
    ("between 1 and 200, above", fields.Integer(validate=validate.Range(min=1, max=200)), 201, "OUT_OF_RANGE"),
    ("between 1 and 200, below", fields.Integer(validate=validate.Range(min=1, max=200)), 0, "OUT_OF_RANGE"),
    ("one of a code table", fields.String(validate=validate.OneOf(["01", "02"])), "99", "NOT_ALLOWED"),
    ("none of some values", fields.String(validate=validate.NoneOf(["admin"])), "admin", "NOT_ALLOWED"),
    ("a pattern", fields.String(validate=validate.Regexp(r"\d+$")), "abc", "INVALID"),
    ("a check of our own in words", fields.String(validate=digits_only), "abc", "INVALID"),
    ("a check of our own with a code", fields.String(validate=a_phone), "abc", "PHONE_FORMAT"),
    ("a date", fields.Date(), "31/12/2026", "INVALID_DATE"),
    ("a date and time", fields.DateTime(), "yesterday", "INVALID_DATE"),
    ("a whole number", fields.Integer(), "seven", "INVALID_NUMBER"),
    ("a number", fields.Float(), "seven", "INVALID_NUMBER"),
    ("text", fields.String(), 42, "INVALID_TEXT"),
    ("yes or no", fields.Boolean(), "perhaps", "INVALID"),
    ("an email address", fields.Email(), "nobody", "INVALID"),
    ("a list", fields.List(fields.String()), "not a list", "INVALID"),
    ("required", fields.String(required=True), ..., "REQUIRED"),
    ("not null", fields.String(allow_none=False), None, "REQUIRED"),
]


def refusal_of(schema, payload):
    with pytest.raises(InvalidInput) as refused:
        load_or_refuse(schema, payload)
    return refused.value.fields


@pytest.mark.parametrize(("field", "value", "code"), [row[1:] for row in REFUSALS], ids=[row[0] for row in REFUSALS])
def test_each_kind_of_problem_has_its_own_code(field, value, code):
    form = Schema.from_dict({"value": field})()
    assert refusal_of(form, {} if value is ... else {"value": value}) == {"value": code}
    assert code in (*FIELD_CODES, "PHONE_FORMAT")  # the table's, or the one a rule of ours raised


def test_a_plain_marshmallow_schema_is_given_codes_when_it_loads():
    from marshmallow import Schema as MarshmallowSchema

    plain = MarshmallowSchema.from_dict({"name": fields.String(validate=validate.Length(min=1, max=50))})()
    assert refusal_of(plain, {"name": "x" * 51}) == {"name": "TOO_LONG"}


def test_a_field_nobody_asked_for_is_named_as_unknown():
    form = Schema.from_dict({"name": fields.String()})()
    assert refusal_of(form, {"name": "张三", "salary": 1}) == {"salary": "UNKNOWN_FIELD"}


class Terms(Schema):
    employer_id = fields.Integer(required=True)
    entry_date = fields.Date(required=True)


class UnregisteredEntry(Schema):
    person = fields.Nested(Schema.from_dict({"id_number": fields.String(required=True)}), required=True)
    entry = fields.Nested(Terms, required=True)
    entry_ids = fields.List(fields.Integer())


def test_a_nested_form_names_each_field_by_its_path():
    problems = refusal_of(UnregisteredEntry(), {"person": {}, "entry": {"entry_date": "2026-13-01"},
                                                "entry_ids": [1, "two"]})
    assert problems == {"person.id_number": "REQUIRED", "entry.employer_id": "REQUIRED",
                        "entry.entry_date": "INVALID_DATE", "entry_ids.1": "INVALID_NUMBER"}


def test_a_nested_form_that_is_not_a_form_is_named_itself():
    assert refusal_of(UnregisteredEntry(), {"person": "310104…", "entry": {"employer_id": 1,
                                                                         "entry_date": "2026-01-01"}}) == {
        "person": "INVALID"}


def test_a_coded_validator_still_shows_its_limits_to_the_api_document():
    length = Schema.from_dict({"name": fields.String(validate=validate.Length(max=50))})().fields["name"].validators[0]
    assert isinstance(length, validate.Length) and length.max == 50
