"""A contract section's 项目负责人 account and 现场用户授权 in a real Chromium: the labour subcontractor receives its
section manager's login from the project's 合同标段 tab (the password shown once); the 项目负责人 logs in, sees
the section it works in, authorises a 劳务员 (login and password shown once) and revokes them.

The project's participants are written by devtools.assignment_chain; the section is reported through the API."""

import random
import re

import pytest
from playwright.sync_api import expect

from devtools.assignment_chain import AssignmentChain
from devtools.synthetic import mobile_phone
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
rng = random.Random(9312)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


def log_in(page, username, password, home):
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(home), timeout=20_000)


def test_the_unit_receives_its_section_managers_login_who_authorises_and_revokes_a_labour_clerk(
        page, browser, platform, api, chain):
    project_id = chain.project["id"]
    section_name = f"浏览器劳务分包标段{rng.randrange(10**5):05d}"
    reported = api(chain.username("labour")).post(f"/projects/{project_id}/sections", json={
        "report_number": f"W2026{rng.randrange(10**9):09d}", "section_number": "C03", "name": section_name,
        "category": "labour_subcontract", "manager_name": "浏览器项目负责人"})
    assert reported.status_code == 201, reported.text
    section_id = reported.json()["id"]

    # 接收账号 on the project's 合同标段 tab: only the unit's own sections offer it
    log_in(page, chain.username("labour"), PASSWORD, r"/site/roster$")
    page.goto(f"/projects/{project_id}")
    detail = page.get_by_test_id("project-detail")
    detail.get_by_role("tab", name="合同标段").click()
    sections = page.get_by_test_id("sections-table")
    expect(sections.locator("tbody tr", has_text=section_name)).to_contain_text("浏览器项目负责人")
    # the chain's own C01 names no 项目负责人: it has no account to receive
    expect(sections.locator("[data-testid^=section-account-]")).to_have_count(1)
    sections.get_by_test_id(f"section-account-{section_id}").click()
    dialog = page.get_by_test_id("site-account-dialog")
    expect(dialog).to_contain_text(section_name)
    username = dialog.get_by_test_id("site-account-username").inner_text()
    dialog.get_by_test_id("site-account-receive").click()
    password = dialog.get_by_test_id("site-account-password").inner_text()
    assert len(password) == 12
    expect(dialog).to_contain_text("密码只显示这一次")
    page.screenshot(path="test-results/section-login-received.png", full_page=True)

    # the 项目负责人 logs in: the header names the section; 现场用户授权 → 授权
    context = browser.new_context(base_url=platform.base_url, viewport={"width": 1600, "height": 1000})
    site = context.new_page()
    log_in(site, username, password, r"/site/entries$")
    expect(site.locator(".app-header")).to_contain_text(section_name)
    site.get_by_test_id("nav-site-authorisations").click()
    expect(site.get_by_test_id("site-authorisations")).to_contain_text(section_name)
    site.get_by_test_id("site-authorise").click()
    authorise = site.get_by_test_id("authorise-dialog")
    authorise.get_by_test_id("authorise-name").fill("浏览器劳务员")
    authorise.get_by_test_id("authorise-phone").fill("12345")
    authorise.get_by_test_id("authorise-submit").click()
    expect(authorise).to_contain_text("请输入11位手机号")
    phone = mobile_phone(rng)
    authorise.get_by_test_id("authorise-phone").fill(phone)
    authorise.get_by_test_id("authorise-submit").click()
    clerk_password = authorise.get_by_test_id("authorised-password")
    expect(clerk_password).to_have_text(re.compile(r"^[A-Za-z0-9]{12}$"))
    clerk_username = authorise.get_by_test_id("authorised-username").inner_text()
    clerk_login = {"username": clerk_username, "password": clerk_password.inner_text()}
    expect(authorise).to_contain_text("密码只显示这一次")
    site.screenshot(path="test-results/site-user-authorised.png", full_page=True)
    authorise.get_by_test_id("authorise-close").click()
    expect(authorise).to_be_hidden()
    table = site.get_by_test_id("site-authorisations-table")
    row = table.locator("tbody tr", has_text="浏览器劳务员")
    expect(row).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
    expect(row).to_contain_text("劳务员")
    expect(row).to_contain_text("已授权")
    assert api().post("/auth/login", json=clerk_login).status_code == 200

    # 撤销授权: confirmed, the row says so, and the 劳务员 logs in no more
    row.get_by_role("button", name="撤销授权").click()
    site.locator(".el-message-box").get_by_role("button", name="撤销授权").click()
    expect(row).to_contain_text("已撤销")
    expect(row.get_by_role("button", name="撤销授权")).to_have_count(0)
    site.screenshot(path="test-results/site-user-revoked.png", full_page=True)
    assert api().post("/auth/login", json=clerk_login).status_code == 401
    context.close()
