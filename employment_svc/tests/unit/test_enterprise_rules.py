import random

import pytest

from chassis.caller import Caller
from devtools.synthetic import credit_code
from employment_svc.domain import check_credit_code, may_register_enterprises
from employment_svc.exceptions import InvalidCreditCode

VALID = credit_code(random.Random(3))


def test_a_valid_credit_code_is_kept_upper_case():
    assert check_credit_code(VALID.lower()) == VALID


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "CREDIT_CODE_CHECK_DIGIT"),
        (VALID[:17], "CREDIT_CODE_LENGTH"),
        ("AB" + VALID[2:], "CREDIT_CODE_FORMAT"),
        ("", "REQUIRED"),
    ],
)
def test_an_impossible_credit_code_is_refused_with_the_reason(typed, problem):
    with pytest.raises(InvalidCreditCode) as refused:
        check_credit_code(typed)
    assert refused.value.fields == {"credit_code": problem}


def test_only_the_authority_registers_enterprises():
    assert may_register_enterprises(Caller("authority", "a"))
    assert not may_register_enterprises(Caller("enterprise", "e", enterprise_id=1))
    assert not may_register_enterprises(Caller("site", "s", project_id=1))
