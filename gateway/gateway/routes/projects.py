"""项目: registration by the authority, 项目申报 and its review, 接收项目账号密码, 参建单位 and 合同标段 (each
section's 项目负责人 account received by its unit)."""

from flask import g
from flask_smorest import Blueprint

from gateway import project_accounts
from gateway.auth import ALL_ROLES, AUTHORITY, ENTERPRISE, requires
from gateway.database import database
from gateway.errors import ApiError
from gateway.project_schemas import (
    DeclarationFormSchema,
    ParticipantFormSchema,
    ParticipantSchema,
    ProjectListQuerySchema,
    ProjectReferenceSchema,
    ProjectRulesFormSchema,
    ProjectStateActionSchema,
    ProjectViewPageSchema,
    ProjectViewSchema,
    RejectionFormSchema,
    SectionFormSchema,
    SectionSchema,
    SiteAccountSchema,
)
from gateway.routes import services
from gateway.schemas import ProjectRegistrationSchema

blp = Blueprint("projects", __name__, url_prefix="/api/v1/projects", description="Projects (项目)")
participant_form = ParticipantFormSchema()
section_form = SectionFormSchema()


@blp.route("", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(ProjectRegistrationSchema)
@blp.response(201, ProjectViewSchema)
def create_project(registration):
    """Creates a project (the authority). Example: ``{"registration_number": "3101042026110001",
    "name": "示范花园二期项目", "address": "上海市徐汇区…", "general_contractor_id": 2}``. Its gates keep admitting as
    before (``assignment_required`` false)."""
    with services() as rpc:
        return rpc.project_svc.create_project(registration)


@blp.route("")
@requires(*ALL_ROLES)
@blp.arguments(ProjectListQuerySchema, location="query")
@blp.response(200, ProjectViewPageSchema)
def list_projects(query):
    """Projects the caller may see: all (authority), its own (site), those an enterprise declared or takes part in;
    ``?q=花园&state=in_progress&area_code=3101``."""
    with services() as rpc:
        return rpc.project_svc.list_projects(query)


@blp.route("/reference")
@requires(*ALL_ROLES)
@blp.response(200, ProjectReferenceSchema)
def project_reference():
    """项目分类, 投资性质, 保证金办理方式, 项目状态, 参建单位类型, 合同类别, 合同状态, and the GB/T 2260 region tree."""
    with services() as rpc:
        return rpc.project_svc.reference_tables()


@blp.route("/<int:project_id>")
@requires(*ALL_ROLES)
@blp.response(200, ProjectViewSchema)
def get_project(project_id):
    """A project with its declaration, state, rules and five main units (``units``)."""
    with services() as rpc:
        return rpc.project_svc.get_project(project_id)


# -- 项目申报 and its review ----------------------------------------------------------------------------------------

@blp.route("/declarations", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(DeclarationFormSchema)
@blp.response(201, ProjectViewSchema)
def declare_project(declaration):
    """项目申报: ``{"registration_number": "3101042026000101", "name": "示范花园", "category": "01", "area_code":
    "310104", …, "units": {"owner": {"credit_code": "91310…", "name": "…"}, "general_contractor": {…,
    "manager_name": "项目负责人"}, …}}``; 422 DECLARATION_INCOMPLETE names every missing field."""
    with services() as rpc:
        return rpc.project_svc.declare_project(DeclarationFormSchema().dump(declaration))


@blp.route("/declarations")
@requires(ENTERPRISE, AUTHORITY)
@blp.arguments(ProjectListQuerySchema, location="query")
@blp.response(200, ProjectViewPageSchema)
def list_declarations(query):
    """项目审核 (the authority: every declaration, ``?state=pending_review``) or 我的项目申报 (an enterprise: its
    own, with state and rejection reason)."""
    with services() as rpc:
        return rpc.project_svc.list_declarations(query)


@blp.route("/<int:project_id>/declaration", methods=["PUT"])
@requires(ENTERPRISE)
@blp.arguments(DeclarationFormSchema)
@blp.response(200, ProjectViewSchema)
def resubmit_declaration(declaration, project_id):
    """修改后重新提交: the corrected form of a rejected declaration (409 PROJECT_NOT_REJECTED otherwise)."""
    with services() as rpc:
        return rpc.project_svc.resubmit_declaration(project_id, DeclarationFormSchema().dump(declaration))


@blp.route("/<int:project_id>/approve", methods=["POST"])
@requires(AUTHORITY)
@blp.response(200, ProjectViewSchema)
def approve_project(project_id):
    """审核通过: the project is in progress, and its 项目负责人's site account is made for the declarer to
    receive (``/site-account/receive``)."""
    with services() as rpc:
        project = rpc.project_svc.approve_project(project_id)
    project_accounts.ensure_handover(database(), project)
    return project


@blp.route("/<int:project_id>/reject", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(RejectionFormSchema)
@blp.response(200, ProjectViewSchema)
def reject_project(rejection, project_id):
    """审核不通过: ``{"reason": "施工许可证号与发放日期不符"}``; the declarer reads it, corrects and resubmits."""
    with services() as rpc:
        return rpc.project_svc.reject_project(project_id, rejection)


@blp.route("/<int:project_id>/state", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(ProjectStateActionSchema)
@blp.response(200, ProjectViewSchema)
def change_project_state(change, project_id):
    """停工 / 复工 / 竣工: ``{"action": "suspend" | "resume" | "complete"}``."""
    with services() as rpc:
        return rpc.project_svc.change_project_state(project_id, change["action"])


@blp.route("/<int:project_id>/rules", methods=["PUT"])
@requires(AUTHORITY)
@blp.arguments(ProjectRulesFormSchema)
@blp.response(200, ProjectViewSchema)
def set_project_rules(rules, project_id):
    """What entry needs: ``{"assignment_required": true, "binding_review_required": false}``."""
    with services() as rpc:
        return rpc.project_svc.set_project_rules(project_id, rules)


# -- 接收项目账号密码 ----------------------------------------------------------------------------------------------

def _declarers_handover(project_id):
    """The handover of a project the caller declared and the authority approved (made now if the approval's was
    not); 404 while there is none."""
    with services() as rpc:
        project = rpc.project_svc.get_project(project_id)
    if g.caller.role == ENTERPRISE and project["declarer_enterprise_id"] != g.caller.enterprise_id:
        raise ApiError("FORBIDDEN")
    session = database()
    handover = project_accounts.project_handover(session, project_id)
    if handover is None:
        if project["state"] not in project_accounts.APPROVED_STATES or not project["declarer_enterprise_id"]:
            raise ApiError("NOT_FOUND")
        handover = project_accounts.ensure_handover(session, project)
    return session, handover


@blp.route("/<int:project_id>/site-account")
@requires(ENTERPRISE, AUTHORITY)
@blp.response(200, SiteAccountSchema)
def site_account(project_id):
    """The project's site account: its user name and whether it was received (never its password)."""
    session, handover = _declarers_handover(project_id)
    return project_accounts.handover_view(session, handover)


@blp.route("/<int:project_id>/site-account/receive", methods=["POST"])
@requires(ENTERPRISE)
@blp.response(200, SiteAccountSchema)
def receive_site_account(project_id):
    """接收项目账号密码 (the declarer): ``{"username": "xm3101…", "password": "…"}``, the password shown this once;
    409 ACCOUNT_ALREADY_RECEIVED after that."""
    session, handover = _declarers_handover(project_id)
    return project_accounts.receive(session, handover, g.caller)


# -- 参建单位 and 合同标段 ------------------------------------------------------------------------------------------

@blp.route("/<int:project_id>/participants")
@requires(*ALL_ROLES)
@blp.response(200, ParticipantSchema(many=True))
def list_participants(project_id):
    """参建单位, each with its role (national ``corp_type``) and the unit that contracted it."""
    with services() as rpc:
        return rpc.project_svc.list_participants(project_id)


@blp.route("/<int:project_id>/participants", methods=["POST"])
@requires(ENTERPRISE, AUTHORITY)
@blp.arguments(participant_form)
@blp.response(201, ParticipantSchema)
def add_participant(participant, project_id):
    """添加参建单位 under the caller's unit: ``{"credit_code": "91310…", "name": "某劳务有限公司", "role":
    "labour_subcontractor", "manager_name": "王工"}`` (registered if new); 422 PARTICIPANT_ROLE_NOT_ALLOWED, 409
    PARTICIPANT_ALREADY_ADDED, 403 NOT_PARTICIPANT."""
    with services() as rpc:
        return rpc.project_svc.add_participant(project_id, participant_form.dump(participant))


@blp.route("/<int:project_id>/sections")
@requires(*ALL_ROLES)
@blp.response(200, SectionSchema(many=True))
def list_contract_sections(project_id):
    """合同标段 reported on the project."""
    with services() as rpc:
        return rpc.project_svc.list_contract_sections(project_id)


@blp.route("/<int:project_id>/sections", methods=["POST"])
@requires(ENTERPRISE, AUTHORITY)
@blp.arguments(section_form)
@blp.response(201, SectionSchema)
def report_contract_section(section, project_id):
    """合同信息报送: ``{"report_number": "W2026110200417", "section_number": "C01", "name": "…幕墙专业工程",
    "category": "specialty_subcontract", "state": "in_force", "manager_name": "钱工"}``; 409 REPORT_NUMBER_TAKEN.
    A section with a 项目负责人 gets its site account, for the unit to receive (``…/site-account/receive``)."""
    with services() as rpc:
        reported = rpc.project_svc.report_contract_section(project_id, section_form.dump(section))
    if reported["manager_name"]:
        project_accounts.ensure_section_handover(database(), reported)
    return reported


def _units_section_handover(project_id, section_id):
    """The 项目负责人 account of a contract section of the caller's unit (made now for a section reported before
    sections had accounts); 404 SECTION_NOT_FOUND, 409 SECTION_HAS_NO_MANAGER when it names none."""
    with services() as rpc:
        sections = rpc.project_svc.list_contract_sections(project_id)
    section = next((each for each in sections if each["id"] == section_id), None)
    if section is None:
        raise ApiError("SECTION_NOT_FOUND")
    if g.caller.role == ENTERPRISE and section["enterprise_id"] != g.caller.enterprise_id:
        raise ApiError("FORBIDDEN")
    if not section["manager_name"]:
        raise ApiError("SECTION_HAS_NO_MANAGER")
    session = database()
    return session, project_accounts.ensure_section_handover(session, section)


@blp.route("/<int:project_id>/sections/<int:section_id>/site-account")
@requires(ENTERPRISE, AUTHORITY)
@blp.response(200, SiteAccountSchema)
def section_site_account(project_id, section_id):
    """The section's 项目负责人 account (its unit, or the authority): ``{"username": "htw2026…", "display_name":
    "钱工", "received": false}``, never its password."""
    session, handover = _units_section_handover(project_id, section_id)
    return project_accounts.handover_view(session, handover)


@blp.route("/<int:project_id>/sections/<int:section_id>/site-account/receive", methods=["POST"])
@requires(ENTERPRISE)
@blp.response(200, SiteAccountSchema)
def receive_section_site_account(project_id, section_id):
    """接收账号 (the section's unit): ``{"username": "htw2026…", "password": "…"}``, the password shown this once;
    409 ACCOUNT_ALREADY_RECEIVED after that. The 项目负责人 logs in with it and authorises the section's
    劳务员 / 现场用户 (``/site-authorisations``)."""
    session, handover = _units_section_handover(project_id, section_id)
    return project_accounts.receive(session, handover, g.caller)
