"""我的建设码 on a phone and 扫码进场 / 进场登记 in the site portal, in a real Chromium: the worker's code renews with
a countdown; the general contractor's site user types the code shown under it, sees who it is and whether their
assignment is confirmed, and admits them with the form filled in; 进场登记 admits the other confirmed ones.

project_svc's assignment RPCs are not in this tree: the project's rules and the assignment events are published
on the platform's bus, as project_svc's outbox relays them.
"""

import datetime as dt
import random
import re

import pytest
from nameko.standalone.events import get_event_exchange
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis.events import make_envelope
from chassis.outbox import BrokerPublisher
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from gateway.accounts import ensure_account
from gateway.app import create_app
from gateway.worker_accounts import activation_for
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random(9330)
WORKER_PASSWORD = "Gongren2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def project_events(platform):
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
    suffix = rng.randrange(10**8)
    response = api("authority").post("/projects", json={
        "registration_number": f"31010420268{suffix:08d}", "name": f"扫码页面项目{suffix}",
        "general_contractor_id": registry["general_contractor"]["id"]})
    assert response.status_code == 201, response.text
    project = response.json()
    username = f"site_gc{suffix}"
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, username, "Test@2026!", role="site", display_name=username,
                       scope_name=project["name"], project_id=project["id"],
                       enterprise_id=registry["general_contractor"]["id"])
    engine.dispose()
    project_events("project_rules_changed", {"project_id": project["id"], "assignment_required": True,
                                             "binding_review_required": False})
    return {"project": project, "username": username, "site": api(username), "labour": registry["enterprise_7"],
            "publish": project_events}


def register_and_assign(gate, name):
    number = resident_id_number(rng)
    response = gate["site"].post("/persons", json={"id_type": "01", "id_number": number, "name": name,
                                                   "ethnicity": "01"})
    assert response.status_code == 201, response.text
    person = {**response.json()["person"], "id_number": number}
    data = {"assignment_id": rng.randrange(10**8), "project_id": gate["project"]["id"], "person_id": person["id"],
            "enterprise_id": gate["labour"]["id"], "person_name": name,
            "id_number_masked": person["id_number_masked"], "enterprise_name": gate["labour"]["name"],
            "role": "worker", "position": None, "team_id": None, "team_name": "木工班", "trade": "240"}
    gate["publish"]("person_assigned", {**data, "confirming_enterprise_id": None, "lodging_on_site": True,
                                        "assigned_at": NOW.isoformat()})
    return person


def activate(platform, api, person):
    app = create_app({"DB_URL": platform.gateway_db_url, "AUTH_SECRET": platform.env["AUTH_SECRET"],
                      "PUBLIC_BASE_URL": platform.base_url})
    with app.app_context():
        code = activation_for(person["id"], person["name"])["code"]
    app.extensions["db"].engine.dispose()
    response = api().post("/auth/worker/activate", json={
        "id_type": "01", "id_number": person["id_number"], "code": code, "password": WORKER_PASSWORD})
    assert response.status_code == 200, response.text




def test_a_worker_shows_the_code_on_a_phone_and_the_site_types_it_and_admits_them(
        browser, page, platform, api, gate, log_in):
    worker = register_and_assign(gate, "页面扫码工")
    other = register_and_assign(gate, "页面待进场")
    activate(platform, api, worker)

    def awaiting():
        listed = {item["person_id"] for item in gate["site"].get("/entries/awaiting").json()["items"]}
        assert {worker["id"], other["id"]} <= listed

    eventually(awaiting)

    phone = browser.new_context(base_url=platform.base_url, **PHONE)
    mobile = phone.new_page()
    mobile.goto("/m/login")
    mobile.get_by_test_id("m-login-id-number").fill(worker["id_number"])
    mobile.get_by_test_id("m-login-password").fill(WORKER_PASSWORD)
    mobile.get_by_test_id("m-login-submit").tap()
    expect(mobile).to_have_url(re.compile(r"/m$"))
    mobile.get_by_test_id("m-tab-m-code").tap()
    expect(mobile).to_have_url(re.compile(r"/m/code$"))
    expect(mobile.get_by_test_id("m-code-qr")).to_be_visible()
    expect(mobile.get_by_test_id("m-code-remaining")).to_contain_text(re.compile(r"\d+ 秒后自动刷新"))
    expect(mobile.get_by_test_id("m-code-short")).to_have_text(re.compile(r"^[0-9A-Z]{4} [0-9A-Z]{4}$"))
    qr = mobile.get_by_test_id("m-code-qr").bounding_box()
    assert qr["width"] >= 200 and qr["x"] + qr["width"] <= 390
    short_code = mobile.get_by_test_id("m-code-short").inner_text()
    mobile.screenshot(path="test-results/worker-mobile-code.png")
    phone.close()

    log_in(page, gate["username"])
    page.get_by_test_id("nav-scan-entry").click()
    expect(page).to_have_url(re.compile(r"/site/scan-entry$"))
    page.get_by_test_id("scan-code").fill("ZZZZ2222")
    page.get_by_test_id("scan-read").click()
    expect(page.get_by_test_id("scan-error")).to_contain_text("无效的建设码")
    page.get_by_test_id("scan-code").fill(short_code)
    page.get_by_test_id("scan-read").click()
    expect(page.get_by_test_id("scan-name")).to_have_text("页面扫码工")
    summary = page.get_by_test_id("scan-summary")
    expect(summary).to_contain_text(worker["id_number_masked"])
    expect(summary).to_contain_text(gate["labour"]["name"])
    expect(summary).to_contain_text("木工班")
    expect(page.get_by_test_id("scan-assignment-state")).to_have_text("已确认")
    # the form comes filled in from the assignment: the employer and the trade
    expect(page.get_by_test_id("entry-employer")).to_contain_text(gate["labour"]["name"])
    expect(page.get_by_test_id("entry-trade")).to_contain_text("木工")
    choose(page, "entry-education", "初中", exact=True)
    page.get_by_test_id("scan-enter").click()
    expect(page.get_by_test_id("scan-entered")).to_contain_text("页面扫码工 已进场")
    page.screenshot(path="test-results/site-scan-entry.png")

    # 进场登记: the one entered is gone from the list; 处理 admits the other
    page.get_by_test_id("nav-awaiting-entry").click()
    table = page.get_by_test_id("awaiting-table")
    expect(table).to_contain_text("页面待进场")
    expect(table).not_to_contain_text("页面扫码工")
    table.locator("tr", has_text="页面待进场").get_by_test_id("awaiting-handle").click()
    dialog = page.get_by_test_id("awaiting-dialog")
    expect(dialog).to_contain_text("页面待进场")
    choose(page, "awaiting-education", "初中", exact=True)
    page.get_by_test_id("awaiting-save").click()
    expect(page.get_by_test_id("awaiting-dialog")).to_have_count(0)
    expect(table).not_to_contain_text("页面待进场")
    entries = {item["name"] for item in gate["site"].get("/entries", params={"state": "on_site"}).json()["items"]}
    assert {"页面扫码工", "页面待进场"} <= entries
