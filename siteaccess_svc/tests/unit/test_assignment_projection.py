"""The gate's copy of assignments and project rules: the right answer whatever order the events come in."""

import datetime as dt
import itertools
import random

import pytest

from siteaccess_svc import assignments
from siteaccess_svc.assignments import CONFIRMED, ENDED, PENDING, REJECTED
from siteaccess_svc.exceptions import AssignmentNotConfirmed
from siteaccess_svc.models import KnownAssignment, KnownProject

rng = random.Random(9302)
T0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def data(**overrides):
    return {"assignment_id": 11, "project_id": 5, "person_id": 7, "enterprise_id": 3, "person_name": "张三",
            "id_number_masked": "310*****510", "enterprise_name": "劳务", "confirming_enterprise_id": 2,
            "role": "worker", "position": None, "team_id": 9, "team_name": "钢筋一班", "trade": "020",
            "assigned_at": T0.isoformat(), "confirmed_at": T0.isoformat(), **overrides}


@pytest.mark.parametrize("state, event, after", [
    (None, "person_assigned", PENDING),
    (None, "assignment_confirmed", CONFIRMED),
    (None, "assignment_rejected", REJECTED),
    (None, "assignment_ended", ENDED),
    (PENDING, "person_assigned", PENDING),
    (PENDING, "assignment_confirmed", CONFIRMED),
    (PENDING, "assignment_rejected", REJECTED),
    (PENDING, "assignment_ended", ENDED),
    (CONFIRMED, "person_assigned", CONFIRMED),
    (CONFIRMED, "assignment_confirmed", CONFIRMED),
    (CONFIRMED, "assignment_rejected", CONFIRMED),
    (CONFIRMED, "assignment_ended", ENDED),
    (REJECTED, "person_assigned", REJECTED),
    (REJECTED, "assignment_confirmed", REJECTED),
    (REJECTED, "assignment_ended", ENDED),
    (ENDED, "person_assigned", ENDED),
    (ENDED, "assignment_confirmed", ENDED),
    (ENDED, "assignment_rejected", ENDED),
])
def test_each_state_and_event(state, event, after):
    assert assignments.next_state(state, event, data()) == after


def test_an_assignment_with_nobody_above_is_confirmed_at_once():
    known = assignments.record_assignment_event(None, "person_assigned", data(confirming_enterprise_id=None))
    assert known.state == CONFIRMED and known.confirmed_at == T0


@pytest.mark.parametrize("events, final", [
    (("person_assigned", "assignment_confirmed"), CONFIRMED),
    (("person_assigned", "assignment_confirmed", "assignment_ended"), ENDED),
    (("person_assigned", "assignment_rejected"), REJECTED),
])
def test_any_order_and_any_duplicate_leaves_the_same_answer(events, final):
    for order in itertools.permutations(events + (events[-1],)):
        known = None
        for event in order:
            known = assignments.record_assignment_event(known, event, data())
        assert known.state == final, order
        assert known.team_name == "钢筋一班" and known.person_name == "张三"


def project_rules(events):
    known = KnownProject(project_id=5, assignment_required=False, binding_review_required=False)
    for event_type, payload, as_of in events:
        assignments.record_project_rules(known, event_type, {"project_id": 5, **payload}, as_of)
    return known


def test_project_rules_the_latest_wins_whatever_order_they_are_read_in():
    approved = ("project_approved", {"name": "申报项目", "general_contractor_id": 3, "assignment_required": True,
                                     "binding_review_required": False}, T0)
    switched_off = ("project_rules_changed", {"assignment_required": False, "binding_review_required": True},
                    T0 + dt.timedelta(hours=1))
    for order in ([approved, switched_off], [switched_off, approved]):
        known = project_rules(order)
        assert (known.assignment_required, known.binding_review_required) == (False, True)
        assert known.name == "申报项目" and known.general_contractor_id == 3


def test_a_project_registered_by_the_authority_needs_no_assignment():
    known = project_rules([("project_registered", {"name": "老项目", "general_contractor_id": 3}, T0)])
    assert known.assignment_required is False


def test_the_rule_at_the_gate():
    confirmed = KnownAssignment(assignment_id=1, state=CONFIRMED)
    assignments.refuse_unless_assigned(False, None)
    assignments.refuse_unless_assigned(True, confirmed)
    for assignment in (None, KnownAssignment(assignment_id=2, state=PENDING),
                       KnownAssignment(assignment_id=3, state=REJECTED), KnownAssignment(assignment_id=4, state=ENDED)):
        with pytest.raises(AssignmentNotConfirmed) as refused:
            assignments.refuse_unless_assigned(True, assignment)
        assert refused.value.details["state"] == (assignment and assignment.state)


def test_a_confirmed_assignment_speaks_for_the_person_over_older_ended_ones():
    found = [KnownAssignment(assignment_id=1, state=ENDED), KnownAssignment(assignment_id=2, state=CONFIRMED),
             KnownAssignment(assignment_id=3, state=REJECTED)]
    assert assignments.best_assignment(found).assignment_id == 2
    assert assignments.best_assignment([]) is None
