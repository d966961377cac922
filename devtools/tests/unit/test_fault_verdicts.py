"""How the fault suite judges what clients were answered and when the platform served again."""

import pytest

from devtools.faults.load import Call
from devtools.faults.suite import judge_writes, percentile, recovery_moment, write_answer_breaks_contract


def call(started, finished, status, code=None):
    return Call(started, finished, status, code)


def attempt(number, status, code=None, sent_at=0.0, created=None, tries=0):
    """Try ``tries`` (0: the first) of the registration of person ``number``."""
    return Call(sent_at, sent_at + 0.1, status, code, id_number=number, created=created, sent_at=sent_at,
                attempt=tries)


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
    (409, "IDEMPOTENCY_KEY_IN_FLIGHT", True),  # a first try cannot be in flight
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


def test_a_retry_with_the_key_after_a_lost_answer_is_answered_its_first_result():
    writes = [attempt("A", 503, "BROKER_UNAVAILABLE", sent_at=10.0),
              attempt("A", 201, created=True, sent_at=20.0, tries=1),
              attempt("B", 201, created=True, sent_at=11.0)]
    figures, failures = judge_writes(writes, {"A": [(1, 10.5)], "B": [(2, 11.2)]})
    assert failures == []
    assert (figures["attempted"], figures["requests"], figures["accepted"]) == (2, 3, 2)
    assert (figures["retried_after_503"], figures["replayed_first"]) == (1, 1)


def test_a_retry_whose_first_try_had_done_nothing_acts_and_is_not_a_replay():
    writes = [attempt("A", 503, "SERVICE_UNAVAILABLE", sent_at=10.0),
              attempt("A", 201, created=True, sent_at=20.0, tries=1)]
    figures, failures = judge_writes(writes, {"A": [(1, 20.1)]})
    assert failures == [] and (figures["retried_after_503"], figures["replayed_first"]) == (1, 0)


def test_already_registered_for_its_own_first_try_breaks_the_contract():
    writes = [attempt("A", 503, "BROKER_UNAVAILABLE", sent_at=10.0),
              attempt("A", 200, created=False, sent_at=20.0, tries=1)]
    figures, failures = judge_writes(writes, {"A": [(1, 10.5)]})
    assert figures["already_registered"] == 1
    assert failures == ["1 writes were answered 'already registered' for their own first try"]


@pytest.mark.parametrize(("last", "applied", "failure"), [
    (attempt("A", 503, "BROKER_UNAVAILABLE", tries=90), [], "1 writes had no definitive answer"),
    (attempt("A", None, "ConnectionError", tries=90), [(1, 5.0)], "1 writes had no definitive answer"),
    (attempt("A", 422, "INVALID_INPUT"), [(1, 5.0)], "1 writes refused (422 INVALID_INPUT ×1) were applied"),
    (attempt("A", 201, created=True), [], "1 accepted writes lost"),
    (attempt("A", 201, created=True), [(1, 5.0), (2, 5.0)], "1 accepted writes applied more than once"),
])
def test_a_write_breaks_the_contract_when_its_final_answer_and_the_database_disagree(last, applied, failure):
    _, failures = judge_writes([last], {"A": applied} if applied else {})
    assert len(failures) == 1 and failures[0].startswith(failure)


def test_a_definitive_refusal_that_was_not_applied_holds_the_contract():
    figures, failures = judge_writes([attempt("A", 422, "INVALID_INPUT")], {})
    assert failures == [] and (figures["refused"], figures["refused_but_applied"]) == (1, 0)
