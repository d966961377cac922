"""The 用工查询 export: the roster as an .xlsx sheet, in the user's language, written page by page."""

import tempfile

import xlsxwriter

COLUMNS = (
    # field, 中文, English
    ("employer_name", "用人单位", "Employer"),
    ("is_team_leader", "劳务队长", "Team leader"),
    ("name", "姓名", "Name"),
    ("id_number", "身份证", "ID number"),
    ("gender", "性别", "Gender"),
    ("team_leader_name", "所属劳务队", "Team"),
    ("trade", "从事主要工种", "Trade"),
    ("education", "文化程度", "Education"),
    ("phone_masked", "联系电话", "Phone"),
    ("project_name", "项目", "Project"),
    ("entry_date", "进场日期", "Entry date"),
    ("exit_date", "退场日期", "Exit date"),
    ("evaluation", "用工评价", "Evaluation"),
    ("evaluation_comment", "评价内容", "Comment"),
)
CODED = {"gender": "genders", "trade": "trades", "education": "education_levels", "evaluation": "evaluations"}


class RosterWorkbook:
    """The spreadsheet, written as the pages of rows arrive.

    xlsxwriter's constant-memory mode keeps one row in memory and the sheet in
    a temporary file, so memory stays flat whatever the size; it was also the
    faster of it and openpyxl's write-only mode (bin/bench's export rows).
    Every value is written as text or a number, never as a formula: a comment
    typed as ``=HYPERLINK(…)`` stays a comment.
    """

    def __init__(self, tables: dict, english: bool):
        self._names = {table: {row["code"]: row["name_en" if english else "name"] for row in tables[table]}
                       for table in CODED.values()}
        self._yes = "Yes" if english else "√"
        self._file = tempfile.TemporaryFile()  # noqa: SIM115  handed to the response, which closes it
        self._workbook = xlsxwriter.Workbook(self._file, {"constant_memory": True})
        self._sheet = self._workbook.add_worksheet("Roster" if english else "用工查询")
        self._sheet.write_row(0, 0, ["#"] + [en if english else zh for _, zh, en in COLUMNS])
        self.rows = 0

    def add(self, rows: list[dict], full_numbers: dict):
        """``full_numbers`` maps person ids to the full ID numbers shown in place of the masked ones."""
        write_string, write_number = self._sheet.write_string, self._sheet.write_number
        for row in rows:
            self.rows += 1
            write_number(self.rows, 0, self.rows)
            for column, value in enumerate(self._values(row, full_numbers), start=1):
                if value is not None:
                    write_string(self.rows, column, value)

    def _values(self, row: dict, full_numbers: dict):
        names = self._names
        for field, _, _ in COLUMNS:
            if field == "id_number":
                yield full_numbers.get(row["person_id"]) or row["id_number_masked"]
            elif field == "is_team_leader":
                yield self._yes if row["is_team_leader"] else None
            elif field in CODED:
                yield names[CODED[field]].get(row[field], row[field])
            else:
                yield row[field]

    def close(self):
        """The finished .xlsx, as a file open at its start."""
        self._workbook.close()
        self._file.seek(0)
        return self._file
