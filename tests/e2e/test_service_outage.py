"""What is down is named: a stopped service, a service's database, the gateway's own database. Each is answered
503 with a stable code and Retry-After, never 500; health says which dependency fails and why; all come back."""

import random
import time

import pytest

from devtools.launcher import database_url_variable, wait_until_healthy
from devtools.synthetic import mobile_phone, resident_id_number
from devtools.tcp_proxy import CuttableProxy
from devtools.testing import eventually

pytestmark = pytest.mark.e2e
#: what "at once" means for a database that is down, on a loaded 2-core machine (about 0.1 s when idle)
AT_ONCE_S = 2.0
rng = random.Random(71)


def test_a_stopped_service_is_named_in_the_answer_and_by_health(needs_separate_processes, api):
    platform = needs_separate_processes
    site = api("site_3")
    platform.stop_service("identity_svc")
    try:
        response = api().get("/health")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        services = response.json()["services"]
        identity = services.pop("identity_svc")
        assert identity["status"] == "unavailable" and identity["reason"].startswith("no answer within")
        assert all(status["status"] == "ok" for status in services.values())
        refused = site.get("/persons")
        assert refused.status_code == 503
        assert (refused.json()["error"], refused.json()["service"]) == ("SERVICE_UNAVAILABLE", "identity_svc")
        assert int(refused.headers["Retry-After"]) > 0
    finally:
        platform.start_service("identity_svc")
        wait_until_healthy(platform.base_url, timeout=60)


@pytest.fixture
def identity_database(needs_separate_processes):
    """identity_svc restarted on its database through a proxy the test cuts; put back as it was afterwards."""
    platform = needs_separate_processes
    variable = database_url_variable("identity_svc")
    proxy = CuttableProxy.to_url(platform.env[variable]).start()
    platform.stop_service("identity_svc")
    platform.start_service("identity_svc", {variable: proxy.url_for(platform.env[variable])})
    try:
        wait_until_healthy(platform.base_url, timeout=60)
        yield proxy
    finally:
        platform.stop_service("identity_svc")
        proxy.stop()
        platform.start_service("identity_svc")
        wait_until_healthy(platform.base_url, timeout=60)


def test_a_service_whose_database_is_down_is_named_at_once_and_recovers(identity_database, api):
    site = api("site_3")
    assert site.get("/persons").status_code == 200
    identity_database.cut()
    try:
        for _ in range(2):  # the pooled connection that broke, then a new one that is refused
            started = time.monotonic()
            refused = site.get("/persons")
            assert time.monotonic() - started < AT_ONCE_S
            assert refused.status_code == 503
            assert (refused.json()["error"], refused.json()["service"]) == ("DATABASE_UNAVAILABLE", "identity_svc")
            assert int(refused.headers["Retry-After"]) > 0
        health = api().get("/health")
        assert health.status_code == 503
        database = health.json()["services"]["identity_svc"]["checks"]["database"]
        assert database["status"] == "unavailable" and "refused" in database["reason"].lower()
        assert health.json()["services"]["project_svc"]["status"] == "ok"
    finally:
        identity_database.restore()
    eventually(lambda: site.get("/persons").status_code == 200, timeout=30)


def test_a_login_while_the_gateway_database_is_down_is_answered_503(needs_separate_processes, another_gateway):
    url = needs_separate_processes.gateway_db_url
    proxy = CuttableProxy.to_url(url).start()
    try:
        api = another_gateway({"GATEWAY_DB_URL": proxy.url_for(url)})
        api("site_3")  # logs in while the database is up
        proxy.cut()
        started = time.monotonic()
        refused = api().post("/auth/login", json={"username": "site_3", "password": "Test@2026!"})
        assert time.monotonic() - started < AT_ONCE_S
        assert refused.status_code == 503
        assert (refused.json()["error"], refused.json()["service"]) == ("DATABASE_UNAVAILABLE", "gateway")
        assert int(refused.headers["Retry-After"]) > 0
        health = api().get("/health").json()
        assert health["gateway"]["checks"]["database"]["status"] == "unavailable"
        assert health["gateway"]["checks"]["database"]["reason"]
        proxy.restore()
        eventually(lambda: api().post("/auth/login", json={"username": "site_3", "password": "Test@2026!"})
                   .status_code == 200, timeout=30)
    finally:
        proxy.stop()


def test_a_gateway_that_cannot_reach_the_broker_says_so(needs_separate_processes, another_gateway):
    uri = needs_separate_processes.env["AMQP_URI"]
    proxy = CuttableProxy.to_url(uri).start()  # the URI names its port (5672)
    try:
        api = another_gateway({"AMQP_URI": proxy.url_for(uri)})
        site = api("site_3")
        assert site.get("/persons").status_code == 200
        proxy.cut()
        refused = site.get("/persons")  # kombu retries the publish for about 3 s first
        assert refused.status_code == 503
        assert refused.json()["error"] == "BROKER_UNAVAILABLE"
        assert int(refused.headers["Retry-After"]) > 0
        health = api().get("/health").json()
        assert health["gateway"]["checks"]["broker"]["status"] == "unavailable"
        proxy.restore()
        eventually(lambda: site.get("/persons").status_code == 200, timeout=60)
    finally:
        proxy.stop()


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
