"""The HTTP shapes of attendance (考勤): gate devices and their signed API, attendance cards, faces, clock records
and the day view. attendance_svc and identity_svc keep the rules; these check types and presence."""

from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.attendance_warning_schemas import RecordCorrectionSchema
from gateway.schemas import date_text, page_of

DEVICE_KINDS = ["face_terminal", "card_reader", "qr_scanner", "turnstile"]
DIRECTIONS = ["in", "out", "both"]
OUTCOMES = ["accepted", "duplicate", "refused"]
CLOCK_METHODS = ["face", "card", "code", "id_card"]


# -- the device API (signed by the device, no user login) -------------------------------------------------------

class HeartbeatRequestSchema(Schema):
    """``{"person_count": 120, "face_count": 118}``: what the terminal holds now."""

    person_count = fields.Integer(required=True, validate=validate.Range(min=0))
    face_count = fields.Integer(required=True, validate=validate.Range(min=0))


class HeartbeatSchema(Schema):
    server_time = date_text("date-time")
    whitelist_version = fields.Raw(allow_none=True, metadata={"type": "integer"})
    resync = fields.Boolean(metadata={"description": "the counts disagree with the platform: pull the whole "
                                                     "whitelist again (``since=0``)"})


class DeviceRecordSchema(Schema):
    seq = fields.Integer(required=True, metadata={"description": "the device's own sequence number"})
    occurred_at = fields.String(required=True, metadata={"format": "date-time",
                                                         "description": "device time, ISO 8601 with offset"})
    method = fields.String(required=True, validate=validate.OneOf(CLOCK_METHODS))
    person_id = fields.Integer(metadata={"description": "the terminal identified the face itself"})
    similarity = fields.Float()
    card_number = fields.String()
    code = fields.String(metadata={"description": "a scanned personal 建设码"})
    photo = fields.String(metadata={"description": "base64 JPEG/PNG, for identification by the platform"})
    direction = fields.String(validate=validate.OneOf(["in", "out"]))


class DeviceRecordsRequestSchema(Schema):
    records = fields.List(fields.Nested(DeviceRecordSchema), required=True,
                          validate=validate.Length(min=1, max=500))


class DeviceRecordResultSchema(Schema):
    seq = fields.Integer()
    outcome = fields.String(metadata={"enum": OUTCOMES})
    reason = fields.String(allow_none=True, metadata={"example": "NOT_ON_SITE"})
    record_id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True)


class DeviceRecordsSchema(Schema):
    results = fields.List(fields.Nested(DeviceRecordResultSchema))


class WhitelistPersonSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    card_number = fields.String(allow_none=True)
    template = fields.String(allow_none=True, metadata={"description": "base64 of 512 float32, little-endian"})


class WhitelistSchema(Schema):
    version = fields.Raw(metadata={"type": "integer"})
    people = fields.List(fields.Nested(WhitelistPersonSchema))
    removed = fields.List(fields.Integer())


# -- 考勤设备 -------------------------------------------------------------------------------------------------------

class DeviceSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    kind = fields.String(metadata={"enum": DEVICE_KINDS})
    serial = fields.String()
    name = fields.String(allow_none=True)
    direction = fields.String(metadata={"enum": DIRECTIONS})
    location = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["online", "offline"]})
    last_seen_at = date_text("date-time")
    registered_at = date_text("date-time")
    reported_person_count = fields.Integer(allow_none=True)
    reported_face_count = fields.Integer(allow_none=True)


class DeviceFormSchema(Schema):
    """登记设备: ``{"kind": "face_terminal", "serial": "DS-K1T341-0001", "direction": "in", "location": "东门",
    "name": "东门进口"}``."""

    kind = fields.String(required=True, validate=validate.OneOf(DEVICE_KINDS))
    serial = fields.String(required=True, validate=validate.Length(min=1, max=64))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))


class DeviceCredentialSchema(Schema):
    device = fields.Nested(DeviceSchema)
    secret = fields.String(metadata={"description": "the device's key (base64url of 32 bytes), shown this once"})


# -- 发卡 ---------------------------------------------------------------------------------------------------------

class CardFormSchema(Schema):
    card_number = fields.String(required=True, validate=validate.Length(min=1, max=32))


class CardSchema(Schema):
    person_id = fields.Integer()
    card_number = fields.String(allow_none=True)


class CardsQuerySchema(Schema):
    person_ids = fields.List(fields.Integer(), required=True, validate=validate.Length(min=1, max=200),
                             metadata={"description": "``?person_ids=7&person_ids=8``"})


# -- 人脸采集 -------------------------------------------------------------------------------------------------------

class FaceQuerySchema(Schema):
    name = fields.String(load_default="", metadata={"description": "姓名 (or the ID number), as 进场管理 searches"})
    team = fields.String(load_default="", metadata={"description": "班组: part of the 劳务队 name"})
    has_face = fields.Boolean(load_default=None, allow_none=True, metadata={"description": "有 / 无 face"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class FacePersonSchema(Schema):
    person_id = fields.Integer()
    entry_id = fields.Integer()
    name = fields.String()
    id_number_masked = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    employer_name = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True, metadata={"description": "所属劳务队 / 班组"})
    trade = fields.String(allow_none=True)
    enrolled = fields.Boolean()
    enrolled_at = date_text("date-time")


FacePageSchema = page_of(FacePersonSchema, "FacePageSchema")


class FacePhotoSchema(Schema):
    """A photo as JSON: ``{"image": "<base64 JPEG or PNG>"}`` (or multipart/form-data with the field ``file``)."""

    image = fields.String(validate=validate.Length(min=1))


class FaceQualitySchema(Schema):
    face_px = fields.Float()
    yaw = fields.Float()
    pitch = fields.Float()
    sharpness = fields.Float()
    brightness = fields.Float()


class FaceEnrolledSchema(Schema):
    person_id = fields.Integer()
    enrolled = fields.Boolean()
    enrolled_at = date_text("date-time")
    quality = fields.Nested(FaceQualitySchema)


# -- 出勤记录 and 出勤一览表 ------------------------------------------------------------------------------------------

class ClockRecordQuerySchema(Schema):
    day = fields.Date(load_default=None, allow_none=True)
    person_id = fields.Integer(load_default=None, allow_none=True)
    outcome = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(OUTCOMES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ClockRecordSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)
    device_name = fields.String(allow_none=True)
    occurred_at = date_text("date-time")
    direction = fields.String(allow_none=True, metadata={"enum": ["01", "02"], "description": "01 in, 02 out"})
    method = fields.String(allow_none=True, metadata={"description": "001 face, 005 ID card, 006 real-name card, "
                                                                    "010 QR code, 011 补卡"})
    outcome = fields.String(metadata={"enum": OUTCOMES})
    reason = fields.String(allow_none=True, metadata={"example": "NOT_ON_SITE"})
    late = fields.Boolean(metadata={"description": "received more than 5 min after it happened"})
    correction = fields.Nested(RecordCorrectionSchema, allow_none=True,
                               metadata={"description": "补卡: the record was entered by hand (method 011)"})
    has_photo = fields.Boolean(metadata={"description": "a thumbnail is kept: GET …/records/<id>/photo"})


ClockRecordPageSchema = page_of(ClockRecordSchema, "ClockRecordPageSchema")


class DayQuerySchema(Schema):
    day = fields.Date(load_default=None, allow_none=True, metadata={"description": "today when not given"})


class DayGroupSchema(Schema):
    """One row of 按班组 (``team``) or 按用人单位 (``employer``); ``*_name`` where the service names it so."""

    team = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)
    employer_name = fields.String(allow_none=True)
    on_site = fields.Integer()
    attended = fields.Integer()


class DayPersonSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    employer_name = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True)
    first_in = date_text("date-time")
    last_out = date_text("date-time")


class AttendanceDaySchema(Schema):
    day = date_text()
    on_site = fields.Integer()
    attended = fields.Integer()
    rate = fields.Float(allow_none=True, metadata={"description": "attended / on_site, 0 … 1"})
    by_team = fields.List(fields.Nested(DayGroupSchema))
    by_employer = fields.List(fields.Nested(DayGroupSchema))
    people = fields.List(fields.Nested(DayPersonSchema))


# -- the worker's own clock-in by the site's code ---------------------------------------------------------------

class SiteCodeSchema(Schema):
    project_id = fields.Integer()
    url = fields.String(metadata={"example": "https://rsmz.example.org/m/clock/3"})
    qr_svg = fields.String(metadata={"description": "the QR code of ``url``, as SVG"})


class ClockByCodeSchema(Schema):
    """``{"project_id": 3}``: the project whose site code the worker scanned."""

    project_id = fields.Integer(required=True)


class ClockedSchema(Schema):
    id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    project_id = fields.Integer(allow_none=True)
    occurred_at = date_text("date-time")
    direction = fields.String(allow_none=True)
    method = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True, metadata={"enum": OUTCOMES})
    reason = fields.String(allow_none=True)
