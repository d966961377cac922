"""考勤预警 (manual 003 §7.1: whoever left must be exited, or the project's attendance rate falls and it is
warned): the people on a site with no attendance for days, each exited in one click through 退场 (POST
/entries/exit), and the projects whose attendance rate fell below the threshold, to the site and to the authority.

attendance_svc works the lists out and checks the caller again."""

from flask_smorest import Blueprint

from chassis.caller import SITE
from gateway.attendance_warning_schemas import (
    AttendanceRateSchema,
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
