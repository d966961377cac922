"""What crosses project_svc's boundary for 项目人员绑定 and its review."""

from marshmallow import EXCLUDE, Schema, fields, validate

from project_svc.assignment_rules import ROLES
from project_svc.assignment_schemas import MOST_AT_ONCE, PagedQuery
from project_svc.binding_rules import STATES


class BindingProjectQuerySchema(PagedQuery):
    """项目人员绑定 / 项目人员登记绑定审核's project list: ``q`` a fragment of 项目名称 or a whole 报建编号."""

    q = fields.String(load_default="", validate=validate.Length(max=200))


class BindingPeopleQuerySchema(PagedQuery):
    """A project's people by 绑定状态 (draft: confirmed, never submitted), 人员性质 and 姓名."""

    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(STATES)))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(ROLES)))
    name = fields.String(load_default="", validate=validate.Length(max=50))


class PersonToBindSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    assignment_id = fields.Integer(required=True, strict=True)


class SubmitBindingsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    people = fields.List(fields.Nested(PersonToBindSchema), required=True,
                         validate=validate.Length(min=1, max=MOST_AT_ONCE))


class BindingDecisionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    ids = fields.List(fields.Integer(strict=True), required=True, validate=validate.Length(min=1, max=MOST_AT_ONCE))
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "reject"]))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class BindingPersonSchema(Schema):
    """A person on the binding lists (单位名称, 姓名, 身份证号, 人员性质, 是否完成人脸识别, 状态, 不通过原因)."""

    assignment_id = fields.Integer()
    binding_id = fields.Integer(allow_none=True)
    project_id = fields.Integer()
    project_name = fields.String(allow_none=True)
    registration_number = fields.String(allow_none=True)
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    role = fields.String()
    position = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True)
    state = fields.String()
    face_verified = fields.Boolean()
    reason = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)


class BindingEventSchema(Schema):
    """binding_submitted / binding_approved / binding_rejected."""

    binding_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    enterprise_id = fields.Integer()
    role = fields.String()
    face_verified = fields.Boolean()
    state = fields.String()
    reason = fields.String(allow_none=True)
    at = fields.DateTime()


# -- 项目二维码 self-registration (manual 004 §5.3 方法二) ----------------------------------------------------------

#: 人员性质 and 户口类型 of the public form
PERSON_KINDS = {"worker": ("现场作业人员", "Site worker"), "manager": ("管理人员", "Manager")}
HOUSEHOLD_TYPES = {"rural": ("农村户口", "Rural"), "urban": ("城镇户口", "Urban")}


def _text(most):
    return fields.String(required=True, validate=validate.Length(min=1, max=most))


class SelfRegistrationFormSchema(Schema):
    """The public phone form: every field required (the manual's *)."""

    class Meta:
        unknown = EXCLUDE

    enterprise_id = fields.Integer(required=True, strict=True)
    name = _text(50)
    id_number = _text(40)
    birth_date = fields.Date(required=True)
    gender = fields.String(required=True, validate=validate.OneOf(["1", "2"]))
    ethnicity = _text(20)
    native_place = _text(100)
    phone = fields.String(required=True, validate=validate.Regexp(r"^1\d{10}$"))
    address = _text(200)
    address_detail = _text(200)
    person_kind = fields.String(required=True, validate=validate.OneOf(list(PERSON_KINDS)))
    trade = _text(40)
    household_type = fields.String(required=True, validate=validate.OneOf(list(HOUSEHOLD_TYPES)))
    household_place = _text(200)


#: 待办理 / 已办理 of a self-registration
SELF_REGISTRATION_STATES = {"pending": ("待办理", "To handle"), "handled": ("已办理", "Handled")}


class SelfRegistrationQuerySchema(PagedQuery):
    name = fields.String(load_default="", validate=validate.Length(max=50))
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(SELF_REGISTRATION_STATES)))


class SelfRegistrationSchema(Schema):
    """自助登记人员 as the construction unit's list shows them (ID number and phone masked)."""

    id = fields.Integer()
    project_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    person_name = fields.String()
    id_number_masked = fields.String()
    birth_date = fields.Date()
    gender = fields.String()
    ethnicity = fields.String()
    native_place = fields.String()
    phone_masked = fields.String()
    address = fields.String()
    address_detail = fields.String()
    person_kind = fields.String()
    trade = fields.String()
    household_type = fields.String()
    household_place = fields.String()
    submissions = fields.Integer()
    submitted_at = fields.DateTime()
    state = fields.String()
    handled_at = fields.DateTime(allow_none=True)
    handled_by = fields.String(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    employment_id = fields.Integer(allow_none=True)


class SelfRegistrationToHandleSchema(SelfRegistrationSchema):
    """What the unit it landed with completes it from: the list's row with the plain ID number and phone."""

    id_number = fields.String()
    phone = fields.String()


class SelfRegistrationHandledSchema(Schema):
    """办理 done: the person's real-name record, and the unit's employment request (none when the person was
    employed by the unit, or asked by it, already)."""

    class Meta:
        unknown = EXCLUDE

    person_id = fields.Integer(required=True, strict=True)
    employment_id = fields.Integer(load_default=None, allow_none=True, strict=True)


class SelfRegistrationEventSchema(Schema):
    registration_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    at = fields.DateTime(attribute="submitted_at")


class SelfRegistrationHandledEventSchema(Schema):
    registration_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    employment_id = fields.Integer(allow_none=True)
    person_name = fields.String()
    id_number_masked = fields.String()
    handled_by = fields.String()
    at = fields.DateTime(attribute="handled_at")
