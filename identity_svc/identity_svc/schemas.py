"""Everything that crosses identity_svc's boundary, as marshmallow schemas."""

from marshmallow import EXCLUDE, Schema, fields, validate

from identity_svc.reference import ETHNICITIES, GENDERS, ID_DOCUMENT_TYPES, VERIFICATION_SOURCES


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
