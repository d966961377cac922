from flask import current_app, send_file
from flask_smorest import Blueprint

from chassis.caller import SITE
from gateway.auth import ALL_ROLES, AUTHORITY, requires
from gateway.errors import ApiError, request_language
from gateway.messages import EXIT_REFUSALS, about_person, describe_warnings, words
from gateway.reveals import audit_reveals
from gateway.routes import services
from gateway.routes.reference import all_reference_tables
from gateway.schemas import (
    EmployerLeaderQuerySchema,
    EmployerLeaderSchema,
    EnteredSchema,
    EntrantLookupSchema,
    EntryChangeSchema,
    EntryChangesSchema,
    EntryPageSchema,
    EntryQuerySchema,
    EntryRequestSchema,
    EntrySchema,
    ExitRequestSchema,
    ExitResultSchema,
    ExitTeamRequestSchema,
    LookupQuerySchema,
    SiteTeamQuerySchema,
    SiteTeamSchema,
    TeamLeaderQuerySchema,
    TeamLeaderSchema,
    UnregisteredEntryResultSchema,
    UnregisteredEntrySchema,
)
from gateway.spreadsheets import RosterWorkbook

blp = Blueprint("entries", __name__, url_prefix="/api/v1/entries", description="Site entry and exit (进场 / 退场)")
SITE_STAFF = (SITE, AUTHORITY)


def plain(schema, data):
    """Dates back to text: RPC carries JSON."""
    return schema.dump(data)


@blp.route("")
@requires(*ALL_ROLES)
@blp.arguments(EntryQuerySchema, location="query")
@blp.response(200, EntryPageSchema)
def list_entries(query):
    """进场管理 (state=on_site), 退场查询 and 用工查询: filtered, newest entry first."""
    with services() as rpc:
        return rpc.siteaccess_svc.query_entries(plain(EntryQuerySchema(), query))


@blp.route("/team-leaders")
@requires(*ALL_ROLES)
@blp.arguments(TeamLeaderQuerySchema, location="query")
@blp.response(200, TeamLeaderSchema(many=True))
def list_team_leaders(query):
    """劳务队长 the caller's roster shows, those who have left too; ``state=on_site``: those on site now, for
    the entry form. Example: ``?project_id=5&state=on_site&name=张``; at most ``limit`` (200) by name; another
    project than a site's own is refused."""
    with services() as rpc:
        return rpc.siteaccess_svc.team_leaders(query)


@blp.route("/lookup")
@requires(*SITE_STAFF)
@blp.arguments(LookupQuerySchema, location="query")
@blp.response(200, EntrantLookupSchema)
def lookup_entrant(query):
    """进场登记's lookup: type the number, see the name and the person's employer now (with their 班组), which
    the form's 用人单位 starts with. Example: ``{"person": {...}, "employment": {"enterprise_id": 3,
    "enterprise_name": "甲劳务", "role": "worker", "team_id": 5, "team_name": "钢筋一班", ...}}``."""
    with services() as rpc:
        person = rpc.identity_svc.find_by_id_number(query["id_type"], query["id_number"])
        return {"person": person, "employment": rpc.siteaccess_svc.current_employment(person["id"])}


@blp.route("/employer-team-leaders")
@requires(*SITE_STAFF)
@blp.arguments(EmployerLeaderQuerySchema, location="query")
@blp.response(200, EmployerLeaderSchema(many=True))
def list_employer_team_leaders(query):
    """The employer's 班组长 for the entry form's 劳务队长, each as they stand on the site: ``on_site`` (entered as
    劳务队长; ``entry_id`` is the choice), ``on_site_not_as_leader``, ``not_on_site``. Example:
    ``?employer_id=3``."""
    with services() as rpc:
        return rpc.siteaccess_svc.employer_team_leaders(query["project_id"], query["employer_id"])


@blp.route("/teams")
@requires(*SITE_STAFF)
@blp.arguments(SiteTeamQuerySchema, location="query")
@blp.response(200, SiteTeamSchema(many=True))
def list_site_teams(query):
    """班组退场's choice: the 班组 of the employers on the site, with how many members are on it now.
    Example: ``?employer_id=3``."""
    with services() as rpc:
        return rpc.siteaccess_svc.site_teams(query["project_id"], query["employer_id"])


@blp.route("", methods=["POST"])
@requires(*SITE_STAFF)
@blp.arguments(EntryRequestSchema)
@blp.response(201, EnteredSchema)
def enter(entry):
    """进场登记 of a person with a real-name record.

    Example: ``{"employer_id": 3, "is_team_leader": false, "team_leader_entry_id": 7, "id_number": "310104…",
    "phone": "13912345204", "trade": "020", "education": "71", "entry_date": "2026-11-20"}``. The entry comes back
    with ``warnings`` (saved all the same): ``NOT_EMPLOYED_BY_EMPLOYER`` when the employer does not employ the
    person now.
    """
    project_id = entry.pop("project_id", None)
    with services() as rpc:
        entered = rpc.siteaccess_svc.enter(project_id, plain(EntryRequestSchema(), entry))
    return {**entered, "warnings": describe_warnings(entered.get("warnings", []), request_language())}


@blp.route("/unregistered", methods=["POST"])
@requires(*SITE_STAFF)
@blp.arguments(UnregisteredEntrySchema)
@blp.response(201, UnregisteredEntryResultSchema)
def enter_unregistered(form):
    """非正常登记: creates the (unverified) real-name record and the entry in one action.

    A number already on record is refused (409 PERSON_ALREADY_REGISTERED) with ``on_file`` (the record) and
    ``differences`` (the typed fields that differ from it); nothing is created or changed.
    """
    project_id = form.get("project_id")
    dumped = plain(UnregisteredEntrySchema(), form)
    with services() as rpc:
        result = rpc.siteaccess_svc.enter_unregistered(project_id, dumped["person"], dumped["entry"])
    return {**result, "warnings": describe_warnings(result.get("warnings", []), request_language())}


@blp.route("/<int:entry_id>", methods=["PATCH"])
@requires(*SITE_STAFF)
@blp.arguments(EntryChangesSchema)
@blp.response(200, EntrySchema)
def update_entry(changes, entry_id):
    """编辑 an entry in place; the change is kept in its history."""
    with services() as rpc:
        return rpc.siteaccess_svc.update_entry(entry_id, plain(EntryChangesSchema(), changes))


@blp.route("/<int:entry_id>/history")
@requires(*ALL_ROLES)
@blp.response(200, EntryChangeSchema(many=True))
def entry_history(entry_id):
    """编辑 history: ``[{"changed_at", "changed_by", "changes": [{"field": "employer_id", "old": "甲劳务",
    "new": "乙劳务"}, {"field": "trade", "old": "钢筋工", "new": "木工", "old_code": "020", "new_code": "240"}]}]``."""
    with services() as rpc:
        return rpc.siteaccess_svc.entry_history(entry_id)


@blp.route("/exit", methods=["POST"])
@requires(*SITE_STAFF)
@blp.arguments(ExitRequestSchema)
@blp.response(200, ExitResultSchema)
def exit_site(request_body):
    """退场登记 of one or many. Example: ``{"entry_ids": [5, 6], "exit_date": "2026-11-21",
    "evaluation": "good", "evaluation_comment": "按时完成"}``; who was refused is listed with why."""
    with services() as rpc:
        result = rpc.siteaccess_svc.exit(plain(ExitRequestSchema(), request_body))
    return with_refusal_messages(result)


@blp.route("/exit-team", methods=["POST"])
@requires(*SITE_STAFF)
@blp.arguments(ExitTeamRequestSchema)
@blp.response(200, ExitResultSchema)
def exit_team(request_body):
    """班组退场: every member of the 班组 on the site exits at once; it cannot be undone. Example:
    ``{"team_id": 5, "exit_date": "2026-11-21", "evaluation": "good", "evaluation_comment": "班组完工"}``; the
    answer is the one of ``/exit``: who exited, and who was refused with why."""
    values = plain(ExitTeamRequestSchema(), request_body)
    with services() as rpc:
        result = rpc.siteaccess_svc.exit_team(values.get("project_id"), values["team_id"], values["exit_date"],
                                              values["evaluation"], values.get("evaluation_comment"))
    return with_refusal_messages(result)


def with_refusal_messages(result):
    """Each refused exit with its message, the person named (``张三：该人员已经退场，不能重复操作``)."""
    language = request_language()
    for refusal in result["refused"]:
        reason = words(EXIT_REFUSALS.get(refusal["error"], EXIT_REFUSALS["ENTRY_NOT_FOUND"]), language)
        refusal["message"] = about_person(refusal["name"], reason, language)
    return result


@blp.route("/export")
@requires(*ALL_ROLES)
@blp.arguments(EntryQuerySchema, location="query")
def export_entries(query):
    """The 用工查询 list as .xlsx, every row the filters match; an export of more than the cap is refused
    before it starts (EXPORT_TOO_LARGE, with ``count`` and ``cap``).

    Rows come from siteaccess_svc in pages and go into the sheet as they come.
    The ID number is the full one where identity_svc reveals it to this caller
    (its rule: the authority's export), each one audited, and masked elsewhere.
    """
    filters = plain(EntryQuerySchema(), query)
    cap, page_size = int(current_app.config["EXPORT_CAP"]), int(current_app.config["EXPORT_PAGE_SIZE"])
    tables = all_reference_tables()
    with services() as rpc:
        page = rpc.siteaccess_svc.export_entries(filters, None, page_size)
        if page["total"] > cap:
            raise ApiError("EXPORT_TOO_LARGE", details={"count": page["total"], "cap": cap})
        workbook = RosterWorkbook(tables, request_language().startswith("en"))
        # a pipeline: while one page is written, identity_svc reveals the next one's numbers and
        # siteaccess_svc reads the page after it (the calls are in flight together on this proxy)
        before, revealed = None, {}  # the page before this one, its numbers on the way; the numbers shown
        while True:
            following = None if page["after"] is None else \
                rpc.siteaccess_svc.export_entries.call_async(filters, page["after"], page_size)
            current = (page["rows"], reveal_numbers(rpc, page["rows"]))
            if before is not None:
                revealed |= write_page(workbook, *before)
            before = current
            if following is None:
                break
            page = following.result()
        revealed |= write_page(workbook, *before)
    # one audit of every number in the file, committed before the file leaves
    audit_reveals(revealed, "export")
    return send_file(
        workbook.close(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="用工查询.xlsx",
    )


def reveal_numbers(rpc, rows):
    """Asks identity_svc for the full ID numbers it hands this caller for the rows' persons (none for most roles)."""
    if not rows:
        return None
    return rpc.identity_svc.reveal_id_numbers.call_async(sorted({row["person_id"] for row in rows}))


def write_page(workbook: RosterWorkbook, rows: list, revealing) -> dict:
    """The rows into the sheet, with the full numbers that came back; returns those numbers (to be audited)."""
    full_numbers = {} if revealing is None else \
        {int(person_id): number for person_id, number in revealing.result().items()}
    workbook.add(rows, full_numbers)
    return full_numbers
