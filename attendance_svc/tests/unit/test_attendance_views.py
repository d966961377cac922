"""出勤一览表 of a week and a month, its 更多, and a person's days worked in a month (the basis of wages)."""

import datetime as dt
import zoneinfo

import pytest

from attendance_svc import domain
from chassis.errors import InvalidInput

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MON = dt.date(2026, 11, 30)  # a Monday
WEEK = domain.period_days(MON, MON + dt.timedelta(days=6))


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def person(person_id, name, employer, team):
    return {"person_id": person_id, "name": name, "employer_id": employer, "employer_name": f"劳务{employer}",
            "team_key": team, "team_name": team and f"班组{team}", "id_number_masked": "3101**********1234"}


def test_a_stays_days_on_site_in_a_period_are_one_span():
    start, end = dt.date(2026, 12, 1), dt.date(2026, 12, 31)
    assert domain.on_site_span(dt.date(2026, 11, 5), None, start, end) == (start, end)
    assert domain.on_site_span(dt.date(2026, 12, 3), dt.date(2026, 12, 9), start, end) == (
        dt.date(2026, 12, 3), dt.date(2026, 12, 9))
    assert domain.on_site_span(dt.date(2026, 11, 5), dt.date(2026, 11, 30), start, end) is None
    assert domain.on_site_span(dt.date(2027, 1, 1), None, start, end) is None


def test_on_site_is_entered_on_or_before_the_day_and_not_exited_before_it():
    entered, left = dt.date(2026, 12, 2), dt.date(2026, 12, 4)
    assert not domain.on_site(entered, left, dt.date(2026, 12, 1))
    assert domain.on_site(entered, left, entered)
    assert domain.on_site(entered, left, left)  # the exit day itself counts
    assert not domain.on_site(entered, left, dt.date(2026, 12, 5))
    assert domain.on_site(entered, None, dt.date(2027, 1, 1))


def test_a_period_is_at_most_a_month_and_does_not_end_before_it_starts():
    assert len(domain.period_days(dt.date(2026, 12, 1), dt.date(2026, 12, 31))) == 31
    with pytest.raises(InvalidInput) as too_long:
        domain.period_days(dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert too_long.value.fields == {"end": "PERIOD_TOO_LONG"}
    with pytest.raises(InvalidInput) as backwards:
        domain.period_days(dt.date(2026, 12, 2), dt.date(2026, 12, 1))
    assert backwards.value.fields == {"end": "ENDS_BEFORE_START"}


def test_a_month_starts_on_its_first():
    assert domain.month_of(dt.date(2028, 2, 15)) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert domain.parse_month("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    with pytest.raises(InvalidInput):
        domain.parse_month("2026-13")


def test_the_week_counts_each_day_the_people_on_site_and_those_attending():
    people = [person(1, "甲", 7, 10), person(2, "乙", 7, 10), person(3, "丙", 8, None)]
    stays = [{"person_id": 1, "entry_date": dt.date(2026, 11, 1), "exit_date": None},
             {"person_id": 2, "entry_date": MON + dt.timedelta(days=2), "exit_date": None},  # from Wednesday
             {"person_id": 3, "entry_date": dt.date(2026, 11, 1), "exit_date": MON + dt.timedelta(days=1)}]  # Tue
    attended = {1: domain.day_mask(WEEK, [MON, MON + dt.timedelta(days=1)]),
                2: domain.day_mask(WEEK, [MON + dt.timedelta(days=2),
                                          MON]),  # a record before the entry does not count
                3: domain.day_mask(WEEK, [MON, MON + dt.timedelta(days=3)])}  # nor one after the exit
    week = domain.summarise_period(WEEK, people, stays, attended)
    assert (week["start"], week["end"]) == ("2026-11-30", "2026-12-06")
    monday, tuesday, wednesday, thursday = week["days"][:4]
    assert (monday["on_site"], monday["attended"], monday["rate"]) == (2, 2, 1.0)
    assert (tuesday["on_site"], tuesday["attended"], tuesday["rate"]) == (2, 1, 0.5)
    assert (wednesday["on_site"], wednesday["attended"]) == (2, 1)
    assert (thursday["on_site"], thursday["attended"], thursday["rate"]) == (2, 0, 0.0)
    assert len(week["days"]) == 7
    # person-days: 甲 7 on site / 2 attended, 乙 5 / 1, 丙 2 / 1
    assert (week["person_days_on_site"], week["person_days_attended"]) == (14, 4)
    assert (week["on_site"], week["attended"], week["rate"]) == (3, 3, round(4 / 14, 4))
    assert week["by_team"] == [
        {"team": "班组10", "people": 2, "on_site": 12, "attended": 3, "rate": 0.25},
        {"team": None, "people": 1, "on_site": 2, "attended": 1, "rate": 0.5}]
    assert {row["employer"]: (row["on_site"], row["attended"]) for row in week["by_employer"]} == {
        "劳务7": (12, 3), "劳务8": (2, 1)}


def test_a_person_who_left_and_came_back_is_on_site_on_the_days_of_either_stay():
    stays = [{"person_id": 1, "entry_date": dt.date(2026, 11, 1), "exit_date": MON},
             {"person_id": 1, "entry_date": MON + dt.timedelta(days=4), "exit_date": None}]
    week = domain.summarise_period(WEEK, [person(1, "甲", 7, None)], stays, {})
    assert [day["on_site"] for day in week["days"]] == [1, 0, 0, 0, 1, 1, 1]
    assert week["on_site"] == 1


def test_nobody_on_site_gives_a_rate_of_zero():
    week = domain.summarise_period(WEEK, [], [], {})
    assert week["rate"] == 0.0 and all(day["rate"] == 0.0 for day in week["days"])
    assert week["by_team"] == [] and week["by_employer"] == []


def test_more_lists_the_days_each_person_attended_with_first_in_and_last_out():
    people = [person(1, "甲", 7, None), person(2, "乙", 7, None), person(3, "丙", 7, None)]
    stays = [{"person_id": p, "entry_date": dt.date(2026, 11, 1), "exit_date": None} for p in (1, 2)] + [
        {"person_id": 3, "entry_date": dt.date(2026, 12, 20), "exit_date": None}]  # after the week: not listed
    times = {(2, MON): (at(MON, 7, 55), at(MON, 17, 30)), (2, MON + dt.timedelta(days=1)): (at(MON, 8), None),
             (1, MON): (None, at(MON, 18))}
    attended = {2: domain.day_mask(WEEK, [MON, MON + dt.timedelta(days=1)]), 1: domain.day_mask(WEEK, [MON])}
    found = [domain.with_times(row, times) for row in domain.period_people(WEEK, people, stays, attended)]
    assert [(p["name"], p["days_attended"], p["days_on_site"]) for p in found] == [("乙", 2, 7), ("甲", 1, 7)]
    assert found[0]["days"][0] == {"day": "2026-11-30", "first_in": "2026-11-30T07:55:00+08:00",
                                   "last_out": "2026-11-30T17:30:00+08:00"}
    assert found[1]["days"] == [{"day": "2026-11-30", "first_in": None, "last_out": "2026-11-30T18:00:00+08:00"}]
    assert found[0]["id_number_masked"] == "3101**********1234"


def test_a_day_worked_on_two_projects_counts_once_in_the_month():
    december = domain.parse_month("2026-12")
    day1, day2 = dt.date(2026, 12, 1), dt.date(2026, 12, 2)
    clocks = [{"day": day1, "project_id": 3, "first_in": at(day1, 8), "last_out": at(day1, 12)},
              {"day": day1, "project_id": 5, "first_in": at(day1, 13), "last_out": at(day1, 18)},
              {"day": day2, "project_id": 3, "first_in": None, "last_out": at(day2, 17)}]
    calendar = domain.person_calendar(december, clocks)
    assert calendar["month"] == "2026-12"
    assert calendar["days_worked"] == 2
    assert calendar["by_project"] == [{"project_id": 3, "days_worked": 2}, {"project_id": 5, "days_worked": 1}]
    first = calendar["days"][0]
    assert (first["day"], first["first_in"], first["last_out"]) == (
        "2026-12-01", "2026-12-01T08:00:00+08:00", "2026-12-01T18:00:00+08:00")
    assert [each["project_id"] for each in first["projects"]] == [3, 5]
    assert calendar["days"][1]["first_in"] is None


def test_the_employers_days_are_those_within_its_employment():
    periods = [(dt.date(2026, 12, 5), dt.date(2026, 12, 10)), (dt.date(2026, 12, 20), None)]
    assert not domain.within(dt.date(2026, 12, 4), periods)
    assert domain.within(dt.date(2026, 12, 10), periods)
    assert not domain.within(dt.date(2026, 12, 11), periods)
    assert domain.within(dt.date(2026, 12, 31), periods)
