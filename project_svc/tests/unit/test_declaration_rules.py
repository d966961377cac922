"""项目申报: the declaration's life as a table, what a complete one holds, and who may take on whom."""

import datetime as dt
import itertools

import pytest

from chassis.caller import Caller
from project_svc import domain, regions

STATES = (None, *domain.PROJECT_STATES)
ACTIONS = tuple(domain.REFUSED_BECAUSE)
#: (state, action) → the state it leads to, or the refusal
EXPECTED = {
    (None, "declare"): "pending_review",
    ("pending_review", "approve"): "in_progress",
    ("pending_review", "reject"): "rejected",
    ("rejected", "resubmit"): "pending_review",
    ("in_progress", "suspend"): "suspended",
    ("suspended", "resume"): "in_progress",
    ("in_progress", "complete"): "completed",
    ("suspended", "complete"): "completed",
}


@pytest.mark.parametrize(("state", "action"), list(itertools.product(STATES, ACTIONS)))
def test_each_action_in_each_state_leads_on_or_is_refused_with_its_code(state, action):
    if (state, action) in EXPECTED:
        assert domain.next_state(state, action) == EXPECTED[(state, action)]
    else:
        with pytest.raises(domain.ProjectStateConflict) as refused:
            domain.next_state(state, action)
        assert refused.value.code == domain.REFUSED_BECAUSE[action]


@pytest.mark.parametrize(("state", "prj_status"), [
    ("pending_review", "001"), ("rejected", "001"), ("in_progress", "003"), ("suspended", "005"),
    ("completed", "004")])
def test_each_state_maps_to_the_national_project_status(state, prj_status):
    assert domain.national_status(state) == prj_status


@pytest.mark.parametrize(("caller", "action", "declarer", "allowed"), [
    (Caller("enterprise", "e", enterprise_id=5), "declare", None, True),
    (Caller("authority", "a"), "declare", None, False),
    (Caller("enterprise", "e", enterprise_id=5), "resubmit", 5, True),
    (Caller("enterprise", "e", enterprise_id=6), "resubmit", 5, False),
    (Caller("authority", "a"), "approve", 5, True),
    (Caller("enterprise", "e", enterprise_id=5), "approve", 5, False),
    (Caller("enterprise", "e", enterprise_id=5), "reject", 5, False),
    (Caller("site", "s", project_id=1), "suspend", 5, False),
    (Caller("authority", "a"), "complete", 5, True),
])
def test_the_declarer_declares_and_resubmits_and_the_authority_does_the_rest(caller, action, declarer, allowed):
    assert domain.may_take(caller, action, declarer) is allowed


def complete_declaration(**overrides):
    unit = {"credit_code": "91310000MA1FL0XX1X", "name": "某单位"}
    return {
        "registration_number": "3101042026000001", "name": "示范项目", "category": "01", "investment_type": "private",
        "contact_name": "联系人", "contact_phone": "13900000000", "area_code": "310104", "address": "测试路1号",
        "lat": 31.2, "lng": 121.4, "start_date": dt.date(2026, 1, 1), "planned_completion_date": dt.date(2027, 1, 1),
        "builder_license_number": "310104202601010101", "builder_license_date": dt.date(2025, 12, 1),
        "building_area": 1000, "building_height": 30, "structure_levels": "地上10层", "construction_cost": 5000,
        "wage_bank": "102", "deposit_method": "bank_guarantee",
        "units": {role: dict(unit) for role in domain.MAIN_UNIT_ROLES}, **overrides}


def test_a_complete_declaration_lacks_nothing():
    assert domain.missing_fields(complete_declaration()) == {}


def test_an_empty_declaration_names_every_field_and_every_unit():
    missing = domain.missing_fields({})
    assert set(missing) == set(domain.DECLARATION_REQUIRED) | {
        f"units.{role}.{part}" for role in domain.MAIN_UNIT_ROLES for part in ("credit_code", "name")}
    assert set(missing.values()) == {"REQUIRED"}


@pytest.mark.parametrize("field", ["builder_license_number", "wage_bank", "deposit_method", "lat", "name"])
def test_a_declaration_without_a_required_field_names_it(field):
    assert domain.missing_fields(complete_declaration(**{field: None})) == {field: "REQUIRED"}
    if field == "name":
        assert domain.missing_fields(complete_declaration(name="  ")) == {"name": "REQUIRED"}


def test_a_declaration_without_its_supervisor_names_the_unit():
    declaration = complete_declaration()
    declaration["units"]["supervisor"] = {"credit_code": "", "name": "监理"}
    assert domain.missing_fields(declaration) == {"units.supervisor.credit_code": "REQUIRED"}


def test_completion_before_the_start_is_refused():
    late_start = complete_declaration(start_date=dt.date(2027, 6, 1))
    assert domain.declaration_problems(late_start) == {"planned_completion_date": "BEFORE_START_DATE"}


@pytest.mark.parametrize(("role", "may_add"), [
    ("general_contractor", ("specialty_contractor", "labour_subcontractor")),
    ("specialty_contractor", ("labour_subcontractor",)),
    ("labour_subcontractor", ()),
    ("owner", ()),
    ("supervisor", ()),
])
def test_who_may_take_on_whom(role, may_add):
    assert domain.roles_addable_by(role) == may_add


@pytest.mark.parametrize(("caller", "visible"), [
    (Caller("authority", "a"), True),
    (Caller("site", "s", project_id=1), True),
    (Caller("site", "s", project_id=2), False),
    (Caller("enterprise", "e", enterprise_id=7), True),   # a participant
    (Caller("enterprise", "e", enterprise_id=3), True),   # the declarer
    (Caller("enterprise", "e", enterprise_id=9), True),   # the general contractor
    (Caller("enterprise", "e", enterprise_id=8), False),
])
def test_who_sees_a_declared_project(caller, visible):
    assert domain.participant_visible_to(caller, [7], declarer_enterprise_id=3, project_id=1,
                                         general_contractor_id=9) is visible


@pytest.mark.parametrize(("code", "district"), [
    ("310104", True), ("310100", False), ("310000", False), ("320103", False), ("999999", False), ("", False)])
def test_a_project_is_in_a_current_district(code, district):
    assert regions.is_district(code) is district


def test_the_region_tree_runs_province_city_district():
    shanghai = next(p for p in regions.region_tree() if p["code"] == "310000")
    districts = {d["name"] for d in shanghai["children"][0]["children"]}
    assert {"徐汇区", "浦东新区"} <= districts and "市辖区" not in districts
    assert regions.region_name("310104") == "上海市 市辖区 徐汇区"


@pytest.mark.parametrize(("overrides", "problems"), [
    ({"contact_phone": "021-64581234"}, {}),
    ({"contact_phone": "电话"}, {"contact_phone": "PHONE_FORMAT"}),
    ({"wage_bank": "ab1"}, {"wage_bank": "NOT_ALLOWED"}),
])
def test_phone_and_bank_formats(overrides, problems):
    assert domain.declaration_problems(complete_declaration(**overrides)) == problems
