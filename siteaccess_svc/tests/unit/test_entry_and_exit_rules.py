import datetime as dt

import pytest

from chassis.caller import Caller
from chassis.errors import ServiceError
from siteaccess_svc.domain import (
    EmploymentTerms,
    EntryState,
    TeamLeader,
    changes_between,
    check_phone,
    check_terms,
    exit_refusal,
    manages_site,
    refuse_if_on_site,
    sees_entry,
)
from siteaccess_svc.exceptions import AlreadyOnSite, InvalidEntry, TeamLeaderNeedsPhone, UnknownTeamLeader

TODAY = dt.date(2026, 11, 21)
PROJECT = 5


def refusal(rule, *args, **kwargs):
    """The code the user is shown when ``rule`` refuses, or None when the form is accepted."""
    try:
        rule(*args, **kwargs)
    except ServiceError as refused:
        return refused.code
    return None


def terms(**overrides):
    values = dict(employer_id=3, is_team_leader=False, team_leader_entry_id=None, phone=None, trade="020",
                  education="71", entry_date=dt.date(2026, 11, 20))
    return EmploymentTerms(**{**values, **overrides})


def test_a_team_leader_must_have_a_phone_number():
    with pytest.raises(TeamLeaderNeedsPhone) as refused:
        check_terms(terms(is_team_leader=True), PROJECT, TODAY, None)
    assert refused.value.fields == {"phone": "TEAM_LEADER_NEEDS_PHONE"}
    assert refusal(check_terms, terms(is_team_leader=True, phone="13912345204"), PROJECT, TODAY, None) is None


def test_a_worker_without_a_leader_is_a_non_site_worker():
    assert refusal(check_terms, terms(team_leader_entry_id=None), PROJECT, TODAY, None) is None


@pytest.mark.parametrize(
    "leader",
    [
        None,
        TeamLeader(entry_id=9, project_id=PROJECT + 1, is_team_leader=True, on_site=True),
        TeamLeader(entry_id=9, project_id=PROJECT, is_team_leader=False, on_site=True),
        TeamLeader(entry_id=9, project_id=PROJECT, is_team_leader=True, on_site=False),
    ],
    ids=["missing", "another site", "not a leader", "has left"],
)
def test_the_chosen_leader_must_lead_on_this_site_now(leader):
    with pytest.raises(UnknownTeamLeader) as refused:
        check_terms(terms(team_leader_entry_id=9), PROJECT, TODAY, leader)
    assert refused.value.fields == {"team_leader_entry_id": "UNKNOWN_TEAM_LEADER"}


def test_a_leader_who_has_since_left_does_not_block_other_edits():
    gone = TeamLeader(entry_id=9, project_id=PROJECT, is_team_leader=True, on_site=False)
    assert refusal(check_terms, terms(team_leader_entry_id=9), PROJECT, TODAY, gone, leader_changed=False) is None


def test_entry_dates_cannot_be_in_the_future_or_after_the_exit():
    with pytest.raises(InvalidEntry) as future:
        check_terms(terms(entry_date=TODAY + dt.timedelta(days=1)), PROJECT, TODAY, None)
    assert future.value.fields == {"entry_date": "DATE_IN_FUTURE"}
    with pytest.raises(InvalidEntry) as after_exit:
        check_terms(terms(entry_date=dt.date(2026, 11, 20)), PROJECT, TODAY, None, exit_date=dt.date(2026, 11, 1))
    assert after_exit.value.fields == {"entry_date": "ENTRY_AFTER_EXIT"}


def test_a_person_already_on_site_is_refused():
    assert refusal(refuse_if_on_site, None) is None
    with pytest.raises(AlreadyOnSite) as refused:
        refuse_if_on_site(17)
    assert refused.value.fields == {"id_number": "ALREADY_ON_SITE"}


@pytest.mark.parametrize(
    ("entry", "exit_date", "refusal"),
    [
        (EntryState(1, dt.date(2026, 11, 1), None), dt.date(2026, 11, 21), None),
        (EntryState(1, dt.date(2026, 11, 1), None), dt.date(2026, 11, 1), None),
        (EntryState(1, dt.date(2026, 11, 1), dt.date(2026, 11, 10)), dt.date(2026, 11, 21), "ALREADY_EXITED"),
        (EntryState(1, dt.date(2026, 11, 10), None), dt.date(2026, 11, 9), "EXIT_BEFORE_ENTRY"),
        (EntryState(1, dt.date(2026, 11, 10), None), dt.date(2026, 11, 22), "EXIT_DATE_IN_FUTURE"),
    ],
)
def test_why_an_exit_is_refused(entry, exit_date, refusal):
    assert exit_refusal(entry, exit_date, TODAY) == refusal


@pytest.mark.parametrize(
    ("caller", "manages", "sees"),
    [
        (Caller("authority", "a"), True, True),
        (Caller("site", "s", project_id=PROJECT), True, True),
        (Caller("site", "s", project_id=PROJECT + 1), False, False),
        (Caller("enterprise", "e", enterprise_id=3), False, True),
        (Caller("enterprise", "e", enterprise_id=4), False, False),
        (Caller("anonymous", ""), False, False),
    ],
)
def test_who_manages_a_sites_gate_and_who_sees_its_entries(caller, manages, sees):
    assert manages_site(caller, PROJECT) is manages
    assert sees_entry(caller, PROJECT, employer_id=3) is sees


def test_an_edit_records_only_what_changed():
    before = {"trade": "020", "phone": None, "entry_date": dt.date(2026, 11, 1)}
    after = {"trade": "030", "phone": None, "entry_date": dt.date(2026, 11, 1)}
    assert changes_between(before, after) == {"trade": ["020", "030"]}


def test_the_entry_phone_follows_the_platforms_phone_rule():
    assert check_phone(" 139 1234 5204 ") == "13912345204"
    with pytest.raises(InvalidEntry):
        check_phone("11223123")
