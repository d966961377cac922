"""关键岗位 through the gateway: a unit registers its 项目经理 with the 资质证书, the authority approves, the position
shows filled; 退场解锁 approved, it is 未登记 again. Rejections say why; a single position takes one person; each
caller sees its own.

The project's units (参建单位) are written straight into project_svc's database: the participant endpoints are
built in parallel, and here the units are the starting point, not the subject.
"""

import random

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis import days
from devtools.launcher import database_url_variable
from devtools.synthetic import resident_id_number
from gateway.accounts import ensure_account

pytestmark = pytest.mark.e2e
rng = random.Random(9402)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
TODAY = days.today().isoformat()
PASSWORD = "Test@2026!"


def database_of(platform, component):
    if hasattr(platform, "var_dir"):
        return f"sqlite:///{platform.var_dir}/{component}.db"
    return platform.env[database_url_variable(component)]


@pytest.fixture(scope="module")
def scene(platform, registry, api):
    """A project of its own, with the general contractor and enterprise_8 (as 监理) as its units, and the
    accounts of the general contractor's staff and of the project's site."""
    authority = api("authority")
    response = authority.post("/projects", json={
        "registration_number": f"3101042026{rng.randrange(10**6):06d}", "name": "关键岗位端到端项目",
        "general_contractor_id": registry["general_contractor"]["id"]})
    assert response.status_code == 201, response.text
    project = response.json()
    # the project's registration made its general contractor a unit; the authority adds enterprise_8 as 监理
    supervisor = registry["enterprise_8"]
    response = authority.post(f"/projects/{project['id']}/participants", json={
        "credit_code": supervisor["credit_code"], "name": supervisor["name"], "role": "supervisor"})
    assert response.status_code == 201, response.text
    response = authority.get(f"/projects/{project['id']}/participants")
    assert response.status_code == 200, response.text
    units = {unit["role"]: unit["id"] for unit in response.json()}
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, "enterprise_kpgc", PASSWORD, role="enterprise", display_name="总包关键岗位",
                       scope_name=registry["general_contractor"]["name"],
                       enterprise_id=registry["general_contractor"]["id"])
        ensure_account(session, "site_kp", PASSWORD, role="site", display_name="关键岗位工地",
                       scope_name=project["name"], project_id=project["id"])
        session.commit()
    engine.dispose()
    return {"project": project, "units": units}


@pytest.fixture
def person(api):
    hr = api("enterprise_7")

    def register(name):
        number = resident_id_number(rng)
        response = hr.post("/persons", json={"id_number": number, "name": name})
        assert response.status_code == 201, response.text
        return {"name": name, "id_number": number}

    return register


def register(client, scene, someone, position="project_manager", unit="general_contractor", certificate=PDF,
             **overrides):
    form = {"project_id": scene["project"]["id"], "participant_id": scene["units"][unit], "position": position,
            "name": someone["name"], "id_number": someone["id_number"], "phone": "13912345678", **overrides}
    files = {"certificate": ("证书.pdf", certificate, "application/pdf")} if certificate is not None else None
    return client.post("/key-positions", data=form, files=files)


def position_of(client, scene, position, unit="general_contractor"):
    response = client.get(f"/key-positions/projects/{scene['project']['id']}")
    assert response.status_code == 200, response.text
    row = next(u for u in response.json()["units"] if u["participant_id"] == scene["units"][unit])
    return next(p for p in row["positions"] if p["position"] == position)


def test_a_project_manager_enters_with_approval_and_exits_with_approval(api, scene, person):
    contractor, authority = api("enterprise_kpgc"), api("authority")
    someone = person("关键岗位经理甲")
    assert position_of(contractor, scene, "project_manager")["filled"] is False
    response = register(contractor, scene, someone)
    assert response.status_code == 201, response.text
    registration = response.json()
    assert (registration["state"], registration["position_name"]) == ("registered", "项目经理")
    reviews = authority.get("/key-positions/reviews", params={"project_id": scene["project"]["id"]}).json()
    assert [r["id"] for r in reviews["items"]] == [registration["id"]]
    certificate = authority.get(f"/key-positions/{registration['id']}/certificate")
    assert (certificate.status_code, certificate.content, certificate.headers["Content-Type"]) \
        == (200, PDF, "application/pdf")

    approved = authority.post(f"/key-positions/{registration['id']}/decision", json={"approve": True})
    assert approved.status_code == 200, approved.text
    assert (approved.json()["state"], approved.json()["entered_on"]) == ("approved", TODAY)
    filled = position_of(api("site_kp"), scene, "project_manager")
    assert filled["filled"] and filled["holders"][0]["person_name"] == "关键岗位经理甲"

    asked = contractor.post(f"/key-positions/{registration['id']}/exit",
                            json={"exit_on": TODAY, "exit_note": "项目竣工"})
    assert (asked.status_code, asked.json()["state"]) == (200, "exit_requested")
    done = authority.post(f"/key-positions/{registration['id']}/exit-decision", json={"approve": True})
    assert (done.status_code, done.json()["state"]) == (200, "exited")
    assert position_of(contractor, scene, "project_manager")["filled"] is False
    managers = contractor.get("/key-positions", params={"position": "project_manager", "state": "exited"}).json()
    assert registration["id"] in [r["id"] for r in managers["items"]]


def test_a_rejection_says_why_and_a_single_position_takes_one_person(api, scene, person):
    contractor, authority = api("enterprise_kpgc"), api("authority")
    first = register(contractor, scene, person("技术负责人甲"), position="technical_director").json()
    second = register(contractor, scene, person("技术负责人乙"), position="technical_director").json()
    no_reason = authority.post(f"/key-positions/{second['id']}/decision", json={"approve": False})
    assert (no_reason.status_code, no_reason.json()["fields"]) == (422, {"reason": "必填项"})
    rejected = authority.post(f"/key-positions/{second['id']}/decision", json={"approve": False, "reason": "证书过期"})
    assert (rejected.json()["state"], rejected.json()["rejection_reason"]) == ("rejected", "证书过期")
    again = authority.post(f"/key-positions/{second['id']}/decision", json={"approve": True})
    assert (again.status_code, again.json()["error"]) == (409, "KEY_POSITION_NOT_PENDING")

    assert authority.post(f"/key-positions/{first['id']}/decision", json={"approve": True}).status_code == 200
    taken = register(contractor, scene, person("技术负责人丙"), position="technical_director")
    assert (taken.status_code, taken.json()["error"]) == (409, "KEY_POSITION_TAKEN")
    assert taken.json()["message"].startswith("该岗位已有在岗人员")

    missing = register(contractor, scene, person("无证书"), position="safety_officer", certificate=None)
    assert (missing.status_code, missing.json()["error"]) == (422, "CERTIFICATE_REQUIRED")
    gif = register(contractor, scene, person("错证书"), position="safety_officer", certificate=b"GIF89a....")
    assert (gif.status_code, gif.json()["error"]) == (422, "DOCUMENT_REFUSED")


def test_each_caller_sees_and_does_only_what_its_scope_covers(api, scene, person):
    contractor, supervisor, authority = api("enterprise_kpgc"), api("enterprise_8"), api("authority")
    chief = register(supervisor, scene, person("总监甲"), position="chief_supervisor", unit="supervisor")
    assert chief.status_code == 201, chief.text
    chief = chief.json()
    assert chief["id"] not in [r["id"] for r in contractor.get("/key-positions").json()["items"]]
    assert chief["id"] in [r["id"] for r in api("site_kp").get("/key-positions").json()["items"]]
    assert api("site_3").get(f"/key-positions/{chief['id']}/certificate").status_code == 403
    assert contractor.get(f"/key-positions/{chief['id']}/certificate").status_code == 403
    for_other = register(contractor, scene, person("越权"), position="chief_supervisor", unit="supervisor")
    assert for_other.status_code == 403
    assert contractor.post(f"/key-positions/{chief['id']}/decision", json={"approve": True}).status_code == 403
    assert contractor.get("/key-positions/reviews").status_code == 403
    assert authority.post(f"/key-positions/{chief['id']}/decision", json={"approve": True}).status_code == 200
    [unit] = supervisor.get(f"/key-positions/projects/{scene['project']['id']}").json()["units"]
    assert unit["enterprise_name"] == "测试劳务八公司"
    assert api("enterprise_7").get(f"/key-positions/projects/{scene['project']['id']}").status_code == 403
