import datetime as dt
import json
import uuid

from marshmallow import Schema, fields, validate

from chassis.caller import Caller
from chassis.config import expand_environment
from chassis.errors import InvalidInput, ServiceError, parse_remote_error
from chassis.events import make_envelope
from chassis.schemas import load_or_refuse


def test_an_envelope_carries_identity_type_version_time_producer_correlation_and_data():
    envelope = make_envelope("person_registered", "identity_svc", {"person_id": 1}, correlation_id="req-1")
    assert set(envelope) == {"event_id", "event_type", "schema_version", "occurred_at", "producer", "correlation_id",
                             "data"}
    assert envelope["correlation_id"] == "req-1"
    assert make_envelope("person_registered", "identity_svc", {"person_id": 1})["correlation_id"] is None
    uuid.UUID(envelope["event_id"])
    assert dt.datetime.fromisoformat(envelope["occurred_at"]).tzinfo is not None
    assert json.loads(json.dumps(envelope)) == envelope


def test_a_refusal_survives_the_trip_as_text():
    refusal = InvalidInput("bad", fields={"id_number": "ID_NUMBER_CHECK_DIGIT"})
    assert parse_remote_error(str(refusal)) == {
        "code": "INVALID_INPUT", "detail": "bad", "fields": {"id_number": "ID_NUMBER_CHECK_DIGIT"}, "details": {}
    }
    assert parse_remote_error("KeyError('x')") is None


def test_the_details_of_a_refusal_survive_the_trip():
    refusal = ServiceError("on record", code="PERSON_ALREADY_REGISTERED",
                           details={"on_file": {"person_id": 7, "name": "张伟"}, "differences": ["name"]})
    assert parse_remote_error(str(refusal))["details"] == {"on_file": {"person_id": 7, "name": "张伟"},
                                                           "differences": ["name"]}


def test_the_caller_travels_as_context_data_and_back():
    caller = Caller("site", "xianchang", project_id=3)
    assert Caller.from_context(caller.to_context()) == caller


class Sample(Schema):
    name = fields.String(required=True)
    born = fields.Date()
    kind = fields.String(validate=validate.OneOf(["a"]))


def test_schema_errors_become_field_codes():
    try:
        load_or_refuse(Sample(), {"born": "31/12", "kind": "b"})
    except InvalidInput as refusal:
        assert refusal.fields == {"name": "REQUIRED", "born": "INVALID_DATE", "kind": "NOT_ALLOWED"}
    else:
        raise AssertionError("invalid input was accepted")


def test_environment_references_take_the_value_or_the_default(monkeypatch):
    monkeypatch.setenv("PLATFORM_SAMPLE", "rabbit")
    assert expand_environment("uri: ${PLATFORM_SAMPLE:x} db: ${PLATFORM_MISSING:sqlite:///a.db}") == (
        "uri: rabbit db: sqlite:///a.db"
    )
