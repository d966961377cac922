"""Rules of worker profiles (基本信息登记), teams (班组) and labour contracts (劳动合同), in plain Python."""

import datetime as dt
from decimal import Decimal

from chassis.caller import AUTHORITY, ENTERPRISE, SYSTEM, Caller
from chassis.errors import Forbidden
from chassis.pii import normalise_phone
from employment_svc.exceptions import InvalidContract, InvalidProfile, NotAnEmployee
from employment_svc.models import BINDING_STATES

# -- who may act --------------------------------------------------------------------------------------------------


def readable_enterprise(caller: Caller, requested: int | None = None) -> int | None:
    """The enterprise whose people a caller reads: an enterprise its own, the authority any (None: every one)."""
    if caller.role == ENTERPRISE:
        if requested is not None and requested != caller.enterprise_id:
            raise Forbidden(f"enterprise {requested} is outside the caller's scope")
        return caller.enterprise_id
    if caller.role in (AUTHORITY, SYSTEM):
        return requested
    raise Forbidden("this role may not see an employer's people")


def acting_enterprise(caller: Caller) -> int:
    """Only the employer records its people's profiles, teams and contracts."""
    if caller.role != ENTERPRISE or caller.enterprise_id is None:
        raise Forbidden("only the employer records this")
    return caller.enterprise_id


def may_read(caller: Caller, enterprise_id: int) -> bool:
    scope = readable_enterprise(caller)
    return scope is None or scope == enterprise_id


def require_employee(relation_state: str):
    """A profile, a place in a team or a contract is kept for someone employed here now: 在职, or with a
    resignation or dismissal under way (a binding relation)."""
    if relation_state not in BINDING_STATES:
        raise NotAnEmployee(f"the relation is {relation_state}, not employed",
                            details={"state": relation_state})


def list_state(relation_state: str) -> str:
    """状态 of the profile list: 在职 while the relation binds, 离职 after."""
    return "employed" if relation_state in BINDING_STATES else "ended"


# -- 基本信息登记 ----------------------------------------------------------------------------------------------------

#: personal numbers the views never show: absent from a saved form means "keep what is stored"
SECRET_FIELDS = ("phone", "wage_card_number", "emergency_contact_phone")


def luhn_valid(number: str) -> bool:
    """The check digit of bank card numbers (ISO/IEC 7812)."""
    total = 0
    for position, digit in enumerate(int(c) for c in reversed(number)):
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def normalise_card(raw: str | None) -> str | None:
    """A card number as stored: digits only (people type it in groups of four); None when empty."""
    if raw is None:
        return None
    number = "".join(raw.split()).replace("-", "")
    return number or None


def card_problem(number: str) -> str | None:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return "WAGE_CARD_FORMAT"
    if not luhn_valid(number):
        return "WAGE_CARD_CHECK_DIGIT"
    return None


def mask_card(number: str | None) -> str | None:
    """``6222021234567890123`` → ``6222****0123``."""
    if not number:
        return number
    return f"{number[:4]}****{number[-4:]}"


def check_profile(values: dict, *, team_known: bool, card_on_file: bool = False) -> dict:
    """基本信息登记 as the form's rules allow it, every broken rule named by its field (InvalidProfile).

    ``values`` is the loaded form; secret numbers absent from it are left as stored by the caller. ``team_known``:
    the chosen 班组 is one of this employer's; ``card_on_file``: a wage card number is stored (and kept when the
    form leaves it out), so its bank is needed.
    """
    problems = {}
    cleaned = dict(values)
    for name in ("phone", "emergency_contact_phone"):
        if name in cleaned:
            try:
                cleaned[name] = normalise_phone(cleaned[name])
            except ValueError:
                problems[name] = "PHONE_FORMAT"
    if "phone" in cleaned and cleaned["phone"] is None and "phone" not in problems:
        problems["phone"] = "REQUIRED"  # 手机号码 is required (manual 003 §2.3)
    if "wage_card_number" in cleaned:
        cleaned["wage_card_number"] = normalise_card(cleaned["wage_card_number"])
        number = cleaned["wage_card_number"]
        if number is not None and (problem := card_problem(number)):
            problems["wage_card_number"] = problem
    has_card = cleaned.get("wage_card_number") is not None if "wage_card_number" in cleaned else card_on_file
    if has_card and not cleaned.get("bank"):
        problems["bank"] = "REQUIRED"
    if cleaned.get("certificate_type"):
        if not (cleaned.get("certificate_number") or "").strip():
            problems["certificate_number"] = "REQUIRED"
        if cleaned.get("certificate_valid_until") is None:
            problems["certificate_valid_until"] = "REQUIRED"
    else:
        cleaned["certificate_number"], cleaned["certificate_valid_until"] = None, None
    if cleaned.get("is_team_leader") and cleaned.get("team_id") is None:
        problems["team_id"] = "REQUIRED"
    if cleaned.get("team_id") is not None and not team_known:
        problems["team_id"] = "UNKNOWN_TEAM"
    starts, ends = cleaned.get("contract_starts_on"), cleaned.get("contract_ends_on")
    if starts and ends and ends < starts:
        problems["contract_ends_on"] = "ENDS_BEFORE_START"
    problems.update(wage_problems(cleaned))
    if problems:
        raise InvalidProfile("the profile breaks a rule of the form", fields=problems)
    return keep_wage_terms_of_scheme(cleaned)


def wage_problems(values: dict) -> dict:
    """工资结算方式: 计时 and 点工 need 日工资; 计件 needs 单价 and 计件单位 (manual 003); a rate needs its scheme;
    amounts are positive."""
    scheme, problems = values.get("wage_scheme"), {}
    needed = {"time": ("daily_wage",), "day": ("daily_wage",), "piece": ("unit_price", "piece_unit")}.get(scheme, ())
    for name in needed:
        if values.get(name) is None or values.get(name) == "":
            problems[name] = "REQUIRED"
    if scheme is None and any(values.get(name) is not None for name in ("daily_wage", "unit_price", "piece_unit")):
        problems["wage_scheme"] = "REQUIRED"  # a rate is read by its scheme: never kept without one
    for name in ("daily_wage", "unit_price"):
        amount = values.get(name)
        if name not in problems and amount is not None and Decimal(amount) <= 0:
            problems[name] = "OUT_OF_RANGE"
    return problems


def keep_wage_terms_of_scheme(values: dict) -> dict:
    """Only the terms of the chosen scheme are kept: a ledger never reads a stale rate of another scheme."""
    scheme = values.get("wage_scheme")
    if scheme in ("time", "day"):
        values.update(unit_price=None, piece_unit=None)
    elif scheme == "piece":
        values.update(daily_wage=None)
    elif scheme is None:
        values.update(daily_wage=None, unit_price=None, piece_unit=None)
    return values


# -- 班组 -------------------------------------------------------------------------------------------------------


def member_change(relation_id: int, person_id: int, enterprise_id: int, previous_team_id: int | None,
                  team_id: int | None, is_leader: bool) -> dict:
    """``team_member_changed``: where a person's team place went (team None: in no team any more)."""
    return {"team_id": team_id, "previous_team_id": previous_team_id, "enterprise_id": enterprise_id,
            "person_id": person_id, "relation_id": relation_id, "is_leader": is_leader}


# -- 劳动合同 -------------------------------------------------------------------------------------------------------

#: contract types that run until a date (无固定期限 has none; a task's end may be unknown when it is signed)
NEEDS_END_DATE = ("fixed", "service")


def check_contract(values: dict, today: dt.date) -> dict:
    problems = {}
    kind = values["contract_type"]
    if values["signed_on"] > today:
        problems["signed_on"] = "DATE_IN_FUTURE"
    if kind in NEEDS_END_DATE and values.get("ends_on") is None:
        problems["ends_on"] = "REQUIRED"
    if kind == "open" and values.get("ends_on") is not None:
        problems["ends_on"] = "OPEN_CONTRACT_HAS_NO_END"
    if values.get("ends_on") is not None and values["ends_on"] < values["starts_on"]:
        problems["ends_on"] = "ENDS_BEFORE_START"
    if problems:
        raise InvalidContract("the contract breaks a rule of the form", fields=problems)
    return values


def expiring(ends_on: dt.date | None, today: dt.date, within_days: int) -> bool:
    """A contract that ends within ``within_days`` from today (and has not ended yet)."""
    return ends_on is not None and today <= ends_on <= today + dt.timedelta(days=within_days)


# -- a person's place in a team -----------------------------------------------------------------------------------


def place_in_team(member, previous_team, team, wants_leader: bool) -> tuple[list[dict], int | None]:
    """Puts a profile (``member``: relation_id, person_id, enterprise_id, team_id) in ``team`` (None: in no team),
    as its leader or not; returns the ``team_member_changed`` events and the relation id of a leader it replaced.

    The team's ``leader_relation_id`` is the one record of who leads it, and a leader is always a member: a
    leader who leaves the team stops leading it, and a new leader displaces the one before (who stays a member).
    """
    was_leader = previous_team is not None and previous_team.leader_relation_id == member.relation_id
    if previous_team is not None and was_leader and (team is None or team.id != previous_team.id or not wants_leader):
        previous_team.leader_relation_id = None
    displaced = None
    if team is not None and wants_leader and team.leader_relation_id != member.relation_id:
        displaced = team.leader_relation_id
        team.leader_relation_id = member.relation_id
    previous_team_id = previous_team.id if previous_team is not None else None
    member.team_id = team.id if team is not None else None
    is_leader = team is not None and team.leader_relation_id == member.relation_id
    changes = []
    if previous_team_id != member.team_id or was_leader != is_leader:
        changes.append(member_change(member.relation_id, member.person_id, member.enterprise_id, previous_team_id,
                                     member.team_id, is_leader))
    return changes, displaced
