"""A service that stops answering is named by the health check, and comes back."""

import random

import pytest

from devtools.launcher import wait_until_healthy
from devtools.synthetic import mobile_phone, resident_id_number

pytestmark = pytest.mark.e2e
rng = random.Random(71)


def test_health_names_the_service_that_does_not_answer(needs_separate_processes, api):
    platform = needs_separate_processes
    platform.stop_service("identity_svc")
    try:
        response = api().get("/health")
        assert response.status_code == 503
        services = response.json()["services"]
        assert response.json()["status"] == "unavailable"
        assert services.pop("identity_svc") == {"status": "unavailable"}
        assert all(status["status"] == "ok" for status in services.values())
        assert api("site_3").get("/persons").json()["error"] == "SERVICE_UNAVAILABLE"
    finally:
        platform.start_service("identity_svc")
        wait_until_healthy(platform.base_url, timeout=60)


def test_a_registration_answered_503_is_not_made_when_the_service_returns(needs_separate_processes, api):
    platform, site = needs_separate_processes, api("site_3")
    doc = {"id_type": "01", "id_number": resident_id_number(rng), "name": "迟到请求", "ethnicity": "01",
           "address": "上海市徐汇区测试路5号", "issuing_authority": "上海市公安局徐汇分局",
           "valid_from": "2016-05-01", "valid_until": None, "phone": mobile_phone(rng)}
    platform.stop_service("identity_svc")
    try:
        # the request waits in identity_svc's queue until the gateway gives up on it (RPC_TIMEOUT) …
        assert site.post("/persons", json=doc).status_code == 503
    finally:
        platform.start_service("identity_svc")
        wait_until_healthy(platform.base_url, timeout=60)
    # … and expires there: the client's retry registers the person, not "already registered" by the call
    # it was told had failed
    retry = site.post("/persons", json=doc)
    assert retry.status_code == 201 and retry.json()["created"] is True
    assert site.get("/persons", params={"q": doc["id_number"]}).json()["total"] == 1
