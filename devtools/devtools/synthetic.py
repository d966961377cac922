"""Synthetic people for demo data, tests and benchmarks: valid numbers, nobody real."""

import datetime as dt
import random

from stdnum.cn import ric

#: County codes python-stdnum accepts for every birth year from 1955 to 2007.
COUNTIES = (
    "310101", "310104", "310105", "310106", "310107", "310109", "310110", "110101", "110102", "110105", "110106",
)


def resident_id_number(
    rng: random.Random, birth_date: dt.date | None = None, male: bool | None = None, county: str | None = None
) -> str:
    birth_date = birth_date or dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
    male = rng.random() < 0.5 if male is None else male
    sequence = rng.randrange(0, 100) * 10 + rng.randrange(0, 5) * 2 + (1 if male else 0)
    body = f"{county or rng.choice(COUNTIES)}{birth_date:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def mobile_phone(rng: random.Random) -> str:
    return rng.choice(("139", "138", "137", "158", "186", "177")) + f"{rng.randrange(0, 10**8):08d}"


def credit_code(rng: random.Random, region: str = "310104") -> str:
    """A 统一社会信用代码 of an enterprise (登记管理部门 9, 类别 1) with a valid check character."""
    from stdnum.cn import uscc

    organisation = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    body = f"91{region}{organisation}"
    return body + uscc.calc_check_digit(body)


def bank_card_number(rng: random.Random, prefix: str = "621") -> str:
    """A 19-digit bank card number whose last digit is its Luhn check digit (ISO/IEC 7812), like a wage card's."""
    from stdnum import luhn

    body = prefix + "".join(str(rng.randrange(10)) for _ in range(18 - len(prefix)))
    return body + luhn.calc_check_digit(body)
