"""The gate devices' own API: heartbeat, clock records and the whitelist pull, signed by each device with its key.

No user logs in here: the gateway passes the raw request (its signature headers, method, path with the query,
and the body's text unchanged) to attendance_svc, which checks the signature and answers."""

import re

from flask import jsonify, request
from flask_smorest import Blueprint

from gateway.attendance_schemas import (
    DeviceRecordsRequestSchema,
    DeviceRecordsSchema,
    HeartbeatRequestSchema,
    HeartbeatSchema,
    WhitelistSchema,
)
from gateway.errors import ApiError
from gateway.routes import services

SIGNATURE_SCHEME = """Every request is signed by the device with its key (``secret``, shown once when the device is
registered or its key reissued, on 考勤设备). Four headers:

- ``X-Device-Serial``: the device's serial number, as registered;
- ``X-Device-Timestamp``: the time of the request, Unix seconds (an integer);
- ``X-Device-Nonce``: a random text, new for every request (16 bytes or more, hex or base64url);
- ``X-Device-Signature``: lower-case hex of HMAC-SHA256(key, message), where ``key`` is the secret's text as
  UTF-8 bytes and ``message`` is

      METHOD + "\\n" + PATH + "\\n" + TIMESTAMP + "\\n" + NONCE + "\\n" + sha256_hex(BODY)

  ``METHOD`` upper case (``POST``), ``PATH`` the request's path with its query string as sent
  (``/api/v1/device/whitelist?since=12``), ``TIMESTAMP`` and ``NONCE`` the headers' texts, ``BODY`` the exact
  bytes sent (empty for a GET: ``sha256_hex`` of nothing is ``e3b0c442…b855``).

Refusals (401): ``DEVICE_UNKNOWN`` (no registered, active device has the serial), ``DEVICE_SIGNATURE_INVALID``,
``DEVICE_REQUEST_STALE`` (the timestamp is more than 300 s from the platform's clock: keep the device's clock
synchronised; the heartbeat's ``server_time`` tells it), ``DEVICE_REQUEST_REPLAYED`` (the nonce was used by this
device within that window). A retry of an upload is a new request: new timestamp, new nonce, new signature;
records are idempotent on (serial, ``seq``) and a record sent twice comes back as ``duplicate``."""

blp = Blueprint("device_api", __name__, url_prefix="/api/v1/device",
                description="The gate devices' API (face terminals, card readers, QR scanners, turnstiles).\n\n"
                            + SIGNATURE_SCHEME)

SIGNATURE_HEADERS = [
    {"in": "header", "name": "X-Device-Serial", "required": True, "schema": {"type": "string"},
     "description": "the device's serial number"},
    {"in": "header", "name": "X-Device-Timestamp", "required": True, "schema": {"type": "integer"},
     "description": "Unix seconds"},
    {"in": "header", "name": "X-Device-Nonce", "required": True, "schema": {"type": "string"},
     "description": "new for every request"},
    {"in": "header", "name": "X-Device-Signature", "required": True, "schema": {"type": "string"},
     "description": "hex HMAC-SHA256, see the tag's description"},
]
TIMESTAMP = re.compile(r"\d{1,12}")


def signed(body_schema=None):
    """The OpenAPI of a signed device request: its headers, no bearer login, and its JSON body."""
    doc = {"security": [], "parameters": SIGNATURE_HEADERS}
    if body_schema is not None:
        doc["requestBody"] = {"required": True, "content": {"application/json": {"schema": body_schema}}}
    return blp.doc(**doc)


def signed_request():
    """The signature's parts as the device sent them; a request that lacks one is refused before any service is
    asked (the refusal the service would give)."""
    headers = request.headers
    serial = headers.get("X-Device-Serial", "").strip()
    timestamp = headers.get("X-Device-Timestamp", "").strip()
    nonce = headers.get("X-Device-Nonce", "").strip()
    signature = headers.get("X-Device-Signature", "").strip()
    if not serial:
        raise ApiError("DEVICE_UNKNOWN")
    if not TIMESTAMP.fullmatch(timestamp):
        raise ApiError("DEVICE_REQUEST_STALE")
    if not nonce or not signature:
        raise ApiError("DEVICE_SIGNATURE_INVALID")
    try:
        body = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError("BAD_REQUEST") from None
    path = request.path
    if request.query_string:
        path = f"{path}?{request.query_string.decode('latin-1')}"
    return {"serial": serial, "timestamp": int(timestamp), "nonce": nonce, "signature": signature,
            "method": request.method.upper(), "path": path, "body": body}


def forward():
    """attendance_svc's answer, as it gave it: a device may rely on fields the schemas here only document."""
    with services() as rpc:
        return jsonify(rpc.attendance_svc.device_request(**signed_request()))


@blp.route("/heartbeat", methods=["POST"])
@signed(HeartbeatRequestSchema)
@blp.alt_response(200, schema=HeartbeatSchema, success=True)
def heartbeat():
    """心跳, every 10–30 s: ``{"person_count": 120, "face_count": 118}`` (what the terminal holds). The answer
    gives the platform's time, the whitelist's version now, and ``resync`` when the counts disagree with the
    platform's (pull ``/whitelist?since=0``). A device without a heartbeat for 60 s shows 离线."""
    return forward()


@blp.route("/records", methods=["POST"])
@signed(DeviceRecordsRequestSchema)
@blp.alt_response(200, schema=DeviceRecordsSchema, success=True)
def upload_records():
    """考勤记录 upload, at most 500 a request: ``{"records": [{"seq": 1042, "occurred_at":
    "2026-12-01T07:58:03+08:00", "method": "face", "person_id": 12, "similarity": 0.81, "direction": "in"}]}``
    (``method``: face, card (``card_number``), code (``code``: a scanned 建设码), id_card; a face the terminal
    did not identify goes as ``photo``, base64). Answered once the records are stored: each ``seq`` with its
    ``outcome`` (accepted, duplicate, refused with ``reason``: NOT_ON_SITE, UNKNOWN_FACE, UNKNOWN_CARD,
    UNKNOWN_CODE). A device that was offline uploads its buffered records later with their own times."""
    return forward()


@blp.route("/whitelist")
@signed()
@blp.alt_response(200, schema=WhitelistSchema, success=True)
def whitelist():
    """名单同步: ``?since=<version>`` (0 or none: everything) → the people on site who clock in here, with their
    card numbers and face templates changed since that version, those removed since, and the version now."""
    return forward()
