"""Rules of the enterprise registry and of employment relations (聘用关系), in plain Python."""

from dataclasses import dataclass

from sqlalchemy import and_, false, true
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from chassis.caller import AUTHORITY, ENTERPRISE, SYSTEM, WORKER, Caller
from chassis.errors import Forbidden, InvalidInput
from chassis.pii import comparable_name, same_name  # noqa: F401 (the rule's names here, for its callers)
from employment_svc.exceptions import (
    AlreadyEmployedHere,
    EmployedElsewhere,
    EmploymentActionNotAllowed,
    EmploymentAlreadyRequested,
    InvalidCreditCode,
    ManagerRegisteredElsewhere,
    ManagerStillOnSite,
    NameMismatch,
    ReasonRequired,
)

_CREDIT_CODE_PROBLEMS = (
    (InvalidLength, "CREDIT_CODE_LENGTH"),
    (InvalidFormat, "CREDIT_CODE_FORMAT"),
    (InvalidComponent, "CREDIT_CODE_FORMAT"),
    (InvalidChecksum, "CREDIT_CODE_CHECK_DIGIT"),
)


def check_credit_code(raw: str) -> str:
    """统一社会信用代码 (GB 32100): 18 characters, the last a check character."""
    number = uscc.compact(raw or "")
    if not number:
        raise InvalidCreditCode("credit code is required", fields={"credit_code": "REQUIRED"})
    try:
        return uscc.validate(number)
    except tuple(kind for kind, _ in _CREDIT_CODE_PROBLEMS) as problem:
        code = next(code for kind, code in _CREDIT_CODE_PROBLEMS if isinstance(problem, kind))
        raise InvalidCreditCode("credit code is not valid", fields={"credit_code": code}) from None


def may_register_enterprises(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM)


# -- 聘用关系: the lifecycle of an employment relation -------------------------------------------------------------

#: 建筑工人 / 管理员
WORKER_ROLE = "worker"
MANAGER_ROLE = "manager"
RELATION_ROLES = (WORKER_ROLE, MANAGER_ROLE)

PENDING = "pending"  # 待确认
EMPLOYED = "employed"  # 在职
DECLINED = "declined"  # 已拒绝
WITHDRAWN = "withdrawn"  # 已撤回
RESIGNATION_REQUESTED = "resignation_requested"  # 离职申请中
DISMISSAL_REQUESTED = "dismissal_requested"  # 解聘待确认
ENDED = "ended"  # 离职
STATES = (PENDING, EMPLOYED, DECLINED, WITHDRAWN, RESIGNATION_REQUESTED, DISMISSAL_REQUESTED, ENDED)
#: the states that bind the person to the employer: one employer at a time (models.BINDING_STATES, its index)
BINDING_STATES = (EMPLOYED, RESIGNATION_REQUESTED, DISMISSAL_REQUESTED)
#: the states in which an employer's relation with the person is still open: no second request while one is
OPEN_STATES = (PENDING, *BINDING_STATES)
#: how a relation ended: 离职 (resignation approved), 解聘 (dismissal agreed), 离职迁出 (a manager transferred out)
END_REASONS = ("resigned", "dismissed", "transferred_out")

#: who takes an action: the employer (用人单位) or the person on the mobile page
EMPLOYER_SIDE = "enterprise"
PERSON_SIDE = "worker"


@dataclass(frozen=True)
class Step:
    """What an action does to a relation in one state."""

    side: str
    to: str
    end_reason: str | None = None
    reason_required: bool = False
    #: 离职迁出 is for 管理员 alone
    managers_only: bool = False
    #: a 管理员 must have exited every site first (manual 002 §八); a 建筑工人 need not
    managers_off_site_first: bool = False


#: (state, action) → the step; every pair not listed is refused (EMPLOYMENT_ACTION_NOT_ALLOWED)
LIFECYCLE = {
    (PENDING, "withdraw"): Step(EMPLOYER_SIDE, WITHDRAWN),
    (RESIGNATION_REQUESTED, "approve_resignation"): Step(EMPLOYER_SIDE, ENDED, "resigned"),
    (RESIGNATION_REQUESTED, "refuse_resignation"): Step(EMPLOYER_SIDE, EMPLOYED, reason_required=True),
    (EMPLOYED, "dismiss"): Step(EMPLOYER_SIDE, DISMISSAL_REQUESTED, reason_required=True,
                                managers_off_site_first=True),
    (EMPLOYED, "transfer_out"): Step(EMPLOYER_SIDE, ENDED, "transferred_out", managers_only=True,
                                     managers_off_site_first=True),
    (PENDING, "confirm"): Step(PERSON_SIDE, EMPLOYED),
    (PENDING, "decline"): Step(PERSON_SIDE, DECLINED),
    (EMPLOYED, "request_resignation"): Step(PERSON_SIDE, RESIGNATION_REQUESTED, reason_required=True),
    (DISMISSAL_REQUESTED, "agree_dismissal"): Step(PERSON_SIDE, ENDED, "dismissed", managers_off_site_first=True),
    (DISMISSAL_REQUESTED, "decline_dismissal"): Step(PERSON_SIDE, EMPLOYED),
}
#: every action, the employer's first
ACTIONS = tuple(dict.fromkeys(action for _, action in LIFECYCLE))
SIDE_OF_ACTION = {action: step.side for (_, action), step in LIFECYCLE.items()}
REASON_LENGTH = 500


def step_for(state: str, action: str, role: str) -> Step:
    """The step ``action`` takes from ``state`` for a relation of ``role``; refused when there is none."""
    step = LIFECYCLE.get((state, action))
    if step is None or (step.managers_only and role != MANAGER_ROLE):
        raise EmploymentActionNotAllowed(f"{action} does not apply to a relation that is {state}",
                                         details={"state": state, "action": action})
    return step


def checked_reason(step: Step, reason: str | None) -> str | None:
    """The reason as kept (trimmed, None when blank); refused when the step needs one and none was given."""
    reason = (reason or "").strip() or None
    if reason is None and step.reason_required:
        raise ReasonRequired("this step needs a reason", fields={"reason": "REASON_REQUIRED"})
    if reason is not None and len(reason) > REASON_LENGTH:
        raise InvalidInput("the reason is too long", fields={"reason": "TOO_LONG"})
    return reason


def actions_open_to(side: str | None, state: str, role: str) -> list[str]:
    """The actions ``side`` may take on a relation in ``state`` now (the buttons of its row)."""
    return [action for action in ACTIONS if SIDE_OF_ACTION[action] == side and (state, action) in LIFECYCLE
            and not (LIFECYCLE[state, action].managers_only and role != MANAGER_ROLE)]


def must_be_off_site(step: Step, role: str) -> bool:
    """Whether the step asks siteaccess_svc first: a 管理员's dismissal and transfer (解聘 / 离职迁出)."""
    return step.managers_off_site_first and role == MANAGER_ROLE


def refuse_while_on_site(sites: list[dict]):
    """MANAGER_STILL_ON_SITE naming the projects where the manager has not exited."""
    if not sites:
        return
    projects = list({site["project_id"]: {"project_id": site["project_id"], "project_name": site["project_name"]}
                     for site in sites}.values())
    raise ManagerStillOnSite("the manager has not exited every site", details={
        "projects": projects, "project_names": "、".join(p["project_name"] or str(p["project_id"]) for p in projects)})


@dataclass(frozen=True)
class OpenRelation:
    """Another relation of the person that is still open (pending or binding), as the one-employer rule sees it."""

    enterprise_id: int
    employer_name: str
    role: str
    state: str

    @property
    def binding(self) -> bool:
        return self.state in BINDING_STATES


def refuse_bound_elsewhere(binding: OpenRelation | None):
    """One employer at a time: a 管理员 stays with their enterprise until it transfers them out (离职迁出); anyone
    else until their resignation there is approved."""
    if binding is None:
        return
    details = {"employer_name": binding.employer_name}
    if binding.role == MANAGER_ROLE:
        raise ManagerRegisteredElsewhere("the manager is registered with another enterprise", details=details)
    raise EmployedElsewhere("the person is employed by another employer", details=details)


def refuse_request(enterprise_id: int, open_relations: list[OpenRelation]):
    """Whether an employer may ask a person to join it: not twice, not while the person is bound elsewhere.
    Other employers' pending requests do not stand in the way: the person confirms one of them."""
    for relation in open_relations:
        if relation.enterprise_id == enterprise_id:
            if relation.binding:
                raise AlreadyEmployedHere("the person is employed here")
            raise EmploymentAlreadyRequested("a request to the person waits for an answer")
    refuse_bound_elsewhere(next((r for r in open_relations if r.binding), None))


def check_name(typed: str, on_file: str):
    """The typed 姓名 must be the record's; NAME_MISMATCH otherwise (the record's name is never echoed)."""
    if not same_name(typed, on_file):
        raise NameMismatch("the name is not the one on the real-name record", fields={"name": "NAME_MISMATCH"})


@dataclass(frozen=True)
class RelationScope:
    """Which relations a caller sees, as one rule with two faces (``covers`` and ``where``): an enterprise its
    own, a worker those whose person is theirs, the authority (and the system) all; anyone else none."""

    required: tuple[tuple[str, int], ...] | None

    @classmethod
    def of(cls, caller: Caller) -> "RelationScope":
        if caller.role in (AUTHORITY, SYSTEM):
            return cls(())
        if caller.role == ENTERPRISE and caller.enterprise_id is not None:
            return cls((("enterprise_id", caller.enterprise_id),))
        if caller.role == WORKER and caller.person_id is not None:
            return cls((("person_id", caller.person_id),))
        return cls(None)

    @property
    def sees_anything(self) -> bool:
        return self.required is not None

    def covers(self, relation) -> bool:
        return self.sees_anything and all(getattr(relation, name) == value for name, value in self.required)

    def where(self, model):
        if not self.sees_anything:
            return false()
        return and_(true(), *(getattr(model, name) == value for name, value in self.required))


def side_of(caller: Caller) -> str | None:
    """Which side's actions the caller takes: an enterprise the employer's, a worker their own; others none."""
    if caller.role == ENTERPRISE and caller.enterprise_id is not None:
        return EMPLOYER_SIDE
    if caller.role == WORKER and caller.person_id is not None:
        return PERSON_SIDE
    return None


def employer_of_request(caller: Caller, requested_enterprise_id: int | None) -> int:
    """Whose request a 新建聘用关系 is: an enterprise's own; the system's (a roster import) names the enterprise."""
    if caller.role == ENTERPRISE and caller.enterprise_id is not None:
        return caller.enterprise_id
    if caller.role == SYSTEM and requested_enterprise_id is not None:
        return requested_enterprise_id
    raise Forbidden("only an employer requests an employment")
