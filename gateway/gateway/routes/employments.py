"""聘用管理: the employer's employment relations, and the worker's own on the mobile page (我的聘用)."""

from flask_smorest import Blueprint

from chassis.caller import WORKER
from gateway.auth import ALL_ROLES, AUTHORITY, ENTERPRISE, requires
from gateway.errors import ApiError
from gateway.routes import services
from gateway.schemas import (
    EmployeeQuerySchema,
    EmploymentCreatedSchema,
    EmploymentHistorySchema,
    EmploymentPageSchema,
    EmploymentQuerySchema,
    EmploymentRequestSchema,
    EmploymentSchema,
    EmploymentStepSchema,
    ReasonSchema,
)
from gateway.worker_accounts import with_activation

blp = Blueprint("employments", __name__, url_prefix="/api/v1",
                description="Employment relations (聘用管理): the employer's side")
worker_blp = Blueprint("my_employments", __name__, url_prefix="/api/v1/me/employments",
                       description="The worker's own employment relations (我的聘用), on the mobile page")
# instances, not classes: webargs would build a schema given as a class anew for every request
employment_request = EmploymentRequestSchema()
employment_query = EmploymentQuerySchema()
employee_query = EmployeeQuerySchema()
reason_form = ReasonSchema()
EMPLOYERS = (ENTERPRISE, AUTHORITY)


# -- the employer -------------------------------------------------------------------------------------------------


@blp.route("/employments", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(employment_request)
@blp.response(201, EmploymentCreatedSchema)
def request_employment(request_body):
    """新建聘用关系: 姓名 + 证件号 of a person with a real-name record; the relation is 待确认 until the worker
    confirms it on the mobile page.

    Example: ``{"name": "张伟", "id_type": "01", "id_number": "310101198503021514", "role": "worker"}`` →
    ``{"id": 12, "state": "pending", "person_name": "张伟", "id_number_masked": "310*****514", "actions":
    ["withdraw"], "activation": {"code": "…", "expires_at": "…", "activation_url": "…", "qr_svg": "<svg…"}, …}``
    (``activation`` is null when the worker's account is already active).
    Refusals: 422 NAME_MISMATCH (the name is not the record's), 404 PERSON_NOT_REGISTERED (实名登记 first),
    409 EMPLOYED_ELSEWHERE (``employer_name``; the person applies to resign there first),
    409 MANAGER_REGISTERED_ELSEWHERE, 409 ALREADY_EMPLOYED_HERE, 409 EMPLOYMENT_ALREADY_REQUESTED.
    """
    with services() as rpc:
        relation = rpc.employment_svc.request_employment(employment_request.dump(request_body))
    return with_activation(relation), 201


@blp.route("/employments")
@requires(*EMPLOYERS)
@blp.arguments(employment_query, location="query")
@blp.response(200, EmploymentPageSchema)
def list_employments(query):
    """聘用管理's list, newest first: ``?name=张&id_number=1514&role=worker&state=pending&page=1&page_size=20``
    (the authority may add ``enterprise_id``); each row's ``actions`` are the buttons it shows."""
    with services() as rpc:
        return rpc.employment_svc.list_employments(query)


@blp.route("/employments/<int:relation_id>")
@requires(*EMPLOYERS)
@blp.response(200, EmploymentSchema)
def get_employment(relation_id):
    """One relation of the caller's (the authority's: any)."""
    with services() as rpc:
        return rpc.employment_svc.get_employment(relation_id)


@blp.route("/employments/<int:relation_id>/steps")
@requires(*EMPLOYERS)
@blp.response(200, EmploymentStepSchema(many=True))
def employment_steps(relation_id):
    """A relation's history, oldest first: ``[{"action": "request", "to_state": "pending", "side": "enterprise",
    "taken_by": "hr", "taken_at": "…"}, {"action": "request_resignation", "reason": "回老家", …}]``."""
    with services() as rpc:
        return rpc.employment_svc.employment_steps(relation_id)


@blp.route("/employments/<int:relation_id>/activation", methods=["POST"])
@requires(ENTERPRISE)
@blp.response(200, EmploymentCreatedSchema)
def renew_activation(relation_id):
    """A fresh activation code for the worker of a relation still 待确认 (the slip was lost, the code expired):
    the relation with ``activation`` (null when the worker's account is already active)."""
    with services() as rpc:
        relation = rpc.employment_svc.get_employment(relation_id)
    if relation["state"] != "pending":
        raise ApiError("EMPLOYMENT_ACTION_NOT_ALLOWED", details={"state": relation["state"], "action": "activation"})
    return with_activation(relation)


@blp.route("/employments/<int:relation_id>/withdraw", methods=["POST"])
@requires(ENTERPRISE)
@blp.response(200, EmploymentSchema)
def withdraw_employment(relation_id):
    """撤回 a request the worker has not answered; 409 EMPLOYMENT_ACTION_NOT_ALLOWED once they have."""
    with services() as rpc:
        return rpc.employment_svc.withdraw_employment(relation_id)


@blp.route("/employments/<int:relation_id>/resignation/approve", methods=["POST"])
@requires(ENTERPRISE)
@blp.response(200, EmploymentSchema)
def approve_resignation(relation_id):
    """同意 a 离职申请: the relation ends (离职, ``end_reason`` resigned) and the person may be hired elsewhere."""
    with services() as rpc:
        return rpc.employment_svc.decide_resignation(relation_id, True)


@blp.route("/employments/<int:relation_id>/resignation/refuse", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(reason_form)
@blp.response(200, EmploymentSchema)
def refuse_resignation(form, relation_id):
    """不同意 a 离职申请, with a reason (422 REASON_REQUIRED without): ``{"reason": "合同未到期"}``; the worker
    stays 在职."""
    with services() as rpc:
        return rpc.employment_svc.decide_resignation(relation_id, False, form["reason"])


@blp.route("/employments/<int:relation_id>/dismiss", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(reason_form)
@blp.response(200, EmploymentSchema)
def dismiss(form, relation_id):
    """解聘, with a reason: ``{"reason": "项目结束"}``; the worker agrees or declines on the mobile page. A 管理员
    must have exited every site first: 409 MANAGER_STILL_ON_SITE with ``projects`` ([{project_id,
    project_name}]). A 建筑工人 may be dismissed while on a site."""
    with services() as rpc:
        return rpc.employment_svc.dismiss(relation_id, form["reason"])


@blp.route("/employments/<int:relation_id>/transfer-out", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(reason_form)
@blp.response(200, EmploymentSchema)
def transfer_out(form, relation_id):
    """离职迁出 of a 管理员 (manual 004): the relation ends at once (``end_reason`` transferred_out) and another
    enterprise may register them. ``{"reason": "调往乙单位"}`` (optional). 409 MANAGER_STILL_ON_SITE while on a
    site; 409 EMPLOYMENT_ACTION_NOT_ALLOWED for a 建筑工人."""
    with services() as rpc:
        return rpc.employment_svc.transfer_out(relation_id, form["reason"])


@blp.route("/employees")
@requires(*EMPLOYERS)
@blp.arguments(employee_query, location="query")
@blp.response(200, EmploymentPageSchema)
def list_employees(query):
    """The employer's confirmed employees by name, for the pickers of 添加人员 and 班组长:
    ``?name=张&role=worker&page=1&page_size=20``."""
    with services() as rpc:
        return rpc.employment_svc.employees(query)


@blp.route("/persons/<int:person_id>/employments")
@requires(*ALL_ROLES)
@blp.response(200, EmploymentHistorySchema(many=True))
def person_employments(person_id):
    """A person's employers over time (用工查询's history), newest first: ``[{"enterprise_name": "…劳务有限公司",
    "role": "worker", "from": "2026-03-01T…", "to": null, "end_reason": null, "state": "employed"}]``."""
    with services() as rpc:
        return rpc.employment_svc.employment_history(person_id)


# -- the worker ---------------------------------------------------------------------------------------------------


@worker_blp.route("")
@requires(WORKER)
@worker_blp.response(200, EmploymentSchema(many=True))
def my_employments():
    """我的聘用: every relation of the worker's own, newest first, each with the ``actions`` they may take
    (confirm, decline, request_resignation, agree_dismissal, decline_dismissal)."""
    with services() as rpc:
        return rpc.employment_svc.my_employments()


@worker_blp.route("/<int:relation_id>/confirm", methods=["POST"])
@requires(WORKER)
@worker_blp.response(200, EmploymentSchema)
def confirm_employment(relation_id):
    """确认 a request: 在职 from now; 409 EMPLOYED_ELSEWHERE when another employer's confirmation came first."""
    with services() as rpc:
        return rpc.employment_svc.confirm_employment(relation_id)


@worker_blp.route("/<int:relation_id>/decline", methods=["POST"])
@requires(WORKER)
@worker_blp.arguments(reason_form)
@worker_blp.response(200, EmploymentSchema)
def decline_employment(form, relation_id):
    """拒绝 a request, with a reason if the worker gives one: ``{"reason": "已有工作"}``."""
    with services() as rpc:
        return rpc.employment_svc.decline_employment(relation_id, form["reason"])


@worker_blp.route("/<int:relation_id>/resign", methods=["POST"])
@requires(WORKER)
@worker_blp.arguments(reason_form)
@worker_blp.response(200, EmploymentSchema)
def request_resignation(form, relation_id):
    """申请离职, with a reason (422 REASON_REQUIRED without): ``{"reason": "回老家"}``; the employer decides."""
    with services() as rpc:
        return rpc.employment_svc.request_resignation(relation_id, form["reason"])


@worker_blp.route("/<int:relation_id>/dismissal/agree", methods=["POST"])
@requires(WORKER)
@worker_blp.response(200, EmploymentSchema)
def agree_dismissal(relation_id):
    """同意解聘: the relation ends (``end_reason`` dismissed); a 管理员 still on a site is refused
    (409 MANAGER_STILL_ON_SITE)."""
    with services() as rpc:
        return rpc.employment_svc.answer_dismissal(relation_id, True)


@worker_blp.route("/<int:relation_id>/dismissal/decline", methods=["POST"])
@requires(WORKER)
@worker_blp.arguments(reason_form)
@worker_blp.response(200, EmploymentSchema)
def decline_dismissal(form, relation_id):
    """不同意解聘, with a reason if the worker gives one: ``{"reason": "工程未完"}``; the worker stays 在职."""
    with services() as rpc:
        return rpc.employment_svc.answer_dismissal(relation_id, False, form["reason"])
