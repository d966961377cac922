"""ID documents as real people hold them: regions that came after their holder, the cards beside the resident
card, what people type or paste, and each document's own number."""

import datetime as dt
import random

import pytest
from stdnum.cn import ric

from chassis.errors import InvalidInput
from chassis.pii import looks_like_id_number, normalise_id_number
from devtools.synthetic import resident_id_number
from identity_svc.domain import (
    IdDocument,
    check_id_document,
    fragments_of,
    hkid_check_character,
    id_fragment,
)
from identity_svc.exceptions import InvalidIdDocument

rng = random.Random(2260)


def number(county, birth_date=dt.date(1965, 4, 12), male=True):
    """A synthetic GB 11643 number (居民身份证, 港澳台居民居住证 or 外国人永久居留身份证 by its first six)."""
    return resident_id_number(rng, birth_date, male=male, county=county)


def checked(id_type, id_number, **fields):
    return check_id_document(IdDocument(id_type, id_number, "测试人", **fields))


def refusal(id_type, id_number, **fields):
    with pytest.raises(InvalidIdDocument) as refused:
        checked(id_type, id_number, **fields)
    return refused.value.fields


def with_check_digit_broken(value):
    return value[:-1] + ("0" if value[-1] != "0" else "1")


# -- the region of a 居民身份证 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("county", "district", "born"),
    [
        ("110115", "大兴区, since 2001", dt.date(1965, 4, 12)),
        ("120116", "滨海新区, since 2009", dt.date(1970, 8, 1)),
        ("330110", "余杭区, since 2001", dt.date(1958, 1, 30)),
        ("440306", "宝安区, since 1992", dt.date(1961, 12, 5)),
        ("110103", "崇文区, until 2010", dt.date(1992, 6, 18)),
    ],
)
def test_a_number_from_a_district_younger_than_its_holder_is_accepted(county, district, born):
    resident = number(county, born)
    assert checked("01", resident).birth_date == born, district


def test_python_stdnum_alone_would_refuse_a_district_created_after_the_holders_birth():
    resident = number("110115", dt.date(1965, 4, 12))
    assert not ric.is_valid(resident)  # its region-in-birth-year rule; ours accepts every region that ever existed
    assert checked("01", resident).id_number == resident


@pytest.mark.parametrize("county", ["110199", "310199", "370199"])
def test_a_region_that_never_existed_is_refused_even_with_a_right_check_digit(county):
    assert refusal("01", number(county)) == {"id_number": "ID_NUMBER_REGION"}


# -- 港澳台居民居住证 and 外国人永久居留身份证 ----------------------------------------------------------------


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_a_residence_permit_is_checked_like_a_resident_card_and_gives_gender_and_birth_date(region):
    permit = checked("18", number(region, dt.date(1988, 2, 29), male=False))
    assert (permit.gender, permit.birth_date) == ("2", dt.date(1988, 2, 29))


def test_a_foreigners_card_of_18_characters_gives_gender_and_birth_date():
    card = checked("19", number("931840", dt.date(1979, 7, 4), male=True))
    assert (card.gender, card.birth_date) == ("1", dt.date(1979, 7, 4))


def test_an_older_foreigners_card_of_15_characters_is_accepted_with_a_typed_birth_date():
    assert refusal("19", "USA310812345678") == {"birth_date": "REQUIRED"}
    card = checked("19", "usa 3108 1234 5678", birth_date=dt.date(1981, 3, 1), gender="1")
    assert card.id_number == "USA310812345678"


@pytest.mark.parametrize(
    ("id_type", "id_number", "expected"),
    [
        ("18", number("310101"), "RESIDENCE_PERMIT_REGION"),
        ("18", with_check_digit_broken(number("810000")), "ID_NUMBER_CHECK_DIGIT"),
        ("18", number("810000")[:17], "ID_NUMBER_LENGTH"),
        ("19", number("310101"), "FOREIGNER_CARD_NUMBER_FORMAT"),
        ("19", with_check_digit_broken(number("931840")), "ID_NUMBER_CHECK_DIGIT"),
        ("19", "US3108123456789", "FOREIGNER_CARD_NUMBER_FORMAT"),
        ("01", number("820000"), "ID_NUMBER_IS_RESIDENCE_PERMIT"),
        ("01", number("931840"), "ID_NUMBER_IS_FOREIGNER_CARD"),
    ],
)
def test_a_permit_or_card_number_that_cannot_be_true_says_what_is_expected(id_type, id_number, expected):
    assert refusal(id_type, id_number) == {"id_number": expected}


# -- what people type or paste -----------------------------------------------------------------------

RESIDENT = number("310104", dt.date(1976, 10, 3))
WITH_X = next(n for n in (number("310104", dt.date(1976, 10, 3)) for _ in range(500)) if n.endswith("X"))
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (RESIDENT.translate(FULL_WIDTH), RESIDENT),
        (WITH_X.translate(FULL_WIDTH), WITH_X),
        (WITH_X[:-1] + "ｘ", WITH_X),
        (WITH_X[:-1] + "x", WITH_X),
        (f" {RESIDENT[:6]} {RESIDENT[6:14]} {RESIDENT[14:]} ", RESIDENT),
        (f"{RESIDENT[:6]}\u3000{RESIDENT[6:]}", RESIDENT),
        (f"{RESIDENT[:6]}-{RESIDENT[6:14]}-{RESIDENT[14:]}", RESIDENT),
        (f"{RESIDENT[:6]}－{RESIDENT[6:]}".translate(FULL_WIDTH), RESIDENT),
    ],
)
def test_what_people_type_or_paste_is_the_number_they_mean(typed, kept):
    assert normalise_id_number(typed) == kept
    assert checked("01", typed).id_number == kept


def test_full_width_digits_never_read_as_a_wrong_check_digit():
    for _ in range(50):
        resident = number("310105", dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(5000)))
        assert checked("01", resident.translate(FULL_WIDTH)).id_number == resident


# -- the other documents' own numbers ----------------------------------------------------------------


def test_the_hong_kong_check_character_follows_the_published_rule():
    assert hkid_check_character("A", "123456") == "3"
    assert hkid_check_character("G", "123456") == "A"
    assert hkid_check_character("AB", "987654") == "3"


@pytest.mark.parametrize(
    ("id_type", "typed", "kept"),
    [
        ("08", "e12345678", "E12345678"),
        ("08", "EA1234567", "EA1234567"),
        ("08", "G 1234 5678", "G12345678"),
        ("08", "X12345678", "X12345678"),  # a foreign passport: ICAO 9303 allows any 9 letters and digits
        ("09", "H12345678", "H12345678"),
        ("10", "m1234567801", "M1234567801"),
        ("11", "C12345678", "C12345678"),
        ("11", "CA1234567", "CA1234567"),
        ("12", "12345678", "12345678"),
        ("12", "１２３４５６７８", "12345678"),
        ("13", "L12345678", "L12345678"),
        ("17", "A123456(3)", "A1234563"),
        ("17", "g123456（a）", "G123456A"),
        ("17", "AB987654(3)", "AB9876543"),
        ("02", "南字第2003123号", "南字第2003123号"),
        ("14", "DP-123456", "DP123456"),
    ],
)
def test_each_document_number_in_its_own_format_is_accepted(id_type, typed, kept):
    assert checked(id_type, typed, birth_date=dt.date(1980, 1, 1)).id_number == kept


@pytest.mark.parametrize(
    ("id_type", "typed", "expected"),
    [
        ("08", "E123", "PASSPORT_NUMBER_FORMAT"),
        ("08", "E123456789", "PASSPORT_NUMBER_FORMAT"),
        ("08", "ABCDEFGH", "PASSPORT_NUMBER_FORMAT"),
        ("10", "12345678", "HK_MACAO_PERMIT_NUMBER_FORMAT"),
        ("10", "H1234567", "HK_MACAO_PERMIT_NUMBER_FORMAT"),
        ("09", "K12345678", "HK_MACAO_PERMIT_NUMBER_FORMAT"),
        ("11", "H12345678", "EXIT_ENTRY_PERMIT_NUMBER_FORMAT"),
        ("12", "1234567", "TAIWAN_PERMIT_NUMBER_FORMAT"),
        ("12", "T12345678", "TAIWAN_PERMIT_NUMBER_FORMAT"),
        ("13", "12345678", "TRAVEL_PERMIT_TO_TAIWAN_NUMBER_FORMAT"),
        ("17", "A123456(4)", "HKID_CHECK_DIGIT"),
        ("17", "A12345(6)", "HKID_FORMAT"),
        ("17", "1234567", "HKID_FORMAT"),
        ("06", RESIDENT + "82", "DISABILITY_CARD_NUMBER_FORMAT"),
        ("06", with_check_digit_broken(RESIDENT) + "12", "ID_NUMBER_CHECK_DIGIT"),
        ("02", "字第1号!", "MILITARY_DOCUMENT_NUMBER_FORMAT"),
        ("14", "张三123", "DOCUMENT_NUMBER_FORMAT"),
        ("16", "ABC", "DOCUMENT_NUMBER_FORMAT"),
    ],
)
def test_a_document_number_out_of_its_format_names_the_format_expected(id_type, typed, expected):
    assert refusal(id_type, typed, birth_date=dt.date(1980, 1, 1)) == {"id_number": expected}


def test_a_disability_card_gives_its_holders_gender_and_birth_date():
    card = checked("06", RESIDENT + "14")
    assert (card.id_number, card.birth_date) == (RESIDENT + "14", dt.date(1976, 10, 3))


# -- fragments a person searches by ------------------------------------------------------------------


def test_a_number_is_indexed_by_each_beginning_of_6_and_each_end_of_4_characters_or_more():
    fragments = fragments_of("31010119850302151X")
    beginnings = [value for purpose, value in fragments if purpose.endswith("prefix")]
    ends = [value for purpose, value in fragments if purpose.endswith("suffix")]
    assert beginnings[0] == "310101" and beginnings[-1] == "31010119850302151" and len(beginnings) == 12
    assert ends[0] == "151X" and ends[-1] == "1010119850302151X" and len(ends) == 14
    assert "31010119850302151X" not in beginnings + ends  # the whole number has its own index
    assert [value for _, value in fragments_of("12345678")] == ["123456", "1234567", "5678", "45678", "345678",
                                                                "2345678"]


@pytest.mark.parametrize(("term", "is_number"), [
    ("151X", True), ("１５１ｘ", True), ("3101 0119", True), ("A123456(3)", True),
    ("王秀", False), ("Smith", False), ("王维恒1", False), ("张三 0302", False),
])
def test_a_term_of_digits_and_letters_is_part_of_an_id_number_and_anything_else_of_a_name(term, is_number):
    assert looks_like_id_number(term) is is_number


def test_a_fragment_is_normalised_and_needs_four_characters():
    assert id_fragment("１５１ｘ", "person") == "151X"
    with pytest.raises(InvalidInput) as refused:
        id_fragment(" 5 1-X ", "person")
    assert refused.value.fields == {"person": "ID_FRAGMENT_TOO_SHORT"}
