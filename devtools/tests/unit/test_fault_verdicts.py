"""How the fault suite judges what clients were answered and when the platform served again."""

import pytest

from devtools.faults.load import Call
from devtools.faults.suite import percentile, recovery_moment, write_answer_breaks_contract


def call(started, finished, status, code=None):
    return Call(started, finished, status, code)


@pytest.mark.parametrize(("status", "code", "breaks"), [
    (201, None, False),
    (200, None, False),
    (503, "SERVICE_UNAVAILABLE", False),
    (503, "DATABASE_UNAVAILABLE", False),
    (503, "BROKER_UNAVAILABLE", False),
    (503, "(no code)", True),
    (500, "UNEXPECTED_ERROR", True),
    (502, "(no code)", True),
    (401, "UNAUTHENTICATED", True),
    (None, "ReadTimeout", False),  # no answer: counted and failed on its own
])
def test_during_an_outage_only_a_503_naming_what_is_down_is_an_acceptable_refusal(status, code, breaks):
    assert write_answer_breaks_contract(call(0, 1, status, code)) is breaks


def test_the_platform_serves_again_when_a_write_started_after_the_fault_is_accepted_and_health_says_ok():
    writes = [call(9.0, 11.0, 201), call(10.5, 12.0, 503, "SERVICE_UNAVAILABLE"), call(12.5, 13.0, 201)]
    health = [call(10.2, 10.4, 503), call(11.0, 11.5, 200)]
    # the write that began before the fault's end (10.0) does not count, though it finished after it
    assert recovery_moment(writes, health, fault_ended=10.0) == 13.0


def test_no_recovery_until_both_a_write_and_health_succeed():
    assert recovery_moment([call(11, 12, 201)], [call(11, 12, 503)], fault_ended=10.0) is None
    assert recovery_moment([call(11, 12, 500, "UNEXPECTED_ERROR")], [call(11, 12, 200)], fault_ended=10.0) is None


def test_the_99th_percentile_of_a_short_list_is_its_largest():
    assert percentile([0.1, 0.2, 0.3], 0.99) == 0.3
    assert percentile([i / 100 for i in range(200)], 0.99) == 1.98
