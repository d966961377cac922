"""The 用工查询 export: the roster as an .xlsx sheet, in the user's language."""

import io

from openpyxl import Workbook

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


def roster_workbook(rows, tables: dict, english: bool, full_numbers: dict | None = None) -> bytes:
    """``full_numbers`` maps person ids to full ID numbers for roles that may see them; others get masks."""
    names = {table: {row["code"]: row["name_en" if english else "name"] for row in tables[table]}
             for table in CODED.values()}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("用工查询" if not english else "Roster")
    sheet.append(["#"] + [en if english else zh for _, zh, en in COLUMNS])
    yes = "Yes" if english else "√"
    for number, row in enumerate(rows, start=1):
        values = []
        for field, _, _ in COLUMNS:
            if field == "id_number":
                value = (full_numbers or {}).get(row["person_id"]) or row["id_number_masked"]
            elif field == "is_team_leader":
                value = yes if row["is_team_leader"] else ""
            elif field in CODED:
                value = names[CODED[field]].get(row[field], row[field])
            else:
                value = row[field]
            values.append(value)
        sheet.append([number] + values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
