"""The personal 建设码: the worker's code, its public key, and entry by code at the general contractor's gate
(扫码进场); 进场登记's list of confirmed assignments not yet on site (处理 / 批量处理); the authority's list of
非正常登记."""

import io

import segno
from flask_smorest import Blueprint

from chassis.caller import SITE, WORKER
from gateway.auth import AUTHORITY, requires
from gateway.code_schemas import (
    AssignedEntryRequestSchema,
    AssignedEntryResultSchema,
    AwaitingEntryPageSchema,
    AwaitingEntryQuerySchema,
    CodeEntrySchema,
    CodeReadingSchema,
    CodeReadSchema,
    PersonalCodeSchema,
    PublicKeySchema,
)
from gateway.errors import request_language
from gateway.messages import ERRORS, about_person, describe_warnings, words
from gateway.routes import services
from gateway.schemas import EnteredSchema, EntryPageSchema, EntryQuerySchema

blp = Blueprint("codes", __name__, url_prefix="/api/v1/codes", description="The personal 建设码 and entry by code")
worker_blp = Blueprint("my_code", __name__, url_prefix="/api/v1/me/personal-code",
                       description="The worker's own 建设码")
awaiting_blp = Blueprint("awaiting_entry", __name__, url_prefix="/api/v1/entries",
                         description="进场登记 of assigned people, and 非正常登记 for the authority")
SITE_STAFF = (SITE, AUTHORITY)


def qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, nl=False)
    return out.getvalue().decode()


@blp.route("/public-key")
@blp.response(200, PublicKeySchema)
def public_key():
    """The key a gate verifies a personal code with, offline (public: no login). A token is base64url of
    version (1 byte, 1) | person id (4) | expiry, Unix seconds (4) | Ed25519 signature of the 9 bytes before (64)."""
    with services() as rpc:
        return rpc.siteaccess_svc.personal_code_public_key()


@worker_blp.route("")
@requires(WORKER)
@worker_blp.response(200, PersonalCodeSchema)
def my_code():
    """我的建设码: a fresh code (valid 60 s), as the token, an SVG QR code of it, and an 8-character code to type."""
    with services() as rpc:
        issued = rpc.siteaccess_svc.issue_personal_code()
    return {**issued, "qr_svg": qr_svg(issued["token"])}


@blp.route("/read", methods=["POST"])
@requires(*SITE_STAFF)
@blp.arguments(CodeReadSchema)
@blp.response(200, CodeReadingSchema)
def read_code(body):
    """扫码进场: whose code it is, their employer, assignment and confirmation state, and the entry form's values.
    Expired: 422 CODE_EXPIRED; not the platform's: 422 CODE_INVALID; a site user of another unit than the
    general contractor: 403 NOT_GENERAL_CONTRACTOR. ``ticket`` admits the person (``/codes/enter``) for 15 min."""
    with services() as rpc:
        return rpc.siteaccess_svc.read_personal_code(body.get("project_id"), body["code"])


@blp.route("/enter", methods=["POST"])
@requires(*SITE_STAFF)
@blp.arguments(CodeEntrySchema)
@blp.response(201, EnteredSchema)
def enter_by_code(body):
    """进场 of the person whose code was read: ``{"code": "<ticket>", "employer_id": 3, "trade": "020",
    "education": "71", "entry_date": "2026-11-30", ...}`` (the terms of 进场登记)."""
    values = CodeEntrySchema().dump(body)
    project_id, code = values.pop("project_id", None), values.pop("code")
    with services() as rpc:
        entered = rpc.siteaccess_svc.enter_by_code(project_id, code, values)
    return {**entered, "warnings": describe_warnings(entered.get("warnings", []), request_language())}


@awaiting_blp.route("/awaiting")
@requires(*SITE_STAFF)
@awaiting_blp.arguments(AwaitingEntryQuerySchema, location="query")
@awaiting_blp.response(200, AwaitingEntryPageSchema)
def awaiting_entry(query):
    """进场登记 (manual 002 §五): the confirmed assignments of the project whose person is not on site."""
    project_id = query.pop("project_id", None)
    with services() as rpc:
        return rpc.siteaccess_svc.awaiting_entry(project_id, query)


@awaiting_blp.route("/assigned", methods=["POST"])
@requires(*SITE_STAFF)
@awaiting_blp.arguments(AssignedEntryRequestSchema)
@awaiting_blp.response(200, AssignedEntryResultSchema)
def enter_assigned(body):
    """处理 / 批量处理: ``{"person_ids": [7, 8], "education": "71", "entry_date": "2026-11-30"}`` — each with
    their assignment's employer and 工种 (or ``trade`` for all); who was refused is named with why."""
    values = AssignedEntryRequestSchema().dump(body)
    project_id = values.pop("project_id", None)
    with services() as rpc:
        result = rpc.siteaccess_svc.enter_assigned(project_id, values)
    language = request_language()
    for refusal in result["refused"]:
        _, chinese, english = ERRORS.get(refusal["error"], ERRORS["UNEXPECTED_ERROR"])
        refusal["message"] = about_person(refusal["name"], words((chinese, english), language), language)
    return result


@awaiting_blp.route("/irregular")
@requires(AUTHORITY)
@awaiting_blp.arguments(EntryQuerySchema, location="query")
@awaiting_blp.response(200, EntryPageSchema)
def irregular_entries(query):
    """非正常登记 entries (no real-name record found, admitted without the assignment rule), newest first."""
    with services() as rpc:
        return rpc.siteaccess_svc.irregular_entries(EntryQuerySchema().dump(query))
