"""The enterprise's employment pages in a real Chromium: 新建聘用关系 and its activation slip, the worker confirming
on a phone, 完善建筑工人信息, 班组管理, 劳动合同 with a photo of the paper, and 批量导入 of a roster.

(Activation from the slip's link, login and resigning on the phone are test_worker_mobile.py's.)"""

import base64
import random
import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from devtools.synthetic import mobile_phone, resident_id_number
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
# a seed of this module's own: its people are nobody else's
rng = random.Random(0x8E_2026)
ENTERPRISE = "enterprise_7"
EMPLOYER = "测试劳务七公司"
WORKER_PASSWORD = "Gongren2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
# the smallest PNG: one transparent pixel
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
                       "rkJggg==")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


def suffix():
    return f"{rng.randrange(10**6):06d}"


@pytest.fixture
def register(api):
    """``register("聘用甲")``: a person on record (实名登记 through the API), with the number and a phone."""
    enterprise = api(ENTERPRISE)

    def person(name):
        number = resident_id_number(rng)
        response = enterprise.post("/persons", json={
            "id_type": "01", "id_number": number, "name": name, "ethnicity": "01",
            "address": "上海市徐汇区测试路8号", "phone": mobile_phone(rng)})
        assert response.status_code == 201, response.text
        return {**response.json()["person"], "id_number": number}

    return person


@pytest.fixture
def employee(api, register):
    """``employee("班长甲")``: a person the enterprise employs (requested, activated and confirmed through the API)."""
    enterprise = api(ENTERPRISE)

    def hired(name):
        person = register(name)
        requested = enterprise.post("/employments", json={
            "name": name, "id_type": "01", "id_number": person["id_number"], "role": "worker"})
        assert requested.status_code == 201, requested.text
        worker = api()
        activated = worker.post("/auth/worker/activate", json={
            "id_type": "01", "id_number": person["id_number"], "code": requested.json()["activation"]["code"],
            "password": WORKER_PASSWORD})
        assert activated.status_code == 200, activated.text
        worker.http.headers["Authorization"] = "Bearer " + activated.json()["token"]
        confirmed = worker.post(f"/me/employments/{requested.json()['id']}/confirm")
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json()["state"] == "employed"
        return {**person, "relation_id": requested.json()["id"]}

    return hired


@pytest.fixture
def phone(browser, platform):
    """A second browser: the worker's phone."""
    context = browser.new_context(base_url=platform.base_url, **PHONE)
    yield context.new_page()
    context.close()




def fill_date(page, test_id, value):
    field = page.get_by_test_id(test_id).locator("input")
    field.fill(value)
    field.press("Enter")


def header_of(table):
    return [text.strip() for text in table.locator("thead th").all_inner_texts()]


def cell(table, name, column):
    """The cell of ``name``'s row under the header ``column``."""
    return table.locator(".el-table__body-wrapper tbody tr", has_text=name).locator("td").nth(
        header_of(table).index(column))


def open_page(page, path, heading):
    page.goto(path)
    expect(page.locator(".el-card__header", has_text=heading)).to_be_visible()


def search_by_name(page, prefix, name):
    page.get_by_test_id(f"{prefix}-filter-name").fill(name)
    with page.expect_response(re.compile(r"/api/v1/")):
        page.get_by_test_id(f"{prefix}-search").click()


def test_a_request_shows_the_slip_and_the_worker_confirms_it_on_a_phone(page, phone, log_in, register):
    name = f"聘用{suffix()}"
    person = register(name)
    log_in(page, ENTERPRISE)
    open_page(page, "/employments", "聘用管理")

    page.get_by_test_id("employments-new").click()
    dialog = page.get_by_test_id("employment-dialog")
    dialog.get_by_test_id("employment-name").fill(name)
    dialog.get_by_test_id("employment-id-number").fill(person["id_number"])
    dialog.get_by_test_id("employment-submit").click()

    slip = dialog.get_by_test_id("activation-slip")
    expect(slip).to_be_visible()
    expect(slip.get_by_test_id("activation-name")).to_have_text(name)
    code = slip.get_by_test_id("activation-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{6,}", code), code
    qr = slip.get_by_test_id("activation-qr")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    # drawn: the image loaded and has a size
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert person["id_number"] not in page.content()
    dialog.get_by_test_id("employment-close").click()
    search_by_name(page, "employments", name)
    table = page.get_by_test_id("employments-table")
    expect(cell(table, name, "状态")).to_have_text("待确认")

    # the worker, on a phone: activates with the slip's code, then confirms the request
    phone.goto("/m/activate")
    phone.get_by_test_id("m-activate-code").fill(code)
    phone.get_by_test_id("m-activate-id-number").fill(person["id_number"])
    phone.get_by_test_id("m-activate-password").fill(WORKER_PASSWORD)
    phone.get_by_test_id("m-activate-password-again").fill(WORKER_PASSWORD)
    phone.get_by_test_id("m-activate-submit").tap()
    expect(phone).to_have_url(re.compile(r"/m$"))
    pending = phone.locator('[data-testid^="m-employment-"]', has_text=EMPLOYER)
    expect(pending).to_have_count(1)
    expect(pending.get_by_test_id("m-employment-state")).to_have_text("待确认")
    pending.get_by_test_id("m-action-confirm").tap()
    expect(phone.get_by_test_id("m-section-current")).to_contain_text("在职")
    expect(phone.get_by_test_id("m-section-current")).to_contain_text(EMPLOYER)

    # back at the enterprise: the row says 在职
    search_by_name(page, "employments", name)
    expect(cell(table, name, "状态")).to_have_text("在职")
    expect(cell(table, name, "确认日期")).not_to_be_empty()


def test_an_employees_profile_is_completed_and_listed_with_the_phone_masked(page, log_in, employee):
    name = f"完善{suffix()}"
    employee(name)
    number = mobile_phone(rng)
    log_in(page, ENTERPRISE)
    open_page(page, "/worker-profiles", "完善建筑工人信息")

    page.get_by_test_id("profiles-add").click()
    dialog = page.get_by_test_id("profile-dialog")
    expect(dialog).to_be_visible()
    choose(page, "profile-person", name, typed=name)
    dialog.get_by_test_id("profile-phone").fill(number)
    choose(page, "profile-trade", "钢筋工", typed="钢筋")
    dialog.get_by_test_id("profile-wage-scheme").get_by_text("点工").click()
    dialog.get_by_test_id("profile-daily-wage").fill("380")
    dialog.get_by_test_id("profile-save").click()
    expect(dialog).to_be_hidden()

    search_by_name(page, "profiles", name)
    table = page.get_by_test_id("profiles-table")
    expect(cell(table, name, "联系电话")).to_have_text(f"{number[:3]}****{number[-4:]}")
    expect(cell(table, name, "工种")).to_have_text("钢筋工")
    assert number not in page.content()

    cell(table, name, "操作").get_by_test_id("profile-view-open").click()
    view = page.get_by_test_id("profile-view")
    expect(view).to_contain_text("点工")
    expect(view).to_contain_text("380")


def test_a_team_is_made_with_an_employee_as_its_leader(page, log_in, employee):
    name = f"班长{suffix()}"
    employee(name)
    team = f"钢筋{suffix()}班"
    log_in(page, ENTERPRISE)
    open_page(page, "/teams", "班组管理")

    page.get_by_test_id("teams-new").click()
    dialog = page.get_by_test_id("team-dialog")
    dialog.get_by_test_id("team-name").fill(team)
    expect(dialog.get_by_test_id("team-enterprise")).to_have_text(EMPLOYER)
    choose(page, "team-trade", "钢筋工", typed="钢筋")
    choose(page, "team-leader", name, typed=name)
    dialog.get_by_test_id("team-save").click()
    expect(dialog).to_be_hidden()

    search_by_name(page, "teams", team)
    table = page.get_by_test_id("teams-table")
    expect(cell(table, team, "班组长")).to_have_text(name)
    expect(cell(table, team, "人数")).to_have_text("1")
    cell(table, team, "操作").get_by_test_id("team-members").click()
    expect(page.locator(".el-drawer")).to_contain_text(name)


def test_a_contract_is_signed_with_a_photo_of_the_paper(page, log_in, employee, tmp_path):
    name = f"合同{suffix()}"
    employee(name)
    number = f"HT-{suffix()}"
    photo = tmp_path / "contract.png"
    photo.write_bytes(PNG)
    log_in(page, ENTERPRISE)
    open_page(page, "/contracts", "劳动合同")

    search_by_name(page, "contracts", name)
    table = page.get_by_test_id("contracts-table")
    expect(cell(table, name, "签订状态")).to_have_text("未签订")
    cell(table, name, "操作").get_by_test_id("contract-sign").click()
    dialog = page.get_by_test_id("contract-dialog")
    expect(dialog.get_by_test_id("contract-person")).to_contain_text(name)
    dialog.get_by_test_id("contract-number").fill(number)
    choose(page, "contract-type", "固定期限")
    fill_date(page, "contract-signed-on", "2026-11-01")
    fill_date(page, "contract-starts-on", "2026-11-02")
    fill_date(page, "contract-ends-on", "2027-11-01")
    dialog.get_by_test_id("contract-save").click()

    upload = dialog.get_by_test_id("contract-documents")
    expect(upload).to_be_visible()
    upload.locator("input[type=file]").first.set_input_files(str(photo))
    expect(upload.get_by_test_id("contract-document")).to_contain_text("contract.png")
    dialog.get_by_test_id("contract-close").click()
    expect(dialog).to_be_hidden()

    search_by_name(page, "contracts", name)
    expect(cell(table, name, "签订状态")).to_have_text("已签订")
    expect(cell(table, name, "合同编号")).to_have_text(number)
    expect(cell(table, name, "合同资料")).to_have_text("1")


def test_a_roster_of_good_and_bad_rows_is_imported(page, log_in, api, register, tmp_path):
    mark = suffix()
    good = [register(f"导入甲{mark}"), register(f"导入乙{mark}")]
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "证件号", "从事主要工种", "手机号"])
    for person in good:
        sheet.append([person["name"], person["id_number"], "钢筋工", mobile_phone(rng)])
    # on nobody's record: refused, named in the report
    sheet.append([f"导入丙{mark}", resident_id_number(rng), "钢筋工", mobile_phone(rng)])
    roster = tmp_path / "花名册.xlsx"
    book.save(roster)
    log_in(page, ENTERPRISE)
    open_page(page, "/employments", "聘用管理")

    page.get_by_test_id("employments-import").click()
    dialog = page.get_by_test_id("import-dialog")
    expect(dialog).to_be_visible()
    with page.expect_download() as template:
        dialog.get_by_test_id("import-template").click()
    assert template.value.suggested_filename == "花名册导入模板.xlsx"
    # not a workbook: refused under the file by the server
    fake = tmp_path / "假的.xlsx"
    fake.write_bytes(b"not a workbook")
    dialog.get_by_test_id("import-file-input").set_input_files(str(fake))
    dialog.get_by_test_id("import-start").click()
    expect(dialog.get_by_test_id("import-file-item")).to_contain_text("不是 .xlsx 格式的 Excel 文件")
    page.screenshot(path="test-results/roster-import-refused.png")

    dialog.get_by_test_id("import-file-input").set_input_files(str(roster))
    expect(dialog.get_by_test_id("import-file-name")).to_contain_text("花名册.xlsx")
    dialog.get_by_test_id("import-start").click()
    expect(dialog.get_by_test_id("import-progress")).to_be_visible()
    summary = dialog.get_by_test_id("import-summary")
    expect(summary).to_contain_text("导入成功 2 条，未导入 1 条", timeout=60_000)
    expect(dialog.get_by_test_id("import-progress")).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as report:
        dialog.get_by_test_id("import-report").click()
    assert report.value.suggested_filename.endswith(".xlsx")
    report.value.save_as(tmp_path / "report.xlsx")
    refused = list(load_workbook(tmp_path / "report.xlsx").active.iter_rows(values_only=True))
    assert refused[0][:4] == ("行号", "列", "原因", "代码")
    assert [row[:2] + row[3:5] for row in refused[1:]] == [(4, "证件号", "PERSON_NOT_REGISTERED", f"导入丙{mark}")]
    expect(dialog.get_by_test_id("import-history")).to_contain_text("花名册.xlsx")
    page.screenshot(path="test-results/roster-import-done.png")
    dialog.get_by_test_id("import-close").click()
    expect(dialog).to_be_hidden()

    table = page.get_by_test_id("employments-table")
    for person in good:
        expect(cell(table, person["name"], "状态")).to_have_text("待确认")
    search_by_name(page, "employments", mark)
    expect(table.locator(".el-table__body-wrapper tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text(f"导入丙{mark}")

    # an imported worker gets the code to activate with from the row
    cell(table, good[0]["name"], "操作").get_by_test_id("employment-activation").click()
    slip = page.get_by_test_id("activation-dialog").get_by_test_id("activation-slip")
    expect(slip.get_by_test_id("activation-name")).to_have_text(good[0]["name"])
    expect(slip.get_by_test_id("activation-code")).to_have_text(re.compile(r"^[A-Z0-9-]{6,}$"))
    code = slip.get_by_test_id("activation-code").inner_text().strip()
    page.get_by_test_id("activation-dialog").locator(".el-dialog__headerbtn").click()

    # with that code the worker confirms the imported request, and the row says so
    worker = api()
    activated = worker.post("/auth/worker/activate", json={
        "id_type": "01", "id_number": good[0]["id_number"], "code": code, "password": WORKER_PASSWORD})
    assert activated.status_code == 200, activated.text
    worker.http.headers["Authorization"] = "Bearer " + activated.json()["token"]
    [imported] = worker.get("/me/employments").json()
    assert (imported["enterprise_name"], imported["state"]) == (EMPLOYER, "pending")
    assert worker.post(f"/me/employments/{imported['id']}/confirm").json()["state"] == "employed"
    search_by_name(page, "employments", mark)
    expect(cell(table, good[0]["name"], "状态")).to_have_text("在职")
    expect(cell(table, good[1]["name"], "状态")).to_have_text("待确认")
