"""关键岗位: the positions each unit must fill, and a registration's way from 入场注册 to 已退场, as tables."""

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from chassis.caller import AUTHORITY, ENTERPRISE, Caller
from chassis.errors import Forbidden, InvalidInput
from project_svc import key_position_rules as rules
from project_svc.domain import PARTICIPANT_ROLES
from project_svc.exceptions import InvalidKeyPosition, KeyPositionNotPending, KeyPositionTaken

ACTIONS = ("approve", "reject", "request_exit", "approve_exit", "reject_exit")

#: (state, action): the state it leads to, and who takes it; every pair missing here is refused
EXPECTED_STEPS = {
    ("registered", "approve"): ("approved", AUTHORITY),
    ("registered", "reject"): ("rejected", AUTHORITY),
    ("approved", "request_exit"): ("exit_requested", ENTERPRISE),
    ("exit_requested", "approve_exit"): ("exited", AUTHORITY),
    ("exit_requested", "reject_exit"): ("approved", AUTHORITY),
}


@pytest.mark.parametrize(("state", "action"), list(itertools.product(rules.STATES, ACTIONS)))
def test_each_state_allows_only_its_actions_and_only_to_their_actor(state, action):
    step = EXPECTED_STEPS.get((state, action))
    if step is None:
        for actor in (AUTHORITY, ENTERPRISE):
            with pytest.raises(KeyPositionNotPending):
                rules.next_state(state, action, actor)
        return
    target, actor = step
    assert rules.next_state(state, action, actor) == target
    other = ENTERPRISE if actor == AUTHORITY else AUTHORITY
    for wrong in (other, None):
        with pytest.raises(Forbidden):
            rules.next_state(state, action, wrong)


def test_the_general_contractor_and_the_supervisor_fill_the_manual_s_positions():
    names = {role: [rules.POSITIONS[p][0] for p in positions] for role, positions in rules.REQUIRED_POSITIONS.items()}
    assert names["general_contractor"][:3] == ["项目经理", "技术负责人", "安全员"]
    assert names["supervisor"] == ["总监理工程师", "专业监理工程师"]
    assert set(rules.REQUIRED_POSITIONS) <= set(PARTICIPANT_ROLES)
    assert all(position in rules.POSITIONS for positions in rules.REQUIRED_POSITIONS.values() for position in positions)


@pytest.mark.parametrize(("role", "position", "allowed"), [
    ("general_contractor", "project_manager", True), ("supervisor", "chief_supervisor", True),
    ("supervisor", "project_manager", False), ("labour_subcontractor", "safety_officer", False),
    ("general_contractor", "chief_supervisor", False)])
def test_a_unit_registers_only_the_positions_of_its_type(role, position, allowed):
    if allowed:
        rules.check_unit_position(role, position)
    else:
        with pytest.raises(InvalidKeyPosition) as refused:
            rules.check_unit_position(role, position)
        assert refused.value.fields == {"position": "POSITION_NOT_OF_UNIT"}


@pytest.mark.parametrize(("action", "reason", "kept"), [
    ("reject", " 证书过期 ", "证书过期"), ("reject_exit", "未交接", "未交接"), ("approve", "whatever", None),
    ("approve_exit", None, None)])
def test_a_rejection_keeps_its_reason(action, reason, kept):
    assert rules.reason_for(action, reason) == kept


@pytest.mark.parametrize("action", ["reject", "reject_exit"])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_rejection_without_a_reason_is_refused(action, reason):
    with pytest.raises(InvalidInput) as refused:
        rules.reason_for(action, reason)
    assert refused.value.fields == {"reason": "REQUIRED"}


@pytest.mark.parametrize(("position", "state", "slot"), [
    ("project_manager", "approved", "1:2:project_manager"),
    ("project_manager", "exit_requested", "1:2:project_manager"),
    ("project_manager", "registered", None), ("project_manager", "exited", None),
    ("project_manager", "rejected", None), ("safety_officer", "approved", None)])
def test_only_the_holder_of_a_single_position_takes_its_slot(position, state, slot):
    assert rules.holder_slot(1, 2, position, state) == slot


@pytest.mark.parametrize(("state", "open_"), [("registered", True), ("approved", True), ("exit_requested", True),
                                              ("rejected", False), ("exited", False)])
def test_a_person_holds_one_open_registration_per_position(state, open_):
    assert (rules.person_slot(1, 2, "safety_officer", 7, state) is not None) is open_


def test_a_single_position_with_a_holder_is_taken_and_a_shared_one_is_not():
    with pytest.raises(KeyPositionTaken) as refused:
        rules.refuse_taken("chief_supervisor", ["甲"])
    assert refused.value.fields == {"position": "KEY_POSITION_TAKEN"}
    rules.refuse_taken("chief_supervisor", [])
    rules.refuse_taken("specialty_supervisor", ["甲", "乙"])


def test_the_exit_date_is_not_before_the_entry():
    rules.check_exit(dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    with pytest.raises(InvalidInput) as refused:
        rules.check_exit(dt.date(2026, 11, 30), dt.date(2026, 12, 1))
    assert refused.value.fields == {"exit_on": "EXIT_BEFORE_ENTRY"}


@dataclass
class Row:
    project_id: int
    enterprise_id: int


@pytest.mark.parametrize(("caller", "row", "covered"), [
    (Caller("authority", "a"), Row(1, 9), True),
    (Caller("enterprise", "e", enterprise_id=9), Row(1, 9), True),
    (Caller("enterprise", "e", enterprise_id=8), Row(1, 9), False),
    (Caller("site", "s", project_id=1), Row(1, 9), True),
    (Caller("site", "s", project_id=2), Row(1, 9), False),
    (Caller("worker", "w", person_id=3), Row(1, 9), False)])
def test_a_registration_is_seen_by_the_authority_its_unit_and_its_site(caller, row, covered):
    assert rules.RegistrationScope.of(caller).covers(row) is covered


def test_the_required_positions_show_holders_pending_and_unregistered():
    units = [{"participant_id": 1, "enterprise_id": 9, "enterprise_name": "总包", "role": "general_contractor"},
             {"participant_id": 2, "enterprise_id": 8, "enterprise_name": "劳务", "role": "labour_subcontractor"},
             {"participant_id": 3, "enterprise_id": 7, "enterprise_name": "监理", "role": "supervisor"}]
    registrations = [{"participant_id": 1, "position": "project_manager", "state": "approved", "person_name": "甲"},
                     {"participant_id": 3, "position": "chief_supervisor", "state": "registered", "person_name": "乙"}]
    rows = rules.required_positions(units, registrations)
    assert [row["participant_id"] for row in rows] == [1, 3]
    manager = rows[0]["positions"][0]
    assert (manager["position_name"], manager["filled"], [h["person_name"] for h in manager["holders"]]) \
        == ("项目经理", True, ["甲"])
    chief = rows[1]["positions"][0]
    assert (chief["filled"], chief["holders"], [p["person_name"] for p in chief["pending"]]) == (False, [], ["乙"])
