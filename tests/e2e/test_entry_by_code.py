"""Entry by the personal 建设码 through the gateway, with every service running: the worker's code on the phone, the
general contractor's site user reads it (scanned or typed) and admits the person; an old or forged code is refused,
a labour subcontractor's site user may not admit, and a project requiring assignment admits only confirmed ones.

project_svc's assignment RPCs are not in this tree (another helper builds them): the project's rules and the
assignment events (project_rules_changed, person_assigned, assignment_confirmed) are published here on the
platform's bus, exactly as project_svc's outbox relays them.
"""

import base64
import datetime as dt
import random

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from nameko.standalone.events import get_event_exchange
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis import days
from chassis.events import make_envelope
from chassis.outbox import BrokerPublisher
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from gateway.accounts import ensure_account
from gateway.app import create_app
from gateway.worker_accounts import activation_for
from siteaccess_svc.codes import CodeSigner, verify_token

pytestmark = pytest.mark.e2e
rng = random.Random(9320)
PASSWORD = "Test@2026!"
WORKER_PASSWORD = "Gongren2026"
TODAY = days.today()
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def project_events(platform):
    """``publish(event_type, data)`` on the platform's bus, as project_svc's outbox does."""
    amqp_uri = getattr(platform, "env", {}).get("AMQP_URI")
    if not amqp_uri or amqp_uri.startswith("embedded"):
        pytest.skip("the embedded platform's bus lives in its own process")
    publisher = BrokerPublisher(amqp_uri, get_event_exchange("project_svc", {}))

    def publish(event_type, data):
        publisher.publish(make_envelope(event_type, "project_svc", data), event_type)

    yield publish
    publisher.close()


@pytest.fixture
def gate(api, platform, registry, project_events):
    """A project of the general contractor requiring assignment, with a site account of the general contractor
    and one of the labour subcontractor enterprise_7."""
    suffix = rng.randrange(10**8)
    response = api("authority").post("/projects", json={
        "registration_number": f"31010420269{suffix:08d}", "name": f"扫码项目{suffix}",
        "general_contractor_id": registry["general_contractor"]["id"]})
    assert response.status_code == 201, response.text
    project = response.json()
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        for username, enterprise in ((f"gc_{suffix}", "general_contractor"), (f"sub_{suffix}", "enterprise_7")):
            ensure_account(session, username, PASSWORD, role="site", display_name=username, scope_name=project["name"],
                           project_id=project["id"], enterprise_id=registry[enterprise]["id"])
    engine.dispose()
    project_events("project_rules_changed", {"project_id": project["id"], "assignment_required": True,
                                             "binding_review_required": False})
    return {"project": project, "gc": api(f"gc_{suffix}"), "sub": api(f"sub_{suffix}"),
            "labour": registry["enterprise_7"], "publish": project_events}


@pytest.fixture(scope="module")
def activate_worker(platform):
    app = create_app({"DB_URL": platform.gateway_db_url, "AUTH_SECRET": platform.env["AUTH_SECRET"],
                      "PUBLIC_BASE_URL": platform.base_url})

    def activated(api, person):
        with app.app_context():
            code = activation_for(person["id"], person["name"])["code"]
        client = api()
        assert client.post("/auth/worker/activate", json={
            "id_type": "01", "id_number": person["id_number"], "code": code,
            "password": WORKER_PASSWORD}).status_code == 200
        token = client.post("/auth/worker/login", json={
            "id_type": "01", "id_number": person["id_number"], "password": WORKER_PASSWORD}).json()["token"]
        client.http.headers["Authorization"] = f"Bearer {token}"
        return client

    yield activated
    app.extensions["db"].engine.dispose()


def register(gate, name):
    number = resident_id_number(rng)
    response = gate["gc"].post("/persons", json={"id_type": "01", "id_number": number, "name": name,
                                                 "ethnicity": "01"})
    assert response.status_code == 201, response.text
    return {**response.json()["person"], "id_number": number}


def assign(gate, person, confirm=True, trade="020"):
    base = {"assignment_id": rng.randrange(10**8), "project_id": gate["project"]["id"], "person_id": person["id"],
            "enterprise_id": gate["labour"]["id"]}
    details = {"person_name": person["name"], "id_number_masked": person["id_number_masked"],
               "enterprise_name": gate["labour"]["name"], "role": "worker", "position": None, "team_id": None,
               "team_name": "钢筋班", "trade": trade}
    gate["publish"]("person_assigned", {**base, **details, "confirming_enterprise_id": 1, "lodging_on_site": False,
                                        "assigned_at": NOW.isoformat()})
    if confirm:
        gate["publish"]("assignment_confirmed", {**base, **details, "confirmed_at": NOW.isoformat()})


def awaiting(gate):
    response = gate["gc"].get("/entries/awaiting")
    assert response.status_code == 200, response.text
    return {item["person_id"]: item for item in response.json()["items"]}


def awaits(gate, person_ids):
    assert person_ids <= set(awaiting(gate))


def terms(gate, **overrides):
    return {"employer_id": gate["labour"]["id"], "trade": "020", "education": "71", "entry_date": str(TODAY),
            **overrides}


def test_a_worker_shows_their_code_and_the_general_contractor_admits_them(api, gate, activate_worker):
    worker = register(gate, "扫码端到端")
    phone = activate_worker(api, worker)
    code = phone.get("/me/personal-code")
    assert code.status_code == 200, code.text
    mine = code.json()
    assert mine["qr_svg"].startswith("<svg") and len(mine["short_code"]) == 8 and mine["lifetime_seconds"] == 60

    # the gate verifies offline with the published key
    key = api().get("/codes/public-key").json()
    assert verify_token(load_pem_public_key(key["pem"].encode()), mine["token"], dt.datetime.now(dt.UTC)) \
        == worker["id"]
    assert len(base64.b64decode(key["raw_base64"])) == 32

    # not yet assigned: the summary says so, and entry is refused
    read = gate["gc"].post("/codes/read", json={"code": mine["token"]})
    assert read.status_code == 200, read.text
    assert read.json()["assignment"] is None and read.json()["assignment_required"] is True
    refused = gate["gc"].post("/codes/enter", json={"code": read.json()["ticket"], **terms(gate)})
    assert (refused.status_code, refused.json()["error"]) == (409, "ASSIGNMENT_NOT_CONFIRMED"), refused.text

    assign(gate, worker, trade="030")
    eventually(lambda: awaits(gate, {worker["id"]}))
    typed = gate["gc"].post("/codes/read", json={"code": mine["short_code"]})
    assert typed.status_code == 200, typed.text
    summary = typed.json()
    assert summary["person"]["name"] == "扫码端到端" and summary["person"]["id_number_masked"] == \
        worker["id_number_masked"]
    assert summary["assignment"]["state"] == "confirmed"
    assert summary["prefill"]["employer_id"] == gate["labour"]["id"] and summary["prefill"]["trade"] == "030"
    entered = gate["gc"].post("/codes/enter", json={"code": summary["ticket"], **terms(gate, trade="030")})
    assert entered.status_code == 201, entered.text
    assert (entered.json()["name"], entered.json()["state"], entered.json()["irregular"]) == \
        ("扫码端到端", "on_site", False)
    assert worker["id"] not in awaiting(gate)


def test_old_forged_and_unknown_codes_and_a_subcontractors_site_user_are_refused(api, gate, activate_worker):
    worker = register(gate, "拒绝端到端")
    old = CodeSigner.from_environment().issue(worker["id"], NOW - dt.timedelta(minutes=3))["token"]
    forged = CodeSigner(rng.randbytes(32)).issue(worker["id"], dt.datetime.now(dt.UTC))["token"]
    for code, status, error in ((old, 422, "CODE_EXPIRED"), (forged, 422, "CODE_INVALID"),
                                ("ABCD2345", 422, "CODE_INVALID")):
        response = gate["gc"].post("/codes/read", json={"code": code})
        assert (response.status_code, response.json()["error"]) == (status, error), response.text
        assert response.json()["message"]
    live = activate_worker(api, worker).get("/me/personal-code").json()["token"]
    response = gate["sub"].post("/codes/read", json={"code": live})
    assert (response.status_code, response.json()["error"]) == (403, "NOT_GENERAL_CONTRACTOR")
    # staff have no personal code
    assert gate["gc"].get("/me/personal-code").status_code == 403


def test_entry_registration_lists_confirmed_assignments_and_enters_them_in_a_batch(api, gate):
    first, second, pending = (register(gate, name) for name in ("批量端甲", "批量端乙", "待确认端"))
    assign(gate, first)
    assign(gate, second)
    assign(gate, pending, confirm=False)
    eventually(lambda: awaits(gate, {first["id"], second["id"]}))
    assert pending["id"] not in awaiting(gate)
    refused = gate["gc"].post("/entries", json={**terms(gate), "id_number": pending["id_number"]})
    assert (refused.status_code, refused.json()["error"]) == (409, "ASSIGNMENT_NOT_CONFIRMED")

    batch = gate["gc"].post("/entries/assigned", json={
        "person_ids": [first["id"], second["id"], pending["id"]], "education": "71", "entry_date": str(TODAY)})
    assert batch.status_code == 200, batch.text
    assert sorted(entry["name"] for entry in batch.json()["entered"]) == ["批量端乙", "批量端甲"]
    (why,) = batch.json()["refused"]
    assert (why["person_id"], why["error"]) == (pending["id"], "ASSIGNMENT_NOT_CONFIRMED")
    assert why["message"].startswith("待确认端：")
    assert set(awaiting(gate)) & {first["id"], second["id"]} == set()


def test_irregular_entries_stay_possible_and_the_authority_lists_them(api, gate):
    number = resident_id_number(rng)
    made = gate["gc"].post("/entries/unregistered", json={
        "person": {"id_type": "01", "id_number": number, "name": "非正常端", "ethnicity": "01"},
        "entry": terms(gate)})
    assert made.status_code == 201, made.text
    assert made.json()["entry"]["irregular"] is True
    listed = api("authority").get("/entries/irregular", params={"project_id": gate["project"]["id"]})
    assert listed.status_code == 200, listed.text
    assert [item["name"] for item in listed.json()["items"]] == ["非正常端"]
    assert gate["gc"].get("/entries/irregular").status_code == 403
