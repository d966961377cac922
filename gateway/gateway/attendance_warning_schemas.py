"""The HTTP shapes of 考勤预警 (absence warnings, the attendance rate), 补卡 and the live 出勤记录."""

from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.schemas import date_text


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
