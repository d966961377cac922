"""项目人员绑定's state table, every (state, action) pair (manual 004 §5.2–§5.4)."""

import pytest

from chassis.errors import InvalidInput
from project_svc import binding_rules as rules
from project_svc.exceptions import BindingNotPending, BindingNotSubmittable, FaceNotVerified

EXPECTED = {
    (rules.DRAFT, "submit"): rules.PENDING_REVIEW,
    (rules.DRAFT, "approve"): BindingNotPending,
    (rules.DRAFT, "reject"): BindingNotPending,
    (rules.PENDING_REVIEW, "submit"): BindingNotSubmittable,
    (rules.PENDING_REVIEW, "approve"): rules.APPROVED,
    (rules.PENDING_REVIEW, "reject"): rules.REJECTED,
    (rules.REJECTED, "submit"): rules.PENDING_REVIEW,
    (rules.REJECTED, "approve"): BindingNotPending,
    (rules.REJECTED, "reject"): BindingNotPending,
    (rules.APPROVED, "submit"): BindingNotSubmittable,
    (rules.APPROVED, "approve"): BindingNotPending,
    (rules.APPROVED, "reject"): BindingNotPending,
}


def test_the_table_names_every_state_and_action():
    assert set(EXPECTED) == {(state, action) for state in rules.STATES for action in rules.ACTIONS}


@pytest.mark.parametrize(("state", "action"), sorted(EXPECTED))
def test_each_state_and_action(state, action):
    expected = EXPECTED[(state, action)]
    if isinstance(expected, str):
        assert rules.step_for(state, action).to == expected
    else:
        with pytest.raises(expected):
            rules.step_for(state, action)


def test_a_person_never_submitted_is_draft():
    assert rules.step_for(None, "submit").to == rules.PENDING_REVIEW


def test_rejecting_needs_a_reason_and_approving_none():
    with pytest.raises(InvalidInput) as refused:
        rules.checked_reason(rules.step_for(rules.PENDING_REVIEW, "reject"), "  ")
    assert refused.value.fields == {"reason": "REASON_REQUIRED"}
    assert rules.checked_reason(rules.step_for(rules.PENDING_REVIEW, "approve"), None) is None
    assert rules.checked_reason(rules.step_for(rules.PENDING_REVIEW, "reject"), " 照片不清 ") == "照片不清"


def test_face_recognition_is_needed_only_where_the_project_requires_review():
    rules.check_face(False, False)
    rules.check_face(True, True)
    with pytest.raises(FaceNotVerified):
        rules.check_face(True, False)


def test_a_unit_submits_its_own_people_and_the_general_contractor_anyone():
    assert rules.may_submit_for(7, 7, 1)
    assert rules.may_submit_for(1, 7, 1)
    assert not rules.may_submit_for(8, 7, 1)
