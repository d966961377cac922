"""Rules of 基本信息登记, 班组 and 劳动合同, without Nameko or a database."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from chassis.caller import Caller
from chassis.errors import Forbidden
from employment_svc import profiles
from employment_svc.exceptions import InvalidContract, InvalidProfile, NotAnEmployee
from employment_svc.models import BINDING_STATES

TODAY = dt.date(2026, 11, 30)
#: a card number with a valid check digit, and the same with the last digit changed
CARD = "6222021234567890128"
WRONG_CARD = CARD[:-1] + "9"
ENTERPRISE = Caller("enterprise", "e", enterprise_id=7)
AUTHORITY = Caller("authority", "a")


def form(**overrides):
    return {"role": None, "phone": "13912345204", "trade": "020", "education": "04", "politics": "13",
            "is_team_leader": False, "team_id": None, "certificate_type": None, "certificate_number": None,
            "certificate_valid_until": None, "contract_starts_on": None, "contract_ends_on": None,
            "bank": None, "wage_scheme": None, "daily_wage": None, "unit_price": None, "piece_unit": None,
            **overrides}


def problems(values, team_known=True):
    with pytest.raises(InvalidProfile) as refused:
        profiles.check_profile(values, team_known=team_known)
    return refused.value.fields


# -- who may act ------------------------------------------------------------------------------------------------


def test_an_enterprise_reads_its_own_people_and_the_authority_everyones():
    assert profiles.readable_enterprise(ENTERPRISE) == 7
    assert profiles.readable_enterprise(AUTHORITY) is None
    assert profiles.readable_enterprise(AUTHORITY, 9) == 9
    with pytest.raises(Forbidden):
        profiles.readable_enterprise(ENTERPRISE, 9)
    with pytest.raises(Forbidden):
        profiles.readable_enterprise(Caller("site", "s", project_id=3))


def test_only_the_employer_records_profiles_teams_and_contracts():
    assert profiles.acting_enterprise(ENTERPRISE) == 7
    for caller in (AUTHORITY, Caller("site", "s", project_id=3), Caller("worker", "w", person_id=5)):
        with pytest.raises(Forbidden):
            profiles.acting_enterprise(caller)


@pytest.mark.parametrize("state", ["pending", "declined", "withdrawn", "ended"])
def test_a_profile_is_kept_only_for_someone_employed_here_now(state):
    with pytest.raises(NotAnEmployee) as refused:
        profiles.require_employee(state)
    assert refused.value.details == {"state": state}


@pytest.mark.parametrize("state", BINDING_STATES)
def test_a_binding_relation_may_have_a_profile_and_lists_as_employed(state):
    profiles.require_employee(state)
    assert profiles.list_state(state) == "employed"


def test_an_ended_relation_lists_as_left():
    assert profiles.list_state("ended") == "ended"


# -- 基本信息登记 ----------------------------------------------------------------------------------------------------


def test_a_complete_form_is_kept_with_the_numbers_as_stored():
    saved = profiles.check_profile(form(phone="139 1234 5204", wage_card_number="6222 0212 3456 7890 128",
                                        bank="102", wage_scheme="day", daily_wage=Decimal("160")), team_known=True)
    assert saved["phone"] == "13912345204" and saved["wage_card_number"] == CARD


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"phone": "12345"}, {"phone": "PHONE_FORMAT"}),
        ({"phone": None}, {"phone": "REQUIRED"}),
        ({"emergency_contact_phone": "not a phone"}, {"emergency_contact_phone": "PHONE_FORMAT"}),
        ({"wage_card_number": WRONG_CARD, "bank": "102"}, {"wage_card_number": "WAGE_CARD_CHECK_DIGIT"}),
        ({"wage_card_number": "62220212AB", "bank": "102"}, {"wage_card_number": "WAGE_CARD_FORMAT"}),
        ({"wage_card_number": CARD}, {"bank": "REQUIRED"}),
        ({"certificate_type": "special_operation"},
         {"certificate_number": "REQUIRED", "certificate_valid_until": "REQUIRED"}),
        ({"is_team_leader": True}, {"team_id": "REQUIRED"}),
        ({"contract_starts_on": TODAY, "contract_ends_on": TODAY - dt.timedelta(days=1)},
         {"contract_ends_on": "ENDS_BEFORE_START"}),
        ({"wage_scheme": "time"}, {"daily_wage": "REQUIRED"}),
        ({"wage_scheme": "day", "daily_wage": Decimal("0")}, {"daily_wage": "OUT_OF_RANGE"}),
        ({"wage_scheme": "piece"}, {"unit_price": "REQUIRED", "piece_unit": "REQUIRED"}),
        ({"wage_scheme": "piece", "unit_price": Decimal("3.5")}, {"piece_unit": "REQUIRED"}),
        ({"daily_wage": Decimal("160")}, {"wage_scheme": "REQUIRED"}),
    ],
)
def test_each_broken_rule_names_its_field(overrides, expected):
    assert problems(form(**overrides)) == expected


def test_every_broken_rule_is_named_at_once():
    assert problems(form(phone="1", wage_card_number=WRONG_CARD, bank="102", wage_scheme="piece")) == {
        "phone": "PHONE_FORMAT", "wage_card_number": "WAGE_CARD_CHECK_DIGIT", "unit_price": "REQUIRED",
        "piece_unit": "REQUIRED"}


def test_a_team_of_another_employer_is_refused():
    assert problems(form(team_id=4), team_known=False) == {"team_id": "UNKNOWN_TEAM"}


def test_a_card_kept_from_before_still_needs_its_bank():
    with pytest.raises(InvalidProfile) as refused:
        profiles.check_profile(form(), team_known=True, card_on_file=True)
    assert refused.value.fields == {"bank": "REQUIRED"}


def test_secret_numbers_left_out_of_an_edit_stay_out_of_the_changes():
    values = form()
    del values["phone"]
    assert "phone" not in profiles.check_profile(values, team_known=True)


def test_only_the_terms_of_the_chosen_scheme_are_kept():
    piece = profiles.check_profile(form(wage_scheme="piece", unit_price=Decimal("3.5"), piece_unit="81",
                                        daily_wage=Decimal("200")), team_known=True)
    assert (piece["daily_wage"], piece["unit_price"], piece["piece_unit"]) == (None, Decimal("3.5"), "81")
    day = profiles.check_profile(form(wage_scheme="day", daily_wage=Decimal("200"), unit_price=Decimal("3"),
                                      piece_unit="81"), team_known=True)
    assert (day["daily_wage"], day["unit_price"], day["piece_unit"]) == (Decimal("200"), None, None)


def test_no_certificate_type_keeps_no_certificate_number():
    saved = profiles.check_profile(form(certificate_number="X1", certificate_valid_until=TODAY), team_known=True)
    assert saved["certificate_number"] is None and saved["certificate_valid_until"] is None


@pytest.mark.parametrize(("number", "valid"), [("4111111111111111", True), ("4111111111111112", False),
                                               (CARD, True), (WRONG_CARD, False), ("79927398713", True)])
def test_card_numbers_are_checked_by_luhn(number, valid):
    assert profiles.luhn_valid(number) is valid


def test_a_card_number_is_masked_as_lists_show_it():
    assert profiles.mask_card(CARD) == "6222****0128"
    assert profiles.mask_card(None) is None


# -- 班组 -------------------------------------------------------------------------------------------------------


@dataclass
class Member:
    relation_id: int
    person_id: int = 100
    enterprise_id: int = 7
    team_id: int | None = None


@dataclass
class FakeTeam:
    id: int
    leader_relation_id: int | None = None


def test_joining_a_team_is_published_and_the_member_is_not_its_leader():
    member, team = Member(1), FakeTeam(10)
    changes, displaced = profiles.place_in_team(member, None, team, wants_leader=False)
    assert member.team_id == 10 and team.leader_relation_id is None and displaced is None
    assert changes == [{"team_id": 10, "previous_team_id": None, "enterprise_id": 7, "person_id": 100,
                        "relation_id": 1, "is_leader": False}]


def test_a_new_leader_displaces_the_one_before():
    member, team = Member(2, team_id=10), FakeTeam(10, leader_relation_id=1)
    changes, displaced = profiles.place_in_team(member, team, team, wants_leader=True)
    assert team.leader_relation_id == 2 and displaced == 1
    assert [(c["team_id"], c["previous_team_id"], c["is_leader"]) for c in changes] == [(10, 10, True)]


def test_a_leader_who_moves_to_another_team_stops_leading_the_first():
    old, new = FakeTeam(10, leader_relation_id=1), FakeTeam(11)
    member = Member(1, team_id=10)
    changes, _ = profiles.place_in_team(member, old, new, wants_leader=False)
    assert old.leader_relation_id is None and new.leader_relation_id is None and member.team_id == 11
    assert changes[0]["previous_team_id"] == 10 and changes[0]["is_leader"] is False


def test_a_leader_who_leaves_every_team_stops_leading():
    team, member = FakeTeam(10, leader_relation_id=1), Member(1, team_id=10)
    changes, _ = profiles.place_in_team(member, team, None, wants_leader=False)
    assert team.leader_relation_id is None and member.team_id is None
    assert changes[0]["team_id"] is None


def test_staying_where_one_is_changes_nothing():
    team, member = FakeTeam(10, leader_relation_id=1), Member(1, team_id=10)
    assert profiles.place_in_team(member, team, team, wants_leader=True) == ([], None)


# -- 劳动合同 -------------------------------------------------------------------------------------------------------


def contract(**overrides):
    return {"number": "HT-1", "contract_type": "fixed", "signed_on": TODAY, "starts_on": TODAY,
            "ends_on": TODAY + dt.timedelta(days=365), **overrides}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"signed_on": TODAY + dt.timedelta(days=1)}, {"signed_on": "DATE_IN_FUTURE"}),
        ({"ends_on": None}, {"ends_on": "REQUIRED"}),
        ({"contract_type": "service", "ends_on": None}, {"ends_on": "REQUIRED"}),
        ({"contract_type": "open"}, {"ends_on": "OPEN_CONTRACT_HAS_NO_END"}),
        ({"ends_on": TODAY - dt.timedelta(days=1)}, {"ends_on": "ENDS_BEFORE_START"}),
    ],
)
def test_a_contract_that_cannot_be_true_is_refused_by_field(overrides, expected):
    with pytest.raises(InvalidContract) as refused:
        profiles.check_contract(contract(**overrides), TODAY)
    assert refused.value.fields == expected


@pytest.mark.parametrize("kind", ["open", "task"])
def test_open_ended_and_task_contracts_need_no_end_date(kind):
    assert profiles.check_contract(contract(contract_type=kind, ends_on=None), TODAY)["ends_on"] is None


@pytest.mark.parametrize(("ends_in", "expected"), [(0, True), (30, True), (31, False), (-1, False)])
def test_a_contract_ending_within_30_days_is_expiring(ends_in, expected):
    assert profiles.expiring(TODAY + dt.timedelta(days=ends_in), TODAY, 30) is expected


