"""出勤一览表 by 日 / 周 / 月 in a real Chromium, as a site user works it (the week and the month of a worker clocked
by a signed terminal on several days, 更多, the person's 考勤日历, 导出), and 我的考勤 on the worker's phone."""

import datetime as dt
import random
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from devtools.gate import Terminal
from devtools.synthetic import mobile_phone, resident_id_number
from devtools.testing import eventually
from gateway.app import create_app
from gateway.worker_accounts import activation_for

pytestmark = pytest.mark.browser
rng = random.Random()
SHOTS = "test-results"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime.now(SHANGHAI).date()
MONTH = TODAY.strftime("%Y-%m")
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
WORKER_PASSWORD = "Gongren2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI).isoformat()


@pytest.fixture
def clocked(api, platform, registry):
    """A worker with an account, entered on site_3 ten days ago as a team leader of enterprise_7, with a card; a
    terminal clocked them in and out yesterday (when it is in this month) and in today."""
    site = api("site_3")
    project = registry["site_3"]["id"]
    number = resident_id_number(rng)
    name = f"视图{'甲乙丙丁戊己庚辛'[rng.randrange(8)]}{'一二三四五六七八'[rng.randrange(8)]}"
    assert site.post("/persons", json={"id_number": number, "name": name}).status_code == 201
    entry = site.post("/entries", json={
        "id_number": number, "employer_id": registry["enterprise_7"]["id"], "is_team_leader": True,
        "team_leader_entry_id": None, "phone": mobile_phone(rng), "trade": "020", "education": "71",
        "entry_date": str(TODAY - dt.timedelta(days=10))})
    assert entry.status_code == 201, entry.text
    person_id = entry.json()["person_id"]
    card = f"B{rng.randrange(10**9):09d}"
    serial = f"BV{rng.randrange(10**8):08d}"
    registered = site.post(f"/projects/{project}/devices", json={
        "kind": "card_reader", "serial": serial, "direction": "both", "location": "3号门", "name": "三号门刷卡机"})
    assert registered.status_code == 201, registered.text

    def card_issued():  # once attendance knows the worker is on site
        issued = site.post(f"/projects/{project}/people/{person_id}/card", json={"card_number": card})
        assert issued.status_code in (200, 201), issued.text

    eventually(card_issued, timeout=30)
    days = [day for day in (TODAY - dt.timedelta(days=1), TODAY) if day.strftime("%Y-%m") == MONTH]
    terminal = Terminal(platform.base_url, serial, registered.json()["secret"])
    records = []
    for day in days:
        if day == TODAY:
            now = dt.datetime.now(SHANGHAI)
            records.append({"occurred_at": (now - dt.timedelta(minutes=2)).isoformat(), "method": "card",
                            "card_number": card})
        else:
            records += [{"occurred_at": at(day, 7, 50), "method": "card", "card_number": card},
                        {"occurred_at": at(day, 17, 20), "method": "card", "card_number": card}]
    outcome = terminal.upload(*({"seq": seq, **record} for seq, record in enumerate(records, 1)))
    assert {each["outcome"] for each in outcome.values()} == {"accepted"}, outcome
    terminal.close()
    app = create_app({"DB_URL": platform.gateway_db_url, "AUTH_SECRET": platform.env["AUTH_SECRET"],
                      "PUBLIC_BASE_URL": platform.base_url})
    with app.app_context():
        code = activation_for(person_id, name)["code"]
    app.extensions["db"].engine.dispose()
    activated = api().post("/auth/worker/activate", json={"id_type": "01", "id_number": number, "code": code,
                                                          "password": WORKER_PASSWORD})
    assert activated.status_code == 200, activated.text
    return {"name": name, "person_id": person_id, "id_number": number, "days": days}


def test_the_site_switches_day_week_and_month_and_opens_a_persons_calendar(page, log_in, clocked):
    log_in(page, "site_3")
    page.get_by_test_id("nav-attendance-day").click()
    expect(page.get_by_test_id("day-on-site")).to_be_visible()  # 日 first, as before

    # 周: seven days from Monday
    page.get_by_test_id("view-week").click()
    expect(page.get_by_test_id("period-range")).to_contain_text(f"{MONDAY} 至 {MONDAY + dt.timedelta(days=6)}")
    expect(page.get_by_test_id("period-days").locator("tbody tr")).to_have_count(7)
    today_row = page.get_by_test_id("period-days").locator("tbody tr", has_text=str(TODAY))
    expect(today_row).to_contain_text(re.compile(r"%"))
    expect(page.get_by_test_id("period-by-team")).to_contain_text(clocked["name"])
    page.screenshot(path=f"{SHOTS}/attendance-week.png")

    # 月: the month's days; 更多 lists the worker with the days attended
    page.get_by_test_id("view-month").click()
    expect(page.get_by_test_id("period-range")).to_contain_text(f"{MONTH}-01")
    page.get_by_test_id("period-more").click()
    page.get_by_test_id("period-people-name").fill(clocked["name"])
    page.get_by_test_id("period-people-search").click()
    row = page.get_by_test_id("period-people").locator("tbody tr", has_text=clocked["name"])
    expect(row).to_contain_text(TODAY.strftime("%m-%d"))
    page.screenshot(path=f"{SHOTS}/attendance-month-people.png")

    # 考勤日历 of the person: the days worked in the month
    row.get_by_test_id("period-person-calendar").click()
    dialog = page.get_by_test_id("person-calendar-dialog")
    expect(dialog).to_contain_text(clocked["name"])
    expect(dialog.get_by_test_id("calendar-days-worked")).to_have_text(str(len(clocked["days"])))
    expect(dialog.get_by_test_id(f"calendar-day-{TODAY}")).to_have_class(re.compile(r"worked"))
    page.screenshot(path=f"{SHOTS}/attendance-calendar.png")

    # 导出: the month as .xlsx
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    with page.expect_download() as download:
        page.get_by_test_id("attendance-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_the_worker_sees_the_month_on_a_phone(browser, platform, clocked):
    phone = browser.new_context(base_url=platform.base_url, **PHONE)
    mobile = phone.new_page()
    mobile.goto("/m/login")
    mobile.get_by_test_id("m-login-id-number").fill(clocked["id_number"])
    mobile.get_by_test_id("m-login-password").fill(WORKER_PASSWORD)
    mobile.get_by_test_id("m-login-submit").tap()
    expect(mobile).to_have_url(re.compile(r"/m$"))

    mobile.get_by_test_id("m-tab-m-attendance").tap()
    expect(mobile).to_have_url(re.compile(r"/m/attendance$"))
    expect(mobile.get_by_test_id("m-attendance-month")).to_have_text(MONTH)
    expect(mobile.get_by_test_id("calendar-days-worked")).to_have_text(str(len(clocked["days"])))
    today = mobile.get_by_test_id(f"calendar-day-{TODAY}")
    expect(today).to_have_class(re.compile(r"worked"))
    # the calendar fits the phone: seven columns within 390 px, nothing to scroll sideways
    grid = mobile.get_by_test_id("attendance-calendar").bounding_box()
    assert grid["x"] >= 0 and grid["x"] + grid["width"] <= 390
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    mobile.screenshot(path=f"{SHOTS}/worker-mobile-attendance.png")

    mobile.get_by_test_id("m-attendance-previous").tap()
    previous = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    expect(mobile.get_by_test_id("m-attendance-month")).to_have_text(previous)
    phone.close()
