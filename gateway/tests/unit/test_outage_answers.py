"""When a service, a database or the broker is down, the gateway answers 503 naming it, never 500."""

import socket
import time

import pytest
from nameko.exceptions import RpcTimeout, UnknownService

from chassis.errors import DatabaseUnavailable
from gateway.app import create_app
from gateway.outages import NamedServices


class Cluster:
    """Nameko's cluster proxy as the gateway sees it, with methods that fail the way a real call does."""

    def __init__(self, failure):
        self.failure = failure

    def __getattr__(self, service):
        return self

    def __call__(self, *args, **kwargs):
        raise self.failure

    def call_async(self, *args, **kwargs):
        return self

    def result(self):
        raise self.failure


@pytest.fixture
def app(app):
    def call(service, failure, asynchronously=False):
        method = getattr(NamedServices(Cluster(failure)), service).register_person
        return method.call_async().result() if asynchronously else method()

    failures = {"timeout": RpcTimeout(10), "unknown": UnknownService("identity_svc"),
                "refused": ConnectionRefusedError(111, "Connection refused")}
    app.add_url_rule("/api/v1/test/call/<service>/<failure>", "call",
                     lambda service, failure: call(service, failures[failure]))
    app.add_url_rule("/api/v1/test/async/<service>/<failure>", "async",
                     lambda service, failure: call(service, failures[failure], asynchronously=True))
    app.add_url_rule("/api/v1/test/database", "database", lambda: raise_(
        DatabaseUnavailable("connection refused", details={"service": "project_svc"})))
    return app


def raise_(error):
    raise error


@pytest.mark.parametrize("path", ["call/identity_svc/timeout", "call/identity_svc/unknown",
                                  "async/identity_svc/timeout"])
def test_a_service_that_does_not_answer_is_named_with_a_retry_after(client, path):
    response = client.get(f"/api/v1/test/{path}")
    assert response.status_code == 503
    assert response.json["error"] == "SERVICE_UNAVAILABLE"
    assert response.json["service"] == "identity_svc"
    assert response.json["message"] == "服务暂时不可用，请稍后再试"
    assert int(response.headers["Retry-After"]) > 0


def test_a_broker_that_refuses_the_call_is_named(client):
    response = client.get("/api/v1/test/call/project_svc/refused", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.json["error"] == "BROKER_UNAVAILABLE"
    assert "message broker" in response.json["message"]
    assert "Retry-After" in response.headers


def test_a_service_whose_database_is_down_is_named(client):
    response = client.get("/api/v1/test/database")
    assert response.status_code == 503
    assert (response.json["error"], response.json["service"]) == ("DATABASE_UNAVAILABLE", "project_svc")
    assert "Retry-After" in response.headers


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_login_while_the_gateway_database_is_down_is_answered_503_at_once(app):
    url = f"postgresql+psycopg2://postgres@127.0.0.1:{unused_port()}/gateway"
    down = create_app({"DB_URL": url, "AUTH_SECRET": app.config["AUTH_SECRET"], "AMQP_URI": "memory://"})
    down = down.test_client()
    started = time.monotonic()
    response = down.post("/api/v1/auth/login", json={"username": "site_3", "password": "Right@2026"})
    assert time.monotonic() - started < 1.0
    assert response.status_code == 503
    assert (response.json["error"], response.json["service"]) == ("DATABASE_UNAVAILABLE", "gateway")
    assert "Retry-After" in response.headers
