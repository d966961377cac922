"""Site entry and exit (进退场登记, manual 000) through the gateway: what a site, an enterprise, the authority check."""

import datetime as dt
import io
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis import days
from devtools.synthetic import credit_code, mobile_phone, resident_id_number
from gateway.models import RevealAudit

pytestmark = pytest.mark.e2e
rng = random.Random(47)
TODAY = days.today()
MANUAL_HEADER = ["#", "用人单位", "劳务队长", "姓名", "身份证", "性别", "所属劳务队", "从事主要工种", "文化程度",
                 "联系电话", "项目", "进场日期", "退场日期", "用工评价", "评价内容"]


def days_ago(count):
    return str(TODAY - dt.timedelta(days=count))


def document(name="进场测试", **overrides):
    return {"id_type": "01", "id_number": resident_id_number(rng), "name": name, "ethnicity": "01",
            "address": "上海市徐汇区测试路3号", "issuing_authority": "上海市公安局徐汇分局",
            "valid_from": "2016-05-01", "valid_until": None, **overrides}


def terms(employer, **overrides):
    return {"employer_id": employer["id"], "is_team_leader": False, "team_leader_entry_id": None, "phone": None,
            "trade": "020", "education": "71", "entry_date": days_ago(1), **overrides}


def registration_number():
    """A 报建编号 nobody has used: the registry's are 3101042026000003 and …04."""
    return f"3101042026{rng.randrange(100, 10**6):06d}"


def masked(number):
    return f"{number[:3]}*****{number[-3:]}"


@pytest.fixture
def site(api):
    return api("site_3")


@pytest.fixture
def employer(api):
    """A labour subcontractor of this test alone, so that filtering by it finds only this test's people."""
    response = api("authority").post("/enterprises", json={
        "name": f"端到端劳务{rng.randrange(10**6):06d}有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def registered(site):
    """``registered("姓名")``: a person with a real-name record (registered by site_3), as the document typed."""

    def register(name="进场测试"):
        doc = document(name)
        response = site.post("/persons", json=doc)
        assert response.status_code == 201, response.text
        return doc

    return register


@pytest.fixture
def entered(site, employer, registered):
    """``entered("姓名", **terms)``: a registered person entered on site_3 (or ``client``'s site); the entry."""

    def enter(name="进场测试", client=None, **overrides):
        doc = registered(name)
        body = {**terms(overrides.pop("employer", employer), **overrides), "id_number": doc["id_number"]}
        response = (client or site).post("/entries", json=body)
        assert response.status_code == 201, response.text
        return {**response.json(), "id_number": doc["id_number"]}

    return enter


def exit_entries(client, entries, exit_date=None, evaluation="good", comment=None):
    return client.post("/entries/exit", json={
        "entry_ids": [entry["id"] for entry in entries], "exit_date": exit_date or str(TODAY),
        "evaluation": evaluation, "evaluation_comment": comment})


def names(page):
    return sorted(item["name"] for item in page["items"])


# -- enterprises and projects: the authority registers what a site needs -------------------------------------------


def test_the_authority_registers_an_enterprise_that_sites_then_find(api):
    code = credit_code(rng)
    response = api("authority").post("/enterprises", json={
        "name": "端到端登记劳务有限公司", "credit_code": code.lower(), "unit_type": "labour_subcontractor",
        "contact_person": "李经理", "contact_phone": "13912345204"})
    assert response.status_code == 201, response.text
    enterprise = response.json()
    assert enterprise["credit_code"] == code
    assert enterprise["contact_phone_masked"] == "139****5204"
    found = api("site_3").get("/enterprises", params={"q": code}).json()
    assert [item["id"] for item in found["items"]] == [enterprise["id"]]
    assert api("site_3").get(f"/enterprises/{enterprise['id']}").json()["name"] == "端到端登记劳务有限公司"


def broken_check_character(code):
    return code[:-1] + ("0" if code[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("change", "status", "error", "fields"),
    [
        (lambda r: {"credit_code": broken_check_character(credit_code(rng))}, 422, "INVALID_CREDIT_CODE",
         {"credit_code": "统一社会信用代码校验位错误"}),
        (lambda r: {"credit_code": credit_code(rng)[:-1]}, 422, "INVALID_CREDIT_CODE",
         {"credit_code": "统一社会信用代码应为18位"}),
        (lambda r: {"credit_code": r["enterprise_7"]["credit_code"]}, 409, "ENTERPRISE_ALREADY_REGISTERED",
         {"credit_code": "该企业已登记"}),
        (lambda r: {"credit_code": credit_code(rng), "name": None}, 422, "INVALID_INPUT", {"name": "必填项"}),
        (lambda r: {"credit_code": credit_code(rng), "unit_type": "bank"}, 422, "INVALID_INPUT",
         {"unit_type": "不在可选范围内"}),
    ],
    ids=["wrong check character", "too short", "already registered", "no name", "unknown unit type"],
)
def test_an_enterprise_that_cannot_be_registered_is_refused_with_the_reason(api, registry, change, status, error,
                                                                           fields):
    body = {"name": "被拒绝的劳务有限公司", "unit_type": "labour_subcontractor", **change(registry)}
    response = api("authority").post("/enterprises", json=body)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["fields"] == fields


@pytest.mark.parametrize(
    ("path", "registration", "error"),
    [
        ("/enterprises", lambda r: {"name": "同时登记的单位", "credit_code": credit_code(rng),
                                    "unit_type": "labour_subcontractor"}, "ENTERPRISE_ALREADY_REGISTERED"),
        ("/projects", lambda r: {"name": "同时创建的项目", "registration_number": registration_number(),
                                 "general_contractor_id": r["general_contractor"]["id"]}, "PROJECT_ALREADY_REGISTERED"),
    ],
    ids=["enterprise", "project"],
)
def test_the_same_registration_sent_from_several_desks_at_once_is_made_once(api, registry, path, registration, error):
    token = api("authority").http.headers["Authorization"]
    desks = [api() for _ in range(16)]
    for desk in desks:
        desk.http.headers["Authorization"] = token
    # a few rounds: the desks race between one's check and its insert only now and then
    for _ in range(3):
        body = registration(registry)
        with ThreadPoolExecutor(len(desks)) as pool:
            answers = list(pool.map(lambda desk, sent=body: desk.post(path, json=sent), desks))
        assert sorted(answer.status_code for answer in answers) == [201] + [409] * 15
        assert {answer.json()["error"] for answer in answers if answer.status_code == 409} == {error}


def test_an_invalid_credit_code_is_explained_in_english_too(api):
    response = api("authority", language="en").post("/enterprises", json={
        "name": "Refused Ltd", "unit_type": "labour_subcontractor",
        "credit_code": broken_check_character(credit_code(rng))})
    assert response.json() == {
        "error": "INVALID_CREDIT_CODE",
        "message": "The unified social credit code is not valid. "
                   "(Credit code: The check character of the credit code is wrong)",
        "fields": {"credit_code": "The check character of the credit code is wrong"},
    }


def test_the_authority_creates_a_project_on_a_registered_general_contractor(api, registry):
    contractor = registry["general_contractor"]
    response = api("authority").post("/projects", json={
        "registration_number": "3101042026990001", "name": "端到端项目", "address": "上海市徐汇区测试路9号",
        "general_contractor_id": contractor["id"]})
    assert response.status_code == 201, response.text
    project = response.json()
    assert project["general_contractor_name"] == contractor["name"]
    found = api("authority").get("/projects", params={"q": "3101042026990001"}).json()
    assert [item["id"] for item in found["items"]] == [project["id"]]
    # a site sees its own project only
    assert [item["name"] for item in api("site_3").get("/projects").json()["items"]] == ["测试项目三"]


@pytest.mark.parametrize(
    ("change", "status", "error", "fields"),
    [
        (lambda r: {"registration_number": " 3101042026000003 "}, 409, "PROJECT_ALREADY_REGISTERED",
         {"registration_number": "该报建编号已存在"}),
        (lambda r: {"general_contractor_id": 999_999}, 422, "UNKNOWN_ENTERPRISE",
         {"general_contractor_id": "企业不存在"}),
        (lambda r: {"registration_number": None}, 422, "INVALID_INPUT", {"registration_number": "必填项"}),
    ],
    ids=["registration number taken", "general contractor not an enterprise", "no registration number"],
)
def test_a_project_that_cannot_be_created_is_refused_with_the_reason(api, registry, change, status, error, fields):
    body = {"registration_number": registration_number(), "name": "被拒绝的项目",
            "general_contractor_id": registry["general_contractor"]["id"], **change(registry)}
    response = api("authority").post("/projects", json=body)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["fields"] == fields


@pytest.mark.parametrize(("username", "path"), [("site_3", "/enterprises"), ("enterprise_7", "/enterprises"),
                                                ("site_3", "/projects"), ("enterprise_7", "/projects")])
def test_only_the_authority_registers_enterprises_and_projects(api, username, path):
    response = api(username).post(path, json={})
    assert response.status_code == 403
    assert response.json() == {"error": "FORBIDDEN", "message": "无权访问该数据"}


# -- 进场登记 ---------------------------------------------------------------------------------------------------


def test_a_registered_person_enters_and_is_listed_with_the_manuals_columns(site, employer, registered):
    doc = registered("进场甲")
    response = site.post("/entries", json={**terms(employer, phone="13812345678", trade="260", education="41",
                                                  entry_date=days_ago(3)), "id_number": doc["id_number"]})
    assert response.status_code == 201, response.text
    entry = response.json()
    assert {key: entry[key] for key in ("name", "id_number_masked", "gender", "employer_name", "is_team_leader",
                                        "team_leader_name", "phone_masked", "trade", "education", "entry_date",
                                        "exit_date", "state", "project_name")} == {
        "name": "进场甲", "id_number_masked": masked(doc["id_number"]), "gender": "1" if int(doc["id_number"][16]) % 2
        else "2", "employer_name": employer["name"], "is_team_leader": False, "team_leader_name": None,
        "phone_masked": "138****5678", "trade": "260", "education": "41", "entry_date": days_ago(3),
        "exit_date": None, "state": "on_site", "project_name": "测试项目三"}
    on_site = site.get("/entries", params={"state": "on_site", "employer_id": employer["id"]}).json()
    assert [item["id"] for item in on_site["items"]] == [entry["id"]]
    assert doc["id_number"] not in str(on_site)


@pytest.mark.parametrize(
    ("language", "message", "field"),
    [
        ("zh-CN", "该人员尚未实名登记，请先进行实名登记（进场时可使用非正常登记）（证件号码：该人员尚未实名登记）",
         "该人员尚未实名登记"),
        ("en", "This person has no real-name record; register them first (at a site entry, use the unregistered entry "
               "form). (ID number: No real-name record)", "No real-name record"),
    ],
)
def test_a_person_without_a_real_name_record_is_sent_to_the_unregistered_form(api, employer, language, message,
                                                                             field):
    response = api("site_3", language=language).post("/entries", json={
        **terms(employer), "id_number": resident_id_number(rng)})
    assert response.status_code == 404
    assert response.json() == {"error": "PERSON_NOT_REGISTERED", "message": message, "fields": {"id_number": field}}


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-CN", "该人员已在本工地进场，不能重复登记（证件号码：该人员已在本工地）"),
     ("en", "This person is already on this site. (ID number: Already on this site)")],
)
def test_a_person_on_the_site_cannot_enter_it_again(api, employer, entered, language, message):
    first = entered("重复进场")
    again = api("site_3", language=language).post("/entries", json={**terms(employer), "id_number": first["id_number"]})
    assert again.status_code == 409
    assert again.json()["error"] == "ALREADY_ON_SITE"
    assert again.json()["message"] == message
    listed = api("site_3").get("/entries", params={"person": first["id_number"]}).json()
    assert [item["id"] for item in listed["items"]] == [first["id"]]


def test_a_person_who_left_may_enter_again_and_may_be_on_another_site_meanwhile(api, site, employer, entered):
    first = entered("再次进场", entry_date=days_ago(20))
    elsewhere = api("site_4").post("/entries", json={**terms(employer), "id_number": first["id_number"]})
    assert elsewhere.status_code == 201, elsewhere.text
    assert exit_entries(site, [first], exit_date=days_ago(10)).json()["refused"] == []
    back = site.post("/entries", json={**terms(employer), "id_number": first["id_number"]})
    assert back.status_code == 201, back.text
    stays = site.get("/entries", params={"person": first["id_number"]}).json()
    assert [(item["entry_date"], item["exit_date"]) for item in stays["items"]] == [
        (days_ago(1), None), (days_ago(20), days_ago(10))]


def test_a_team_leader_must_have_a_phone_and_then_leads_a_team(site, employer, registered):
    leader = registered("劳务队长甲")
    refused = site.post("/entries", json={**terms(employer, is_team_leader=True), "id_number": leader["id_number"]})
    assert refused.status_code == 422
    assert refused.json() == {"error": "TEAM_LEADER_NEEDS_PHONE",
                              "message": "劳务队长必须填写手机号（手机号：劳务队长必须填写手机号）",
                              "fields": {"phone": "劳务队长必须填写手机号"}}
    admitted = site.post("/entries", json={**terms(employer, is_team_leader=True, phone=mobile_phone(rng)),
                                           "id_number": leader["id_number"]})
    assert admitted.status_code == 201, admitted.text
    leader_entry = admitted.json()
    assert (leader_entry["is_team_leader"], leader_entry["team_leader_name"]) == (True, "劳务队长甲")
    leaders = site.get("/entries/team-leaders", params={"state": "on_site"}).json()
    assert {"entry_id": leader_entry["id"], "name": "劳务队长甲", "employer_id": employer["id"],
            "employer_name": employer["name"], "project_id": leader_entry["project_id"],
            "project_name": "测试项目三", "state": "on_site"} in leaders

    worker = registered("队员甲")
    response = site.post("/entries", json={**terms(employer, team_leader_entry_id=leader_entry["id"]),
                                           "id_number": worker["id_number"]})
    assert response.status_code == 201, response.text
    assert response.json()["team_leader_name"] == "劳务队长甲"


@pytest.fixture(scope="module")
def leader_on_site_4(api):
    """A team leader on the other site: not one site_3 may put its people under."""
    authority = api("authority")
    employer = authority.post("/enterprises", json={"name": "四号项目劳务有限公司", "credit_code": credit_code(rng),
                                                    "unit_type": "labour_subcontractor"}).json()
    doc = document("四号队长")
    site_4 = api("site_4")
    assert site_4.post("/persons", json=doc).status_code == 201
    response = site_4.post("/entries", json={**terms(employer, is_team_leader=True, phone=mobile_phone(rng)),
                                             "id_number": doc["id_number"]})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    ("overrides", "error", "fields"),
    [
        ({"is_team_leader": True, "phone": None}, "TEAM_LEADER_NEEDS_PHONE", {"phone": "劳务队长必须填写手机号"}),
        ({"phone": "11223123"}, "INVALID_ENTRY", {"phone": "手机号格式不正确"}),
        ({"employer_id": 999_999}, "UNKNOWN_ENTERPRISE", {"employer_id": "企业不存在"}),
        ({"team_leader_entry_id": "on site 4"}, "UNKNOWN_TEAM_LEADER",
         {"team_leader_entry_id": "不是本工地在场的劳务队长"}),
        ({"entry_date": str(TODAY + dt.timedelta(days=1))}, "INVALID_ENTRY", {"entry_date": "日期不能晚于今天"}),
        ({"trade": "999"}, "INVALID_INPUT", {"trade": "不在可选范围内"}),
        ({"education": None, "entry_date": "2026/11/20"}, "INVALID_INPUT",
         {"education": "必填项", "entry_date": "日期格式不正确（YYYY-MM-DD）"}),
    ],
    ids=["leader without phone", "not a phone", "unknown employer", "leader of another site", "entry tomorrow",
         "unknown trade", "missing education and bad date"],
)
def test_an_entry_that_breaks_a_rule_of_the_form_is_refused_with_the_field(site, employer, registered,
                                                                           leader_on_site_4, overrides, error, fields):
    if overrides.get("team_leader_entry_id") == "on site 4":
        overrides = {**overrides, "team_leader_entry_id": leader_on_site_4["id"]}
    doc = registered("被拒绝进场")
    response = site.post("/entries", json={**terms(employer, **overrides), "id_number": doc["id_number"]})
    assert response.status_code == 422
    assert response.json()["error"] == error
    assert response.json()["fields"] == fields
    assert site.get("/entries", params={"person": doc["id_number"]}).json()["total"] == 0


# -- 非正常登记 ---------------------------------------------------------------------------------------------------


def test_the_unregistered_form_creates_an_unverified_record_and_the_entry_in_one_action(site, employer):
    doc = document("非正常甲")
    response = site.post("/entries/unregistered", json={"person": doc, "entry": terms(employer, trade="390")})
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["person_created"] is True
    assert result["person"]["verification_state"] == "unverified"
    assert result["entry"]["name"] == "非正常甲" and result["entry"]["state"] == "on_site"
    record = site.get(f"/persons/{result['person']['id']}").json()
    assert (record["verification_state"], record["verification_source"]) == ("unverified", "manual")
    assert site.get("/persons/lookup", params={"id_number": doc["id_number"]}).json()["person"]["name"] == "非正常甲"
    listed = site.get("/entries", params={"state": "on_site", "person": doc["id_number"]}).json()
    assert [item["id"] for item in listed["items"]] == [result["entry"]["id"]]


def test_a_refused_unregistered_entry_leaves_no_half_record_and_the_corrected_form_is_saved(site, employer):
    doc = document("错别字")
    refused = site.post("/entries/unregistered", json={"person": doc, "entry": terms(employer, is_team_leader=True)})
    assert refused.status_code == 422
    assert refused.json()["error"] == "TEAM_LEADER_NEEDS_PHONE"
    assert refused.json()["fields"] == {"entry.phone": "劳务队长必须填写手机号"}
    assert site.get("/persons/lookup", params={"id_number": doc["id_number"]}).status_code == 404

    retried = site.post("/entries/unregistered", json={
        "person": {**doc, "name": "改正后"}, "entry": terms(employer, is_team_leader=True, phone=mobile_phone(rng))})
    assert retried.status_code == 201, retried.text
    assert retried.json()["person_created"] is True
    assert (retried.json()["entry"]["name"], retried.json()["entry"]["is_team_leader"]) == ("改正后", True)
    stays = site.get("/entries", params={"person": doc["id_number"]}).json()
    assert [item["name"] for item in stays["items"]] == ["改正后"]


def test_the_unregistered_form_for_a_number_on_record_shows_the_record_and_then_enters_it(site, employer, registered):
    doc = registered("已有记录")
    response = site.post("/entries/unregistered", json={"person": {**doc, "name": "另一个名字"},
                                                        "entry": terms(employer)})
    assert response.status_code == 409
    refused = response.json()
    assert (refused["error"], refused["differences"]) == ("PERSON_ALREADY_REGISTERED", ["name"])
    assert refused["on_file"] == {
        "person_id": refused["on_file"]["person_id"], "name": "已有记录", "gender": "1" if int(doc["id_number"][16]) % 2
        else "2", "birth_date": f"{doc['id_number'][6:10]}-{doc['id_number'][10:12]}-{doc['id_number'][12:14]}",
        "id_type": "01", "id_number_masked": masked(doc["id_number"]), "ethnicity": "01",
        "verification_state": "unverified"}
    assert site.get("/entries", params={"person": doc["id_number"]}).json()["total"] == 0
    # 使用已登记信息进场: the normal entry with the same terms; the record is not changed
    entered = site.post("/entries", json={**terms(employer), "id_type": "01", "id_number": doc["id_number"]})
    assert entered.status_code == 201, entered.text
    assert entered.json()["name"] == "已有记录"
    assert site.get(f"/persons/{refused['on_file']['person_id']}").json()["name"] == "已有记录"


def test_a_bad_document_in_the_unregistered_form_names_the_person_part_and_stores_nothing(site, employer):
    doc = document("证件有误")
    broken = doc["id_number"][:-1] + ("0" if doc["id_number"][-1] != "0" else "1")
    response = site.post("/entries/unregistered", json={"person": {**doc, "id_number": broken},
                                                        "entry": terms(employer)})
    assert response.status_code == 422
    assert response.json()["error"] == "INVALID_ID_DOCUMENT"
    assert response.json()["fields"] == {"person.id_number": "身份证号码校验位错误"}
    assert site.get("/persons/lookup", params={"id_number": broken}).status_code == 404


# -- 编辑 ------------------------------------------------------------------------------------------------------


def test_an_edit_changes_the_entry_in_place_and_keeps_its_history(api, site, entered):
    entry = entered("编辑甲", entry_date=days_ago(5))
    changed = site.patch(f"/entries/{entry['id']}", json={"trade": "240", "education": "41", "phone": "13912345678"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["trade"], changed.json()["education"], changed.json()["phone_masked"]) == (
        "240", "41", "139****5678")
    assert site.patch(f"/entries/{entry['id']}", json={"entry_date": days_ago(4)}).status_code == 200
    listed = site.get("/entries", params={"person": entry["id_number"]}).json()["items"][0]
    assert (listed["trade"], listed["entry_date"]) == ("240", days_ago(4))

    history = site.get(f"/entries/{entry['id']}/history").json()
    assert [(change["changed_by"], change["changes"]) for change in history] == [
        ("site_3", [{"field": "phone", "old": None, "new": "139****5678"},
                    {"field": "trade", "old": "钢筋工", "new": "木工", "old_code": "020", "new_code": "240"},
                    {"field": "education", "old": "初中毕业", "new": "中专中技毕业", "old_code": "71",
                     "new_code": "41"}]),
        ("site_3", [{"field": "entry_date", "old": days_ago(5), "new": days_ago(4)}]),
    ]
    assert api("authority").get(f"/entries/{entry['id']}/history").json() == history


@pytest.mark.parametrize(
    ("username", "changes", "status", "error"),
    [
        ("site_4", {"trade": "240"}, 404, "ENTRY_NOT_FOUND"),
        ("enterprise_7", {"trade": "240"}, 403, "FORBIDDEN"),
        ("site_3", {"is_team_leader": True}, 422, "TEAM_LEADER_NEEDS_PHONE"),
        ("site_3", {"entry_date": str(TODAY + dt.timedelta(days=1))}, 422, "INVALID_ENTRY"),
        ("site_3", {"employer_id": 999_999}, 422, "UNKNOWN_ENTERPRISE"),
        ("site_3", {"trade": "999"}, 422, "INVALID_INPUT"),
    ],
    ids=["another site", "an enterprise", "leader without phone", "entry tomorrow", "unknown employer",
         "unknown trade"],
)
def test_an_edit_that_is_not_allowed_changes_nothing(api, site, entered, username, changes, status, error):
    entry = entered("编辑被拒")
    response = api(username).patch(f"/entries/{entry['id']}", json=changes)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert site.get(f"/entries/{entry['id']}/history").json() == []
    listed = site.get("/entries", params={"person": entry["id_number"]}).json()["items"][0]
    assert {key: listed[key] for key in changes} == {key: entry[key] for key in changes}


def test_an_exited_entry_cannot_be_moved_after_its_exit(site, entered):
    entry = entered("退场后编辑", entry_date=days_ago(10))
    exit_entries(site, [entry], exit_date=days_ago(5))
    response = site.patch(f"/entries/{entry['id']}", json={"entry_date": days_ago(2)})
    assert response.status_code == 422
    assert response.json()["fields"] == {"entry_date": "进场日期不能晚于退场日期"}


# -- 退场登记 ---------------------------------------------------------------------------------------------------


def test_a_batch_exit_names_who_had_already_exited_and_exits_the_others(site, entered):
    gone, first, second = entered("已退场甲"), entered("退场乙"), entered("退场丙")
    assert exit_entries(site, [gone], evaluation="fair", comment="先走了").json()["refused"] == []

    response = exit_entries(site, [gone, first, second], evaluation="excellent", comment="按时完成，服从管理")
    assert response.status_code == 200
    result = response.json()
    assert [(entry["name"], entry["exit_date"], entry["evaluation"], entry["evaluation_comment"])
            for entry in result["exited"]] == [("退场乙", str(TODAY), "excellent", "按时完成，服从管理"),
                                               ("退场丙", str(TODAY), "excellent", "按时完成，服从管理")]
    assert result["refused"] == [{"entry_id": gone["id"], "name": "已退场甲", "error": "ALREADY_EXITED",
                                  "message": "已退场甲：该人员已经退场，不能重复操作"}]
    # the first exit stands as it was
    kept = site.get("/entries", params={"person": gone["id_number"]}).json()["items"][0]
    assert (kept["evaluation"], kept["evaluation_comment"], kept["state"]) == ("fair", "先走了", "exited")


def test_an_exit_refusal_is_worded_in_english_when_asked(api, site, entered):
    gone = entered("Li Lei")
    exit_entries(site, [gone])
    result = exit_entries(api("site_3", language="en"), [gone]).json()
    assert result["refused"][0]["message"] == "Li Lei: already exited; it cannot be done twice"


def test_an_exit_before_the_entry_is_refused_for_that_person_only(site, entered):
    late, early = entered("晚进场", entry_date=days_ago(5)), entered("早进场", entry_date=days_ago(20))
    result = exit_entries(site, [late, early], exit_date=days_ago(10)).json()
    assert [entry["name"] for entry in result["exited"]] == ["早进场"]
    assert result["refused"] == [{"entry_id": late["id"], "name": "晚进场", "error": "EXIT_BEFORE_ENTRY",
                                  "message": "晚进场：退工日期早于进场日期"}]


def test_an_exit_tomorrow_is_refused(site, entered):
    entry = entered("明天退场")
    result = exit_entries(site, [entry], exit_date=str(TODAY + dt.timedelta(days=1))).json()
    assert result["exited"] == []
    assert result["refused"][0]["error"] == "EXIT_DATE_IN_FUTURE"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"evaluation": None}, {"evaluation": "必填项"}),
        ({"evaluation": "great"}, {"evaluation": "不在可选范围内"}),
        ({"exit_date": None}, {"exit_date": "必填项"}),
        ({"entry_ids": []}, {"entry_ids": "必填项"}),
    ],
    ids=["no evaluation", "unknown evaluation", "no exit date", "nobody chosen"],
)
def test_an_exit_form_without_what_the_manual_requires_is_refused(site, entered, body, fields):
    entry = entered("退场表单")
    request_body = {"entry_ids": [entry["id"]], "exit_date": str(TODAY), "evaluation": "good", **body}
    response = site.post("/entries/exit", json=request_body)
    assert response.status_code == 422
    assert (response.json()["error"], response.json()["fields"]) == ("INVALID_INPUT", fields)


def test_a_site_cannot_exit_another_sites_people_nor_learn_their_names(api, site, entered):
    entry = entered("三号项目人员")
    result = exit_entries(api("site_4"), [entry]).json()
    assert result == {"exited": [], "refused": [{"entry_id": entry["id"], "name": None, "error": "ENTRY_NOT_FOUND",
                                                 "message": "未找到该进场记录"}]}
    assert site.get("/entries", params={"person": entry["id_number"]}).json()["items"][0]["state"] == "on_site"


def test_the_authority_works_a_gate_only_by_naming_the_project(api, registry, employer, registered):
    doc = registered("监管代登记")
    authority = api("authority")
    unnamed = authority.post("/entries", json={**terms(employer), "id_number": doc["id_number"]})
    assert unnamed.status_code == 422
    assert (unnamed.json()["error"], unnamed.json()["fields"]) == ("PROJECT_REQUIRED", {"project_id": "必填项"})
    named = authority.post("/entries", json={**terms(employer), "id_number": doc["id_number"],
                                             "project_id": registry["site_4"]["id"]})
    assert named.status_code == 201, named.text
    assert named.json()["project_name"] == "测试项目四"


@pytest.mark.parametrize("path", ["/entries", "/entries/exit", "/entries/unregistered"])
def test_an_enterprise_does_not_work_a_sites_gate(api, path):
    response = api("enterprise_7").post(path, json={})
    assert response.status_code == 403
    assert response.json()["error"] == "FORBIDDEN"


# -- scope -----------------------------------------------------------------------------------------------------


def test_a_site_sees_nothing_of_another_sites_entries(api, entered):
    leader = entered("三号队长", is_team_leader=True, phone=mobile_phone(rng))
    entry = entered("三号工人", team_leader_entry_id=leader["id"])
    site_4 = api("site_4")
    assert site_4.get("/entries", params={"person": "三号工人"}).json()["total"] == 0
    assert site_4.get("/entries", params={"person": entry["id_number"]}).json()["total"] == 0
    assert entry["id"] not in {item["id"] for item in site_4.get("/entries", params={"page_size": 200}).json()["items"]}
    assert site_4.get(f"/persons/{entry['person_id']}/site-history").json() == []
    assert leader["id"] not in {item["entry_id"] for item in site_4.get("/entries/team-leaders").json()}
    exported = load_workbook(io.BytesIO(site_4.get("/entries/export", params={"person": entry["id_number"]}).content))
    assert exported.active.max_row == 1


def test_an_enterprise_sees_only_its_own_people_on_every_site(api, registry, entered):
    own = entered("七公司三号", employer=registry["enterprise_7"])
    own_elsewhere = entered("七公司四号", employer=registry["enterprise_7"], client=api("site_4"))
    other = entered("八公司三号", employer=registry["enterprise_8"])
    enterprise_7 = api("enterprise_7")
    seen = {item["id"] for item in enterprise_7.get("/entries", params={"page_size": 200}).json()["items"]}
    assert {own["id"], own_elsewhere["id"]} <= seen and other["id"] not in seen
    # naming another employer is refused, never answered with its own people
    widened = enterprise_7.get("/entries", params={"employer_id": registry["enterprise_8"]["id"], "page_size": 200})
    assert (widened.status_code, widened.json()["error"]) == (403, "FORBIDDEN")
    assert enterprise_7.get(f"/entries/{other['id']}/history").json()["error"] == "FORBIDDEN"
    assert enterprise_7.get(f"/entries/{own['id']}/history").status_code == 200
    everything = {item["id"] for item in api("authority").get("/entries", params={"page_size": 200}).json()["items"]}
    assert {own["id"], own_elsewhere["id"], other["id"]} <= everything


# -- 用工查询 ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def roster(api):
    """One employer's people on site_3: a leader, two workers in the leader's team (one exited), one without."""
    site = api("site_3")
    employer = api("authority").post("/enterprises", json={
        "name": "用工查询劳务有限公司", "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"}).json()
    people = {}

    def enter(name, **overrides):
        doc = document(name)
        assert site.post("/persons", json=doc).status_code == 201
        response = site.post("/entries", json={**terms(employer, **overrides), "id_number": doc["id_number"]})
        assert response.status_code == 201, response.text
        people[name] = {**response.json(), "id_number": doc["id_number"]}
        return people[name]

    leader = enter("查询队长", is_team_leader=True, phone=mobile_phone(rng), trade="390", entry_date=days_ago(40))
    enter("查询工人甲", team_leader_entry_id=leader["id"], trade="020", entry_date=days_ago(30))
    enter("查询工人乙", team_leader_entry_id=leader["id"], trade="240", entry_date=days_ago(5))
    enter("零散工人", trade="020", entry_date=days_ago(2))
    exited = exit_entries(site, [people["查询工人甲"]], exit_date=days_ago(10), evaluation="excellent",
                          comment="技术过硬")
    assert exited.json()["refused"] == []
    return {"employer": employer, "people": people}


EVERYONE = ["查询工人乙", "查询工人甲", "查询队长", "零散工人"]


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        (lambda r: {}, EVERYONE),
        (lambda r: {"team_leader_entry_id": r["people"]["查询队长"]["id"]}, ["查询工人乙", "查询工人甲"]),
        (lambda r: {"person": "工人"}, ["查询工人乙", "查询工人甲", "零散工人"]),
        (lambda r: {"person": r["people"]["查询工人乙"]["id_number"]}, ["查询工人乙"]),
        (lambda r: {"person": resident_id_number(rng)}, []),
        (lambda r: {"trade": "020"}, ["查询工人甲", "零散工人"]),
        (lambda r: {"state": "on_site"}, ["查询工人乙", "查询队长", "零散工人"]),
        (lambda r: {"state": "exited"}, ["查询工人甲"]),
        (lambda r: {"entry_from": days_ago(35), "entry_to": days_ago(3)}, ["查询工人乙", "查询工人甲"]),
        (lambda r: {"exit_from": days_ago(12), "exit_to": days_ago(8)}, ["查询工人甲"]),
        (lambda r: {"exit_from": days_ago(9)}, []),
        (lambda r: {"trade": "020", "state": "on_site"}, ["零散工人"]),
    ],
    ids=["employer", "team leader", "name fragment", "exact id number", "unknown id number", "trade", "on site",
         "exited", "entry date range", "exit date range", "exit date from", "trade and state"],
)
def test_the_roster_query_filters_as_the_manual_lists(site, roster, filters, found):
    page = site.get("/entries", params={"employer_id": roster["employer"]["id"], **filters(roster),
                                        "page_size": 200}).json()
    assert names(page) == sorted(found)
    assert page["total"] == len(found)


def test_the_roster_comes_in_pages_newest_entry_first(site, roster):
    query = {"employer_id": roster["employer"]["id"], "page_size": 3}
    first, second = (site.get("/entries", params={**query, "page": number}).json() for number in (1, 2))
    assert (first["total"], second["total"], first["page"], second["page"]) == (4, 4, 1, 2)
    assert [item["name"] for item in first["items"] + second["items"]] == [
        "零散工人", "查询工人乙", "查询工人甲", "查询队长"]


def test_a_bad_filter_is_named(site):
    response = site.get("/entries", params={"entry_from": "yesterday", "page_size": 1000})
    assert response.status_code == 422
    assert response.json()["fields"] == {"entry_from": "日期格式不正确（YYYY-MM-DD）", "page_size": "超出范围"}


def test_the_export_masks_id_numbers_for_a_site(site, roster):
    response = site.get("/entries/export", params={"employer_id": roster["employer"]["id"]})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "用工查询"
    assert list(rows[0]) == MANUAL_HEADER
    by_name = {row[3]: row for row in rows[1:]}
    assert sorted(by_name) == sorted(EVERYONE)
    for name, person in roster["people"].items():
        assert by_name[name][4] == masked(person["id_number"])
    worker = by_name["查询工人甲"]
    assert worker[1:4] == (roster["employer"]["name"], None, "查询工人甲")
    assert worker[6:9] == ("查询队长", "钢筋工", "初中毕业")
    assert worker[10:] == ("测试项目三", days_ago(30), days_ago(10), "优", "技术过硬")
    assert (by_name["查询队长"][2], by_name["查询队长"][6]) == ("√", "查询队长")  # a leader's team is their own


def test_the_export_masks_id_numbers_for_an_enterprise(api, registry, entered):
    own = entered("七公司导出", employer=registry["enterprise_7"])
    response = api("enterprise_7").get("/entries/export", params={"person": own["id_number"]})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(row[3], row[4]) for row in rows[1:]] == [("七公司导出", masked(own["id_number"]))]


def test_the_authoritys_export_shows_full_numbers_and_is_audited(api, platform, roster):
    response = api("authority", language="en").get("/entries/export", params={"employer_id": roster["employer"]["id"]})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Roster"
    assert rows[0][1:5] == ("Employer", "Team leader", "Name", "ID number")
    assert {row[3]: row[4] for row in rows[1:]} == {name: person["id_number"]
                                                    for name, person in roster["people"].items()}
    assert {row[7] for row in rows[1:]} == {"Steel fixer", "Carpenter", "General labourer"}
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        audited = session.scalars(select(RevealAudit).where(
            RevealAudit.subject_id.in_([person["person_id"] for person in roster["people"].values()]),
            RevealAudit.purpose == "export")).all()
    engine.dispose()
    assert {(audit.username, audit.subject_id) for audit in audited} == {
        ("authority", person["person_id"]) for person in roster["people"].values()}


#: the e2e platform's export cap and rows per page (tests/conftest.py): a few rows reach both
EXPORT_CAP = 10
EXPORT_PAGE_SIZE = 4
STEMS = "甲乙丙丁戊己庚辛壬癸"


@pytest.fixture(scope="module")
def exportable(api, registry):
    """As many people as an export may hold (three pages of rows), on site_3 for enterprise_7, a day apart."""
    site = api("site_3")
    people = []
    for back, stem in enumerate(STEMS[:EXPORT_CAP], start=1):
        doc = document(f"分页导出{stem}")
        assert site.post("/persons", json=doc).status_code == 201
        response = site.post("/entries", json={**terms(registry["enterprise_7"], entry_date=days_ago(back)),
                                               "id_number": doc["id_number"]})
        assert response.status_code == 201, response.text
        people.append({**response.json(), "id_number": doc["id_number"]})
    return people  # newest entry first, as the export lists them


@pytest.mark.parametrize(("username", "full_numbers"), [("authority", True), ("site_3", False),
                                                        ("enterprise_7", False)])
def test_an_export_of_many_pages_holds_every_row_in_order_with_numbers_only_the_authority_sees_in_full(
        api, platform, exportable, username, full_numbers):
    assert EXPORT_PAGE_SIZE < len(exportable) <= EXPORT_CAP
    response = api(username).get("/entries/export", params={"person": "分页导出"})
    assert response.status_code == 200, response.text
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == MANUAL_HEADER
    assert [row[:4] for row in rows[1:]] == [(number, "测试劳务七公司", None, person["name"])
                                             for number, person in enumerate(exportable, start=1)]
    assert [row[4] for row in rows[1:]] == [person["id_number"] if full_numbers else masked(person["id_number"])
                                            for person in exportable]
    assert [row[11] for row in rows[1:]] == [person["entry_date"] for person in exportable]
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        audited = session.scalars(select(RevealAudit.subject_id).where(
            RevealAudit.username == username, RevealAudit.purpose == "export",
            RevealAudit.subject_id.in_([person["person_id"] for person in exportable]))).all()
    engine.dispose()
    # every full number shown is audited once per export; no masked one is
    assert sorted(audited) == (sorted(person["person_id"] for person in exportable) if full_numbers else [])


@pytest.mark.parametrize(("language", "message"), [
    ("zh-CN", f"符合条件的记录有 {EXPORT_CAP + 1} 条，超过导出上限 {EXPORT_CAP} 条，请缩小查询范围后再导出"),
    ("en", f"{EXPORT_CAP + 1} records match, more than the {EXPORT_CAP} an export can hold; narrow the search and "
           "export again."),
])
def test_an_export_larger_than_the_cap_is_refused_before_it_starts(api, platform, employer, entered, language,
                                                                  message):
    people = [entered(f"超限导出{stem}", entry_date=days_ago(1)) for stem in (STEMS + "子")[:EXPORT_CAP + 1]]
    response = api("authority", language=language).get("/entries/export", params={"employer_id": employer["id"]})
    assert response.status_code == 422
    assert response.json() == {"error": "EXPORT_TOO_LARGE", "message": message, "count": EXPORT_CAP + 1,
                               "cap": EXPORT_CAP}
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        audited = session.scalars(select(RevealAudit.id).where(
            RevealAudit.subject_id.in_([person["person_id"] for person in people]))).all()
    engine.dispose()
    assert audited == []  # refused before any number was revealed


def test_a_persons_history_across_projects_shows_each_stay_and_its_evaluation(api, registry, site, entered):
    first = entered("履历甲", employer=registry["enterprise_7"], entry_date=days_ago(40))
    exit_entries(site, [first], exit_date=days_ago(30), evaluation="excellent", comment="认真负责")
    second = api("site_4").post("/entries", json={**terms(registry["enterprise_7"], entry_date=days_ago(20)),
                                                  "id_number": first["id_number"]})
    assert second.status_code == 201, second.text

    def stays(username):
        history = api(username).get(f"/persons/{first['person_id']}/site-history")
        assert history.status_code == 200
        return [(stay["project_name"], stay["entry_date"], stay["exit_date"], stay["evaluation"],
                 stay["evaluation_comment"]) for stay in history.json()]

    both = [("测试项目三", days_ago(40), days_ago(30), "excellent", "认真负责"),
            ("测试项目四", days_ago(20), None, None, None)]
    assert stays("authority") == both
    assert stays("enterprise_7") == both
    assert stays("site_3") == both[:1]
    assert stays("site_4") == both[1:]
    assert stays("enterprise_8") == []


# -- manual 000's loose ends ------------------------------------------------------------------------------------


@pytest.fixture
def team(site, entered):
    """A leader on site_3 with one member."""
    leader = entered("带队队长", is_team_leader=True, phone=mobile_phone(rng))
    member = entered("带队队员", team_leader_entry_id=leader["id"])
    return {"leader": leader, "member": member}


def test_a_leaders_own_row_names_them_as_their_team(site, team):
    rows = {item["name"]: item for item in site.get("/entries", params={"person": "带队"}).json()["items"]}
    assert (rows["带队队长"]["team_leader_name"], rows["带队队长"]["team_leader_entry_id"]) == ("带队队长", None)
    assert rows["带队队员"]["team_leader_name"] == "带队队长"


def test_an_entry_cannot_be_made_its_own_leader(site, team):
    member = team["member"]
    response = site.patch(f"/entries/{member['id']}", json={"team_leader_entry_id": member["id"]})
    assert response.status_code == 422
    assert response.json() == {
        "error": "INVALID_ENTRY",
        "message": "进退场信息有误，请检查标红的内容（劳务队长：不能选择本人作为自己的劳务队长）",
        "fields": {"team_leader_entry_id": "不能选择本人作为自己的劳务队长"}}


@pytest.mark.parametrize(("language", "message", "field"), [
    ("zh-CN", "该劳务队长仍带有在场人员，请先为他们更换劳务队长（是否劳务队长：仍有在场人员属于该劳务队）",
     "仍有在场人员属于该劳务队"),
    ("en", "This team leader still leads people on the site; give them another team leader first. "
           "(Team leader: People on the site are still in this team)", "People on the site are still in this team"),
])
def test_unticking_a_leader_who_leads_people_is_refused_naming_them(api, site, team, language, message, field):
    leader = team["leader"]
    response = api("site_3", language=language).patch(f"/entries/{leader['id']}", json={"is_team_leader": False})
    assert response.status_code == 409
    assert response.json() == {"error": "TEAM_LEADER_HAS_MEMBERS", "message": message,
                               "fields": {"is_team_leader": field},
                               "members": [{"entry_id": team["member"]["id"], "name": "带队队员"}]}
    assert site.get(f"/entries/{leader['id']}/history").json() == []


@pytest.mark.parametrize("cleared", [None, ""], ids=["null", "empty"])
def test_an_edit_clears_a_workers_phone_but_not_a_leaders(site, team, cleared):
    member, leader = team["member"], team["leader"]
    assert site.patch(f"/entries/{member['id']}", json={"phone": "13912345678"}).status_code == 200
    cleared_response = site.patch(f"/entries/{member['id']}", json={"phone": cleared})
    assert cleared_response.status_code == 200, cleared_response.text
    assert cleared_response.json()["phone_masked"] is None
    refused = site.patch(f"/entries/{leader['id']}", json={"phone": cleared})
    assert (refused.status_code, refused.json()["error"]) == (422, "TEAM_LEADER_NEEDS_PHONE")


def test_the_edit_history_names_employers_and_leaders(site, registry, team):
    member = team["member"]
    response = site.patch(f"/entries/{member['id']}", json={
        "employer_id": registry["enterprise_7"]["id"], "team_leader_entry_id": None, "is_team_leader": True,
        "phone": "13912345678", "education": "03"})
    assert response.status_code == 200, response.text
    (change,) = site.get(f"/entries/{member['id']}/history").json()
    shown = {item["field"]: item for item in change["changes"]}
    assert shown["employer_id"]["new"] == registry["enterprise_7"]["name"]
    assert isinstance(shown["employer_id"]["old"], str) and "劳务" in shown["employer_id"]["old"]
    assert shown["team_leader_entry_id"] == {"field": "team_leader_entry_id", "old": "带队队长", "new": None}
    assert shown["is_team_leader"] == {"field": "is_team_leader", "old": False, "new": True}
    assert shown["education"] == {"field": "education", "old": "初中毕业", "new": "高中", "old_code": "71",
                                  "new_code": "03"}


def test_every_role_filters_by_team_leader_and_sees_those_who_left(api, site, registry, entered):
    leader = entered("七公司队长", employer=registry["enterprise_7"], is_team_leader=True, phone=mobile_phone(rng))
    gone = entered("已走队长", employer=registry["enterprise_7"], is_team_leader=True, phone=mobile_phone(rng),
                   entry_date=days_ago(9))
    exit_entries(site, [gone], exit_date=days_ago(2))

    def leaders(username, **params):
        response = api(username).get("/entries/team-leaders", params=params)
        assert response.status_code == 200, response.text
        return {item["entry_id"]: item["state"] for item in response.json()}

    for username in ("site_3", "enterprise_7", "authority"):
        assert {leader["id"]: "on_site", gone["id"]: "exited"}.items() <= leaders(username).items()
    assert gone["id"] not in leaders("site_3", state="on_site")
    assert leader["id"] not in leaders("enterprise_8") and leader["id"] not in leaders("site_4")
    assert set(leaders("authority", project_id=registry["site_4"]["id"])).isdisjoint({leader["id"], gone["id"]})


def test_the_team_leader_list_searches_by_name_and_shows_the_first_ones(api, registry, entered):
    first = entered("甲队长", employer=registry["enterprise_7"], is_team_leader=True, phone=mobile_phone(rng))
    second = entered("乙队长", employer=registry["enterprise_7"], is_team_leader=True, phone=mobile_phone(rng))

    found = api("authority").get("/entries/team-leaders", params={"name": "甲队"}).json()
    assert first["id"] in {item["entry_id"] for item in found}
    assert second["id"] not in {item["entry_id"] for item in found}
    assert len(api("site_3").get("/entries/team-leaders", params={"limit": 1}).json()) == 1
    too_many = api("site_3").get("/entries/team-leaders", params={"limit": 501})
    assert too_many.status_code == 422
    assert too_many.json()["error"] == "INVALID_INPUT" and "limit" in too_many.json()["fields"]


@pytest.mark.parametrize(
    ("username", "method", "path", "body"),
    [
        ("site_4", "get", "/entries", None),
        ("site_4", "get", "/entries/export", None),
        ("site_4", "get", "/entries/team-leaders", None),
        ("site_4", "post", "/entries", "entry"),
        ("site_4", "post", "/entries/unregistered", "unregistered"),
        ("enterprise_8", "get", "/entries", "employer"),
        ("enterprise_8", "get", "/entries/export", "employer"),
    ],
    ids=["list", "export", "team leaders", "enter", "unregistered entry", "enterprise list", "enterprise export"],
)
def test_asking_for_another_projects_or_employers_data_is_refused(api, registry, employer, registered, username,
                                                                  method, path, body):
    project_id = registry["site_3"]["id"]
    if body == "employer":
        response = api(username).get(path, params={"employer_id": registry["enterprise_7"]["id"]})
    elif method == "get":
        response = api(username).get(path, params={"project_id": project_id})
    elif body == "entry":
        response = api(username).post(path, json={**terms(employer), "project_id": project_id,
                                                  "id_number": registered()["id_number"]})
    else:
        response = api(username).post(path, json={"project_id": project_id, "person": document(),
                                                  "entry": terms(employer)})
    assert response.status_code == 403
    assert response.json() == {"error": "FORBIDDEN", "message": "无权访问该数据"}


def test_another_sites_entry_history_is_refused(api, entered):
    entry = entered("三号履历")
    response = api("site_4").get(f"/entries/{entry['id']}/history")
    assert (response.status_code, response.json()["error"]) == (403, "FORBIDDEN")


def test_the_authority_queries_every_project_or_one(api, registry, entered):
    here, there = entered("监管查三号"), entered("监管查四号", client=api("site_4"))
    authority = api("authority")

    def found(**params):
        page = authority.get("/entries", params={"person": "监管查", **params, "page_size": 200}).json()
        return {item["id"] for item in page["items"]}

    assert {here["id"], there["id"]} <= found()
    assert found(project_id=registry["site_3"]["id"]) == {here["id"]}
    assert found(project_id=registry["site_4"]["id"]) == {there["id"]}


def test_the_code_tables_hold_the_manuals_values_with_national_codes(api):
    tables = api("site_3").get("/reference").json()
    education = {row["name"]: row for row in tables["education_levels"]}
    assert education["初中及初中以下"] == {"code": "S02", "name": "初中及初中以下",
                                      "name_en": "Junior high school or less", "legacy": True, "national_code": "02"}
    assert education["高中"] == {"code": "03", "name": "高中", "name_en": "Senior high school"}
    trades = {row["name"]: row for row in tables["trades"]}
    assert (trades["木工(模板工)"]["national_code"], trades["抹灰、镶贴工"]["code"]) == ("050", "260")
    assert trades["其他"]["code"] == "1000" and trades["管理人员"]["code"] == "900"


def test_a_legacy_value_of_a_migrated_record_is_kept_and_listed(site, employer, registered):
    doc = registered("旧系统迁移")
    response = site.post("/entries", json={**terms(employer, trade="S050", education="S04"),
                                           "id_number": doc["id_number"]})
    assert response.status_code == 201, response.text
    assert (response.json()["trade"], response.json()["education"]) == ("S050", "S04")
    sheet = load_workbook(io.BytesIO(site.get("/entries/export", params={"person": doc["id_number"]}).content)).active
    assert list(sheet.iter_rows(values_only=True))[1][7:9] == ("木工(模板工)", "中专及中专以下")
