"""The authority's pages in a real Chromium: the enterprises and projects a site needs before its gate opens, and a
project's 停工 / 复工 and entry rules, which its site sees."""

import random
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from devtools.synthetic import credit_code
from gateway.accounts import ensure_account
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random()




def test_the_authority_registers_an_enterprise_then_a_project_on_it(page, log_in):
    contractor = f"浏览器{rng.randrange(10**5):05d}建设集团有限公司"
    code = credit_code(rng)
    log_in(page, "authority")

    page.get_by_test_id("nav-enterprises").click()
    page.get_by_test_id("enterprise-new").click()
    page.get_by_test_id("enterprise-name").fill(contractor)
    page.get_by_test_id("enterprise-credit-code").fill(code[:-1] + ("0" if code[-1] != "0" else "1"))
    page.get_by_test_id("enterprise-unit-type").click()
    page.get_by_role("option", name="施工总承包").click()
    page.get_by_test_id("enterprise-submit").click()
    # a mistyped credit code is named under its field and nothing is registered
    expect(page.get_by_test_id("enterprise-dialog")).to_contain_text("统一社会信用代码校验位错误")
    page.get_by_test_id("enterprise-credit-code").fill(code)
    page.get_by_test_id("enterprise-submit").click()
    expect(page.get_by_test_id("enterprise-dialog")).to_be_hidden()

    page.get_by_test_id("enterprises-search").fill(contractor[:8])
    page.get_by_test_id("enterprises-search-submit").click()
    enterprises = page.get_by_test_id("enterprises-table")
    expect(enterprises.locator("tbody tr")).to_have_count(1)
    expect(enterprises).to_contain_text(contractor)
    expect(enterprises).to_contain_text(code)
    expect(enterprises).to_contain_text("施工总承包")

    number = f"31010420269{rng.randrange(10**5):05d}"
    page.get_by_test_id("nav-projects").click()
    page.get_by_test_id("project-new").click()
    page.get_by_test_id("project-registration-number").fill(number)
    page.get_by_test_id("project-name").fill("浏览器测试项目")
    page.get_by_test_id("project-address").fill("上海市徐汇区浏览器路1号")
    choose(page, "project-general-contractor", contractor, typed=contractor[:8], exact=True)
    page.get_by_test_id("project-submit").click()
    expect(page.get_by_test_id("project-dialog")).to_be_hidden()

    page.get_by_test_id("projects-search").fill(number)
    page.get_by_test_id("projects-search").press("Enter")
    projects = page.get_by_test_id("projects-table")
    expect(projects.locator("tbody tr")).to_have_count(1)
    expect(projects).to_contain_text("浏览器测试项目")
    expect(projects).to_contain_text(contractor)
    page.screenshot(path="test-results/authority-projects.png", full_page=True)

    # the same 报建编号 again is refused by name
    page.get_by_test_id("project-new").click()
    page.get_by_test_id("project-registration-number").fill(number)
    page.get_by_test_id("project-name").fill("重复项目")
    choose(page, "project-general-contractor", contractor, typed=contractor[:8], exact=True)
    page.get_by_test_id("project-submit").click()
    expect(page.get_by_test_id("project-dialog")).to_contain_text("该报建编号已存在")


@pytest.fixture
def overseen_project(api, platform, registry):
    """A project in progress with a site user of its own (``site_life…``), for the authority to stop and start."""
    suffix = rng.randrange(10**8)
    response = api("authority").post("/projects", json={
        "registration_number": f"31010420267{suffix:08d}", "name": f"停复工项目{suffix}",
        "general_contractor_id": registry["general_contractor"]["id"]})
    assert response.status_code == 201, response.text
    project = response.json()
    username = f"site_life{suffix}"
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, username, "Test@2026!", role="site", display_name=username,
                       scope_name=project["name"], project_id=project["id"],
                       enterprise_id=registry["general_contractor"]["id"])
    engine.dispose()
    return {**project, "site_username": username}


def test_the_authority_suspends_and_resumes_a_project_and_sets_its_entry_rules(browser, page, platform, log_in,
                                                                               overseen_project):
    project = overseen_project
    log_in(page, "authority")
    page.get_by_test_id("nav-projects").click()
    page.get_by_test_id("projects-search").fill(project["registration_number"])
    page.get_by_test_id("projects-search").press("Enter")
    projects = page.get_by_test_id("projects-table")
    expect(projects.locator("tbody tr")).to_have_count(1)
    projects.get_by_role("link", name="详情").click()
    detail = page.get_by_test_id("project-detail")
    state = detail.get_by_test_id("project-state")
    expect(state).to_have_text("在建")
    # in progress: 停工 and 竣工, not 复工
    expect(detail.get_by_test_id("project-resume")).to_have_count(0)
    expect(detail.get_by_test_id("project-complete")).to_be_visible()

    # 停工, confirmed; a dismissed confirmation changes nothing
    detail.get_by_test_id("project-suspend").click()
    page.locator(".el-message-box").get_by_role("button", name="取消").click()
    expect(state).to_have_text("在建")
    detail.get_by_test_id("project-suspend").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text(project["name"])
    box.get_by_role("button", name="停工").click()
    expect(state).to_have_text("停工")
    expect(detail.get_by_test_id("project-suspend")).to_have_count(0)
    expect(detail.get_by_test_id("project-resume")).to_be_visible()

    # its site sees the project suspended
    site_context = browser.new_context(base_url=platform.base_url)
    site = site_context.new_page()
    try:
        log_in(site, project["site_username"])
        site.goto(f"/projects/{project['id']}")
        expect(site.get_by_test_id("project-state")).to_have_text("停工")
        # the site reads the project; stopping and starting it is the authority's
        expect(site.get_by_test_id("project-life")).to_have_count(0)

        # 竣工 says it is final; dismissed here
        detail.get_by_test_id("project-complete").click()
        expect(box).to_contain_text("不可撤销")
        box.get_by_role("button", name="取消").click()

        # 复工
        detail.get_by_test_id("project-resume").click()
        box.get_by_role("button", name="复工").click()
        expect(state).to_have_text("在建")
        site.reload()
        expect(site.get_by_test_id("project-state")).to_have_text("在建")
    finally:
        site_context.close()

    # the entry rules: 是否需要人员分配确认 switched on and saved; the page reads it back after a reload
    rule = detail.get_by_test_id("rule-assignment-required")
    expect(rule).not_to_have_class(re.compile(r"is-checked"))
    rule.click()
    detail.get_by_test_id("rules-save").click()
    expect(page.locator(".el-message--success", has_text="进场规则已保存")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("rule-assignment-required")).to_have_class(re.compile(r"is-checked"))
    expect(page.get_by_test_id("rule-binding-review-required")).not_to_have_class(re.compile(r"is-checked"))
