"""identity_svc in a real container against a real database: the document types beside the resident card, and
模糊查询 by the part of an ID number a person types, with no plain number stored."""

import datetime as dt
import random
import re

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine, func, select, text

from chassis.caller import Caller
from chassis.errors import parse_remote_error
from chassis.pii import PersonalDataVault
from devtools.synthetic import resident_id_number
from identity_svc.domain import hkid_check_character
from identity_svc.models import IdNumberFragment
from identity_svc.reindex import reindex

AUTHORITY = Caller("authority", "jianguan", region_code="310000")
ENTERPRISE_7 = Caller("enterprise", "qiye7", enterprise_id=7)
ENTERPRISE_8 = Caller("enterprise", "qiye8", enterprise_id=8)
SITE_3 = Caller("site", "site3", project_id=3)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

rng = random.Random(1164)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def hong_kong_number():
    letter, digits = rng.choice("ACDEGKPRVZ"), f"{rng.randrange(10**6):06d}"
    return f"{letter}{digits}({hkid_check_character(letter, digits)})"


def holders(rpc):
    """One person of each kind of number the platform sees, registered by enterprise 7: {kind: (id, number)}."""
    documents = {
        "resident": {"id_type": "01", "id_number": resident_id_number(rng, dt.date(1966, 5, 1), county="110115")},
        "residence_permit": {"id_type": "18", "id_number": resident_id_number(rng, county="820000")},
        "foreigner": {"id_type": "19", "id_number": resident_id_number(rng, county="931840")},
        "passport": {"id_type": "08", "id_number": f"E{rng.randrange(10**8):08d}", "birth_date": "1980-01-01"},
        "taiwan_permit": {"id_type": "12", "id_number": f"{rng.randrange(10**8):08d}", "birth_date": "1975-06-01"},
        "hong_kong": {"id_type": "17", "id_number": hong_kong_number(), "birth_date": "1990-02-03"},
    }
    found = {}
    for kind, document in documents.items():
        person = rpc.register_person({**document, "name": kind})["person"]
        found[kind] = (person["id"], rpc.reveal_id_number(person["id"])["id_number"])
    return found


@pytest.fixture
def identity(run_service):
    return run_service("identity_svc")


def test_each_document_type_is_kept_normalised_with_what_its_number_says(identity, rpc_as):
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    permit_number = resident_id_number(rng, dt.date(1991, 9, 9), male=False, county="810000")
    permit = rpc.register_person({"id_type": "18", "id_number": permit_number.translate(FULL_WIDTH),
                                  "name": "居住证"})["person"]
    assert (permit["id_type"], permit["gender"], permit["birth_date"]) == ("18", "2", "1991-09-09")
    assert rpc.reveal_id_number(permit["id"])["id_number"] == permit_number
    hong_kong = rpc.register_person({"id_type": "17", "id_number": "a123456（3）", "name": "香港",
                                     "birth_date": "1985-01-01"})["person"]
    assert rpc.reveal_id_number(hong_kong["id"])["id_number"] == "A1234563"
    wrong = refusal(lambda: rpc.register_person({"id_type": "17", "id_number": "A123456(4)", "name": "香港",
                                                 "birth_date": "1985-01-01"}))
    assert wrong["fields"] == {"id_number": "HKID_CHECK_DIGIT"}


def test_a_national_number_is_found_whichever_of_the_three_national_cards_the_lookup_names(identity, rpc_as):
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    number = resident_id_number(rng, county="830000")
    person = rpc.register_person({"id_type": "18", "id_number": number, "name": "台湾居民"})["person"]
    assert rpc.find_by_id_number("01", number)["id"] == person["id"]
    as_resident = refusal(lambda: rpc.register_person({"id_type": "01", "id_number": number, "name": "台湾居民"}))
    assert as_resident["fields"] == {"id_number": "ID_NUMBER_IS_RESIDENCE_PERMIT"}
    passport = rpc.register_person({"id_type": "08", "id_number": "E12345678", "name": "护照",
                                    "birth_date": "1980-01-01"})["person"]
    assert refusal(lambda: rpc.find_by_id_number("01", "E12345678"))["code"] == "PERSON_NOT_FOUND"
    assert rpc.find_by_id_number("08", "e1234 5678")["id"] == passport["id"]


def test_a_person_is_found_by_the_first_six_or_last_four_characters_of_any_document(identity, rpc_as):
    found = holders(rpc_as(ENTERPRISE_7).identity_svc)
    rpc = rpc_as(SITE_3).identity_svc  # a site finds whom it may then look up, as 退场查询 does
    for kind, (person_id, number) in found.items():
        assert person_id in rpc.find_person_ids(number[:6]), kind
        assert person_id in rpc.find_person_ids(number[-4:].lower()), kind
        assert rpc.find_person_ids(number) == [person_id], kind
        assert person_id in rpc.find_person_ids(number[:8].translate(FULL_WIDTH)), kind
        assert person_id in rpc.find_person_ids(" " + number[-7:-3] + "-" + number[-3:]), kind
    resident_id, resident = found["resident"]
    assert rpc.find_person_ids(resident[2:9]) == []  # the middle of a number is neither beginning nor end


@pytest.mark.parametrize("fragment", ["", "12", "3１0", " 5-1 X "])
def test_a_fragment_shorter_than_four_characters_is_refused(identity, rpc_as, fragment):
    error = refusal(lambda: rpc_as(SITE_3).identity_svc.find_person_ids(fragment))
    assert (error["code"], error["fields"]) == ("INVALID_INPUT", {"person": "ID_FRAGMENT_TOO_SHORT"})


def test_a_fragment_matching_more_people_than_the_caller_takes_is_refused(identity, rpc_as):
    rpc = rpc_as(AUTHORITY).identity_svc
    for _ in range(3):
        rpc.register_person({"id_number": resident_id_number(rng, county="310115"), "name": "浦东"})
    assert len(rpc.find_person_ids("310115", 3)) == 3
    error = refusal(lambda: rpc.find_person_ids("310115", 2))
    assert error["fields"] == {"person": "ID_FRAGMENT_TOO_BROAD"}
    assert refusal(lambda: rpc_as(None).identity_svc.find_person_ids("310115"))["code"] == "FORBIDDEN"


def test_the_persons_list_finds_by_fragment_within_the_callers_scope(identity, rpc_as):
    found = holders(rpc_as(ENTERPRISE_7).identity_svc)
    own, other = rpc_as(ENTERPRISE_7).identity_svc, rpc_as(ENTERPRISE_8).identity_svc
    person_id, number = found["foreigner"]
    assert [p["id"] for p in own.list_persons({"q": number[-4:]})["items"]] == [person_id]
    assert [p["id"] for p in own.list_persons({"q": number[:10].translate(FULL_WIDTH)})["items"]] == [person_id]
    assert other.list_persons({"q": number[-4:]})["total"] == 0
    error = refusal(lambda: own.list_persons({"q": "12"}))
    assert error["fields"] == {"q": "ID_FRAGMENT_TOO_SHORT"}
    assert [p["name"] for p in own.list_persons({"q": "residence"})["items"]] == ["residence_permit"]


def test_only_the_authority_gets_full_numbers_for_an_export(identity, rpc_as):
    found = holders(rpc_as(ENTERPRISE_7).identity_svc)
    ids = [person_id for person_id, _ in found.values()]
    revealed = rpc_as(AUTHORITY).identity_svc.reveal_id_numbers(ids)
    assert revealed == {str(person_id): number for person_id, number in found.values()}
    assert rpc_as(ENTERPRISE_7).identity_svc.reveal_id_numbers(ids) == {}
    assert rpc_as(SITE_3).identity_svc.reveal_id_numbers(ids) == {}


def test_the_fragments_table_holds_blind_indexes_only(identity, rpc_as):
    found = holders(rpc_as(AUTHORITY).identity_svc)
    engine = create_engine(identity.config["DB_URL"])
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM id_number_fragments")).all()
    engine.dispose()
    assert {person_id for _, person_id in stored} == {person_id for person_id, _ in found.values()}
    assert all(re.fullmatch("[0-9a-f]{32}", index) for index, _ in stored)  # HMAC-SHA256 (128 bits of it)
    typed = {number[:length] for _, number in found.values() for length in range(4, len(number) + 1)}
    assert not typed & {index for index, _ in stored}


def test_persons_registered_before_fragments_are_indexed_once_by_the_reindex_command(identity, rpc_as):
    found = holders(rpc_as(AUTHORITY).identity_svc)
    rpc = rpc_as(AUTHORITY).identity_svc
    engine = create_engine(identity.config["DB_URL"])
    with engine.begin() as connection:
        kept = connection.scalar(select(func.count()).select_from(IdNumberFragment))
        connection.execute(IdNumberFragment.__table__.delete())
    person_id, number = found["resident"]
    assert rpc.find_person_ids(number[-4:]) == []
    assert rpc.find_person_ids(number) == [person_id]  # the whole number never needed fragments

    vault = PersonalDataVault.from_environment()
    assert reindex(engine, vault, batch_size=4) == len(found)
    assert reindex(engine, vault) == 0
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(IdNumberFragment)) == kept
    engine.dispose()
    assert rpc.find_person_ids(number[-4:]) == [person_id]
