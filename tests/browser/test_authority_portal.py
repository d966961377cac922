"""The authority's pages in a real Chromium: the enterprises and projects a site needs before its gate opens."""

import random

import pytest
from playwright.sync_api import expect

from devtools.synthetic import credit_code

pytestmark = pytest.mark.browser
rng = random.Random()


def choose(page, test_id, option, typed):
    select = page.get_by_test_id(test_id)
    select.click()
    select.locator("input").fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


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
    choose(page, "project-general-contractor", contractor, typed=contractor[:8])
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
    choose(page, "project-general-contractor", contractor, typed=contractor[:8])
    page.get_by_test_id("project-submit").click()
    expect(page.get_by_test_id("project-dialog")).to_contain_text("该报建编号已存在")
