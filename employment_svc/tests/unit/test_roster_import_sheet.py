"""Reading a filled-in roster: the template's columns, what people type into cells, and files that are not one."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from employment_svc import roster_import
from employment_svc.roster_import import CellReader, SheetRow, UnreadableSheet

TABLES = {
    "id_document_types": [{"code": "01", "name": "居民身份证", "name_en": "Resident ID card"}],
    "employment_roles": [{"code": "worker", "name": "建筑工人", "name_en": "Construction worker"},
                         {"code": "manager", "name": "管理员", "name_en": "Manager"}],
    "trades": [{"code": "020", "name": "钢筋工", "name_en": "Steel fixer"},
               {"code": "051", "name": "木工(模板工)", "name_en": "Carpenter", "legacy": True}],
    "education_levels": [{"code": "71", "name": "初中", "name_en": "Junior secondary"}],
}


def workbook(rows, headers=("姓名", "证件号", "人员类型", "从事主要工种", "是否临时工", "劳动合同生效日期")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_has_every_column_and_reads_back_as_an_empty_roster():
    content = roster_import.template(TABLES)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == [column.header for column in roster_import.COLUMNS]
    headers, rows = roster_import.read(content)
    assert rows == []
    assert headers[:3] == ["name", "id_type", "id_number"]


def test_the_template_offers_current_names_only_in_its_drop_downs():
    book = load_workbook(io.BytesIO(roster_import.template(TABLES)))
    lists = book["代码表"]
    trades_column = [column.field for column in roster_import.COLUMNS].index("trade") + 1
    offered = [lists.cell(row=row, column=trades_column).value for row in range(1, 4)]
    assert offered == ["钢筋工", None, None]
    assert lists.sheet_state == "hidden"


def test_rows_keep_their_sheet_numbers_and_blank_rows_are_skipped():
    content = workbook([("张三", "110101199003070134", "建筑工人", "钢筋工", "是", "2026-05-01"),
                        (None, None, None, None, None, None),
                        ("李四", "110101199003071192", "管理员", "020", "否", dt.datetime(2026, 6, 1))])
    _, rows = roster_import.read(content)
    assert [row.number for row in rows] == [2, 4]
    reader = CellReader(TABLES)
    first, problems = reader.values(rows[0])
    assert problems == []
    assert first == {"name": "张三", "id_number": "110101199003070134", "role": "worker", "trade": "020",
                     "is_temporary": True, "contract_starts_on": dt.date(2026, 5, 1)}
    second, _ = reader.values(rows[1])
    assert second["role"] == "manager" and second["trade"] == "020"
    assert second["contract_starts_on"] == dt.date(2026, 6, 1) and second["is_temporary"] is False


@pytest.mark.parametrize(("cells", "field", "code"), [
    ({"name": "张三", "id_number": 110101199003070134.0}, "id_number", "NUMBER_NOT_TEXT"),
    ({"name": "张三", "id_number": "110101199003070134", "trade": "焊工甲"}, "trade", "UNKNOWN_CODE"),
    ({"name": "张三", "id_number": "110101199003070134", "is_temporary": "也许"}, "is_temporary", "NOT_YES_OR_NO"),
    ({"name": "张三", "id_number": "110101199003070134", "contract_starts_on": "明年"}, "contract_starts_on",
     "INVALID_DATE"),
    ({"name": "张三", "id_number": "110101199003070134", "daily_wage": "三百"}, "daily_wage", "INVALID_NUMBER"),
    ({"id_number": "110101199003070134"}, "name", "REQUIRED"),
])
def test_a_cell_that_cannot_be_read_is_named_with_its_reason(cells, field, code):
    _, problems = CellReader(TABLES).values(SheetRow(7, cells))
    assert [(problem.row, problem.field, problem.code) for problem in problems] == [(7, field, code)]


def test_dates_as_people_type_them():
    reader = CellReader(TABLES)
    for typed in ("2026/5/1", "2026.05.01", "20260501", "2026年5月1日"):
        values, problems = reader.values(SheetRow(2, {"name": "张三", "id_number": "1", "contract_starts_on": typed}))
        assert problems == [] and values["contract_starts_on"] == dt.date(2026, 5, 1), typed


def test_headers_in_english_or_with_a_required_mark_are_read():
    content = workbook([("张三", "110101199003070134")], headers=("Name*", "证件号＊"))
    headers, rows = roster_import.read(content)
    assert headers == ["name", "id_number"] and len(rows) == 1


@pytest.mark.parametrize(("content", "code"), [
    (b"PK\x03\x04 not really a zip", "NOT_A_WORKBOOK"),
    (b"name,id_number\n", "NOT_A_WORKBOOK"),
])
def test_a_file_that_is_not_a_workbook_is_refused(content, code):
    with pytest.raises(UnreadableSheet) as refused:
        roster_import.read(content)
    assert refused.value.code == code


def test_a_sheet_without_the_required_columns_is_refused_naming_them():
    with pytest.raises(UnreadableSheet) as refused:
        roster_import.read(workbook([("x",)], headers=("备注",)))
    assert refused.value.code == "MISSING_COLUMNS"
    assert refused.value.details == {"columns": ["姓名", "证件号"]}
