"""项目申报 through the gateway: declare → reject → resubmit → approve → the declarer receives the project's site
login once → the general contractor takes on a subcontractor, which reports its contract section; another
enterprise sees and edits none of it."""

import random

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from devtools.synthetic import credit_code
from gateway.accounts import ensure_account

pytestmark = pytest.mark.e2e
rng = random.Random(9102)
PASSWORD = "Test@2026!"


@pytest.fixture(scope="module")
def account_for(platform, api):
    """``account_for(enterprise_id, name)``: a client of that enterprise, its account made now."""
    engine = create_engine(platform.gateway_db_url)

    def make(enterprise_id, name):
        username = f"e2e{enterprise_id}"
        with Session(engine) as session:
            ensure_account(session, username, PASSWORD, "enterprise", display_name=name, scope_name=name,
                           enterprise_id=enterprise_id)
        return api(username)

    yield make
    engine.dispose()


@pytest.fixture(scope="module")
def enterprise_login(api, account_for):
    """``enterprise_login("申报公司")``: a new enterprise with an account of its own: (client, enterprise)."""
    authority = api("authority")

    def make(name, unit_type="owner"):
        response = authority.post("/enterprises", json={"name": name, "credit_code": credit_code(rng),
                                                        "unit_type": unit_type})
        assert response.status_code == 201, response.text
        enterprise = response.json()
        return account_for(enterprise["id"], name), enterprise

    return make


def declaration(**overrides):
    units = {role: {"credit_code": credit_code(rng), "name": f"端到端{label}单位{rng.randrange(10**6)}"}
             for role, label in (("owner", "建设"), ("surveyor", "勘察"), ("designer", "设计"),
                                 ("general_contractor", "施工"), ("supervisor", "监理"))}
    units["general_contractor"]["manager_name"] = "项目负责人乙"
    return {
        "registration_number": f"3101042026{rng.randrange(10**6):06d}", "name": "端到端申报花园", "category": "01",
        "investment_type": "private", "contact_name": "联系人", "contact_phone": "13900000000",
        "area_code": "310104", "address": "上海市徐汇区测试路10号", "lat": "31.188", "lng": "121.437",
        "start_date": "2026-03-01", "planned_completion_date": "2028-03-01",
        "builder_license_number": "310104202603010102", "builder_license_date": "2026-02-01",
        "building_area": "12000.5", "building_height": "54.3", "structure_levels": "地上18层",
        "construction_cost": "18000", "wage_bank": "102", "deposit_method": "bank_guarantee", "units": units,
        **overrides}


def test_an_incomplete_declaration_is_refused_naming_every_missing_field(enterprise_login):
    declarer, _ = enterprise_login("缺资料申报公司")
    form = declaration(wage_bank="", deposit_method=None)
    form["units"]["owner"] = {"credit_code": "", "name": ""}
    response = declarer.post("/projects/declarations", json=form)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "DECLARATION_INCOMPLETE" and "资料不全" in body["message"]
    assert set(body["fields"]) == {"wage_bank", "deposit_method", "units.owner.credit_code", "units.owner.name"}


def test_declare_reject_resubmit_approve_receive_the_login_once_then_units_and_sections(
        enterprise_login, account_for, api):
    declarer, declarer_enterprise = enterprise_login("端到端申报公司")
    stranger, _ = enterprise_login("端到端无关公司", "general_contractor")
    authority = api("authority")
    form = declaration()
    response = declarer.post("/projects/declarations", json=form)
    assert response.status_code == 201, response.text
    project = response.json()
    assert (project["state"], project["declarer_enterprise_id"]) == ("pending_review", declarer_enterprise["id"])
    path = f"/projects/{project['id']}"

    # the authority's 项目审核 list finds it; a stranger neither sees nor reviews it
    review = authority.get("/projects/declarations", params={"state": "pending_review", "q": form["name"]})
    assert project["id"] in [p["id"] for p in review.json()["items"]]
    assert stranger.get(path).status_code == 403
    assert stranger.post(f"{path}/approve").status_code == 403
    assert declarer.post(f"{path}/approve").status_code == 403

    rejected = authority.post(f"{path}/reject", json={"reason": "施工许可证发放日期有误"})
    assert rejected.status_code == 200, rejected.text
    mine = declarer.get("/projects/declarations").json()["items"]
    assert [(p["state"], p["rejection_reason"]) for p in mine] == [("rejected", "施工许可证发放日期有误")]
    assert declarer.get(f"{path}/site-account").status_code == 404

    assert stranger.put(f"{path}/declaration", json=form).status_code == 403
    form["builder_license_date"] = "2026-02-15"
    resubmitted = declarer.put(f"{path}/declaration", json=form)
    assert resubmitted.status_code == 200, resubmitted.text
    assert (resubmitted.json()["state"], resubmitted.json()["rejection_reason"]) == ("pending_review", None)
    again = declarer.put(f"{path}/declaration", json=form)
    assert (again.status_code, again.json()["error"]) == (409, "PROJECT_NOT_REJECTED")

    approved = authority.post(f"{path}/approve")
    assert approved.status_code == 200, approved.text
    assert (approved.json()["state"], approved.json()["assignment_required"]) == ("in_progress", True)
    twice = authority.post(f"{path}/approve")
    assert (twice.status_code, twice.json()["error"]) == (409, "PROJECT_NOT_PENDING_REVIEW")

    # 接收项目账号密码: shown once, then only the user name
    assert stranger.post(f"{path}/site-account/receive").status_code == 403
    account = declarer.get(f"{path}/site-account").json()
    assert account["received"] is False and "password" not in account
    received = declarer.post(f"{path}/site-account/receive")
    assert received.status_code == 200, received.text
    login = received.json()
    assert login["username"] == account["username"] and len(login["password"]) == 12
    second = declarer.post(f"{path}/site-account/receive")
    assert (second.status_code, second.json()["error"]) == (409, "ACCOUNT_ALREADY_RECEIVED")
    shown = declarer.get(f"{path}/site-account").json()
    assert shown["received"] is True and "password" not in shown

    # the 项目负责人 logs in: a site user of this project, belonging to the general contractor
    site = api()
    site.login(login["username"], login["password"])
    me = site.get("/auth/me").json()
    contractor = approved.json()["units"]["general_contractor"]
    assert (me["role"], me["project_id"]) == ("site", project["id"])
    assert me["enterprise_id"] == contractor["enterprise_id"]
    assert me["display_name"] == "项目负责人乙"
    # the project's 项目负责人 authorises its site users (tests/e2e/test_section_accounts.py)
    assert site.get("/site-authorisations").json() == []

    # the general contractor (its account is its enterprise's) takes on a specialty contractor, which reports
    general = account_for(contractor["enterprise_id"], contractor["enterprise_name"])
    specialty = general.post(f"{path}/participants", json={
        "credit_code": credit_code(rng), "name": "端到端幕墙专业分包", "role": "specialty_contractor"})
    assert specialty.status_code == 201, specialty.text
    refused = general.post(f"{path}/participants", json={
        "credit_code": specialty.json()["credit_code"], "name": "端到端幕墙专业分包", "role": "specialty_contractor"})
    assert (refused.status_code, refused.json()["error"]) == (409, "PARTICIPANT_ALREADY_ADDED")
    assert stranger.post(f"{path}/participants", json={
        "credit_code": credit_code(rng), "name": "x", "role": "labour_subcontractor"}).status_code == 403
    report = {"report_number": f"W2026{rng.randrange(10**9):09d}", "section_number": "C01", "name": "总承包标段",
              "category": "general_contract", "manager_name": "项目负责人乙"}
    section = general.post(f"{path}/sections", json=report)
    assert section.status_code == 201, section.text
    taken = general.post(f"{path}/sections", json={**report, "section_number": "C02"})
    assert (taken.status_code, taken.json()["error"]) == (409, "REPORT_NUMBER_TAKEN")
    assert [s["id"] for s in site.get(f"{path}/sections").json()] == [section.json()["id"]]
    roles = [p["role"] for p in site.get(f"{path}/participants").json()]
    assert roles == ["owner", "surveyor", "designer", "general_contractor", "supervisor", "specialty_contractor"]
    assert stranger.get(f"{path}/participants").status_code == 403
    assert project["id"] not in [p["id"] for p in stranger.get("/projects").json()["items"]]
    assert project["id"] in [p["id"] for p in general.get("/projects").json()["items"]]

    # the authority's rules and 停工 / 复工
    assert general.put(f"{path}/rules", json={"binding_review_required": True}).status_code == 403
    rules = authority.put(f"{path}/rules", json={"binding_review_required": True})
    assert (rules.json()["assignment_required"], rules.json()["binding_review_required"]) == (True, True)
    suspended = authority.post(f"{path}/state", json={"action": "suspend"})
    assert (suspended.json()["state"], suspended.json()["prj_status"]) == ("suspended", "005")
    again = authority.post(f"{path}/state", json={"action": "suspend"})
    assert (again.status_code, again.json()["error"]) == (409, "PROJECT_NOT_IN_PROGRESS")

