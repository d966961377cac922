"""聘用关系: the lifecycle as a table of every (state, action), the one-employer rule, the manager-must-exit rule."""

import datetime as dt
import itertools

import pytest

from chassis.caller import Caller
from chassis.errors import Forbidden
from employment_svc import domain
from employment_svc.exceptions import (
    AlreadyEmployedHere,
    EmployedElsewhere,
    EmploymentActionNotAllowed,
    EmploymentAlreadyRequested,
    ManagerRegisteredElsewhere,
    ManagerStillOnSite,
    NameMismatch,
    ReasonRequired,
)
from employment_svc.models import EmploymentRelation

STATES = ["pending", "employed", "declined", "withdrawn", "resignation_requested", "dismissal_requested", "ended"]
ACTIONS = ["withdraw", "approve_resignation", "refuse_resignation", "dismiss", "transfer_out",
           "confirm", "decline", "request_resignation", "agree_dismissal", "decline_dismissal"]
#: (state, action) → (next state, end reason, whose action); every pair not here is refused, for both roles
ALLOWED = {
    ("pending", "withdraw"): ("withdrawn", None, "enterprise"),
    ("resignation_requested", "approve_resignation"): ("ended", "resigned", "enterprise"),
    ("resignation_requested", "refuse_resignation"): ("employed", None, "enterprise"),
    ("employed", "dismiss"): ("dismissal_requested", None, "enterprise"),
    ("pending", "confirm"): ("employed", None, "worker"),
    ("pending", "decline"): ("declined", None, "worker"),
    ("employed", "request_resignation"): ("resignation_requested", None, "worker"),
    ("dismissal_requested", "agree_dismissal"): ("ended", "dismissed", "worker"),
    ("dismissal_requested", "decline_dismissal"): ("employed", None, "worker"),
}
#: 离职迁出 applies to a 管理员 alone
MANAGERS_ONLY = {("employed", "transfer_out"): ("ended", "transferred_out", "enterprise")}


def expected(state, action, role):
    return ALLOWED.get((state, action)) or (MANAGERS_ONLY.get((state, action)) if role == "manager" else None)


def test_the_table_knows_every_state_and_action():
    assert set(domain.STATES) == set(STATES) and set(domain.ACTIONS) == set(ACTIONS)


@pytest.mark.parametrize(("state", "action", "role"), list(itertools.product(STATES, ACTIONS, ["worker", "manager"])))
def test_every_action_in_every_state_moves_on_or_is_refused(state, action, role):
    outcome = expected(state, action, role)
    if outcome is None:
        with pytest.raises(EmploymentActionNotAllowed) as refused:
            domain.step_for(state, action, role)
        assert refused.value.details == {"state": state, "action": action}
        return
    step = domain.step_for(state, action, role)
    assert (step.to, step.end_reason, step.side) == outcome


@pytest.mark.parametrize(("state", "role", "side", "actions"), [
    ("pending", "worker", "enterprise", ["withdraw"]),
    ("pending", "worker", "worker", ["confirm", "decline"]),
    ("employed", "worker", "enterprise", ["dismiss"]),
    ("employed", "manager", "enterprise", ["dismiss", "transfer_out"]),
    ("employed", "worker", "worker", ["request_resignation"]),
    ("resignation_requested", "worker", "enterprise", ["approve_resignation", "refuse_resignation"]),
    ("resignation_requested", "worker", "worker", []),
    ("dismissal_requested", "manager", "worker", ["agree_dismissal", "decline_dismissal"]),
    ("dismissal_requested", "manager", "enterprise", []),
    ("ended", "worker", "enterprise", []),
    ("declined", "worker", "worker", []),
    ("employed", "worker", None, []),
])
def test_each_side_is_offered_the_actions_of_the_state(state, role, side, actions):
    assert domain.actions_open_to(side, state, role) == actions


@pytest.mark.parametrize(("state", "action"), [
    ("resignation_requested", "refuse_resignation"), ("employed", "dismiss"), ("employed", "request_resignation")])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_refusing_a_resignation_dismissing_and_resigning_need_a_reason(state, action, reason):
    with pytest.raises(ReasonRequired) as refused:
        domain.checked_reason(domain.step_for(state, action, "worker"), reason)
    assert refused.value.fields == {"reason": "REASON_REQUIRED"}


def test_other_steps_keep_a_reason_when_one_is_given():
    decline = domain.step_for("pending", "decline", "worker")
    assert domain.checked_reason(decline, None) is None
    assert domain.checked_reason(decline, "  不去了 ") == "不去了"


# -- one employer at a time ---------------------------------------------------------------------------------------


def relation(enterprise_id, state, role="worker", name="甲劳务"):
    return domain.OpenRelation(enterprise_id, name, role, state)


@pytest.mark.parametrize("state", ["employed", "resignation_requested", "dismissal_requested"])
def test_a_worker_employed_elsewhere_cannot_be_hired_and_is_told_by_whom(state):
    with pytest.raises(EmployedElsewhere) as refused:
        domain.refuse_request(2, [relation(1, state)])
    assert refused.value.details == {"employer_name": "甲劳务"}


def test_a_manager_registered_elsewhere_waits_for_the_transfer_out():
    with pytest.raises(ManagerRegisteredElsewhere) as refused:
        domain.refuse_request(2, [relation(1, "employed", "manager")])
    assert refused.value.details == {"employer_name": "甲劳务"}


def test_an_employer_asks_once_and_does_not_hire_its_own_employee_again():
    with pytest.raises(EmploymentAlreadyRequested):
        domain.refuse_request(1, [relation(1, "pending")])
    with pytest.raises(AlreadyEmployedHere):
        domain.refuse_request(1, [relation(1, "employed")])


def test_other_employers_pending_requests_do_not_stand_in_the_way():
    domain.refuse_request(3, [relation(1, "pending"), relation(2, "pending")])
    domain.refuse_request(3, [])


def test_a_confirmation_is_refused_while_the_person_is_bound_elsewhere():
    domain.refuse_bound_elsewhere(None)
    with pytest.raises(EmployedElsewhere):
        domain.refuse_bound_elsewhere(relation(1, "resignation_requested"))


# -- a manager exits every site first -----------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "action"), [("employed", "dismiss"), ("employed", "transfer_out"),
                                               ("dismissal_requested", "agree_dismissal")])
def test_a_managers_dismissal_and_transfer_ask_whether_they_are_on_a_site_and_a_workers_do_not(state, action):
    assert domain.must_be_off_site(domain.step_for(state, action, "manager"), "manager")
    if action != "transfer_out":
        assert not domain.must_be_off_site(domain.step_for(state, action, "worker"), "worker")


@pytest.mark.parametrize(("state", "action"), [("employed", "request_resignation"), ("pending", "withdraw"),
                                               ("dismissal_requested", "decline_dismissal")])
def test_other_steps_of_a_manager_do_not_ask(state, action):
    assert not domain.must_be_off_site(domain.step_for(state, action, "manager"), "manager")


def test_a_manager_still_on_sites_is_refused_naming_each_project_once():
    sites = [{"project_id": 5, "project_name": "测试项目三", "entry_id": 1, "entry_date": "2026-11-01"},
             {"project_id": 6, "project_name": "测试项目四", "entry_id": 2, "entry_date": "2026-11-02"}]
    with pytest.raises(ManagerStillOnSite) as refused:
        domain.refuse_while_on_site(sites)
    assert refused.value.details == {
        "projects": [{"project_id": 5, "project_name": "测试项目三"}, {"project_id": 6, "project_name": "测试项目四"}],
        "project_names": "测试项目三、测试项目四"}
    domain.refuse_while_on_site([])


# -- the name, the scope, the record itself -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["张伟", " 张 伟 ", "张\u3000伟", "张伟\t"])
def test_the_name_is_compared_as_people_type_it(typed):
    domain.check_name(typed, "张伟")


@pytest.mark.parametrize(("typed", "on_file"), [("阿卜杜·热合曼", "阿卜杜•热合曼"), ("ｊｏｈｎ smith", "JOHN SMITH")])
def test_dots_and_full_width_letters_are_the_same_name(typed, on_file):
    domain.check_name(typed, on_file)


def test_another_name_is_refused_on_the_name_field():
    with pytest.raises(NameMismatch) as refused:
        domain.check_name("张为", "张伟")
    assert refused.value.fields == {"name": "NAME_MISMATCH"}


class Row:
    def __init__(self, enterprise_id, person_id):
        self.enterprise_id, self.person_id = enterprise_id, person_id


@pytest.mark.parametrize(("caller", "sees_own", "sees_other"), [
    (Caller("enterprise", "hr", enterprise_id=7), Row(7, 1), Row(8, 1)),
    (Caller("worker", "w", person_id=1), Row(7, 1), Row(7, 2)),
])
def test_an_enterprise_sees_its_own_relations_and_a_worker_their_own(caller, sees_own, sees_other):
    scope = domain.RelationScope.of(caller)
    assert scope.covers(sees_own) and not scope.covers(sees_other)


def test_the_authority_sees_every_relation_and_a_site_none():
    assert domain.RelationScope.of(Caller("authority", "a")).covers(Row(7, 1))
    assert not domain.RelationScope.of(Caller("site", "s", project_id=3)).sees_anything


def test_only_an_employer_requests_and_the_system_names_the_employer():
    assert domain.employer_of_request(Caller("enterprise", "hr", enterprise_id=7), 9) == 7
    assert domain.employer_of_request(Caller("system", "import"), 9) == 9
    for caller in (Caller("authority", "a"), Caller("worker", "w", person_id=1), Caller("site", "s", project_id=3)):
        with pytest.raises(Forbidden):
            domain.employer_of_request(caller, 9)


def test_a_relation_records_each_step_and_when_it_was_confirmed_and_ended():
    at = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    record = EmploymentRelation(id=4, enterprise_id=7, person_id=1, role="worker", state="pending")
    step = record.take("confirm", domain.step_for("pending", "confirm", "worker"), None, "w", at)
    assert (record.state, record.confirmed_at) == ("employed", at)
    assert (step.action, step.from_state, step.to_state, step.taken_by) == ("confirm", "pending", "employed", "w")
    later = at + dt.timedelta(days=30)
    record.take("request_resignation", domain.step_for("employed", "request_resignation", "worker"), "回老家", "w", at)
    record.take("approve_resignation", domain.step_for("resignation_requested", "approve_resignation", "worker"),
                None, "hr", later)
    assert (record.state, record.end_reason, record.ended_at, record.reason) == ("ended", "resigned", later, "回老家")
    assert record.confirmed_at == at
