"""Every refusal the gateway answers comes from its one error table, in the user's language."""

import json
import logging

import pytest
from flask import abort
from nameko.exceptions import RemoteError
from werkzeug.exceptions import default_exceptions

from chassis.errors import ServiceError
from gateway.messages import ERRORS, HTTP_STATUS_CODES

ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


@pytest.fixture
def app(app):
    """The app, with routes that raise what a service or HTTP itself may answer, the way each really arrives."""
    app.add_url_rule("/api/v1/test/status/<int:status>", "status", lambda status: abort(status))
    app.add_url_rule("/api/v1/test/remote/<code>", "remote", lambda code: raise_(RemoteError(
        "SomethingNew", json.dumps({"code": code, "detail": "a refusal nobody gave words", "fields": {}}))))
    app.add_url_rule("/api/v1/test/typed", "typed", lambda: raise_(ServiceError(
        "on file", code="ALREADY_ON_SITE", fields={"id_number": "ALREADY_ON_SITE"},
        details={"entry_id": 12, "error": "not this", "message": "nor this"})))
    return app


def raise_(error):
    raise error


def test_a_nested_form_marks_the_fields_inside_it_by_their_path(client, site_3):
    response = client.post("/api/v1/entries/unregistered", headers=site_3, json={
        "person": {"id_number": "310104198805060025", "name": "测试人"},
        "entry": {"trade": "020", "education": "71", "entry_date": "2026-13-45"}})
    assert response.status_code == 422
    assert response.json["fields"] == {
        "entry.entry_date": "日期格式不正确（YYYY-MM-DD）", "entry.employer_id": "必填项"}
    assert "进场日期：日期格式不正确" in response.json["message"] and "用人单位：必填项" in response.json["message"]


def test_a_value_one_character_too_long_is_called_too_long(client):
    response = client.post("/api/v1/auth/login", headers=ENGLISH, json={"username": "u" * 81, "password": "x"})
    assert response.status_code == 422
    assert response.json["fields"] == {"username": "Too long"}
    assert response.json["message"].endswith("(User name: Too long)")


def test_a_list_item_is_named_by_its_place_in_the_list(client, site_3):
    response = client.post("/api/v1/entries/exit", headers=site_3, json={
        "entry_ids": [1, "二"], "exit_date": "2026-01-05", "evaluation": "good"})
    assert response.status_code == 422
    assert response.json["fields"] == {"entry_ids.1": "应为数字"}
    assert "退场人员（第2项）：应为数字" in response.json["message"]


@pytest.mark.parametrize("status", sorted(default_exceptions), ids=str)
def test_every_http_refusal_has_a_code_and_words_in_both_languages(client, status):
    chinese = client.get(f"/api/v1/test/status/{status}")
    english = client.get(f"/api/v1/test/status/{status}", headers=ENGLISH)
    code = HTTP_STATUS_CODES[status]
    assert chinese.status_code == english.status_code == ERRORS[code][0] == status
    assert chinese.json == {"error": code, "message": ERRORS[code][1]}
    assert english.json == {"error": code, "message": ERRORS[code][2]}


def test_a_method_the_path_does_not_take_is_refused_with_the_ones_it_does(client):
    response = client.delete("/api/v1/health/live", headers=ENGLISH)
    assert response.status_code == 405
    assert response.json == {"error": "METHOD_NOT_ALLOWED", "message": "This method is not allowed here."}
    assert "GET" in response.headers["Allow"]


def test_a_body_that_is_not_json_is_a_bad_request(client):
    response = client.post("/api/v1/auth/login", data="{username: site_3", content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"error": "BAD_REQUEST", "message": "请求格式不正确"}


def test_a_body_larger_than_allowed_is_refused_as_too_large(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/api/v1/auth/login", json={"username": "site_3", "password": "x" * 2048})
    assert response.status_code == 413
    assert response.json == {"error": "PAYLOAD_TOO_LARGE", "message": "提交的内容过大"}


def test_a_service_code_without_words_is_logged_and_answered_as_unexpected_never_as_another_refusal(
        client, caplog):
    with caplog.at_level(logging.ERROR, logger="gateway.errors"):
        response = client.get("/api/v1/test/remote/SOMETHING_NEW")
    assert response.status_code == 500
    assert response.json == {"error": "UNEXPECTED_ERROR", "message": "系统内部错误，请联系管理员"}
    (logged,) = [r for r in caplog.records if "SOMETHING_NEW" in r.getMessage()]
    assert logged.levelno == logging.ERROR and "a refusal nobody gave words" in logged.getMessage()


def test_the_details_of_a_refusal_travel_beside_its_code_and_never_replace_it(client):
    response = client.get("/api/v1/test/typed")
    assert response.status_code == 409
    assert response.json == {
        "error": "ALREADY_ON_SITE", "message": "该人员已在本工地进场，不能重复登记（证件号码：该人员已在本工地）",
        "fields": {"id_number": "该人员已在本工地"}, "entry_id": 12}



def test_the_gateway_takes_a_30_mb_roster_and_no_more_by_default(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 32 * 1024 * 1024
