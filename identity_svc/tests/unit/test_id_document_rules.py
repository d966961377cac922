import datetime as dt
import random

import pytest

from chassis import days
from devtools.synthetic import resident_id_number
from identity_svc.domain import IdDocument, check_id_document, check_phone
from identity_svc.exceptions import InvalidIdDocument

rng = random.Random(7)
MAN_1985 = resident_id_number(rng, dt.date(1985, 3, 2), male=True, county="310101")
WOMAN_1992 = resident_id_number(rng, dt.date(1992, 11, 30), male=False, county="110105")


def with_check_digit_broken(number):
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def problems_of(**fields):
    document = IdDocument(**{"id_type": "01", "id_number": MAN_1985, "name": "测试人", **fields})
    with pytest.raises(InvalidIdDocument) as refused:
        check_id_document(document)
    return refused.value.fields


def test_gender_and_birth_date_are_derived_from_a_resident_id_number():
    checked = check_id_document(IdDocument("01", WOMAN_1992, "测试人"))
    assert checked.gender == "2"
    assert checked.birth_date == dt.date(1992, 11, 30)


def test_the_number_is_normalised_before_it_is_kept():
    spaced = " " + MAN_1985[:6] + " " + MAN_1985[6:].lower() + " "
    assert check_id_document(IdDocument("01", spaced, " 测试人 ")).id_number == MAN_1985


def test_typed_gender_and_birth_date_that_agree_are_accepted():
    checked = check_id_document(IdDocument("01", MAN_1985, "测试人", gender="1", birth_date=dt.date(1985, 3, 2)))
    assert checked.gender == "1"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"id_number": with_check_digit_broken(MAN_1985)}, {"id_number": "ID_NUMBER_CHECK_DIGIT"}),
        ({"id_number": MAN_1985[:17]}, {"id_number": "ID_NUMBER_LENGTH"}),
        ({"id_number": MAN_1985[:10] + "AB" + MAN_1985[12:]}, {"id_number": "ID_NUMBER_FORMAT"}),
        ({"id_number": "310101198502301234"}, {"id_number": "ID_NUMBER_BIRTH_DATE"}),
        ({"id_number": "999999198503021234"}, {"id_number": "ID_NUMBER_REGION"}),
        ({"id_number": ""}, {"id_number": "REQUIRED"}),
        ({"gender": "2"}, {"gender": "GENDER_MISMATCH"}),
        ({"birth_date": dt.date(1985, 3, 3)}, {"birth_date": "BIRTH_DATE_MISMATCH"}),
        ({"name": "  "}, {"name": "REQUIRED"}),
        ({"id_type": "99"}, {"id_type": "UNKNOWN_ID_TYPE"}),
        ({"ethnicity": "57"}, {"ethnicity": "UNKNOWN_ETHNICITY"}),
        (
            {"valid_from": dt.date(2020, 1, 1), "valid_until": dt.date(2019, 1, 1)},
            {"valid_until": "VALIDITY_ENDS_BEFORE_START"},
        ),
    ],
)
def test_a_document_that_cannot_be_true_is_refused_with_the_reason(fields, expected):
    assert problems_of(**fields) == expected


def test_every_problem_is_reported_at_once():
    assert problems_of(gender="2", name="", ethnicity="99") == {
        "gender": "GENDER_MISMATCH",
        "name": "REQUIRED",
        "ethnicity": "UNKNOWN_ETHNICITY",
    }


def test_other_documents_need_a_typed_birth_date():
    assert problems_of(id_type="08", id_number="E12345678") == {"birth_date": "REQUIRED"}
    passport = check_id_document(
        IdDocument("08", "e12345678", "测试人", gender="2", birth_date=dt.date(1990, 1, 1))
    )
    assert passport.id_number == "E12345678"


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = days.today() + dt.timedelta(days=1)
    assert problems_of(id_type="08", id_number="E12345678", birth_date=tomorrow) == {
        "birth_date": "DATE_IN_FUTURE"
    }


@pytest.mark.parametrize("phone", ["13912345204", "021-64081234", " 139 1234 5204 "])
def test_mobile_and_landline_numbers_are_accepted(phone):
    assert check_phone(phone) == phone.strip().replace(" ", "")


@pytest.mark.parametrize("phone", ["11223123", "1391234520", "abc"])
def test_a_phone_number_that_cannot_be_dialled_is_refused(phone):
    with pytest.raises(InvalidIdDocument) as refused:
        check_phone(phone)
    assert refused.value.fields == {"phone": "PHONE_FORMAT"}


def test_an_empty_phone_means_none():
    assert check_phone("  ") is None
