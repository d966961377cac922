"""考勤 in a real Chromium, as a site user works it: 考勤设备 (register a terminal, its secret shown once, online after
its first heartbeat), 人脸采集 with an uploaded photo (a group photo refused naming the rule, then a good one),
and 出勤一览表 showing the worker the terminal clocked in; a 海康 terminal connected at 登记设备, the worker pushed to
it."""

import base64
import random
import re

import pytest
from playwright.sync_api import expect

from chassis import days
from devtools.gate import HikvisionIsapi, Terminal, moment, sample_photos
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random()
SHOTS = "test-results"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture
def worker(api):
    """A person entered on site_3 today, for an employer of this test alone."""
    site = api("site_3")
    employer = api("authority").post("/enterprises", json={
        "name": f"考勤{rng.randrange(10**4):04d}劳务有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"}).json()
    number = resident_id_number(rng)
    name = f"考勤{'甲乙丙丁戊己庚辛'[rng.randrange(8)]}{'一二三四五六七八'[rng.randrange(8)]}"
    assert site.post("/persons", json={"id_number": number, "name": name}).status_code == 201
    entry = site.post("/entries", json={
        "id_number": number, "employer_id": employer["id"], "is_team_leader": False, "team_leader_entry_id": None,
        "phone": None, "trade": "020", "education": "71", "entry_date": str(days.today())})
    assert entry.status_code == 201, entry.text
    return {"name": name, "person_id": entry.json()["person_id"]}


def test_a_site_registers_a_terminal_enrols_a_face_and_sees_the_day(page, log_in, platform, api, worker, tmp_path):
    photos = sample_photos()
    for name, photo in photos.items():
        (tmp_path / f"{name}.jpg").write_bytes(photo)
    log_in(page, "site_3")

    # 考勤设备: 登记设备, the secret shown once, offline until the terminal's first heartbeat
    serial = f"BR{rng.randrange(10**8):08d}"
    page.get_by_test_id("nav-devices").click()
    page.get_by_test_id("device-register").click()
    page.get_by_test_id("device-name").fill("东门人脸机")
    page.get_by_test_id("device-serial").fill(serial)
    page.get_by_test_id("device-location").fill("1号门")
    page.get_by_test_id("device-save").click()
    expect(page.get_by_test_id("device-secret-dialog")).to_be_visible()
    expect(page.get_by_test_id("device-secret-once")).to_be_visible()
    secret = page.get_by_test_id("device-secret").input_value()
    assert len(secret) >= 32
    page.get_by_test_id("device-secret-close").click()
    row = page.get_by_test_id("devices-table").locator("tbody tr", has_text=serial)
    expect(row).to_contain_text("离线")
    terminal = Terminal(platform.base_url, serial, secret)
    terminal.heartbeat()
    page.get_by_test_id("devices-refresh").click()
    expect(row).to_contain_text("在线")
    page.screenshot(path=f"{SHOTS}/attendance-devices.png")

    # 人脸采集: a group photo is refused naming the rule; the worker's own photo passes and the list says 有
    page.get_by_test_id("nav-faces").click()
    page.get_by_test_id("faces-name").fill(worker["name"])
    page.get_by_test_id("faces-search").click()
    state = page.get_by_test_id(f"face-state-{worker['person_id']}")
    expect(state).to_have_text("无")
    page.get_by_test_id(f"face-capture-{worker['person_id']}").click()
    page.get_by_test_id("face-file").set_input_files(str(tmp_path / "group.jpg"))
    expect(page.get_by_test_id("face-preview")).to_be_visible()
    page.get_by_test_id("face-verify").click()
    expect(page.get_by_test_id("face-refusal")).to_contain_text("多张人脸")
    page.get_by_test_id("face-file").set_input_files(str(tmp_path / "worker.jpg"))
    page.get_by_test_id("face-verify").click()
    expect(page.get_by_test_id("face-dialog")).to_be_hidden()
    expect(state).to_have_text("有")
    page.screenshot(path=f"{SHOTS}/attendance-faces.png")

    # the terminal clocks the worker in by face; 出勤一览表 counts them and 更多 lists their time
    outcome = terminal.upload({"seq": 1, "occurred_at": moment(), "method": "face",
                               "photo": base64.b64encode(photos["worker_again"]).decode()})
    assert outcome[1]["outcome"] == "accepted", outcome
    page.get_by_test_id("nav-attendance-day").click()
    page.get_by_test_id("day-search").click()
    expect(page.get_by_test_id("day-attended")).to_contain_text(re.compile(r"[1-9]"))
    page.get_by_test_id("day-more").click()
    expect(page.get_by_test_id("day-people")).to_contain_text(worker["name"])
    page.screenshot(path=f"{SHOTS}/attendance-day.png")

    # 校验: the terminal's records, as they were written
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("day-people")).to_be_hidden()
    page.get_by_test_id("nav-devices").click()
    row.get_by_test_id(re.compile(r"^device-verify-\d+$")).click()
    page.get_by_test_id("device-verify-run").click()
    expect(page.get_by_test_id("device-verify-result")).to_contain_text("完好：1 条考勤记录均与写入时一致")
    terminal.close()


def test_a_site_connects_a_hikvision_terminal_and_the_worker_reaches_it(page, log_in, api, worker):
    """登记设备 of a 海康 terminal with its 设备地址, 用户名 and 密码: the platform pushes the worker on site to the
    terminal (a simulated ISAPI on this machine) and 同步 shows them delivered."""
    terminal = HikvisionIsapi("admin", "Hik 12345").start()
    try:
        log_in(page, "site_3")
        page.get_by_test_id("nav-devices").click()
        page.get_by_test_id("device-register").click()
        serial = f"HK{rng.randrange(10**8):08d}"
        page.get_by_test_id("device-name").fill("南门海康")
        page.get_by_test_id("device-serial").fill(serial)
        choose(page, "device-protocol", "海康 ISAPI 推送")
        page.get_by_test_id("device-address").fill(terminal.address)
        page.get_by_test_id("device-username").fill("admin")
        page.get_by_test_id("device-password").fill("Hik 12345")
        page.get_by_test_id("device-save").click()
        expect(page.get_by_test_id("device-secret-dialog")).to_be_visible()
        page.get_by_test_id("device-secret-close").click()
        row = page.get_by_test_id("devices-table").locator("tbody tr", has_text=serial)
        expect(row).to_contain_text(terminal.address)
        expect(row).to_contain_text("下发人员")

        eventually(lambda: _holds(terminal, worker["person_id"]), timeout=40)
        assert terminal.users[str(worker["person_id"])]["name"] == worker["name"]
        site = api("site_3")
        project = site.get("/projects").json()["items"][0]["id"]
        eventually(lambda: _online(site.get(f"/projects/{project}/devices").json(), serial), timeout=20)
        page.get_by_test_id("devices-refresh").click()
        expect(row).to_contain_text("在线")  # reached by the platform, its counts read back
        row.get_by_test_id(re.compile(r"^device-sync-\d+$")).click()
        expect(page.get_by_test_id("device-sync-count-ok")).to_contain_text(re.compile(r"[1-9]"))
        page.screenshot(path=f"{SHOTS}/attendance-device-hikvision.png")
    finally:
        terminal.stop()


def _holds(terminal, person_id):
    assert str(person_id) in terminal.users, sorted(terminal.users)


def _online(devices, serial):
    assert [device["status"] for device in devices if device["serial"] == serial] == ["online"], devices
