"""Workers' accounts: activation codes, activation, login by ID number and its rate limits, with the gateway's
real app on SQLite and a fake of identity_svc, which finds the person."""

import contextlib
import datetime as dt
from types import SimpleNamespace

import jwt
import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import select, text, update

from chassis.errors import ServiceError
from gateway import worker_accounts
from gateway.models import Account, ActivationCode, LoginFailure

SECRET = "unit-test-secret-of-sufficient-length"  # conftest.py signs tokens with it
ID_NUMBER = "110101199003074514"
OTHER_ID_NUMBER = "110101199003071111"
PASSWORD = "Gongren2026"


class FakeServices:
    """What the gateway asks of identity_svc, and who asked."""

    def __init__(self):
        self.persons = {ID_NUMBER: {"id": 12, "name": "测试工人", "id_number_masked": "110*****514"}}
        self.callers = []

    @contextlib.contextmanager
    def proxy(self, caller=None, idempotency_key=None):
        self.callers.append(caller)
        yield SimpleNamespace(
            identity_svc=SimpleNamespace(find_by_id_number=self.find_by_id_number,
                                         get_person=lambda person_id: self.person(caller, person_id)),
        )

    def find_by_id_number(self, id_type, id_number):
        if id_number not in self.persons:
            raise RemoteError("PersonNotFound", str(ServiceError("none", code="PERSON_NOT_FOUND")))
        return self.persons[id_number]

    def person(self, caller, person_id):
        assert caller.role == "worker" and caller.person_id == person_id
        return next(p for p in self.persons.values() if p["id"] == person_id)


@pytest.fixture
def services(app):
    fake = FakeServices()
    app.extensions["rpc"] = fake
    app.config["PUBLIC_BASE_URL"] = "https://rsmz.example.org"
    return fake


@pytest.fixture
def issue(app, services):
    """``issue(person_id)``: what the employer's page gets for the person, as POST /employments calls it."""

    def issue_for(person_id=12, name="测试工人"):
        with app.test_request_context():
            return worker_accounts.activation_for(person_id, name)

    return issue_for


def activate(client, code, password=PASSWORD, id_number=ID_NUMBER):
    return client.post("/api/v1/auth/worker/activate", json={
        "id_type": "01", "id_number": id_number, "code": code, "password": password})


def log_in(client, password=PASSWORD, id_number=ID_NUMBER, address="127.0.0.1"):
    return client.post("/api/v1/auth/worker/login", environ_base={"REMOTE_ADDR": address}, json={
        "id_type": "01", "id_number": id_number, "password": password})


def rows(app, model):
    with app.app_context():
        return app.extensions["db"].session().scalars(select(model)).all()


def run(app, statement):
    with app.app_context():
        session = app.extensions["db"].session()
        session.execute(statement)
        session.commit()


# -- codes -----------------------------------------------------------------------------------------------------

def test_a_code_is_eight_unmistakable_characters_and_opens_the_mobile_activation_page(issue):
    activation = issue()
    assert len(activation["code"]) == 8 and set(activation["code"]) <= set(worker_accounts.CODE_ALPHABET)
    assert not set("01OIL") & set(worker_accounts.CODE_ALPHABET)
    assert activation["activation_url"] == f"https://rsmz.example.org/m/activate?code={activation['code']}"
    assert activation["qr_svg"].startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in activation["qr_svg"]


def test_a_code_is_kept_only_as_a_hash_and_expires_after_the_configured_days(app, issue):
    app.config["ACTIVATION_DAYS"] = "3"
    activation = issue()
    expires = dt.datetime.fromisoformat(activation["expires_at"])
    assert dt.timedelta(days=3) - dt.timedelta(minutes=1) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=3)
    with app.app_context():
        dump = "\n".join(app.extensions["db"].engine.raw_connection().iterdump())
    assert activation["code"] not in dump
    assert ID_NUMBER not in dump


def test_the_link_points_at_the_host_asked_when_no_public_address_is_configured(app, services):
    app.config["PUBLIC_BASE_URL"] = ""
    with app.test_request_context(base_url="http://10.0.0.8:8000"):
        activation = worker_accounts.activation_for(12, "测试工人")
    assert activation["activation_url"].startswith("http://10.0.0.8:8000/m/activate?code=")


def test_a_worker_activates_with_the_code_and_gets_a_worker_token(client, issue):
    code = issue()["code"]
    response = activate(client, code.lower()[:4] + "-" + code.lower()[4:])  # as a worker may type it
    assert response.status_code == 200, response.json
    claims = jwt.decode(response.json["token"], SECRET, algorithms=["HS256"])
    assert (claims["role"], claims["person_id"], claims["sub"]) == ("worker", 12, "worker:12")
    assert response.json["account"] == {"username": "worker:12", "display_name": "测试工人", "role": "worker",
                                        "person_id": 12}
    assert log_in(client).status_code == 200


def test_a_code_works_once(client, issue):
    code = issue()["code"]
    assert activate(client, code).status_code == 200
    again = activate(client, code, password="Another2026")
    assert (again.status_code, again.json["error"]) == (422, "INVALID_ACTIVATION_CODE")
    assert log_in(client, password="Another2026").status_code == 401


def test_a_new_code_replaces_the_last_one(app, client, issue):
    first, second = issue()["code"], issue()["code"]
    assert len(rows(app, ActivationCode)) == 1
    assert activate(client, first).json["error"] == "INVALID_ACTIVATION_CODE"
    assert activate(client, second).status_code == 200


def test_an_expired_code_is_refused(app, client, issue):
    code = issue()["code"]
    run(app, update(ActivationCode).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    response = activate(client, code)
    assert (response.status_code, response.json["error"]) == (422, "INVALID_ACTIVATION_CODE")
    assert response.json["message"] == "激活码无效或已过期，请向用人单位重新获取"


def test_an_active_account_gets_no_code(client, issue):
    assert activate(client, issue()["code"]).status_code == 200
    assert issue() is None


def test_a_code_opens_only_the_account_it_was_issued_for(client, issue, services):
    services.persons[OTHER_ID_NUMBER] = {"id": 13, "name": "另一工人"}
    code = issue(12)["code"]
    assert activate(client, code, id_number=OTHER_ID_NUMBER).json["error"] == "INVALID_ACTIVATION_CODE"
    assert activate(client, code, id_number="110101199003079999").json["error"] == "INVALID_ACTIVATION_CODE"


@pytest.mark.parametrize(("password", "problem"), [
    ("Short1", "密码至少8位"),
    ("12345678901", "密码不能全是数字"),
])
def test_a_password_must_be_eight_characters_and_not_digits_only(client, issue, password, problem):
    response = activate(client, issue()["code"], password=password)
    assert (response.status_code, response.json["fields"]) == (422, {"password": problem})


def test_the_person_is_looked_up_as_the_system(client, issue, services):
    activate(client, issue()["code"])
    assert {caller.role for caller in services.callers} == {"system"}


# -- login -----------------------------------------------------------------------------------------------------

def test_a_wrong_password_an_unknown_number_and_an_account_not_yet_activated_are_answered_alike(client, issue,
                                                                                                services):
    services.persons[OTHER_ID_NUMBER] = {"id": 13, "name": "未激活"}
    issue(13)
    answers = [log_in(client, password="Wrong2026x"), log_in(client, id_number="110101199003079999"),
               log_in(client, id_number=OTHER_ID_NUMBER)]
    assert {(a.status_code, a.json["error"], a.json["message"]) for a in answers} == {
        (401, "INVALID_WORKER_CREDENTIALS", "证件号码或密码错误！首次登录请先用激活码激活账号")}


def test_a_worker_account_cannot_log_in_as_staff_nor_call_staff_endpoints(client, issue):
    token = activate(client, issue()["code"]).json["token"]
    staff_login = client.post("/api/v1/auth/login", json={"username": "worker:12", "password": PASSWORD})
    assert staff_login.status_code == 401
    worker = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/persons", headers=worker).status_code == 403
    assert client.get("/api/v1/auth/me", headers=worker).status_code == 403


def test_a_worker_reads_their_own_record(client, issue, site_3):
    token = activate(client, issue()["code"]).json["token"]
    mine = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200 and mine.json["name"] == "测试工人" and mine.json["id"] == 12
    assert client.get("/api/v1/me", headers=site_3).status_code == 403


# -- rate limits -----------------------------------------------------------------------------------------------

def test_five_failures_lock_the_id_number_even_for_the_right_password(client, issue):
    activate(client, issue()["code"])
    for _ in range(5):
        assert log_in(client, password="Wrong2026x").status_code == 401
    locked = log_in(client)
    assert (locked.status_code, locked.json["error"]) == (429, "TOO_MANY_ATTEMPTS")
    assert 800 < int(locked.headers["Retry-After"]) <= 900
    assert locked.json["retry_after_minutes"] == 15 and "locked_until" in locked.json
    assert locked.json["message"] == "失败次数过多，请15分钟后再试"


def test_a_number_without_an_account_locks_alike(client, services):
    for _ in range(5):
        log_in(client, id_number="110101199003079999")
    assert log_in(client, id_number="110101199003079999").status_code == 429


def test_failed_activations_count_too(client, issue):
    code = issue()["code"]
    for _ in range(5):
        activate(client, "AAAAAAAA")
    assert activate(client, code).status_code == 429


def test_the_lock_opens_when_the_failures_leave_the_window(app, client, issue):
    activate(client, issue()["code"])
    for _ in range(5):
        log_in(client, password="Wrong2026x")
    run(app, update(LoginFailure).values(failed_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)))
    assert log_in(client).status_code == 200


def test_a_good_login_clears_the_failures_of_its_number(app, client, issue):
    activate(client, issue()["code"])
    for _ in range(4):
        log_in(client, password="Wrong2026x")
    assert log_in(client).status_code == 200
    for _ in range(4):
        log_in(client, password="Wrong2026x")
    assert log_in(client).status_code == 200


def test_twenty_failures_from_one_address_lock_it_for_every_number(client, issue, services):
    activate(client, issue()["code"])
    for n in range(20):
        log_in(client, id_number=f"1101011990030{n:05d}")
    assert log_in(client).status_code == 429
    elsewhere = log_in(client, address="10.1.2.3")
    assert elsewhere.status_code == 200


def test_failures_keep_no_id_number(app, client, services):
    log_in(client, id_number="110101199003079999")
    with app.app_context():
        dump = "\n".join(app.extensions["db"].engine.raw_connection().iterdump())
    assert "110101199003079999" not in dump and len(rows(app, LoginFailure)) == 1


# -- accounts ---------------------------------------------------------------------------------------------------

def test_two_accounts_are_never_made_for_one_person(app, issue):
    issue()
    issue()
    with app.app_context():
        count = app.extensions["db"].session().execute(
            text("select count(*) from accounts where person_id = 12")).scalar()
    assert count == 1 and len([a for a in rows(app, Account) if a.role == "worker"]) == 1


@pytest.mark.parametrize("path", ["/m", "/m/login", "/m/activate?code=K7MP4XQ2", "/m/me"])
def test_the_mobile_page_is_served_as_the_portal(client, path):
    with client.get(path) as page:
        assert page.status_code == 200 and b"id=app" in page.data
