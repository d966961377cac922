"""The gate's copy of project_svc's projects and assignments (人员分配): which projects need a confirmed assignment
to enter, and who is assigned and confirmed where.

Kept from project_svc's events (project_registered, project_approved, project_rules_changed, person_assigned,
assignment_confirmed, assignment_rejected, assignment_ended), so that an entry never waits on project_svc. Events
may come late, twice or out of order: a rejected or ended assignment stays so, a confirmation read before the
assignment itself still confirms it, and project rules older than the ones kept change nothing. The ``record_*``
functions are the rules, on records without a session; ``AssignmentBook`` reads and writes them.
"""

import datetime as dt

from sqlalchemy import and_, or_, select

from chassis.database import upsert
from siteaccess_svc.employment import moment
from siteaccess_svc.exceptions import AssignmentNotConfirmed, BindingNotApproved
from siteaccess_svc.models import EntryRecord, KnownAssignment, KnownBinding, KnownProject

PENDING, CONFIRMED, REJECTED, ENDED = "pending", "confirmed", "rejected", "ended"

#: (state now, event) → state after; a pair not in the table leaves the state as it is
TRANSITIONS = {
    (None, "person_assigned"): PENDING,
    (None, "assignment_confirmed"): CONFIRMED,
    (PENDING, "assignment_confirmed"): CONFIRMED,
    (None, "assignment_rejected"): REJECTED,
    (PENDING, "assignment_rejected"): REJECTED,
    (None, "assignment_ended"): ENDED,
    (PENDING, "assignment_ended"): ENDED,
    (CONFIRMED, "assignment_ended"): ENDED,
    (REJECTED, "assignment_ended"): ENDED,
}
DETAILS = ("person_name", "id_number_masked", "enterprise_name", "role", "position", "team_id", "team_name", "trade",
           "lodging_on_site")
ASSIGNMENT_EVENTS = ("person_assigned", "assignment_confirmed", "assignment_rejected", "assignment_ended")
PROJECT_EVENTS = ("project_registered", "project_approved", "project_rules_changed")
#: 项目人员绑定's decisions → the state the gate keeps
BINDING_EVENTS = {"binding_approved": "approved", "binding_rejected": "rejected"}
APPROVED = "approved"


def next_state(state: str | None, event_type: str, data: dict) -> str | None:
    if event_type == "person_assigned" and state is None and data.get("confirming_enterprise_id") is None:
        return CONFIRMED  # nobody above the assigning unit: confirmed at once
    return TRANSITIONS.get((state, event_type), state)


def record_assignment_event(known: KnownAssignment | None, event_type: str, data: dict) -> KnownAssignment:
    """One assignment event applied to what is known of the assignment."""
    known = known or KnownAssignment(assignment_id=data["assignment_id"], project_id=data["project_id"],
                                     person_id=data["person_id"], enterprise_id=data["enterprise_id"], state=None)
    for name in DETAILS:
        if data.get(name) is not None:
            setattr(known, name, data[name])
    if event_type == "person_assigned":
        known.confirming_enterprise_id = data.get("confirming_enterprise_id")
        known.assigned_at = moment(data.get("assigned_at"))
    state = next_state(known.state, event_type, data)
    if state == CONFIRMED and known.state != CONFIRMED:
        known.confirmed_at = moment(data.get("confirmed_at") or data.get("assigned_at"))
    if state in (REJECTED, ENDED) and known.state != state:
        known.closed_at = moment(data.get("rejected_at") or data.get("ended_at"))
        known.close_reason = data.get("reason")
    known.state = state
    return known


def record_project_rules(known: KnownProject, event_type: str, data: dict, as_of: dt.datetime) -> KnownProject:
    """project_registered (created by the authority: no assignment needed), project_approved (declared and
    approved: the rules it was approved with), project_rules_changed (the authority's switch); older news
    than the rules kept leaves them."""
    if data.get("name"):
        known.name = data["name"]
    if data.get("general_contractor_id") is not None:
        known.general_contractor_id = data["general_contractor_id"]
    if known.rules_as_of is not None and moment(known.rules_as_of) > as_of:
        return known
    if event_type == "project_registered":
        known.assignment_required, known.binding_review_required = False, False
    else:
        known.assignment_required = bool(data.get("assignment_required"))
        known.binding_review_required = bool(data.get("binding_review_required"))
    known.rules_as_of = as_of
    return known


def best_assignment(assignments) -> KnownAssignment | None:
    """The assignment that speaks for a person on a project: a confirmed one, else pending, else the latest."""
    rank = {CONFIRMED: 0, PENDING: 1, None: 2, REJECTED: 3, ENDED: 4}
    return min(assignments, key=lambda known: (rank.get(known.state, 5), -known.assignment_id), default=None)


def refuse_unless_assigned(assignment_required: bool, assignment: KnownAssignment | None):
    """The rule at the gate: on a project that requires it, entry needs a confirmed assignment there."""
    if assignment_required and (assignment is None or assignment.state != CONFIRMED):
        raise AssignmentNotConfirmed(
            "the person has no confirmed assignment on this project",
            fields={"person": "ASSIGNMENT_NOT_CONFIRMED"},
            details={"assignment_id": assignment and assignment.assignment_id,
                     "state": assignment and assignment.state})


def record_binding_decision(known: KnownBinding, event_type: str, data: dict, as_of: dt.datetime) -> KnownBinding:
    """binding_approved / binding_rejected: the newest decision stands (an approval after a resubmission replaces
    a rejection; a rejection read late, older than the approval kept, changes nothing)."""
    if known.decided_as_of is not None and moment(known.decided_as_of) > as_of:
        return known
    known.binding_id = data.get("binding_id")
    known.state = BINDING_EVENTS[event_type]
    known.decided_as_of = as_of
    return known


def refuse_unless_bound(binding_review_required: bool, binding: KnownBinding | None):
    """On a project that requires binding review, entry also needs the 实施单位's approval."""
    if binding_review_required and (binding is None or binding.state != APPROVED):
        raise BindingNotApproved("the person's binding to this project is not approved",
                                 fields={"person": "BINDING_NOT_APPROVED"},
                                 details={"state": binding and binding.state})


def assignment_view(known: KnownAssignment | None) -> dict | None:
    if known is None:
        return None
    return {"assignment_id": known.assignment_id, "project_id": known.project_id, "person_id": known.person_id,
            "enterprise_id": known.enterprise_id, "enterprise_name": known.enterprise_name,
            "confirming_enterprise_id": known.confirming_enterprise_id, "state": known.state, "role": known.role,
            "position": known.position, "team_id": known.team_id, "team_name": known.team_name,
            "trade": known.trade, "lodging_on_site": known.lodging_on_site,
            "person_name": known.person_name, "id_number_masked": known.id_number_masked,
            "assigned_at": known.assigned_at and moment(known.assigned_at).isoformat(),
            "confirmed_at": known.confirmed_at and moment(known.confirmed_at).isoformat()}


class AssignmentBook:
    """The projection's tables in one session: events in, the gate's questions out."""

    def __init__(self, session):
        self.session = session

    def apply(self, event_type: str, envelope: dict):
        data = envelope["data"]
        if event_type in ASSIGNMENT_EVENTS:
            known = self.session.get(KnownAssignment, data["assignment_id"], with_for_update=True)
            record = record_assignment_event(known, event_type, data)
            if record not in self.session:
                self.session.add(record)
        elif event_type in PROJECT_EVENTS:
            # the row first (two events of a new project at once: one inserts, the other finds it), then locked
            upsert(self.session, KnownProject, project_id=data["project_id"])
            known = self.session.get(KnownProject, data["project_id"], with_for_update=True, populate_existing=True)
            record_project_rules(known, event_type, data, moment(envelope["occurred_at"]))
        elif event_type in BINDING_EVENTS:
            key = {"project_id": data["project_id"], "person_id": data["person_id"]}
            upsert(self.session, KnownBinding, **key)
            known = self.session.get(KnownBinding, key, with_for_update=True, populate_existing=True)
            record_binding_decision(known, event_type, data, moment(envelope["occurred_at"]))
        else:
            raise ValueError(f"not a project event: {event_type}")

    def assignment_required(self, project_id: int) -> bool:
        known = self.session.get(KnownProject, project_id)
        return bool(known and known.assignment_required)

    def of_person(self, project_id: int, person_id: int) -> KnownAssignment | None:
        return best_assignment(self.session.scalars(select(KnownAssignment).where(
            KnownAssignment.project_id == project_id, KnownAssignment.person_id == person_id)).all())

    def check(self, project_id: int, person_id: int):
        refuse_unless_assigned(self.assignment_required(project_id), self.of_person(project_id, person_id))
        self.check_binding(project_id, person_id)

    def binding_review_required(self, project_id: int) -> bool:
        known = self.session.get(KnownProject, project_id)
        return bool(known and known.binding_review_required)

    def binding_state(self, project_id: int, person_id: int) -> str | None:
        known = self.session.get(KnownBinding, {"project_id": project_id, "person_id": person_id})
        return known.state if known else None

    def check_binding(self, project_id: int, person_id: int):
        refuse_unless_bound(self.binding_review_required(project_id),
                            self.session.get(KnownBinding, {"project_id": project_id, "person_id": person_id}))

    @staticmethod
    def _awaiting():
        """A confirmed assignment whose person has not entered its project since the confirmation (on site now, or
        entered and exited under it: 退场 ends their time here)."""
        entered = select(EntryRecord.id).where(
            EntryRecord.project_id == KnownAssignment.project_id, EntryRecord.person_id == KnownAssignment.person_id,
            or_(EntryRecord.exit_date.is_(None), EntryRecord.created_at >= KnownAssignment.confirmed_at))
        return and_(KnownAssignment.state == CONFIRMED, ~entered.exists())

    def projects_awaiting(self, person_id: int) -> list[int]:
        """The projects where the person's confirmed assignment awaits their entry."""
        return sorted(set(self.session.scalars(select(KnownAssignment.project_id).where(
            KnownAssignment.person_id == person_id, self._awaiting())).all()))

    def awaiting_entry(self, project_id: int, name: str = "", page: int = 1, page_size: int = 20) -> dict:
        """进场登记: the confirmed assignments of the project whose person has not entered since the confirmation,
        newest first."""
        statement = select(KnownAssignment).where(KnownAssignment.project_id == project_id, self._awaiting())
        if name:
            statement = statement.where(KnownAssignment.person_name.contains(name, autoescape=True))
        found = self.session.scalars(statement.order_by(KnownAssignment.confirmed_at.desc(),
                                                        KnownAssignment.assignment_id.desc())).all()
        unique, seen = [], set()
        for known in found:  # a person twice confirmed (two employers) is listed once, by the newest
            if known.person_id not in seen:
                seen.add(known.person_id)
                unique.append(known)
        start = (page - 1) * page_size
        return {"items": [assignment_view(known) for known in unique[start:start + page_size]],
                "total": len(unique), "page": page, "page_size": page_size}
