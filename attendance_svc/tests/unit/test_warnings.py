"""考勤预警: who has not attended for N whole days, and a project's attendance rate over the last days."""

import datetime as dt

from attendance_svc import domain

TODAY = dt.date(2026, 12, 10)


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def test_the_absence_spell_starts_the_day_after_the_last_attendance_and_counts_whole_days_before_today():
    assert domain.absence(TODAY, days_ago(30), days_ago(4)) == (days_ago(3), 3)
    assert domain.is_absent(3, 3)
    assert domain.absence(TODAY, days_ago(30), days_ago(3)) == (days_ago(2), 2)
    assert not domain.is_absent(2, 3)


def test_who_clocked_today_or_yesterday_is_not_absent():
    assert domain.absence(TODAY, days_ago(30), TODAY)[1] == 0
    assert domain.absence(TODAY, days_ago(30), days_ago(1))[1] == 0


def test_a_newcomer_is_not_warned_before_three_days_on_site():
    assert domain.absence(TODAY, TODAY, None) == (TODAY, 0)
    assert domain.absence(TODAY, days_ago(2), None) == (days_ago(2), 2)
    assert domain.absence(TODAY, days_ago(3), None) == (days_ago(3), 3)


def test_attendance_of_an_earlier_stay_does_not_end_the_spell_of_this_one():
    # attended on a stay before the person exited and came back: the new stay's spell starts at its entry
    assert domain.absence(TODAY, days_ago(5), days_ago(20)) == (days_ago(5), 5)


def test_the_rate_window_is_the_whole_days_before_today():
    assert domain.rate_window(TODAY, 3) == [days_ago(3), days_ago(2), days_ago(1)]


def test_the_rate_is_attended_person_days_over_on_site_person_days():
    window = domain.rate_window(TODAY, 7)
    stays = [(1, days_ago(30), None),          # on site all 7 days, attended 7
             (2, days_ago(30), None),          # on site all 7 days, attended 1
             (3, days_ago(2), None),           # entered two days ago: 2 days on site, attended 2
             (4, days_ago(30), days_ago(6))]   # exited six days ago: on site 2 days of the window, attended 0
    attended = {(1, day) for day in window} | {(2, days_ago(1)), (3, days_ago(2)), (3, days_ago(1)),
                                                 (2, days_ago(10))}  # outside the window: not counted
    found = domain.attendance_rate(window, stays, attended)
    assert found == {"on_site_days": 18, "attended_days": 10, "rate": round(10 / 18, 4)}
    assert domain.rate_is_low(found["rate"], 0.7)
    assert not domain.rate_is_low(0.7, 0.7)


def test_a_project_with_nobody_on_site_has_no_rate_and_is_not_flagged():
    found = domain.attendance_rate(domain.rate_window(TODAY, 7), [(1, TODAY, None)], set())
    assert found["rate"] is None and found["on_site_days"] == 0
    assert not domain.rate_is_low(found["rate"], 0.7)


SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI)


def test_a_correction_is_of_a_clock_that_happened_while_the_person_was_on_site():
    assert domain.correction_refusal(NOW - dt.timedelta(hours=1), NOW, days_ago(3), SHANGHAI) == {}
    assert domain.correction_refusal(NOW + dt.timedelta(minutes=5), NOW, days_ago(3), SHANGHAI) \
        == {"time": "DATE_IN_FUTURE"}
    before_entry = dt.datetime.combine(days_ago(4), dt.time(23, 30), SHANGHAI)
    assert domain.correction_refusal(before_entry, NOW, days_ago(3), SHANGHAI) == {"day": "BEFORE_ENTRY"}
    on_entry_day = dt.datetime.combine(days_ago(3), dt.time(0, 30), SHANGHAI)
    assert domain.correction_refusal(on_entry_day, NOW, days_ago(3), SHANGHAI) == {}


def test_the_applicant_does_not_approve_their_own_correction():
    assert not domain.may_decide("site_3", "site_3")
    assert domain.may_decide("site_3", "site_3_manager")


def test_a_clock_photo_is_kept_as_a_small_jpeg_and_a_broken_one_not_at_all():
    import base64

    import cv2
    import numpy as np

    photo = np.full((480, 360, 3), 128, dtype=np.uint8)
    _, png = cv2.imencode(".png", photo)
    small = domain.thumbnail(base64.b64encode(png.tobytes()).decode())
    assert small[:3] == b"\xff\xd8\xff"  # a JPEG
    assert cv2.imdecode(np.frombuffer(small, np.uint8), cv2.IMREAD_COLOR).shape[:2] == (96, 72)
    assert domain.thumbnail(base64.b64encode(b"not an image").decode()) is None
    assert domain.thumbnail("face-of:1") is None
    assert domain.thumbnail(None) is None
