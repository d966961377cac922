"""A contract section's 项目负责人 account and the site users it authorises (现场用户授权, manual 001): a unit reports
its section naming its 项目负责人 → the unit receives the login once → the manager logs in to the section and
authorises a 劳务员 → the 劳务员 logs in and works in the section's scope, but authorises nobody → the manager
revokes: the 劳务员's token is refused and their login fails. Another unit's manager neither sees nor revokes it."""

import random

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from devtools.assignment_chain import AssignmentChain, database_of
from devtools.synthetic import mobile_phone
from project_svc.models import ContractSection, Participant
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
rng = random.Random(9311)


@pytest.fixture(scope="module")
def chain(platform, api):
    made = AssignmentChain(platform, api("authority"), rng, PASSWORD, f"{rng.randrange(10**6):06d}")
    yield made
    made.close()


def report_section(client, project_id, name, manager_name="项目负责人丙"):
    response = client.post(f"/projects/{project_id}/sections", json={
        "report_number": f"W2026{rng.randrange(10**9):09d}", "section_number": "C02", "name": name,
        "category": "labour_subcontract", "manager_name": manager_name})
    assert response.status_code == 201, response.text
    return response.json()


def received_login(client, project_id, section_id):
    response = client.post(f"/projects/{project_id}/sections/{section_id}/site-account/receive")
    assert response.status_code == 200, response.text
    return response.json()


def test_the_section_manager_authorises_a_labour_clerk_and_revokes_them(api, chain):
    project_id = chain.project["id"]
    labour, specialty = api(chain.username("labour")), api(chain.username("specialty"))
    section = report_section(labour, project_id, "滨江地块劳务分包二标段")
    path = f"/projects/{project_id}/sections/{section['id']}/site-account"

    # 接收账号: the section's unit only, once
    assert specialty.get(path).status_code == 403
    assert specialty.post(f"{path}/receive").status_code == 403
    account = labour.get(path).json()
    assert (account["received"], account["display_name"]) == (False, "项目负责人丙") and "password" not in account
    login = received_login(labour, project_id, section["id"])
    assert login["username"] == account["username"] and len(login["password"]) == 12
    again = labour.post(f"{path}/receive")
    assert (again.status_code, again.json()["error"]) == (409, "ACCOUNT_ALREADY_RECEIVED")
    assert labour.get(path).json()["received"] is True and "password" not in labour.get(path).json()

    # the 项目负责人 works in the section: the project, the unit, the section's name in the header
    manager = api()
    manager.login(login["username"], login["password"])
    me = manager.get("/auth/me").json()
    assert (me["role"], me["project_id"], me["enterprise_id"]) == ("site", project_id, chain.units["labour"]["id"])
    assert (me["display_name"], me["scope_name"]) == ("项目负责人丙", "滨江地块劳务分包二标段")
    assert manager.get("/site-authorisations").json() == []

    # 授权: a 劳务员, the login and its password shown once
    bad = manager.post("/site-authorisations", json={"name": "劳务员丁", "phone": "12345", "position": "boss"})
    assert bad.status_code == 422 and set(bad.json()["fields"]) == {"phone", "position"}
    assert "手机号" in bad.json()["message"] and "岗位" in bad.json()["message"]
    phone = mobile_phone(rng)
    granted = manager.post("/site-authorisations", json={"name": "劳务员丁", "phone": phone,
                                                         "position": "labour_clerk"})
    assert granted.status_code == 201, granted.text
    clerk_login = granted.json()
    assert clerk_login["state"] == "active" and len(clerk_login["password"]) == 12
    listed = manager.get("/site-authorisations").json()
    assert [(row["name"], row["phone_masked"], row["position"], row["state"]) for row in listed] == [
        ("劳务员丁", f"{phone[:3]}****{phone[-4:]}", "labour_clerk", "active")]
    assert "password" not in listed[0] and listed[0]["authorised_at"]

    # the 劳务员 works in the same scope: assigns the unit's people to the project and lists them
    clerk = api()
    clerk.login(clerk_login["username"], clerk_login["password"])
    me = clerk.get("/auth/me").json()
    assert (me["project_id"], me["enterprise_id"], me["scope_name"]) == (
        project_id, chain.units["labour"]["id"], "滨江地块劳务分包二标段")
    person = chain.employee("授权分配甲")
    assigned = clerk.post("/assignments", json={"project_id": project_id, "people": [{"person_id": person}]})
    assert assigned.status_code == 201, assigned.text
    mine = clerk.get("/assignments", params={"project_id": project_id}).json()["items"]
    assert [row["person_name"] for row in mine] == ["授权分配甲"]

    # an authorised user authorises nobody, nor does a site account that is no 项目负责人's
    refused = clerk.post("/site-authorisations", json={"name": "转授权戊", "phone": mobile_phone(rng),
                                                       "position": "site_user"})
    assert (refused.status_code, refused.json()["error"]) == (403, "NOT_PROJECT_MANAGER")
    assert clerk.get("/site-authorisations").status_code == 403
    assert api(chain.username("labour", site=True)).get("/site-authorisations").status_code == 403

    # another unit's 项目负责人 sees none of it and cannot revoke it
    other_section = report_section(specialty, project_id, "滨江地块专业分包二标段", "项目负责人己")
    other_login = received_login(specialty, project_id, other_section["id"])
    other = api()
    other.login(other_login["username"], other_login["password"])
    assert other.get("/site-authorisations").json() == []
    stolen = other.post(f"/site-authorisations/{clerk_login['id']}/revoke")
    assert (stolen.status_code, stolen.json()["error"]) == (404, "AUTHORISATION_NOT_FOUND")
    assert clerk.get("/auth/me").status_code == 200

    # 撤销授权: the token the 劳务员 holds is refused from now on, and they log in no more
    revoked = manager.post(f"/site-authorisations/{clerk_login['id']}/revoke")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["state"] == "revoked" and revoked.json()["revoked_at"]
    twice = manager.post(f"/site-authorisations/{clerk_login['id']}/revoke")
    assert (twice.status_code, twice.json()["error"]) == (409, "AUTHORISATION_ALREADY_REVOKED")
    refused = clerk.get("/assignments", params={"project_id": project_id})
    assert (refused.status_code, refused.json()["error"]) == (401, "AUTHORISATION_REVOKED")
    assert "撤销" in refused.json()["message"]
    login_again = api().post("/auth/login", json={"username": clerk_login["username"],
                                                  "password": clerk_login["password"]})
    assert (login_again.status_code, login_again.json()["error"]) == (401, "INVALID_CREDENTIALS")
    assert [row["state"] for row in manager.get("/site-authorisations").json()] == ["revoked"]


def test_refusals_are_worded_in_english_too(api, chain):
    labour = api(chain.username("labour"))
    section = report_section(labour, chain.project["id"], "滨江地块劳务分包三标段", "项目负责人庚")
    login = received_login(labour, chain.project["id"], section["id"])
    manager = api(language="en")
    manager.login(login["username"], login["password"])
    clerk_login = manager.post("/site-authorisations", json={
        "name": "劳务员辛", "phone": mobile_phone(rng), "position": "site_user"}).json()
    clerk = api(language="en")
    clerk.login(clerk_login["username"], clerk_login["password"])
    refused = clerk.post("/site-authorisations", json={"name": "x", "phone": mobile_phone(rng),
                                                       "position": "site_user"})
    assert refused.json()["message"].startswith("Only a project manager authorises site users")
    manager.post(f"/site-authorisations/{clerk_login['id']}/revoke")
    assert clerk.get("/auth/me").json()["message"].startswith("The project manager revoked your authorisation")


def test_a_section_reported_before_sections_had_accounts_gets_its_account_at_the_first_look(api, chain, platform):
    """Sections reported before: no account was made then; the unit's first look makes it. A section whose report
    names no 项目负责人 has none."""
    project_id = chain.project["id"]
    engine = create_engine(database_of(platform, "project_svc"))
    with Session(engine) as session:
        participant = session.query(Participant).filter_by(
            project_id=project_id, enterprise_id=chain.units["gc"]["id"]).first()
        earlier = ContractSection(project_id=project_id, participant_id=participant.id,
                                  report_number=f"W2025{rng.randrange(10**9):09d}", section_number="C09",
                                  name="滨江地块总承包旧标段", category="general_contract", state="in_force",
                                  manager_name="项目负责人壬")
        session.add(earlier)
        session.commit()
        earlier_id = earlier.id
    engine.dispose()
    general = api(chain.username("gc"))
    account = general.get(f"/projects/{project_id}/sections/{earlier_id}/site-account")
    assert account.status_code == 200, account.text
    assert (account.json()["display_name"], account.json()["received"]) == ("项目负责人壬", False)
    assert received_login(general, project_id, earlier_id)["username"] == account.json()["username"]

    (unnamed,) = [s for s in general.get(f"/projects/{project_id}/sections").json()
                  if s["enterprise_id"] == chain.units["gc"]["id"] and not s["manager_name"]]
    response = general.get(f"/projects/{project_id}/sections/{unnamed['id']}/site-account")
    assert (response.status_code, response.json()["error"]) == (409, "SECTION_HAS_NO_MANAGER")
    missing = general.get(f"/projects/{project_id}/sections/999999/site-account")
    assert (missing.status_code, missing.json()["error"]) == (404, "SECTION_NOT_FOUND")
