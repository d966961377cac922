"""A worker's account through the gateway, with every service running: activation with the employer's code,
login by ID number, the worker's own record, and the lock after failed logins.

The codes are issued as POST /employments issues them (``gateway.worker_accounts.activation_for``), in an app of
the gateway on the platform's gateway database.
"""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from devtools.synthetic import mobile_phone, resident_id_number
from gateway.app import create_app
from gateway.worker_accounts import activation_for

pytestmark = pytest.mark.e2e
rng = random.Random(8802)
PASSWORD = "Gongren2026"


@pytest.fixture(scope="module")
def issue(platform):
    """``issue(person)``: an activation code for the person, as the employer's page gets it."""
    # the platform's secret: codes are kept as digests keyed with it
    app = create_app({"DB_URL": platform.gateway_db_url, "AUTH_SECRET": platform.env["AUTH_SECRET"],
                      "PUBLIC_BASE_URL": platform.base_url})

    def issue_for(person):
        with app.app_context():
            return activation_for(person["id"], person["name"])

    yield issue_for
    app.extensions["db"].engine.dispose()


@pytest.fixture
def person(api):
    """A person registered by enterprise_7, with their ID number."""
    number = resident_id_number(rng)
    response = api("enterprise_7").post("/persons", json={
        "id_type": "01", "id_number": number, "name": "手机工人", "ethnicity": "01",
        "address": "上海市徐汇区测试路8号", "phone": mobile_phone(rng)})
    assert response.status_code == 201, response.text
    return {**response.json()["person"], "id_number": number}


def activate(api, person, code, password=PASSWORD):
    return api().post("/auth/worker/activate", json={
        "id_type": "01", "id_number": person["id_number"], "code": code, "password": password})


def log_in(api, person, password=PASSWORD):
    return api().post("/auth/worker/login", json={
        "id_type": "01", "id_number": person["id_number"], "password": password})


def test_a_worker_activates_logs_in_and_reads_their_own_record_masked(api, platform, person, issue):
    activation = issue(person)
    assert activation["activation_url"] == f"{platform.base_url}/m/activate?code={activation['code']}"
    assert api().http.get(activation["activation_url"], timeout=30).status_code == 200  # the mobile page

    activated = activate(api, person, activation["code"])
    assert activated.status_code == 200, activated.text
    assert activated.json()["account"]["person_id"] == person["id"]

    token = log_in(api, person).json()["token"]
    worker = api()
    worker.http.headers["Authorization"] = f"Bearer {token}"
    mine = worker.get("/me")
    assert mine.status_code == 200, mine.text
    assert (mine.json()["id"], mine.json()["name"]) == (person["id"], "手机工人")
    assert person["id_number"] not in mine.text and "*" in mine.json()["phone_masked"]
    # a worker is no staff user: the staff endpoints stay closed
    assert worker.get("/persons").status_code == 403
    assert worker.get(f"/persons/{person['id']}").status_code == 403


def test_a_code_works_once_and_a_new_one_replaces_the_old(api, person, issue):
    first, second = issue(person)["code"], issue(person)["code"]
    assert activate(api, person, first).json()["error"] == "INVALID_ACTIVATION_CODE"
    assert activate(api, person, second).status_code == 200
    again = activate(api, person, second, password="Another2026")
    assert (again.status_code, again.json()["error"]) == (422, "INVALID_ACTIVATION_CODE")
    assert issue(person) is None  # the account is active: no code any more


def test_a_wrong_password_and_an_unknown_number_are_answered_alike(api, person, issue):
    activate(api, person, issue(person)["code"])
    wrong = log_in(api, person, password="Wrong2026x")
    unknown = log_in(api, {"id_number": resident_id_number(rng)})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {
        "error": "INVALID_WORKER_CREDENTIALS", "message": "证件号码或密码错误！首次登录请先用激活码激活账号"}


def test_five_failed_logins_lock_the_account_with_a_time_to_wait(api, person, issue):
    activate(api, person, issue(person)["code"])
    for _ in range(5):
        assert log_in(api, person, password="Wrong2026x").status_code == 401
    locked = log_in(api, person)
    assert (locked.status_code, locked.json()["error"]) == (429, "TOO_MANY_ATTEMPTS")
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert locked.json()["locked_until"]


def test_two_employers_asking_for_one_worker_at_once_both_get_a_code_and_the_last_one_counts(api, person, issue):
    with ThreadPoolExecutor(4) as pool:
        codes = [activation["code"] for activation in pool.map(lambda _: issue(person), range(4))]
    opened = [activate(api, person, code).status_code for code in codes]
    assert sorted(opened) == [200, 422, 422, 422]
