"""What crosses employment_svc's boundary."""

from marshmallow import EXCLUDE, Schema, fields, validate

from employment_svc.reference import UNIT_TYPES


class EnterpriseRegistrationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    credit_code = fields.String(required=True)
    unit_type = fields.String(required=True, validate=validate.OneOf(list(UNIT_TYPES)))
    contact_person = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    contact_phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))


class EnterpriseQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    unit_type = fields.String(load_default=None, allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class EnterpriseSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    credit_code = fields.String()
    unit_type = fields.String()
    contact_person = fields.String(allow_none=True)
    contact_phone_masked = fields.String(allow_none=True)
    registered_at = fields.DateTime()


class EnterpriseEventSchema(Schema):
    enterprise_id = fields.Integer(attribute="id")
    name = fields.String()
    credit_code = fields.String()
    unit_type = fields.String()
