"""用工查询 and 退场查询 in a real Chromium: the manual's filters narrow the rows shown, as a user checks them.

The crew below is made through the API, one run's names apart from every other's; the browser only searches.
"""

import datetime as dt
import random

import pytest
from playwright.sync_api import expect

from chassis import days
from devtools.synthetic import credit_code, resident_id_number
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # the manual's lists are wide: a desktop screen shows every column without scrolling sideways
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


def days_ago(count):
    return str(days.today() - dt.timedelta(days=count))


def offered(tables, table, n):
    """The ``n``th row a select offers for new input (legacy rows are for migrated records only)."""
    return [row for row in tables[table] if not row.get("legacy")][n]


@pytest.fixture
def crew(api):
    """On 测试项目三: a leader of employer 甲 who leads a worker of 甲 and one of 乙, a worker of 乙 under no
    leader, and a second leader who has left with the worker he led. Entry dates 20 … 6 days ago."""
    authority, site = api("authority"), api("site_3")
    tag = f"筛{rng.randrange(10**5):05d}"
    employers = {}
    for letter in ("甲", "乙"):
        response = authority.post("/enterprises", json={
            "name": f"{tag}{letter}劳务有限公司", "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
        assert response.status_code == 201, response.text
        employers[letter] = response.json()
    tables = site.get("/reference").json()
    trades = [offered(tables, "trades", 0), offered(tables, "trades", 1)]
    education = offered(tables, "education_levels", 0)["code"]

    def enter(name, employer, trade, days, leader=None, is_leader=False):
        number = resident_id_number(rng)
        assert site.post("/persons", json={"id_number": number, "name": name}).status_code == 201
        body = {"employer_id": employers[employer]["id"], "is_team_leader": is_leader,
                "team_leader_entry_id": leader, "id_number": number, "trade": trades[trade]["code"],
                "education": education, "entry_date": days_ago(days)}
        if is_leader:
            body["phone"] = f"139{rng.randrange(10**8):08d}"
        response = site.post("/entries", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    names = {role: f"{tag}{role}" for role in ("队长", "甲工", "乙工", "散工", "老队长", "老队员")}
    leader = enter(names["队长"], "甲", 0, 20, is_leader=True)
    enter(names["甲工"], "甲", 0, 16, leader=leader)
    enter(names["乙工"], "乙", 1, 12, leader=leader)
    enter(names["散工"], "乙", 1, 10)
    old_leader = enter(names["老队长"], "甲", 1, 8, is_leader=True)
    old_member = enter(names["老队员"], "甲", 1, 6, leader=old_leader)
    response = site.post("/entries/exit", json={
        "entry_ids": [old_member, old_leader], "exit_date": days_ago(3), "evaluation": "good"})
    assert response.status_code == 200 and not response.json()["refused"], response.text
    return {"tag": tag, "names": names, "employers": {k: v["name"] for k, v in employers.items()},
            "trades": [trade["name"] for trade in trades]}




def clear(page, test_id, chosen):
    """The select's clear button, shown while the pointer is over it; ``chosen`` then leaves the select."""
    select = page.get_by_test_id(test_id)
    select.hover()
    select.locator(".el-select__clear").click()
    expect(select).not_to_contain_text(chosen)


def date_range(page, test_id, start, end):
    """Types both ends of the range picker carrying ``test_id``, as a user who knows the dates would."""
    inputs = page.get_by_test_id(test_id).locator("input")
    inputs.nth(0).fill(start)
    inputs.nth(0).press("Enter")
    inputs.nth(1).fill(end)
    inputs.nth(1).press("Enter")
    page.keyboard.press("Escape")
    expect(inputs.nth(0)).to_have_value(start)
    expect(inputs.nth(1)).to_have_value(end)


def clear_range(page, test_id):
    picker = page.get_by_test_id(test_id).locator(".el-range-editor")
    picker.hover()
    picker.locator(".el-range__close-icon").click()
    expect(page.get_by_test_id(test_id).locator("input").nth(0)).to_have_value("")


def shows(page, table_id, crew, *roles):
    """Searches, then waits until the list shows exactly the crew members ``roles``, newest entry first."""
    page.get_by_test_id("filter-submit").click()
    table = page.get_by_test_id(table_id)
    names = table.locator(f"tbody tr td:nth-child({name_column(table)})")
    expect(names).to_have_text([crew["names"][role] for role in roles])


def name_column(table):
    expect(table.locator("thead th").first).to_be_visible()
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    return headers.index("姓名") + 1


def test_the_roster_filters_narrow_the_rows_a_site_user_sees(page, log_in, crew):
    log_in(page, "site_3")
    page.get_by_test_id("nav-roster").click()
    page.get_by_test_id("filter-person").fill(crew["tag"])
    shows(page, "roster-table", crew, "老队员", "老队长", "散工", "乙工", "甲工", "队长")

    # 用人单位: 甲's people only
    choose(page, "filter-employer", crew["employers"]["甲"], typed=crew["tag"])
    shows(page, "roster-table", crew, "老队员", "老队长", "甲工", "队长")
    clear(page, "filter-employer", crew["employers"]["甲"])

    # 劳务队长: the people the leader leads, whoever employs them
    choose(page, "filter-team-leader", crew["names"]["队长"])
    shows(page, "roster-table", crew, "乙工", "甲工")
    clear(page, "filter-team-leader", crew["names"]["队长"])

    # 主要工种
    choose(page, "filter-trade", crew["trades"][0])
    shows(page, "roster-table", crew, "甲工", "队长")
    clear(page, "filter-trade", crew["trades"][0])

    # 进场日期 from 17 to 9 days ago
    date_range(page, "filter-entry-dates", days_ago(17), days_ago(9))
    shows(page, "roster-table", crew, "散工", "乙工", "甲工")
    clear_range(page, "filter-entry-dates")
    shows(page, "roster-table", crew, "老队员", "老队长", "散工", "乙工", "甲工", "队长")


def test_the_exit_list_finds_who_left_by_exit_date_and_state(page, log_in, crew):
    log_in(page, "site_3")
    page.get_by_test_id("nav-exits").click()
    page.get_by_test_id("filter-person").fill(crew["tag"])
    shows(page, "exits-table", crew, "老队员", "老队长", "散工", "乙工", "甲工", "队长")

    date_range(page, "filter-exit-dates", days_ago(4), days_ago(2))
    shows(page, "exits-table", crew, "老队员", "老队长")
    clear_range(page, "filter-exit-dates")

    choose(page, "filter-state", "在场")
    shows(page, "exits-table", crew, "散工", "乙工", "甲工", "队长")


def test_the_leader_filter_lists_leaders_who_left_for_every_role(page, log_in, crew):
    """Needs the siteaccess side of the contract: GET /entries/team-leaders for every role, without ``state``
    listing the leaders who left too."""
    log_in(page, "site_3")
    page.get_by_test_id("nav-roster").click()
    choose(page, "filter-team-leader", crew["names"]["老队长"])
    page.get_by_test_id("filter-person").fill(crew["tag"])
    shows(page, "roster-table", crew, "老队员")

    page.get_by_test_id("logout").click()
    log_in(page, "authority")
    expect(page.get_by_test_id("filter-project")).to_be_visible()
    choose(page, "filter-project", "测试项目三", typed="测试项目三")
    choose(page, "filter-team-leader", crew["names"]["老队长"])
    page.get_by_test_id("filter-person").fill(crew["tag"])
    shows(page, "roster-table", crew, "老队员")
