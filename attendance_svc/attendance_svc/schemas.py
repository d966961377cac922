"""What crosses attendance_svc's boundary."""

from marshmallow import EXCLUDE, fields, validate

from attendance_svc.dialects import PLATFORM, PROTOCOLS
from attendance_svc.domain import DEVICE_KINDS, DIRECTIONS, METHOD_CODES, OUTCOMES
from chassis.errors import InvalidInput
from chassis.schemas import Schema, load_or_refuse

#: the most records one upload may carry
MAX_RECORDS = 500


class DeviceRegistrationSchema(Schema):
    """登记设备: type, serial number, direction (进 / 出 / 进出), where it stands, and a name."""

    class Meta:
        unknown = EXCLUDE

    kind = fields.String(required=True, validate=validate.OneOf(DEVICE_KINDS))
    #: printable ASCII without spaces (checked by ``domain.check_serial``)
    serial = fields.String(required=True, validate=validate.Length(min=1, max=64))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    #: what the device speaks: the platform's signed API, Hikvision's event push or ZKTeco's iclock
    protocol = fields.String(load_default=PLATFORM, allow_none=False, validate=validate.OneOf(PROTOCOLS))


class HeartbeatSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    person_count = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    face_count = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))


class DeviceClockSchema(Schema):
    """One clock a device uploads, with its own sequence number and time (the device's clock, with offset)."""

    class Meta:
        unknown = EXCLUDE

    seq = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=2**62))
    occurred_at = fields.AwareDateTime(required=True)
    method = fields.String(required=True, validate=validate.OneOf(list(METHOD_CODES)))
    person_id = fields.Integer(load_default=None, allow_none=True)
    similarity = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=-1, max=1))
    card_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=400))
    photo = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=6_000_000))
    direction = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("in", "out")))


class DeviceUploadSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    # each record is loaded on its own (``load_records``), its problems named ``records.<n>.<field>``
    records = fields.List(fields.Raw(), required=True,
                          validate=[validate.Length(min=1), validate.Length(max=MAX_RECORDS)])


def load_records(body: dict) -> list[dict]:
    """The records of an upload, each checked; every problem of every record refused at once."""
    records = load_or_refuse(DeviceUploadSchema(), body)["records"]
    schema, loaded, problems = DeviceClockSchema(), [], {}
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            problems[f"records.{index}"] = "INVALID"
            continue
        try:
            loaded.append(load_or_refuse(schema, record))
        except InvalidInput as refusal:
            problems.update({f"records.{index}.{name}": code for name, code in refusal.fields.items()})
    if problems:
        raise InvalidInput("input failed validation", fields=problems)
    return loaded


class WhitelistQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    since = fields.Integer(load_default=0, validate=validate.Range(min=0))


class CardSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    person_id = fields.Integer(required=True)
    #: letters and digits (checked by ``domain.check_card_number``)
    card_number = fields.String(required=True, validate=validate.Length(min=1, max=40))


class ClockRecordQuerySchema(Schema):
    """出勤记录's filters."""

    class Meta:
        unknown = EXCLUDE

    day = fields.Date(load_default=None, allow_none=True)
    person_id = fields.Integer(load_default=None, allow_none=True)
    outcome = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(OUTCOMES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class DayQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    day = fields.Date(load_default=None, allow_none=True)  # none: the site's today


class PeriodQuerySchema(Schema):
    """A week or a month of 出勤一览表: both ends included."""

    class Meta:
        unknown = EXCLUDE

    start = fields.Date(required=True)
    end = fields.Date(required=True)


class PeriodPeopleQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=1000))


class PersonMonthQuerySchema(Schema):
    """考勤日历: a person and a month (``2026-12``)."""

    class Meta:
        unknown = EXCLUDE

    person_id = fields.Integer(required=True)
    month = fields.String(required=True, validate=validate.Length(max=7))  # YYYY-MM: domain.parse_month
    project_id = fields.Integer(load_default=None, allow_none=True)


class CorrectionApplicationSchema(Schema):
    """补卡: who, the day and time of the clock the gate did not record, in or out, and why."""

    class Meta:
        unknown = EXCLUDE

    person_id = fields.Integer(required=True)
    day = fields.Date(required=True)
    time = fields.Time(required=True, format="%H:%M")
    direction = fields.String(required=True, validate=validate.OneOf(("in", "out")))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CorrectionDecisionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    approve = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class CorrectionQuerySchema(Schema):
    status = fields.String(load_default=None, allow_none=True,
                           validate=validate.OneOf(("pending", "approved", "rejected")))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))
