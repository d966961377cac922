"""项目二维码 self-registration (manual 004 §5.3 方法二): a unit prints its project's QR code (PNG, or the code
with its address for the portal's poster page); a worker scans it and fills in the public phone form at
``/m/join/<token>`` (no login); the submissions land with the chosen unit as 自助登记人员.

The public form is rate-limited with the mechanism of the workers' logins (``worker_accounts``: the
``login_failures`` table, a keyed digest of the ID number, the client address), each submission counted: past
``SELF_REGISTRATION_PER_ADDRESS`` (default 20) from one address, or ``SELF_REGISTRATION_PER_ID_NUMBER`` (default 5)
for one ID number, within ``WORKER_LOGIN_WINDOW_MINUTES``, 429 TOO_MANY_ATTEMPTS with Retry-After. The answer to a
good submission is the same whether or not the person registered before.

办理 (``…/self-registrations/<id>/complete``) takes the submission into the platform's chain as its first real
steps, never past them: the real-name record (identity_svc's ``register_person`` with the form's data, or the
record on file), then the unit's employment request (employment_svc's ``request_employment``, as 新建聘用关系,
with the worker's activation code and slip); the worker confirms on the phone, then 人员分配 and 绑定 follow as
for anyone. The plain ID number the gateway passes on is written to the reveal audit."""

import datetime as dt
import hashlib
import hmac
import io
import math

import segno
from flask import Response, current_app, g, has_request_context, request
from flask_smorest import Blueprint
from marshmallow import fields, validate
from nameko.exceptions import RemoteError
from sqlalchemy import delete, func, select

from chassis.caller import SYSTEM, SYSTEM_CALLER, Caller
from chassis.events import utcnow
from chassis.pii import normalise_id_number
from chassis.schemas import Schema
from gateway.auth import AUTHORITY, ENTERPRISE, SITE, requires
from gateway.database import database
from gateway.errors import ApiError, from_remote_error
from gateway.idempotency import scoped_key
from gateway.models import LoginFailure
from gateway.reveals import audit_reveals
from gateway.routes import services
from gateway.schemas import EmploymentCreatedSchema, page_of
from gateway.worker_accounts import client_address, setting, with_activation

blp = Blueprint("self_registrations", __name__, url_prefix="/api/v1", description="Project QR code "
                "self-registration (项目二维码, 自助登记人员)")
JOIN_PATH = "/m/join/"
#: how the form's counts are told apart from login failures in the shared table
ADDRESS_PREFIX = "join:"


class JoinCodeSchema(Schema):
    project_id = fields.Integer()
    token = fields.String()
    registration_number = fields.String()
    name = fields.String()
    url = fields.String(metadata={"description": "the public form's address, what the QR code carries"})
    qr_svg = fields.String()


class JoinUnitSchema(Schema):
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()


class JoinFormSchema(Schema):
    registration_number = fields.String()
    name = fields.String()
    units = fields.List(fields.Nested(JoinUnitSchema))


class SelfRegistrationFormSchema(Schema):
    enterprise_id = fields.Integer(required=True, metadata={"description": "企业名称: one of the form's units"})
    name = fields.String(required=True)
    id_number = fields.String(required=True)
    birth_date = fields.String(required=True, metadata={"format": "date"})
    gender = fields.String(required=True, metadata={"enum": ["1", "2"]})
    ethnicity = fields.String(required=True)
    native_place = fields.String(required=True)
    phone = fields.String(required=True)
    address = fields.String(required=True)
    address_detail = fields.String(required=True)
    person_kind = fields.String(required=True, metadata={"enum": ["worker", "manager"]})
    trade = fields.String(required=True)
    household_type = fields.String(required=True, metadata={"enum": ["rural", "urban"]})
    household_place = fields.String(required=True)


class ReceivedSchema(Schema):
    received = fields.Boolean()


class SelfRegistrationSchema(Schema):
    id = fields.Integer()
    project_id = fields.Integer()
    enterprise_id = fields.Integer()
    enterprise_name = fields.String()
    person_name = fields.String()
    id_number_masked = fields.String()
    birth_date = fields.String()
    gender = fields.String()
    ethnicity = fields.String()
    native_place = fields.String()
    phone_masked = fields.String()
    address = fields.String()
    address_detail = fields.String()
    person_kind = fields.String()
    trade = fields.String()
    household_type = fields.String()
    household_place = fields.String()
    submissions = fields.Integer()
    submitted_at = fields.String()
    state = fields.String(metadata={"enum": ["pending", "handled"], "description": "待办理 / 已办理"})
    handled_at = fields.String(allow_none=True)
    handled_by = fields.String(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    employment_id = fields.Integer(allow_none=True, metadata={"description": "the unit's employment request"})


class SelfRegistrationHandlingSchema(Schema):
    registration = fields.Nested(SelfRegistrationSchema, metadata={"description": "the submission, 已办理"})
    person_id = fields.Integer()
    person_registered = fields.Boolean(metadata={"description": "true when 办理 made the real-name record"})
    outcome = fields.String(metadata={"enum": ["employment_requested", "already_employed", "already_requested"]})
    employment = fields.Nested(EmploymentCreatedSchema, allow_none=True, metadata={
        "description": "the employment request, 待确认, with the worker's activation slip; null when the person "
                       "is employed by the unit, or asked by it, already"})


class SelfRegistrationQuerySchema(Schema):
    name = fields.String(load_default="")
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["pending", "handled"]),
                          metadata={"description": "待办理 / 已办理"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


SelfRegistrationPageSchema = page_of(SelfRegistrationSchema, "SelfRegistrationPageSchema")
registration_form = SelfRegistrationFormSchema()
registration_query = SelfRegistrationQuerySchema()


def join_url(token: str) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or (request.host_url if has_request_context() else "")
    return f"{base.rstrip('/')}{JOIN_PATH}{token}"


def system_rpc():
    return current_app.extensions["rpc"].proxy(SYSTEM_CALLER)


# -- the public form's rate limits -----------------------------------------------------------------------------

def id_number_digest(id_number: str) -> str:
    message = f"self-registration\x00{normalise_id_number(id_number)}".encode()
    return hmac.new(current_app.config["AUTH_SECRET"].encode(), message, hashlib.sha256).hexdigest()


def count_or_refuse(id_number: str):
    """Counts this submission; refuses it (429) when the address or the ID number has sent too many lately."""
    session = database()
    now = utcnow()
    window = dt.timedelta(minutes=setting("WORKER_LOGIN_WINDOW_MINUTES", 15))
    since = now - window
    address = f"{ADDRESS_PREFIX}{client_address() or 'unknown'}"[:64]
    subject = id_number_digest(id_number)
    opens = []
    for column, value, limit in ((LoginFailure.client_address, address, setting("SELF_REGISTRATION_PER_ADDRESS", 20)),
                                 (LoginFailure.subject_digest, subject, setting("SELF_REGISTRATION_PER_ID_NUMBER", 5))):
        count, oldest = session.execute(select(func.count(), func.min(LoginFailure.failed_at)).where(
            column == value, LoginFailure.failed_at > since)).one()
        if count >= limit and oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
            opens.append(oldest + window)
    if opens:
        wait = max(1, math.ceil((max(opens) - now).total_seconds()))
        raise ApiError("TOO_MANY_ATTEMPTS", headers={"Retry-After": str(wait)},
                       details={"retry_after_s": wait, "retry_after_minutes": math.ceil(wait / 60)})
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= since))
    session.add(LoginFailure(subject_digest=subject, client_address=address, failed_at=now))
    session.commit()


# -- the unit's side -------------------------------------------------------------------------------------------

@blp.route("/projects/<int:project_id>/join-code")
@requires(ENTERPRISE, SITE, AUTHORITY)
@blp.response(200, JoinCodeSchema)
def join_code(project_id):
    """项目二维码: the project's public form address and its QR code (SVG), for the poster page."""
    with services() as rpc:
        code = rpc.project_svc.join_code(project_id)
    url = join_url(code["token"])
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, nl=False)
    return {**code, "url": url, "qr_svg": out.getvalue().decode()}


@blp.route("/projects/<int:project_id>/join-code.png")
@requires(ENTERPRISE, SITE, AUTHORITY)
def join_code_png(project_id):
    """项目二维码 as a PNG to print or download."""
    with services() as rpc:
        code = rpc.project_svc.join_code(project_id)
    out = io.BytesIO()
    segno.make(join_url(code["token"]), error="m").save(out, kind="png", scale=10, border=4)
    return Response(out.getvalue(), mimetype="image/png", headers={
        "Content-Disposition": f'attachment; filename="project-{code["registration_number"]}-qr.png"'})


@blp.route("/projects/<int:project_id>/self-registrations")
@requires(ENTERPRISE, SITE, AUTHORITY)
@blp.arguments(registration_query, location="query")
@blp.response(200, SelfRegistrationPageSchema)
def self_registrations(query, project_id):
    """自助登记人员: the submissions for the caller's unit (the general contractor, the authority: all), by 姓名."""
    with services() as rpc:
        return rpc.project_svc.self_registrations(project_id, registration_query.dump(query))


@blp.route("/projects/<int:project_id>/self-registrations/<int:registration_id>/complete", methods=["POST"])
@requires(ENTERPRISE, SITE)
@blp.response(200, SelfRegistrationHandlingSchema)
def complete_self_registration(project_id, registration_id):
    """办理, by the unit the worker chose (its enterprise users, its site users): the person's real-name record is
    registered with the form's data (证件类型 居民身份证; the record on file when there is one), then the unit asks
    the person to join it as 新建聘用关系 does; the submission is 已办理.

    Example: ``POST /api/v1/projects/3/self-registrations/8/complete`` → ``{"registration": {"id": 8, "state":
    "handled", …}, "person_id": 41, "person_registered": true, "outcome": "employment_requested", "employment":
    {"id": 12, "state": "pending", …, "activation": {"code": "…", "activation_url": "…", "qr_svg": "<svg…"}}}``.
    ``outcome`` already_employed / already_requested (``employment`` null): the person works for the unit, or a
    request of the unit waits for them, already; it is 已办理 all the same.
    Refusals leave it 待办理, and a later 办理 starts again: 403 NOT_SELF_REGISTRATION_UNIT, 409
    SELF_REGISTRATION_ALREADY_HANDLED, 422 NAME_MISMATCH (a record on file has another name), 409
    EMPLOYED_ELSEWHERE / MANAGER_REGISTERED_ELSEWHERE with their messages; a refusal after 办理 registered the
    person says so with ``"person_registered": true``.
    """
    with services() as rpc:
        submission = rpc.project_svc.self_registration_to_handle(project_id, registration_id)
        audit_reveals({registration_id: submission["id_number_masked"]}, "self-registration handling",
                      subject="self_registration")
        ethnicities = {row["name"]: row["code"] for row in rpc.identity_svc.reference_tables()["ethnicities"]}
        registered = rpc.identity_svc.register_person(person_document(submission, ethnicities))
    person_id, employment, outcome = registered["person"]["id"], None, "employment_requested"
    try:
        with employer_services() as rpc:
            relation = rpc.employment_svc.request_employment(employment_request(submission))
    except RemoteError as error:
        refusal = from_remote_error(error)
        if refusal.code not in NOTHING_TO_REQUEST:
            if registered["created"]:
                refusal.details = {**refusal.details, "person_registered": True}
            raise refusal from error
        outcome = NOTHING_TO_REQUEST[refusal.code]
    else:
        employment = with_activation(relation)
    with services() as rpc:
        handled = rpc.project_svc.mark_self_registration_handled(project_id, registration_id, {
            "person_id": person_id, "employment_id": employment["id"] if employment else None})
    return {"registration": handled, "person_id": person_id, "person_registered": registered["created"],
            "outcome": outcome, "employment": employment}


#: employment_svc's refusals that leave nothing to request: 办理 is done all the same
NOTHING_TO_REQUEST = {"ALREADY_EMPLOYED_HERE": "already_employed", "EMPLOYMENT_ALREADY_REQUESTED": "already_requested"}
RESIDENT_ID_CARD = "01"


def person_document(submission: dict, ethnicities: dict) -> dict:
    """identity_svc's ``register_person`` input from the form: 民族 by its name (a name it does not know is left
    out), the address with its detail."""
    ethnicity = submission["ethnicity"].strip()
    address = f"{submission['address']}{submission['address_detail']}"[:200]
    return {"id_type": RESIDENT_ID_CARD, "id_number": submission["id_number"], "name": submission["person_name"],
            "gender": submission["gender"], "birth_date": submission["birth_date"],
            "ethnicity": ethnicities.get(ethnicity) or ethnicities.get(f"{ethnicity}族"), "address": address,
            "phone": submission["phone"], "verification_source": "manual"}


def employment_request(submission: dict) -> dict:
    """新建聘用关系's input: the form's 姓名 and number, 人员类型 as the role, the unit the worker chose."""
    return {"name": submission["person_name"], "id_type": RESIDENT_ID_CARD, "id_number": submission["id_number"],
            "role": submission["person_kind"], "enterprise_id": submission["enterprise_id"]}


def employer_services():
    """Who asks employment_svc: an enterprise user in its own name; a site user of the unit (project_svc checked it
    is the unit the submission landed with) as the system naming that unit, as a roster import does, under the
    site user's name, since employment_svc takes requests from employers only."""
    if g.caller.role == ENTERPRISE:
        return services()
    on_behalf = Caller(role=SYSTEM, username=g.caller.username)
    return current_app.extensions["rpc"].proxy(on_behalf, idempotency_key=scoped_key())


# -- the public form (no login) --------------------------------------------------------------------------------

@blp.route("/join/<token>")
@blp.response(200, JoinFormSchema)
def join_form(token):
    """The public form's project: 报建编号, 项目名称 and the units to choose from; 404 for an unknown code."""
    with system_rpc() as rpc:
        return rpc.project_svc.join_form(token)


@blp.route("/join/<token>", methods=["POST"])
@blp.arguments(registration_form)
@blp.response(200, ReceivedSchema)
def submit_join_form(form, token):
    """提交: every field required; 422 naming each bad one (``id_number`` with identity_svc's own code); the same
    ID number again on the project updates the one submission; 429 TOO_MANY_ATTEMPTS past the limits. →
    ``{"received": true}``, whoever the person is."""
    count_or_refuse(form["id_number"])
    with system_rpc() as rpc:
        return rpc.project_svc.submit_self_registration(token, registration_form.dump(form))
