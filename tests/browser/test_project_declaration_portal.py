"""项目申报 in a real Chromium: an enterprise declares, the authority approves, the declarer receives the project's
login once, and the 项目负责人 logs in with it."""

import random
import re

import pytest
from playwright.sync_api import expect

from devtools.synthetic import credit_code
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random(9103)
UNIT_LABELS = {"owner": "建设", "surveyor": "勘察", "designer": "设计", "general_contractor": "施工",
               "supervisor": "监理"}




def fill_date(page, test_id, value):
    field = page.get_by_test_id(test_id).locator("input")
    field.fill(value)
    field.press("Enter")


@pytest.fixture
def second_page(browser, platform):
    context = browser.new_context(base_url=platform.base_url)
    yield context.new_page()
    context.close()


def test_an_enterprise_declares_the_authority_approves_and_the_declarer_receives_the_login_once(
        page, second_page, log_in, browser, platform, registry):
    """enterprise_7 declares a project it is the general contractor of, so that it then takes on a subcontractor
    and reports its contract section from the project's page."""
    name = f"浏览器申报项目{rng.randrange(10**5):05d}"
    number = f"31010420268{rng.randrange(10**5):05d}"
    log_in(page, "enterprise_7")
    page.get_by_test_id("nav-project-declare").click()
    for field, value in (("registration_number", number), ("name", name), ("contact_name", "联系人甲"),
                         ("contact_phone", "13900000000"), ("address", "上海市徐汇区浏览器路9号"),
                         ("lat", "31.188"), ("lng", "121.437"), ("builder_license_number", "310104202603010103"),
                         ("building_area", "8000"), ("building_height", "36"), ("structure_levels", "地上12层"),
                         ("construction_cost", "9000")):
        page.get_by_test_id(f"decl-{field}").fill(value)
    choose(page, "decl-category", "房屋建筑工程")
    choose(page, "decl-investment_type", "民营投资")
    choose(page, "decl-deposit_method", "银行保函")
    choose(page, "decl-wage_bank", "中国工商银行")
    cascader = page.get_by_test_id("decl-area_code")
    cascader.click()
    cascader.locator("input").fill("徐汇区")
    page.locator(".el-cascader__suggestion-item", has_text="徐汇区").first.click()
    fill_date(page, "decl-start_date", "2026-03-01")
    fill_date(page, "decl-planned_completion_date", "2028-03-01")
    fill_date(page, "decl-builder_license_date", "2026-02-01")
    for role, label in UNIT_LABELS.items():
        if role == "general_contractor":
            page.get_by_test_id(f"decl-unit-{role}-credit-code").fill(registry["enterprise_7"]["credit_code"])
            page.get_by_test_id(f"decl-unit-{role}-name").fill(registry["enterprise_7"]["name"])
            continue
        if role != "supervisor":
            page.get_by_test_id(f"decl-unit-{role}-credit-code").fill(credit_code(rng))
        page.get_by_test_id(f"decl-unit-{role}-name").fill(f"浏览器{label}单位{rng.randrange(10**5):05d}")
    page.get_by_test_id("decl-unit-general_contractor-manager").fill("浏览器项目负责人")
    # the supervisor's credit code is missing: 资料不全, named under its field
    page.get_by_test_id("declare-submit").click()
    expect(page.get_by_test_id("declare-error")).to_contain_text("资料不全")
    expect(page.get_by_test_id("declare-page")).to_contain_text("必填项")
    page.get_by_test_id("decl-unit-supervisor-credit-code").fill(credit_code(rng))
    page.get_by_test_id("declare-submit").click()
    # the units are registered in employment_svc first: slower than a plain save on a busy machine
    expect(page).to_have_url(re.compile(r"/projects/declarations$"), timeout=20_000)
    mine = page.get_by_test_id("declarations-table")
    row = mine.locator("tbody tr", has_text=name)
    expect(row).to_contain_text("待审核")

    log_in(second_page, "authority")
    second_page.get_by_test_id("nav-project-review").click()
    second_page.get_by_test_id("review-search").fill(number)
    second_page.get_by_test_id("review-search-submit").click()
    review = second_page.get_by_test_id("review-table")
    expect(review.locator("tbody tr")).to_have_count(1)
    expect(review).to_contain_text("上海市 市辖区 徐汇区")
    review.get_by_test_id("review-approve").click()
    second_page.get_by_role("button", name="审核通过").last.click()
    expect(second_page.get_by_text("已审核通过")).to_be_visible(timeout=15_000)

    page.reload()
    row = page.get_by_test_id("declarations-table").locator("tbody tr", has_text=name)
    expect(row).to_contain_text("在建")
    row.get_by_test_id("declaration-receive-account").click()
    dialog = page.get_by_test_id("site-account-dialog")
    username = dialog.get_by_test_id("site-account-username").inner_text()
    dialog.get_by_test_id("site-account-receive").click()
    password = dialog.get_by_test_id("site-account-password").inner_text()
    assert len(password) == 12
    expect(dialog).to_contain_text("密码只显示这一次")
    page.screenshot(path="test-results/project-login-received.png", full_page=True)
    second_page.screenshot(path="test-results/project-review.png", full_page=True)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    row.get_by_test_id("declaration-receive-account").click()
    dialog = page.get_by_test_id("site-account-dialog")
    expect(dialog.get_by_test_id("site-account-received")).to_be_visible()
    expect(dialog.get_by_test_id("site-account-password")).to_have_count(0)
    expect(dialog.get_by_test_id("site-account-username")).to_have_text(username)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # the general contractor takes on a labour subcontractor and reports its contract section
    row.get_by_text("详情").click()
    detail = page.get_by_test_id("project-detail")
    expect(detail).to_contain_text(name)
    labour = f"浏览器劳务分包{rng.randrange(10**5):05d}"
    page.get_by_test_id("participant-add").click()
    page.get_by_test_id("participant-credit-code").fill(credit_code(rng))
    page.get_by_test_id("participant-name").fill(labour)
    page.get_by_test_id("participant-submit").click()
    expect(page.get_by_test_id("participant-dialog")).to_be_hidden(timeout=15_000)
    units = page.get_by_test_id("participants-table")
    expect(units.locator("tbody tr")).to_have_count(6)
    expect(units.locator("tbody tr", has_text=labour)).to_contain_text(registry["enterprise_7"]["name"])
    detail.get_by_role("tab", name="合同标段").click()
    report = f"W2026{rng.randrange(10**9):09d}"
    page.get_by_test_id("section-add").click()
    page.get_by_test_id("section-report_number").fill(report)
    page.get_by_test_id("section-section_number").fill("C01")
    page.get_by_test_id("section-name").fill("浏览器总承包标段")
    choose(page, "section-category", "施工总承包合同")
    page.get_by_test_id("section-submit").click()
    expect(page.get_by_test_id("section-dialog")).to_be_hidden(timeout=15_000)
    expect(page.get_by_test_id("sections-table")).to_contain_text(report)
    page.screenshot(path="test-results/project-sections.png", full_page=True)

    # the 项目负责人 logs in with it and lands on the site's 进场管理
    context = browser.new_context(base_url=platform.base_url)
    site = context.new_page()
    site.goto("/login")
    site.get_by_test_id("login-username").fill(username)
    site.get_by_test_id("login-password").fill(password)
    site.get_by_test_id("login-submit").click()
    expect(site).to_have_url(re.compile(r"/site/entries$"))
    context.close()
