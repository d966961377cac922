"""关键岗位 (manual 003 §4): the positions each unit of a project must fill, and a registration's way from 入场注册
through the authority's review to 在岗 and, by 退场解锁, to 已退场. Plain Python: tables and small functions.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, false, true

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller
from chassis.errors import Forbidden, InvalidInput
from project_svc.exceptions import InvalidKeyPosition, KeyPositionNotPending, KeyPositionTaken

#: position: (中文, English, single: only one person approved at a time per project and unit)
POSITIONS = {
    "project_manager": ("项目经理", "Project manager", True),
    "technical_director": ("技术负责人", "Technical director", True),
    "safety_officer": ("安全员", "Safety officer", False),
    "construction_officer": ("施工员", "Construction officer", False),
    "quality_officer": ("质量员", "Quality inspector", False),
    "chief_supervisor": ("总监理工程师", "Chief supervising engineer", True),
    "specialty_supervisor": ("专业监理工程师", "Specialty supervising engineer", False),
    "owner_representative": ("建设单位项目负责人", "Owner's project representative", True),
}

#: unit type (``domain.PARTICIPANT_ROLES``): the positions a unit of that type must fill on each project, in the
#: order the page lists them (总承包单位 and 监理单位 as in manual 003 §4.3; a specialty contractor names its own
#: 项目经理 and 安全员; the 建设单位 its 项目负责人)
REQUIRED_POSITIONS = {
    "general_contractor": ("project_manager", "technical_director", "safety_officer", "construction_officer",
                           "quality_officer"),
    "supervisor": ("chief_supervisor", "specialty_supervisor"),
    "specialty_contractor": ("project_manager", "safety_officer"),
    "owner": ("owner_representative",),
}

# states of a registration
REGISTERED = "registered"          # 入场注册, 待审核
APPROVED = "approved"              # 在岗
REJECTED = "rejected"              # 审核不通过 (with the reason)
EXIT_REQUESTED = "exit_requested"  # 退场解锁, 待审核
EXITED = "exited"                  # 已退场

#: state: (中文, English)
STATES = {
    REGISTERED: ("待审核", "Awaiting review"),
    APPROVED: ("在岗", "On site"),
    REJECTED: ("审核不通过", "Rejected"),
    EXIT_REQUESTED: ("退场待审核", "Exit awaiting review"),
    EXITED: ("已退场", "Exited"),
}
#: the states in which a registration holds its position (shown as filled)
HOLDING = (APPROVED, EXIT_REQUESTED)
#: the states in which a registration is still open: the same person cannot be registered twice for it
OPEN = (REGISTERED, APPROVED, EXIT_REQUESTED)

#: (state, action) → (next state, who takes the action); any other pair is refused
TRANSITIONS = {
    (REGISTERED, "approve"): (APPROVED, AUTHORITY),
    (REGISTERED, "reject"): (REJECTED, AUTHORITY),
    (APPROVED, "request_exit"): (EXIT_REQUESTED, ENTERPRISE),
    (EXIT_REQUESTED, "approve_exit"): (EXITED, AUTHORITY),
    (EXIT_REQUESTED, "reject_exit"): (APPROVED, AUTHORITY),
}
#: the actions that need a reason
NEEDS_REASON = ("reject", "reject_exit")


def actor_of(caller: Caller) -> str | None:
    """Which side's actions the caller takes: the authority reviews, an enterprise acts for its own units."""
    if caller.role in (AUTHORITY, SYSTEM):
        return AUTHORITY
    if caller.role == ENTERPRISE and caller.enterprise_id is not None:
        return ENTERPRISE
    return None


def next_state(state: str, action: str, actor: str | None) -> str:
    """Where ``action`` takes a registration in ``state``: KEY_POSITION_NOT_PENDING when the state does not allow
    it (already decided, not on site, no exit asked), Forbidden when the caller does not take that action."""
    if action not in {a for _, a in TRANSITIONS}:
        raise ValueError(f"no action {action}")
    step = TRANSITIONS.get((state, action))
    if step is None:
        raise KeyPositionNotPending(f"a registration in state {state} cannot be {action}",
                                    details={"state": state, "action": action})
    target, who = step
    if actor != who:
        raise Forbidden(f"only the {who} may {action}")
    return target


def reason_for(action: str, reason: str | None) -> str | None:
    """A rejection says why (the enterprise reads it); the reason is trimmed, and None where none is needed."""
    reason = (reason or "").strip() or None
    if action in NEEDS_REASON and reason is None:
        raise InvalidInput("a rejection needs a reason", fields={"reason": "REQUIRED"})
    return reason if action in NEEDS_REASON else None


def check_unit_position(unit_role: str, position: str):
    """The unit must be of a type that has the position (a 监理 has no 项目经理)."""
    if position not in REQUIRED_POSITIONS.get(unit_role, ()):
        raise InvalidKeyPosition("the unit has no such key position", fields={"position": "POSITION_NOT_OF_UNIT"})


def is_single(position: str) -> bool:
    return POSITIONS[position][2]


def holder_slot(project_id: int, participant_id: int, position: str, state: str) -> str | None:
    """What a unique index keeps to one: the single position of a unit on a project while someone holds it."""
    if state in HOLDING and is_single(position):
        return f"{project_id}:{participant_id}:{position}"
    return None


def person_slot(project_id: int, participant_id: int, position: str, person_id: int, state: str) -> str | None:
    """What a unique index keeps to one: a person's open registration in a position of a unit on a project."""
    if state in OPEN:
        return f"{project_id}:{participant_id}:{position}:{person_id}"
    return None


def refuse_taken(position: str, holders: list):
    """KEY_POSITION_TAKEN when a single position already has its person (``holders``: who holds it now)."""
    if is_single(position) and holders:
        raise KeyPositionTaken("the position has its person; that person exits first",
                               fields={"position": "KEY_POSITION_TAKEN"},
                               details={"holder_name": holders[0]})


def check_exit(exit_on: dt.date, entered_on: dt.date | None):
    """退场日期 is not before the day the person entered the position."""
    if entered_on is not None and exit_on < entered_on:
        raise InvalidInput("the exit date is before the entry date", fields={"exit_on": "EXIT_BEFORE_ENTRY"})


@dataclass(frozen=True)
class RegistrationScope:
    """Which registrations a caller sees, as one rule with two faces (``covers`` and ``where``): the authority
    (and the system) all, an enterprise its own units', a site user its project's; anyone else none."""

    required: tuple[tuple[str, int], ...] | None

    @classmethod
    def of(cls, caller: Caller) -> "RegistrationScope":
        if caller.role in (AUTHORITY, SYSTEM):
            return cls(())
        if caller.role == ENTERPRISE and caller.enterprise_id is not None:
            return cls((("enterprise_id", caller.enterprise_id),))
        if caller.role == SITE and caller.project_id is not None:
            return cls((("project_id", caller.project_id),))
        return cls(None)

    @property
    def sees_anything(self) -> bool:
        return self.required is not None

    def covers(self, record) -> bool:
        return self.sees_anything and all(getattr(record, name) == value for name, value in self.required)

    def where(self, model):
        if not self.sees_anything:
            return false()
        return and_(true(), *(getattr(model, name) == value for name, value in self.required))


def may_register_for(caller: Caller, unit_enterprise_id: int) -> bool:
    """入场注册 is the unit's own: an enterprise registers its people for its own unit only."""
    return caller.role == ENTERPRISE and caller.enterprise_id == unit_enterprise_id


def required_positions(units: list[dict], registrations: list[dict]) -> list[dict]:
    """Per unit of the project (``units``: participant_id, enterprise_id, enterprise_name, role), the positions its
    type must fill, each with who holds it now (``holders``; none: 未登记) and who waits for review (``pending``),
    from the open ``registrations``. A unit of a type without key positions is left out."""
    by_slot = {}
    for registration in registrations:
        kind = "holders" if registration["state"] in HOLDING else "pending"
        by_slot.setdefault((registration["participant_id"], registration["position"], kind), []).append(registration)
    rows = []
    for unit in units:
        positions = REQUIRED_POSITIONS.get(unit["role"])
        if not positions:
            continue
        rows.append({**unit, "positions": [
            {"position": position, "position_name": POSITIONS[position][0], "single": is_single(position),
             "holders": by_slot.get((unit["participant_id"], position, "holders"), []),
             "pending": by_slot.get((unit["participant_id"], position, "pending"), []),
             "filled": bool(by_slot.get((unit["participant_id"], position, "holders")))}
            for position in positions]})
    return rows
