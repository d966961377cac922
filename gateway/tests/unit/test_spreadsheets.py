"""The export's workbook as a spreadsheet program reads it back (openpyxl)."""

from openpyxl import load_workbook

from gateway.spreadsheets import RosterWorkbook

TABLES = {
    "genders": [{"code": "1", "name": "男", "name_en": "Male"}],
    "trades": [{"code": "020", "name": "钢筋工", "name_en": "Steel fixer"}],
    "education_levels": [{"code": "71", "name": "初中", "name_en": "Junior secondary"}],
    "evaluations": [{"code": "good", "name": "良", "name_en": "Good"}],
}


def row(person_id, name, **overrides):
    return {"person_id": person_id, "employer_name": "测试劳务有限公司", "is_team_leader": False, "name": name,
            "id_number_masked": "310*****514", "gender": "1", "team_leader_name": None, "trade": "020",
            "education": "71", "phone_masked": None, "project_name": "测试项目", "entry_date": "2026-11-02",
            "exit_date": None, "evaluation": None, "evaluation_comment": None, **overrides}


def read_back(workbook):
    with workbook.close() as written:
        return load_workbook(written).active


def test_rows_written_page_by_page_read_back_in_order_with_the_numbers_revealed():
    workbook = RosterWorkbook(TABLES, english=False)
    workbook.add([row(1, "张伟", is_team_leader=True), row(2, "李娜")], {2: "310101198503021514"})
    workbook.add([row(3, "王芳", exit_date="2026-11-20", evaluation="good")], {})
    sheet = read_back(workbook)
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "用工查询"
    assert rows[0][:5] == ("#", "用人单位", "劳务队长", "姓名", "身份证")
    assert [r[:5] for r in rows[1:]] == [(1, "测试劳务有限公司", "√", "张伟", "310*****514"),
                                         (2, "测试劳务有限公司", None, "李娜", "310101198503021514"),
                                         (3, "测试劳务有限公司", None, "王芳", "310*****514")]
    assert rows[3][5:] == ("男", None, "钢筋工", "初中", None, "测试项目", "2026-11-02", "2026-11-20", "良", None)


def test_what_people_typed_stays_text_never_a_formula_or_markup():
    typed = '=HYPERLINK("http://example.com") <b>&amp; "按时" 完成 '
    workbook = RosterWorkbook(TABLES, english=True)
    workbook.add([row(1, "张伟", evaluation_comment=typed)], {})
    sheet = read_back(workbook)
    assert sheet.title == "Roster"
    assert sheet["O2"].value == typed
    assert sheet["O2"].data_type == "s"
