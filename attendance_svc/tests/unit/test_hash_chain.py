"""Tamper evidence: each device's records form a hash chain that a changed or deleted record breaks."""

import datetime as dt

from attendance_svc import domain

T = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def chain(count, start=1, prev=domain.GENESIS):
    records = []
    for index in range(start, start + count):
        record = {"device_id": 1, "seq": 100 + index, "chain_index": index, "project_id": 5, "person_id": index,
                  "occurred_at": T + dt.timedelta(minutes=index), "received_at": T + dt.timedelta(minutes=index),
                  "method": "006", "direction": "01", "outcome": "accepted", "reason": None, "late": False,
                  "similarity": None, "duplicate_of": None, "request_signature": "ab" * 32, "prev_hash": prev}
        record["hash"] = prev = domain.chain_hash(prev, record)
        records.append(record)
    return records


def test_an_untouched_chain_is_intact():
    assert domain.verify_chain(chain(5), {}) == {"intact": True, "records": 5}


def test_a_changed_field_is_found_at_its_record():
    records = chain(5)
    records[2]["person_id"] = 99
    assert domain.verify_chain(records, {}) == {"intact": False, "records": 5, "first_broken_seq": 103,
                                                "problem": "edited"}


def test_a_rehashed_forgery_breaks_the_link_to_the_next_record():
    records = chain(5)
    records[1]["outcome"] = "refused"
    records[1]["hash"] = domain.chain_hash(records[1]["prev_hash"], records[1])
    assert (domain.verify_chain(records, {})["first_broken_seq"], domain.verify_chain(records, {})["problem"]) \
        == (103, "relinked")


def test_a_deleted_record_breaks_the_chain():
    records = chain(5)
    del records[3]
    assert (domain.verify_chain(records, {})["first_broken_seq"], domain.verify_chain(records, {})["problem"]) \
        == (105, "missing")


def test_the_newest_record_is_the_head_the_device_keeps():
    records = chain(5)
    assert domain.verify_head(5, records[-1]["hash"], 5, records[-1]["hash"])
    assert not domain.verify_head(4, records[-2]["hash"], 5, records[-1]["hash"])  # the newest one deleted
    assert domain.verify_head(None, None, 0, None)  # a device with no records yet


def test_a_day_in_the_middle_is_checked_against_the_record_before_it():
    records = chain(6)
    assert domain.verify_chain(records[3:], {3: records[2]["hash"]})["intact"]
    assert not domain.verify_chain(records[3:], {3: "f" * 64})["intact"]
    assert not domain.verify_chain(records[3:], {})["intact"]  # the record before it is gone


def test_times_hash_the_same_in_any_offset_and_naive_utc():
    record = chain(1)[0]
    shifted = {**record, "occurred_at": record["occurred_at"].astimezone(dt.timezone(dt.timedelta(hours=8))),
               "received_at": record["received_at"].replace(tzinfo=None)}
    assert domain.chain_hash(domain.GENESIS, shifted) == record["hash"]
