"""编辑 of an entry as a plan: which changes apply, which are refused, and what the history shows."""

import datetime as dt

import pytest

from siteaccess_svc.domain import Names, TeamLeader, describe_changes, plan_edit, refuse_registered_again
from siteaccess_svc.exceptions import (
    InvalidEntry,
    PersonAlreadyRegistered,
    TeamLeaderHasMembers,
    TeamLeaderNeedsPhone,
    UnknownTeamLeader,
)

TODAY = dt.date(2026, 11, 21)
PROJECT, ENTRY, LEADER = 5, 10, 20


class FakeRoster:
    """The other entries of the site, as an edit asks about them."""

    def __init__(self, leaders=(), members=()):
        self.leaders = {leader.entry_id: leader for leader in leaders}
        self.led = list(members)

    def leader(self, entry_id):
        return self.leaders.get(entry_id)

    def members(self, leader_entry_id):
        return self.led if leader_entry_id == ENTRY else []


ON_SITE_LEADER = TeamLeader(LEADER, PROJECT, is_team_leader=True, on_site=True)


def current(**overrides):
    return {"employer_id": 3, "is_team_leader": False, "team_leader_entry_id": None, "phone": "13912345204",
            "trade": "020", "education": "02", "entry_date": dt.date(2026, 11, 1), **overrides}


def plan(requested, roster=None, exit_date=None, **state):
    return plan_edit(ENTRY, PROJECT, exit_date, current(**state), requested, roster or FakeRoster([ON_SITE_LEADER]),
                     TODAY)


def test_an_edit_plans_only_what_changes_and_keeps_it_for_the_history():
    planned = plan({"trade": "240", "education": "02", "entry_date": dt.date(2026, 11, 2), "phone": "13812345678"})
    assert planned.values == {"trade": "240", "entry_date": dt.date(2026, 11, 2), "phone": "13812345678"}
    assert planned.history == {"trade": ["020", "240"], "entry_date": ["2026-11-01", "2026-11-02"],
                               "phone": ["139****5204", "138****5678"]}


@pytest.mark.parametrize("cleared", [None, "", "  "], ids=["null", "empty", "blank"])
def test_an_edit_can_clear_a_workers_phone(cleared):
    assert plan({"phone": cleared}).values == {"phone": None}


def test_a_worker_chosen_as_leader_leaves_the_team_they_were_in():
    planned = plan({"is_team_leader": True}, team_leader_entry_id=LEADER)
    assert planned.values == {"is_team_leader": True, "team_leader_entry_id": None}


def test_fields_that_are_not_editable_are_ignored():
    assert plan({"project_id": 99, "person_id": 7}).values == {}


@pytest.mark.parametrize(
    ("requested", "state", "refusal", "fields"),
    [
        ({"team_leader_entry_id": ENTRY}, {}, InvalidEntry, {"team_leader_entry_id": "TEAM_LEADER_IS_SELF"}),
        ({"phone": None}, {"is_team_leader": True}, TeamLeaderNeedsPhone, {"phone": "TEAM_LEADER_NEEDS_PHONE"}),
        ({"phone": ""}, {"is_team_leader": True}, TeamLeaderNeedsPhone, {"phone": "TEAM_LEADER_NEEDS_PHONE"}),
        ({"team_leader_entry_id": 99}, {}, UnknownTeamLeader, {"team_leader_entry_id": "UNKNOWN_TEAM_LEADER"}),
        ({"phone": "11223123"}, {}, InvalidEntry, {"phone": "PHONE_FORMAT"}),
        ({"entry_date": TODAY + dt.timedelta(days=1)}, {}, InvalidEntry, {"entry_date": "DATE_IN_FUTURE"}),
    ],
    ids=["own leader", "leader's phone cleared", "leader's phone emptied", "not a leader here", "not a phone",
         "entry tomorrow"],
)
def test_an_edit_that_breaks_a_rule_of_the_form_is_refused_with_the_field(requested, state, refusal, fields):
    with pytest.raises(refusal) as refused:
        plan(requested, **state)
    assert refused.value.fields == fields


def test_an_exited_entry_cannot_be_moved_after_its_exit():
    with pytest.raises(InvalidEntry) as refused:
        plan({"entry_date": dt.date(2026, 11, 15)}, exit_date=dt.date(2026, 11, 10))
    assert refused.value.fields == {"entry_date": "ENTRY_AFTER_EXIT"}


def test_a_leader_who_leads_people_on_the_site_stays_a_leader_and_they_are_named():
    members = [{"entry_id": 31, "name": "队员甲"}, {"entry_id": 32, "name": "队员乙"}]
    with pytest.raises(TeamLeaderHasMembers) as refused:
        plan({"is_team_leader": False}, FakeRoster([ON_SITE_LEADER], members), is_team_leader=True)
    assert refused.value.fields == {"is_team_leader": "TEAM_LEADER_HAS_MEMBERS"}
    assert refused.value.details == {"members": members}


def test_a_leader_without_people_on_the_site_may_stop_being_one():
    assert plan({"is_team_leader": False}, is_team_leader=True).values == {"is_team_leader": False}


def test_a_leader_who_has_since_left_does_not_block_other_edits():
    gone = TeamLeader(LEADER, PROJECT, is_team_leader=True, on_site=False)
    assert plan({"trade": "240"}, FakeRoster([gone]), team_leader_entry_id=LEADER).values == {"trade": "240"}


def test_the_history_shows_names_and_code_table_names_never_internal_ids():
    names = Names(employers={3: "甲劳务有限公司", 4: "乙劳务有限公司"}, leaders={20: "张队长"})
    stored = {"employer_id": [3, 4], "team_leader_entry_id": [None, 20], "trade": ["020", "240"],
              "education": ["71", "03"], "is_team_leader": [True, False], "entry_date": ["2026-11-01", "2026-11-02"],
              "phone": ["139****5204", None]}
    assert describe_changes(stored, names) == [
        {"field": "employer_id", "old": "甲劳务有限公司", "new": "乙劳务有限公司"},
        {"field": "team_leader_entry_id", "old": None, "new": "张队长"},
        {"field": "trade", "old": "钢筋工", "new": "木工", "old_code": "020", "new_code": "240"},
        {"field": "education", "old": "初中毕业", "new": "高中", "old_code": "71", "new_code": "03"},
        {"field": "is_team_leader", "old": True, "new": False},
        {"field": "entry_date", "old": "2026-11-01", "new": "2026-11-02"},
        {"field": "phone", "old": "139****5204", "new": None},
    ]


# -- 非正常登记 of a number on record ------------------------------------------------------------------------------

ON_FILE = {"id": 7, "id_type": "01", "id_number_masked": "310*****514", "name": "张伟", "gender": "1",
           "verification_state": "verified", "ethnicity": "01", "birth_date": "1985-03-02",
           "address": "上海市", "phone_masked": "139****5204"}


@pytest.mark.parametrize(
    ("typed", "differences"),
    [
        ({"name": "张伟", "birth_date": "1985-03-02"}, []),
        ({"name": " 张 伟", "gender": "2", "birth_date": "1985-03-03", "ethnicity": "01"},
         ["name", "gender", "birth_date"]),
        ({"name": "张伟", "ethnicity": "02", "birth_date": None, "gender": ""}, ["ethnicity"]),
    ],
    ids=["the same", "three differ", "blank fields are not differences"],
)
def test_a_number_on_record_is_refused_with_the_record_and_what_differs(typed, differences):
    with pytest.raises(PersonAlreadyRegistered) as refused:
        refuse_registered_again(ON_FILE, {"id_number": "310101198503021514", **typed})
    assert refused.value.details == {
        "on_file": {"person_id": 7, "name": "张伟", "gender": "1", "birth_date": "1985-03-02", "id_type": "01",
                    "id_number_masked": "310*****514", "ethnicity": "01", "verification_state": "verified"},
        "differences": differences}


def test_a_record_outside_the_callers_scope_shows_and_compares_its_summary_only():
    summary = {name: ON_FILE[name] for name in ("id", "id_type", "id_number_masked", "name", "gender",
                                                "verification_state")}
    with pytest.raises(PersonAlreadyRegistered) as refused:
        refuse_registered_again(summary, {"name": "李四", "birth_date": "1990-01-01", "ethnicity": "02"})
    assert refused.value.details == {
        "on_file": {"person_id": 7, "name": "张伟", "gender": "1", "id_type": "01", "id_number_masked": "310*****514",
                    "verification_state": "verified"},
        "differences": ["name"]}
