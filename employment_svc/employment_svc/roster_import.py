"""Roster import (花名册导入): the template, reading a filled-in sheet, and the report of refused rows.

A row is an employment request with the worker's profile (the columns of manual
001's 基本信息登记 form). Cells hold what a person types: names from the code
tables (``钢筋工``) or their codes (``020``), 是/否, dates as dates or text.
This module only turns cells into values; the rules a row must keep
are the relation's and the profile's, in ``domain``.
"""

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

TEXT, CODE, FLAG, DATE, NUMBER = "text", "code", "flag", "date", "number"


@dataclass(frozen=True)
class Column:
    header: str
    header_en: str
    field: str
    kind: str = TEXT
    #: the code table a CODE column's names come from (``reference_tables()`` keys)
    table: str | None = None
    required: bool = False


COLUMNS = (
    Column("姓名", "Name", "name", required=True),
    Column("证件类型", "ID document type", "id_type", CODE, "id_document_types"),
    Column("证件号", "ID number", "id_number", required=True),
    Column("人员类型", "Role", "role", CODE, "employment_roles"),
    Column("手机号", "Mobile phone", "phone"),
    Column("文化程度", "Education", "education", CODE, "education_levels"),
    Column("政治面貌", "Political status", "politics", CODE, "politics"),
    Column("是否安全协管员", "Safety officer", "is_safety_officer", FLAG),
    Column("从事主要工种", "Trade", "trade", CODE, "trades"),
    Column("证书类型", "Certificate type", "certificate_type", CODE, "certificate_types"),
    Column("证书编号", "Certificate number", "certificate_number"),
    Column("证书有效期至", "Certificate valid until", "certificate_valid_until", DATE),
    Column("班组", "Team", "team_name"),
    Column("劳动合同生效日期", "Contract starts", "contract_starts_on", DATE),
    Column("劳动合同失效日期", "Contract ends", "contract_ends_on", DATE),
    Column("是否临时工", "Temporary", "is_temporary", FLAG),
    Column("工资卡开户行", "Wage card bank", "bank", CODE, "banks"),
    Column("工资卡号", "Wage card number", "wage_card_number"),
    Column("工资结算方式", "Wage scheme", "wage_scheme", CODE, "wage_schemes"),
    Column("日工资(元)", "Daily wage (CNY)", "daily_wage", NUMBER),
    Column("单价(元)", "Unit price (CNY)", "unit_price", NUMBER),
    Column("计件单位", "Piece unit", "piece_unit", CODE, "piece_units"),
    Column("血型", "Blood type", "blood_type", CODE, "blood_types"),
    Column("紧急联系人", "Emergency contact", "emergency_contact_name"),
    Column("紧急联系人电话", "Emergency contact phone", "emergency_contact_phone"),
)
BY_FIELD = {column.field: column for column in COLUMNS}
BY_HEADER = {column.header: column for column in COLUMNS} | {column.header_en: column for column in COLUMNS}
FLAGS = {"是": True, "否": False, "y": True, "n": False, "yes": True, "no": False, "1": True, "0": False,
         "true": True, "false": False}
#: the columns of the person and the relation; the others are the profile's (基本信息登记)
RELATION_FIELDS = ("name", "id_type", "id_number", "role")
#: the most rows one file may hold (the report names each refused one)
MAX_ROWS = 200_000
#: the first row of data: row 1 holds the headers, as the template has them
FIRST_ROW = 2


class UnreadableSheet(ValueError):
    """The file is not a workbook this import reads, or its header row names no known column; ``code`` says
    which (``NOT_A_WORKBOOK``, ``MISSING_COLUMNS``, ``EMPTY_SHEET``, ``TOO_MANY_ROWS``)."""

    def __init__(self, code, detail, **details):
        super().__init__(detail)
        self.code, self.details = code, details


@dataclass
class SheetRow:
    """One row as typed: its number in the sheet (as Excel shows it) and its cells by field."""

    number: int
    cells: dict


@dataclass
class Problem:
    """Why a row was refused: the row, the field of its column (None for the row as a whole) and a code."""

    row: int
    field: str | None
    code: str


def column_headers(field: str | None) -> tuple[str, str] | None:
    """The column's header as the template has it, (中文, English)."""
    column = BY_FIELD.get(field)
    return (column.header, column.header_en) if column else None


def template(tables: dict) -> bytes:
    """The .xlsx users fill in: the headers, required ones marked, every coded column with a drop-down of its
    names (from a hidden sheet of the code tables), and text format on number columns so that Excel keeps an
    ID number's 18 digits."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    lists = book.create_sheet("代码表")
    lists.sheet_state = "hidden"
    required = Font(bold=True, color="C00000")
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.header)
        cell.font = required if column.required else Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(10, len(column.header) * 2 + 4)
        if column.kind == TEXT:
            for row in range(2, 1002):
                sheet.cell(row=row, column=position).number_format = "@"
        names = _names(tables, column)
        if names:
            for offset, name in enumerate(names, start=1):
                lists.cell(row=offset, column=position, value=name)
            choice = DataValidation(type="list", formula1=f"代码表!${letter}$1:${letter}${len(names)}",
                                    allow_blank=True)
            choice.add(f"{letter}2:{letter}100000")
            sheet.add_data_validation(choice)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _names(tables, column):
    if column.kind == FLAG:
        return ["是", "否"]
    if column.kind != CODE:
        return []
    return [row["name"] for row in tables.get(column.table, []) if not row.get("legacy")]


def read(content: bytes) -> tuple[list[str], list[SheetRow]]:
    """The fields of the header row and the non-empty rows of the first sheet."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as problem:
        raise UnreadableSheet("NOT_A_WORKBOOK", f"not an .xlsx workbook: {problem}") from None
    if not grid:
        raise UnreadableSheet("EMPTY_SHEET", "the first sheet is empty")
    headers = [_header(cell) for cell in grid[0]]
    missing = [column.header for column in COLUMNS if column.required and column.field not in headers]
    if missing:
        raise UnreadableSheet("MISSING_COLUMNS", f"columns missing: {', '.join(missing)}", columns=missing)
    if len(grid) - 1 > MAX_ROWS:
        raise UnreadableSheet("TOO_MANY_ROWS", f"more than {MAX_ROWS} rows", rows=len(grid) - 1, cap=MAX_ROWS)
    rows = []
    for offset, values in enumerate(grid[1:]):
        cells = {field: value for field, value in zip(headers, values, strict=False)
                 if field and value not in ("", None)}
        if cells:
            rows.append(SheetRow(FIRST_ROW + offset, cells))
    return headers, rows


def _header(cell):
    column = BY_HEADER.get(str(cell).strip().rstrip("*＊").strip()) if cell not in ("", None) else None
    return column.field if column else None


class CellReader:
    """Turns a row's cells into the values the rules take, naming each cell that cannot be one."""

    def __init__(self, tables: dict):
        self._codes = {}
        for column in COLUMNS:
            if column.kind == CODE:
                rows = tables.get(column.table, [])
                by_name = {row["name"]: row["code"] for row in rows}
                by_name |= {row.get("name_en", "").lower(): row["code"] for row in rows if row.get("name_en")}
                by_code = {row["code"]: row["code"] for row in rows}
                self._codes[column.field] = by_name | by_code

    def values(self, row: SheetRow) -> tuple[dict, list[Problem]]:
        values, problems = {}, []
        for field, cell in row.cells.items():
            column = BY_FIELD[field]
            try:
                values[field] = self._value(column, cell)
            except ValueError as problem:
                problems.append(Problem(row.number, field, str(problem)))
        for column in COLUMNS:
            if column.required and column.field not in row.cells:
                problems.append(Problem(row.number, column.field, "REQUIRED"))
        return values, problems

    def _value(self, column, cell):
        if column.kind == DATE:
            return _date(cell)
        if column.kind == NUMBER:
            return _number(cell)
        if column.kind == FLAG:
            flag = FLAGS.get(str(cell).strip().lower())
            if flag is None:
                raise ValueError("NOT_YES_OR_NO")
            return flag
        text = _text(cell, column)
        if column.kind == CODE:
            code = self._codes[column.field].get(text) or self._codes[column.field].get(text.lower())
            if code is None:
                raise ValueError("UNKNOWN_CODE")
            return code
        return text


def _text(cell, column):
    if isinstance(cell, float):
        if column.field == "id_number" or column.field == "wage_card_number":
            # Excel kept the number as a float: past 15 digits its last digits are already lost
            raise ValueError("NUMBER_NOT_TEXT")
        cell = int(cell) if cell.is_integer() else cell
    return str(cell).strip()


def _date(cell):
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip().replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("INVALID_DATE")


def _number(cell):
    if isinstance(cell, bool):
        raise ValueError("INVALID_NUMBER")
    if isinstance(cell, int | float):
        return float(cell)
    try:
        return float(str(cell).strip().replace(",", ""))
    except ValueError:
        raise ValueError("INVALID_NUMBER") from None
