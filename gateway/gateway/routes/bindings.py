"""项目人员绑定 and 项目人员登记绑定审核 (manual 004 §5.2–§5.4): a unit submits its people confirmed on a project
for binding, in batch; the project's 实施单位 approves them, or rejects them with a reason that sends them back."""

from flask_smorest import Blueprint
from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.auth import AUTHORITY, ENTERPRISE, SITE, requires
from gateway.routes import services
from gateway.schemas import date_text, page_of

blp = Blueprint("bindings", __name__, url_prefix="/api/v1", description="Project bindings (项目人员绑定) and their "
                "review by the implementing unit (项目人员登记绑定审核)")
STATES = ["draft", "pending_review", "rejected", "approved"]
ROLES = ["worker", "manager"]


class BindingPagedQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class BindingProjectQuerySchema(BindingPagedQuerySchema):
    q = fields.String(load_default="", metadata={"description": "a fragment of 项目名称, or a whole 报建编号"})


class BindingProjectSchema(Schema):
    id = fields.Integer()
    registration_number = fields.String()
    name = fields.String()
    state = fields.String()
    binding_review_required = fields.Boolean()
    manager_count = fields.Integer(metadata={"description": "管理人员数量 (confirmed there)"})
    worker_count = fields.Integer(metadata={"description": "现场作业人员数量 (confirmed there)"})
    draft_count = fields.Integer(metadata={"description": "待提交"})
    pending_review_count = fields.Integer(metadata={"description": "实施单位待审核"})
    rejected_count = fields.Integer(metadata={"description": "审核不通过"})
    approved_count = fields.Integer(metadata={"description": "审核通过"})


class BindingPeopleQuerySchema(BindingPagedQuerySchema):
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATES))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(ROLES),
                         metadata={"description": "人员性质: manager 管理人员, worker 现场作业人员"})
    name = fields.String(load_default="")


class BindingPersonSchema(Schema):
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
    role = fields.String(metadata={"enum": ROLES})
    position = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True)
    state = fields.String(metadata={"enum": STATES})
    face_verified = fields.Boolean(metadata={"description": "是否完成人脸识别: the face is enrolled (人脸采集)"})
    reason = fields.String(allow_none=True, metadata={"description": "审核不通过's reason"})
    submitted_at = date_text("date-time")
    reviewed_at = date_text("date-time")


class BindingPersonToBindSchema(Schema):
    assignment_id = fields.Integer(required=True)


class BindingSubmitSchema(Schema):
    people = fields.List(fields.Nested(BindingPersonToBindSchema), required=True)


class BindingSubmittedSchema(Schema):
    submitted = fields.Integer()
    items = fields.List(fields.Nested(BindingPersonSchema))


class BindingDecisionSchema(Schema):
    ids = fields.List(fields.Integer(), required=True, metadata={"description": "binding ids"})
    decision = fields.String(required=True, metadata={"enum": ["approve", "reject"]})
    reason = fields.String(load_default=None, allow_none=True)


class BindingDecidedSchema(Schema):
    decided = fields.Integer()
    items = fields.List(fields.Nested(BindingPersonSchema))


BindingProjectPageSchema = page_of(BindingProjectSchema, "BindingProjectPageSchema")
BindingPersonPageSchema = page_of(BindingPersonSchema, "BindingPersonPageSchema")
project_query = BindingProjectQuerySchema()
people_query = BindingPeopleQuerySchema()
submit_form = BindingSubmitSchema()
decision_form = BindingDecisionSchema()


@blp.route("/binding-projects")
@requires(ENTERPRISE, SITE)
@blp.arguments(project_query, location="query")
@blp.response(200, BindingProjectPageSchema)
def binding_projects(query):
    """项目人员绑定: the projects the unit takes part in, each with 管理人员数量, 现场作业人员数量 and the four
    binding counts (of the unit's people; the general contractor's: everyone's)."""
    with services() as rpc:
        return rpc.project_svc.binding_projects(project_query.dump(query))


@blp.route("/binding-reviews")
@requires(ENTERPRISE, AUTHORITY)
@blp.arguments(project_query, location="query")
@blp.response(200, BindingProjectPageSchema)
def binding_review_projects(query):
    """项目人员登记绑定审核: the projects where the enterprise is the 实施单位 (the authority: all), each with
    待提交 / 实施单位待审核 / 审核不通过 / 审核通过."""
    with services() as rpc:
        return rpc.project_svc.binding_review_projects(project_query.dump(query))


@blp.route("/projects/<int:project_id>/bindings")
@requires(ENTERPRISE, SITE, AUTHORITY)
@blp.arguments(people_query, location="query")
@blp.response(200, BindingPersonPageSchema)
def binding_people(query, project_id):
    """A project's people confirmed there, with 绑定状态: ``?state=pending_review&role=worker&name=王``. A unit
    sees its own people (the general contractor, the 实施单位 and the authority everyone's); 403 otherwise."""
    with services() as rpc:
        return rpc.project_svc.binding_people(project_id, people_query.dump(query))


@blp.route("/projects/<int:project_id>/bindings", methods=["POST"])
@requires(ENTERPRISE, SITE)
@blp.arguments(submit_form)
@blp.response(200, BindingSubmittedSchema)
def submit_bindings(body, project_id):
    """提交 (batch), all or nothing: ``{"people": [{"assignment_id": 4}]}`` — 待提交 or 审核不通过 people, each
    refusal named (``people.0.assignment_id``: ASSIGNMENT_NOT_FOUND, ASSIGNMENT_NOT_CONFIRMED,
    BINDING_NOT_SUBMITTABLE; ``people.0.face_verified``: FACE_NOT_VERIFIED where the project requires binding
    review and the person's face is not enrolled yet — 人脸采集 on the site, before entry)."""
    with services() as rpc:
        return rpc.project_svc.submit_bindings(project_id, submit_form.dump(body))


@blp.route("/binding-reviews", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(decision_form)
@blp.response(200, BindingDecidedSchema)
def decide_bindings(decision):
    """确认: ``{"ids": [7, 8], "decision": "approve"}``, or ``{"ids": [9], "decision": "reject", "reason":
    "身份证照片不清"}``; all or nothing: 409 BINDING_NOT_PENDING, 403 NOT_IMPLEMENTING_UNIT (``ids.0``), 422
    REASON_REQUIRED."""
    with services() as rpc:
        return rpc.project_svc.decide_bindings(decision_form.dump(decision))
