"""人员分配 and 分配人员确认 in a real Chromium: a labour subcontractor assigns people site first (by 班组, 添加,
待分配人员信息, 确认分配) and people first (待分配人员 → 分配 → project and role → 保存信息); the specialty
contractor above it, logged in as its site user, 接收s one, 拒绝s one with a reason and finds both under
已处理人员; the labour subcontractor sees the outcome under 已分配人员.

The project's participants and contract sections are written by devtools.assignment_chain."""

import random
import re

import pytest
from playwright.sync_api import expect

from devtools.assignment_chain import AssignmentChain
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
rng = random.Random(9203)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


def log_in(page, username, home):
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(home))


def tick(tree, label):
    """The checkbox of the tree's node of exactly that label (郝长青, not its team 郝长青班组)."""
    tree.locator(".el-tree-node__content").filter(has=tree.page.get_by_text(label, exact=True)).locator(
        ".el-checkbox").click()


def test_a_labour_subcontractor_assigns_and_the_unit_above_confirms(page, browser, platform, chain):
    chain.employee("郝长青", team="郝长青班组")
    chain.employee("甄文博", team="郝长青班组")
    chain.employee("谭书远", team="砌筑二班组")
    number = chain.project["registration_number"]

    # 方式一: site first
    log_in(page, chain.username("labour"), r"/site/roster$")
    page.get_by_test_id("nav-assignments").click()
    page.get_by_test_id("assignment-projects-q").fill(number)
    page.get_by_test_id("assignment-projects-search").click()
    page.get_by_test_id(f"assign-{number}").click()
    dialog = page.get_by_test_id("assign-dialog")
    tree = dialog.get_by_test_id("candidate-tree")
    expect(tree).to_contain_text("郝长青班组")
    expect(tree).to_contain_text("砌筑二班组")
    tick(tree, "郝长青")
    tick(tree, "甄文博")
    dialog.get_by_test_id("candidates-add").click()
    expect(dialog.get_by_test_id("picked-郝长青")).to_be_visible()
    expect(dialog.get_by_test_id("picked-甄文博")).to_be_visible()
    dialog.get_by_test_id("picked-remove-甄文博").click()
    expect(dialog.get_by_test_id("picked-甄文博")).to_have_count(0)
    expect(tree).to_contain_text("甄文博")
    dialog.get_by_test_id("picked-lodging-郝长青").click()
    dialog.get_by_test_id("assign-confirm").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id(f"assigned-count-{number}")).to_have_text("1")

    # 方式二: people first
    page.get_by_test_id("assignment-unassigned").click()
    people_first = page.get_by_test_id("people-first-dialog")
    people_first.get_by_test_id("unassigned-assign-谭书远").click()
    people_first.get_by_test_id("assigning-project").click()
    page.get_by_role("option", name=re.compile(number)).dispatch_event("click")
    people_first.get_by_test_id("assigning-role").click()
    page.get_by_role("option", name="管理员").click()
    people_first.get_by_test_id("assigning-position").click()
    page.get_by_role("option", name="安全员").click()
    people_first.get_by_test_id("people-first-save").click()
    expect(people_first).to_be_hidden()
    expect(page.get_by_test_id(f"assigned-count-{number}")).to_have_text("2")

    # the specialty contractor's site user: 进场人员确认
    above = browser.new_context(base_url=platform.base_url, viewport={"width": 1600, "height": 1000})
    confirmer = above.new_page()
    try:
        log_in(confirmer, chain.username("specialty", site=True), r"/site/entries$")
        confirmer.get_by_test_id("nav-assignment-confirmations").click()
        table = confirmer.get_by_test_id("confirmations-table")
        expect(table).to_contain_text("郝长青")
        expect(table).to_contain_text("谭书远")
        expect(table).to_contain_text(chain.units["labour"]["name"])
        confirmer.get_by_test_id("confirmations-name").fill("郝")
        confirmer.get_by_test_id("confirmations-search").click()
        expect(table).not_to_contain_text("谭书远")
        confirmer.get_by_test_id("confirmation-confirm-郝长青").click()
        expect(table).not_to_contain_text("郝长青")
        confirmer.get_by_test_id("confirmations-name").fill("")
        confirmer.get_by_test_id("confirmations-search").click()
        confirmer.get_by_test_id("confirmation-reject-谭书远").click()
        reason = confirmer.get_by_test_id("reason-dialog")
        reason.get_by_test_id("reason-input").fill("证书不符")
        reason.get_by_test_id("reason-submit").click()
        expect(table).not_to_contain_text("谭书远")
        confirmer.get_by_role("tab", name="已处理人员").click()
        expect(confirmer.get_by_test_id("processed-state-郝长青")).to_have_text("接收")
        expect(confirmer.get_by_test_id("processed-state-谭书远")).to_have_text("拒绝")
        expect(confirmer.get_by_test_id("processed-table")).to_contain_text("证书不符")
    finally:
        above.close()

    # back at the labour subcontractor: 已分配人员
    page.get_by_test_id(f"assigned-{number}").click()
    drawer = page.get_by_test_id("assigned-drawer")
    expect(drawer.get_by_test_id("assigned-state-郝长青")).to_have_text("接收")
    expect(drawer.get_by_test_id("assigned-state-谭书远")).to_have_text("拒绝")
