"""The gate's copy of employment_svc: what its events, read in any order, leave known."""

import datetime as dt
from itertools import permutations

import pytest

from siteaccess_svc.employment import (
    EMPLOYED,
    ENDED,
    LEADER_NOT_ON_SITE,
    LEADER_ON_SITE,
    LEADER_ON_SITE_NOT_AS_LEADER,
    current_relation,
    entry_warnings,
    leader_on_site,
    leaders_of_teams,
    members_to_exit,
    record_confirmed,
    record_ended,
    record_profile,
    record_team_created,
    record_team_dissolved,
    record_team_placement,
    team_member_ids,
)
from siteaccess_svc.models import EntryRecord, KnownEmployment

EMPLOYER, OTHER = 3, 4
T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def at(minutes):
    return T0 + dt.timedelta(minutes=minutes)


def relation_data(relation_id=11, person_id=7, enterprise_id=EMPLOYER, **extra):
    return {"relation_id": relation_id, "person_id": person_id, "enterprise_id": enterprise_id, **extra}


CONFIRMED = relation_data(enterprise_name="测试劳务", person_name="工人甲", id_number_masked="310*****510",
                          role="worker", confirmed_at=at(0).isoformat())
ENDED_DATA = relation_data(role="worker", end_reason="resigned", ended_at=at(60).isoformat())


def read_in_order(events):
    known = None
    for apply, data in events:
        known = apply(known, data)
    return known


@pytest.mark.parametrize("order", list(permutations(["confirmed", "ended"])))
def test_an_ended_relation_stays_ended_whatever_order_its_events_come_in(order):
    events = {"confirmed": (record_confirmed, CONFIRMED), "ended": (record_ended, ENDED_DATA)}
    known = read_in_order(events[name] for name in order)
    assert known.state == ENDED
    assert known.person_name == "工人甲" and known.ended_at == at(60)


def test_a_confirmed_relation_is_the_persons_employer_with_role_and_name():
    known = record_confirmed(None, CONFIRMED)
    assert (known.state, known.enterprise_id, known.role, known.person_name) == (EMPLOYED, EMPLOYER, "worker", "工人甲")
    assert current_relation([known]) is known


def test_the_employer_now_is_the_relation_employed_not_the_ended_one():
    old = record_ended(record_confirmed(None, relation_data(relation_id=10, enterprise_id=OTHER,
                                                            confirmed_at=at(-900).isoformat())), ENDED_DATA)
    new = record_confirmed(None, CONFIRMED)
    assert current_relation([old, new]) is new
    assert current_relation([old]) is None
    assert current_relation([]) is None


def test_a_profile_read_before_the_confirmation_is_kept_but_employs_nobody_yet():
    known = record_profile(None, relation_data(person_name="工人甲", role="worker", team_id=5, is_team_leader=True),
                           at(5))
    assert known.state is None and current_relation([known]) is None
    known = record_confirmed(known, CONFIRMED)
    assert (known.state, known.team_id, known.is_team_leader) == (EMPLOYED, 5, True)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_of_two_team_placements_the_later_one_is_kept_in_any_order(order):
    placements = [(relation_data(team_id=5, is_leader=False), 5, False, at(1)),
                  (relation_data(team_id=6, is_leader=True), 6, True, at(2))]
    known = record_confirmed(None, CONFIRMED)
    for index in order:
        data, team_id, is_leader, as_of = placements[index]
        known = record_team_placement(known, data, team_id, is_leader, as_of)
    assert (known.team_id, known.is_team_leader) == (6, True)


def test_leaving_every_team_is_a_placement_too():
    known = record_team_placement(record_confirmed(None, CONFIRMED), CONFIRMED, 5, True, at(1))
    known = record_team_placement(known, CONFIRMED, None, False, at(2))
    assert (known.team_id, known.is_team_leader) == (None, False)


def test_a_stored_placement_time_without_a_zone_is_read_as_utc():
    known = record_team_placement(record_confirmed(None, CONFIRMED), CONFIRMED, 5, False, at(3))
    known.team_as_of = at(3).replace(tzinfo=None)  # as SQLite hands it back
    assert record_team_placement(known, CONFIRMED, 6, False, at(2)).team_id == 5


@pytest.mark.parametrize("order", [("created", "dissolved"), ("dissolved", "created")])
def test_a_dissolved_team_stays_dissolved(order):
    created = {"team_id": 5, "enterprise_id": EMPLOYER, "name": "钢筋一班", "kind": "workers", "trade": "020",
               "leader_person_id": 7}
    events = {"created": (record_team_created, created),
              "dissolved": (record_team_dissolved, {"team_id": 5, "enterprise_id": EMPLOYER})}
    team = read_in_order(events[name] for name in order)
    assert team.dissolved is True and team.name == "钢筋一班"


def employee(relation_id, person_id, name, team_id=None, is_leader=False, enterprise_id=EMPLOYER, state=EMPLOYED):
    return KnownEmployment(relation_id=relation_id, person_id=person_id, person_name=name,
                           enterprise_id=enterprise_id, state=state, team_id=team_id, is_team_leader=is_leader)


def team(team_id=5, name="钢筋一班", leader_person_id=None, enterprise_id=EMPLOYER, dissolved=False):
    return record_team_dissolved(None, {"team_id": team_id, "enterprise_id": enterprise_id}) if dissolved else \
        record_team_created(None, {"team_id": team_id, "enterprise_id": enterprise_id, "name": name,
                                   "leader_person_id": leader_person_id})


def test_a_teams_members_are_the_employees_placed_in_it_and_its_leader():
    staff = [employee(1, 101, "甲", team_id=5), employee(2, 102, "乙", team_id=6),
             employee(3, 103, "丙", team_id=5, state=ENDED),  # left the employer
             employee(4, 104, "丁", team_id=5, enterprise_id=OTHER),  # another employer's team 5 cannot be
             employee(5, 105, "戊")]
    assert team_member_ids(team(leader_person_id=105), staff) == {101, 105}
    # a named leader who has left the employer leads nobody
    assert team_member_ids(team(leader_person_id=103), staff) == {101}


def test_the_employers_leaders_are_those_placed_as_leader_and_each_teams_named_leader():
    staff = [employee(1, 101, "甲", team_id=5, is_leader=True), employee(2, 102, "乙", team_id=6),
             employee(3, 103, "丙", team_id=7, is_leader=True, state=ENDED), employee(4, 104, "丁", team_id=5)]
    teams = [team(5, "钢筋一班"), team(6, "木工班", leader_person_id=102), team(7, "架子班"),
             team(8, "已解散", dissolved=True)]
    leaders = leaders_of_teams(teams, staff)
    assert [(leader.name, leader.team_name) for leader in leaders] == [("乙", "木工班"), ("甲", "钢筋一班")]


@pytest.mark.parametrize(("entry", "state"), [
    (None, LEADER_NOT_ON_SITE),
    (EntryRecord(id=1, is_team_leader=True), LEADER_ON_SITE),
    (EntryRecord(id=1, is_team_leader=False), LEADER_ON_SITE_NOT_AS_LEADER),
])
def test_a_leader_of_the_employer_is_offered_as_they_stand_on_the_site(entry, state):
    assert leader_on_site(entry) == state


def test_an_entry_for_the_persons_own_employer_is_not_warned_of():
    current = {"enterprise_id": EMPLOYER, "enterprise_name": "测试劳务"}
    assert entry_warnings(EMPLOYER, "测试劳务", current) == []


@pytest.mark.parametrize("current", [None, {"enterprise_id": OTHER, "enterprise_name": "别的劳务"}])
def test_an_entry_for_an_employer_that_does_not_employ_the_person_is_warned_of(current):
    (warning,) = entry_warnings(EMPLOYER, "测试劳务", current)
    assert warning["code"] == "NOT_EMPLOYED_BY_EMPLOYER"
    assert warning["details"] == {"employer_id": EMPLOYER, "employer_name": "测试劳务",
                                  "current_employer_id": current and OTHER,
                                  "current_employer_name": current and "别的劳务"}


def test_a_team_exit_takes_the_members_open_entries_and_nobody_else():
    entries = [EntryRecord(id=i, person_id=person_id) for i, person_id in ((9, 101), (3, 102), (4, 103), (8, 104))]
    assert [entry.id for entry in members_to_exit(entries, {101, 103, 999})] == [4, 9]
    assert members_to_exit(entries, set()) == []
