"""The HTTP shapes of 考勤预警 (absence warnings, the attendance rate), 补卡 and the live 出勤记录."""

from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.schemas import date_text, page_of


class AbsenceWarningSchema(Schema):
    project_id = fields.Integer()
    entry_id = fields.Integer(metadata={"description": "the 进场 that 退场 (POST /entries/exit) names"})
    person_id = fields.Integer()
    name = fields.String()
    id_number_masked = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True, metadata={"description": "班组 (the 劳务队长's name)"})
    employer_name = fields.String(allow_none=True)
    entry_date = date_text()
    last_attended_day = date_text()
    days_absent = fields.Integer(metadata={"description": "whole days without attendance before today"})
    spell_start = date_text()


class AttendanceRateSchema(Schema):
    project_id = fields.Integer()
    days = fields.Integer(metadata={"description": "the whole days before today the rate is of (7)"})
    threshold = fields.Float(metadata={"description": "below it the project is flagged (0.7)"})
    from_ = fields.String(data_key="from", metadata={"format": "date"})
    to = date_text()
    on_site_days = fields.Integer(metadata={"description": "person-days on site"})
    attended_days = fields.Integer(metadata={"description": "person-days with an accepted record"})
    rate = fields.Float(allow_none=True, metadata={"description": "attended / on site, 0 … 1; null: nobody on site"})
    low = fields.Boolean()
    low_since = date_text("date-time")


class ProjectWarningsSchema(Schema):
    warning_days = fields.Integer(metadata={"description": "ABSENCE_WARNING_DAYS (3)"})
    items = fields.List(fields.Nested(AbsenceWarningSchema))
    rate = fields.Nested(AttendanceRateSchema)


class WarningsSchema(Schema):
    warning_days = fields.Integer()
    items = fields.List(fields.Nested(AbsenceWarningSchema))


class WarningsQuerySchema(Schema):
    project_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1),
                                metadata={"description": "one project's; every project's when not given"})


# -- 补卡 ---------------------------------------------------------------------------------------------------------

class CorrectionFormSchema(Schema):
    """补卡申请: ``{"person_id": 12, "day": "2026-11-30", "time": "07:30", "direction": "in", "reason": "人脸机故障"}``
    (the site's time)."""

    person_id = fields.Integer(required=True)
    day = fields.Date(required=True)
    time = fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$"),
                         metadata={"example": "07:30", "description": "HH:MM, the site's time"})
    direction = fields.String(required=True, validate=validate.OneOf(["in", "out"]))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CorrectionDecisionSchema(Schema):
    """审批: ``{"approve": true}``, or ``{"approve": false, "reason": "…"}`` (a rejection says why)."""

    approve = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class CorrectionQuerySchema(Schema):
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["pending", "approved",
                                                                                        "rejected"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class CorrectionSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    person_id = fields.Integer()
    name = fields.String(allow_none=True)
    occurred_at = date_text("date-time")
    day = date_text()
    direction = fields.String(metadata={"enum": ["01", "02"], "description": "01 in, 02 out"})
    reason = fields.String()
    applicant = fields.String()
    applied_at = date_text("date-time")
    status = fields.String(metadata={"enum": ["pending", "approved", "rejected"]})
    decided_by = fields.String(allow_none=True)
    decided_at = date_text("date-time")
    decision_reason = fields.String(allow_none=True)
    record_id = fields.Integer(allow_none=True, metadata={"description": "the new record of an approved one"})


CorrectionPageSchema = page_of(CorrectionSchema, "CorrectionPageSchema")


class RecordCorrectionSchema(Schema):
    """On a record entered by 补卡: why, who applied, who approved."""

    reason = fields.String()
    applicant = fields.String()
    approver = fields.String(allow_none=True)
