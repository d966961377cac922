"""employment_svc's code tables: the national standard's codes where it has a table, one rule per table."""

import chassis.codes
import siteaccess_svc.reference
from employment_svc import reference
from employment_svc.reference import BANKS, CONTRACT_PERIOD_TYPES, CONTRACT_TYPES, PIECE_UNITS, POLITICS


def test_trades_and_education_are_the_one_shared_national_table():
    assert reference.TRADES is chassis.codes.TRADES is siteaccess_svc.reference.TRADES
    assert reference.EDUCATION_LEVELS is chassis.codes.EDUCATION_LEVELS is siteaccess_svc.reference.EDUCATION_LEVELS


def test_politics_is_the_standards_politics_type():
    assert list(POLITICS) == [f"{n:02d}" for n in range(1, 14)]
    assert POLITICS["13"].name == "群众"


def test_banks_are_three_digit_bank_codes():
    assert all(len(code) == 3 and code.isdigit() for code in BANKS)
    assert {BANKS[code].name for code in ("102", "103", "104", "105", "301", "308", "403")} == {
        "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "招商银行", "中国邮政储蓄银行"}


def test_piece_units_and_contract_periods_are_the_standards():
    assert {code: unit.name for code, unit in PIECE_UNITS.items()} == {"80": "米", "81": "平方米", "82": "立方米"}
    assert CONTRACT_PERIOD_TYPES == {"fixed": "0", "task": "1"} and set(CONTRACT_PERIOD_TYPES) <= set(CONTRACT_TYPES)


def test_every_new_table_is_served_with_both_languages():
    tables = reference.reference_tables()
    for name in ("politics", "certificate_types", "banks", "blood_types", "wage_schemes", "piece_units",
                 "contract_types", "team_kinds", "employment_roles", "profile_states"):
        assert tables[name] and all(row["name"] and row["name_en"] for row in tables[name]), name
