"""项目二维码 self-registration on a phone (manual 004 §5.3 方法二), in a real Chromium with a phone's viewport: the
worker opens the form the project's QR code carries, without logging in; 报建编号 is filled in; a wrong ID number
is refused naming the field; corrected, the form is received and the unit finds it under 自助登记人员, 待办理;
办理 there shows the worker's activation slip and leaves the row 已办理."""

import random
import re

import pytest
from playwright.sync_api import expect

from devtools.assignment_chain import AssignmentChain
from devtools.synthetic import resident_id_number
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
rng = random.Random(9605)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
            "is_mobile": True, "has_touch": True}


@pytest.fixture
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


def test_a_worker_registers_from_the_projects_qr_code_on_a_phone_and_the_unit_handles_it(page, browser, platform,
                                                                                        api, chain):
    code = api(chain.username("gc")).get(f"/projects/{chain.project['id']}/join-code").json()
    number = resident_id_number(rng)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")

    page.goto(f"/m/join/{code['token']}")
    expect(page.get_by_test_id("join-registration-number")).to_have_value(chain.project["registration_number"])
    page.get_by_test_id("join-enterprise").click()
    page.get_by_role("option", name=chain.units["labour"]["name"]).dispatch_event("click")
    values = {"name": "手机登记甲", "id_number": wrong, "ethnicity": "汉族", "native_place": "安徽省六安市",
              "phone": "13900000204", "address": "上海市虹口区", "address_detail": "东长治路1号", "trade": "木工",
              "household_place": "安徽省六安市"}
    for field, value in values.items():
        page.get_by_test_id(f"join-{field}").fill(value)
    page.get_by_test_id("join-birth_date").fill(f"{number[6:10]}-{number[10:12]}-{number[12:14]}")
    if int(number[16]) % 2 == 0:
        page.get_by_test_id("join-gender").get_by_text("女").click()
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_test_id("join-error")).to_be_visible()
    expect(page.get_by_test_id("join-form")).to_contain_text("身份证")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_test_id("join-id_number").fill(number)
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_test_id("join-done")).to_be_visible()

    listed = api(chain.username("labour")).get(f"/projects/{chain.project['id']}/self-registrations").json()
    assert [(row["person_name"], row["state"]) for row in listed["items"]] == [("手机登记甲", "pending")]
    row_id = listed["items"][0]["id"]

    desk = browser.new_context(base_url=platform.base_url, viewport={"width": 1600, "height": 1000})
    try:
        portal = desk.new_page()
        portal.goto("/login")
        portal.get_by_test_id("login-username").fill(chain.username("labour"))
        portal.get_by_test_id("login-password").fill(PASSWORD)
        portal.get_by_test_id("login-submit").click()
        expect(portal).to_have_url(re.compile(r"/site/roster$"))
        portal.get_by_test_id("nav-bindings").click()
        registration_number = chain.project["registration_number"]
        portal.get_by_test_id("binding-projects-q").fill(registration_number)
        portal.get_by_test_id("binding-projects-search").click()
        portal.get_by_test_id(f"self-registrations-{registration_number}").click()
        expect(portal.get_by_test_id(f"self-registration-state-{row_id}")).to_have_text("待办理")
        portal.get_by_test_id(f"self-registration-handle-{row_id}").click()
        handling = portal.get_by_test_id("self-registration-handle")
        expect(handling.get_by_test_id("self-registration-submitted")).to_contain_text(listed["items"][0][
            "id_number_masked"])
        handling.get_by_test_id("self-registration-confirm").click()
        expect(handling.get_by_test_id("activation-slip")).to_be_visible()
        expect(handling.get_by_test_id("activation-name")).to_have_text("手机登记甲")
        expect(handling.get_by_test_id("self-registration-next")).to_contain_text("人员分配")
        handling.get_by_test_id("self-registration-close").click()
        expect(portal.get_by_test_id(f"self-registration-state-{row_id}")).to_have_text("已办理")
        expect(portal.get_by_test_id(f"self-registration-handle-{row_id}")).to_have_count(0)
    finally:
        desk.close()
