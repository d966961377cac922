"""The worker's mobile page in a real Chromium on a phone-sized screen: activation with the code from the slip's
link, login by ID number, 我的信息, and (once the employment endpoints are there) confirming and resigning."""

import random
import re

import pytest
from playwright.sync_api import expect

from devtools.synthetic import mobile_phone, resident_id_number
from gateway.app import create_app
from gateway.worker_accounts import activation_for

pytestmark = pytest.mark.browser
rng = random.Random()
PASSWORD = "Gongren2026"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # a phone: what a worker opens the slip's QR code with
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
            "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def issue(platform):
    """``issue(person)``: an activation code for the person, as POST /employments issues it."""
    # the platform's secret: codes are kept as digests keyed with it
    app = create_app({"DB_URL": platform.gateway_db_url, "AUTH_SECRET": platform.env["AUTH_SECRET"],
                      "PUBLIC_BASE_URL": platform.base_url})

    def issue_for(person):
        with app.app_context():
            return activation_for(person["id"], person["name"])

    yield issue_for
    app.extensions["db"].engine.dispose()


def register(api, name):
    number = resident_id_number(rng)
    response = api("enterprise_7").post("/persons", json={
        "id_type": "01", "id_number": number, "name": name, "ethnicity": "01",
        "address": "上海市徐汇区测试路8号", "phone": mobile_phone(rng)})
    assert response.status_code == 201, response.text
    return {**response.json()["person"], "id_number": number}


def activate_on_the_page(page, activation_url, id_number):
    page.goto(activation_url)
    expect(page.get_by_test_id("m-activate-code")).to_have_value(activation_url.rsplit("=", 1)[1])
    page.get_by_test_id("m-activate-id-number").fill(id_number)
    page.get_by_test_id("m-activate-password").fill(PASSWORD)
    page.get_by_test_id("m-activate-password-again").fill(PASSWORD)
    page.get_by_test_id("m-activate-submit").tap()
    expect(page).to_have_url(re.compile(r"/m$"))


def test_a_worker_activates_from_the_slips_link_and_logs_in_on_a_phone(page, api, issue):
    person = register(api, "手机激活")
    activation = issue(person)

    page.goto("/m/activate?code=WRONG234")
    page.get_by_test_id("m-activate-id-number").fill(person["id_number"])
    page.get_by_test_id("m-activate-password").fill("12345678")
    page.get_by_test_id("m-activate-password-again").fill("12345678")
    page.get_by_test_id("m-activate-submit").tap()
    expect(page.get_by_text("至少8位，不能全是数字").first).to_be_visible()
    page.get_by_test_id("m-activate-password").fill(PASSWORD)
    page.get_by_test_id("m-activate-password-again").fill(PASSWORD)
    page.get_by_test_id("m-activate-submit").tap()
    expect(page.get_by_test_id("m-activate-error")).to_contain_text("激活码无效或已过期")

    activate_on_the_page(page, activation["activation_url"], person["id_number"])
    tabs = page.get_by_test_id("m-tabbar")
    expect(tabs).to_be_visible()
    expect(page.locator(".app-sidebar")).to_have_count(0)
    box = tabs.bounding_box()
    assert box["width"] <= 390 and box["y"] + box["height"] == pytest.approx(844, abs=2)  # at the bottom

    page.get_by_test_id("m-tab-m-me").tap()
    expect(page).to_have_url(re.compile(r"/m/me$"))
    record = page.get_by_test_id("m-record")
    expect(record).to_contain_text("手机激活")
    expect(record).to_contain_text("未核验")
    expect(page.get_by_test_id("m-record-id-number")).to_have_text(
        f"{person['id_number'][:3]}*****{person['id_number'][-3:]}")
    assert person["id_number"] not in page.content()
    page.screenshot(path="test-results/worker-mobile-me.png")

    page.get_by_test_id("m-logout").tap()
    expect(page).to_have_url(re.compile(r"/m/login"))
    page.get_by_test_id("m-login-id-number").fill(person["id_number"])
    page.get_by_test_id("m-login-password").fill("Wrong2026x")
    page.get_by_test_id("m-login-submit").tap()
    expect(page.get_by_test_id("m-login-error")).to_contain_text("证件号码或密码错误")
    page.get_by_test_id("m-login-password").fill(PASSWORD)
    page.get_by_test_id("m-login-submit").tap()
    expect(page).to_have_url(re.compile(r"/m$"))


def test_the_mobile_page_asks_a_worker_without_a_login_to_log_in(page):
    page.goto("/m/me")
    expect(page).to_have_url(re.compile(r"/m/login\?redirect="))
    expect(page.get_by_text("工人登录")).to_be_visible()


def test_a_worker_confirms_an_employment_and_applies_to_resign(page, api):
    """Against the employment endpoints of CONTRACT-8 (POST /employments, /me/employments …)."""
    if "/api/v1/me/employments" not in api().get("/openapi.json").json()["paths"]:
        pytest.skip("the employment relation endpoints are not in this build")
    person = register(api, "手机确认")
    hired = api("enterprise_7").post("/employments", json={
        "name": "手机确认", "id_type": "01", "id_number": person["id_number"], "role": "worker"})
    assert hired.status_code == 201, hired.text
    activate_on_the_page(page, hired.json()["activation"]["activation_url"], person["id_number"])

    pending = page.get_by_test_id(f"m-employment-{hired.json()['id']}")
    expect(pending).to_contain_text("测试劳务七公司")
    expect(pending).to_contain_text("待确认")
    pending.get_by_test_id("m-action-confirm").tap()
    current = page.get_by_test_id("m-section-current")
    expect(current).to_contain_text("在职")

    current.get_by_test_id("m-action-request_resignation").tap()
    current.get_by_test_id("m-action-reason").fill("回老家")
    current.get_by_test_id("m-action-submit").tap()
    expect(current).to_contain_text("离职申请中")
    expect(page.get_by_test_id("m-section-history")).to_contain_text("测试劳务七公司")
    page.screenshot(path="test-results/worker-mobile-employments.png")
