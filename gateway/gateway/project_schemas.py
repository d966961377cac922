"""The HTTP shapes of 项目申报, its review, 参建单位 and 合同标段 (gateway/gateway/routes/projects.py)."""

from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.schemas import date_text, page_of
from gateway.site_authorisations import POSITIONS

STATES = ["pending_review", "rejected", "in_progress", "suspended", "completed"]


def _text(description=None, **options):
    return fields.String(allow_none=True, metadata={"description": description} if description else {}, **options)


class UnitFormSchema(Schema):
    credit_code = _text("统一社会信用代码")
    name = _text("单位名称")
    manager_name = _text("项目负责人")
    manager_phone = _text("项目负责人电话")


class MainUnitsFormSchema(Schema):
    owner = fields.Nested(UnitFormSchema, allow_none=True, metadata={"description": "建设单位"})
    surveyor = fields.Nested(UnitFormSchema, allow_none=True, metadata={"description": "勘察单位"})
    designer = fields.Nested(UnitFormSchema, allow_none=True, metadata={"description": "设计单位"})
    general_contractor = fields.Nested(UnitFormSchema, allow_none=True, metadata={"description": "施工单位"})
    supervisor = fields.Nested(UnitFormSchema, allow_none=True, metadata={"description": "监理单位"})


class DeclarationFormSchema(Schema):
    """项目申报 (manual 003 §1.2). Every field may be sent empty: project_svc names every missing one
    (422 DECLARATION_INCOMPLETE)."""

    registration_number = _text("报建编号")
    name = _text("项目名称")
    category = _text("项目分类 (national category 01…12, 99)")
    investment_type = _text("投资性质")
    contact_name = _text("项目联系人")
    contact_phone = _text("项目联系电话")
    area_code = _text("地区 (GB/T 2260 district code)")
    address = _text("详细地址")
    lat = fields.Raw(allow_none=True, metadata={"description": "纬度", "type": "string"})
    lng = fields.Raw(allow_none=True, metadata={"description": "经度", "type": "string"})
    start_date = _text("开工日期")
    planned_completion_date = _text("计划竣工日期")
    builder_license_number = _text("施工许可证号")
    builder_license_date = _text("施工许可证发放日期")
    building_area = fields.Raw(allow_none=True, metadata={"description": "建筑面积 (㎡)", "type": "string"})
    building_height = fields.Raw(allow_none=True, metadata={"description": "建筑高 (m)", "type": "string"})
    structure_levels = _text("结构层次")
    construction_cost = fields.Raw(allow_none=True, metadata={"description": "工程造价 (万元)", "type": "string"})
    wage_bank = _text("代发银行 (national bank code)")
    deposit_method = _text("保证金办理方式")
    units = fields.Nested(MainUnitsFormSchema, metadata={"description": "五大主体单位"})


class ParticipantSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    credit_code = fields.String()
    role = fields.String()
    corp_type = fields.String(metadata={"description": "national 参建单位类型 corpType"})
    contracted_by_id = fields.Integer(allow_none=True)
    manager_name = fields.String(allow_none=True)
    manager_phone = fields.String(allow_none=True)
    entered_on = date_text()
    exited_on = date_text()
    added_at = date_text("date-time")


class ProjectViewSchema(Schema):
    id = fields.Integer()
    registration_number = fields.String()
    name = fields.String()
    address = fields.String(allow_none=True)
    general_contractor_id = fields.Integer(allow_none=True)
    general_contractor_name = fields.String(allow_none=True)
    created_at = date_text("date-time")
    state = fields.String(metadata={"enum": STATES})
    prj_status = fields.String(metadata={"description": "national 项目状态 prjStatus"})
    assignment_required = fields.Boolean()
    binding_review_required = fields.Boolean()
    declarer_enterprise_id = fields.Integer(allow_none=True)
    category = fields.String(allow_none=True)
    investment_type = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    area_code = fields.String(allow_none=True)
    area_name = fields.String(allow_none=True)
    lat = fields.String(allow_none=True)
    lng = fields.String(allow_none=True)
    start_date = date_text()
    planned_completion_date = date_text()
    builder_license_number = fields.String(allow_none=True)
    builder_license_date = date_text()
    building_area = fields.String(allow_none=True)
    building_height = fields.String(allow_none=True)
    structure_levels = fields.String(allow_none=True)
    construction_cost = fields.String(allow_none=True)
    wage_bank = fields.String(allow_none=True)
    deposit_method = fields.String(allow_none=True)
    declared_at = date_text("date-time")
    reviewed_at = date_text("date-time")
    rejection_reason = fields.String(allow_none=True)
    units = fields.Dict(keys=fields.String(), values=fields.Nested(ParticipantSchema),
                        metadata={"description": "the five main units by role"})


ProjectViewPageSchema = page_of(ProjectViewSchema, "ProjectViewPageSchema")


class ProjectListQuerySchema(Schema):
    q = fields.String(load_default="")
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATES))
    area_code = fields.String(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class RejectionFormSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ProjectStateActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["suspend", "resume", "complete"]))


class ProjectRulesFormSchema(Schema):
    assignment_required = fields.Boolean(allow_none=True)
    binding_review_required = fields.Boolean(allow_none=True)


class ParticipantFormSchema(Schema):
    credit_code = fields.String(required=True, validate=validate.Length(min=1, max=18))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True)
    contracted_by_id = fields.Integer(allow_none=True)
    manager_name = fields.String(allow_none=True)
    manager_phone = fields.String(allow_none=True)
    entered_on = fields.Date(allow_none=True)


class SectionFormSchema(Schema):
    participant_id = fields.Integer(allow_none=True)
    report_number = fields.String(required=True, metadata={"description": "合同信息报送编号"})
    section_number = fields.String(required=True, metadata={"description": "标段号"})
    name = fields.String(required=True, metadata={"description": "合同标段名称"})
    category = fields.String(required=True, metadata={"description": "合同类别"})
    state = fields.String(load_default="in_force", metadata={"description": "合同状态"})
    manager_name = fields.String(allow_none=True, metadata={"description": "项目负责人"})


class SectionSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    participant_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    report_number = fields.String()
    section_number = fields.String()
    name = fields.String()
    category = fields.String()
    state = fields.String()
    manager_name = fields.String(allow_none=True)
    reported_at = date_text("date-time")


class SiteAccountSchema(Schema):
    """接收账号密码 — a 项目负责人's site account, the project's or a contract section's (``section_id``):
    ``password`` only in the answer of the one receive."""

    project_id = fields.Integer()
    section_id = fields.Integer(allow_none=True, metadata={"description": "the contract section's; empty for the "
                                                                          "project's own"})
    username = fields.String()
    display_name = fields.String(metadata={"description": "项目负责人"})
    received = fields.Boolean()
    received_at = date_text("date-time")
    password = fields.String(metadata={"description": "shown once, in the answer that receives it"})


class SiteAuthorisationFormSchema(Schema):
    """授权: the person a 项目负责人 lets log in to its site, and their 岗位."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=50), metadata={"description": "姓名"})
    phone = fields.String(required=True, validate=validate.Regexp(r"^1[3-9]\d{9}$", error="PHONE_FORMAT"),
                          metadata={"description": "手机号 (kept masked)"})
    position = fields.String(required=True, validate=validate.OneOf(POSITIONS),
                             metadata={"description": "岗位: labour_clerk 劳务员, site_user 现场用户"})


class SiteAuthorisationSchema(Schema):
    """A site user a 项目负责人 authorised: ``password`` only in the answer of 授权, shown that once."""

    id = fields.Integer()
    username = fields.String(metadata={"description": "their login"})
    name = fields.String(metadata={"description": "姓名"})
    phone_masked = fields.String(metadata={"example": "139****5204"})
    position = fields.String(metadata={"enum": list(POSITIONS)})
    authorised_at = fields.DateTime(metadata={"description": "授权时间"})
    revoked_at = fields.DateTime(allow_none=True)
    state = fields.String(metadata={"enum": ["active", "revoked"]})
    password = fields.String(metadata={"description": "shown once, in the answer of 授权"})


class ProjectCodeRowSchema(Schema):
    code = fields.String()
    name = fields.String()
    name_en = fields.String()


class RegionNodeSchema(Schema):
    code = fields.String()
    name = fields.String()
    children = fields.List(fields.Dict())


class ProjectReferenceSchema(Schema):
    project_categories = fields.List(fields.Nested(ProjectCodeRowSchema))
    investment_types = fields.List(fields.Nested(ProjectCodeRowSchema))
    deposit_methods = fields.List(fields.Nested(ProjectCodeRowSchema))
    project_states = fields.List(fields.Nested(ProjectCodeRowSchema))
    participant_roles = fields.List(fields.Nested(ProjectCodeRowSchema))
    contract_categories = fields.List(fields.Nested(ProjectCodeRowSchema))
    contract_states = fields.List(fields.Nested(ProjectCodeRowSchema))
    regions = fields.List(fields.Nested(RegionNodeSchema), metadata={"description": "GB/T 2260: 省 → 市 → 区"})
