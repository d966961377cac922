"""What crosses project_svc's boundary about 关键岗位."""

from marshmallow import EXCLUDE, Schema, fields, validate

from project_svc.key_position_rules import POSITIONS, STATES


class CertificateUploadSchema(Schema):
    """资质证书 as it crosses RPC: its name and its bytes in base64 (the type is read from the bytes)."""

    class Meta:
        unknown = EXCLUDE

    filename = fields.String(load_default="certificate", validate=validate.Length(min=1, max=200))
    content_base64 = fields.String(required=True)


class KeyPositionRegistrationSchema(Schema):
    """入场注册: ``{"project_id": 1, "participant_id": 3, "position": "project_manager", "name": "张伟",
    "id_type": "01", "id_number": "310…", "phone": "13912345678", "certificate": {"filename": "证书.pdf",
    "content_base64": "JVBERi0…"}}``."""

    class Meta:
        unknown = EXCLUDE

    project_id = fields.Integer(required=True)
    participant_id = fields.Integer(required=True)
    position = fields.String(required=True, validate=validate.OneOf(list(POSITIONS)))
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    id_type = fields.String(load_default="01", validate=validate.Length(min=1, max=4))
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^1[3-9]\d{9}$"))
    certificate = fields.Nested(CertificateUploadSchema, load_default=None, allow_none=True)


class KeyPositionQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    project_id = fields.Integer(load_default=None, allow_none=True)
    enterprise_id = fields.Integer(load_default=None, allow_none=True)
    participant_id = fields.Integer(load_default=None, allow_none=True)
    position = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(POSITIONS)))
    #: one state, or ``review`` for what waits for the authority (入场注册 and 退场解锁 both)
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf([*STATES, "review"]))
    q = fields.String(load_default="")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ExitRequestSchema(Schema):
    """退场解锁: ``{"exit_on": "2026-12-01", "exit_note": "项目竣工"}``."""

    class Meta:
        unknown = EXCLUDE

    exit_on = fields.Date(required=True)
    exit_note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class KeyPositionViewSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    participant_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    unit_role = fields.String()
    position = fields.String()
    position_name = fields.Function(lambda r: POSITIONS[r.position][0])
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String()
    phone = fields.String(allow_none=True)
    state = fields.String()
    certificate = fields.Function(lambda r: {"filename": r.certificate_filename,
                                             "content_type": r.certificate_content_type,
                                             "size": r.certificate_size})
    registered_at = fields.DateTime()
    registered_by = fields.String()
    reviewed_at = fields.DateTime(allow_none=True)
    reviewed_by = fields.String(allow_none=True)
    rejection_reason = fields.String(allow_none=True)
    entered_on = fields.Date(allow_none=True)
    exit_on = fields.Date(allow_none=True)
    exit_note = fields.String(allow_none=True)
    exit_requested_at = fields.DateTime(allow_none=True)
    exit_reviewed_at = fields.DateTime(allow_none=True)
    exit_rejection_reason = fields.String(allow_none=True)


class KeyPositionEventSchema(Schema):
    """``key_position_registered`` / ``_approved`` / ``_exit_approved``: ids and the masked ID number only;
    ``at`` is when it happened."""

    registration_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    participant_id = fields.Integer()
    enterprise_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String()
    id_number_masked = fields.String()
    position = fields.String()
    position_name = fields.Function(lambda r: POSITIONS[r.position][0])
    state = fields.String()
    at = fields.DateTime(attribute="updated_at")
