"""人员分配 and 分配人员确认 as rules (manual 001 parts 2–3, manual 002 §三–§四).

An employer assigns its own employees to a project where it holds a reported contract section; the unit that
contracted it on the project (the participant above it) confirms or rejects each assignment; an employer
assigned by nobody above it (the general contractor, or a unit the project itself names) is confirmed at once.
The employer withdraws a person from the project (or the employment ends): the assignment ends.
"""

from dataclasses import dataclass

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller
from chassis.errors import Forbidden, InvalidInput
from project_svc.exceptions import AssignmentNotOpen, AssignmentNotPending, NotConfirmingUnit

PENDING = "pending"
CONFIRMED = "confirmed"
REJECTED = "rejected"
ENDED = "ended"

#: 确认状态 of an assignment: key → (中文, English)
STATES = {
    PENDING: ("待确认", "Awaiting confirmation"),
    CONFIRMED: ("接收", "Confirmed"),
    REJECTED: ("拒绝", "Rejected"),
    ENDED: ("已退出", "Withdrawn"),
}
#: an open assignment holds the person on the project: at most one per (project, person)
OPEN_STATES = (PENDING, CONFIRMED)

#: 人员角色 of an assignment: 建筑工人 or 管理员 (the national ``workRole`` 20 / 10)
ROLES = {
    "worker": ("建筑工人", "Construction worker", "20"),
    "manager": ("管理员", "Manager", "10"),
}

#: 管理员 positions offered when a manager is assigned: the site management staff of JGJ/T 250 (施工现场专业人员
#: 职业标准, the "八大员") with the project manager and technical lead above them.
MANAGER_POSITIONS = {
    "project_manager": ("项目经理", "Project manager"),
    "technical_lead": ("项目技术负责人", "Technical lead"),
    "construction_officer": ("施工员", "Construction officer"),
    "quality_officer": ("质量员", "Quality officer"),
    "safety_officer": ("安全员", "Safety officer"),
    "standards_officer": ("标准员", "Standards officer"),
    "materials_officer": ("材料员", "Materials officer"),
    "machinery_officer": ("机械员", "Machinery officer"),
    "labour_officer": ("劳务员", "Labour officer"),
    "records_officer": ("资料员", "Records officer"),
    "other_manager": ("其他管理人员", "Other manager"),
}


@dataclass(frozen=True)
class Step:
    to: str
    #: whose step it is: the confirming unit above (decide) or the assigning employer (withdraw)
    side: str
    #: a reason must be given (拒绝)
    needs_reason: bool = False


CONFIRMER = "confirmer"
EMPLOYER = "employer"

#: (state, action) → the step; a missing pair is refused with the action's code
LIFECYCLE = {
    (PENDING, "confirm"): Step(CONFIRMED, CONFIRMER),
    (PENDING, "reject"): Step(REJECTED, CONFIRMER, needs_reason=True),
    (PENDING, "end"): Step(ENDED, EMPLOYER),
    (CONFIRMED, "end"): Step(ENDED, EMPLOYER),
}
ACTIONS = ("confirm", "reject", "end")
#: the refusal of an action in a state where the table has no step for it
REFUSED_AS = {"confirm": AssignmentNotPending, "reject": AssignmentNotPending, "end": AssignmentNotOpen}


def step_for(state: str, action: str) -> Step:
    step = LIFECYCLE.get((state, action))
    if step is None:
        raise REFUSED_AS[action](f"cannot {action} an assignment that is {state}")
    return step


def initial_state(confirming_enterprise_id: int | None) -> str:
    """Pending the confirmation of the unit above; confirmed at once when nobody is above the employer."""
    return CONFIRMED if confirming_enterprise_id is None else PENDING


def checked_reason(step: Step, reason: str | None) -> str | None:
    reason = (reason or "").strip() or None
    if step.needs_reason and reason is None:
        raise InvalidInput("a reason is required", fields={"reason": "REASON_REQUIRED"})
    if reason is not None and len(reason) > 500:
        raise InvalidInput("the reason is too long", fields={"reason": "TOO_LONG"})
    return reason


def may_decide(confirming_enterprise_id: int | None, acting_enterprise_id: int) -> None:
    """A unit confirms only what its own direct subcontractors assigned."""
    if confirming_enterprise_id is None or confirming_enterprise_id != acting_enterprise_id:
        raise NotConfirmingUnit("only the contracting unit above confirms this assignment")


def checked_position(role: str, position: str | None) -> str | None:
    """A manager is assigned in one of ``MANAGER_POSITIONS``; a worker holds none."""
    if role == "manager":
        if not position:
            raise InvalidInput("a manager's position is required", fields={"position": "REQUIRED"})
        if position not in MANAGER_POSITIONS:
            raise InvalidInput("no such position", fields={"position": "INVALID"})
        return position
    return None


@dataclass(frozen=True)
class Actor:
    """Who assigns or confirms: the enterprise acting, and the one project a site user is bound to (or None)."""

    enterprise_id: int
    project_id: int | None = None

    def covers_project(self, project_id: int) -> bool:
        return self.project_id is None or self.project_id == project_id


def actor_of(caller: Caller, general_contractor_of_site=None) -> Actor:
    """An enterprise acts for itself on every project; a site user for its unit on its one project (a site
    account without a unit is the general contractor's: ``general_contractor_of_site(project_id)`` says whose).
    Nobody else assigns or confirms."""
    if caller.role == ENTERPRISE and caller.enterprise_id is not None:
        return Actor(caller.enterprise_id)
    if caller.role == SITE and caller.project_id is not None:
        enterprise_id = caller.enterprise_id
        if enterprise_id is None and general_contractor_of_site is not None:
            enterprise_id = general_contractor_of_site(caller.project_id)
        if enterprise_id is not None:
            return Actor(enterprise_id, caller.project_id)
    raise Forbidden("only an enterprise or its site users assign and confirm people")


def reads_everything(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM)
