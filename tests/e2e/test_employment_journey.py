"""A worker's way through employment, through the gateway, as the enterprise and the worker each see it.

Request → activation slip → the worker activates their account and confirms → the employer completes the
profile → a second employer is refused → the worker applies to resign → approved → the second employer hires.
"""

import io
import random
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from openpyxl import Workbook, load_workbook

from devtools.synthetic import mobile_phone, resident_id_number

pytestmark = pytest.mark.e2e
rng = random.Random(8801)
WORKER_PASSWORD = "Gongren@2026"


def document(name):
    return {"id_type": "01", "id_number": resident_id_number(rng), "name": name, "ethnicity": "01",
            "address": "上海市闵行区测试路8号", "issuing_authority": "上海市公安局闵行分局",
            "valid_from": "2019-03-01", "valid_until": "2039-03-01"}


@pytest.fixture
def person(api):
    """``person("姓名")``: a real-name record the authority registered; its document."""

    def register(name):
        doc = document(name)
        response = api("authority").post("/persons", json=doc)
        assert response.status_code == 201, response.text
        return doc

    return register


def hire(client, doc, role="worker", name=None):
    return client.post("/employments", json={"name": name or doc["name"], "id_type": "01",
                                             "id_number": doc["id_number"], "role": role})


def worker_session(api, doc, activation):
    """The worker's phone: activates the account with the slip's code and is logged in."""
    worker = api()
    response = worker.post("/auth/worker/activate", json={
        "id_type": "01", "id_number": doc["id_number"], "code": activation["code"], "password": WORKER_PASSWORD})
    assert response.status_code == 200, response.text
    worker.http.headers["Authorization"] = "Bearer " + response.json()["token"]
    return worker


def worker_login(api, doc):
    worker = api()
    response = worker.post("/auth/worker/login", json={"id_type": "01", "id_number": doc["id_number"],
                                                      "password": WORKER_PASSWORD})
    assert response.status_code == 200, response.text
    worker.http.headers["Authorization"] = "Bearer " + response.json()["token"]
    return worker


def state_of(client, relation_id):
    found = [item for item in client.get("/employments", params={"page_size": 200}).json()["items"]
             if item["id"] == relation_id]
    return found[0]["state"] if found else None


def test_from_request_to_a_second_employer(api, person, registry):
    doc = person("聘用旅程")
    first, second = api("enterprise_7"), api("enterprise_8")

    requested = hire(first, doc)
    assert requested.status_code == 201, requested.text
    relation = requested.json()
    assert relation["state"] == "pending" and relation["id_number_masked"] != doc["id_number"]
    assert relation["actions"] == ["withdraw"]
    activation = relation["activation"]
    assert activation["code"] and "/m/activate" in activation["activation_url"]

    worker = worker_session(api, doc, activation)
    mine = worker.get("/me/employments").json()
    assert [(item["id"], item["state"], item["enterprise_name"]) for item in mine] == [
        (relation["id"], "pending", registry["enterprise_7"]["name"])]
    assert set(mine[0]["actions"]) == {"confirm", "decline"}
    # the code was used: it opens nothing a second time
    again = api().post("/auth/worker/activate", json={"id_type": "01", "id_number": doc["id_number"],
                                                      "code": activation["code"], "password": "Another@2026"})
    assert again.status_code in (400, 401, 422), again.text

    confirmed = worker.post(f"/me/employments/{relation['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["state"] == "employed"
    assert state_of(first, relation["id"]) == "employed"

    profile = first.put(f"/worker-profiles/{relation['id']}", json={
        "role": "worker", "phone": mobile_phone(rng), "trade": "020", "education": "71", "wage_scheme": "day",
        "daily_wage": 380, "contract_starts_on": "2026-01-01", "contract_ends_on": "2027-12-31"})
    assert profile.status_code == 200, profile.text

    refused = hire(second, doc)
    assert refused.status_code == 409
    assert refused.json()["error"] == "EMPLOYED_ELSEWHERE"
    assert registry["enterprise_7"]["name"] in refused.json()["message"]

    resigning = worker.post(f"/me/employments/{relation['id']}/resign", json={"reason": "回老家"})
    assert resigning.status_code == 200, resigning.text
    assert resigning.json()["state"] == "resignation_requested"
    approved = first.post(f"/employments/{relation['id']}/resignation/approve", json={})
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "ended" and approved.json()["end_reason"] == "resigned"

    rehired = hire(second, doc)
    assert rehired.status_code == 201, rehired.text
    assert rehired.json()["activation"] is None  # the account is active: the worker just logs in
    again = worker_login(api, doc)
    assert again.post(f"/me/employments/{rehired.json()['id']}/confirm").json()["state"] == "employed"

    history = api("authority").get(f"/persons/{person_id(api, doc)}/employments").json()
    assert [(item["enterprise_name"], item["end_reason"]) for item in history] == [
        (registry["enterprise_8"]["name"], None), (registry["enterprise_7"]["name"], "resigned")]


def person_id(api, doc):
    found = api("authority").get("/persons/lookup", params={"id_type": "01", "id_number": doc["id_number"]})
    assert found.status_code == 200, found.text
    body = found.json()
    return body.get("person", body)["id"]


def test_a_name_that_does_not_match_the_record_is_refused_on_the_name(api, person):
    doc = person("名字核对")
    refused = hire(api("enterprise_7"), doc, name="名字不符")
    assert refused.status_code == 422
    assert refused.json()["error"] == "NAME_MISMATCH" and "name" in refused.json()["fields"]
    unknown = hire(api("enterprise_7"), document("未登记的人"))
    assert unknown.json()["error"] == "PERSON_NOT_REGISTERED"
    assert "实名登记" in unknown.json()["message"]


def test_a_manager_on_a_site_is_dismissed_only_after_exiting(api, person, registry):
    doc = person("项目管理员")
    employer = api("enterprise_7")
    relation = hire(employer, doc, role="manager").json()
    worker = worker_session(api, doc, relation["activation"])
    assert worker.post(f"/me/employments/{relation['id']}/confirm").status_code == 200
    site = api("site_3")
    entry = site.post("/entries", json={
        "employer_id": registry["enterprise_7"]["id"], "is_team_leader": False, "team_leader_entry_id": None,
        "id_number": doc["id_number"], "phone": None, "trade": "020", "education": "71",
        "entry_date": time.strftime("%Y-%m-%d")})
    assert entry.status_code == 201, entry.text

    refused = employer.post(f"/employments/{relation['id']}/dismiss", json={"reason": "项目调整"})
    assert refused.status_code == 409
    assert refused.json()["error"] == "MANAGER_STILL_ON_SITE"
    assert registry["site_3"]["name"] in refused.json()["message"] or \
        [p["project_id"] for p in refused.json()["projects"]] == [registry["site_3"]["id"]]

    exited = site.post("/entries/exit", json={"entry_ids": [entry.json()["id"]], "exit_date":
                                              time.strftime("%Y-%m-%d"), "evaluation": "good"})
    assert exited.status_code == 200 and exited.json()["refused"] == []
    dismissing = employer.post(f"/employments/{relation['id']}/dismiss", json={"reason": "项目调整"})
    assert dismissing.status_code == 200, dismissing.text
    assert dismissing.json()["state"] == "dismissal_requested"
    agreed = worker.post(f"/me/employments/{relation['id']}/dismissal/agree")
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["state"] == "ended" and agreed.json()["end_reason"] == "dismissed"


def test_two_employers_hiring_one_person_at_once_leave_exactly_one_employer(api, person):
    doc = person("同时聘用")
    first, second = api("enterprise_7"), api("enterprise_8")
    one, other = hire(first, doc).json(), hire(second, doc).json()
    # each request issued a code; the later one replaced the earlier
    worker = worker_session(api, doc, other["activation"])
    phones = [worker, api()]
    phones[1].http.headers["Authorization"] = worker.http.headers["Authorization"]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda phone, relation: phone.post(f"/me/employments/{relation['id']}/confirm"),
                                phones, (one, other)))
    assert sorted(answer.status_code for answer in answers) == [200, 409], [a.text for a in answers]
    assert [a.json()["error"] for a in answers if a.status_code == 409] == ["EMPLOYED_ELSEWHERE"]
    states = sorted(item["state"] for item in worker.get("/me/employments").json())
    assert states == ["employed", "pending"]


def roster_file(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "证件类型", "证件号", "人员类型", "从事主要工种", "工资结算方式", "日工资(元)"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_takes_the_good_rows_and_reports_the_bad_ones(api, person):
    employer = api("enterprise_8")
    template = employer.get("/imports/template")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == "姓名"

    good = [person(f"导入甲{n}") for n in range(3)]
    unregistered = document("导入未登记")
    mismatched = person("导入核对")
    rows = [[doc["name"], "居民身份证", doc["id_number"], "建筑工人", "钢筋工", "点工", 350] for doc in good]
    rows.append([unregistered["name"], "居民身份证", unregistered["id_number"], "建筑工人", "钢筋工", "点工", 350])
    rows.append(["别的名字", "居民身份证", mismatched["id_number"], "建筑工人", "钢筋工", "点工", 350])
    rows.append([good[0]["name"], "居民身份证", good[0]["id_number"], "建筑工人", "焊工甲", "点工", 350])
    upload = employer.post("/imports", files={"file": ("花名册.xlsx", roster_file(rows))})
    assert upload.status_code == 202, upload.text
    job = upload.json()
    assert job["total_rows"] == 6

    deadline = time.monotonic() + 60
    while job["state"] != "done" and time.monotonic() < deadline:
        time.sleep(0.3)
        job = employer.get(f"/imports/{job['id']}").json()
    assert (job["state"], job["processed_rows"], job["accepted_rows"], job["refused_rows"]) == ("done", 6, 3, 3)

    report = load_workbook(io.BytesIO(employer.get(f"/imports/{job['id']}/report").content)).active
    refused = [(row[0], row[1], row[3]) for row in report.iter_rows(min_row=2, values_only=True)]
    assert refused == [(5, "证件号", "PERSON_NOT_REGISTERED"), (6, "姓名", "NAME_MISMATCH"),
                       (7, "从事主要工种", "UNKNOWN_CODE")]
    pending = {item["person_name"]: item["state"] for item in
               employer.get("/employments", params={"name": "导入", "page_size": 50}).json()["items"]}
    assert pending == {doc["name"]: "pending" for doc in good}


def test_a_file_that_is_not_a_roster_is_refused_at_once(api):
    refused = api("enterprise_8").post("/imports", files={"file": ("名单.xlsx", b"name,id\n")})
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"file": "不是 .xlsx 格式的 Excel 文件，请使用导入模板"}
