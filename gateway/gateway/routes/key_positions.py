"""关键岗位 (manual 003 §4): the positions each unit of a project must fill, 入场注册 with the 资质证书, the
authority's 关键岗位审核, 退场解锁; 项目经理进退场管理 (manual 002) is the same list for the general contractor."""

import base64
import io

from flask import request, send_file
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from gateway.auth import AUTHORITY, ENTERPRISE, SITE, requires
from gateway.errors import ApiError
from gateway.routes import services

blp = Blueprint("key_positions", __name__, url_prefix="/api/v1/key-positions",
                description="Key positions (关键岗位)")
READERS = (ENTERPRISE, SITE, AUTHORITY)
#: the most a certificate may hold (project_svc checks it again, with the type, by the bytes)
MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024


class KeyPositionFormSchema(Schema):
    project_id = fields.Integer(required=True)
    participant_id = fields.Integer(required=True, metadata={"description": "the unit (参建单位) registering"})
    position = fields.String(required=True, metadata={"example": "project_manager"})
    name = fields.String(required=True, metadata={"example": "张伟"})
    id_type = fields.String(load_default="01")
    id_number = fields.String(required=True)
    phone = fields.String(load_default=None, allow_none=True)


class CertificateFileSchema(Schema):
    certificate = Upload(load_default=None, metadata={"description": "资质证书: a JPEG or PNG photo or a PDF, ≤ 10 MB"})


class KeyPositionQuerySchema(Schema):
    project_id = fields.Integer(load_default=None)
    enterprise_id = fields.Integer(load_default=None)
    participant_id = fields.Integer(load_default=None)
    position = fields.String(load_default=None)
    state = fields.String(load_default=None, metadata={
        "description": "registered | approved | rejected | exit_requested | exited | review (both waiting states)"})
    q = fields.String(load_default="", metadata={"description": "part of the person's or the unit's name"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class KeyPositionDecisionSchema(Schema):
    approve = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, metadata={"description": "required to reject"})


class KeyPositionExitSchema(Schema):
    exit_on = fields.Date(required=True, metadata={"description": "退场日期"})
    exit_note = fields.String(load_default=None, allow_none=True, metadata={"description": "退场说明"})


key_position_query = KeyPositionQuerySchema()
exit_request = KeyPositionExitSchema()


@blp.route("/projects")
@requires(*READERS)
@blp.response(200)
def key_position_projects():
    """The projects whose key positions the caller sees: ``[{"project_id", "name", "registration_number"}]``."""
    with services() as rpc:
        return rpc.project_svc.key_position_projects()


@blp.route("/projects/<int:project_id>")
@requires(*READERS)
@blp.response(200)
def required_key_positions(project_id):
    """The positions each unit of the project must fill: ``{"project_id", "units": [{"participant_id",
    "enterprise_name", "role", "positions": [{"position", "position_name", "single", "filled", "holders": [...],
    "pending": [...]}]}]}``; a position without holders is 未登记. An enterprise sees its own units."""
    with services() as rpc:
        return rpc.project_svc.required_key_positions(project_id)


@blp.route("")
@requires(*READERS)
@blp.arguments(key_position_query, location="query")
@blp.response(200)
def list_key_positions(query):
    """The registrations in the caller's scope, newest first: ``?project_id=1&position=project_manager&
    state=approved&q=张``; ``{"items", "total", "page", "page_size"}``."""
    with services() as rpc:
        return rpc.project_svc.list_key_positions(key_position_query.dump(query))


@blp.route("/reviews")
@requires(AUTHORITY)
@blp.arguments(key_position_query, location="query")
@blp.response(200)
def key_position_reviews(query):
    """关键岗位审核: what waits for the authority (入场注册 and 退场解锁), oldest first; ``?state=registered`` or
    ``exit_requested`` for one kind."""
    with services() as rpc:
        return rpc.project_svc.key_position_reviews(key_position_query.dump(query))


@blp.route("", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(KeyPositionFormSchema, location="form")
@blp.arguments(CertificateFileSchema, location="files")
@blp.response(201)
def register_key_position(form, files):
    """入场注册 (multipart/form-data): ``project_id``, ``participant_id`` (the enterprise's own unit),
    ``position``, ``name``, ``id_type``, ``id_number``, ``phone`` and the file ``certificate`` (资质证书: JPEG,
    PNG or PDF by its bytes, ≤ 10 MB; 422 CERTIFICATE_REQUIRED without it). The registration waits for review."""
    upload = files.get("certificate")
    certificate = None
    if upload is not None:
        content = upload.stream.read(MAX_CERTIFICATE_BYTES + 1)
        if len(content) > MAX_CERTIFICATE_BYTES:
            raise ApiError("DOCUMENT_REFUSED", fields={"certificate": "DOCUMENT_TOO_LARGE"})
        certificate = {"filename": upload.filename or "certificate",
                       "content_base64": base64.b64encode(content).decode()}
    with services() as rpc:
        return rpc.project_svc.register_key_position({**form, "phone": form["phone"] or None,
                                                      "certificate": certificate})


@blp.route("/<int:registration_id>/decision", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(KeyPositionDecisionSchema)
@blp.response(200)
def decide_key_position(decision, registration_id):
    """审核 an 入场注册: ``{"approve": true}`` (the person is 在岗; 409 KEY_POSITION_TAKEN when the single
    position has its person) or ``{"approve": false, "reason": "证书已过期"}``."""
    with services() as rpc:
        return rpc.project_svc.decide_key_position(registration_id, decision["approve"], decision["reason"])


@blp.route("/<int:registration_id>/exit", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(exit_request)
@blp.response(200)
def request_key_position_exit(values, registration_id):
    """退场解锁: ``{"exit_on": "2026-12-01", "exit_note": "项目竣工"}``; the exit waits for the authority."""
    with services() as rpc:
        return rpc.project_svc.request_key_position_exit(registration_id, exit_request.dump(values))


@blp.route("/<int:registration_id>/exit-decision", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(KeyPositionDecisionSchema)
@blp.response(200)
def decide_key_position_exit(decision, registration_id):
    """审核 a 退场解锁: ``{"approve": true}`` (the position is 未登记 again) or ``{"approve": false, "reason": "…"}``
    (the person stays on site)."""
    with services() as rpc:
        return rpc.project_svc.decide_key_position_exit(registration_id, decision["approve"], decision["reason"])


@blp.route("/<int:registration_id>/certificate")
@requires(*READERS)
@blp.response(200, content_type="application/octet-stream")
def get_certificate(registration_id):
    """The 资质证书 itself, to whoever sees the registration; ``?download=1`` to save it under its name."""
    with services() as rpc:
        document = rpc.project_svc.get_key_position_certificate(registration_id)
    response = send_file(io.BytesIO(base64.b64decode(document["content_base64"])),
                         mimetype=document["content_type"], download_name=document["filename"],
                         as_attachment=request.args.get("download") == "1")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
