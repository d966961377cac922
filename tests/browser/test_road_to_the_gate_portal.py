"""The road to the gate in a real Chromium, three logins and the worker's phone: a labour subcontractor's user
assigns a worker to the project (人员分配) → the specialty contractor above it, logged in as its site user,
接收s them in 进场人员确认 → the general contractor's site user opens 扫码进场, types the short code under the
worker's 建设码, sees who it is, and 进场s them → the worker is on the site's 进场管理 list.

The project's participants and contract sections, and the employment, are written by devtools.assignment_chain;
the worker is a real person in identity_svc with a worker account, so their code is a real one.
"""

import random
import re

import pytest
from playwright.sync_api import expect

from devtools.assignment_chain import AssignmentChain
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from gateway.app import create_app
from gateway.worker_accounts import activation_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
rng = random.Random()
WORKER_PASSWORD = "Gongren2026"
GENDERS = {"1": "男", "2": "女"}
VIEWPORT = {"width": 1600, "height": 1000}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


@pytest.fixture
def worker(platform, api, chain):
    """A person the labour subcontractor registered and employs, in 郝长青班组, with a worker account: ``phone``
    is their logged-in client, which asks for 我的建设码."""
    number = resident_id_number(rng)
    name = f"闸机工{rng.randrange(10**4):04d}"
    response = api(chain.username("labour")).post("/persons", json={
        "id_type": "01", "id_number": number, "name": name, "ethnicity": "01"})
    assert response.status_code == 201, response.text
    person = response.json()["person"]
    chain.employee(name, team="郝长青班组", person_id=person["id"])
    app = create_app({"DB_URL": platform.gateway_db_url, "AUTH_SECRET": platform.env["AUTH_SECRET"],
                      "PUBLIC_BASE_URL": platform.base_url})
    with app.app_context():
        code = activation_for(person["id"], name)["code"]
    app.extensions["db"].engine.dispose()
    phone = api()
    response = phone.post("/auth/worker/activate", json={
        "id_type": "01", "id_number": number, "code": code, "password": WORKER_PASSWORD})
    assert response.status_code == 200, response.text
    phone.http.headers["Authorization"] = "Bearer " + response.json()["token"]
    return {**person, "phone": phone}


def log_in(page, username, home):
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(home))


def signed_in(browser, platform, username, home):
    """A browser of its own for one login, as each unit's desk is."""
    context = browser.new_context(base_url=platform.base_url, viewport=VIEWPORT)
    page = context.new_page()
    log_in(page, username, home)
    return context, page


def test_a_worker_is_assigned_confirmed_by_the_unit_above_and_admitted_by_code(browser, platform, api, chain,
                                                                               worker):
    name = worker["name"]
    number = chain.project["registration_number"]
    desks = []
    try:
        # the labour subcontractor: 人员分配, site first
        context, labour = signed_in(browser, platform, chain.username("labour"), r"/site/roster$")
        desks.append(context)
        labour.get_by_test_id("nav-assignments").click()
        labour.get_by_test_id("assignment-projects-q").fill(number)
        labour.get_by_test_id("assignment-projects-search").click()
        labour.get_by_test_id(f"assign-{number}").click()
        dialog = labour.get_by_test_id("assign-dialog")
        tree = dialog.get_by_test_id("candidate-tree")
        tree.locator(".el-tree-node__content").filter(has=labour.get_by_text(name, exact=True)).locator(
            ".el-checkbox").click()
        dialog.get_by_test_id("candidates-add").click()
        expect(dialog.get_by_test_id(f"picked-{name}")).to_be_visible()
        dialog.get_by_test_id("assign-confirm").click()
        expect(dialog).to_be_hidden()
        expect(labour.get_by_test_id(f"assigned-count-{number}")).to_have_text("1")

        # the specialty contractor's site user: 进场人员确认, the row with 性别, 接收
        context, confirmer = signed_in(browser, platform, chain.username("specialty", site=True), r"/site/entries$")
        desks.append(context)
        confirmer.get_by_test_id("nav-assignment-confirmations").click()
        row = confirmer.get_by_test_id("confirmations-table").locator("tbody tr", has_text=name)
        expect(row).to_contain_text(chain.units["labour"]["name"])
        expect(row).to_contain_text(GENDERS[worker["gender"]])
        expect(row).to_contain_text("郝长青班组")
        confirmer.get_by_test_id(f"confirmation-confirm-{name}").click()
        expect(confirmer.get_by_test_id("confirmations-table")).not_to_contain_text(name)
        confirmer.get_by_role("tab", name="已处理人员").click()
        expect(confirmer.get_by_test_id(f"processed-state-{name}")).to_have_text("接收")

        # the gate hears of the confirmation from project_svc's events
        gate_api = api(chain.username("gc", site=True))

        def awaits_entry():
            listed = {item["person_id"] for item in gate_api.get("/entries/awaiting").json()["items"]}
            assert worker["id"] in listed

        eventually(awaits_entry, timeout=30)

        # the general contractor's site user: 扫码进场 with the code the worker's phone shows
        context, gate = signed_in(browser, platform, chain.username("gc", site=True), r"/site/entries$")
        desks.append(context)
        gate.get_by_test_id("nav-scan-entry").click()
        expect(gate).to_have_url(re.compile(r"/site/scan-entry$"))
        response = worker["phone"].get("/me/personal-code")
        assert response.status_code == 200, response.text
        gate.get_by_test_id("scan-code").fill(response.json()["short_code"])
        gate.get_by_test_id("scan-read").click()
        expect(gate.get_by_test_id("scan-name")).to_have_text(name)
        summary = gate.get_by_test_id("scan-summary")
        expect(summary).to_contain_text(worker["id_number_masked"])
        expect(summary).to_contain_text(chain.units["labour"]["name"])
        expect(gate.get_by_test_id("scan-assignment-state")).to_have_text("已确认")
        expect(gate.get_by_test_id("entry-employer")).to_contain_text(chain.units["labour"]["name"])
        gate.get_by_test_id("entry-education").click()
        gate.get_by_role("option", name="初中", exact=True).click()
        gate.get_by_test_id("scan-enter").click()
        expect(gate.get_by_test_id("scan-entered")).to_contain_text(f"{name} 已进场")

        # 进场管理: the worker is on site
        gate.get_by_test_id("nav-entries").click()
        expect(gate.get_by_test_id("entries-table")).to_contain_text(name)
        gate.screenshot(path="test-results/road-to-the-gate-entries.png", full_page=True)
    finally:
        for context in desks:
            context.close()
