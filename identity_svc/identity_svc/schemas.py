"""Everything that crosses identity_svc's boundary, as marshmallow schemas."""

from marshmallow import EXCLUDE, Schema, fields, validate

from identity_svc.reference import (
    DEGREES,
    EDUCATION_LEVELS,
    EDUCATION_TYPES,
    ETHNICITIES,
    GENDERS,
    HUKOU_TYPES,
    ID_DOCUMENT_TYPES,
    MARITAL_STATUSES,
    TITLE_LEVELS,
    VERIFICATION_SOURCES,
)


class IdDocumentSchema(Schema):
    """Input of ``register_person``."""

    class Meta:
        unknown = EXCLUDE

    id_type = fields.String(load_default="01", validate=validate.OneOf(list(ID_DOCUMENT_TYPES)))
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=30))
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(GENDERS)))
    ethnicity = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(ETHNICITIES)))
    birth_date = fields.Date(load_default=None, allow_none=True)
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    issuing_authority = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    valid_from = fields.Date(load_default=None, allow_none=True)
    valid_until = fields.Date(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    verification_source = fields.String(load_default="manual", validate=validate.OneOf(VERIFICATION_SOURCES))


class PersonChangesSchema(Schema):
    """Input of ``update_person``: only the fields present change."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(validate=validate.Length(min=1, max=50))
    ethnicity = fields.String(allow_none=True, validate=validate.OneOf(list(ETHNICITIES)))
    address = fields.String(allow_none=True, validate=validate.Length(max=200))
    issuing_authority = fields.String(allow_none=True, validate=validate.Length(max=100))
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    phone = fields.String(allow_none=True, validate=validate.Length(max=20))


class PersonListQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class PersonSummarySchema(Schema):
    """What anyone allowed to look a person up may see."""

    id = fields.Integer()
    id_type = fields.String()
    id_number_masked = fields.String()
    name = fields.String()
    gender = fields.String(allow_none=True)
    verification_state = fields.String()


class PersonSchema(PersonSummarySchema):
    """The whole record, masked, for callers whose scope covers the person."""

    ethnicity = fields.String(allow_none=True)
    birth_date = fields.Date(allow_none=True)
    address = fields.String(allow_none=True)
    issuing_authority = fields.String(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    verification_source = fields.String()
    registered_at = fields.DateTime()
    updated_at = fields.DateTime()


class PersonEventSchema(Schema):
    """``data`` of person_registered / person_updated: internal id and masked numbers only."""

    person_id = fields.Integer(attribute="id")
    id_type = fields.String()
    id_number_masked = fields.String()
    name = fields.String()
    gender = fields.String(allow_none=True)
    birth_date = fields.Date(allow_none=True)
    verification_state = fields.String()
    verification_source = fields.String()
    registered_by_enterprise_id = fields.Integer(allow_none=True)
    registered_by_project_id = fields.Integer(allow_none=True)


# -- 管理人员登记 (manual 004 §4.1) ----------------------------------------------------------------------

def text(longest, required=False):
    if required:
        return fields.String(required=True, validate=validate.Length(min=1, max=longest))
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=longest))


def code_of(table):
    return fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(table)))


def optional_date():
    return fields.Date(load_default=None, allow_none=True)


class RowSchema(Schema):
    class Meta:
        unknown = EXCLUDE


class EducationRowSchema(RowSchema):
    """教育经历 (高中起填): 就读学校, 开始时间, 截止时间, 专业名称, 是否毕业."""

    school = text(100, required=True)
    starts_on = optional_date()
    ends_on = optional_date()
    major = text(100)
    graduated = fields.Boolean(load_default=None, allow_none=True)


class EmergencyContactRowSchema(RowSchema):
    """紧急联系人: 与本人关系, 姓名, 联系电话. On save a row may leave ``phone`` out and name the stored row
    (``id``) whose number it keeps: the view shows numbers masked."""

    id = fields.Integer(load_default=None, allow_none=True)
    relationship = text(20, required=True)
    name = text(50, required=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))


class TrainingRowSchema(RowSchema):
    """培训经历: 培训机构, 培训课程, 培训时间, 培训成绩."""

    institution = text(100, required=True)
    course = text(100, required=True)
    trained_on = optional_date()
    score = text(50)


class TitleRowSchema(RowSchema):
    """职业技能职称: 职称名称, 职称等级, 授予单位, 职称取得时间, 备注."""

    title_name = text(100, required=True)
    title_level = code_of(TITLE_LEVELS)
    granted_by = text(100)
    granted_on = optional_date()
    remark = text(200)


class LicenceRowSchema(RowSchema):
    """执业证书: 执业证书编号, 执业名称, 授予单位, 证书有效期, 备注."""

    licence_number = text(50, required=True)
    licence_name = text(100, required=True)
    issued_by = text(100)
    expires_on = optional_date()
    remark = text(200)


class AwardRowSchema(RowSchema):
    """获奖情况: 奖项名称, 颁发部门, 获奖时间, 备注."""

    award_name = text(100, required=True)
    awarded_by = text(100)
    awarded_on = optional_date()
    remark = text(200)


SECTION_SCHEMAS = {
    "education": EducationRowSchema,
    "emergency_contacts": EmergencyContactRowSchema,
    "trainings": TrainingRowSchema,
    "titles": TitleRowSchema,
    "licences": LicenceRowSchema,
    "awards": AwardRowSchema,
}


def section(row_schema):
    """A repeating section; ``manager_profile.check_manager_profile`` bounds its rows."""
    return fields.List(fields.Nested(row_schema), load_default=list)


class ManagerProfileSchema(Schema):
    """Input of ``save_manager_profile``: the whole profile; each repeating section replaces the stored one."""

    class Meta:
        unknown = EXCLUDE

    former_name = text(50)
    social_insurance = text(200)
    social_insurance_proof_date = optional_date()
    professional_title = text(50)
    hukou_type = code_of(HUKOU_TYPES)
    hukou_location = text(200)
    residence_address = text(200)
    residence_detail = text(200)
    native_place = text(100)
    marital_status = code_of(MARITAL_STATUSES)
    highest_education = code_of(EDUCATION_LEVELS)
    highest_education_type = code_of(EDUCATION_TYPES)
    highest_degree = code_of(DEGREES)
    education = section(EducationRowSchema)
    emergency_contacts = section(EmergencyContactRowSchema)
    trainings = section(TrainingRowSchema)
    titles = section(TitleRowSchema)
    licences = section(LicenceRowSchema)
    awards = section(AwardRowSchema)


#: the fields of the profile itself, beside the sections
PROFILE_FIELDS = tuple(name for name in ManagerProfileSchema._declared_fields if name not in SECTION_SCHEMAS)


class EmergencyContactViewSchema(Schema):
    id = fields.Integer()
    relationship = fields.String()
    name = fields.String()
    phone_masked = fields.String()


class PersonDocumentSchema(Schema):
    """A document's record, without its bytes."""

    id = fields.Integer()
    person_id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    uploaded_by = fields.String()
    uploaded_at = fields.DateTime()


class ManagerProfileViewSchema(Schema):
    """What ``get_manager_profile`` answers: the real-name record's part of the screen (masked), the profile,
    its sections, the documents, and the social insurance proof's age (``social_insurance_proof_expired``
    once older than 60 days)."""

    person = fields.Nested(PersonSchema)
    age = fields.Integer(allow_none=True)
    former_name = fields.String(allow_none=True)
    social_insurance = fields.String(allow_none=True)
    social_insurance_proof_date = fields.Date(allow_none=True)
    social_insurance_proof_age_days = fields.Integer(allow_none=True)
    social_insurance_proof_expired = fields.Boolean()
    professional_title = fields.String(allow_none=True)
    hukou_type = fields.String(allow_none=True)
    hukou_location = fields.String(allow_none=True)
    residence_address = fields.String(allow_none=True)
    residence_detail = fields.String(allow_none=True)
    native_place = fields.String(allow_none=True)
    marital_status = fields.String(allow_none=True)
    highest_education = fields.String(allow_none=True)
    highest_education_type = fields.String(allow_none=True)
    highest_degree = fields.String(allow_none=True)
    education = fields.List(fields.Nested(EducationRowSchema))
    emergency_contacts = fields.List(fields.Nested(EmergencyContactViewSchema))
    trainings = fields.List(fields.Nested(TrainingRowSchema))
    titles = fields.List(fields.Nested(TitleRowSchema))
    licences = fields.List(fields.Nested(LicenceRowSchema))
    awards = fields.List(fields.Nested(AwardRowSchema))
    documents = fields.List(fields.Nested(PersonDocumentSchema))
    editable = fields.Boolean()
    updated_by = fields.String(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)


class PersonProfileEventSchema(Schema):
    """``data`` of person_profile_updated: internal ids, masked data and counts; never a phone, a name of a
    contact, or a document."""

    person_id = fields.Integer()
    name = fields.String()
    id_number_masked = fields.String()
    changed = fields.String()  # profile | documents
    highest_education = fields.String(allow_none=True)
    professional_title = fields.String(allow_none=True)
    social_insurance_proof_date = fields.Date(allow_none=True)
    section_rows = fields.Dict(keys=fields.String(), values=fields.Integer())
    documents = fields.Dict(keys=fields.String(), values=fields.Integer())
    updated_by_role = fields.String()
    updated_by_enterprise_id = fields.Integer(allow_none=True)


class FaceEnrolledEventSchema(Schema):
    """``data`` of face_enrolled: who, when, which version and what the rules measured; never the template, never
    the photo."""

    person_id = fields.Integer()
    enrolled_at = fields.String()
    version = fields.Integer()
    quality = fields.Dict(keys=fields.String())
    enrolled_by_role = fields.String()
    project_id = fields.Integer(allow_none=True)


class EmploymentEventSchema(Schema):
    """What identity_svc reads of employment_confirmed / employment_ended (CONTRACT-8)."""

    class Meta:
        unknown = EXCLUDE

    relation_id = fields.Integer(required=True)
    enterprise_id = fields.Integer(required=True)
    person_id = fields.Integer(required=True)
    role = fields.String(load_default=None, allow_none=True)
    confirmed_at = fields.DateTime(load_default=None, allow_none=True)
    ended_at = fields.DateTime(load_default=None, allow_none=True)
