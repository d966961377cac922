"""考勤 of a project's site: 考勤设备, 人脸采集, 发卡 / 收卡, 出勤记录 and 出勤一览表 (manual 003 §3, §6.1, §8); and the
worker's own clock-in by the site's QR code (manual 002 §六).

The project's site users act; the authority reads. attendance_svc and identity_svc hold the rules and check
the caller again."""

import base64
import binascii
import datetime as dt

from flask import current_app, g, request, send_file
from flask_smorest import Blueprint

from chassis.caller import SITE, WORKER
from gateway.attendance_schemas import (
    AttendanceDaySchema,
    AttendancePeriodSchema,
    CardFormSchema,
    CardSchema,
    CardsQuerySchema,
    ClockByCodeSchema,
    ClockedSchema,
    ClockRecordPageSchema,
    ClockRecordQuerySchema,
    DayQuerySchema,
    DeviceConnectionSchema,
    DeviceCredentialSchema,
    DeviceFormSchema,
    DeviceSchema,
    FaceEnrolledSchema,
    FacePageSchema,
    FacePhotoSchema,
    FaceQuerySchema,
    MonthQuerySchema,
    PeriodPeoplePageSchema,
    PeriodPeopleQuerySchema,
    PeriodQuerySchema,
    PersonAttendanceSchema,
    SiteCodeSchema,
    VerifiedRecordsSchema,
    VerifyQuerySchema,
)
from gateway.auth import AUTHORITY, ENTERPRISE, requires
from gateway.errors import ApiError, request_language
from gateway.routes import services
from gateway.routes.codes import qr_svg
from gateway.schemas import EntryQuerySchema
from gateway.spreadsheets import attendance_workbook

blp = Blueprint("attendance", __name__, url_prefix="/api/v1/projects",
                description="考勤 of a site: gate devices, faces, attendance cards, clock records and the day view")
worker_blp = Blueprint("my_attendance", __name__, url_prefix="/api/v1/me/attendance",
                       description="The worker's own clock-in by the site's QR code, and their 考勤日历")
person_blp = Blueprint("person_attendance", __name__, url_prefix="/api/v1/persons",
                       description="A person's attendance calendar and days worked per month, for the employer")
#: the decoded photo a face is enrolled from, at most (identity_svc refuses larger ones too)
MAX_FACE_BYTES = 4 * 1024 * 1024
#: the worker's mobile page where the site's code leads: ``/m/clock/<project_id>``
CLOCK_PATH = "/m/clock/"
#: on-site people read from siteaccess_svc per call while the face list is made
ROSTER_PAGE = 200
#: people read from attendance_svc per call while an export is written
EXPORT_PEOPLE_PAGE = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def own_site(project_id: int, write: bool = False):
    """The project's own site users act on it; the authority reads it; anyone else is refused."""
    caller = g.caller
    if caller.role == SITE and caller.project_id == project_id:
        return
    if caller.role == AUTHORITY and not write:
        return
    raise ApiError("FORBIDDEN")


# -- 考勤设备 -------------------------------------------------------------------------------------------------------

@blp.route("/<int:project_id>/devices")
@requires(SITE, AUTHORITY)
@blp.response(200, DeviceSchema(many=True))
def list_devices(project_id):
    """考勤设备: each with 在线 / 离线 (``status``: no heartbeat for 60 s is offline) and ``last_seen_at``."""
    own_site(project_id)
    with services() as rpc:
        return rpc.attendance_svc.list_devices(project_id)


@blp.route("/<int:project_id>/devices", methods=["POST"])
@requires(SITE)
@blp.arguments(DeviceFormSchema)
@blp.response(201, DeviceCredentialSchema)
def register_device(form, project_id):
    """登记设备: ``{"kind": "face_terminal", "serial": "DS-K1T341-0001", "direction": "in", "location": "东门",
    "name": "东门进口", "protocol": "platform"}`` → the device and its ``secret``, shown this once (the device signs
    its requests with it, see the device API; a ``hikvision`` or ``zkteco`` device sends it as the token of the
    ``push_url`` to configure on it). A Hikvision terminal the platform can reach is also given its ISAPI
    ``device_address``, ``username`` and ``password``: the platform then pushes it its people and faces. 409
    DEVICE_SERIAL_TAKEN; 422 with ``device_address`` INVALID or NOT_HIKVISION, ``username`` / ``password``
    REQUIRED."""
    from gateway.routes.device_dialects import with_push_url

    own_site(project_id, write=True)
    with services() as rpc:
        return with_push_url(rpc.attendance_svc.register_device(
            project_id, form["kind"], form["serial"], form["direction"], form.get("location"), form["name"],
            form["protocol"], form.get("device_address"), form.get("username"), form.get("password")))


def device_of_project(rpc, project_id, device_id):
    """The device, when it is the project's (404 NOT_FOUND otherwise)."""
    device = next((each for each in rpc.attendance_svc.list_devices(project_id) if each["id"] == device_id), None)
    if device is None:
        raise ApiError("NOT_FOUND")
    return device


@blp.route("/<int:project_id>/devices/<int:device_id>/secret", methods=["POST"])
@requires(SITE)
@blp.response(200, DeviceCredentialSchema)
def reissue_device_secret(project_id, device_id):
    """重置密钥: a new key for the device (and its ``push_url``), shown this once; the old one stops working at
    once."""
    from gateway.routes.device_dialects import with_push_url

    own_site(project_id, write=True)
    with services() as rpc:
        device_of_project(rpc, project_id, device_id)
        return with_push_url(rpc.attendance_svc.reissue_device_secret(device_id))


@blp.route("/<int:project_id>/devices/<int:device_id>/connection", methods=["PUT"])
@requires(SITE)
@blp.arguments(DeviceConnectionSchema)
@blp.response(200, DeviceSchema)
def set_device_connection(form, project_id, device_id):
    """修改连接: a Hikvision terminal's ISAPI address and credentials (an empty ``password`` keeps the stored one;
    an empty ``device_address`` stops the platform pushing to it). 422 as at 登记设备."""
    own_site(project_id, write=True)
    with services() as rpc:
        device_of_project(rpc, project_id, device_id)
        return rpc.attendance_svc.set_device_connection(device_id, form.get("device_address"), form.get("username"),
                                                         form.get("password"))


@blp.route("/<int:project_id>/devices/<int:device_id>", methods=["DELETE"])
@requires(SITE)
@blp.response(204)
def retire_device(project_id, device_id):
    """停用: the device is retired; its requests are refused (DEVICE_UNKNOWN) and its records are kept."""
    own_site(project_id, write=True)
    with services() as rpc:
        device_of_project(rpc, project_id, device_id)
        rpc.attendance_svc.retire_device(device_id)


@blp.route("/<int:project_id>/devices/<int:device_id>/verify")
@requires(SITE, AUTHORITY)
@blp.arguments(VerifyQuerySchema, location="query")
@blp.response(200, VerifiedRecordsSchema)
def verify_device_records(query, project_id, device_id):
    """校验: whether the device's records of ``day`` (none: all of them) are as they were written — each record's
    hash recomputed, each linked to the one before it, the newest one the device's head; ``first_broken_seq`` and
    ``problem`` (edited | relinked | missing | head) where not. bin/verify-records does the same from the database."""
    own_site(project_id)
    with services() as rpc:
        device_of_project(rpc, project_id, device_id)
        return rpc.attendance_svc.verify_records(device_id, query["day"] and query["day"].isoformat())


# -- 发卡 / 收卡 ------------------------------------------------------------------------------------------------------

@blp.route("/<int:project_id>/people/<int:person_id>/card", methods=["POST"])
@requires(SITE)
@blp.arguments(CardFormSchema)
@blp.response(200, CardSchema)
def issue_card(form, project_id, person_id):
    """发卡: ``{"card_number": "0012345678"}``, the attendance card of a person on site (one per person, unique
    within the project; a new card replaces the old). 409 CARD_NUMBER_TAKEN, 409 NOT_ON_SITE."""
    own_site(project_id, write=True)
    with services() as rpc:
        issued = rpc.attendance_svc.issue_card(project_id, person_id, form["card_number"])
    return issued if isinstance(issued, dict) else {"person_id": person_id, "card_number": form["card_number"]}


@blp.route("/<int:project_id>/people/<int:person_id>/card", methods=["DELETE"])
@requires(SITE)
@blp.response(204)
def withdraw_card(project_id, person_id):
    """收卡: the person's attendance card no longer clocks in."""
    own_site(project_id, write=True)
    with services() as rpc:
        rpc.attendance_svc.withdraw_card(project_id, person_id)


@blp.route("/<int:project_id>/cards")
@requires(SITE, AUTHORITY)
@blp.arguments(CardsQuerySchema, location="query")
@blp.response(200, CardSchema(many=True))
def list_cards(query, project_id):
    """The attendance card numbers of the people of a page of 施工人员: ``?person_ids=7&person_ids=8`` →
    ``[{"person_id": 7, "card_number": "0012345678"}]`` (only those with a card)."""
    own_site(project_id)
    with services() as rpc:
        cards = rpc.attendance_svc.cards_of(project_id, query["person_ids"])
    return [{"person_id": int(person_id), "card_number": number} for person_id, number in cards.items() if number]


# -- 人脸采集 -------------------------------------------------------------------------------------------------------

def every_page(read_page) -> list:
    """All the items of a paged list, ``read_page(page)`` answering its pages from 1 on."""
    items, page = [], 1
    while True:
        found = read_page(page)
        items += found["items"]
        if not found["items"] or len(items) >= found["total"]:
            return items
        page += 1


def on_site_people(rpc, project_id, name):
    """Everyone on the project's site now (whose name or number matches ``name``)."""
    schema = EntryQuerySchema()
    return every_page(lambda page: rpc.siteaccess_svc.query_entries(schema.dump(schema.load({
        "project_id": project_id, "state": "on_site", "person": name, "page": page, "page_size": ROSTER_PAGE}))))


def awaiting_entry_people(rpc, project_id, name):
    """The project's confirmed assignments not on its site yet (进场登记's list): their faces are taken before
    entry, for 项目人员绑定's 是否人脸认证 (manual 004 §6)."""
    return every_page(lambda page: rpc.siteaccess_svc.awaiting_entry(
        project_id, {"name": name, "page": page, "page_size": ROSTER_PAGE}))


def face_candidates(rpc, project_id, name=""):
    """人脸采集's people: those on site (``on_site``) and those confirmed on the project and awaiting entry
    (``awaiting_entry``), one row each."""
    rows = {}
    for entry in on_site_people(rpc, project_id, name):
        rows[entry["person_id"]] = {
            "person_id": entry["person_id"], "entry_id": entry["id"], "stage": "on_site", "name": entry["name"],
            "id_number_masked": entry.get("id_number_masked"), "gender": entry.get("gender"),
            "employer_name": entry.get("employer_name"), "team_name": entry.get("team_leader_name"),
            "trade": entry.get("trade")}
    for assignment in awaiting_entry_people(rpc, project_id, name.strip()):
        rows.setdefault(assignment["person_id"], {
            "person_id": assignment["person_id"], "entry_id": None, "stage": "awaiting_entry",
            "name": assignment["person_name"], "id_number_masked": assignment.get("id_number_masked"),
            "gender": None, "employer_name": assignment.get("enterprise_name"),
            "team_name": assignment.get("team_name"), "trade": assignment.get("trade")})
    return list(rows.values())


def on_the_project(rpc, project_id, person_id) -> bool:
    """One of 人脸采集's people (face_candidates), asked of the person alone: on the project's site now, or
    confirmed on the project and awaiting entry."""
    return any(site["project_id"] == project_id for site in rpc.siteaccess_svc.sites_of_person(person_id)) \
        or project_id in rpc.siteaccess_svc.projects_awaiting_person(person_id)


@blp.route("/<int:project_id>/faces")
@requires(SITE, AUTHORITY)
@blp.arguments(FaceQuerySchema, location="query")
@blp.response(200, FacePageSchema)
def list_faces(query, project_id):
    """人脸采集's list: the people on site and those confirmed on the project awaiting entry (``stage``), with
    有 / 无 face (``enrolled``) and a photo the worker sent waiting for 审核 (``submission``); filters ``name``
    (姓名), ``team`` (班组, part of its name), ``has_face`` and ``stage``; 无 first, then by name."""
    own_site(project_id)
    with services() as rpc:
        rows = face_candidates(rpc, project_id, query["name"])
        team = query["team"].strip()
        if team:
            rows = [row for row in rows if team in (row["team_name"] or "")]
        if query["stage"] is not None:
            rows = [row for row in rows if row["stage"] == query["stage"]]
        person_ids = sorted(row["person_id"] for row in rows)
        faces = rpc.identity_svc.faces_of(person_ids) if rows else {}
        waiting = rpc.identity_svc.face_submissions(person_ids) if rows else {}
    for row in rows:
        face = faces.get(str(row["person_id"])) or {}
        row["enrolled"], row["enrolled_at"] = bool(face.get("enrolled")), face.get("enrolled_at")
        row["submission"] = waiting.get(str(row["person_id"]))
    if query["has_face"] is not None:
        rows = [row for row in rows if row["enrolled"] == query["has_face"]]
    rows.sort(key=lambda row: (row["enrolled"], row["name"] or ""))
    start = (query["page"] - 1) * query["page_size"]
    return {"items": rows[start:start + query["page_size"]], "total": len(rows), "page": query["page"],
            "page_size": query["page_size"]}


def photo_of_request(body) -> str:
    """The photo as base64 text: the multipart ``file``, or the JSON's ``image``."""
    upload = request.files.get("file")
    if upload is not None:
        content = upload.stream.read(MAX_FACE_BYTES + 1)
        if not content:
            raise ApiError("INVALID_INPUT", fields={"file": "REQUIRED"})
        if len(content) > MAX_FACE_BYTES:
            raise ApiError("INVALID_INPUT", fields={"file": "FILE_TOO_LARGE"})
        return base64.b64encode(content).decode()
    image = (body or {}).get("image")
    if not image:
        raise ApiError("INVALID_INPUT", fields={"image": "REQUIRED"})
    text = image.split(",", 1)[1] if image.startswith("data:") else image  # a data URL from a canvas
    try:
        size = len(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        raise ApiError("INVALID_INPUT", fields={"image": "INVALID"}) from None
    if size > MAX_FACE_BYTES:
        raise ApiError("INVALID_INPUT", fields={"image": "FILE_TOO_LARGE"})
    return text


@blp.route("/<int:project_id>/people/<int:person_id>/face", methods=["POST"])
@requires(SITE)
@blp.arguments(FacePhotoSchema, required=False)
@blp.doc(requestBody={"content": {
    "application/json": {"schema": FacePhotoSchema},
    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string",
                                                                                "format": "binary"}}}},
}})
@blp.response(201, FaceEnrolledSchema)
def enroll_face(body, project_id, person_id):
    """采集 / 核验: a photo (JPEG or PNG, at most 4 MB) of a person on site or confirmed on the project and
    awaiting entry (else 404 PERSON_NOT_ON_PROJECT), as multipart ``file`` or JSON ``{"image": "<base64>"}`` (a
    camera frame). It passes the rules of 人脸采集规范 or is refused naming the rule (422 FACE_NOT_FOUND,
    FACE_MULTIPLE, FACE_TOO_SMALL, FACE_NOT_FRONTAL, FACE_BLURRED, FACE_TOO_DARK, FACE_TOO_BRIGHT,
    FACE_IMAGE_INVALID …); a face that passes replaces the person's earlier one."""
    own_site(project_id, write=True)
    image = photo_of_request(body)
    with services() as rpc:
        if not on_the_project(rpc, project_id, person_id):
            raise ApiError("PERSON_NOT_ON_PROJECT")
        return rpc.identity_svc.enroll_face(person_id, image)


# -- 出勤记录 and 出勤一览表 ------------------------------------------------------------------------------------------

@blp.route("/<int:project_id>/attendance/records")
@requires(SITE, AUTHORITY)
@blp.arguments(ClockRecordQuerySchema, location="query")
@blp.response(200, ClockRecordPageSchema)
def clock_records(query, project_id):
    """出勤记录: ``?day=2026-12-01&person_id=12&outcome=refused&page=1&page_size=20``, newest first; each with
    its device, direction (01 in, 02 out), method (001 face, 006 card, 010 QR code …), outcome and reason, and
    ``late`` when it arrived more than 5 minutes after it happened."""
    own_site(project_id)
    day = query["day"].isoformat() if query["day"] else None
    with services() as rpc:
        found = rpc.attendance_svc.clock_records(project_id, day=day, person_id=query["person_id"],
                                                 outcome=query["outcome"], page=query["page"],
                                                 page_size=query["page_size"])
    return {"page": query["page"], "page_size": query["page_size"], **found}


@blp.route("/<int:project_id>/attendance/day")
@requires(SITE, AUTHORITY)
@blp.arguments(DayQuerySchema, location="query")
@blp.response(200, AttendanceDaySchema)
def attendance_day(query, project_id):
    """出勤一览表 of a day (today when ``day`` is not given): 在场人数 (``on_site``), 出勤人数 (``attended``),
    出勤率 (``rate``), by 班组 and by 用人单位, and 更多: each person on site with their first in and last out."""
    own_site(project_id)
    day = query["day"].isoformat() if query["day"] else None  # none: the site's today, where the site is
    with services() as rpc:
        return rpc.attendance_svc.attendance_day(project_id, day)


def period_of(view: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The day itself, its week (Monday to Sunday) or its calendar month."""
    if view == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if view == "month":
        first = day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day, day


@blp.route("/<int:project_id>/attendance/period")
@requires(SITE, AUTHORITY)
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, AttendancePeriodSchema)
def attendance_period(query, project_id):
    """出勤一览表 of a day, a week or a month: ``?view=week&day=2026-12-02`` (the week from Monday, or the calendar
    month, holding ``day``): per day 在场人数, 出勤人数 and 出勤率; 按班组 and 按用人单位 over the period in
    person-days."""
    own_site(project_id)
    start, end = period_of(query["view"], query["day"])
    with services() as rpc:
        period = rpc.attendance_svc.attendance_period(project_id, start.isoformat(), end.isoformat())
    return {"view": query["view"], **period}


@blp.route("/<int:project_id>/attendance/period/people")
@requires(SITE, AUTHORITY)
@blp.arguments(PeriodPeopleQuerySchema, location="query")
@blp.response(200, PeriodPeoplePageSchema)
def attendance_period_people(query, project_id):
    """更多 of a day, a week or a month: each person on site in the period with the days attended and their
    first in and last out per day; ``name`` filters by part of the name; those who attended most first."""
    own_site(project_id)
    start, end = period_of(query["view"], query["day"])
    with services() as rpc:
        found = rpc.attendance_svc.attendance_period_people(project_id, start.isoformat(), end.isoformat(),
                                                            name=query["name"], page=query["page"],
                                                            page_size=query["page_size"])
    return {"page": query["page"], "page_size": query["page_size"], **found}


@blp.route("/<int:project_id>/attendance/export")
@requires(SITE, AUTHORITY)
@blp.arguments(PeriodQuerySchema, location="query")
def export_attendance(query, project_id):
    """导出 of 出勤一览表 (``?view=month&day=2026-12-01``) as .xlsx: 出勤汇总 (per day), 按班组, 按用人单位 and
    人员出勤 (each person's days attended and, per day, first in – last out); ID numbers masked."""
    own_site(project_id)
    start, end = period_of(query["view"], query["day"])
    with services() as rpc:
        period = rpc.attendance_svc.attendance_period(project_id, start.isoformat(), end.isoformat())
        people = every_page(lambda page: rpc.attendance_svc.attendance_period_people(
            project_id, start.isoformat(), end.isoformat(), page=page, page_size=EXPORT_PEOPLE_PAGE))
    english = request_language().startswith("en")
    workbook = attendance_workbook(query["view"], period, people, english)
    label = {"day": start.isoformat(), "week": f"{start.isoformat()}_{end.isoformat()}",
             "month": start.strftime("%Y-%m")}[query["view"]]
    name = f"{'attendance' if english else '出勤一览表'}-{label}.xlsx"
    return send_file(workbook.close(), mimetype=XLSX, as_attachment=True, download_name=name)


@blp.route("/<int:project_id>/people/<int:person_id>/attendance")
@requires(SITE, AUTHORITY)
@blp.arguments(MonthQuerySchema, location="query")
@blp.response(200, PersonAttendanceSchema)
def person_attendance_on_site(query, project_id, person_id):
    """考勤日历 of a person of the project (``?month=2026-12``): the days attended on this project, first in and
    last out, and the days worked in the month."""
    own_site(project_id)
    with services() as rpc:
        return rpc.attendance_svc.person_attendance(person_id, query["month"], project_id)


@person_blp.route("/<int:person_id>/attendance")
@requires(ENTERPRISE, AUTHORITY)
@person_blp.arguments(MonthQuerySchema, location="query")
@person_blp.response(200, PersonAttendanceSchema)
def person_attendance(query, person_id):
    """考勤 of an employee (``?month=2026-12``), the basis of wages: the days worked in the month, each counted once
    however many projects the person clocked on, per project, and each day's first in and last out. An employer
    sees its own employees only, for the time it employed them (403 FORBIDDEN otherwise); the authority anyone."""
    with services() as rpc:
        return rpc.attendance_svc.person_attendance(person_id, query["month"])


# -- the worker's clock-in by the site's QR code ----------------------------------------------------------------

@blp.route("/<int:project_id>/attendance/site-code")
@requires(SITE, AUTHORITY)
@blp.response(200, SiteCodeSchema)
def site_code(project_id):
    """工地考勤码 (manual 002 §六), to print and put up at the gate: the address of the worker's mobile page that
    clocks in on this project (``/m/clock/<project_id>``, on ``PUBLIC_BASE_URL`` or the host asked) and its QR
    code (SVG). The worker logs in there; only a worker on this site is recorded."""
    own_site(project_id)
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    url = f"{base.rstrip('/')}{CLOCK_PATH}{project_id}"
    return {"project_id": project_id, "url": url, "qr_svg": qr_svg(url)}


@worker_blp.route("/clock", methods=["POST"])
@requires(WORKER)
@worker_blp.arguments(ClockByCodeSchema)
@worker_blp.response(201, ClockedSchema)
def clock_by_code(body):
    """扫工地码考勤 (manual 002 §六): the logged-in worker scanned the site's QR code: ``{"project_id": 3}``; the
    record (method 010) is the worker's own, refused with NOT_ON_SITE when they are not on that site."""
    with services() as rpc:
        return rpc.attendance_svc.clock_in_by_code(body["project_id"], g.caller.person_id)


@worker_blp.route("/calendar")
@requires(WORKER)
@worker_blp.arguments(MonthQuerySchema, location="query")
@worker_blp.response(200, PersonAttendanceSchema)
def my_attendance(query):
    """我的考勤 (``?month=2026-12``): the worker's own days worked in the month and each day's first in and last
    out, on every project."""
    with services() as rpc:
        return rpc.attendance_svc.person_attendance(g.caller.person_id, query["month"])
