"""The HTTP shapes of attendance (考勤): gate devices and their signed API, attendance cards, faces, clock records
and the day view. attendance_svc and identity_svc keep the rules; these check types and presence."""

from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.attendance_warning_schemas import RecordCorrectionSchema
from gateway.schemas import date_text, page_of

DEVICE_KINDS = ["face_terminal", "card_reader", "qr_scanner", "turnstile"]
DIRECTIONS = ["in", "out", "both"]
PROTOCOLS = ["platform", "hikvision", "zkteco"]
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
    protocol = fields.String(metadata={"enum": list(PROTOCOLS), "description":
                             "platform: the signed device API; hikvision: ISAPI event push; zkteco: iclock push"})
    device_address = fields.String(allow_none=True, metadata={
        "description": "a Hikvision terminal's ISAPI address as the platform reaches it (设备地址)"})
    username = fields.String(allow_none=True, metadata={"description": "the ISAPI digest username (用户名)"})
    pushes_people = fields.Boolean(metadata={
        "description": "the platform pushes this Hikvision terminal its people and faces over ISAPI"})


class DeviceFormSchema(Schema):
    """登记设备: ``{"kind": "face_terminal", "serial": "DS-K1T341-0001", "direction": "in", "location": "东门",
    "name": "东门进口"}``."""

    kind = fields.String(required=True, validate=validate.OneOf(DEVICE_KINDS))
    serial = fields.String(required=True, validate=validate.Length(min=1, max=64))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    protocol = fields.String(load_default="platform", validate=validate.OneOf(PROTOCOLS),
                             metadata={"description": "what the device speaks (协议): platform (平台 API), hikvision "
                                                      "(海康 ISAPI 推送) or zkteco (中控 iclock)"})
    device_address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200), metadata={
        "description": "hikvision only: the terminal's ISAPI address as the platform reaches it, e.g. "
                       "http://192.168.1.64 (设备地址); with it the platform pushes the terminal its people and faces"})
    username = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                             metadata={"description": "the terminal's ISAPI digest username (用户名)"})
    password = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=128),
                             metadata={"description": "the terminal's ISAPI digest password (密码), kept encrypted"})


class DeviceConnectionSchema(Schema):
    """修改连接: ``{"device_address": "http://192.168.1.64", "username": "admin", "password": "…"}``; an empty
    password keeps the one stored, an empty address takes the connection away."""

    device_address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    username = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    password = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=128))


class VerifyQuerySchema(Schema):
    day = fields.Date(load_default=None, allow_none=True, metadata={"description": "the site's day; none: every day"})


class VerifiedRecordsSchema(Schema):
    intact = fields.Boolean(metadata={"description": "完好: every record as written and the chain whole"})
    records = fields.Integer(metadata={"description": "how many records the day (or the device) holds"})
    head_intact = fields.Boolean(metadata={"description": "the newest record is the head the device row keeps"})
    first_broken_seq = fields.Integer(metadata={"description": "the device sequence number where the chain breaks"})
    problem = fields.String(metadata={"enum": ["edited", "relinked", "missing", "head"]})


class DeviceCredentialSchema(Schema):
    device = fields.Nested(DeviceSchema)
    secret = fields.String(metadata={"description": "the device's key (base64url of 32 bytes), shown this once"})
    push_url = fields.String(allow_none=True, metadata={
        "description": "hikvision / zkteco: the address to configure on the device, its key in it as the token "
                       "(shown this once, with the key); platform: none"})


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

#: 人脸采集 takes the faces of people on site and of those confirmed on the project, before they enter
FACE_STAGES = ("on_site", "awaiting_entry")


class FaceQuerySchema(Schema):
    name = fields.String(load_default="", metadata={"description": "姓名 (or the ID number), as 进场管理 searches"})
    team = fields.String(load_default="", metadata={"description": "班组: part of the 劳务队 name"})
    has_face = fields.Boolean(load_default=None, allow_none=True, metadata={"description": "有 / 无 face"})
    stage = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(FACE_STAGES),
                          metadata={"description": "on_site (在场) or awaiting_entry (待进场: confirmed, not entered)"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class FacePersonSchema(Schema):
    person_id = fields.Integer()
    entry_id = fields.Integer(allow_none=True, metadata={"description": "the entry on site; none awaiting entry"})
    stage = fields.String(metadata={"enum": list(FACE_STAGES)})
    name = fields.String()
    id_number_masked = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    employer_name = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True, metadata={"description": "所属劳务队 / 班组"})
    trade = fields.String(allow_none=True)
    enrolled = fields.Boolean()
    enrolled_at = date_text("date-time")
    submission = fields.Nested(lambda: FaceSubmissionSchema(), allow_none=True,
                               metadata={"description": "a photo the worker sent, waiting for 审核"})


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


class FaceSubmissionSchema(Schema):
    """A face photo the worker sent: 待审核 (pending), 已通过 (accepted), 退回 (rejected, with ``reason``)."""

    id = fields.Integer()
    person_id = fields.Integer()
    state = fields.String(metadata={"enum": ["pending", "accepted", "rejected"]})
    submitted_at = date_text("date-time")
    decided_at = date_text("date-time")
    reason = fields.String(allow_none=True)
    quality = fields.Nested(FaceQualitySchema)


class MyFaceSchema(Schema):
    enrolled = fields.Boolean()
    enrolled_at = date_text("date-time")
    submission = fields.Nested(FaceSubmissionSchema, allow_none=True)


class FaceSubmissionDecisionSchema(Schema):
    accept = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                           metadata={"description": "退回's reason, which the worker reads (required then)"})


class FaceSubmissionDecidedSchema(FaceSubmissionSchema):
    face = fields.Nested(FaceEnrolledSchema, allow_none=True, metadata={"description": "accepted: the face kept"})


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


# -- 出勤一览表 of a week or a month, and a person's attendance calendar ---------------------------------------------

VIEWS = ["day", "week", "month"]


class PeriodQuerySchema(Schema):
    """``?view=week&day=2026-12-02``: the day, the week (Monday to Sunday) or the calendar month holding ``day``."""

    view = fields.String(load_default="day", validate=validate.OneOf(VIEWS))
    day = fields.Date(required=True, metadata={"description": "a day of the period"})


class PeriodPeopleQuerySchema(PeriodQuerySchema):
    name = fields.String(load_default=None, validate=validate.Length(max=100),
                         metadata={"description": "part of the name"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class PeriodDaySchema(Schema):
    day = date_text()
    on_site = fields.Integer(metadata={"description": "在场人数: entered on or before the day, not exited before it"})
    attended = fields.Integer(metadata={"description": "出勤人数: those on site with an accepted record that day"})
    rate = fields.Float(metadata={"description": "attended / on_site, 0 … 1"})


class PeriodGroupSchema(Schema):
    """One row of 按班组 (``team``) or 按用人单位 (``employer``) over the period, in person-days."""

    team = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)
    people = fields.Integer(metadata={"description": "people on site at some time in the period"})
    on_site = fields.Integer(metadata={"description": "person-days on site"})
    attended = fields.Integer(metadata={"description": "person-days attended"})
    rate = fields.Float()


class AttendancePeriodSchema(Schema):
    view = fields.String(metadata={"enum": VIEWS})
    start = date_text()
    end = date_text()
    on_site = fields.Integer(metadata={"description": "people on site on any day of the period"})
    attended = fields.Integer(metadata={"description": "people who attended on any day"})
    person_days_on_site = fields.Integer()
    person_days_attended = fields.Integer()
    rate = fields.Float(metadata={"description": "person-days attended / on site"})
    days = fields.List(fields.Nested(PeriodDaySchema))
    by_team = fields.List(fields.Nested(PeriodGroupSchema))
    by_employer = fields.List(fields.Nested(PeriodGroupSchema))


class AttendedDaySchema(Schema):
    day = date_text()
    first_in = date_text("date-time")
    last_out = date_text("date-time")


class PeriodPersonSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    id_number_masked = fields.String(allow_none=True)
    employer_name = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True)
    days_on_site = fields.Integer()
    days_attended = fields.Integer()
    days = fields.List(fields.Nested(AttendedDaySchema), metadata={"description": "the days attended"})


PeriodPeoplePageSchema = page_of(PeriodPersonSchema, "PeriodPeoplePageSchema")


class MonthQuerySchema(Schema):
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                          metadata={"example": "2026-12"})


class CalendarProjectDaySchema(AttendedDaySchema):
    project_id = fields.Integer()


class CalendarDaySchema(AttendedDaySchema):
    projects = fields.List(fields.Nested(CalendarProjectDaySchema, exclude=("day",)))


class ProjectDaysSchema(Schema):
    project_id = fields.Integer()
    project_name = fields.String(allow_none=True)
    days_worked = fields.Integer()


class PersonAttendanceSchema(Schema):
    person_id = fields.Integer()
    name = fields.String(allow_none=True)
    month = fields.String(metadata={"example": "2026-12"})
    days_worked = fields.Integer(metadata={"description": "days with an accepted record, each counted once"})
    by_project = fields.List(fields.Nested(ProjectDaysSchema))
    days = fields.List(fields.Nested(CalendarDaySchema))


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


# -- other dialects, the command queue, reconciliation ---------------------------------------------------------

class HikvisionEventResultSchema(Schema):
    """A clock's outcome once stored; any other event ``{"ignored": true}``."""

    seq = fields.Integer(metadata={"description": "the event's serialNo"})
    outcome = fields.String(metadata={"enum": OUTCOMES})
    reason = fields.String()
    record_id = fields.Integer()
    person_id = fields.Integer()
    ignored = fields.Boolean()


class DeviceCommandPersonSchema(Schema):
    person_id = fields.Integer()
    name = fields.String(allow_none=True)
    kind = fields.String(metadata={"enum": ["person", "face"],
                                   "description": "person: the person's row on the device (人员); face: the face "
                                                  "(人脸, a ZKTeco terminal's BIOPHOTO)"})
    operation = fields.String(metadata={"enum": ["upsert", "delete"]})
    state = fields.String(metadata={"enum": ["pending", "sent", "ok", "failed"]})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True, metadata={
        "description": "why the row failed: the device's Return code, READ_BACK_MISMATCH, FACE_PHOTO_NOT_KEPT (no "
                       "photo kept to send: enrol the face again with FACE_KEEP_PHOTOS on), FACE_NOT_ENROLLED, "
                       "FACE_PHOTO_UNAVAILABLE; a Hikvision terminal's: DEVICE_UNREACHABLE, ISAPI_UNAUTHORIZED, "
                       "ISAPI <its subStatusCode> (ISAPI cardNoAlreadyExist, ISAPI deviceBusy)"})
    next_try_at = date_text("date-time")


class SequenceGapSchema(Schema):
    from_ = fields.Integer(data_key="from", attribute="from")
    to = fields.Integer()


class CommandCountsSchema(Schema):
    pending = fields.Integer()
    sent = fields.Integer()
    ok = fields.Integer()
    failed = fields.Integer()


class DeviceCommandsSchema(Schema):
    device_id = fields.Integer()
    protocol = fields.String(metadata={"enum": PROTOCOLS})
    counts = fields.Nested(CommandCountsSchema)
    people = fields.List(fields.Nested(DeviceCommandPersonSchema))
    gaps = fields.List(fields.Nested(SequenceGapSchema))


class HistoryRecordSchema(Schema):
    seq = fields.Integer(load_default=None, allow_none=True,
                         metadata={"description": "the device's sequence number (Hikvision serialNo, the platform "
                                                  "API's seq); a ZKTeco entry has none"})
    occurred_at = fields.String(required=True, metadata={"format": "date-time"})
    person_ref = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                               metadata={"description": "the person as the device names them (PIN, employeeNo)"})


class ReconciliationRequestSchema(Schema):
    """The device's history: ``records`` as a list, or ``attlog``, a ZKTeco ATTLOG re-upload's text; or
    ``from_device``: read from a Hikvision terminal the platform reaches, the site's ``day`` (today by default)."""

    records = fields.List(fields.Dict(), load_default=list, validate=validate.Length(max=20_000))
    attlog = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2_000_000))
    from_device = fields.Boolean(load_default=False, metadata={
        "description": "read the history from the device itself over ISAPI (a Hikvision terminal with its "
                       "device_address): 从设备读取"})
    day = fields.Date(load_default=None, allow_none=True,
                      metadata={"description": "with from_device: the site's day to read; none: today"})


class MissingRecordSchema(Schema):
    seq = fields.Integer()
    occurred_at = date_text("date-time")
    person_ref = fields.String(allow_none=True)


class ReconciliationSchema(Schema):
    device_id = fields.Integer()
    protocol = fields.String(metadata={"enum": PROTOCOLS})
    checked = fields.Integer()
    missing = fields.List(fields.Nested(MissingRecordSchema))
    missing_count = fields.Integer()
    gaps = fields.List(fields.Nested(SequenceGapSchema))
