"""Through the gateway, with every service running: what a portal user would check."""

import random

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.platform import PLATFORM_SERVICES
from devtools.synthetic import mobile_phone, resident_id_number
from gateway.models import RevealAudit

pytestmark = pytest.mark.e2e
rng = random.Random(23)


def document(**overrides):
    return {"id_type": "01", "id_number": resident_id_number(rng), "name": "端到端", "ethnicity": "01",
            "address": "上海市徐汇区测试路3号", "issuing_authority": "上海市公安局徐汇分局",
            "valid_from": "2016-05-01", "valid_until": None, "phone": mobile_phone(rng), **overrides}


def test_health_reaches_every_service(api):
    response = api().get("/health")
    assert response.status_code == 200
    ok = {"status": "ok"}
    body = response.json()
    assert (body["status"], body["gateway"]) == ("ok", {"status": "ok", "checks": {"database": ok, "broker": ok}})
    assert {name: (service["status"], service["checks"]) for name, service in body["services"].items()} == {
        name: ("ok", {"database": ok}) for name in PLATFORM_SERVICES}
    assert all(service["dead_letters"]["count"] == 0 for service in body["services"].values())


def test_the_openapi_document_describes_the_api(api):
    spec = api().get("/openapi.json").json()
    assert {"/api/v1/persons", "/api/v1/persons/lookup", "/api/v1/auth/login", "/api/v1/health"} <= set(spec["paths"])
    registration = spec["components"]["schemas"]["PersonRegistration"]
    assert {"id_number", "name"} <= set(registration["required"])


def test_a_wrong_password_is_refused_with_the_manuals_message(api):
    response = api().post("/auth/login", json={"username": "site_3", "password": "wrong"})
    assert response.status_code == 401
    assert response.json() == {"error": "INVALID_CREDENTIALS", "message": "用户名或密码错误!"}


def test_login_tells_the_portal_who_is_logged_in(api, registry):
    me = api("site_3").get("/auth/me").json()
    assert me["role"] == "site" and me["project_id"] == registry["site_3"]["id"] and me["scope_name"] == "测试项目三"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token"])
def test_without_a_valid_token_nothing_is_answered(api, authorization):
    client = api()
    if authorization:
        client.http.headers["Authorization"] = authorization
    response = client.get("/persons")
    assert response.status_code == 401
    assert response.json()["error"] == "NOT_AUTHENTICATED"


def test_a_site_registers_a_person_and_finds_them_masked(api):
    site = api("site_3")
    doc = document()
    response = site.post("/persons", json=doc)
    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True and body["message"] == "实名信息登记成功"
    person = body["person"]
    assert person["id_number_masked"] == f"{doc['id_number'][:3]}*****{doc['id_number'][-3:]}"
    assert person["phone_masked"] == f"{doc['phone'][:3]}****{doc['phone'][-4:]}"
    assert person["valid_until"] is None
    found = site.get("/persons", params={"q": doc["id_number"]}).json()
    assert [p["id"] for p in found["items"]] == [person["id"]]
    assert doc["id_number"] not in str(found)


def test_the_same_id_number_twice_shows_the_existing_record(api):
    site = api("site_3")
    doc = document()
    first = site.post("/persons", json=doc).json()["person"]
    again = site.post("/persons", json={**doc, "name": "重复"})
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["message"] == "该证件号码已登记实名信息，已显示已有的记录"
    assert again.json()["person"]["id"] == first["id"]


def test_an_impossible_id_number_is_refused_in_chinese_or_english(api):
    doc = document()
    broken = doc["id_number"][:-1] + ("0" if doc["id_number"][-1] != "0" else "1")
    chinese = api("site_3").post("/persons", json={**doc, "id_number": broken})
    assert chinese.status_code == 422
    assert chinese.json()["error"] == "INVALID_ID_DOCUMENT"
    assert chinese.json()["fields"] == {"id_number": "身份证号码校验位错误"}
    english = api("site_3", language="en").post("/persons", json={**doc, "id_number": broken})
    assert english.json()["fields"]["id_number"] == "The check digit of the ID number is wrong"


def test_a_gender_that_contradicts_the_number_is_refused(api):
    doc = document(id_number=resident_id_number(rng, male=True))
    response = api("enterprise_7").post("/persons", json={**doc, "gender": "2"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"gender": "性别与身份证号码不符"}


def test_a_missing_name_and_a_bad_date_are_named(api):
    response = api("site_3").post("/persons", json={"id_number": resident_id_number(rng), "birth_date": "1990/1/1"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"name": "必填项", "birth_date": "日期格式不正确（YYYY-MM-DD）"}


def test_a_name_too_long_is_called_too_long_in_both_languages(api):
    doc = document(name="张" * 51)
    chinese = api("site_3").post("/persons", json=doc)
    english = api("site_3", "en").post("/persons", json=doc)
    assert chinese.status_code == english.status_code == 422
    assert chinese.json()["fields"] == {"name": "内容过长"}
    assert english.json()["message"] == "Some input is not valid; check the marked fields. (Name: Too long)"


def test_an_unregistered_entry_marks_the_wrong_fields_inside_the_entry_form(api, registry):
    response = api("site_3").post("/entries/unregistered", json={
        "person": document(), "entry": {"employer_id": registry["enterprise_7"]["id"], "trade": "020",
                                        "education": "71", "entry_date": "2026-02-30"}})
    assert response.status_code == 422
    assert response.json()["fields"] == {"entry.entry_date": "日期格式不正确（YYYY-MM-DD）"}
    assert response.json()["message"].endswith("（进场日期：日期格式不正确（YYYY-MM-DD））")


def test_a_site_never_sees_another_sites_people(api):
    theirs = api("site_4").post("/persons", json=document(name="四号项目人员")).json()["person"]
    site_3 = api("site_3")
    assert site_3.get(f"/persons/{theirs['id']}").status_code == 403
    assert site_3.get(f"/persons/{theirs['id']}/id-number").json()["error"] == "FORBIDDEN"
    assert "四号项目人员" not in str(site_3.get("/persons", params={"page_size": 200}).json())


def test_an_enterprise_sees_only_its_own_people(api):
    mine = api("enterprise_7").post("/persons", json=document(name="七公司员工")).json()["person"]
    api("enterprise_8").post("/persons", json=document(name="八公司员工"))
    names = {p["name"] for p in api("enterprise_7").get("/persons", params={"page_size": 200}).json()["items"]}
    assert "七公司员工" in names and "八公司员工" not in names
    assert api("enterprise_8").patch(f"/persons/{mine['id']}", json={"address": "x"}).status_code == 403


def test_typing_an_id_number_shows_the_name(api):
    doc = document(name="查名字")
    api("enterprise_7").post("/persons", json=doc)
    found = api("enterprise_8").get("/persons/lookup", params={"id_number": doc["id_number"]})
    assert found.status_code == 200
    assert found.json()["person"]["name"] == "查名字"
    assert "address" not in found.json()["person"]  # outside its scope: the summary only
    missing = api("enterprise_8").get("/persons/lookup", params={"id_number": resident_id_number(rng)})
    assert missing.status_code == 404
    assert missing.json()["message"] == "未找到该证件号码的实名信息，请先进行实名登记"


def test_the_full_number_is_shown_only_on_request_and_every_reveal_is_audited(api, platform):
    doc = document()
    person = api("site_3").post("/persons", json=doc).json()["person"]
    revealed = api("site_3").get(f"/persons/{person['id']}/id-number")
    assert revealed.json() == {"id_number": doc["id_number"]}
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        audits = session.scalars(select(RevealAudit).where(RevealAudit.subject_id == person["id"])).all()
    engine.dispose()
    assert [(a.username, a.field) for a in audits] == [("site_3", "id_number")]


def test_an_edit_is_kept(api):
    site = api("site_3")
    person = site.post("/persons", json=document()).json()["person"]
    changed = site.patch(f"/persons/{person['id']}", json={"address": "上海市闵行区新地址", "ethnicity": "03"})
    assert changed.status_code == 200
    assert site.get(f"/persons/{person['id']}").json()["address"] == "上海市闵行区新地址"


def test_reference_tables_offer_document_types_and_the_56_ethnicities(api):
    tables = api("site_3").get("/reference").json()
    assert tables["id_document_types"][0] == {"code": "01", "name": "居民身份证", "name_en": "Resident identity card"}
    assert len(tables["id_document_types"]) == 19 and len(tables["ethnicities"]) == 56
    assert {row["name"] for row in tables["id_document_types"]} >= {"港澳台居民居住证", "外国人永久居留身份证"}
