"""What crosses employment_svc's boundary."""

from marshmallow import EXCLUDE, Schema, fields, validate

from employment_svc.domain import RELATION_ROLES, STATES, WORKER_ROLE
from employment_svc.reference import (
    BANKS,
    BLOOD_TYPES,
    CERTIFICATE_TYPES,
    CONTRACT_TYPES,
    EDUCATION_LEVELS,
    EMPLOYMENT_ROLES,
    PIECE_UNITS,
    POLITICS,
    PROFILE_STATES,
    TEAM_KINDS,
    TRADES,
    UNIT_TYPES,
    WAGE_SCHEMES,
)


class EnterpriseRegistrationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    credit_code = fields.String(required=True)
    unit_type = fields.String(required=True, validate=validate.OneOf(list(UNIT_TYPES)))
    contact_person = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    contact_phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))


class EnterpriseQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    unit_type = fields.String(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class EnterpriseSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    credit_code = fields.String()
    unit_type = fields.String()
    contact_person = fields.String(allow_none=True)
    contact_phone_masked = fields.String(allow_none=True)
    registered_at = fields.DateTime()


class EnterpriseEventSchema(Schema):
    enterprise_id = fields.Integer(attribute="id")
    name = fields.String()
    credit_code = fields.String()
    unit_type = fields.String()


# -- worker profiles, teams and labour contracts ------------------------------------------------------------------

AMOUNT = validate.Range(min=0, max=99_999_999)


def _code(table, **options):
    return fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(table)), **options)


class ProfileFormSchema(Schema):
    """基本信息登记 (添加人员 and 编辑). ``phone``, ``wage_card_number`` and ``emergency_contact_phone`` left out of
    an edit keep what is stored (the views show them masked only); null clears them."""

    class Meta:
        unknown = EXCLUDE

    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(EMPLOYMENT_ROLES)))
    phone = fields.String(allow_none=True, validate=validate.Length(max=20))
    education = _code(EDUCATION_LEVELS)
    politics = _code(POLITICS)
    is_safety_officer = fields.Boolean(load_default=False)
    trade = fields.String(required=True, validate=validate.OneOf(list(TRADES)))
    certificate_type = _code(CERTIFICATE_TYPES)
    certificate_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    certificate_valid_until = fields.Date(load_default=None, allow_none=True)
    is_team_leader = fields.Boolean(load_default=False)
    team_id = fields.Integer(load_default=None, allow_none=True)
    contract_starts_on = fields.Date(load_default=None, allow_none=True)
    contract_ends_on = fields.Date(load_default=None, allow_none=True)
    is_temporary = fields.Boolean(load_default=False)
    bank = _code(BANKS)
    wage_card_number = fields.String(allow_none=True, validate=validate.Length(max=30))
    wage_scheme = _code(WAGE_SCHEMES)
    daily_wage = fields.Decimal(places=2, load_default=None, allow_none=True, validate=AMOUNT)
    unit_price = fields.Decimal(places=2, load_default=None, allow_none=True, validate=AMOUNT)
    piece_unit = _code(PIECE_UNITS)
    blood_type = _code(BLOOD_TYPES)
    emergency_contact_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    emergency_contact_phone = fields.String(allow_none=True, validate=validate.Length(max=20))
    position = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))


class ProfileQuerySchema(Schema):
    """Filters of the 基本信息登记 list: 姓名, 身份证号, 状态, 班组."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default="", validate=validate.Length(max=50))
    id_number = fields.String(load_default="", validate=validate.Length(max=30))
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(PROFILE_STATES)))
    team_id = fields.Integer(load_default=None, allow_none=True)
    enterprise_id = fields.Integer(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ProfileViewSchema(Schema):
    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String()
    role = fields.String()
    state = fields.String()
    relation_state = fields.String()
    phone_masked = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    politics = fields.String(allow_none=True)
    is_safety_officer = fields.Boolean()
    trade = fields.String(allow_none=True)
    certificate_type = fields.String(allow_none=True)
    certificate_number = fields.String(allow_none=True)
    certificate_valid_until = fields.Date(allow_none=True)
    is_team_leader = fields.Boolean()
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    contract_starts_on = fields.Date(allow_none=True)
    contract_ends_on = fields.Date(allow_none=True)
    is_temporary = fields.Boolean()
    bank = fields.String(allow_none=True)
    wage_card_masked = fields.String(allow_none=True)
    wage_scheme = fields.String(allow_none=True)
    daily_wage = fields.Decimal(places=2, as_string=True, allow_none=True)
    unit_price = fields.Decimal(places=2, as_string=True, allow_none=True)
    piece_unit = fields.String(allow_none=True)
    blood_type = fields.String(allow_none=True)
    emergency_contact_name = fields.String(allow_none=True)
    emergency_contact_phone_masked = fields.String(allow_none=True)
    position = fields.String(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)


class WorkerProfileEventSchema(Schema):
    """``data`` of worker_profile_updated."""

    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    role = fields.String()
    trade = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    is_team_leader = fields.Boolean()
    phone_masked = fields.String(allow_none=True)


class TeamFormSchema(Schema):
    """新建班组: 班组名称, 类型, 工种, 班组长 (所属企业 is the caller's)."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    kind = fields.String(required=True, validate=validate.OneOf(list(TEAM_KINDS)))
    trade = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(TRADES)))
    leader_relation_id = fields.Integer(load_default=None, allow_none=True)


class TeamChangesSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(validate=validate.Length(min=1, max=100))
    kind = fields.String(validate=validate.OneOf(list(TEAM_KINDS)))
    trade = fields.String(allow_none=True, validate=validate.OneOf(list(TRADES)))
    leader_relation_id = fields.Integer(allow_none=True)


class TeamQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default="", validate=validate.Length(max=100))
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(TEAM_KINDS)))
    enterprise_id = fields.Integer(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class TeamViewSchema(Schema):
    id = fields.Integer()
    enterprise_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    trade = fields.String(allow_none=True)
    leader_relation_id = fields.Integer(allow_none=True)
    leader_name = fields.String(allow_none=True)
    member_count = fields.Integer()


class TeamEventSchema(Schema):
    """``data`` of team_created and team_updated."""

    team_id = fields.Integer()
    enterprise_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    trade = fields.String(allow_none=True)
    leader_person_id = fields.Integer(allow_none=True)


class TeamMemberEventSchema(Schema):
    """``data`` of team_member_changed."""

    team_id = fields.Integer(allow_none=True)
    previous_team_id = fields.Integer(allow_none=True)
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    relation_id = fields.Integer()
    is_leader = fields.Boolean()


class TeamDissolvedEventSchema(Schema):
    team_id = fields.Integer()
    enterprise_id = fields.Integer()


class ContractFormSchema(Schema):
    """合同信息: 合同编号, 合同类型, 签订日期, 生效 / 失效日期."""

    class Meta:
        unknown = EXCLUDE

    number = fields.String(required=True, validate=validate.Length(min=1, max=50))
    contract_type = fields.String(required=True, validate=validate.OneOf(list(CONTRACT_TYPES)))
    signed_on = fields.Date(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True)


class ContractQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    signed = fields.Boolean(load_default=None, allow_none=True)
    expiring_within_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=366))
    name = fields.String(load_default="", validate=validate.Length(max=50))
    enterprise_id = fields.Integer(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class DocumentUploadSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    filename = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content_type = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    content_base64 = fields.String(required=True)


class DocumentViewSchema(Schema):
    id = fields.Integer()
    contract_id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    uploaded_at = fields.DateTime()


class ContractViewSchema(Schema):
    id = fields.Integer()
    relation_id = fields.Integer()
    number = fields.String()
    contract_type = fields.String()
    signed_on = fields.Date()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    documents = fields.List(fields.Nested(DocumentViewSchema))
    updated_at = fields.DateTime()


class ContractListItemSchema(Schema):
    """One employee on the 劳动合同 page: who they are, and their contract (null: not signed)."""

    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    role = fields.String()
    signed = fields.Boolean()
    expiring = fields.Boolean()
    contract = fields.Nested(ContractViewSchema, allow_none=True)


class ContractEventSchema(Schema):
    """``data`` of contract_signed."""

    contract_id = fields.Integer(attribute="id")
    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    contract_type = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)


# -- 聘用关系 ---------------------------------------------------------------------------------------------------


class EmploymentRequestSchema(Schema):
    """新建聘用关系: 姓名 + 证件号 (and the role the person is taken on as)."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    id_type = fields.String(load_default="01", validate=validate.Length(min=2, max=2))
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    role = fields.String(load_default=WORKER_ROLE, validate=validate.OneOf(RELATION_ROLES))
    #: the system's requests (a roster import) name the enterprise; an enterprise's are its own
    enterprise_id = fields.Integer(load_default=None, allow_none=True)


class EmploymentQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default="", validate=validate.Length(max=50))
    id_number = fields.String(load_default="", validate=validate.Length(max=40))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RELATION_ROLES))
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATES))
    enterprise_id = fields.Integer(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class EmployeeQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default="", validate=validate.Length(max=50))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RELATION_ROLES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class RelationSchema(Schema):
    """A relation as lists and the mobile page show it; ``actions``: what the caller may do with it now."""

    id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String()
    role = fields.String()
    state = fields.String()
    requested_at = fields.DateTime()
    confirmed_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    end_reason = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    actions = fields.List(fields.String())


class EmploymentHistorySchema(Schema):
    """One employer in a person's history (用工查询): from confirmation to the end."""

    relation_id = fields.Integer(attribute="id")
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    role = fields.String()
    from_ = fields.DateTime(attribute="confirmed_at", data_key="from")
    to = fields.DateTime(attribute="ended_at", allow_none=True)
    end_reason = fields.String(allow_none=True)
    state = fields.String()


class EmploymentStepSchema(Schema):
    action = fields.String()
    from_state = fields.String(allow_none=True)
    to_state = fields.String()
    side = fields.String()
    taken_by = fields.String()
    reason = fields.String(allow_none=True)
    taken_at = fields.DateTime()


class EmploymentRequestedEventSchema(Schema):
    relation_id = fields.Integer(attribute="id")
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    id_number_masked = fields.String()
    role = fields.String()


class EmploymentConfirmedEventSchema(Schema):
    relation_id = fields.Integer(attribute="id")
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    role = fields.String()
    confirmed_at = fields.DateTime()


class RelationEventSchema(Schema):
    """``data`` of employment_declined, employment_withdrawn and resignation_requested."""

    relation_id = fields.Integer(attribute="id")
    enterprise_id = fields.Integer()
    person_id = fields.Integer()


class EmploymentEndedEventSchema(Schema):
    relation_id = fields.Integer(attribute="id")
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    role = fields.String()
    end_reason = fields.String()
    ended_at = fields.DateTime()
