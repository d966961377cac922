"""Who may call the employment endpoints: workers their own on the mobile page, staff the employer's side."""

import datetime as dt

import jwt
import pytest

from chassis.caller import Caller
from gateway.auth import caller_from_request

SECRET = "unit-test-secret-of-sufficient-length"  # conftest.py signs tokens with it


def token(**claims):
    return jwt.encode({"exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), **claims}, SECRET)


def bearer(**claims):
    return {"Authorization": f"Bearer {token(**claims)}"}


WORKER = {"sub": "310101198503021514", "role": "worker", "person_id": 12}


def test_a_worker_token_makes_a_worker_caller_bound_to_their_person(app):
    with app.test_request_context(headers=bearer(**WORKER)):
        assert caller_from_request() == Caller(role="worker", username=WORKER["sub"], person_id=12)


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/employments"), ("post", "/api/v1/employments"), ("post", "/api/v1/employments/1/withdraw"),
    ("post", "/api/v1/employments/1/dismiss"), ("get", "/api/v1/employees"), ("get", "/api/v1/persons/1/employments"),
])
def test_a_worker_cannot_reach_the_employers_side(client, method, path):
    response = getattr(client, method)(path, json={}, headers=bearer(**WORKER))
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/me/employments"), ("post", "/api/v1/me/employments/1/confirm"),
    ("post", "/api/v1/me/employments/1/resign"), ("post", "/api/v1/me/employments/1/dismissal/agree"),
])
def test_staff_cannot_act_as_a_worker(client, site_3, method, path):
    response = getattr(client, method)(path, json={}, headers=site_3)
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")


@pytest.mark.parametrize("path", ["/api/v1/employments", "/api/v1/employments/1/withdraw"])
def test_a_site_is_not_an_employer(client, site_3, path):
    response = client.post(path, json={"name": "张伟", "id_number": "310101198503021514"}, headers=site_3)
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")


def test_a_request_names_its_missing_fields_before_any_service_is_asked(client):
    response = client.post("/api/v1/employments", json={"role": "boss"},
                           headers=bearer(sub="hr", role="enterprise", enterprise_id=7))
    assert response.status_code == 422
    assert response.json["fields"] == {"name": "必填项", "id_number": "必填项", "role": "不在可选范围内"}


def test_the_openapi_document_lists_both_sides(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/employments", "/api/v1/employments/{relation_id}/dismiss", "/api/v1/employees",
            "/api/v1/persons/{person_id}/employments", "/api/v1/me/employments",
            "/api/v1/me/employments/{relation_id}/dismissal/decline"} <= set(paths)
