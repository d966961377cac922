"""What the personal 建设码 endpoints take and answer (gateway/routes/codes.py)."""

from marshmallow import Schema, fields, validate

from gateway.schemas import CurrentEmploymentSchema, EmploymentTermsSchema, EntrySchema, date_text, page_of


class PublicKeySchema(Schema):
    algorithm = fields.String(metadata={"example": "Ed25519"})
    pem = fields.String(metadata={"description": "SubjectPublicKeyInfo, PEM"})
    raw_base64 = fields.String(metadata={"description": "the 32 raw key bytes, base64"})
    format = fields.String(metadata={"description": "how a token is laid out"})
    lifetime_seconds = fields.Integer()


class PersonalCodeSchema(Schema):
    token = fields.String(metadata={"description": "what the QR code carries; verify with the public key"})
    short_code = fields.String(metadata={"description": "8 characters to type when scanning fails"})
    expires_at = date_text("date-time")
    lifetime_seconds = fields.Integer()
    qr_svg = fields.String(metadata={"description": "the token as a QR code, an SVG document"})


class CodeReadSchema(Schema):
    project_id = fields.Integer(allow_none=True, metadata={"description": "the authority's; a site's is its own"})
    code = fields.String(required=True, validate=validate.Length(min=1, max=400),
                         metadata={"description": "the scanned token, or the typed 8-character code"})


class CodeEntrySchema(EmploymentTermsSchema):
    project_id = fields.Integer(allow_none=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=400),
                         metadata={"description": "the ticket of /codes/read (or a live code)"})


class GateAssignmentSchema(Schema):
    assignment_id = fields.Integer()
    project_id = fields.Integer()
    person_id = fields.Integer()
    person_name = fields.String(allow_none=True)
    id_number_masked = fields.String(allow_none=True)
    enterprise_id = fields.Integer()
    enterprise_name = fields.String(allow_none=True)
    confirming_enterprise_id = fields.Integer(allow_none=True)
    state = fields.String(allow_none=True, metadata={"enum": ["pending", "confirmed", "rejected", "ended"]})
    role = fields.String(allow_none=True)
    position = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    lodging_on_site = fields.Boolean(allow_none=True)
    assigned_at = date_text("date-time")
    confirmed_at = date_text("date-time")


class CodePersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    gender = fields.String(allow_none=True)
    id_number_masked = fields.String()


class PrefillSchema(Schema):
    employer_id = fields.Integer(allow_none=True)
    employer_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)


class ProjectNameSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class CodeReadingSchema(Schema):
    person = fields.Nested(CodePersonSchema)
    project = fields.Nested(ProjectNameSchema)
    employment = fields.Nested(CurrentEmploymentSchema, allow_none=True)
    assignment = fields.Nested(GateAssignmentSchema, allow_none=True)
    assignment_required = fields.Boolean()
    binding_review_required = fields.Boolean(metadata={"description": "entry needs the 实施单位's binding approval"})
    binding_state = fields.String(allow_none=True, metadata={
        "enum": ["approved", "rejected"],
        "description": "the 实施单位's decision on the person's binding (none yet: null)"})
    on_site_entry_id = fields.Integer(allow_none=True)
    prefill = fields.Nested(PrefillSchema)
    ticket = fields.String(metadata={"description": "admits this person on this project for 15 minutes"})


class AwaitingEntryQuerySchema(Schema):
    project_id = fields.Integer(load_default=None, allow_none=True)
    name = fields.String(load_default="", validate=validate.Length(max=50))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


AwaitingEntryPageSchema = page_of(GateAssignmentSchema, "AwaitingEntryPageSchema")


class AssignedEntryRequestSchema(Schema):
    project_id = fields.Integer(allow_none=True)
    person_ids = fields.List(fields.Integer(), required=True)
    trade = fields.String(allow_none=True, metadata={"description": "null: each one's assignment's 工种"})
    education = fields.String(required=True)
    entry_date = fields.Date(required=True)
    phone = fields.String(allow_none=True)
    is_team_leader = fields.Boolean(load_default=False)


class AssignedEntryRefusalSchema(Schema):
    person_id = fields.Integer()
    name = fields.String(allow_none=True)
    error = fields.String()
    message = fields.String()


class AssignedEntryResultSchema(Schema):
    entered = fields.List(fields.Nested(EntrySchema))
    refused = fields.List(fields.Nested(AssignedEntryRefusalSchema))
