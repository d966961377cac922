"""What crosses project_svc's boundary."""

from marshmallow import EXCLUDE, Schema, fields, validate


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
