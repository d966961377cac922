"""考勤预警 (manual 003 §7.1: whoever left must be exited, or the project's attendance rate falls and it is
warned): the people on a site with no attendance for days, each exited in one click through 退场 (POST
/entries/exit), and the projects whose attendance rate fell below the threshold, to the site and to the authority.

补卡: a site user applies for a clock the gate did not record; another site user of the project approves it (a new
record) or rejects it. attendance_svc works the lists out, keeps the rules and checks the caller again."""

from flask_smorest import Blueprint

from chassis.caller import SITE
from gateway.attendance_warning_schemas import (
    AttendanceRateSchema,
    CorrectionDecisionSchema,
    CorrectionFormSchema,
    CorrectionPageSchema,
    CorrectionQuerySchema,
    CorrectionSchema,
    ProjectWarningsSchema,
    WarningsQuerySchema,
    WarningsSchema,
)
from gateway.auth import AUTHORITY, requires
from gateway.routes import services
from gateway.routes.attendance import own_site

blp = Blueprint("attendance_warnings", __name__, url_prefix="/api/v1/projects",
                description="考勤预警 of a site: people absent for days, the attendance rate")
authority_blp = Blueprint("attendance_oversight", __name__, url_prefix="/api/v1/attendance",
                          description="考勤预警 of every project, for the authority")


@blp.route("/<int:project_id>/attendance/warnings")
@requires(SITE, AUTHORITY)
@blp.response(200, ProjectWarningsSchema)
def project_warnings(project_id):
    """考勤预警: the people on site with no accepted attendance for ``warning_days`` (3) whole days before today,
    longest absent first, each with its ``entry_id`` for 退场; and the project's attendance rate over the last 7
    whole days (``rate.low``: below the threshold, 70 %)."""
    own_site(project_id)
    with services() as rpc:
        warned = rpc.attendance_svc.absence_warnings(project_id)
        rate = rpc.attendance_svc.attendance_rate(project_id)
    return {**warned, "rate": rate}


@authority_blp.route("/warnings")
@requires(AUTHORITY)
@authority_blp.arguments(WarningsQuerySchema, location="query")
@authority_blp.response(200, WarningsSchema)
def all_warnings(query):
    """考勤预警 of every project (``?project_id=`` for one), longest absent first."""
    with services() as rpc:
        return rpc.attendance_svc.absence_warnings(query["project_id"])


@authority_blp.route("/low-rates")
@requires(AUTHORITY)
@authority_blp.response(200, AttendanceRateSchema(many=True))
def low_rates():
    """出勤率预警: the projects whose attendance rate over the last 7 whole days is below the threshold, lowest
    first, each with its rate and since when it is flagged."""
    with services() as rpc:
        return rpc.attendance_svc.low_rate_projects()


# -- 补卡 ---------------------------------------------------------------------------------------------------------

@blp.route("/<int:project_id>/attendance/corrections", methods=["POST"])
@requires(SITE)
@blp.arguments(CorrectionFormSchema)
@blp.response(201, CorrectionSchema)
def apply_correction(form, project_id):
    """补卡申请: a clock the gate did not record, of a person on site: ``{"person_id": 12, "day": "2026-11-30",
    "time": "07:30", "direction": "in", "reason": "人脸机故障"}``. Another site user of the project approves it.
    409 NOT_ON_SITE; 422 ``day`` BEFORE_ENTRY, ``time`` DATE_IN_FUTURE."""
    own_site(project_id, write=True)
    with services() as rpc:
        return rpc.attendance_svc.apply_correction(project_id, form["person_id"], form["day"].isoformat(),
                                                   form["time"], form["direction"], form["reason"])


@blp.route("/<int:project_id>/attendance/corrections")
@requires(SITE, AUTHORITY)
@blp.arguments(CorrectionQuerySchema, location="query")
@blp.response(200, CorrectionPageSchema)
def list_corrections(query, project_id):
    """补卡审批: the project's applications, newest first (``?status=pending`` for those waiting)."""
    own_site(project_id)
    with services() as rpc:
        found = rpc.attendance_svc.list_corrections(project_id, query["status"], query["page"], query["page_size"])
    return {"page": query["page"], "page_size": query["page_size"], **found}


@blp.route("/<int:project_id>/attendance/corrections/<int:correction_id>/decision", methods=["POST"])
@requires(SITE)
@blp.arguments(CorrectionDecisionSchema)
@blp.response(200, CorrectionSchema)
def decide_correction(form, project_id, correction_id):
    """审批: ``{"approve": true}`` makes a new record (method 011) in the project's correction chain, never an
    edit; ``{"approve": false, "reason": "…"}`` rejects it. By a site user other than the applicant (403
    CORRECTION_OWN_APPLICATION); once (409 CORRECTION_DECIDED)."""
    own_site(project_id, write=True)
    with services() as rpc:
        return rpc.attendance_svc.decide_correction(correction_id, form["approve"], form["reason"])
