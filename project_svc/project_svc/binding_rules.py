"""项目人员绑定 and its review as rules (manual 004 §5.2–§5.4).

A unit on the project (the general contractor for everyone confirmed on the project, any other unit for its own
people) selects people whose assignment is confirmed and submits binding requests in a batch; the project's
实施单位 (participant role ``implementing_unit``) approves them, or rejects them with a reason, which sends them
back to the submitting unit to correct and resubmit. A person confirmed on the project with no request yet is
待提交 (``draft``: no row is stored for them until the first submission).
"""

from dataclasses import dataclass

from chassis.errors import InvalidInput
from project_svc.exceptions import BindingNotPending, BindingNotSubmittable, FaceNotVerified

DRAFT = "draft"
PENDING_REVIEW = "pending_review"
REJECTED = "rejected"
APPROVED = "approved"

#: 绑定状态: key → (中文, English); the four counts of 项目人员登记绑定审核, in the manual's order
STATES = {
    DRAFT: ("待提交", "Not submitted"),
    PENDING_REVIEW: ("实施单位待审核", "Awaiting the implementing unit"),
    REJECTED: ("审核不通过", "Rejected"),
    APPROVED: ("审核通过", "Approved"),
}

SUBMITTER = "submitter"
REVIEWER = "reviewer"


@dataclass(frozen=True)
class Step:
    to: str
    #: whose step it is: the submitting unit or the implementing unit
    side: str
    needs_reason: bool = False


#: (state, action) → the step; a missing pair is refused with the action's code
LIFECYCLE = {
    (DRAFT, "submit"): Step(PENDING_REVIEW, SUBMITTER),
    (REJECTED, "submit"): Step(PENDING_REVIEW, SUBMITTER),
    (PENDING_REVIEW, "approve"): Step(APPROVED, REVIEWER),
    (PENDING_REVIEW, "reject"): Step(REJECTED, REVIEWER, needs_reason=True),
}
ACTIONS = ("submit", "approve", "reject")
REFUSED_AS = {"submit": BindingNotSubmittable, "approve": BindingNotPending, "reject": BindingNotPending}


def step_for(state: str | None, action: str) -> Step:
    step = LIFECYCLE.get((state or DRAFT, action))
    if step is None:
        raise REFUSED_AS[action](f"cannot {action} a binding that is {state}")
    return step


def checked_reason(step: Step, reason: str | None) -> str | None:
    reason = (reason or "").strip() or None
    if step.needs_reason and reason is None:
        raise InvalidInput("a reason is required", fields={"reason": "REASON_REQUIRED"})
    if reason is not None and len(reason) > 500:
        raise InvalidInput("the reason is too long", fields={"reason": "TOO_LONG"})
    return reason


def check_face(review_required: bool, face_verified: bool) -> None:
    """Where the project requires binding review, a request is submitted only after 人脸识别认证: the person's
    face enrolled with identity_svc (人脸采集), as the platform knows it, not as the submitting unit states it."""
    if review_required and not face_verified:
        raise FaceNotVerified("the person has not completed face recognition")


def may_submit_for(acting_enterprise_id: int, person_enterprise_id: int, general_contractor_id: int | None) -> bool:
    """A unit submits its own people; the general contractor (施工单位) anyone confirmed on its project."""
    return acting_enterprise_id in (person_enterprise_id, general_contractor_id)
