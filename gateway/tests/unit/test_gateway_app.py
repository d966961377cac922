"""The gateway's own rules, with its real app on a SQLite database and no services behind it."""

import datetime as dt

import jwt
import pytest

from gateway.app import create_app
from gateway.rpc import pure_python_amqp

SECRET = "unit-test-secret-of-sufficient-length"  # conftest.py signs tokens with it


def test_a_wrong_password_gets_the_manuals_message_in_the_users_language(client):
    chinese = client.post("/api/v1/auth/login", json={"username": "site_3", "password": "nope"})
    english = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "nope"},
                          headers={"Accept-Language": "en-US,en;q=0.9"})
    assert chinese.status_code == english.status_code == 401
    assert chinese.json == {"error": "INVALID_CREDENTIALS", "message": "用户名或密码错误!"}
    assert english.json["message"] == "Wrong user name or password."


def test_a_login_token_names_the_account_and_its_scope(client):
    token = client.post("/api/v1/auth/login", json={"username": "site_3", "password": "Right@2026"}).json["token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json["role"] == "site" and me.json["project_id"] == 3
    assert "password" not in str(me.json)


def test_an_expired_token_asks_to_log_in_again(client):
    expired = jwt.encode({"sub": "site_3", "role": "site", "project_id": 3,
                          "exp": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)}, SECRET)
    response = client.get("/api/v1/persons", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and response.json["error"] == "TOKEN_EXPIRED"


def test_a_token_signed_with_another_key_is_refused(client):
    claims = {"sub": "x", "role": "authority", "exp": dt.datetime(2099, 1, 1)}
    forged = jwt.encode(claims, "another-key-entirely-but-just-as-long-as-ours")
    assert client.get("/api/v1/persons", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_missing_fields_are_named_before_any_service_is_asked(client):
    response = client.post("/api/v1/auth/login", json={"username": "site_3"})
    assert response.status_code == 422
    assert response.json["fields"] == {"password": "必填项"}
    assert response.json["message"] == "输入有误，请检查标红的内容（密码：必填项）"


@pytest.mark.parametrize("path", ["/api/v1/entries", "/api/v1/entries/exit", "/api/v1/enterprises",
                                  "/api/v1/projects", "/api/v1/persons"])
def test_a_caller_without_a_login_is_refused_before_the_input_is_read(client, path):
    # who may not call an endpoint learns nothing of what it expects
    response = client.post(path, json={})
    assert (response.status_code, response.json["error"]) == (401, "NOT_AUTHENTICATED")


@pytest.mark.parametrize("path", ["/api/v1/enterprises", "/api/v1/projects"])
def test_a_role_that_may_not_call_is_refused_before_the_input_is_read(client, path):
    token = client.post("/api/v1/auth/login", json={"username": "site_3", "password": "Right@2026"}).json["token"]
    response = client.post(path, json={}, headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")


def test_the_portal_is_served_for_app_routes_and_the_api_answers_json_for_unknown_paths(client):
    with client.get("/persons/12") as app_route, client.get("/assets/app.js") as asset:
        assert b"id=app" in app_route.data
        assert asset.data == b"console.log(1)"
    unknown = client.get("/api/v1/nothing-here")
    assert unknown.status_code == 404 and unknown.json["error"] == "NOT_FOUND"


def test_the_gateway_refuses_to_start_without_a_signing_key(tmp_path):
    with pytest.raises(RuntimeError, match="AUTH_SECRET"):
        create_app({"DB_URL": f"sqlite:///{tmp_path}/g.db", "AUTH_SECRET": ""})


def test_the_details_of_a_refusal_stand_beside_its_code_and_words_never_over_them(app):
    from nameko.exceptions import RemoteError

    from chassis.errors import ServiceError
    from gateway.errors import error_response, from_remote_error
    from gateway.messages import ERRORS

    sent = ServiceError("on record", code="PERSON_ALREADY_REGISTERED", details={
        "on_file": {"person_id": 7, "name": "张伟"}, "differences": ["name"], "error": "OTHER", "message": "x"})
    api_error = from_remote_error(RemoteError("PersonAlreadyRegistered", str(sent)))
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        response, status, _ = error_response(api_error.code, api_error.fields, api_error.details)
    assert status == 409
    assert response.get_json() == {"error": "PERSON_ALREADY_REGISTERED", "message": ERRORS[
        "PERSON_ALREADY_REGISTERED"][1], "on_file": {"person_id": 7, "name": "张伟"}, "differences": ["name"]}


@pytest.mark.parametrize(("configured", "used"), [
    ("amqp://guest:guest@127.0.0.1:5672/", "pyamqp://guest:guest@127.0.0.1:5672/"),
    ("amqp://user:pw@rabbitmq.rabbitmq.svc:5672/realname", "pyamqp://user:pw@rabbitmq.rabbitmq.svc:5672/realname"),
    ("amqps://user:pw@broker:5671/", "amqps://user:pw@broker:5671/"),
    ("pyamqp://guest:guest@127.0.0.1:5672/", "pyamqp://guest:guest@127.0.0.1:5672/"),
])
def test_the_gateways_proxies_reach_the_configured_broker_through_py_amqp(configured, used):
    assert pure_python_amqp(configured) == used
