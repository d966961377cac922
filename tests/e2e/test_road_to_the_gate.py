"""The road to the gate (issue 9), through the gateway, every role with its own login: an enterprise declares a
project → the authority rejects it with a reason → the declarer corrects and resubmits → the authority approves →
the declarer receives the site login once (the general contractor's 项目负责人) → the general contractor takes on
a specialty contractor, which takes on a labour subcontractor, each reporting its contract section → the labour
subcontractor hires a worker (request, activation with the code, the worker's confirmation on the phone) and
assigns them site first → the specialty contractor rejects another person's assignment and confirms the worker's →
the general contractor's site user reads the worker's personal 建设码 and admits them → exit → an old code is
refused. Scope on the way: who sees and who confirms which assignments.
"""

import datetime as dt
import random

import pytest

from chassis import days
from devtools.synthetic import credit_code, mobile_phone, resident_id_number
from devtools.testing import eventually
from siteaccess_svc.codes import CodeSigner
from tests.e2e.test_project_declaration import account_for, declaration, enterprise_login  # noqa: F401 (fixtures)
from tests.e2e.test_site_access import exit_entries

pytestmark = pytest.mark.e2e
rng = random.Random(9551)
WORKER_PASSWORD = "Gongren@2026"
TODAY = days.today()


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def refused(response, status, error):
    assert (response.status_code, response.json()["error"]) == (status, error), response.text
    return response.json()


def hired(api, employer, name):
    """A person the employer registers and hires through the real flow: 新建聘用关系 → the worker activates their
    account with the slip's code on the phone and confirms → the employer completes the profile. The person, their
    ID number, the relation and the worker's logged-in phone."""
    number = resident_id_number(rng)
    person = ok(employer.post("/persons", json={
        "id_type": "01", "id_number": number, "name": name, "ethnicity": "01", "address": "上海市徐汇区测试路9号",
        "phone": mobile_phone(rng)}), 201)["person"]
    relation = ok(employer.post("/employments", json={"name": name, "id_type": "01", "id_number": number,
                                                      "role": "worker"}), 201)
    assert relation["state"] == "pending" and relation["activation"]["code"]
    phone = api()
    activated = ok(phone.post("/auth/worker/activate", json={
        "id_type": "01", "id_number": number, "code": relation["activation"]["code"], "password": WORKER_PASSWORD}))
    phone.http.headers["Authorization"] = "Bearer " + activated["token"]
    assert ok(phone.post(f"/me/employments/{relation['id']}/confirm"))["state"] == "employed"
    ok(employer.put(f"/worker-profiles/{relation['id']}", json={
        "role": "worker", "phone": mobile_phone(rng), "trade": "020", "education": "71", "wage_scheme": "day",
        "daily_wage": 380, "contract_starts_on": "2026-01-01", "contract_ends_on": "2027-12-31"}))
    return {**person, "id_number": number, "relation": relation, "phone": phone}


def test_from_declaration_to_the_gate_and_out(api, account_for, enterprise_login):  # noqa: F811 (the fixtures)
    authority = api("authority")
    declarer, declarer_enterprise = enterprise_login("通往闸机申报公司")
    form = declaration(name=f"通往闸机花园{rng.randrange(10**6):06d}")
    form["units"]["general_contractor"]["name"] = f"通往闸机施工总包{rng.randrange(10**6):06d}"

    # 项目申报 → 审核不通过 with a reason → corrected and resubmitted → 审核通过
    project = ok(declarer.post("/projects/declarations", json=form), 201)
    assert (project["state"], project["declarer_enterprise_id"]) == ("pending_review", declarer_enterprise["id"])
    path = f"/projects/{project['id']}"
    review = ok(authority.get("/projects/declarations", params={"state": "pending_review", "q": form["name"]}))
    assert [p["name"] for p in review["items"]] == [form["name"]]
    ok(authority.post(f"{path}/reject", json={"reason": "施工许可证发放日期有误"}))
    mine = ok(declarer.get("/projects/declarations"))["items"]
    assert [(p["name"], p["state"], p["rejection_reason"]) for p in mine] == [
        (form["name"], "rejected", "施工许可证发放日期有误")]
    form["builder_license_date"] = "2026-02-15"
    resubmitted = ok(declarer.put(f"{path}/declaration", json=form))
    assert (resubmitted["state"], resubmitted["rejection_reason"]) == ("pending_review", None)
    approved = ok(authority.post(f"{path}/approve"))
    assert (approved["state"], approved["assignment_required"]) == ("in_progress", True)

    # 接收项目账号密码, once; the 项目负责人 logs in as the project's site user, the general contractor's
    login = ok(declarer.post(f"{path}/site-account/receive"))
    refused(declarer.post(f"{path}/site-account/receive"), 409, "ACCOUNT_ALREADY_RECEIVED")
    gate = api()
    gate.login(login["username"], login["password"])
    contractor = approved["units"]["general_contractor"]
    me = ok(gate.get("/auth/me"))
    assert (me["role"], me["project_id"], me["enterprise_id"], me["display_name"]) == (
        "site", project["id"], contractor["enterprise_id"], "项目负责人乙")

    # 参建单位: general contractor → specialty contractor → labour subcontractor; each reports its 合同标段
    general = account_for(contractor["enterprise_id"], contractor["enterprise_name"])
    specialty_unit = ok(general.post(f"{path}/participants", json={
        "credit_code": credit_code(rng), "name": f"通往闸机幕墙专业分包{rng.randrange(10**6):06d}",
        "role": "specialty_contractor", "manager_name": "专业负责人"}), 201)
    specialty = account_for(specialty_unit["enterprise_id"], specialty_unit["enterprise_name"])
    labour_unit = ok(specialty.post(f"{path}/participants", json={
        "credit_code": credit_code(rng), "name": f"通往闸机建筑劳务{rng.randrange(10**6):06d}",
        "role": "labour_subcontractor", "manager_name": "劳务负责人"}), 201)
    labour = account_for(labour_unit["enterprise_id"], labour_unit["enterprise_name"])
    participants = {p["role"]: p for p in ok(gate.get(f"{path}/participants"))}
    assert participants["specialty_contractor"]["contracted_by_id"] == participants["general_contractor"]["id"]
    assert participants["labour_subcontractor"]["contracted_by_id"] == specialty_unit["id"]
    assert participants["labour_subcontractor"]["enterprise_name"] == labour_unit["enterprise_name"]
    for client, number, name, category in ((general, "C01", "总承包标段", "general_contract"),
                                           (specialty, "C02", "幕墙专业分包工程", "specialty_subcontract"),
                                           (labour, "C03", "幕墙劳务分包", "labour_subcontract")):
        ok(client.post(f"{path}/sections", json={
            "report_number": f"W2026{rng.randrange(10**9):09d}", "section_number": number, "name": name,
            "category": category}), 201)
    sections = ok(gate.get(f"{path}/sections"))
    assert {(s["section_number"], s["enterprise_name"], s["state"]) for s in sections} == {
        ("C01", contractor["enterprise_name"], "in_force"),
        ("C02", specialty_unit["enterprise_name"], "in_force"),
        ("C03", labour_unit["enterprise_name"], "in_force")}

    # the labour subcontractor hires through the real flow, and assigns site first
    worker = hired(api, labour, "闸机工人甲")
    other = hired(api, labour, "闸机工人乙")
    offered = ok(labour.get("/assignment-projects", params={"q": form["registration_number"]}))["items"]
    assert [(p["id"], p["name"]) for p in offered] == [(project["id"], form["name"])]
    candidates = ok(labour.get("/assignment-candidates", params={"project_id": project["id"], "name": "闸机工人"}))
    assert sorted(m["person_name"] for team in candidates for m in team["members"]) == ["闸机工人乙", "闸机工人甲"]
    assigned = ok(labour.post("/assignments", json={"project_id": project["id"], "people": [
        {"person_id": worker["id"], "role": "worker", "lodging_on_site": True},
        {"person_id": other["id"], "role": "worker"}]}), 201)
    ids = {item["person_name"]: item["id"] for item in assigned["items"]}
    assert {item["person_name"]: item["state"] for item in assigned["items"]} == {
        "闸机工人甲": "pending", "闸机工人乙": "pending"}
    assert {item["enterprise_name"] for item in assigned["items"]} == {labour_unit["enterprise_name"]}

    # the worker's personal code; before confirmation the gate refuses them
    code = ok(worker["phone"].get("/me/personal-code"))

    def read_pending():
        summary = ok(gate.post("/codes/read", json={"code": code["token"]}))
        assert (summary["assignment"] or {}).get("state") == "pending"
        return summary

    pending = eventually(read_pending, timeout=30)
    assert pending["person"]["name"] == "闸机工人甲" and pending["assignment_required"] is True
    early = gate.post("/codes/enter", json={"code": pending["ticket"], "employer_id": labour_unit["enterprise_id"],
                                            "trade": "020", "education": "71", "entry_date": str(TODAY)})
    refused(early, 409, "ASSIGNMENT_NOT_CONFIRMED")

    # scope: the labour subcontractor confirms nothing of its own, the specialty contractor assigned nobody, the
    # general contractor is not the unit above the labour subcontractor
    assert ok(labour.get("/assignment-confirmations"))["items"] == []
    assert ok(labour.get("/assignment-confirmations", params={"processed": "true"}))["items"] == []
    assert ok(specialty.get("/assignments"))["total"] == 0
    assert ok(general.get("/assignment-confirmations"))["items"] == []
    for outsider in (general, gate):
        body = refused(outsider.post("/assignment-confirmations", json={
            "ids": [ids["闸机工人甲"]], "decision": "confirm"}), 403, "NOT_CONFIRMING_UNIT")
        assert body["fields"] == {"ids.0": "不是本单位分包单位分配的人员"}

    # 进场人员确认: the specialty contractor rejects one with a reason and confirms the worker
    waiting = ok(specialty.get("/assignment-confirmations", params={"project_id": project["id"]}))["items"]
    assert {(i["person_name"], i["enterprise_name"]) for i in waiting} == {
        ("闸机工人甲", labour_unit["enterprise_name"]), ("闸机工人乙", labour_unit["enterprise_name"])}
    # 性别, from each person's real-name record (derived from the ID number)
    assert worker["gender"] in ("1", "2")
    assert {i["person_name"]: i["gender"] for i in waiting} == {
        "闸机工人甲": worker["gender"], "闸机工人乙": other["gender"]}
    ok(specialty.post("/assignment-confirmations", json={"ids": [ids["闸机工人乙"]], "decision": "reject",
                                                         "reason": "身份证已过期"}))
    decided = ok(specialty.post("/assignment-confirmations", json={"ids": [ids["闸机工人甲"]],
                                                                   "decision": "confirm"}))
    assert [(i["person_name"], i["state"]) for i in decided["items"]] == [("闸机工人甲", "confirmed")]
    processed = ok(specialty.get("/assignment-confirmations", params={"processed": "true"}))["items"]
    assert {i["person_name"]: (i["state"], i["reason"]) for i in processed} == {
        "闸机工人甲": ("confirmed", None), "闸机工人乙": ("rejected", "身份证已过期")}
    # the labour subcontractor sees its own two, with what became of them; the confirmer's list no longer offers them
    mine = ok(labour.get("/assignments", params={"project_id": project["id"]}))["items"]
    assert {i["person_name"]: (i["state"], i["reason"]) for i in mine} == {
        "闸机工人甲": ("confirmed", None), "闸机工人乙": ("rejected", "身份证已过期")}
    assert ok(specialty.get("/assignment-confirmations"))["items"] == []

    # 进场登记 lists the confirmed worker, not the rejected one
    def awaiting():
        return {item["person_id"]: item for item in ok(gate.get("/entries/awaiting"))["items"]}

    def worker_awaits():
        listed = awaiting()
        assert worker["id"] in listed
        return listed

    listed = eventually(worker_awaits, timeout=30)
    assert other["id"] not in listed

    # 扫码进场: a fresh code from the phone, read at the gate, the worker admitted with the form filled in
    code = ok(worker["phone"].get("/me/personal-code"))
    summary = ok(gate.post("/codes/read", json={"code": code["token"]}))
    assert summary["person"]["name"] == "闸机工人甲"
    assert summary["project"] == {"id": project["id"], "name": form["name"]}
    assert (summary["assignment"]["state"], summary["assignment"]["enterprise_name"]) == (
        "confirmed", labour_unit["enterprise_name"])
    assert (summary["prefill"]["employer_id"], summary["prefill"]["trade"]) == (labour_unit["enterprise_id"], "020")
    entry = ok(gate.post("/codes/enter", json={
        "code": summary["ticket"], "employer_id": summary["prefill"]["employer_id"],
        "trade": summary["prefill"]["trade"], "education": "71", "entry_date": str(TODAY)}), 201)
    assert (entry["name"], entry["state"], entry["irregular"]) == ("闸机工人甲", "on_site", False)
    assert worker["id"] not in awaiting()
    # 用工查询: the general contractor's enterprise sees its subcontractor's worker on its project; the labour
    # subcontractor sees its own; the specialty contractor, neither employer nor general contractor, does not
    for client, seen in ((general, True), (labour, True), (specialty, False)):
        found = ok(client.get("/entries", params={"person": "闸机工人甲"}))["items"]
        assert [e["id"] for e in found] == ([entry["id"]] if seen else [])
    by_subcontractor = ok(general.get("/entries", params={"employer_id": labour_unit["enterprise_id"]}))["items"]
    assert [e["name"] for e in by_subcontractor] == ["闸机工人甲"]

    # exit
    exited = ok(exit_entries(gate, [entry], comment="幕墙完工"))
    assert [(e["name"], e["state"], e["exit_date"]) for e in exited["exited"]] == [
        ("闸机工人甲", "exited", str(TODAY))]
    assert exited["refused"] == []
    # 退场 ends their time here: 进场登记 does not offer them again
    assert worker["id"] not in awaiting()

    # a second entry by the same person's old code, once its minute has passed (forged with the platform's key
    # rather than waited for), or by a gate's ticket whose quarter of an hour has passed, is refused
    signer, past = CodeSigner.from_environment(), dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
    old = signer.issue(worker["id"], past)["token"]
    refused(gate.post("/codes/read", json={"code": old}), 422, "CODE_EXPIRED")
    terms = {"employer_id": labour_unit["enterprise_id"], "trade": "020", "education": "71", "entry_date": str(TODAY)}
    for stale in (old, signer.ticket(worker["id"], project["id"], past)):
        body = refused(gate.post("/codes/enter", json={"code": stale, **terms}), 422, "CODE_EXPIRED")
        assert body["message"].startswith("建设码已过期，请工人刷新后重新出示")
        assert body["fields"] == {"personal_code": "建设码已过期"}
