"""管理人员登记 (manual 004 §4.1): a manager's extended profile and the person's documents (人员相片, 附件,
社保缴费证明), kept by identity_svc. The employer-level part (职务, 工作单位) is employment_svc's."""

import base64
import io

from flask import request, send_file
from flask_smorest import Blueprint
from marshmallow import EXCLUDE, fields, validate

from chassis.schemas import Schema
from gateway.auth import ALL_ROLES, requires
from gateway.errors import ApiError
from gateway.routes import services
from gateway.schemas import PersonSchema, date_text

#: what identity_svc keeps of one file; a larger upload is refused here before it crosses RPC
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_KINDS = ("photo", "attachment", "social_insurance_proof")

blp = Blueprint("manager_profiles", __name__, url_prefix="/api/v1",
                description="Managers' extended profile (管理人员登记) and person documents")


class Row(Schema):
    class Meta:
        unknown = EXCLUDE


def optional_text():
    return fields.String(load_default=None, allow_none=True)


class DateText(fields.Date):
    """A date, checked on the way in; on the way out the ISO text a service sent passes unchanged."""

    def _serialize(self, value, attr, obj, **kwargs):
        return value if isinstance(value, str) else super()._serialize(value, attr, obj, **kwargs)


def optional_date():
    return DateText(load_default=None, allow_none=True)


class EducationRow(Row):
    """教育经历: 就读学校, 开始时间, 截止时间, 专业名称, 是否毕业."""

    school = fields.String(required=True)
    starts_on = optional_date()
    ends_on = optional_date()
    major = optional_text()
    graduated = fields.Boolean(load_default=None, allow_none=True)


class EmergencyContactRow(Row):
    """紧急联系人: 与本人关系, 姓名, 联系电话. Leave ``phone`` out and give the row's ``id`` to keep its number."""

    id = fields.Integer(load_default=None, allow_none=True)
    relationship = fields.String(required=True)
    name = fields.String(required=True)
    phone = fields.String(load_default=None, allow_none=True)
    phone_masked = fields.String(dump_only=True, metadata={"example": "139****5678"})


class TrainingRow(Row):
    """培训经历: 培训机构, 培训课程, 培训时间, 培训成绩."""

    institution = fields.String(required=True)
    course = fields.String(required=True)
    trained_on = optional_date()
    score = optional_text()


class TitleRow(Row):
    """职业技能职称: 职称名称, 职称等级 (code), 授予单位, 职称取得时间, 备注."""

    title_name = fields.String(required=True)
    title_level = optional_text()
    granted_by = optional_text()
    granted_on = optional_date()
    remark = optional_text()


class LicenceRow(Row):
    """执业证书: 执业证书编号, 执业名称, 授予单位, 证书有效期, 备注."""

    licence_number = fields.String(required=True)
    licence_name = fields.String(required=True)
    issued_by = optional_text()
    expires_on = optional_date()
    remark = optional_text()


class AwardRow(Row):
    """获奖情况: 奖项名称, 颁发部门, 获奖时间, 备注."""

    award_name = fields.String(required=True)
    awarded_by = optional_text()
    awarded_on = optional_date()
    remark = optional_text()


def rows(schema):
    return fields.List(fields.Nested(schema), load_default=list)


class ManagerProfileFields(Schema):
    """The profile's own fields: codes from GET /reference (hukou_types, marital_statuses,
    highest_education_levels, education_types, degrees)."""

    class Meta:
        unknown = EXCLUDE

    former_name = optional_text()
    social_insurance = optional_text()
    social_insurance_proof_date = optional_date()
    professional_title = optional_text()
    hukou_type = optional_text()
    hukou_location = optional_text()
    residence_address = optional_text()
    residence_detail = optional_text()
    native_place = optional_text()
    marital_status = optional_text()
    highest_education = optional_text()
    highest_education_type = optional_text()
    highest_degree = optional_text()
    education = rows(EducationRow)
    emergency_contacts = rows(EmergencyContactRow)
    trainings = rows(TrainingRow)
    titles = rows(TitleRow)
    licences = rows(LicenceRow)
    awards = rows(AwardRow)


class PersonDocumentSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    kind = fields.String(metadata={"enum": list(DOCUMENT_KINDS)})
    filename = fields.String()
    content_type = fields.String(metadata={"enum": ["image/jpeg", "image/png", "application/pdf"]})
    size = fields.Integer()
    uploaded_by = fields.String()
    uploaded_at = date_text("date-time")


class ManagerProfileSchema(ManagerProfileFields):
    """The whole screen: the real-name record's part (masked), the profile and its sections, the documents, and
    the social insurance proof's age (``social_insurance_proof_expired`` once older than 60 days)."""

    person = fields.Nested(PersonSchema)
    age = fields.Integer(allow_none=True)
    social_insurance_proof_age_days = fields.Integer(allow_none=True)
    social_insurance_proof_expired = fields.Boolean()
    documents = fields.List(fields.Nested(PersonDocumentSchema))
    editable = fields.Boolean(metadata={"description": "whether the caller may save the profile"})
    updated_by = fields.String(allow_none=True)
    updated_at = date_text("date-time")


class DocumentKindSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))


class DocumentFileSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


profile_fields = ManagerProfileFields()


@blp.route("/persons/<int:person_id>/manager-profile")
@requires(*ALL_ROLES)
@blp.response(200, ManagerProfileSchema)
def get_manager_profile(person_id):
    """A manager's extended profile, for callers whose scope covers the person (the registering enterprise,
    the current employer, the authority)."""
    with services() as rpc:
        return rpc.identity_svc.get_manager_profile(person_id)


@blp.route("/persons/<int:person_id>/manager-profile", methods=["PUT"])
@requires(*ALL_ROLES)
@blp.arguments(profile_fields)
@blp.response(200, ManagerProfileSchema)
def save_manager_profile(profile, person_id):
    """Saves the whole profile; each section replaces the stored one. Problems are named by path
    (``education.2.school``). Example: ``{"hukou_type": "1", "highest_education": "06",
    "social_insurance_proof_date": "2026-11-01", "education": [{"school": "同济大学", "starts_on": "2004-09-01",
    "ends_on": "2008-07-01", "major": "土木工程", "graduated": true}], "emergency_contacts":
    [{"relationship": "配偶", "name": "王芳", "phone": "13912345678"}]}``."""
    with services() as rpc:
        return rpc.identity_svc.save_manager_profile(person_id, profile_fields.dump(profile))


@blp.route("/persons/<int:person_id>/documents", methods=["POST"])
@requires(*ALL_ROLES)
@blp.arguments(DocumentKindSchema, location="form")
@blp.arguments(DocumentFileSchema, location="files")
@blp.response(201, PersonDocumentSchema)
def add_person_document(form, files, person_id):
    """Uploads a 人员相片 (``kind=photo``: JPEG or PNG; it replaces the last one), an ``attachment`` or a
    ``social_insurance_proof`` (JPEG, PNG or PDF), multipart with the file in ``file``, at most 10 MB. The type is
    read from the file's content, not its name."""
    upload = files["file"]
    content = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ApiError("PERSON_DOCUMENT_TOO_LARGE", details={"max_bytes": MAX_DOCUMENT_BYTES})
    with services() as rpc:
        return rpc.identity_svc.add_person_document(
            person_id, form["kind"], upload.filename, upload.mimetype, base64.b64encode(content).decode())


@blp.route("/person-documents/<int:document_id>")
@requires(*ALL_ROLES)
@blp.response(200, content_type="application/octet-stream")
def get_person_document(document_id):
    """The file itself (to callers whose scope covers its person), shown in the browser; ``?download=1`` to
    save it under its name."""
    with services() as rpc:
        document = rpc.identity_svc.get_person_document(document_id)
    response = send_file(io.BytesIO(base64.b64decode(document["content_base64"])),
                         mimetype=document["content_type"], download_name=document["filename"],
                         as_attachment=request.args.get("download") == "1")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route("/person-documents/<int:document_id>", methods=["DELETE"])
@requires(*ALL_ROLES)
@blp.response(200, PersonDocumentSchema)
def delete_person_document(document_id):
    """Deletes a document (a wrong photo is deleted and another uploaded); the deleted record."""
    with services() as rpc:
        return rpc.identity_svc.delete_person_document(document_id)
