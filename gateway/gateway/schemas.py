"""The HTTP shapes of the API: what the OpenAPI document shows and what requests are checked against.

They check types and presence; the rules (check digits, scope …) stay in the services.
"""

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
    created_at = date_text("date-time")
    updated_at = date_text("date-time")


EntryPageSchema = page_of(EntrySchema, "EntryPageSchema")


class UnregisteredEntryResultSchema(Schema):
    person = fields.Nested(PersonSchema)
    person_created = fields.Boolean()
    entry = fields.Nested(EntrySchema)


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


class ExitRefusalSchema(Schema):
    entry_id = fields.Integer()
    name = fields.String(allow_none=True)
    error = fields.String()
    message = fields.String()


class ExitResultSchema(Schema):
    exited = fields.List(fields.Nested(EntrySchema))
    refused = fields.List(fields.Nested(ExitRefusalSchema))
