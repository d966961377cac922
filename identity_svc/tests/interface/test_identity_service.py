"""identity_svc in a real Nameko container, on the test bus, against a real database."""

import datetime as dt
import random

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine, inspect, text

from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import resident_id_number

AUTHORITY = Caller("authority", "jianguan", region_code="310000")
ENTERPRISE_7 = Caller("enterprise", "qiye7", enterprise_id=7)
ENTERPRISE_8 = Caller("enterprise", "qiye8", enterprise_id=8)
SITE_3 = Caller("site", "site3", project_id=3)

rng = random.Random(11)


def document(**overrides):
    return {"id_number": resident_id_number(rng), "name": "测试人", "ethnicity": "01",
            "address": "上海市黄浦区测试路1号", "phone": "13912345204", **overrides}


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def identity(run_service):
    return run_service("identity_svc")


@pytest.fixture
def events(identity, subscribe):
    """What a subscriber outside the platform receives: ``events(2)``, the first two envelopes."""
    return subscribe("identity_svc").wait_for


def test_a_registered_person_comes_back_masked_with_derived_fields(identity, rpc_as):
    doc = document(id_number=resident_id_number(rng, dt.date(1988, 5, 6), male=False, county="310104"))
    result = rpc_as(ENTERPRISE_7).identity_svc.register_person(doc)
    person = result["person"]
    assert result["created"] is True
    assert person["id_number_masked"] == doc["id_number"][:3] + "*****" + doc["id_number"][-3:]
    assert person["gender"] == "2" and person["birth_date"] == "1988-05-06"
    assert person["phone_masked"] == "139****5204"
    assert person["verification_state"] == "unverified" and person["verification_source"] == "manual"


def test_registering_the_same_number_twice_returns_the_first_record(identity, rpc_as, events):
    doc = document()
    first = rpc_as(SITE_3).identity_svc.register_person(doc)
    again = rpc_as(SITE_3).identity_svc.register_person({**doc, "name": "另一个名字"})
    assert again["created"] is False
    assert again["person"]["id"] == first["person"]["id"] and again["person"]["name"] == "测试人"
    page = rpc_as(AUTHORITY).identity_svc.list_persons({"q": doc["id_number"]})
    assert page["total"] == 1
    assert [e["event_type"] for e in events(1)] == ["person_registered"]


def test_a_refused_document_names_its_reasons_and_stores_nothing(identity, rpc_as, events):
    doc = document()
    bad = doc["id_number"][:-1] + ("0" if doc["id_number"][-1] != "0" else "1")
    error = refusal(lambda: rpc_as(AUTHORITY).identity_svc.register_person({**doc, "id_number": bad}))
    assert error["code"] == "INVALID_ID_DOCUMENT"
    assert error["fields"] == {"id_number": "ID_NUMBER_CHECK_DIGIT"}
    assert rpc_as(AUTHORITY).identity_svc.list_persons({})["total"] == 0
    rpc_as(AUTHORITY).identity_svc.register_person(doc)
    assert [e["event_type"] for e in events(1)] == ["person_registered"]


def test_missing_fields_are_refused_as_input_errors(identity, rpc_as):
    error = refusal(lambda: rpc_as(AUTHORITY).identity_svc.register_person({"birth_date": "not a date"}))
    assert error["code"] == "INVALID_INPUT"
    assert error["fields"] == {"id_number": "REQUIRED", "name": "REQUIRED", "birth_date": "INVALID_DATE"}


def test_an_exact_lookup_shows_only_a_summary_outside_the_callers_scope(identity, rpc_as):
    doc = document()
    rpc_as(ENTERPRISE_7).identity_svc.register_person(doc)
    own = rpc_as(ENTERPRISE_7).identity_svc.find_by_id_number("01", doc["id_number"])
    other = rpc_as(ENTERPRISE_8).identity_svc.find_by_id_number("01", doc["id_number"].lower())
    assert own["address"] == doc["address"]
    assert other["name"] == "测试人" and "address" not in other and "phone_masked" not in other
    missing = refusal(lambda: rpc_as(ENTERPRISE_8).identity_svc.find_by_id_number("01", resident_id_number(rng)))
    assert missing["code"] == "PERSON_NOT_FOUND"


def test_callers_see_and_reveal_only_their_own_records(identity, rpc_as):
    person = rpc_as(ENTERPRISE_7).identity_svc.register_person(document())["person"]
    rpc_as(SITE_3).identity_svc.register_person(document(name="现场登记"))
    assert refusal(lambda: rpc_as(ENTERPRISE_8).identity_svc.get_person(person["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(ENTERPRISE_8).identity_svc.reveal_id_number(person["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(None).identity_svc.list_persons({}))["code"] == "FORBIDDEN"
    assert [p["name"] for p in rpc_as(ENTERPRISE_7).identity_svc.list_persons({})["items"]] == ["测试人"]
    assert [p["name"] for p in rpc_as(SITE_3).identity_svc.list_persons({})["items"]] == ["现场登记"]
    assert rpc_as(AUTHORITY).identity_svc.list_persons({})["total"] == 2


def test_a_worker_reads_their_own_record_masked_and_nobody_elses(identity, rpc_as):
    own = rpc_as(ENTERPRISE_7).identity_svc.register_person(document(name="工人本人"))["person"]
    other = rpc_as(ENTERPRISE_7).identity_svc.register_person(document(name="别人"))["person"]
    worker = Caller("worker", f"worker:{own['id']}", person_id=own["id"])
    record = rpc_as(worker).identity_svc.get_person(own["id"])
    assert record["name"] == "工人本人" and record["phone_masked"] == "139****5204"
    assert "id_number" not in record and record["id_number_masked"].count("*") == 5
    assert refusal(lambda: rpc_as(worker).identity_svc.get_person(other["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(worker).identity_svc.reveal_id_number(own["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(worker).identity_svc.list_persons({}))["code"] == "FORBIDDEN"


def test_the_list_finds_by_name_fragment_or_exact_number_newest_first(identity, rpc_as):
    rpc = rpc_as(AUTHORITY).identity_svc
    older = rpc.register_person(document(name="王建国"))["person"]
    newer = rpc.register_person(document(name="李建华"))["person"]
    rpc.register_person(document(name="赵六"))
    assert [p["id"] for p in rpc.list_persons({"q": "建"})["items"]] == [newer["id"], older["id"]]
    number = rpc.reveal_id_number(older["id"])["id_number"]
    assert [p["id"] for p in rpc.list_persons({"q": number})["items"]] == [older["id"]]
    second_page = rpc.list_persons({"page": 2, "page_size": 2})
    assert second_page["total"] == 3 and len(second_page["items"]) == 1


def test_an_update_changes_the_record_and_says_what_changed(identity, rpc_as, events):
    rpc = rpc_as(SITE_3).identity_svc
    person = rpc.register_person(document())["person"]
    updated = rpc.update_person(person["id"], {"address": "上海市浦东新区测试路2号", "phone": "13812345678"})
    assert updated["address"] == "上海市浦东新区测试路2号" and updated["phone_masked"] == "138****5678"
    received = events(2)
    assert received[1]["event_type"] == "person_updated"
    assert received[1]["data"]["changed_fields"] == ["address", "phone"]


def test_events_carry_the_envelope_and_never_a_full_id_number(identity, rpc_as, events):
    doc = document()
    person = rpc_as(ENTERPRISE_7).identity_svc.register_person(doc)["person"]
    (envelope,) = events(1)
    assert envelope["event_type"] == "person_registered" and envelope["producer"] == "identity_svc"
    assert envelope["schema_version"] == 1
    assert envelope["data"]["person_id"] == person["id"]
    assert envelope["data"]["id_number_masked"] == person["id_number_masked"]
    assert envelope["data"]["registered_by_enterprise_id"] == 7
    assert doc["id_number"] not in str(envelope) and doc["phone"] not in str(envelope)


def test_a_database_dump_contains_no_plain_id_or_phone_number(identity, rpc_as):
    doc = document()
    rpc_as(AUTHORITY).identity_svc.register_person(doc)
    engine = create_engine(identity.config["DB_URL"])
    dumped = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            dumped.extend(str(row) for row in connection.execute(text(f'SELECT * FROM "{table}"')))
    engine.dispose()
    dump = "\n".join(dumped)
    assert "测试人" in dump  # the dump is real: it holds the record
    assert doc["id_number"] not in dump and doc["phone"] not in dump


def test_health_checks_the_database(identity, rpc_as):
    health = rpc_as(None).identity_svc.health()
    assert (health["status"], health["checks"]) == ("ok", {"database": {"status": "ok"}})
