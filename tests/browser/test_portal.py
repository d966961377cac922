"""The portal in a real Chromium: what a site user does to register a person and find them again."""

import random

import pytest
from playwright.sync_api import expect

from devtools.synthetic import resident_id_number

pytestmark = pytest.mark.browser


def test_a_wrong_password_shows_the_manuals_message(page):
    page.goto("/login")
    page.get_by_test_id("login-username").fill("site_3")
    page.get_by_test_id("login-password").fill("wrong password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_text("用户名或密码错误!")).to_be_visible()


def test_a_site_user_registers_a_person_and_finds_them(page, log_in):
    number = resident_id_number(random.Random(), county="310104")
    log_in(page, "site_3")
    expect(page.get_by_text("测试项目三")).to_be_visible()

    page.get_by_test_id("nav-person-register").click()
    page.get_by_test_id("person-id-number").fill(number)
    page.get_by_test_id("person-name").fill("浏览器测试")
    # gender and birth date are filled from the number as it is typed
    expect(page.get_by_test_id("person-birth-date").locator("input")).to_have_value(
        f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    )
    page.get_by_test_id("person-ethnicity").click()
    page.get_by_role("option", name="回族").click()
    page.get_by_test_id("person-address").fill("上海市徐汇区浏览器路8号")
    page.get_by_test_id("person-issuing-authority").fill("上海市公安局徐汇分局")
    page.get_by_test_id("person-valid-long-term").click()
    page.get_by_test_id("person-phone").fill("13912345204")
    page.get_by_test_id("person-submit").click()

    result = page.get_by_test_id("person-result")
    masked = f"{number[:3]}*****{number[-3:]}"
    expect(result).to_contain_text("浏览器测试")
    expect(result).to_contain_text(masked)
    expect(result).to_contain_text("实名信息登记成功")

    # saving the same number again shows the existing record instead of a duplicate
    page.get_by_test_id("person-submit").click()
    expect(result).to_contain_text("该证件号码已登记实名信息，已显示已有的记录")

    page.get_by_test_id("nav-persons").click()
    page.get_by_test_id("persons-search").fill("浏览器")
    page.get_by_test_id("persons-search-submit").click()
    table = page.get_by_test_id("persons-table")
    expect(table).to_contain_text("浏览器测试")
    expect(table).to_contain_text(masked)
    expect(table).to_contain_text("139****5204")
    expect(table).not_to_contain_text(number)

    page.get_by_test_id("nav-person-lookup").click()
    page.get_by_test_id("lookup-id-number").fill(number)
    page.get_by_test_id("lookup-submit").click()
    expect(page.get_by_test_id("lookup-result")).to_contain_text("浏览器测试")
    page.screenshot(path="test-results/person-lookup.png", full_page=True)


def test_an_impossible_number_is_marked_on_the_form(page, log_in):
    log_in(page, "site_3")
    page.get_by_test_id("nav-person-register").click()
    number = resident_id_number(random.Random(5))
    broken = number[:-1] + ("0" if number[-1] != "0" else "1")
    page.get_by_test_id("person-id-number").fill(broken)
    page.get_by_test_id("person-name").fill("校验位")
    page.get_by_test_id("person-birth-date").locator("input").fill("1980-01-01")
    page.get_by_test_id("person-birth-date").locator("input").press("Enter")
    page.get_by_test_id("person-submit").click()
    expect(page.get_by_text("身份证号码校验位错误").first).to_be_visible()
    page.screenshot(path="test-results/person-invalid.png", full_page=True)


def test_the_portal_switches_to_english(page, log_in):
    log_in(page, "site_3")
    page.get_by_test_id("locale-switch").click()
    expect(page.get_by_test_id("nav-person-register")).to_contain_text("Regist")
    page.reload()  # the choice is remembered
    expect(page.get_by_test_id("nav-persons")).not_to_contain_text("人员")
