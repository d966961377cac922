"""考勤预警 and the live 出勤记录 in a real Chromium, as a site user works them: a worker entered ten days ago who
last clocked five days ago is listed on 考勤预警 and exited in one click (a dialog with today as the exit date),
and the row goes; 出勤记录 left open receives a record a terminal clocks meanwhile, at the top, marked 新."""

import datetime as dt
import random
import zoneinfo

import pytest
from playwright.sync_api import expect

from devtools.gate import Terminal, moment
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

pytestmark = pytest.mark.browser
rng = random.Random()
SHOTS = "test-results"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime.now(SHANGHAI).date()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture
def site_worker(api):
    """``make(days_ago)``: a person entered on site_3 that many days ago, for an employer of this test alone."""
    site = api("site_3")
    employer = api("authority").post("/enterprises", json={
        "name": f"预警{rng.randrange(10**4):04d}劳务有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"}).json()

    def make(days_ago):
        number = resident_id_number(rng)
        name = f"预警{'甲乙丙丁戊己庚辛'[rng.randrange(8)]}{'一二三四五六七八'[rng.randrange(8)]}{rng.randrange(100)}"
        assert site.post("/persons", json={"id_number": number, "name": name}).status_code == 201
        entry = site.post("/entries", json={
            "id_number": number, "employer_id": employer["id"], "is_team_leader": False,
            "team_leader_entry_id": None, "phone": None, "trade": "020", "education": "71",
            "entry_date": str(TODAY - dt.timedelta(days=days_ago))})
        assert entry.status_code == 201, entry.text
        return {"name": name, "person_id": entry.json()["person_id"], "entry_id": entry.json()["id"]}

    return make


@pytest.fixture
def terminal(api, platform, registry):
    site = api("site_3")
    serial = f"BW{rng.randrange(10**8):08d}"
    registered = site.post(f"/projects/{registry['site_3']['id']}/devices", json={
        "kind": "face_terminal", "serial": serial, "direction": "both", "location": "2号门", "name": "西门人脸机"})
    assert registered.status_code == 201, registered.text
    gate = Terminal(platform.base_url, serial, registered.json()["secret"])
    yield gate
    gate.close()


def clocked(terminal, person_id, occurred_at=None):
    """The worker's face record accepted: attendance_svc hears of the entry from siteaccess_svc's event, so the
    first tries may find them not on site yet (each kept as a refused attempt, under its own sequence number)."""
    seqs = iter(range(1, 100))

    def accepted():
        seq = next(seqs)
        outcome = terminal.upload({"seq": seq, "occurred_at": occurred_at or moment(), "method": "face",
                                   "person_id": person_id})
        assert outcome[seq]["outcome"] == "accepted", outcome
        return outcome[seq]

    return eventually(accepted, timeout=30)


def test_an_absent_worker_is_exited_in_one_click_from_the_warnings(page, log_in, site_worker, terminal):
    worker = site_worker(10)
    five_days_ago = dt.datetime.combine(TODAY - dt.timedelta(days=5), dt.time(8), SHANGHAI).isoformat()
    clocked(terminal, worker["person_id"], five_days_ago)
    log_in(page, "site_3")

    page.get_by_test_id("nav-attendance-warnings").click()
    days = page.get_by_test_id(f"days-absent-{worker['entry_id']}")
    expect(days).to_have_text("4")
    row = page.get_by_test_id("warnings-table").locator("tbody tr", has=days)
    expect(row).to_contain_text(worker["name"])
    expect(row).to_contain_text(str(TODAY - dt.timedelta(days=5)))
    expect(page.get_by_test_id("rate-banner")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/attendance-warnings.png")

    page.get_by_test_id(f"warning-exit-{worker['entry_id']}").click()
    dialog = page.get_by_test_id("exit-dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("exit-date").locator("input")).to_have_value(str(TODAY))
    page.get_by_test_id("exit-submit").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("exit-result")).to_contain_text(worker["name"])
    expect(page.get_by_test_id(f"days-absent-{worker['entry_id']}")).to_have_count(0)
    page.reload()  # attendance_svc heard of the exit: not warned any more
    expect(page.get_by_test_id("warnings-table")).to_be_visible()
    expect(page.get_by_test_id(f"days-absent-{worker['entry_id']}")).to_have_count(0)


def test_the_records_page_receives_a_record_clocked_while_it_is_open(page, log_in, site_worker, terminal):
    worker = site_worker(1)
    log_in(page, "site_3")
    page.get_by_test_id("nav-clock-records").click()
    # 实时 shows once the page's stream is open (the stream keeps a request open: no waiting for network idle)
    expect(page.get_by_test_id("records-live")).to_be_visible()

    record_id = clocked(terminal, worker["person_id"])["record_id"]
    fresh = page.get_by_test_id(f"record-new-{record_id}")
    expect(fresh).to_be_visible(timeout=15_000)  # pushed: nobody reloads the page
    first_row = page.get_by_test_id("records-table").locator("tbody tr").first
    expect(first_row).to_contain_text(worker["name"])
    expect(first_row.get_by_test_id(f"record-outcome-{record_id}")).to_have_text("有效")
    page.screenshot(path=f"{SHOTS}/attendance-live-records.png")
