from flask import g
from flask_smorest import Blueprint
from sqlalchemy import select

from gateway.auth import ALL_ROLES, authenticate, authorisation_of, issue_token, requires
from gateway.database import database
from gateway.errors import ApiError
from gateway.models import Account
from gateway.schemas import AccountSchema, LoginSchema, TokenSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Login")


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(200, TokenSchema)
def login(credentials):
    """Logs in with user name and password.

    Example: ``{"username": "xianchang", "password": "…"}`` →
    ``{"token": "eyJ…", "account": {"role": "site", "project_id": 1, …}}``.
    Wrong credentials, or a site user whose authorisation was revoked: 401 INVALID_CREDENTIALS (用户名或密码错误!).
    """
    session = database()
    account = authenticate(session, credentials["username"], credentials["password"])
    return {"token": issue_token(account, authorisation_of(session, account)), "account": account}


@blp.route("/me")
@requires(*ALL_ROLES)
@blp.response(200, AccountSchema)
def me():
    """The logged-in account and its scope."""
    account = database().scalar(select(Account).where(Account.username == g.caller.username))
    if account is None or not account.active:
        raise ApiError("NOT_AUTHENTICATED")
    return account
