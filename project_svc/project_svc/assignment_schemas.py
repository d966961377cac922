"""What crosses project_svc's boundary for 人员分配 and 分配人员确认."""

from marshmallow import EXCLUDE, Schema, fields, validate

from project_svc.assignment_rules import MANAGER_POSITIONS, ROLES, STATES

#: the most people one 批量分配 / 批量接收 may name
MOST_AT_ONCE = 5_000


class PagedQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class AssignmentProjectQuerySchema(PagedQuery):
    """人员分配's project list: ``q`` a fragment of 项目名称 or a whole 报建编号."""

    q = fields.String(load_default="", validate=validate.Length(max=200))


class CandidateQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default="", validate=validate.Length(max=50))


class PersonToAssignSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    person_id = fields.Integer(required=True, strict=True)
    role = fields.String(load_default="worker", validate=validate.OneOf(list(ROLES)))
    position = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(MANAGER_POSITIONS)))
    lodging_on_site = fields.Boolean(load_default=False)


class AssignRequestSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    people = fields.List(fields.Nested(PersonToAssignSchema), required=True,
                         validate=validate.Length(min=1, max=MOST_AT_ONCE))


class AssignmentQuerySchema(PagedQuery):
    """已分配人员: filters of the employer's list."""

    project_id = fields.Integer(load_default=None, allow_none=True)
    name = fields.String(load_default="", validate=validate.Length(max=50))
    id_number = fields.String(load_default="", validate=validate.Length(max=40))
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(STATES)))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(ROLES)))
    team_id = fields.Integer(load_default=None, allow_none=True)
    open_only = fields.Boolean(load_default=False)


class ConfirmationQuerySchema(PagedQuery):
    """进场人员确认 (``processed`` false) and 已处理人员 (true): 姓名, 身份证号 fragment, 单位名称."""

    project_id = fields.Integer(load_default=None, allow_none=True)
    name = fields.String(load_default="", validate=validate.Length(max=50))
    id_number = fields.String(load_default="", validate=validate.Length(max=40))
    enterprise_name = fields.String(load_default="", validate=validate.Length(max=200))
    processed = fields.Boolean(load_default=False)


class DecisionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    ids = fields.List(fields.Integer(strict=True), required=True, validate=validate.Length(min=1, max=MOST_AT_ONCE))
    decision = fields.String(required=True, validate=validate.OneOf(["confirm", "reject"]))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class AssignmentSchema(Schema):
    """An assignment as the lists show it (所属单位, 姓名, 身份证号, 性别, 从事主要工种, 班组, 联系电话, 分配日期,
    是否住宿在工地, 确认状态)."""

    id = fields.Integer()
    project_id = fields.Integer()
    project_name = fields.String(allow_none=True)
    registration_number = fields.String(allow_none=True)
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String()
    gender = fields.String(allow_none=True, metadata={"description": "1 男, 2 女"})
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    confirming_enterprise_id = fields.Integer(allow_none=True)
    role = fields.String()
    position = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    lodging_on_site = fields.Boolean()
    state = fields.String()
    assigned_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    reason = fields.String(allow_none=True)


class PersonAssignedEventSchema(Schema):
    assignment_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    confirming_enterprise_id = fields.Integer(allow_none=True)
    role = fields.String()
    position = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    lodging_on_site = fields.Boolean()
    assigned_at = fields.DateTime()


class AssignmentConfirmedEventSchema(Schema):
    assignment_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    role = fields.String()
    position = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    confirmed_at = fields.DateTime(attribute="decided_at")


class AssignmentRejectedEventSchema(Schema):
    assignment_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    person_id = fields.Integer()
    enterprise_id = fields.Integer()
    reason = fields.String(allow_none=True)
    rejected_at = fields.DateTime(attribute="decided_at")


class AssignmentEndedEventSchema(Schema):
    assignment_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    person_id = fields.Integer()
    enterprise_id = fields.Integer()
    ended_at = fields.DateTime()
    reason = fields.String(allow_none=True)
