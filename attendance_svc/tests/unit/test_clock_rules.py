"""Clock rules: direction, repeats, lateness, dedup by seq, codes, the day view and scope."""

import datetime as dt
import zoneinfo

import pytest

from attendance_svc import domain
from chassis.caller import Caller
from chassis.errors import Forbidden

T = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_a_fixed_device_gives_its_own_direction():
    assert domain.direction_of("in", None, earlier_today=True) == "01"
    assert domain.direction_of("out", None, earlier_today=False) == "02"


def test_a_both_device_makes_the_first_of_the_day_in_and_later_ones_out():
    assert domain.direction_of("both", None, earlier_today=False) == "01"
    assert domain.direction_of("both", None, earlier_today=True) == "02"
    # a record that says its direction (a turnstile's two readers) keeps it
    assert domain.direction_of("both", "out", earlier_today=False) == "02"


def test_a_clock_within_the_repeat_interval_is_the_same_event():
    assert domain.is_repeat(T + dt.timedelta(seconds=59), T, 60)
    assert domain.is_repeat(T - dt.timedelta(seconds=30), T, 60)
    assert not domain.is_repeat(T + dt.timedelta(seconds=60), T, 60)
    assert not domain.is_repeat(T, None, 60)


def test_a_record_received_more_than_five_minutes_after_it_occurred_is_late():
    assert not domain.is_late(T, T + dt.timedelta(seconds=300), 300)
    assert domain.is_late(T, T + dt.timedelta(seconds=301), 300)
    assert domain.is_late(T, T + dt.timedelta(days=2), 300)


def test_an_upload_is_deduplicated_by_seq_against_stored_and_within_itself():
    records = [{"seq": 1}, {"seq": 2}, {"seq": 2}, {"seq": 3}]
    plan = domain.plan_batch(records, {1: 77})
    assert [r["seq"] for r in plan.new] == [2, 3]
    assert plan.stored == {1: 77}
    assert [r["seq"] for r in plan.repeated_in_batch] == [2]


def test_methods_have_their_national_codes():
    assert [domain.method_code(m) for m in ("face", "id_card", "card", "code")] == ["001", "005", "006", "010"]


def test_the_site_day_is_local():
    assert domain.local_day(dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC), SHANGHAI) == dt.date(2026, 12, 1)


def test_a_heartbeat_whose_counts_disagree_asks_for_a_resync():
    assert not domain.needs_resync(3, 2, 3, None)
    assert domain.needs_resync(2, 2, 3, None)
    assert domain.needs_resync(3, 1, 3, 3)
    assert not domain.needs_resync(None, None, 3, None)


def test_card_numbers_are_masked():
    assert domain.mask_card("12345678") == "12****78"
    assert domain.mask_card("123") == "1**"


def test_the_day_view_counts_attendance_by_team_and_employer():
    people = [
        {"person_id": 1, "name": "甲", "employer_id": 7, "employer_name": "劳务七", "team_key": 10, "team_name": "甲"},
        {"person_id": 2, "name": "乙", "employer_id": 7, "employer_name": "劳务七", "team_key": 10, "team_name": "甲"},
        {"person_id": 3, "name": "丙", "employer_id": 8, "employer_name": "劳务八", "team_key": None,
         "team_name": None},
    ]
    clocks = [{"person_id": 1, "occurred_at": T, "direction": "01"},
              {"person_id": 1, "occurred_at": T + dt.timedelta(hours=9), "direction": "02"},
              {"person_id": 3, "occurred_at": T, "direction": "01"},
              {"person_id": 9, "occurred_at": T, "direction": "01"}]  # no longer on site: not counted
    day = domain.summarise_day(dt.date(2026, 12, 1), people, clocks)
    assert (day["on_site"], day["attended"], day["rate"]) == (3, 2, 0.6667)
    assert day["by_team"] == [{"team": "甲", "on_site": 2, "attended": 1}, {"team": None, "on_site": 1, "attended": 1}]
    assert {g["employer"]: g["attended"] for g in day["by_employer"]} == {"劳务七": 1, "劳务八": 1}
    first = next(p for p in day["people"] if p["name"] == "甲")
    assert (first["name"], first["first_in"], first["last_out"]) == ("甲", T.isoformat(),
                                                                     (T + dt.timedelta(hours=9)).isoformat())
    assert day["people"][-1] == {"person_id": 2, "name": "乙", "employer_name": "劳务七", "team_name": "甲",
                                 "attended": False, "first_in": None, "last_out": None}


def test_an_empty_day_has_a_rate_of_zero():
    assert domain.summarise_day(dt.date(2026, 12, 1), [], [])["rate"] == 0.0


def test_a_site_user_manages_its_own_project_and_the_authority_only_reads():
    site = Caller("site", "s", project_id=5)
    assert domain.project_scope(site, None, write=True) == 5
    with pytest.raises(Forbidden):
        domain.project_scope(site, 6)
    assert domain.project_scope(Caller("authority", "a"), 6) == 6
    with pytest.raises(Forbidden):
        domain.project_scope(Caller("authority", "a"), 6, write=True)
    with pytest.raises(Forbidden):
        domain.project_scope(Caller("enterprise", "e", enterprise_id=1), 6)
