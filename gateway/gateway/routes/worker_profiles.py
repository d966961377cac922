"""完善建筑工人信息 / 基本信息登记: an employer's profiles of its employees (manual 001 part 1)."""

from flask import current_app, send_file
from flask_smorest import Blueprint

from gateway.auth import AUTHORITY, ENTERPRISE, requires
from gateway.errors import ApiError, request_language
from gateway.routes import services
from gateway.routes.reference import all_reference_tables
from gateway.schemas import ProfileFormSchema, ProfilePageSchema, ProfileQuerySchema, ProfileSchema
from gateway.spreadsheets import ProfileWorkbook

blp = Blueprint("worker_profiles", __name__, url_prefix="/api/v1/worker-profiles",
                description="Worker profiles (完善建筑工人信息 / 基本信息登记)")
READERS = (ENTERPRISE, AUTHORITY)
profile_form = ProfileFormSchema()
profile_query = ProfileQuerySchema()


@blp.route("")
@requires(*READERS)
@blp.arguments(profile_query, location="query")
@blp.response(200, ProfilePageSchema)
def list_profiles(query):
    """The list: 姓名, 身份证号 (masked), 联系电话 (masked), 工种, 班组, 状态 (在职 / 离职); filters
    ``?name=张&id_number=310101&state=employed&team_id=3``, newest first."""
    with services() as rpc:
        return rpc.employment_svc.list_profiles(profile_query.dump(query))


@blp.route("/export")
@requires(*READERS)
@blp.arguments(profile_query, location="query")
def export_profiles(query):
    """The list as .xlsx, every row the filters match (numbers masked); more than the export cap is refused
    before it starts (EXPORT_TOO_LARGE, with ``count`` and ``cap``)."""
    filters = profile_query.dump(query)
    cap, page_size = int(current_app.config["EXPORT_CAP"]), int(current_app.config["EXPORT_PAGE_SIZE"])
    workbook = ProfileWorkbook(all_reference_tables(), request_language().startswith("en"))
    with services() as rpc:
        page = rpc.employment_svc.export_profiles(filters, None, page_size)
        if page["total"] > cap:
            raise ApiError("EXPORT_TOO_LARGE", details={"count": page["total"], "cap": cap})
        while True:
            workbook.add(page["rows"])
            if page["after"] is None:
                break
            page = rpc.employment_svc.export_profiles(filters, page["after"], page_size)
    return send_file(workbook.close(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     as_attachment=True, download_name="基本信息登记.xlsx")


@blp.route("/<int:relation_id>")
@requires(*READERS)
@blp.response(200, ProfileSchema)
def get_profile(relation_id):
    """查看 of one employee's profile."""
    with services() as rpc:
        return rpc.employment_svc.get_profile(relation_id)


@blp.route("/<int:relation_id>", methods=["PUT"])
@requires(ENTERPRISE)
@blp.arguments(profile_form)
@blp.response(200, ProfileSchema)
def save_profile(profile, relation_id):
    """添加人员 / 编辑 (保存, 保存并下一个) of a confirmed employee's profile.

    Example: ``{"role": "worker", "phone": "13912345204", "education": "04", "politics": "13", "trade": "020",
    "is_team_leader": false, "team_id": 3, "contract_starts_on": "2026-03-01", "contract_ends_on":
    "2026-12-31", "bank": "102", "wage_card_number": "6222021234567890128", "wage_scheme": "day",
    "daily_wage": "160"}``. Every invalid field is named (422 ``fields``); a relation that is not employed now
    is refused (409 NOT_AN_EMPLOYEE).
    """
    with services() as rpc:
        return rpc.employment_svc.save_profile(relation_id, profile_form.dump(profile))
