"""The worker's account: activation with the employer's code, login by ID number, and their own record."""

from flask import g
from flask_smorest import Blueprint

from chassis.caller import WORKER
from gateway import worker_accounts
from gateway.auth import issue_token, requires
from gateway.routes import services
from gateway.schemas import (
    PersonSchema,
    WorkerActivationSchema,
    WorkerLoginSchema,
    WorkerTokenSchema,
)

blp = Blueprint("worker_auth", __name__, url_prefix="/api/v1", description="Workers' accounts (mobile page)")
login_schema = WorkerLoginSchema()
activation_schema = WorkerActivationSchema()


@blp.route("/auth/worker/activate", methods=["POST"])
@blp.arguments(activation_schema)
@blp.response(200, WorkerTokenSchema)
def activate(document):
    """Activates a worker's account with the code from the employer and sets its password; logs in.

    Example: ``{"id_type": "01", "id_number": "310101198503021514", "code": "K7MP4XQ2", "password": "…"}`` →
    ``{"token": "eyJ…", "account": {"role": "worker", "person_id": 12, …}}``. A code that is wrong, expired
    or spent: 422 INVALID_ACTIVATION_CODE; too many failures: 429 TOO_MANY_ATTEMPTS with ``Retry-After``.
    """
    account = worker_accounts.activate(document["id_type"], document["id_number"], document["code"],
                                       document["password"])
    return {"token": issue_token(account), "account": account}


@blp.route("/auth/worker/login", methods=["POST"])
@blp.arguments(login_schema)
@blp.response(200, WorkerTokenSchema)
def log_in(credentials):
    """Logs a worker in with ID number and password.

    Example: ``{"id_type": "01", "id_number": "310101198503021514", "password": "…"}`` → a token like
    ``/auth/login``'s, with ``role`` worker and ``person_id``. Wrong: 401 INVALID_WORKER_CREDENTIALS; after
    5 failures of one ID number (20 of one address) in 15 minutes: 429 TOO_MANY_ATTEMPTS until the lock opens.
    """
    account = worker_accounts.log_in(credentials["id_type"], credentials["id_number"], credentials["password"])
    return {"token": issue_token(account), "account": account}


@blp.route("/me")
@requires(WORKER)
@blp.response(200, PersonSchema)
def my_record():
    """The worker's own real-name record, masked (我的信息)."""
    with services() as rpc:
        return rpc.identity_svc.get_person(g.caller.person_id)
