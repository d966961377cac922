"""项目申报 and its review, 参建单位 and 合同标段: project_svc and employment_svc in real containers."""

import random

import pytest
from nameko.exceptions import RemoteError

from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import credit_code
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(9101)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def declaration(**overrides):
    units = {role: {"credit_code": credit_code(rng), "name": f"接口{label}单位{rng.randrange(10**6)}"}
             for role, label in (("owner", "建设"), ("surveyor", "勘察"), ("designer", "设计"),
                                 ("general_contractor", "施工"), ("supervisor", "监理"))}
    units["general_contractor"]["manager_name"] = "项目负责人甲"
    return {
        "registration_number": f"3101042026{rng.randrange(10**6):06d}", "name": "接口测试花园", "category": "01",
        "investment_type": "private", "contact_name": "联系人", "contact_phone": "13900000000",
        "area_code": "310104", "address": "上海市徐汇区测试路9号", "lat": "31.188", "lng": "121.437",
        "start_date": "2026-03-01", "planned_completion_date": "2028-03-01",
        "builder_license_number": "310104202603010101", "builder_license_date": "2026-02-01",
        "building_area": "12000.5", "building_height": "54.3", "structure_levels": "地上18层，地下2层",
        "construction_cost": "18000", "wage_bank": "102", "deposit_method": "bank_guarantee", "units": units,
        **overrides}


@pytest.fixture
def world(database_url, run_service, rpc_as, subscribe):
    run_service("employment_svc", database_url("employment_svc"))
    run_service("project_svc", database_url("project_svc"))
    events = subscribe("project_svc")
    admin = rpc_as(AUTHORITY)
    declarer = admin.employment_svc.register_enterprise(
        {"name": "申报建设公司", "credit_code": credit_code(rng), "unit_type": "owner"})
    stranger = admin.employment_svc.register_enterprise(
        {"name": "无关公司", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    return {"admin": admin, "events": events, "rpc_as": rpc_as,
            "declarer": rpc_as(Caller("enterprise", "shenbao", enterprise_id=declarer["id"])),
            "stranger": rpc_as(Caller("enterprise", "wuguan", enterprise_id=stranger["id"])),
            "declarer_id": declarer["id"]}


def published(events, event_type, count=1):
    def seen():
        found = [e for e in events.wait_for(1) if e["event_type"] == event_type]
        assert len(found) >= count, f"not {count} {event_type} yet"
        assert found, f"no {event_type} yet"
        return found

    return eventually(seen)


def test_only_the_system_and_the_authority_register_enterprises_by_credit_code(world):
    unit = {"credit_code": credit_code(rng), "name": "直接登记单位", "unit_type": "designer"}
    assert refusal(lambda: world["declarer"].employment_svc.ensure_enterprises([unit]))["code"] == "FORBIDDEN"
    first, again = world["admin"].employment_svc.ensure_enterprises([unit, {**unit, "name": "别名"}])
    assert first == again and first["name"] == "直接登记单位"
    refused = refusal(lambda: world["admin"].employment_svc.ensure_enterprises([{**unit, "credit_code": "123"}]))
    assert refused["fields"] == {"0.credit_code": "CREDIT_CODE_LENGTH"}


def test_an_incomplete_declaration_names_every_missing_field(world):
    form = declaration(builder_license_number="", wage_bank=None)
    del form["units"]["supervisor"]
    refused = refusal(lambda: world["declarer"].project_svc.declare_project(form))
    assert refused["code"] == "DECLARATION_INCOMPLETE"
    assert refused["fields"] == {"builder_license_number": "REQUIRED", "wage_bank": "REQUIRED",
                                 "units.supervisor.credit_code": "REQUIRED", "units.supervisor.name": "REQUIRED"}


def test_declare_reject_resubmit_approve_registers_the_units_and_announces_each_step(world):
    declarer, admin, events = world["declarer"], world["admin"], world["events"]
    form = declaration()
    declared = declarer.project_svc.declare_project(form)
    assert (declared["state"], declared["prj_status"], declared["assignment_required"]) == (
        "pending_review", "001", False)
    assert declared["area_name"] == "上海市 市辖区 徐汇区"
    contractor = declared["units"]["general_contractor"]
    assert contractor["enterprise_name"] == form["units"]["general_contractor"]["name"]
    assert contractor["manager_name"] == "项目负责人甲"
    assert declared["general_contractor_id"] == contractor["enterprise_id"]
    # the new units are registered enterprises now, found by their credit codes
    found = admin.employment_svc.list_enterprises({"q": form["units"]["designer"]["credit_code"]})
    assert found["total"] == 1 and found["items"][0]["unit_type"] == "designer"
    assert published(events, "project_declared")[0]["data"]["declarer_enterprise_id"] == world["declarer_id"]
    # the other units do not see a declaration under review; a stranger neither
    contractor_rpc = world["rpc_as"](Caller("enterprise", "sg", enterprise_id=contractor["enterprise_id"]))
    assert refusal(lambda: contractor_rpc.project_svc.get_project(declared["id"]))["code"] == "FORBIDDEN"
    assert world["stranger"].project_svc.list_declarations({})["total"] == 0

    review = admin.project_svc.list_declarations({"state": "pending_review", "q": form["registration_number"]})
    assert [p["id"] for p in review["items"]] == [declared["id"]]
    assert refusal(lambda: declarer.project_svc.approve_project(declared["id"]))["code"] == "FORBIDDEN"
    rejected = admin.project_svc.reject_project(declared["id"], {"reason": "施工许可证号有误"})
    assert (rejected["state"], rejected["rejection_reason"]) == ("rejected", "施工许可证号有误")
    assert published(events, "project_rejected")[0]["data"]["reason"] == "施工许可证号有误"
    assert refusal(lambda: admin.project_svc.approve_project(declared["id"]))["code"] == "PROJECT_NOT_PENDING_REVIEW"
    mine = declarer.project_svc.list_declarations({})
    assert [(p["state"], p["rejection_reason"]) for p in mine["items"]] == [("rejected", "施工许可证号有误")]

    refused = refusal(lambda: world["stranger"].project_svc.resubmit_declaration(declared["id"], form))
    assert refused["code"] == "FORBIDDEN"
    form["builder_license_number"] = "310104202603019999"
    resubmitted = declarer.project_svc.resubmit_declaration(declared["id"], form)
    assert (resubmitted["state"], resubmitted["rejection_reason"]) == ("pending_review", None)
    assert resubmitted["builder_license_number"] == "310104202603019999"
    assert refusal(lambda: declarer.project_svc.resubmit_declaration(declared["id"], form))["code"] == \
        "PROJECT_NOT_REJECTED"

    approved = admin.project_svc.approve_project(declared["id"])
    assert (approved["state"], approved["prj_status"], approved["assignment_required"]) == ("in_progress", "003", True)
    event = published(events, "project_approved")[0]["data"]
    assert event["general_contractor_id"] == contractor["enterprise_id"] and event["assignment_required"] is True
    # now the general contractor sees it among its projects
    assert [p["id"] for p in contractor_rpc.project_svc.list_projects({})["items"]] == [declared["id"]]
    assert refusal(lambda: world["stranger"].project_svc.get_project(declared["id"]))["code"] == "FORBIDDEN"

    rules = admin.project_svc.set_project_rules(declared["id"], {"binding_review_required": True})
    assert (rules["assignment_required"], rules["binding_review_required"]) == (True, True)
    assert published(events, "project_rules_changed")[0]["data"]["binding_review_required"] is True
    suspended = admin.project_svc.change_project_state(declared["id"], "suspend")
    assert (suspended["state"], suspended["prj_status"]) == ("suspended", "005")
    assert refusal(lambda: admin.project_svc.change_project_state(declared["id"], "suspend"))["code"] == \
        "PROJECT_NOT_IN_PROGRESS"


def test_units_take_on_subcontractors_under_them_and_report_their_sections(world):
    admin, rpc_as = world["admin"], world["rpc_as"]
    project = world["declarer"].project_svc.declare_project(declaration())
    admin.project_svc.approve_project(project["id"])
    contractor_id = project["units"]["general_contractor"]["enterprise_id"]
    contractor = rpc_as(Caller("enterprise", "sg", enterprise_id=contractor_id))
    specialty = contractor.project_svc.add_participant(project["id"], {
        "credit_code": credit_code(rng), "name": "幕墙专业分包公司", "role": "specialty_contractor"})
    assert specialty["contracted_by_id"] == project["units"]["general_contractor"]["id"]
    specialist = rpc_as(Caller("enterprise", "zy", enterprise_id=specialty["enterprise_id"]))
    labour = specialist.project_svc.add_participant(project["id"], {
        "credit_code": credit_code(rng), "name": "某劳务公司", "role": "labour_subcontractor"})
    assert labour["contracted_by_id"] == specialty["id"] and labour["corp_type"] == "006"
    event = [e["data"] for e in published(world["events"], "participant_added", 2)
             if e["data"]["participant_id"] == labour["id"]]
    assert event and event[0]["contracted_by_enterprise_id"] == specialty["enterprise_id"]
    labourer = rpc_as(Caller("enterprise", "lw", enterprise_id=labour["enterprise_id"]))
    refused = refusal(lambda: labourer.project_svc.add_participant(project["id"], {
        "credit_code": credit_code(rng), "name": "再分包", "role": "labour_subcontractor"}))
    assert refused["code"] == "PARTICIPANT_ROLE_NOT_ALLOWED"
    assert refusal(lambda: specialist.project_svc.add_participant(project["id"], {
        "credit_code": labour["credit_code"], "name": "某劳务公司", "role": "labour_subcontractor"}))["code"] == \
        "PARTICIPANT_ALREADY_ADDED"
    assert refusal(lambda: world["stranger"].project_svc.add_participant(project["id"], {
        "credit_code": credit_code(rng), "name": "x", "role": "labour_subcontractor"}))["code"] == "FORBIDDEN"

    section = specialist.project_svc.report_contract_section(project["id"], {
        "report_number": "w2026110200417", "section_number": "C01", "name": "幕墙专业工程",
        "category": "specialty_subcontract", "manager_name": "钱工"})
    assert (section["report_number"], section["state"], section["enterprise_id"]) == (
        "W2026110200417", "in_force", specialty["enterprise_id"])
    assert published(world["events"], "contract_section_reported")[0]["data"]["section_id"] == section["id"]
    assert refusal(lambda: labourer.project_svc.report_contract_section(project["id"], {
        "report_number": "W2026110200417", "section_number": "C02", "name": "劳务",
        "category": "labour_subcontract"}))["code"] == "REPORT_NUMBER_TAKEN"
    assert [s["id"] for s in labourer.project_svc.list_contract_sections(project["id"])] == [section["id"]]
    roles = [(p["role"], p["contracted_by_id"]) for p in admin.project_svc.list_participants(project["id"])]
    assert roles[-2:] == [("specialty_contractor", project["units"]["general_contractor"]["id"]),
                          ("labour_subcontractor", specialty["id"])]


def test_a_project_the_authority_registers_directly_keeps_its_gates_open(world):
    admin = world["admin"]
    contractor = admin.employment_svc.register_enterprise(
        {"name": "直接登记总包", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    project = admin.project_svc.create_project(
        {"registration_number": f"3101042026{rng.randrange(10**6):06d}", "name": "直接登记项目",
         "general_contractor_id": contractor["id"]})
    assert (project["state"], project["assignment_required"]) == ("in_progress", False)
    [unit] = admin.project_svc.list_participants(project["id"])
    assert (unit["role"], unit["enterprise_id"]) == ("general_contractor", contractor["id"])
