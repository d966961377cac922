"""The site portal in a real Chromium: manual 000's whole path, 进场登记 to 用工查询."""

import random
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from chassis import days
from devtools.synthetic import credit_code, resident_id_number
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random()
#: the columns of every list in manual 000, 用人单位 to 进场日期
MANUAL_COLUMNS = ["用人单位", "劳务队长", "姓名", "身份证", "性别", "所属劳务队", "从事主要工种", "文化程度",
                  "联系电话", "进场日期"]
SHOTS = "test-results"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # the manual's lists are wide: a desktop screen shows every column without scrolling sideways
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


def masked(number):
    return f"{number[:3]}*****{number[-3:]}"


@pytest.fixture
def gate(api):
    """What the site finds ready: an employer the authority registered, two people with real-name records, and the
    ID number of a third who has none."""
    employer = api("authority").post("/enterprises", json={
        "name": f"门岗{rng.randrange(10**4):04d}劳务有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"}).json()
    numbers = {}
    for name in ("门岗甲", "门岗乙"):
        numbers[name] = resident_id_number(rng)
        response = api("site_3").post("/persons", json={"id_number": numbers[name], "name": name})
        assert response.status_code == 201, response.text
    numbers["门岗丙"] = resident_id_number(rng, male=True, county="310104")
    return {"employer": employer["name"], "numbers": numbers}




def header_of(table):
    return [text.strip() for text in table.locator("thead th").all_inner_texts()]


def row_of(table, name):
    return table.locator("tbody tr", has_text=name)


def cell(table, name, column):
    """The cell of ``name``'s row under the header ``column``."""
    return row_of(table, name).locator("td").nth(header_of(table).index(column))


def test_a_site_user_does_the_manuals_whole_path(page, log_in, gate, tmp_path):
    employer, numbers = gate["employer"], gate["numbers"]
    today = str(days.today())
    log_in(page, "site_3")

    # 进场管理 › 进场登记 of a person with a real-name record
    page.get_by_test_id("nav-entries").click()
    entries = page.get_by_test_id("entries-table")
    expect(entries).to_be_visible()
    # manual 000's columns, and 一卡通 (the attendance card, manual 003 §6.1 发卡) on the site's own project
    assert header_of(entries) == ["序号", *MANUAL_COLUMNS, "一卡通", "操作"]
    page.get_by_test_id("entry-new").click()
    choose(page, "entry-employer", employer, typed=employer[:6], exact=True)
    page.get_by_test_id("entry-id-number").fill(numbers["门岗甲"])
    expect(page.get_by_test_id("entry-name")).to_have_value("门岗甲")
    choose(page, "entry-trade", "钢筋工", exact=True)
    choose(page, "entry-education", "初中", exact=True)
    expect(page.get_by_test_id("entry-date").locator("input")).to_have_value(today)
    page.get_by_test_id("entry-submit").click()
    expect(page.get_by_test_id("entry-saved")).to_contain_text("保存成功!")
    page.screenshot(path=f"{SHOTS}/site-entry-saved.png")

    # 下一个（同一用人单位）: the employer stays chosen, the rest is empty
    page.get_by_test_id("entry-next-same-employer").click()
    expect(page.get_by_test_id("entry-employer")).to_contain_text(employer)
    expect(page.get_by_test_id("entry-id-number")).to_have_value("")
    expect(page.get_by_test_id("entry-name")).to_have_value("")
    page.get_by_test_id("entry-id-number").fill(numbers["门岗乙"])
    expect(page.get_by_test_id("entry-name")).to_have_value("门岗乙")
    choose(page, "entry-trade", "钢筋工", exact=True)
    choose(page, "entry-education", "高中", exact=True)
    page.get_by_test_id("entry-submit").click()
    expect(page.get_by_test_id("entry-saved")).to_be_visible()
    for name in ("门岗甲", "门岗乙"):
        row = row_of(entries, name)
        expect(row).to_contain_text(employer)
        expect(row).to_contain_text(masked(numbers[name]))
        expect(row).not_to_contain_text(numbers[name])

    # a third person has no real-name record: the form says so and leads to 非正常登记 with the number typed
    page.get_by_test_id("entry-next-other").click()
    number = numbers["门岗丙"]
    page.get_by_test_id("entry-id-number").fill(number)
    expect(page.get_by_test_id("entry-dialog")).to_contain_text("未找到该证件号码的实名信息，请先进行实名登记")
    page.get_by_test_id("entry-open-unregistered").click()
    expect(page.get_by_test_id("entry-dialog")).to_be_hidden()

    # 非正常登记: the real-name record and the entry in one action
    expect(page.get_by_test_id("person-id-number")).to_have_value(number)
    page.get_by_test_id("person-name").fill("门岗丙")
    expect(page.get_by_test_id("person-birth-date").locator("input")).to_have_value(
        f"{number[6:10]}-{number[10:12]}-{number[12:14]}")
    choose(page, "person-ethnicity", "汉族", exact=True)
    page.get_by_test_id("person-address").fill("上海市徐汇区门岗路1号")
    choose(page, "entry-employer", employer, typed=employer[:6], exact=True)
    choose(page, "entry-trade", "架子工", exact=True)
    choose(page, "entry-education", "初中", exact=True)
    page.screenshot(path=f"{SHOTS}/site-unregistered-form.png")
    page.get_by_test_id("unregistered-submit").click()
    expect(page.get_by_test_id("unregistered-dialog")).to_be_hidden()
    third = row_of(entries, "门岗丙")
    expect(third).to_contain_text(masked(number))
    expect(third).to_contain_text("男")
    expect(third).to_contain_text("架子工")

    # 编辑 in place: 保存, and the row shows the change; the history keeps it
    second = row_of(entries, "门岗乙")
    second.get_by_test_id("entry-edit").click()
    choose(page, "entry-edit-trade", "木工", exact=True)
    second.get_by_test_id("entry-edit-phone").fill("13912345678")
    page.screenshot(path=f"{SHOTS}/site-entry-editing.png")
    second.get_by_test_id("entry-save").click()
    expect(page.get_by_text("修改已保存")).to_be_visible()
    expect(second).to_contain_text("木工")
    expect(second).to_contain_text("139****5678")
    expect(second.get_by_test_id("entry-edit")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/site-entries.png", full_page=True)
    second.get_by_test_id("entry-history").click()
    expect(page.get_by_test_id("entry-history-drawer")).to_contain_text("从事主要工种：钢筋工 → 木工")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("entry-history-drawer")).to_be_hidden()

    # 退场管理 › 退场登记 of two people with an evaluation
    page.get_by_test_id("nav-exits").click()
    exits = page.get_by_test_id("exits-table")
    expect(row_of(exits, "门岗甲")).to_be_visible()
    assert header_of(exits) == ["", "序号", *MANUAL_COLUMNS, "退场日期"]
    for name in ("门岗甲", "门岗乙"):
        row_of(exits, name).locator(".el-checkbox").click()
    page.get_by_test_id("exit-open").click()
    dialog = page.get_by_test_id("exit-dialog")
    expect(dialog).to_contain_text("已选择 2 人")
    expect(page.get_by_test_id("exit-date").locator("input")).to_have_value(today)
    page.get_by_test_id("exit-evaluation").get_by_text("优", exact=True).click()
    page.get_by_test_id("exit-comment").fill("按时完成，服从管理")
    page.screenshot(path=f"{SHOTS}/site-exit-dialog.png")
    page.get_by_test_id("exit-submit").click()
    result = page.get_by_test_id("exit-result")
    expect(result).to_contain_text("已退场：")
    expect(result).to_contain_text("门岗甲")
    expect(result).to_contain_text("门岗乙")
    for name in ("门岗甲", "门岗乙"):
        expect(cell(exits, name, "退场日期")).to_have_text(today)
    expect(cell(exits, "门岗丙", "退场日期")).to_have_text("")

    # the manual's ④: someone already exited is named, and nothing is done twice
    row_of(exits, "门岗甲").locator(".el-checkbox").click()
    page.get_by_test_id("exit-open").click()
    expect(dialog).to_contain_text("已选择 1 人：门岗甲")
    page.get_by_test_id("exit-submit").click()
    expect(result).to_contain_text("门岗甲：该人员已经退场，不能重复操作")
    expect(row_of(exits, "门岗甲").locator(".el-checkbox")).not_to_have_class(re.compile("is-checked"))
    page.screenshot(path=f"{SHOTS}/site-exits.png", full_page=True)

    # 用工查询: find them by name and state, with exit date, evaluation and masked ID numbers
    page.get_by_test_id("nav-roster").click()
    # 退场查询 has filters of the same names: type only once 用工查询 has taken its place
    expect(page).to_have_url(re.compile(r"/site/roster"))
    roster = page.get_by_test_id("roster-table")
    expect(roster).to_be_visible()
    page.get_by_test_id("filter-person").fill("门岗")
    choose(page, "filter-state", "已退场", exact=True)
    page.get_by_test_id("filter-submit").click()
    expect(roster.locator("tbody tr")).to_have_count(2)
    assert header_of(roster) == ["序号", *MANUAL_COLUMNS, "退场日期", "用工评价", "操作"]
    for name in ("门岗甲", "门岗乙"):
        expect(cell(roster, name, "身份证")).to_have_text(masked(numbers[name]))
        expect(cell(roster, name, "退场日期")).to_have_text(today)
        expect(cell(roster, name, "用工评价")).to_have_text("优")
    expect(cell(roster, "门岗乙", "从事主要工种")).to_have_text("木工")
    expect(roster).not_to_contain_text("门岗丙")
    page.screenshot(path=f"{SHOTS}/site-roster.png", full_page=True)

    # a person's 履历 and the .xlsx of what the filters found
    row_of(roster, "门岗甲").get_by_test_id("roster-history").click()
    history = page.get_by_test_id("site-history-drawer")
    expect(history).to_contain_text("测试项目三")
    expect(history).to_contain_text("按时完成，服从管理")
    page.keyboard.press("Escape")
    with page.expect_download() as download:
        page.get_by_test_id("roster-export").click()
    assert download.value.suggested_filename == "用工查询.xlsx"
    saved = tmp_path / "roster.xlsx"
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert sorted((row[3], row[4]) for row in rows[1:]) == [
        ("门岗乙", masked(numbers["门岗乙"])), ("门岗甲", masked(numbers["门岗甲"]))]


def test_unregistered_entry_of_a_number_on_record_enters_the_record_on_file(page, log_in, gate, api):
    """Needs the siteaccess side of the contract (409 PERSON_ALREADY_REGISTERED with the record on file)."""
    employer, numbers = gate["employer"], gate["numbers"]
    tables = api("site_3").get("/reference").json()
    trade, education = (next(row["name"] for row in tables[table] if not row.get("legacy"))
                        for table in ("trades", "education_levels"))
    log_in(page, "site_3")

    # 非正常登记 of 门岗甲, who has a real-name record, typed under another name
    page.get_by_test_id("entry-unregistered").click()
    page.get_by_test_id("person-id-number").fill(numbers["门岗甲"])
    page.get_by_test_id("person-name").fill("门岗丁")
    choose(page, "entry-employer", employer, typed=employer[:6], exact=True)
    choose(page, "entry-trade", trade, exact=True)
    choose(page, "entry-education", education, exact=True)
    page.get_by_test_id("unregistered-submit").click()

    # the record on file beside what was typed, the differing field named; nothing typed is lost
    on_file = page.get_by_test_id("unregistered-on-file")
    expect(on_file.get_by_test_id("on-file-name")).to_have_text("门岗甲")
    expect(on_file.get_by_test_id("typed-name")).to_have_text("门岗丁")
    expect(page.get_by_test_id("unregistered-differences")).to_contain_text("姓名")
    expect(page.get_by_test_id("person-name")).to_have_value("门岗丁")
    page.screenshot(path=f"{SHOTS}/site-unregistered-on-file.png")

    # 使用已登记信息进场: the person enters under the record on file, which is not changed
    page.get_by_test_id("unregistered-use-on-file").click()
    expect(page.get_by_test_id("unregistered-dialog")).to_be_hidden()
    entries = page.get_by_test_id("entries-table")
    expect(row_of(entries, "门岗甲")).to_contain_text(masked(numbers["门岗甲"]))
    expect(entries).not_to_contain_text("门岗丁")
