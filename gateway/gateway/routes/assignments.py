"""人员分配 and 分配人员确认 (manual 001 parts 2–3, manual 002 §三–§四): an employer (or its site user) assigns its
employees to projects where it holds a contract section; the unit that contracted it confirms or rejects."""

from flask_smorest import Blueprint
from marshmallow import fields, validate

from chassis.schemas import Schema
from gateway.auth import AUTHORITY, ENTERPRISE, SITE, requires
from gateway.routes import services
from gateway.schemas import date_text, page_of

blp = Blueprint("assignments", __name__, url_prefix="/api/v1", description="Assignments (人员分配) and their "
                "confirmation (分配人员确认)")
ACTORS = (ENTERPRISE, SITE)
ROLES = ["worker", "manager"]


class PagedQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class AssignmentProjectQuerySchema(PagedQuerySchema):
    q = fields.String(load_default="", metadata={"description": "a fragment of 项目名称, or a whole 报建编号"})


class AssignmentProjectSchema(Schema):
    id = fields.Integer()
    registration_number = fields.String()
    name = fields.String()
    address = fields.String(allow_none=True)
    general_contractor_name = fields.String()
    assigned_count = fields.Integer(metadata={"description": "已分配人员: pending and confirmed"})
    pending_count = fields.Integer()
    confirmed_count = fields.Integer()


class CandidateQuerySchema(Schema):
    name = fields.String(load_default="")
    project_id = fields.Integer(load_default=None, allow_none=True,
                                metadata={"description": "the project to assign to; none: 待分配人员 (on no project)"})


class CandidateSchema(Schema):
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String()
    role = fields.String()
    trade = fields.String(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    position = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)


class CandidateTeamSchema(Schema):
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    members = fields.List(fields.Nested(CandidateSchema))


class PersonToAssignSchema(Schema):
    person_id = fields.Integer(required=True)
    role = fields.String(load_default="worker", metadata={"enum": ROLES})
    position = fields.String(load_default=None, allow_none=True,
                             metadata={"description": "a manager's: project_manager, safety_officer …"})
    lodging_on_site = fields.Boolean(load_default=False)


class AssignRequestSchema(Schema):
    project_id = fields.Integer(required=True)
    people = fields.List(fields.Nested(PersonToAssignSchema), required=True)


class AssignmentSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    project_name = fields.String(allow_none=True)
    registration_number = fields.String(allow_none=True)
    person_id = fields.Integer()
    person_name = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String()
    gender = fields.String(allow_none=True, metadata={"description": "1 男, 2 女"})
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    confirming_enterprise_id = fields.Integer(allow_none=True)
    role = fields.String(metadata={"enum": ROLES})
    position = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    lodging_on_site = fields.Boolean()
    state = fields.String(metadata={"enum": ["pending", "confirmed", "rejected", "ended"]})
    assigned_at = date_text("date-time")
    decided_at = date_text("date-time")
    ended_at = date_text("date-time")
    reason = fields.String(allow_none=True)


class AssignedSchema(Schema):
    assigned = fields.Integer()
    items = fields.List(fields.Nested(AssignmentSchema))


class AssignmentQuerySchema(PagedQuerySchema):
    project_id = fields.Integer(load_default=None, allow_none=True)
    name = fields.String(load_default="")
    id_number = fields.String(load_default="", metadata={"description": "whole, or its first 6+ / last 4+"})
    state = fields.String(load_default=None, allow_none=True)
    role = fields.String(load_default=None, allow_none=True)
    team_id = fields.Integer(load_default=None, allow_none=True)
    open_only = fields.Boolean(load_default=False)


class ConfirmationQuerySchema(PagedQuerySchema):
    project_id = fields.Integer(load_default=None, allow_none=True)
    name = fields.String(load_default="")
    id_number = fields.String(load_default="")
    enterprise_name = fields.String(load_default="")
    processed = fields.Boolean(load_default=False, metadata={"description": "true: 已处理人员"})


class DecisionSchema(Schema):
    ids = fields.List(fields.Integer(), required=True)
    decision = fields.String(required=True, metadata={"enum": ["confirm", "reject"]})
    reason = fields.String(load_default=None, allow_none=True)


class DecidedSchema(Schema):
    decided = fields.Integer()
    items = fields.List(fields.Nested(AssignmentSchema))


class EndSchema(Schema):
    reason = fields.String(load_default=None, allow_none=True)


AssignmentProjectPageSchema = page_of(AssignmentProjectSchema, "AssignmentProjectPageSchema")
AssignmentPageSchema = page_of(AssignmentSchema, "AssignmentPageSchema")
# instances, not classes: webargs would build a schema given as a class anew for every request
project_query = AssignmentProjectQuerySchema()
candidate_query = CandidateQuerySchema()
assign_request = AssignRequestSchema()
assignment_query = AssignmentQuerySchema()
confirmation_query = ConfirmationQuerySchema()
decision_form = DecisionSchema()
end_form = EndSchema()


@blp.route("/assignment-projects")
@requires(*ACTORS)
@blp.arguments(project_query, location="query")
@blp.response(200, AssignmentProjectPageSchema)
def projects_for_assignment(query):
    """人员分配's projects: those where the enterprise holds a reported contract section in force (a site user:
    its own), ``?q=滨江``, each with 已分配人员 counts."""
    with services() as rpc:
        return rpc.project_svc.projects_for_assignment(project_query.dump(query))


@blp.route("/assignment-candidates")
@requires(*ACTORS)
@blp.arguments(candidate_query, location="query")
@blp.response(200, CandidateTeamSchema(many=True))
def assignment_candidates(query):
    """已登记人员 of 分配人员, grouped by 班组: the enterprise's 在职 people not on the project yet
    (``?project_id=3&name=徐``); without ``project_id``: 待分配人员, those on no project now. 409
    NO_CONTRACT_SECTION for a project where the enterprise holds no section."""
    with services() as rpc:
        return rpc.project_svc.assignment_candidates(query["project_id"], {"name": query["name"]})


@blp.route("/assignments", methods=["POST"])
@requires(*ACTORS)
@blp.arguments(assign_request)
@blp.response(201, AssignedSchema)
def assign_people(request_body):
    """确认分配 / 保存信息, all or nothing: ``{"project_id": 3, "people": [{"person_id": 12, "role": "worker",
    "lodging_on_site": true}, {"person_id": 40, "role": "manager", "position": "safety_officer"}]}``.
    Refusals name every refused person in ``fields`` (``people.1.person_id``): 409 NOT_EMPLOYED_HERE,
    409 ALREADY_ASSIGNED; 409 NO_CONTRACT_SECTION; 422 (``people.0.position`` REQUIRED for a manager)."""
    with services() as rpc:
        return rpc.project_svc.assign_people(request_body["project_id"], {
            "people": assign_request.dump(request_body)["people"]}), 201


@blp.route("/assignments")
@requires(ENTERPRISE, SITE, AUTHORITY)
@blp.arguments(assignment_query, location="query")
@blp.response(200, AssignmentPageSchema)
def list_assignments(query):
    """已分配人员: the enterprise's assignments, newest first: ``?project_id=3&name=徐&state=pending``."""
    with services() as rpc:
        return rpc.project_svc.list_assignments(assignment_query.dump(query))


@blp.route("/assignments/<int:assignment_id>/end", methods=["POST"])
@requires(*ACTORS)
@blp.arguments(end_form)
@blp.response(200, AssignmentSchema)
def end_assignment(body, assignment_id):
    """退出项目: the employer withdraws the person (``{"reason": "换岗"}``); 409 ASSIGNMENT_NOT_OPEN."""
    with services() as rpc:
        return rpc.project_svc.end_assignment(assignment_id, body["reason"])


@blp.route("/assignment-confirmations")
@requires(*ACTORS)
@blp.arguments(confirmation_query, location="query")
@blp.response(200, AssignmentPageSchema)
def confirmations(query):
    """进场人员确认: what the unit's direct subcontractors assigned, awaiting it (``?name=徐&id_number=3402&
    enterprise_name=劳务``); ``?processed=true``: 已处理人员, with the state as 确认状态."""
    with services() as rpc:
        return rpc.project_svc.confirmations(confirmation_query.dump(query))


@blp.route("/assignment-confirmations", methods=["POST"])
@requires(*ACTORS)
@blp.arguments(decision_form)
@blp.response(200, DecidedSchema)
def decide_assignments(decision):
    """接收 / 批量接收: ``{"ids": [4, 5], "decision": "confirm"}``; 拒绝: ``{"ids": [6], "decision": "reject",
    "reason": "人员不符"}``. All or nothing: 403 NOT_CONFIRMING_UNIT, 409 ASSIGNMENT_NOT_PENDING, each named in
    ``fields`` (``ids.0``); 422 REASON_REQUIRED."""
    with services() as rpc:
        return rpc.project_svc.decide_assignments(decision_form.dump(decision))
