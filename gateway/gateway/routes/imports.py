"""花名册导入: the template, the upload, its progress, and the report of refused rows."""

import base64
import io

from flask import send_file
from flask_smorest import Blueprint
from openpyxl import Workbook

from chassis.caller import ENTERPRISE
from gateway.auth import requires
from gateway.errors import ApiError, request_language
from gateway.messages import ERRORS, FIELD_PROBLEMS, english, words
from gateway.routes import services
from gateway.schemas import PageQuerySchema, RosterImportPageSchema, RosterImportSchema, RosterImportUploadSchema

blp = Blueprint("imports", __name__, url_prefix="/api/v1/imports", description="Roster import (花名册导入)")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/template")
@requires(ENTERPRISE)
def template():
    """The .xlsx to fill in: one row per person (employment request and profile); required columns in red."""
    with services() as rpc:
        content = base64.b64decode(rpc.employment_svc.import_template())
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name="花名册导入模板.xlsx")


@blp.route("", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(RosterImportUploadSchema, location="files")
@blp.response(202, RosterImportSchema)
def start(files):
    """Uploads a filled-in roster (multipart ``file``); answers at once with the import, which then runs in the
    background: poll ``GET /imports/<id>`` for its progress. A file that is not a workbook of the template's
    columns is refused at once (422, ``fields.file``)."""
    upload = files["file"]
    content = upload.read()
    with services() as rpc:
        return rpc.employment_svc.start_import(upload.filename or "roster.xlsx",
                                               base64.b64encode(content).decode())


@blp.route("")
@requires(ENTERPRISE)
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, RosterImportPageSchema)
def list_imports(query):
    """The caller's imports, newest first."""
    with services() as rpc:
        return rpc.employment_svc.list_imports(query["page"], query["page_size"])


@blp.route("/<int:import_id>")
@requires(ENTERPRISE)
@blp.response(200, RosterImportSchema)
def get_import(import_id):
    """One import and its progress: ``processed_rows`` of ``total_rows``, ``accepted_rows``, ``refused_rows``."""
    with services() as rpc:
        return rpc.employment_svc.get_import(import_id)


@blp.route("/<int:import_id>/report")
@requires(ENTERPRISE)
def report(import_id):
    """The refused rows as .xlsx: 行号, 列, 原因 in the user's language, with the row's name and masked number."""
    language = request_language()
    with services() as rpc:
        job = rpc.employment_svc.get_import(import_id)
        problems = rpc.employment_svc.import_problems(import_id)
    if job["state"] not in ("done",):
        raise ApiError("IMPORT_NOT_FINISHED")
    book = Workbook(write_only=True)
    in_english = english(language)
    sheet = book.create_sheet("Refused rows" if in_english else "未导入的行")
    sheet.append(["Row", "Column", "Reason", "Code", "Name", "ID number"] if in_english
                 else ["行号", "列", "原因", "代码", "姓名", "证件号"])
    for problem in problems:
        column = problem["column_en"] if in_english else problem["column"]
        sheet.append([problem["row"], column or "", reason(problem["code"], language), problem["code"],
                      problem["name"] or "", problem["id_number_masked"] or ""])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    name = f"{'import-report' if in_english else '导入结果'}-{import_id}.xlsx"
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)


def reason(code, language):
    """A refusal's words: the field table's, else the error table's, else the code itself."""
    if code in FIELD_PROBLEMS:
        return words(FIELD_PROBLEMS[code], language)
    if code in ERRORS:
        return words(ERRORS[code][1:], language)
    return code

