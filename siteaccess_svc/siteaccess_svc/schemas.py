"""What crosses siteaccess_svc's boundary."""

from marshmallow import EXCLUDE, Schema, fields, validate

from siteaccess_svc.reference import EDUCATION_LEVELS, ENTRY_STATES, EVALUATIONS, TRADES


class EmploymentTermsSchema(Schema):
    """用工信息 of 进场登记 and 非正常登记."""

    class Meta:
        unknown = EXCLUDE

    employer_id = fields.Integer(required=True)
    is_team_leader = fields.Boolean(load_default=False)
    team_leader_entry_id = fields.Integer(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    trade = fields.String(required=True, validate=validate.OneOf(list(TRADES)))
    education = fields.String(required=True, validate=validate.OneOf(list(EDUCATION_LEVELS)))
    entry_date = fields.Date(required=True)


class EntryRequestSchema(EmploymentTermsSchema):
    id_type = fields.String(load_default="01")
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=30))


class EntryChangesSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    employer_id = fields.Integer()
    is_team_leader = fields.Boolean()
    team_leader_entry_id = fields.Integer(allow_none=True)
    phone = fields.String(allow_none=True, validate=validate.Length(max=20))
    trade = fields.String(validate=validate.OneOf(list(TRADES)))
    education = fields.String(validate=validate.OneOf(list(EDUCATION_LEVELS)))
    entry_date = fields.Date()


class ExitRequestSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    # two checks, so that nobody chosen reads as a missing field and too many as too long
    entry_ids = fields.List(fields.Integer(), required=True,
                            validate=[validate.Length(min=1), validate.Length(max=500)])
    exit_date = fields.Date(required=True)
    evaluation = fields.String(required=True, validate=validate.OneOf(list(EVALUATIONS)))
    evaluation_comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ExitTeamRequestSchema(Schema):
    """班组退场: the team, and the 退工日期 and 用工评价 every member exits with."""

    class Meta:
        unknown = EXCLUDE

    team_id = fields.Integer(required=True)
    exit_date = fields.Date(required=True)
    evaluation = fields.String(required=True, validate=validate.OneOf(list(EVALUATIONS)))
    evaluation_comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class EntryQuerySchema(Schema):
    """Filters of 进场管理, 退场查询 and 用工查询."""

    class Meta:
        unknown = EXCLUDE

    project_id = fields.Integer(load_default=None, allow_none=True)
    employer_id = fields.Integer(load_default=None, allow_none=True)
    team_leader_entry_id = fields.Integer(load_default=None, allow_none=True)
    person = fields.String(load_default="")
    trade = fields.String(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(ENTRY_STATES)))
    entry_from = fields.Date(load_default=None, allow_none=True)
    entry_to = fields.Date(load_default=None, allow_none=True)
    exit_from = fields.Date(load_default=None, allow_none=True)
    exit_to = fields.Date(load_default=None, allow_none=True)
    #: 非正常登记 only (True), or none of them (False)
    irregular = fields.Boolean(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class AwaitingEntryQuerySchema(Schema):
    """Filters of 进场登记's list of confirmed assignments not yet on the site."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default="", validate=validate.Length(max=50))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class AssignedEntryRequestSchema(Schema):
    """处理 / 批量处理: the persons, and the terms they share (工种 defaults to each one's assignment's)."""

    class Meta:
        unknown = EXCLUDE

    person_ids = fields.List(fields.Integer(), required=True,
                             validate=[validate.Length(min=1), validate.Length(max=500)])
    trade = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(TRADES)))
    education = fields.String(required=True, validate=validate.OneOf(list(EDUCATION_LEVELS)))
    entry_date = fields.Date(required=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    is_team_leader = fields.Boolean(load_default=False)


class TeamLeaderQuerySchema(Schema):
    """Filters of the 劳务队长 list."""

    class Meta:
        unknown = EXCLUDE

    project_id = fields.Integer(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(ENTRY_STATES)))
    name = fields.String(load_default="", validate=validate.Length(max=50))
    # the platform has tens of thousands of leaders: a select shows the first ones and searches by name
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=500))


class EntryViewSchema(Schema):
    """One row of the manual's lists."""

    id = fields.Integer()
    project_id = fields.Integer()
    project_name = fields.String(allow_none=True)
    person_id = fields.Integer()
    name = fields.String()
    id_number_masked = fields.String()
    gender = fields.String(allow_none=True)
    employer_id = fields.Integer()
    employer_name = fields.String(allow_none=True)
    is_team_leader = fields.Boolean()
    team_leader_entry_id = fields.Integer(allow_none=True)
    team_leader_name = fields.String(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    trade = fields.String()
    education = fields.String()
    entry_date = fields.Date()
    exit_date = fields.Date(allow_none=True)
    state = fields.String()
    evaluation = fields.String(allow_none=True)
    evaluation_comment = fields.String(allow_none=True)
    irregular = fields.Boolean()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class EntryEventSchema(Schema):
    """``data`` of person_entered / person_exited."""

    entry_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    person_id = fields.Integer()
    name = fields.String()
    id_number_masked = fields.String()
    employer_id = fields.Integer()
    is_team_leader = fields.Boolean()
    team_leader_entry_id = fields.Integer(allow_none=True)
    trade = fields.String()
    entry_date = fields.Date()
    exit_date = fields.Date(allow_none=True)
    evaluation = fields.String(allow_none=True)
    evaluation_comment = fields.String(allow_none=True)
