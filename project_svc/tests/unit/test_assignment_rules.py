"""人员分配's rules: the lifecycle per (state, action), who confirms, who acts, a manager's position."""

import pytest

from chassis.caller import Caller
from chassis.errors import Forbidden, InvalidInput
from project_svc import assignment_rules as rules
from project_svc.exceptions import AssignmentNotOpen, AssignmentNotPending, NotConfirmingUnit

LIFECYCLE = [
    ("pending", "confirm", "confirmed"),
    ("pending", "reject", "rejected"),
    ("pending", "end", "ended"),
    ("confirmed", "confirm", AssignmentNotPending),
    ("confirmed", "reject", AssignmentNotPending),
    ("confirmed", "end", "ended"),
    ("rejected", "confirm", AssignmentNotPending),
    ("rejected", "reject", AssignmentNotPending),
    ("rejected", "end", AssignmentNotOpen),
    ("ended", "confirm", AssignmentNotPending),
    ("ended", "reject", AssignmentNotPending),
    ("ended", "end", AssignmentNotOpen),
]


def test_the_table_covers_every_state_and_action():
    assert {(state, action) for state, action, _ in LIFECYCLE} == {
        (state, action) for state in rules.STATES for action in rules.ACTIONS}


@pytest.mark.parametrize(("state", "action", "outcome"), LIFECYCLE)
def test_each_state_and_action(state, action, outcome):
    if isinstance(outcome, str):
        assert rules.step_for(state, action).to == outcome
    else:
        with pytest.raises(outcome):
            rules.step_for(state, action)


def test_the_unit_above_decides_and_the_employer_withdraws():
    assert rules.step_for("pending", "confirm").side == rules.CONFIRMER
    assert rules.step_for("pending", "reject").side == rules.CONFIRMER
    assert rules.step_for("confirmed", "end").side == rules.EMPLOYER


def test_an_assignment_nobody_above_confirms_is_confirmed_at_once():
    assert rules.initial_state(None) == "confirmed"
    assert rules.initial_state(17) == "pending"


def test_a_rejection_needs_a_reason_and_a_confirmation_does_not():
    with pytest.raises(InvalidInput) as refused:
        rules.checked_reason(rules.step_for("pending", "reject"), "  ")
    assert refused.value.fields == {"reason": "REASON_REQUIRED"}
    assert rules.checked_reason(rules.step_for("pending", "reject"), " 人员不符 ") == "人员不符"
    assert rules.checked_reason(rules.step_for("pending", "confirm"), None) is None


@pytest.mark.parametrize(("confirming", "acting", "allowed"), [(5, 5, True), (5, 6, False), (None, 5, False)])
def test_a_unit_confirms_only_its_own_subcontractors_assignments(confirming, acting, allowed):
    if allowed:
        rules.may_decide(confirming, acting)
    else:
        with pytest.raises(NotConfirmingUnit):
            rules.may_decide(confirming, acting)


@pytest.mark.parametrize(("role", "position", "outcome"), [
    ("worker", None, None),
    ("worker", "safety_officer", None),
    ("manager", "safety_officer", "safety_officer"),
    ("manager", None, {"position": "REQUIRED"}),
    ("manager", "chef", {"position": "INVALID"}),
])
def test_a_manager_is_assigned_in_a_position(role, position, outcome):
    if isinstance(outcome, dict):
        with pytest.raises(InvalidInput) as refused:
            rules.checked_position(role, position)
        assert refused.value.fields == outcome
    else:
        assert rules.checked_position(role, position) == outcome


@pytest.mark.parametrize(("caller", "actor"), [
    (Caller("enterprise", "e", enterprise_id=9), rules.Actor(9)),
    (Caller("site", "s", enterprise_id=9, project_id=3), rules.Actor(9, 3)),
    (Caller("site", "s", project_id=3), rules.Actor(42, 3)),
])
def test_who_acts_for_which_enterprise(caller, actor):
    assert rules.actor_of(caller, lambda project_id: 42) == actor


@pytest.mark.parametrize("caller", [Caller("authority", "a"), Caller("worker", "w", person_id=1),
                                    Caller("enterprise", "e")])
def test_nobody_else_assigns_or_confirms(caller):
    with pytest.raises(Forbidden):
        rules.actor_of(caller, lambda project_id: 42)


def test_a_site_user_acts_on_its_own_project_only():
    assert rules.Actor(9, 3).covers_project(3)
    assert not rules.Actor(9, 3).covers_project(4)
    assert rules.Actor(9).covers_project(4)
