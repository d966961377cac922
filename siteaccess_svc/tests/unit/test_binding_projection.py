"""The gate's copy of 项目人员绑定's decisions, and the rule it keeps on projects that require binding review."""

import datetime as dt

import pytest

from siteaccess_svc.assignments import record_binding_decision, refuse_unless_bound
from siteaccess_svc.exceptions import BindingNotApproved
from siteaccess_svc.models import KnownBinding

T0 = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)


def known():
    return KnownBinding(project_id=1, person_id=2)


def test_an_approval_after_a_rejection_stands():
    binding = record_binding_decision(known(), "binding_rejected", {"binding_id": 5}, T0)
    record_binding_decision(binding, "binding_approved", {"binding_id": 5}, T0 + dt.timedelta(minutes=3))
    assert (binding.state, binding.binding_id) == ("approved", 5)


def test_a_rejection_read_late_changes_nothing():
    binding = record_binding_decision(known(), "binding_approved", {"binding_id": 5}, T0 + dt.timedelta(minutes=3))
    record_binding_decision(binding, "binding_rejected", {"binding_id": 5}, T0)
    assert binding.state == "approved"


@pytest.mark.parametrize(("required", "state", "admitted"), [
    (False, None, True), (False, "rejected", True), (True, "approved", True), (True, None, False),
    (True, "rejected", False)])
def test_entry_needs_the_approval_only_where_the_project_requires_review(required, state, admitted):
    binding = None if state is None else KnownBinding(project_id=1, person_id=2, state=state)
    if admitted:
        refuse_unless_bound(required, binding)
    else:
        with pytest.raises(BindingNotApproved) as refused:
            refuse_unless_bound(required, binding)
        assert refused.value.fields == {"person": "BINDING_NOT_APPROVED"}
