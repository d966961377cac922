"""项目人员绑定 and its review in a real Chromium: the labour subcontractor opens its project's 现场作业人员数量,
ticks its confirmed people (是否人脸认证 as 人脸采集 recorded it: no face yet, on a project that does not require
it) and submits them; the project's 实施单位, logged in apart, opens
实施单位待审核人员 and approves both in one batch; the counts move.

The project's units are written by devtools.assignment_chain; its people are assigned and confirmed through the
gateway's API (their own pages have their own browser tests)."""

import random
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from devtools.assignment_chain import AssignmentChain
from project_svc.models import Participant
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
rng = random.Random(9603)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    implementing = made.units["stranger"]
    with Session(made.projects) as session:
        session.add(Participant(project_id=made.project["id"], enterprise_id=implementing["id"],
                                enterprise_name=implementing["name"], credit_code=implementing["credit_code"],
                                role="implementing_unit"))
        session.commit()
    yield made
    made.close()


def log_in(page, username, home):
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(home))


def test_a_unit_submits_in_a_batch_and_the_implementing_unit_approves_in_a_batch(page, browser, platform, api,
                                                                                 chain):
    people = [chain.employee(name) for name in ("绑定浏览甲", "绑定浏览乙")]
    assigned = api(chain.username("labour")).post("/assignments", json={
        "project_id": chain.project["id"], "people": [{"person_id": person} for person in people]})
    assert assigned.status_code == 201, assigned.text
    confirmed = api(chain.username("specialty")).post("/assignment-confirmations", json={
        "ids": [item["id"] for item in assigned.json()["items"]], "decision": "confirm"})
    assert confirmed.status_code == 200, confirmed.text
    number = chain.project["registration_number"]

    log_in(page, chain.username("labour"), r"/site/roster$")
    page.get_by_test_id("nav-bindings").click()
    page.get_by_test_id("binding-projects-q").fill(number)
    page.get_by_test_id("binding-projects-search").click()
    expect(page.get_by_test_id(f"binding-count-worker_count-{number}")).to_have_text("2")
    page.get_by_test_id(f"binding-count-worker_count-{number}").click()
    dialog = page.get_by_test_id("binding-people")
    table = dialog.get_by_test_id("binding-people-table")
    expect(table).to_contain_text("绑定浏览乙")
    expect(dialog.get_by_test_id("binding-face-绑定浏览甲")).to_have_text("否")
    expect(dialog.get_by_test_id("binding-face-hint")).to_contain_text("人脸采集")
    table.locator(".el-table__header .el-checkbox").click()
    dialog.get_by_test_id("binding-submit").click()
    expect(dialog.get_by_test_id("binding-state-绑定浏览甲")).to_have_text("实施单位待审核")
    expect(dialog.get_by_test_id("binding-state-绑定浏览乙")).to_have_text("实施单位待审核")

    reviewer = browser.new_context(base_url=platform.base_url, viewport={"width": 1600, "height": 1000})
    try:
        review = reviewer.new_page()
        log_in(review, chain.username("stranger"), r"/site/roster$")
        review.get_by_test_id("nav-binding-reviews").click()
        expect(review.get_by_test_id(f"binding-count-pending_review_count-{number}")).to_have_text("2")
        review.get_by_test_id(f"binding-count-pending_review_count-{number}").click()
        dialog = review.get_by_test_id("binding-people")
        table = dialog.get_by_test_id("binding-people-table")
        expect(table).to_contain_text("绑定浏览甲")
        table.locator(".el-table__header .el-checkbox").click()
        dialog.get_by_test_id("binding-approve").click()
        expect(table).not_to_contain_text("绑定浏览甲")
        dialog.locator(".el-dialog__headerbtn").click()
        expect(review.get_by_test_id(f"binding-count-approved_count-{number}")).to_have_text("2")
        expect(review.get_by_test_id(f"binding-count-pending_review_count-{number}")).to_have_text("0")
    finally:
        reviewer.close()
