"""A write sent again with the same Idempotency-Key is answered with the first answer, never done twice."""

import datetime as dt
import threading

import pytest
from flask import jsonify, request
from sqlalchemy import text, update

from chassis.events import utcnow
from devtools.testing import eventually
from gateway.idempotency import ABANDONED_AFTER, scoped_key
from gateway.models import IdempotentRequest


class Ledger:
    """A write that counts how often it was done; ``hold`` keeps the next one in flight until released."""

    def __init__(self):
        self.done = []
        self.hold = None
        self.status = 201
        self.keys = []  # the idempotency key each write would send to the services
        self.meanwhile = None

    def write(self):
        if self.hold is not None:
            self.hold.wait(10)
        if self.meanwhile is not None:
            self.meanwhile()
        self.keys.append(scoped_key())
        self.done.append(request.get_json())
        return jsonify({"number": len(self.done)}), self.status


@pytest.fixture
def ledger():
    return Ledger()


@pytest.fixture
def app(app, ledger):
    app.add_url_rule("/api/v1/test/ledger", "ledger", ledger.write, methods=["POST"])
    return app


def post(client, headers, key, body=None):
    return client.post("/api/v1/test/ledger", headers={**headers, "Idempotency-Key": key},
                       json=body or {"name": "张伟"})


def test_a_retry_with_the_same_key_gets_the_first_answer_and_acts_once(client, site_3, ledger):
    first = post(client, site_3, "k-1")
    again = post(client, site_3, "k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json == {"number": 1}
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(ledger.done) == 1


def test_a_new_key_is_a_new_write(client, site_3, ledger):
    post(client, site_3, "k-1")
    assert post(client, site_3, "k-2").json == {"number": 2}


def test_the_same_key_with_another_body_is_refused(client, site_3, ledger):
    post(client, site_3, "k-1")
    response = post(client, site_3, "k-1", {"name": "李娜"})
    assert response.status_code == 422
    assert response.json["error"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(ledger.done) == 1


def test_a_retry_while_the_first_is_in_flight_is_refused_and_only_the_first_acts(app, site_3, ledger):
    ledger.hold = threading.Event()
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", post(app.test_client(), site_3, "k-1")))
    first.start()
    try:
        eventually(lambda: in_flight(app))
        second = post(app.test_client(), site_3, "k-1")
        assert second.status_code == 409
        assert second.json["error"] == "IDEMPOTENCY_KEY_IN_FLIGHT"
    finally:
        ledger.hold.set()
        first.join(10)
    assert answers["first"].status_code == 201
    assert len(ledger.done) == 1


def in_flight(app):
    with app.app_context():
        return app.extensions["db"].session().query(IdempotentRequest).filter_by(status=None).count() == 1


def test_a_5xx_answer_is_not_kept_so_the_retry_acts(client, site_3, ledger):
    ledger.status = 503
    assert post(client, site_3, "k-1").status_code == 503
    ledger.status = 201
    retry = post(client, site_3, "k-1")
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry.headers
    assert len(ledger.done) == 2


def test_one_callers_key_is_not_another_callers(app, client, site_3, ledger):
    from gateway.accounts import ensure_account

    with app.app_context():
        ensure_account(app.extensions["db"].session(), "site_4", "Right@2026", "site", "现场", "测试项目四",
                       project_id=4)
    token = client.post("/api/v1/auth/login", json={"username": "site_4", "password": "Right@2026"}).json["token"]
    post(client, site_3, "shared")
    other = post(client, {"Authorization": f"Bearer {token}"}, "shared")
    assert other.json == {"number": 2}
    assert "Idempotent-Replayed" not in other.headers


@pytest.mark.parametrize("key", [" ", "x" * 101, "clé"])
def test_a_malformed_key_is_refused(client, site_3, ledger, key):
    response = client.post("/api/v1/test/ledger", headers={**site_3, "Idempotency-Key": key},
                           json={"name": "张伟"})
    assert response.status_code == 400
    assert response.json["error"] == "INVALID_IDEMPOTENCY_KEY"
    assert ledger.done == []


def test_a_login_with_a_key_logs_in_each_time(client):
    credentials = {"username": "site_3", "password": "Right@2026"}
    answers = [client.post("/api/v1/auth/login", json=credentials, headers={"Idempotency-Key": "login-1"})
               for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert "Idempotent-Replayed" not in answers[1].headers


def test_the_services_see_the_key_scoped_to_its_caller_and_nothing_without_one(app, client, site_3, ledger):
    from gateway.accounts import ensure_account

    with app.app_context():
        ensure_account(app.extensions["db"].session(), "site_4", "Right@2026", "site", "现场", "测试项目四",
                       project_id=4)
    token = client.post("/api/v1/auth/login", json={"username": "site_4", "password": "Right@2026"}).json["token"]
    post(client, site_3, "shared")
    post(client, {"Authorization": f"Bearer {token}"}, "shared")
    client.post("/api/v1/test/ledger", headers=site_3, json={"name": "张伟"})
    first, other, unkeyed = ledger.keys
    assert first and other and first != other and "shared" not in first
    assert unkeyed is None


def test_an_answer_that_could_not_be_kept_is_still_given(app, client, site_3, ledger):
    def gateway_database_goes_away():
        with app.extensions["db"].engine.begin() as connection:
            connection.execute(text("DROP TABLE idempotent_requests"))

    ledger.meanwhile = gateway_database_goes_away
    answer = post(client, site_3, "k-1")
    assert (answer.status_code, answer.json) == (201, {"number": 1})


@pytest.mark.parametrize(("claimed_ago", "status", "done"), [
    (ABANDONED_AFTER + dt.timedelta(seconds=1), 201, 2),  # abandoned: the retry takes it over and acts
    (ABANDONED_AFTER - dt.timedelta(seconds=5), 409, 1),  # maybe still being answered
])
def test_a_claim_left_unanswered_is_taken_over_only_once_no_request_can_be_answering_it(
        app, client, site_3, ledger, claimed_ago, status, done):
    post(client, site_3, "k-1")
    with app.extensions["db"].engine.begin() as connection:  # its answer was never kept
        connection.execute(update(IdempotentRequest).values(status=None, created_at=utcnow() - claimed_ago))
    assert post(client, site_3, "k-1").status_code == status
    assert len(ledger.done) == done
