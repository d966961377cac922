"""The HTTP shapes of the API: what the OpenAPI document shows and what requests are checked against.

They check types and presence; the rules (check digits, scope …) stay in the services.
"""

from flask_smorest.fields import Upload
from marshmallow import fields, post_dump, validate

from chassis.schemas import Schema


def date_text(format_="date"):
    """A date in a response: services send ISO text over RPC, and it passes through unchanged."""
    return fields.String(allow_none=True, metadata={"format": format_})


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class AccountSchema(Schema):
    username = fields.String()
    display_name = fields.String()
    role = fields.String(metadata={"enum": ["authority", "enterprise", "site"]})
    enterprise_id = fields.Integer(allow_none=True)
    project_id = fields.Integer(allow_none=True)
    region_code = fields.String(allow_none=True)
    scope_name = fields.String()


class TokenSchema(Schema):
    token = fields.String()
    account = fields.Nested(AccountSchema)


class WorkerLoginSchema(Schema):
    """A worker's login: ``{"id_type": "01", "id_number": "310…", "password": "…"}``."""

    id_type = fields.String(load_default="01", validate=validate.Length(min=2, max=2))
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class WorkerActivationSchema(WorkerLoginSchema):
    """Activation: the code from the employer and the password the worker chooses (gateway.worker_accounts
    says what a password must be)."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=40))


class WorkerAccountSchema(Schema):
    username = fields.String()
    display_name = fields.String()
    role = fields.String(metadata={"enum": ["worker"]})
    person_id = fields.Integer()


class WorkerTokenSchema(Schema):
    token = fields.String()
    account = fields.Nested(WorkerAccountSchema)


class ServiceStatusSchema(Schema):
    status = fields.String(metadata={"enum": ["ok", "unavailable"]})


class CheckSchema(Schema):
    """One dependency: ``{"status": "ok"}`` or ``{"status": "unavailable", "reason": "connection refused"}``."""

    status = fields.String(metadata={"enum": ["ok", "unavailable"]})
    reason = fields.String(metadata={"description": "why it is unavailable, in the words of what failed"})


class ComponentHealthSchema(CheckSchema):
    """A service's or the gateway's own health: its status, why not (no answer), and each dependency.

    Other keys a service reports (``dead_letters`` …) pass through as they are.
    """

    checks = fields.Dict(keys=fields.String(), values=fields.Nested(CheckSchema),
                         metadata={"example": {"database": {"status": "unavailable", "reason": "connection refused"}}})

    @post_dump(pass_original=True)
    def keep_what_else_it_reports(self, data, original, **_kwargs):
        return {**{key: value for key, value in original.items() if key not in self.fields}, **data}


class HealthSchema(Schema):
    status = fields.String(metadata={"enum": ["ok", "unavailable"]})
    gateway = fields.Nested(ComponentHealthSchema, metadata={"description": "the gateway's database and broker"})
    services = fields.Dict(keys=fields.String(), values=fields.Nested(ComponentHealthSchema))


class CodeRowSchema(Schema):
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    legacy = fields.Boolean(metadata={"description": "kept so migrated records show their value; not for new input"})
    national_code = fields.String(metadata={"description": "the national standard's code a legacy value maps to"})


class ReferenceSchema(Schema):
    id_document_types = fields.List(fields.Nested(CodeRowSchema))
    ethnicities = fields.List(fields.Nested(CodeRowSchema))
    genders = fields.List(fields.Nested(CodeRowSchema))
    unit_types = fields.List(fields.Nested(CodeRowSchema))
    trades = fields.List(fields.Nested(CodeRowSchema))
    education_levels = fields.List(fields.Nested(CodeRowSchema))
    evaluations = fields.List(fields.Nested(CodeRowSchema))
    entry_states = fields.List(fields.Nested(CodeRowSchema))
    politics = fields.List(fields.Nested(CodeRowSchema))
    certificate_types = fields.List(fields.Nested(CodeRowSchema))
    banks = fields.List(fields.Nested(CodeRowSchema))
    blood_types = fields.List(fields.Nested(CodeRowSchema))
    wage_schemes = fields.List(fields.Nested(CodeRowSchema))
    piece_units = fields.List(fields.Nested(CodeRowSchema))
    contract_types = fields.List(fields.Nested(CodeRowSchema))
    team_kinds = fields.List(fields.Nested(CodeRowSchema))
    employment_roles = fields.List(fields.Nested(CodeRowSchema))
    profile_states = fields.List(fields.Nested(CodeRowSchema))
    # 管理人员登记 (identity_svc)
    hukou_types = fields.List(fields.Nested(CodeRowSchema))
    marital_statuses = fields.List(fields.Nested(CodeRowSchema))
    highest_education_levels = fields.List(fields.Nested(CodeRowSchema))
    education_types = fields.List(fields.Nested(CodeRowSchema))
    degrees = fields.List(fields.Nested(CodeRowSchema))
    title_levels = fields.List(fields.Nested(CodeRowSchema))
    person_document_kinds = fields.List(fields.Nested(CodeRowSchema))


class PersonRegistrationSchema(Schema):
    """证件信息 of manual 000's 非正常登记 form."""

    id_type = fields.String(load_default="01", metadata={"description": "证件类型 code, 01 = 居民身份证"})
    id_number = fields.String(required=True, metadata={"example": "310101198503021514"})
    name = fields.String(required=True, metadata={"example": "张伟"})
    gender = fields.String(allow_none=True, metadata={"description": "1 男, 2 女; derived for type 01"})
    ethnicity = fields.String(allow_none=True, metadata={"description": "民族 code 01–56"})
    birth_date = fields.Date(allow_none=True)
    address = fields.String(allow_none=True)
    issuing_authority = fields.String(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True, metadata={"description": "null = 长期"})
    phone = fields.String(allow_none=True)


class PersonChangesSchema(Schema):
    name = fields.String()
    ethnicity = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    issuing_authority = fields.String(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    phone = fields.String(allow_none=True)


class PersonSchema(Schema):
    id = fields.Integer()
    id_type = fields.String()
    id_number_masked = fields.String(metadata={"example": "310*****514"})
    name = fields.String()
    gender = fields.String(allow_none=True)
    verification_state = fields.String(metadata={"enum": ["unverified", "verified"]})
    ethnicity = fields.String(allow_none=True)
    birth_date = date_text()
    address = fields.String(allow_none=True)
    issuing_authority = fields.String(allow_none=True)
    valid_from = date_text()
    valid_until = date_text()
    phone_masked = fields.String(allow_none=True, metadata={"example": "139****5204"})
    verification_source = fields.String()
    registered_at = date_text("date-time")
    updated_at = date_text("date-time")


class RegistrationResultSchema(Schema):
    person = fields.Nested(PersonSchema)
    created = fields.Boolean()
    message = fields.String()


#: how a person is searched for, in the persons list and 退场查询 / 用工查询
PERSON_SEARCH = ("name fragment; digits and Latin letters: an ID number of any document type or its first 6+ / last 4+"
                 " characters")


class PersonQuerySchema(Schema):
    q = fields.String(load_default="", metadata={"description": PERSON_SEARCH})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class PersonPageSchema(Schema):
    items = fields.List(fields.Nested(PersonSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class LookupQuerySchema(Schema):
    id_type = fields.String(load_default="01")
    id_number = fields.String(required=True)


class LookupResultSchema(Schema):
    person = fields.Nested(PersonSchema)


class RevealedNumberSchema(Schema):
    id_number = fields.String()


def page_of(item_schema, name):
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema)), "total": fields.Integer(),
        "page": fields.Integer(), "page_size": fields.Integer(),
    })


class PageQuerySchema(Schema):
    q = fields.String(load_default="")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class EnterpriseRegistrationSchema(Schema):
    name = fields.String(required=True, metadata={"example": "上海示范劳务有限公司"})
    credit_code = fields.String(required=True, metadata={"description": "统一社会信用代码 (GB 32100)"})
    unit_type = fields.String(required=True, metadata={"description": "单位类型 code, e.g. labour_subcontractor"})
    contact_person = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)


class EnterpriseQuerySchema(PageQuerySchema):
    unit_type = fields.String(load_default=None, allow_none=True)


class EnterpriseSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    credit_code = fields.String()
    unit_type = fields.String()
    contact_person = fields.String(allow_none=True)
    contact_phone_masked = fields.String(allow_none=True)
    registered_at = date_text("date-time")


EnterprisePageSchema = page_of(EnterpriseSchema, "EnterprisePageSchema")


class ProjectRegistrationSchema(Schema):
    registration_number = fields.String(required=True, metadata={"description": "报建编号"})
    name = fields.String(required=True)
    address = fields.String(allow_none=True)
    general_contractor_id = fields.Integer(required=True)


class ProjectSchema(Schema):
    id = fields.Integer()
    registration_number = fields.String()
    name = fields.String()
    address = fields.String(allow_none=True)
    general_contractor_id = fields.Integer()
    general_contractor_name = fields.String()
    created_at = date_text("date-time")


ProjectPageSchema = page_of(ProjectSchema, "ProjectPageSchema")


class EmploymentTermsSchema(Schema):
    """用工信息 of 进场登记 / 非正常登记."""

    employer_id = fields.Integer(required=True, metadata={"description": "用人单位"})
    is_team_leader = fields.Boolean(load_default=False, metadata={"description": "是否劳务队长"})
    team_leader_entry_id = fields.Integer(allow_none=True, metadata={"description": "劳务队长; null = 非现场作业人员"})
    phone = fields.String(allow_none=True, metadata={"description": "required for a team leader"})
    trade = fields.String(required=True, metadata={"description": "从事主要工种 code"})
    education = fields.String(required=True, metadata={"description": "文化程度 code"})
    entry_date = fields.Date(required=True)


class EntryRequestSchema(EmploymentTermsSchema):
    project_id = fields.Integer(allow_none=True, metadata={"description": "the authority's; a site's is its own"})
    id_type = fields.String(load_default="01")
    id_number = fields.String(required=True)


class UnregisteredEntrySchema(Schema):
    """非正常登记: the ID document and the employment terms together."""

    project_id = fields.Integer(allow_none=True)
    person = fields.Nested(PersonRegistrationSchema, required=True)
    entry = fields.Nested(EmploymentTermsSchema, required=True)


class EntryChangesSchema(Schema):
    employer_id = fields.Integer()
    is_team_leader = fields.Boolean()
    team_leader_entry_id = fields.Integer(allow_none=True)
    phone = fields.String(allow_none=True)
    trade = fields.String()
    education = fields.String()
    entry_date = fields.Date()


class EntryQuerySchema(Schema):
    project_id = fields.Integer(load_default=None, allow_none=True)
    employer_id = fields.Integer(load_default=None, allow_none=True)
    team_leader_entry_id = fields.Integer(load_default=None, allow_none=True)
    person = fields.String(load_default="", metadata={"description": PERSON_SEARCH})
    trade = fields.String(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True, metadata={"enum": ["on_site", "exited"]})
    entry_from = fields.Date(load_default=None, allow_none=True)
    entry_to = fields.Date(load_default=None, allow_none=True)
    exit_from = fields.Date(load_default=None, allow_none=True)
    exit_to = fields.Date(load_default=None, allow_none=True)
    irregular = fields.Boolean(load_default=None, allow_none=True, metadata={"description": "非正常登记 only"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class EntrySchema(Schema):
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
    entry_date = date_text()
    exit_date = date_text()
    state = fields.String(metadata={"enum": ["on_site", "exited"]})
    evaluation = fields.String(allow_none=True)
    evaluation_comment = fields.String(allow_none=True)
    irregular = fields.Boolean(metadata={"description": "entered by 非正常登记"})
    created_at = date_text("date-time")
    updated_at = date_text("date-time")


EntryPageSchema = page_of(EntrySchema, "EntryPageSchema")


class EntryWarningSchema(Schema):
    """What a saved entry is warned of; the entry is saved all the same."""

    code = fields.String(metadata={"example": "NOT_EMPLOYED_BY_EMPLOYER"})
    message = fields.String()
    details = fields.Dict(metadata={"description": "NOT_EMPLOYED_BY_EMPLOYER: employer_id, employer_name, "
                                                   "current_employer_id, current_employer_name (null: none)"})


class EnteredSchema(EntrySchema):
    warnings = fields.List(fields.Nested(EntryWarningSchema))


class UnregisteredEntryResultSchema(Schema):
    person = fields.Nested(PersonSchema)
    person_created = fields.Boolean()
    entry = fields.Nested(EntrySchema)
    warnings = fields.List(fields.Nested(EntryWarningSchema))


class CurrentEmploymentSchema(Schema):
    """The person's employer now, as the gate knows it from employment_svc's events."""

    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String(allow_none=True)
    role = fields.String(allow_none=True, metadata={"enum": ["worker", "manager"]})
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    is_team_leader = fields.Boolean()
    confirmed_at = date_text("date-time")


class EntrantLookupSchema(Schema):
    person = fields.Nested(PersonSchema)
    employment = fields.Nested(CurrentEmploymentSchema, allow_none=True,
                               metadata={"description": "null: employed by nobody the gate knows of"})


class EmployerLeaderQuerySchema(Schema):
    employer_id = fields.Integer(required=True)
    project_id = fields.Integer(load_default=None, allow_none=True, metadata={"description": "the authority's"})


class EmployerLeaderSchema(Schema):
    """班组长 of the employer, as they stand on the site."""

    person_id = fields.Integer()
    name = fields.String(allow_none=True)
    team_id = fields.Integer()
    team_name = fields.String()
    entry_id = fields.Integer(allow_none=True, metadata={"description": "their open entry on the site; the 劳务队长 "
                                                                        "choice when state is on_site"})
    state = fields.String(metadata={"enum": ["on_site", "on_site_not_as_leader", "not_on_site"]})


class SiteTeamQuerySchema(Schema):
    employer_id = fields.Integer(load_default=None, allow_none=True)
    project_id = fields.Integer(load_default=None, allow_none=True, metadata={"description": "the authority's"})


class SiteTeamSchema(Schema):
    team_id = fields.Integer()
    name = fields.String()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String(allow_none=True)
    kind = fields.String(allow_none=True, metadata={"enum": ["managers", "workers"]})
    trade = fields.String(allow_none=True)
    leader_name = fields.String(allow_none=True)
    on_site_count = fields.Integer(metadata={"description": "members on the site now"})


class TeamLeaderSchema(Schema):
    entry_id = fields.Integer()
    name = fields.String()
    employer_id = fields.Integer()
    employer_name = fields.String(allow_none=True)
    project_id = fields.Integer()
    project_name = fields.String(allow_none=True)
    state = fields.String(metadata={"enum": ["on_site", "exited"]})


class TeamLeaderQuerySchema(Schema):
    project_id = fields.Integer(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True, metadata={"enum": ["on_site", "exited"]})
    name = fields.String(load_default="", validate=validate.Length(max=50),
                         metadata={"description": "a fragment of the leader's name"})
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=500),
                           metadata={"description": "at most this many leaders"})


class FieldChangeSchema(Schema):
    field = fields.String(metadata={"example": "employer_id"})
    old = fields.Raw(allow_none=True, metadata={"description": "as shown: names, YYYY-MM-DD, masked phone"})
    new = fields.Raw(allow_none=True)
    old_code = fields.String(allow_none=True, metadata={"description": "trade / education: the code"})
    new_code = fields.String(allow_none=True)


class EntryChangeSchema(Schema):
    changed_at = date_text("date-time")
    changed_by = fields.String()
    changes = fields.List(fields.Nested(FieldChangeSchema))


class ExitRequestSchema(Schema):
    entry_ids = fields.List(fields.Integer(), required=True)
    exit_date = fields.Date(required=True, metadata={"description": "退工日期"})
    evaluation = fields.String(required=True, metadata={"enum": ["excellent", "good", "fair", "poor"]})
    evaluation_comment = fields.String(allow_none=True, metadata={"description": "评价内容"})


class ExitTeamRequestSchema(Schema):
    project_id = fields.Integer(allow_none=True, metadata={"description": "the authority's; a site's is its own"})
    team_id = fields.Integer(required=True)
    exit_date = fields.Date(required=True, metadata={"description": "退工日期"})
    evaluation = fields.String(required=True, metadata={"enum": ["excellent", "good", "fair", "poor"]})
    evaluation_comment = fields.String(allow_none=True, metadata={"description": "评价内容"})


class ExitRefusalSchema(Schema):
    entry_id = fields.Integer()
    name = fields.String(allow_none=True)
    error = fields.String()
    message = fields.String()


class ExitResultSchema(Schema):
    exited = fields.List(fields.Nested(EntrySchema))
    refused = fields.List(fields.Nested(ExitRefusalSchema))


# -- 基本信息登记 (worker profiles), 班组 (teams), 劳动合同 (labour contracts) ----------------------------------

MONEY = {"description": "元, at most 2 decimals", "example": "160.00"}


class ProfileFormSchema(Schema):
    """基本信息登记 (manual 001's form). ``phone``, ``wage_card_number`` and ``emergency_contact_phone`` are never
    shown again: left out of an edit they stay as stored; null clears them."""

    role = fields.String(allow_none=True, metadata={"enum": ["worker", "manager"], "description": "人员类型"})
    phone = fields.String(allow_none=True, metadata={"description": "手机号 (required)", "example": "13912345204"})
    education = fields.String(allow_none=True, metadata={"description": "文化程度 code"})
    politics = fields.String(allow_none=True, metadata={"description": "政治面貌 code (politicsType 01–13)"})
    is_safety_officer = fields.Boolean(metadata={"description": "是否安全协管员"})
    trade = fields.String(required=True, metadata={"description": "从事主要工种 code"})
    certificate_type = fields.String(allow_none=True, metadata={"description": "证书类型 code"})
    certificate_number = fields.String(allow_none=True)
    certificate_valid_until = fields.Date(allow_none=True)
    is_team_leader = fields.Boolean(metadata={"description": "是否班组长: leads team_id"})
    team_id = fields.Integer(allow_none=True, metadata={"description": "班组"})
    contract_starts_on = fields.Date(allow_none=True, metadata={"description": "劳动合同生效日期"})
    contract_ends_on = fields.Date(allow_none=True, metadata={"description": "劳动合同失效日期"})
    is_temporary = fields.Boolean(metadata={"description": "是否临时工"})
    bank = fields.String(allow_none=True, metadata={"description": "工资卡开户行 code (3-digit bank code)"})
    wage_card_number = fields.String(allow_none=True, metadata={"description": "工资卡号 (Luhn-checked)"})
    wage_scheme = fields.String(allow_none=True, metadata={"enum": ["time", "piece", "day"],
                                                           "description": "工资结算方式 计时 / 计件 / 点工"})
    daily_wage = fields.Decimal(allow_none=True, as_string=True, metadata={**MONEY, "description": "日工资"})
    unit_price = fields.Decimal(allow_none=True, as_string=True, metadata={**MONEY, "description": "计件单价"})
    piece_unit = fields.String(allow_none=True, metadata={"description": "计件单位 code (80 米, 81 平方米, 82 立方米)"})
    blood_type = fields.String(allow_none=True)
    emergency_contact_name = fields.String(allow_none=True)
    emergency_contact_phone = fields.String(allow_none=True)
    position = fields.String(allow_none=True, metadata={"description": "职务 (managers)"})


class ProfileQuerySchema(Schema):
    name = fields.String(load_default="", metadata={"description": "姓名 fragment"})
    id_number = fields.String(load_default="", metadata={"description": "身份证号: whole, or first 6+ / last 4+"})
    state = fields.String(load_default=None, allow_none=True, metadata={"enum": ["employed", "ended"]})
    team_id = fields.Integer(load_default=None, allow_none=True)
    enterprise_id = fields.Integer(load_default=None, allow_none=True, metadata={"description": "the authority's"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ProfileSchema(Schema):
    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String(metadata={"example": "310*****514"})
    role = fields.String(metadata={"enum": ["worker", "manager"]})
    state = fields.String(metadata={"enum": ["employed", "ended"], "description": "在职 / 离职"})
    relation_state = fields.String()
    phone_masked = fields.String(allow_none=True, metadata={"example": "139****5204"})
    education = fields.String(allow_none=True)
    politics = fields.String(allow_none=True)
    is_safety_officer = fields.Boolean()
    trade = fields.String(allow_none=True)
    certificate_type = fields.String(allow_none=True)
    certificate_number = fields.String(allow_none=True)
    certificate_valid_until = date_text()
    is_team_leader = fields.Boolean()
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    contract_starts_on = date_text()
    contract_ends_on = date_text()
    is_temporary = fields.Boolean()
    bank = fields.String(allow_none=True)
    wage_card_masked = fields.String(allow_none=True, metadata={"example": "6222****0128"})
    wage_scheme = fields.String(allow_none=True)
    daily_wage = fields.String(allow_none=True, metadata=MONEY)
    unit_price = fields.String(allow_none=True, metadata=MONEY)
    piece_unit = fields.String(allow_none=True)
    blood_type = fields.String(allow_none=True)
    emergency_contact_name = fields.String(allow_none=True)
    emergency_contact_phone_masked = fields.String(allow_none=True)
    position = fields.String(allow_none=True)
    updated_at = date_text("date-time")


ProfilePageSchema = page_of(ProfileSchema, "ProfilePageSchema")


class TeamFormSchema(Schema):
    name = fields.String(required=True, metadata={"description": "班组名称", "example": "钢筋一班"})
    kind = fields.String(required=True, metadata={"enum": ["managers", "workers"],
                                                  "description": "管理人员班组 / 务工人员班组"})
    trade = fields.String(allow_none=True, metadata={"description": "工种 code"})
    leader_relation_id = fields.Integer(allow_none=True, metadata={"description": "班组长: an employee's relation"})


class TeamChangesSchema(Schema):
    name = fields.String()
    kind = fields.String(metadata={"enum": ["managers", "workers"]})
    trade = fields.String(allow_none=True)
    leader_relation_id = fields.Integer(allow_none=True)


class TeamQuerySchema(Schema):
    name = fields.String(load_default="")
    kind = fields.String(load_default=None, allow_none=True, metadata={"enum": ["managers", "workers"]})
    enterprise_id = fields.Integer(load_default=None, allow_none=True, metadata={"description": "the authority's"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class TeamSchema(Schema):
    id = fields.Integer()
    enterprise_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    trade = fields.String(allow_none=True)
    leader_relation_id = fields.Integer(allow_none=True)
    leader_name = fields.String(allow_none=True)
    member_count = fields.Integer()


TeamPageSchema = page_of(TeamSchema, "TeamPageSchema")


class TeamPlaceSchema(Schema):
    team_id = fields.Integer(required=True, allow_none=True, metadata={"description": "null: out of every team"})


class DissolvedTeamSchema(Schema):
    team_id = fields.Integer()
    dissolved = fields.Boolean()


class ContractFormSchema(Schema):
    number = fields.String(required=True, metadata={"description": "合同编号"})
    contract_type = fields.String(required=True, metadata={
        "enum": ["fixed", "open", "task", "service"],
        "description": "固定期限 / 无固定期限 / 以完成一定工作任务为期限 / 劳务协议"})
    signed_on = fields.Date(required=True, metadata={"description": "签订日期"})
    starts_on = fields.Date(required=True, metadata={"description": "生效日期"})
    ends_on = fields.Date(allow_none=True, metadata={"description": "失效日期 (none for 无固定期限)"})


class ContractQuerySchema(Schema):
    signed = fields.Boolean(load_default=None, allow_none=True, metadata={"description": "已签 / 未签"})
    expiring_within_days = fields.Integer(load_default=None, allow_none=True,
                                          metadata={"description": "contracts ending within this many days (30)"})
    name = fields.String(load_default="")
    enterprise_id = fields.Integer(load_default=None, allow_none=True, metadata={"description": "the authority's"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ContractDocumentSchema(Schema):
    id = fields.Integer()
    contract_id = fields.Integer()
    filename = fields.String()
    content_type = fields.String(metadata={"enum": ["image/jpeg", "image/png", "application/pdf"]})
    size = fields.Integer()
    uploaded_at = date_text("date-time")


class ContractSchema(Schema):
    id = fields.Integer()
    relation_id = fields.Integer()
    number = fields.String()
    contract_type = fields.String()
    signed_on = date_text()
    starts_on = date_text()
    ends_on = date_text()
    documents = fields.List(fields.Nested(ContractDocumentSchema))
    updated_at = date_text("date-time")


class ContractListItemSchema(Schema):
    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    role = fields.String()
    signed = fields.Boolean()
    expiring = fields.Boolean(metadata={"description": "ends within 30 days"})
    contract = fields.Nested(ContractSchema, allow_none=True)


ContractPageSchema = page_of(ContractListItemSchema, "ContractPageSchema")


class DocumentUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "a JPEG or PNG photo or a PDF, at most 10 MB"})


class DeletedDocumentSchema(Schema):
    document_id = fields.Integer()
    deleted = fields.Boolean()


# -- 聘用管理 -------------------------------------------------------------------------------------------------------

RELATION_ROLES = ["worker", "manager"]
RELATION_STATES = ["pending", "employed", "declined", "withdrawn", "resignation_requested", "dismissal_requested",
                   "ended"]
RELATION_ACTIONS = ["withdraw", "approve_resignation", "refuse_resignation", "dismiss", "transfer_out", "confirm",
                    "decline", "request_resignation", "agree_dismissal", "decline_dismissal"]


class EmploymentRequestSchema(Schema):
    """新建聘用关系: 姓名 + 证件号, and whether the person is taken on as 建筑工人 or 管理员."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=50), metadata={"example": "张伟"})
    id_type = fields.String(load_default="01", metadata={"description": "证件类型 code, 01 = 居民身份证"})
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=40),
                              metadata={"example": "310101198503021514"})
    role = fields.String(load_default="worker", validate=validate.OneOf(RELATION_ROLES),
                         metadata={"description": "worker 建筑工人 / manager 管理员"})


class ActivationSchema(Schema):
    """The one-time code a worker activates their mobile account with (printed as a slip with a QR code)."""

    code = fields.String()
    expires_at = date_text("date-time")
    activation_url = fields.String()
    qr_svg = fields.String(metadata={"description": "the QR code of activation_url, as SVG"})


class EmploymentSchema(Schema):
    """聘用关系 as the list shows it; ``actions``: what the caller may do with it now (the row's buttons)."""

    id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String(metadata={"example": "310*****514"})
    role = fields.String(metadata={"enum": RELATION_ROLES})
    state = fields.String(metadata={"enum": RELATION_STATES, "description": (
        "待确认 / 在职 / 已拒绝 / 已撤回 / 离职申请中 / 解聘待确认 / 离职")})
    requested_at = date_text("date-time")
    confirmed_at = date_text("date-time")
    ended_at = date_text("date-time")
    end_reason = fields.String(allow_none=True, metadata={"enum": ["resigned", "dismissed", "transferred_out", None]})
    reason = fields.String(allow_none=True,
                           metadata={"description": "the reason given with the last step that had one"})
    actions = fields.List(fields.String(metadata={"enum": RELATION_ACTIONS}))


class EmploymentCreatedSchema(EmploymentSchema):
    activation = fields.Nested(ActivationSchema, allow_none=True,
                               metadata={"description": "null when the worker's account is already active"})


EmploymentPageSchema = page_of(EmploymentSchema, "EmploymentPageSchema")


class EmploymentQuerySchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=50), metadata={"description": "姓名 fragment"})
    id_number = fields.String(load_default="", validate=validate.Length(max=40), metadata={
        "description": "证件号: the whole number or its first 6+ / last 4+ characters"})
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RELATION_ROLES))
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RELATION_STATES))
    enterprise_id = fields.Integer(load_default=None, allow_none=True, metadata={"description": "the authority's"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class EmployeeQuerySchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=50), metadata={"description": "姓名 fragment"})
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RELATION_ROLES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ReasonSchema(Schema):
    """原因: required to refuse a resignation, to dismiss and to resign (the service answers REASON_REQUIRED, one
    code for missing and blank); optional elsewhere."""

    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                           metadata={"example": "项目结束"})


class EmploymentHistorySchema(Schema):
    """One employer in a person's history: from confirmation to the end."""

    relation_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    role = fields.String(metadata={"enum": RELATION_ROLES})
    from_ = fields.String(attribute="from", data_key="from",
                          metadata={"format": "date-time", "description": "confirmed (在职) on"})
    to = date_text("date-time")
    end_reason = fields.String(allow_none=True, metadata={"enum": ["resigned", "dismissed", "transferred_out", None]})
    state = fields.String(metadata={"enum": RELATION_STATES})


class EmploymentStepSchema(Schema):
    action = fields.String(metadata={"description": "request, or one of the relation's actions"})
    from_state = fields.String(allow_none=True)
    to_state = fields.String()
    side = fields.String(metadata={"enum": ["enterprise", "worker"]})
    taken_by = fields.String()
    reason = fields.String(allow_none=True)
    taken_at = date_text("date-time")
class RosterImportSchema(Schema):
    id = fields.Integer()
    enterprise_id = fields.Integer()
    filename = fields.String()
    state = fields.String(metadata={"description": "queued / running / done"})
    total_rows = fields.Integer()
    processed_rows = fields.Integer()
    accepted_rows = fields.Integer()
    refused_rows = fields.Integer()
    failure = fields.String(allow_none=True)
    requested_by = fields.String()
    created_at = fields.String()
    finished_at = fields.String(allow_none=True)


class RosterImportPageSchema(Schema):
    items = fields.List(fields.Nested(RosterImportSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class RosterImportUploadSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
