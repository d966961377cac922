"""花名册导入 in a real container beside identity_svc: good rows become requests, bad rows are reported, and a
file that is not a roster is refused at once."""

import base64
import io
import random

import pytest
from nameko.exceptions import RemoteError
from openpyxl import Workbook

from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(91)


@pytest.fixture
def employer(run_service, rpc_as):
    for service in ("identity_svc", "employment_svc"):
        run_service(service)
    enterprise = rpc_as(AUTHORITY).employment_svc.register_enterprise(
        {"name": "导入劳务", "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
    return {**enterprise, "rpc": rpc_as(Caller("enterprise", "hr", enterprise_id=enterprise["id"]))}


def workbook(rows):
    book = Workbook()
    book.active.append(["姓名", "证件号", "人员类型"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return base64.b64encode(out.getvalue()).decode()


def registered(rpc, name):
    number = resident_id_number(rng)
    rpc.identity_svc.register_person({"id_number": number, "name": name})
    return name, number


def test_good_rows_become_requests_and_bad_rows_are_reported(employer):
    rpc = employer["rpc"]
    people = [registered(rpc, f"导入{n}") for n in range(5)]
    already = people[4]
    rpc.employment_svc.request_employment({"name": already[0], "id_number": already[1]})
    rows = [[name, number, "建筑工人"] for name, number in people[:4]]
    rows += [[already[0], already[1], "建筑工人"],                      # row 6: requested before
             ["不登记", resident_id_number(rng), "建筑工人"],          # row 7: no record
             ["别名", people[0][1], "建筑工人"],                       # row 8: name differs (and a duplicate)
             [people[1][0], people[1][1], "建筑工人"],                 # row 9: the same person twice
             [people[2][0], people[2][1][:-1] + "0" if people[2][1][-1] != "0" else people[2][1][:-1] + "1",
              "建筑工人"]]                                              # row 10: check digit
    job = rpc.employment_svc.start_import("花名册.xlsx", workbook(rows))
    assert (job["state"], job["total_rows"]) == ("queued", 9)

    def finished():
        current = rpc.employment_svc.get_import(job["id"])
        assert current["state"] == "done"
        return current

    done = eventually(finished, timeout=30)
    assert (done["processed_rows"], done["accepted_rows"], done["refused_rows"]) == (9, 4, 5)
    problems = [(p["row"], p["column"], p["code"]) for p in rpc.employment_svc.import_problems(job["id"])]
    assert problems == [(6, "证件号", "EMPLOYMENT_ALREADY_REQUESTED"), (7, "证件号", "PERSON_NOT_REGISTERED"),
                        (8, "姓名", "NAME_MISMATCH"), (9, "证件号", "DUPLICATE_IN_FILE"),
                        (10, "证件号", "ID_NUMBER_CHECK_DIGIT")]
    listed = rpc.employment_svc.list_employments({"name": "导入", "page_size": 50})["items"]
    assert sorted((item["person_name"], item["state"]) for item in listed) == sorted(
        [(name, "pending") for name, _ in people])


def test_a_file_that_is_not_a_roster_is_refused_before_anything_is_queued(employer):
    with pytest.raises(RemoteError) as refused:
        employer["rpc"].employment_svc.start_import("x.xlsx", base64.b64encode(b"not a workbook").decode())
    assert parse_remote_error(refused.value.value)["fields"] == {"file": "NOT_A_WORKBOOK"}
    assert employer["rpc"].employment_svc.list_imports()["total"] == 0


def profiled_workbook(rows):
    book = Workbook()
    book.active.append(["姓名", "证件号", "手机号", "从事主要工种", "班组", "工资结算方式", "日工资(元)",
                        "工资卡开户行", "工资卡号"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return base64.b64encode(out.getvalue()).decode()


def test_a_row_with_a_profile_keeps_it_for_when_the_person_confirms(employer, rpc_as):
    rpc = employer["rpc"]
    team = rpc.employment_svc.create_team({"name": "钢筋一班", "kind": "workers", "trade": "020"})
    good, unpaid, unknown_team = (registered(rpc, name) for name in ("档案甲", "档案乙", "档案丙"))
    rows = [[*good, "13912345204", "钢筋工", "钢筋一班", "点工", 380, "中国工商银行", "6222021234567890128"],
            [*unpaid, "13912345205", "钢筋工", None, "点工", None, None, None],
            [*unknown_team, "13912345206", "钢筋工", "不存在的班组", "点工", 300, None, None]]
    job = rpc.employment_svc.start_import("档案.xlsx", profiled_workbook(rows))

    def finished():
        current = rpc.employment_svc.get_import(job["id"])
        assert current["state"] == "done"
        return current

    assert (eventually(finished, timeout=30)["accepted_rows"]) == 1
    problems = [(p["row"], p["column"], p["code"]) for p in rpc.employment_svc.import_problems(job["id"])]
    assert problems == [(3, "日工资(元)", "REQUIRED"), (4, "班组", "UNKNOWN_TEAM")]

    relation = rpc.employment_svc.list_employments({"name": "档案甲"})["items"][0]
    person_id = relation["person_id"]
    worker = rpc_as(Caller("worker", "w", person_id=person_id))
    worker.employment_svc.confirm_employment(relation["id"])
    profile = rpc.employment_svc.get_profile(relation["id"])
    assert (profile["trade"], profile["phone_masked"], profile["team_id"], profile["wage_scheme"]) == (
        "020", "139****5204", team["id"], "day")
    assert profile["wage_card_masked"].endswith("0128") and "6222021234567890128" not in str(profile)
