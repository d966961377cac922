"""Terminals that speak their own dialect: ZKTeco's iclock push (plain text) and Hikvision's pushed
``AccessControllerEvent`` (JSON or multipart); and, for the site, each device's command queue and the
reconciliation of its history.

What protects these endpoints: the device's serial number together with its key (the secret shown once when it
was registered or reissued), sent as a token in the query string — these terminals cannot sign requests. Nothing
more: anyone holding the URL acts as the device, the token travels in every request (use HTTPS to the gateway),
and there is no freshness or replay check. A request replayed stores nothing new (records are idempotent on the
device's serial and sequence number, a ZKTeco punch on its PIN and time) and re-confirms no command. A device
registered with a dialect is refused (401 DEVICE_UNKNOWN) on the signed API and on the other dialect, as is any
unknown serial or token."""

from urllib.parse import urlencode

from flask import Response, current_app, jsonify, request
from flask_smorest import Blueprint

from chassis.caller import SITE
from gateway.attendance_schemas import (
    DeviceCommandsSchema,
    HikvisionEventResultSchema,
    ReconciliationRequestSchema,
    ReconciliationSchema,
)
from gateway.auth import AUTHORITY, requires
from gateway.errors import ApiError
from gateway.routes import services
from gateway.routes.attendance import device_of_project, own_site

ICLOCK = "/iclock"
HIKVISION_EVENTS = "/api/v1/device/hikvision/events"

PROTECTION = (
    "\n\n**What protects it**: the device's serial together with its key (shown once at 登记设备 / 重置密钥) as "
    "``token``; a wrong or missing one, a retired device or a device registered with another protocol is refused "
    "401 DEVICE_UNKNOWN before anything is read. **What does not**: the token travels in every request and in the "
    "device's settings (use HTTPS; whoever holds the address acts as the device until the key is reset), and there "
    "is no timestamp, nonce or replay check — a replayed request stores nothing new (records are idempotent) and "
    "confirms no command twice, nothing more.")
iclock_blp = Blueprint("iclock", __name__, url_prefix=ICLOCK, description=(
    "ZKTeco ADMS / iclock push: the terminal polls the platform. Configure the terminal's server with the "
    "address shown once at 登记设备 (…/iclock/cdata?SN=<serial>&token=<key>): every request carries ``SN`` and "
    "``token``. A terminal whose firmware cannot add ``token`` to its requests needs a proxy at the site that "
    "adds it. Punches are keyed on (serial, PIN, time): ZKTeco has no sequence numbers." + PROTECTION))
hikvision_blp = Blueprint("hikvision", __name__, url_prefix="/api/v1/device/hikvision", description=(
    "Hikvision ISAPI event push (``httpHosts``): set the terminal's notification host to the address shown once "
    "at 登记设备 (…/api/v1/device/hikvision/events?serial=<serial>&token=<key>)." + PROTECTION))
sync_blp = Blueprint("device_sync", __name__, url_prefix="/api/v1/projects",
                     description="考勤设备 同步 / 对账: what each device was sent of its people; its history checked")

TOKEN_PARAMETERS = [{"in": "query", "name": "token", "required": True, "schema": {"type": "string"},
                     "description": "the device's key, as shown once at 登记设备"}]
ZK_PARAMETERS = [{"in": "query", "name": "SN", "required": True, "schema": {"type": "string"},
                  "description": "the terminal's serial number"}, *TOKEN_PARAMETERS]
PLAIN = {"text/plain": {"schema": {"type": "string"}}}
REFUSED = {"401": {"description": "DEVICE_UNKNOWN: no device of this dialect has this serial and token"}}


def push_url(protocol: str, serial: str, secret: str) -> str | None:
    """The address a device of this dialect is configured with (its key in it as the token)."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")
    if protocol == "hikvision":
        return f"{base}{HIKVISION_EVENTS}?{urlencode({'serial': serial, 'token': secret})}"
    if protocol == "zkteco":
        return f"{base}{ICLOCK}/cdata?{urlencode({'SN': serial, 'token': secret})}"
    return None


def with_push_url(credential: dict) -> dict:
    device = credential.get("device") or {}
    return {**credential, "push_url": push_url(device.get("protocol") or "platform", device.get("serial", ""),
                                               credential.get("secret", ""))}


def body_text() -> str:
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        try:  # older terminals write names in GBK
            return request.get_data(cache=True).decode("gb18030")
        except UnicodeDecodeError:
            raise ApiError("BAD_REQUEST") from None


# -- ZKTeco iclock ---------------------------------------------------------------------------------------------------

def iclock(route: str) -> Response:
    query = request.args.to_dict()
    serial, token = query.pop("SN", "").strip(), query.pop("token", "").strip()
    if not serial or not token:
        raise ApiError("DEVICE_UNKNOWN")
    body = body_text() if request.method == "POST" else ""
    with services() as rpc:
        answer = rpc.attendance_svc.zkteco_request(serial, token, request.method, route, query, body)
    return Response(answer["text"], mimetype="text/plain")


@iclock_blp.route("/cdata", methods=["GET", "POST"])
@iclock_blp.doc(security=[], parameters=[
    *ZK_PARAMETERS,
    {"in": "query", "name": "options", "schema": {"type": "string"}, "description": "``all``: the handshake"},
    {"in": "query", "name": "table", "schema": {"type": "string"},
     "description": "ATTLOG: punches (OPERLOG, ATTPHOTO … are taken and not kept)"}],
    requestBody={"required": False, "content": PLAIN},
    responses={"200": {"description": "GET: the options (TransFlag, TimeZone …); POST: ``OK: <n>`` once the "
                                      "punches are stored", "content": PLAIN}, **REFUSED})
def cdata():
    """GET ``?options=all``: the handshake, answered with the terminal's options (``TimeZone`` the site's). POST
    ``?table=ATTLOG``: punches, one a line, tab-separated ``PIN  YYYY-MM-DD HH:MM:SS  status  verify …`` in the
    site's time (PIN: the person id the platform sent down); answered ``OK: <n>`` only once stored. verify 15
    face → 001, 1 fingerprint → 003, 25 palm → 004, 2 / 4 card → 006, others → 011; status 1, 2, 5 out, 3, 4 in,
    0 as the device is installed."""
    return iclock("cdata")


@iclock_blp.route("/getrequest")
@iclock_blp.doc(security=[], parameters=[
    *ZK_PARAMETERS,
    {"in": "query", "name": "INFO", "schema": {"type": "string"},
     "description": "firmware, users, fingerprints, records, IP, …, faces: the users and faces counts are "
                    "the read-back"}],
    responses={"200": {"description": "``C:<id>:DATA UPDATE USERINFO PIN=…\\tName=…\\tCard=…`` / "
                                      "``C:<id>:DATA DELETE USERINFO PIN=…`` / ``C:<id>:DATA UPDATE BIOPHOTO "
                                      "PIN=…\\tType=9\\tSize=…\\tContent=<base64 JPEG>`` / ``C:<id>:DATA DELETE "
                                      "BIOPHOTO PIN=…``, one a line, or ``OK``",
                       "content": PLAIN}, **REFUSED})
def getrequest():
    """The terminal's poll (also its heartbeat): its due commands — the people on site it should hold (PIN =
    person id, name, card), their faces (the enrolment photo, where identity_svc keeps it) and those it should
    delete — each marked sent; ``OK`` when none is due. ``INFO``'s users and faces counts are the read-back."""
    return iclock("getrequest")


@iclock_blp.route("/devicecmd", methods=["POST"])
@iclock_blp.doc(security=[], parameters=ZK_PARAMETERS, requestBody={"required": True, "content": PLAIN},
                responses={"200": {"description": "``OK``", "content": PLAIN}, **REFUSED})
def devicecmd():
    """Command results, one a line ``ID=<id>&Return=<code>&CMD=<verb>``: Return 0 marks the command ok, any other
    failed (tried again after a back-off)."""
    return iclock("devicecmd")


# -- Hikvision --------------------------------------------------------------------------------------------------------

def hikvision_event_text() -> str:
    """The event's JSON: the ``event_log`` part of a multipart push (the capture JPEG beside it is not kept), else
    the body."""
    if request.mimetype == "multipart/form-data":
        if "event_log" in request.form:
            return request.form["event_log"]
        part = request.files.get("event_log")
        if part is None:  # a firmware that names the part otherwise: its first JSON part
            part = next((f for f in request.files.values() if (f.mimetype or "").endswith("json")), None)
        if part is None:
            json_fields = [v for v in request.form.values() if v.lstrip().startswith("{")]
            if not json_fields:
                raise ApiError("BAD_REQUEST")
            return json_fields[0]
        return part.read().decode("utf-8")
    return body_text()


@hikvision_blp.route("/events", methods=["POST"])
@hikvision_blp.doc(security=[], parameters=[
    {"in": "query", "name": "serial", "required": True, "schema": {"type": "string"},
     "description": "the terminal's serial number, as registered"}, *TOKEN_PARAMETERS],
    requestBody={"required": True, "content": {
        "application/json": {"schema": {"type": "object"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "event_log": {"type": "string", "description": "the event's JSON"},
            "Picture": {"type": "string", "format": "binary", "description": "the capture (not kept)"}}}}}},
    responses={"200": {"description": "stored (or ignored)", "content": {"application/json": {
        "schema": HikvisionEventResultSchema}}}, **REFUSED})
def hikvision_event():
    """An ``AccessControllerEvent`` (``EventNotificationAlert`` or bare; JSON or multipart with ``event_log``),
    answered 200 once stored: ``serialNo`` is its sequence number (a second push of it is a duplicate),
    ``frontSerialNo`` reveals gaps, ``employeeNoString`` is the person id sent down, ``attendanceStatus``
    checkIn / checkOut the direction. Major 5 minor 75 face → 001, 1 / 2 / 40 card → 006, 38 fingerprint → 003,
    77 card and face → 001; minor 76 (face failed) and 9 (invalid card) are refused attempts. Any other event is
    answered 200 and ignored."""
    serial, token = request.args.get("serial", "").strip(), request.args.get("token", "").strip()
    if not serial or not token:
        raise ApiError("DEVICE_UNKNOWN")
    event = hikvision_event_text()
    with services() as rpc:
        return jsonify(rpc.attendance_svc.hikvision_event(serial, token, event))


# -- 同步 / 对账 -------------------------------------------------------------------------------------------------------

@sync_blp.route("/<int:project_id>/devices/<int:device_id>/commands")
@requires(SITE, AUTHORITY)
@sync_blp.response(200, DeviceCommandsSchema)
def device_commands(project_id, device_id):
    """同步: what the device was sent of each person and each face (kind person / face; upsert / delete; pending,
    sent, ok, failed; attempts, last error, next try), the counts by state, and the gaps in its sequence
    numbers. Example row: ``{"person_id": 12, "name": "张三", "kind": "face", "operation": "upsert", "state":
    "failed", "attempts": 0, "last_error": "FACE_PHOTO_NOT_KEPT", "next_try_at": null}``."""
    own_site(project_id)
    with services() as rpc:
        device_of_project(rpc, project_id, device_id)
        return rpc.attendance_svc.device_commands(device_id)


@sync_blp.route("/<int:project_id>/devices/<int:device_id>/reconciliation", methods=["POST"])
@requires(SITE)
@sync_blp.arguments(ReconciliationRequestSchema)
@sync_blp.response(200, ReconciliationSchema)
def reconcile_device(form, project_id, device_id):
    """对账: the device's history — ``{"records": [{"seq": 1199, "occurred_at": "2026-12-01T07:45:13+08:00",
    "person_ref": "12"}]}`` (a ZKTeco entry without ``seq``), or ``{"attlog": "<ATTLOG text>"}`` of a ZKTeco
    re-upload, or ``{"from_device": true, "day": "2026-12-01"}``: read from a Hikvision terminal the platform
    reaches (its ``device_address``) — checked against what the platform stored: the records it lacks, and the
    gaps in the sequence numbers it holds. From the device: 409 DEVICE_NOT_CONNECTED, ISAPI_UNAUTHORIZED,
    DEVICE_HISTORY_UNSUPPORTED (paste its history instead); 503 DEVICE_UNREACHABLE; 502 DEVICE_REFUSED."""
    own_site(project_id, write=True)
    with services() as rpc:
        device_of_project(rpc, project_id, device_id)
        return rpc.attendance_svc.reconcile_device(device_id, form["records"], form["attlog"], form["from_device"],
                                                   str(form["day"]) if form["day"] else None)

