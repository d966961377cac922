import datetime as dt

import pytest

from chassis.errors import ServiceError
from siteaccess_svc.domain import (
    EmploymentTerms,
    TeamLeader,
    check_phone,
    check_terms,
    refuse_if_on_site,
)
from siteaccess_svc.exceptions import AlreadyOnSite, ExitRefused, InvalidEntry, TeamLeaderNeedsPhone, UnknownTeamLeader
from siteaccess_svc.models import EntryRecord

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


def entry(entry_date, exit_date=None):
    return EntryRecord(id=1, project_id=PROJECT, entry_date=entry_date, exit_date=exit_date)


@pytest.mark.parametrize(
    ("stay", "exit_date", "refusal"),
    [
        (entry(dt.date(2026, 11, 1), dt.date(2026, 11, 10)), dt.date(2026, 11, 21), "ALREADY_EXITED"),
        (entry(dt.date(2026, 11, 10)), dt.date(2026, 11, 9), "EXIT_BEFORE_ENTRY"),
        (entry(dt.date(2026, 11, 10)), dt.date(2026, 11, 22), "EXIT_DATE_IN_FUTURE"),
    ],
    ids=["exited already", "before the entry", "tomorrow"],
)
def test_an_entry_refuses_an_exit_it_cannot_make_and_stays_as_it_was(stay, exit_date, refusal):
    before = (stay.exit_date, stay.evaluation)
    with pytest.raises(ExitRefused) as refused:
        stay.exit(exit_date, "good", None, "site", TODAY)
    assert refused.value.reason == refusal
    assert (stay.exit_date, stay.evaluation) == before


@pytest.mark.parametrize("exit_date", [dt.date(2026, 11, 1), TODAY], ids=["the entry day", "today"])
def test_an_entry_exits_with_its_evaluation_and_who_registered_it(exit_date):
    stay = entry(dt.date(2026, 11, 1))
    stay.exit(exit_date, "excellent", "按期完成", "site_3", TODAY)
    assert (stay.exit_date, stay.evaluation, stay.evaluation_comment, stay.exited_by) == (
        exit_date, "excellent", "按期完成", "site_3")


def test_the_entry_phone_follows_the_platforms_phone_rule():
    assert check_phone(" 139 1234 5204 ") == "13912345204"
    with pytest.raises(InvalidEntry):
        check_phone("11223123")
