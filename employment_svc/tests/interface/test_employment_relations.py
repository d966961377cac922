"""employment_svc's relations in a real container on the test bus and database, beside identity_svc (who a person
is), siteaccess_svc (whether a manager is still on a site) and project_svc (the sites)."""

import random

import pytest
from nameko.exceptions import RemoteError

from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from chassis.platform import PLATFORM_SERVICES
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(83)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def platform(run_service):
    for service in PLATFORM_SERVICES:
        run_service(service)


@pytest.fixture
def employers(platform, rpc_as):
    """Two labour subcontractors and a proxy acting as each: ``employers[0]["rpc"]``."""
    admin = rpc_as(AUTHORITY)
    made = []
    for name in ("聘用甲劳务", "聘用乙劳务"):
        enterprise = admin.employment_svc.register_enterprise(
            {"name": name, "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
        made.append({**enterprise, "rpc": rpc_as(Caller("enterprise", f"hr{enterprise['id']}",
                                                        enterprise_id=enterprise["id"]))})
    return made


@pytest.fixture
def person(employers, rpc_as):
    """``person("姓名")``: a real-name record (registered by the first employer), with a proxy acting as the
    worker on the mobile page: ``{"id", "name", "id_number", "rpc"}``."""

    def register(name="聘用工人"):
        number = resident_id_number(rng)
        record = employers[0]["rpc"].identity_svc.register_person({"id_number": number, "name": name})["person"]
        worker = rpc_as(Caller("worker", number, person_id=record["id"]))
        return {"id": record["id"], "name": name, "id_number": number, "rpc": worker}

    return register


def ask(employer, someone, role="worker", **overrides):
    return employer["rpc"].employment_svc.request_employment(
        {"name": someone["name"], "id_number": someone["id_number"], "role": role, **overrides})


@pytest.fixture
def relation_events(platform, subscribe):
    """``relation_events(5)``: the first five events of relations a subscriber outside the platform receives."""
    events = subscribe("employment_svc")

    def wait_for(count):
        def enough():
            found = [e for e in events.wait_for(1, timeout=0.5) if e["event_type"] != "enterprise_registered"]
            assert len(found) >= count
            return found
        return eventually(enough)

    return wait_for


def test_a_worker_confirms_resigns_and_is_then_hired_by_another_employer(relation_events, employers, person):
    first, second = employers
    worker = person("聘用张三")
    relation = ask(first, worker)
    assert (relation["state"], relation["enterprise_name"], relation["person_name"]) == (
        "pending", "聘用甲劳务", "聘用张三")
    assert relation["id_number_masked"] == worker["id_number"][:3] + "*****" + worker["id_number"][-3:]
    assert relation["actions"] == ["withdraw"]
    (mine,) = worker["rpc"].employment_svc.my_employments()
    assert mine["id"] == relation["id"] and mine["actions"] == ["confirm", "decline"]

    confirmed = worker["rpc"].employment_svc.confirm_employment(relation["id"])
    assert confirmed["state"] == "employed" and confirmed["confirmed_at"] and confirmed["actions"] == [
        "request_resignation"]
    refused = refusal(lambda: ask(second, worker))
    assert (refused["code"], refused["details"]) == ("EMPLOYED_ELSEWHERE", {"employer_name": "聘用甲劳务"})
    assert refusal(lambda: ask(first, worker))["code"] == "ALREADY_EMPLOYED_HERE"

    assert refusal(lambda: worker["rpc"].employment_svc.request_resignation(relation["id"], " "))["fields"] == {
        "reason": "REASON_REQUIRED"}
    worker["rpc"].employment_svc.request_resignation(relation["id"], "回老家")
    # still bound while the resignation waits
    assert refusal(lambda: ask(second, worker))["code"] == "EMPLOYED_ELSEWHERE"
    ended = first["rpc"].employment_svc.decide_resignation(relation["id"], True)
    assert (ended["state"], ended["end_reason"], ended["reason"]) == ("ended", "resigned", "回老家")

    hired = ask(second, worker)
    worker["rpc"].employment_svc.confirm_employment(hired["id"])
    history = first["rpc"].employment_svc.employment_history(worker["id"])
    assert [(h["enterprise_name"], h["state"], h["end_reason"]) for h in history] == [
        ("聘用乙劳务", "employed", None), ("聘用甲劳务", "ended", "resigned")]
    assert history[1]["from"] and history[1]["to"] and history[0]["to"] is None
    steps = first["rpc"].employment_svc.employment_steps(relation["id"])
    assert [(s["action"], s["to_state"], s["reason"]) for s in steps] == [
        ("request", "pending", None), ("confirm", "employed", None),
        ("request_resignation", "resignation_requested", "回老家"), ("approve_resignation", "ended", None)]
    assert steps[0]["taken_by"] == f"hr{first['id']}" and steps[1]["side"] == "worker"

    published = relation_events(6)
    assert [e["event_type"] for e in published] == [
        "employment_requested", "employment_confirmed", "resignation_requested", "employment_ended",
        "employment_requested", "employment_confirmed"]
    confirmed_event = published[1]["data"]
    assert confirmed_event["enterprise_name"] == "聘用甲劳务" and confirmed_event["person_name"] == "聘用张三"
    assert confirmed_event["relation_id"] == relation["id"] and confirmed_event["person_id"] == worker["id"]
    assert worker["id_number"] not in str(published)
    assert published[3]["data"]["end_reason"] == "resigned"


def test_the_name_must_be_the_records_and_the_number_must_have_one(employers, person):
    worker = person("聘用李四")
    refused = refusal(lambda: ask(employers[0], worker, name="聘用李五"))
    assert (refused["code"], refused["fields"]) == ("NAME_MISMATCH", {"name": "NAME_MISMATCH"})
    ask(employers[0], worker, name=" 聘用 李四 ")
    refused = refusal(lambda: employers[0]["rpc"].employment_svc.request_employment(
        {"name": "无人", "id_number": resident_id_number(rng)}))
    assert (refused["code"], refused["fields"]) == ("PERSON_NOT_REGISTERED", {"id_number": "PERSON_NOT_REGISTERED"})


def test_of_two_employers_confirmed_at_once_exactly_one_employs_the_person(employers, person):
    worker = person("聘用并发")
    relations = [ask(employer, worker) for employer in employers]
    # both in flight together
    replies = [worker["rpc"].employment_svc.confirm_employment.call_async(r["id"]) for r in relations]
    outcomes = [attempt(reply.result) for reply in replies]
    assert sorted(o if isinstance(o, str) else o["state"] for o in outcomes) == ["EMPLOYED_ELSEWHERE", "employed"]
    states = {r["enterprise_id"]: r["state"] for r in worker["rpc"].employment_svc.my_employments()}
    assert sorted(states.values()) == ["employed", "pending"]


def attempt(call):
    try:
        return call()
    except RemoteError as error:
        return parse_remote_error(error.value)["code"]


def test_two_clicks_act_once(employers, person):
    worker = person("聘用双击")
    relation = ask(employers[0], worker)
    replies = [employers[0]["rpc"].employment_svc.withdraw_employment.call_async(relation["id"]) for _ in range(2)]
    outcomes = [attempt(reply.result) for reply in replies]
    assert sorted(o if isinstance(o, str) else o["state"] for o in outcomes) == [
        "EMPLOYMENT_ACTION_NOT_ALLOWED", "withdrawn"]
    body = {"name": worker["name"], "id_number": worker["id_number"]}
    replies = [employers[1]["rpc"].employment_svc.request_employment.call_async(body) for _ in range(2)]
    outcomes = [attempt(reply.result) for reply in replies]
    assert sorted(o if isinstance(o, str) else o["state"] for o in outcomes) == [
        "EMPLOYMENT_ALREADY_REQUESTED", "pending"]
    assert refusal(lambda: ask(employers[1], worker))["code"] == "EMPLOYMENT_ALREADY_REQUESTED"


def test_each_side_acts_on_its_own_relations_only(employers, person):
    first, second = employers
    worker, other = person("聘用本人"), person("聘用他人")
    relation = ask(first, worker)
    assert refusal(lambda: second["rpc"].employment_svc.withdraw_employment(relation["id"]))["code"] == \
        "EMPLOYMENT_NOT_FOUND"
    assert refusal(lambda: other["rpc"].employment_svc.confirm_employment(relation["id"]))["code"] == \
        "EMPLOYMENT_NOT_FOUND"
    # each side its own actions: the employer cannot confirm for the worker, nor the worker withdraw
    assert refusal(lambda: first["rpc"].employment_svc.confirm_employment(relation["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: worker["rpc"].employment_svc.withdraw_employment(relation["id"]))["code"] == "FORBIDDEN"
    refused = refusal(lambda: worker["rpc"].employment_svc.request_resignation(relation["id"], "未入职"))
    assert (refused["code"], refused["details"]) == ("EMPLOYMENT_ACTION_NOT_ALLOWED",
                                                     {"state": "pending", "action": "request_resignation"})
    assert second["rpc"].employment_svc.list_employments({})["total"] == 0
    assert other["rpc"].employment_svc.my_employments() == []


def test_the_list_filters_by_name_number_role_and_state(employers, person, rpc_as):
    first = employers[0]
    worker, manager = person("聘用王五"), person("聘用赵六")
    ask(first, worker)
    hired = ask(first, manager, role="manager")
    manager["rpc"].employment_svc.confirm_employment(hired["id"])
    service = first["rpc"].employment_svc
    assert service.list_employments({})["total"] == 2
    assert [i["person_name"] for i in service.list_employments({"name": "王"})["items"]] == ["聘用王五"]
    assert [i["person_name"] for i in service.list_employments({"id_number": manager["id_number"][-6:]})["items"]] \
        == ["聘用赵六"]
    assert [i["role"] for i in service.list_employments({"state": "employed"})["items"]] == ["manager"]
    assert service.list_employments({"role": "worker", "state": "pending"})["total"] == 1
    assert refusal(lambda: service.list_employments({"id_number": "12"}))["fields"] == {
        "id_number": "ID_FRAGMENT_TOO_SHORT"}
    picked = service.employees({"name": "赵"})
    assert [(i["person_name"], i["state"]) for i in picked["items"]] == [("聘用赵六", "employed")]
    authority = rpc_as(AUTHORITY).employment_svc
    assert authority.list_employments({"enterprise_id": first["id"]})["total"] == 2
    assert authority.list_employments({"enterprise_id": employers[1]["id"]})["total"] == 0
    site = rpc_as(Caller("site", "site", project_id=1)).employment_svc
    assert refusal(lambda: site.list_employments({}))["code"] == "FORBIDDEN"


def test_a_request_sent_again_with_its_key_is_answered_once(employers, person, rpc_as):
    worker = person("聘用重发")
    hr = Caller("enterprise", "hr-key", enterprise_id=employers[0]["id"])
    body = {"name": worker["name"], "id_number": worker["id_number"]}
    first = rpc_as(hr, idempotency_key="hire-1").employment_svc.request_employment(body)
    again = rpc_as(hr, idempotency_key="hire-1").employment_svc.request_employment(body)
    assert again == first


# -- 管理员: exit every site first; 离职迁出 -------------------------------------------------------------------------


@pytest.fixture
def site(employers, rpc_as):
    """A project of a general contractor, and its site staff's proxy."""
    admin = rpc_as(AUTHORITY)
    contractor = admin.employment_svc.register_enterprise(
        {"name": "聘用总包", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    project = admin.project_svc.create_project(
        {"registration_number": f"T{rng.randrange(10**9)}", "name": "聘用测试项目",
         "general_contractor_id": contractor["id"]})
    return {"project": project, "rpc": rpc_as(Caller("site", "site", project_id=project["id"]))}


def enter(site, someone, employer):
    return site["rpc"].siteaccess_svc.enter(site["project"]["id"], {
        "id_number": someone["id_number"], "employer_id": employer["id"], "trade": "020", "education": "71",
        "entry_date": str(days.today())})


def leave(site, entry):
    site["rpc"].siteaccess_svc.exit({"entry_ids": [entry["id"]], "exit_date": str(days.today()),
                                     "evaluation": "good"})


def test_a_manager_on_a_site_is_dismissed_only_after_exiting_and_is_asked_again_on_agreeing(employers, person, site):
    first = employers[0]
    manager = person("聘用管理员")
    relation = ask(first, manager, role="manager")
    manager["rpc"].employment_svc.confirm_employment(relation["id"])
    entry = enter(site, manager, first)
    for call in (lambda: first["rpc"].employment_svc.dismiss(relation["id"], "岗位调整"),
                 lambda: first["rpc"].employment_svc.transfer_out(relation["id"])):
        refused = refusal(call)
        assert refused["code"] == "MANAGER_STILL_ON_SITE"
        assert refused["details"]["projects"] == [{"project_id": site["project"]["id"],
                                                   "project_name": "聘用测试项目"}]
    leave(site, entry)
    assert first["rpc"].employment_svc.dismiss(relation["id"], "岗位调整")["state"] == "dismissal_requested"
    again = enter(site, manager, first)
    assert refusal(lambda: manager["rpc"].employment_svc.answer_dismissal(relation["id"], True))["code"] == \
        "MANAGER_STILL_ON_SITE"
    leave(site, again)
    ended = manager["rpc"].employment_svc.answer_dismissal(relation["id"], True)
    assert (ended["state"], ended["end_reason"], ended["reason"]) == ("ended", "dismissed", "岗位调整")


def test_a_worker_on_a_site_may_be_dismissed_and_may_decline(employers, person, site):
    first = employers[0]
    worker = person("聘用在场工人")
    relation = ask(first, worker)
    worker["rpc"].employment_svc.confirm_employment(relation["id"])
    enter(site, worker, first)
    assert first["rpc"].employment_svc.dismiss(relation["id"], "项目结束")["state"] == "dismissal_requested"
    kept = worker["rpc"].employment_svc.answer_dismissal(relation["id"], False, "不同意")
    assert kept["state"] == "employed"
    assert refusal(lambda: first["rpc"].employment_svc.transfer_out(relation["id"]))["code"] == \
        "EMPLOYMENT_ACTION_NOT_ALLOWED"


def test_a_manager_registered_elsewhere_is_registered_here_after_the_transfer_out(employers, person):
    first, second = employers
    manager = person("聘用迁出")
    relation = ask(first, manager, role="manager")
    manager["rpc"].employment_svc.confirm_employment(relation["id"])
    refused = refusal(lambda: ask(second, manager, role="manager"))
    assert (refused["code"], refused["details"]) == ("MANAGER_REGISTERED_ELSEWHERE", {"employer_name": "聘用甲劳务"})
    moved = first["rpc"].employment_svc.transfer_out(relation["id"], "调往乙单位")
    assert (moved["state"], moved["end_reason"]) == ("ended", "transferred_out")
    assert ask(second, manager, role="manager")["state"] == "pending"


def test_a_worker_asks_siteaccess_only_about_themself(employers, person):
    worker, other = person("聘用自查"), person("聘用他查")
    assert worker["rpc"].siteaccess_svc.sites_of_person(worker["id"]) == []
    assert refusal(lambda: worker["rpc"].siteaccess_svc.sites_of_person(other["id"]))["code"] == "FORBIDDEN"


def test_the_system_requests_for_the_enterprise_it_names_and_nobody_else_may(employers, person, rpc_as):
    worker = person("聘用导入")
    body = {"name": worker["name"], "id_number": worker["id_number"], "enterprise_id": employers[1]["id"]}
    imported = rpc_as(Caller("system", "roster-import")).employment_svc.request_employment(body)
    assert (imported["enterprise_id"], imported["state"]) == (employers[1]["id"], "pending")
    # an enterprise's request is its own whatever it names
    own = employers[0]["rpc"].employment_svc.request_employment(body)
    assert own["enterprise_id"] == employers[0]["id"]
    assert refusal(lambda: rpc_as(AUTHORITY).employment_svc.request_employment(body))["code"] == "FORBIDDEN"
