"""What crosses project_svc's boundary."""

from marshmallow import EXCLUDE, Schema, fields, validate

from project_svc import domain, regions


class ProjectRegistrationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    registration_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    general_contractor_id = fields.Integer(required=True)


class ProjectQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ProjectSchema(Schema):
    id = fields.Integer()
    registration_number = fields.String()
    name = fields.String()
    address = fields.String(allow_none=True)
    general_contractor_id = fields.Integer()
    general_contractor_name = fields.String()
    created_at = fields.DateTime()


class ProjectEventSchema(Schema):
    project_id = fields.Integer(attribute="id")
    registration_number = fields.String()
    name = fields.String()
    general_contractor_id = fields.Integer()


# -- 项目申报 -------------------------------------------------------------------------------------------------------

def _optional_text(length):
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=length))


def _code_of(table):
    return fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(table)))


class UnitSchema(Schema):
    """One of the five main units: an enterprise by its 统一社会信用代码 (registered if new)."""

    class Meta:
        unknown = EXCLUDE

    credit_code = _optional_text(18)
    name = _optional_text(200)
    #: the unit's 项目负责人 on this project (the general contractor's gets the site account)
    manager_name = _optional_text(50)
    manager_phone = _optional_text(20)


class MainUnitsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    owner = fields.Nested(UnitSchema, load_default=None, allow_none=True)
    surveyor = fields.Nested(UnitSchema, load_default=None, allow_none=True)
    designer = fields.Nested(UnitSchema, load_default=None, allow_none=True)
    general_contractor = fields.Nested(UnitSchema, load_default=None, allow_none=True)
    supervisor = fields.Nested(UnitSchema, load_default=None, allow_none=True)


class DeclarationSchema(Schema):
    """项目申报: every field may arrive empty; ``domain.missing_fields`` names what a complete one lacks."""

    class Meta:
        unknown = EXCLUDE

    registration_number = _optional_text(40)
    name = _optional_text(200)
    category = _code_of(domain.PROJECT_CATEGORIES)
    investment_type = _code_of(domain.INVESTMENT_TYPES)
    contact_name = _optional_text(50)
    contact_phone = _optional_text(20)
    area_code = _optional_text(6)
    address = _optional_text(300)
    lat = fields.Decimal(load_default=None, allow_none=True, places=6, validate=validate.Range(min=-90, max=90))
    lng = fields.Decimal(load_default=None, allow_none=True, places=6, validate=validate.Range(min=-180, max=180))
    start_date = fields.Date(load_default=None, allow_none=True)
    planned_completion_date = fields.Date(load_default=None, allow_none=True)
    builder_license_number = _optional_text(50)
    builder_license_date = fields.Date(load_default=None, allow_none=True)
    building_area = fields.Decimal(load_default=None, allow_none=True, places=2,
                                   validate=validate.Range(min=0, max=999_999_999))
    building_height = fields.Decimal(load_default=None, allow_none=True, places=2,
                                     validate=validate.Range(min=0, max=9_999))
    structure_levels = _optional_text(100)
    construction_cost = fields.Decimal(load_default=None, allow_none=True, places=2,
                                       validate=validate.Range(min=0, max=999_999_999))
    wage_bank = _optional_text(3)
    deposit_method = _code_of(domain.DEPOSIT_METHODS)
    units = fields.Nested(MainUnitsSchema, load_default=dict)


class DeclarationQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(domain.PROJECT_STATES)))
    area_code = _optional_text(6)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class RejectionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ProjectRulesSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    assignment_required = fields.Boolean(load_default=None, allow_none=True)
    binding_review_required = fields.Boolean(load_default=None, allow_none=True)


class ParticipantSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    credit_code = fields.String()
    role = fields.String()
    corp_type = fields.Function(lambda row: domain.PARTICIPANT_ROLES[row.role][0])
    contracted_by_id = fields.Integer(allow_none=True)
    manager_name = fields.String(allow_none=True)
    manager_phone = fields.String(allow_none=True)
    entered_on = fields.Date(allow_none=True)
    exited_on = fields.Date(allow_none=True)
    added_at = fields.DateTime()


class DeclarationViewSchema(ProjectSchema):
    """A project with its declaration, state and review."""

    state = fields.String()
    prj_status = fields.Function(lambda row: domain.national_status(row.state))
    assignment_required = fields.Boolean()
    binding_review_required = fields.Boolean()
    declarer_enterprise_id = fields.Integer(allow_none=True)
    category = fields.String(allow_none=True)
    investment_type = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    area_code = fields.String(allow_none=True)
    area_name = fields.Function(lambda row: regions.region_name(row.area_code) if row.area_code else None)
    lat = fields.Decimal(allow_none=True, as_string=True)
    lng = fields.Decimal(allow_none=True, as_string=True)
    start_date = fields.Date(allow_none=True)
    planned_completion_date = fields.Date(allow_none=True)
    builder_license_number = fields.String(allow_none=True)
    builder_license_date = fields.Date(allow_none=True)
    building_area = fields.Decimal(allow_none=True, as_string=True)
    building_height = fields.Decimal(allow_none=True, as_string=True)
    structure_levels = fields.String(allow_none=True)
    construction_cost = fields.Decimal(allow_none=True, as_string=True)
    wage_bank = fields.String(allow_none=True)
    deposit_method = fields.String(allow_none=True)
    declared_at = fields.DateTime(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)
    rejection_reason = fields.String(allow_none=True)


class ProjectDeclaredEventSchema(Schema):
    project_id = fields.Integer(attribute="id")
    registration_number = fields.String()
    name = fields.String()
    declarer_enterprise_id = fields.Integer()
    declared_at = fields.DateTime()


class ProjectRejectedEventSchema(Schema):
    project_id = fields.Integer(attribute="id")
    reason = fields.String(attribute="rejection_reason")
    rejected_at = fields.DateTime(attribute="reviewed_at")


class ProjectApprovedEventSchema(Schema):
    project_id = fields.Integer(attribute="id")
    registration_number = fields.String()
    name = fields.String()
    general_contractor_id = fields.Integer()
    general_contractor_name = fields.String()
    assignment_required = fields.Boolean()
    binding_review_required = fields.Boolean()
    area_code = fields.String()
    approved_at = fields.DateTime(attribute="reviewed_at")


class ProjectRulesChangedEventSchema(Schema):
    project_id = fields.Integer(attribute="id")
    assignment_required = fields.Boolean()
    binding_review_required = fields.Boolean()


class ProjectStateChangedEventSchema(Schema):
    project_id = fields.Integer(attribute="id")
    state = fields.String()
    prj_status = fields.Function(lambda row: domain.national_status(row.state))


# -- 参建单位 and 合同标段 ---------------------------------------------------------------------------------------------

class ParticipantFormSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    credit_code = fields.String(required=True, validate=validate.Length(min=1, max=18))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(list(domain.PARTICIPANT_ROLES)))
    #: the authority may name the participant that contracted it; an enterprise adds under itself
    contracted_by_id = fields.Integer(load_default=None, allow_none=True)
    manager_name = _optional_text(50)
    manager_phone = _optional_text(20)
    entered_on = fields.Date(load_default=None, allow_none=True)


class ParticipantAddedEventSchema(Schema):
    project_id = fields.Integer()
    participant_id = fields.Integer(attribute="id")
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    credit_code = fields.String()
    role = fields.String()
    contracted_by_id = fields.Integer(allow_none=True)
    #: set by the service from the participant above (None for the project's own units)
    contracted_by_enterprise_id = fields.Integer(allow_none=True)


class SectionFormSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    #: whose section: the caller's own participant (needed only when it takes part in several roles)
    participant_id = fields.Integer(load_default=None, allow_none=True)
    report_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    section_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    category = fields.String(required=True, validate=validate.OneOf(list(domain.CONTRACT_CATEGORIES)))
    state = fields.String(load_default="in_force", validate=validate.OneOf(list(domain.CONTRACT_STATES)))
    manager_name = _optional_text(50)


class SectionSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    participant_id = fields.Integer()
    enterprise_id = fields.Integer(attribute="participant.enterprise_id")
    enterprise_name = fields.String(attribute="participant.enterprise_name")
    report_number = fields.String()
    section_number = fields.String()
    name = fields.String()
    category = fields.String()
    state = fields.String()
    manager_name = fields.String(allow_none=True)
    reported_at = fields.DateTime()


class SectionReportedEventSchema(Schema):
    project_id = fields.Integer()
    section_id = fields.Integer(attribute="id")
    participant_id = fields.Integer()
    enterprise_id = fields.Integer(attribute="participant.enterprise_id")
    report_number = fields.String()
    section_number = fields.String()
    name = fields.String()
    category = fields.String()
    state = fields.String()
