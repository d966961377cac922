"""人员分配 and 分配人员确认: the mixin ``Assignments`` of ProjectService (manual 001 parts 2–3, manual 002 §三–§四).

An employer (or its site user) assigns its 在职 employees to a project where it holds a reported contract section;
employment_svc is asked who works there now at the moment of assignment, once per batch. The unit that contracted
the employer on the project confirms or rejects (批量接收, 拒绝); the employer withdraws people (退出项目), and an
employment that ends ends the person's open assignments with that employer.
"""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chassis.caller import SystemActor
from chassis.errors import Forbidden, InvalidInput, ServiceError
from chassis.events import utcnow
from chassis.messaging import RpcProxy, event_handler, rpc
from chassis.paging import page_of
from chassis.pii import looks_like_id_number
from chassis.schemas import load_or_refuse
from project_svc import assignment_rules as rules
from project_svc import participation
from project_svc.assignment_schemas import (
    AssignmentConfirmedEventSchema,
    AssignmentEndedEventSchema,
    AssignmentProjectQuerySchema,
    AssignmentQuerySchema,
    AssignmentRejectedEventSchema,
    AssignmentSchema,
    AssignRequestSchema,
    CandidateQuerySchema,
    ConfirmationQuerySchema,
    DecisionSchema,
    PersonAssignedEventSchema,
)
from project_svc.exceptions import (
    ASSIGNMENT_EXPECTED,
    AlreadyAssigned,
    AssignmentNotFound,
    NoContractSection,
    NotConfirmingUnit,
    NotEmployedHere,
    ProjectNotFound,
)
from project_svc.models import Assignment, Project

assignment_schema = AssignmentSchema()
assigned_event = PersonAssignedEventSchema()
confirmed_event = AssignmentConfirmedEventSchema()
rejected_event = AssignmentRejectedEventSchema()
ended_event = AssignmentEndedEventSchema()
NEWEST_FIRST = (Assignment.assigned_at.desc(), Assignment.id.desc())
#: the most persons an ID-number fragment may name in a list (identity_svc refuses broader ones)
ID_FRAGMENT_MATCHES = 5_000
#: how an assignment ended because its employment did
EMPLOYMENT_ENDED = "employment_ended"
OPEN = Assignment.state.in_(rules.OPEN_STATES)


def refused_people(refusals: list[tuple[int, int, str]]):
    """One refusal naming every refused person: ``people.<index>.person_id`` → code, and the list in details.
    Its type is the first refusal's (NOT_EMPLOYED_HERE before ALREADY_ASSIGNED when both)."""
    kinds = {NotEmployedHere.code: NotEmployedHere, AlreadyAssigned.code: AlreadyAssigned}
    first = next(kind for code, kind in kinds.items() if any(refusal[2] == code for refusal in refusals))
    return first(f"{len(refusals)} of the people cannot be assigned",
                 fields={f"people.{index}.person_id": code for index, _, code in refusals},
                 details={"refused": [{"person_id": person_id, "code": code} for _, person_id, code in refusals]})


class Assignments:
    """The 人员分配 entrypoints; ProjectService provides db, outbox, caller and employment."""

    identity = RpcProxy("identity_svc")
    act_as_system = SystemActor()

    # -- 人员分配: the employer's side -----------------------------------------------------------------------

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def projects_for_assignment(self, query):
        """The projects where the caller's enterprise holds a reported contract section in force (a site user:
        its own project), by 项目名称 fragment or 报建编号, each with how many it has assigned (已分配人员):
        ``{"q": "滨江", "page": 1}`` → ``{"items": [{"id": 3, "name": …, "assigned_count": 12,
        "pending_count": 2, "confirmed_count": 10}], "total": 1, …}``."""
        actor = self._actor()
        params = load_or_refuse(AssignmentProjectQuerySchema(), query)
        statement = select(Project).where(Project.id.in_(participation.projects_with_sections(actor.enterprise_id)))
        if actor.project_id is not None:
            statement = statement.where(Project.id == actor.project_id)
        term = params["q"].strip()
        if term:
            statement = statement.where(Project.name.contains(term, autoescape=True)
                                        | (Project.registration_number == "".join(term.split()).upper()))

        def dump(projects):
            counts = self._assigned_counts(actor.enterprise_id, [project.id for project in projects])
            return [{"id": project.id, "registration_number": project.registration_number, "name": project.name,
                     "address": project.address, "general_contractor_name": project.general_contractor_name,
                     **counts.get(project.id, {"assigned_count": 0, "pending_count": 0, "confirmed_count": 0})}
                    for project in projects]

        return page_of(self.db.session, statement, (Project.created_at.desc(), Project.id.desc()), params["page"],
                       params["page_size"], dump)

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def assignment_candidates(self, project_id, query=None):
        """已登记人员 of 分配人员: the enterprise's 在职 people grouped by 班组 (no team last), by name, without
        those already on this project (pending or confirmed); ``project_id`` None: 待分配人员, those on no
        project now. ``{"name": "徐"}`` → ``[{"team_id": 4, "team_name": "郝长青班组", "members": [{…}]}]``."""
        actor = self._actor()
        params = load_or_refuse(CandidateQuerySchema(), query or {})
        if project_id is not None:
            self._assignable_project(actor, project_id)
        employees = self._employees_of(actor.enterprise_id, name=params["name"])
        taken = select(Assignment.person_id).where(
            OPEN, Assignment.person_id.in_([employee["person_id"] for employee in employees]))
        if project_id is not None:
            taken = taken.where(Assignment.project_id == project_id)
        on_project = set(self.db.session.scalars(taken).all()) if employees else set()
        teams = {}
        for employee in employees:
            if employee["person_id"] in on_project:
                continue
            team = teams.setdefault(employee["team_id"], {"team_id": employee["team_id"],
                                                          "team_name": employee["team_name"], "members": []})
            team["members"].append({name: employee[name] for name in (
                "person_id", "person_name", "id_type", "id_number_masked", "role", "trade", "phone_masked",
                "position", "team_id", "team_name")})
        return sorted(teams.values(), key=lambda team: (team["team_id"] is None, team["team_name"] or ""))

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def assign_people(self, project_id, request):
        """确认分配 / 保存信息: ``{"people": [{"person_id": 12, "role": "worker", "lodging_on_site": true},
        {"person_id": 40, "role": "manager", "position": "safety_officer"}]}``, all or nothing: a refusal
        names every refused person (``people.<i>.person_id``: NOT_EMPLOYED_HERE, ALREADY_ASSIGNED). Each
        assignment awaits the unit above; the general contractor's (and a unit nobody contracted) are confirmed
        at once. → ``{"assigned": 2, "items": [assignment, …]}``."""
        actor = self._actor()
        people = load_or_refuse(AssignRequestSchema(), request)["people"]
        problems = {}
        seen = set()
        for index, person in enumerate(people):
            try:
                person["position"] = rules.checked_position(person["role"], person["position"])
            except InvalidInput as refusal:
                problems.update({f"people.{index}.{field}": code for field, code in refusal.fields.items()})
            if person["person_id"] in seen:
                problems[f"people.{index}.person_id"] = "DUPLICATE"
            seen.add(person["person_id"])
        if problems:
            raise InvalidInput("some people cannot be assigned as asked", fields=problems)
        project = self._assignable_project(actor, project_id)
        session = self.db.session
        participant = participation.assigning_participant(session, project.id, actor.enterprise_id)
        above = participation.contracting_unit_above(session, project.id, actor.enterprise_id)
        # asked before anything is written: a lock held over another service's answer would hold up the rows
        employed = {employee["person_id"]: employee for employee in self._employees_of(
            actor.enterprise_id, person_ids=[person["person_id"] for person in people])}
        refusals = [(index, person["person_id"], NotEmployedHere.code) for index, person in enumerate(people)
                    if person["person_id"] not in employed]
        already = set(session.scalars(select(Assignment.person_id).where(
            Assignment.project_id == project.id, OPEN, Assignment.person_id.in_(list(seen)))).all())
        refusals += [(index, person["person_id"], AlreadyAssigned.code) for index, person in enumerate(people)
                     if person["person_id"] in already and person["person_id"] in employed]
        if refusals:
            raise refused_people(sorted(refusals))
        genders = self._genders_of(list(employed))
        now = utcnow()
        confirming_id = above.enterprise_id if above is not None else None
        state = rules.initial_state(confirming_id)
        username = self.caller.username
        rows = [Assignment(
            project_id=project.id, person_id=person["person_id"], person_name=employed[person["person_id"]][
                "person_name"], id_type=employed[person["person_id"]]["id_type"],
            id_number_masked=employed[person["person_id"]]["id_number_masked"],
            gender=genders.get(str(person["person_id"])), enterprise_id=actor.enterprise_id,
            enterprise_name=participant.enterprise_name, participant_id=participant.id,
            confirming_enterprise_id=confirming_id, confirming_participant_id=above.id if above else None,
            role=person["role"], position=person["position"], team_id=employed[person["person_id"]]["team_id"],
            team_name=employed[person["person_id"]]["team_name"], trade=employed[person["person_id"]]["trade"],
            phone_masked=employed[person["person_id"]]["phone_masked"], lodging_on_site=person["lodging_on_site"],
            state=state, assigned_at=now, assigned_by=username,
            decided_at=now if state == rules.CONFIRMED else None,
            decided_by=username if state == rules.CONFIRMED else None) for person in people]
        try:
            with self.db.transaction() as session:
                session.add_all(rows)
                session.flush()
                self.outbox.add_many("person_assigned", assigned_event.dump(rows, many=True))
                if state == rules.CONFIRMED:
                    self.outbox.add_many("assignment_confirmed", confirmed_event.dump(rows, many=True))
        except IntegrityError:
            # assigned at the same moment from another desk: the open-assignment index let that one through
            taken = set(self.db.session.scalars(select(Assignment.person_id).where(
                Assignment.project_id == project.id, OPEN, Assignment.person_id.in_(list(seen)))).all())
            raise refused_people([(index, person["person_id"], AlreadyAssigned.code)
                                  for index, person in enumerate(people) if person["person_id"] in taken]
                                 or [(0, people[0]["person_id"], AlreadyAssigned.code)]) from None
        return {"assigned": len(rows), "items": self._views(rows, project)}

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def list_assignments(self, query):
        """已分配人员: the caller's enterprise's assignments (a site user's: on its project; the authority's:
        all), newest first, by project, 姓名, 身份证号 fragment, state, role, team."""
        caller = self.caller.require_known()
        params = load_or_refuse(AssignmentQuerySchema(), query)
        statement = select(Assignment)
        if not rules.reads_everything(caller):
            actor = self._actor()
            statement = statement.where(Assignment.enterprise_id == actor.enterprise_id)
            if actor.project_id is not None:
                statement = statement.where(Assignment.project_id == actor.project_id)
        if params["open_only"]:
            statement = statement.where(OPEN)
        for name in ("project_id", "state", "role", "team_id"):
            if params[name] is not None:
                statement = statement.where(getattr(Assignment, name) == params[name])
        statement = self._filtered(statement, params)
        return page_of(self.db.session, statement, NEWEST_FIRST, params["page"], params["page_size"], self._views)

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def end_assignment(self, assignment_id, reason=None):
        """退出项目: the employer withdraws a person from the project (pending or confirmed → ended)."""
        actor = self._actor()
        reason = rules.checked_reason(rules.step_for(rules.PENDING, "end"), reason)
        with self.db.transaction() as session:
            assignment = session.scalars(select(Assignment).where(Assignment.id == assignment_id)
                                         .with_for_update()).first() if isinstance(assignment_id, int) else None
            if assignment is None or assignment.enterprise_id != actor.enterprise_id \
                    or not actor.covers_project(assignment.project_id):
                raise AssignmentNotFound(f"no assignment {assignment_id}")
            assignment.take(rules.step_for(assignment.state, "end"), reason or "withdrawn", self.caller.username,
                            utcnow())
            session.flush()
            self.outbox.add("assignment_ended", ended_event.dump(assignment))
        return self._views([assignment])[0]

    # -- 分配人员确认: the unit above ------------------------------------------------------------------------

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def confirmations(self, query):
        """进场人员确认 (``processed`` false: awaiting the caller's unit) and 已处理人员 (true: what it decided,
        with 确认状态), filtered by 姓名, 身份证号 fragment and 单位名称; only what the unit's own direct
        subcontractors assigned."""
        actor = self._actor()
        params = load_or_refuse(ConfirmationQuerySchema(), query)
        statement = select(Assignment).where(Assignment.confirming_enterprise_id == actor.enterprise_id)
        if actor.project_id is not None:
            statement = statement.where(Assignment.project_id == actor.project_id)
        if params["project_id"] is not None:
            statement = statement.where(Assignment.project_id == params["project_id"])
        if params["processed"]:
            statement = statement.where(Assignment.decided_at.is_not(None))
        else:
            statement = statement.where(Assignment.state == rules.PENDING)
        if params["enterprise_name"].strip():
            statement = statement.where(Assignment.enterprise_name.contains(params["enterprise_name"].strip(),
                                                                            autoescape=True))
        statement = self._filtered(statement, params)
        order = (Assignment.decided_at.desc(), Assignment.id.desc()) if params["processed"] else NEWEST_FIRST
        return page_of(self.db.session, statement, order, params["page"], params["page_size"], self._views)

    @rpc(expected_exceptions=ASSIGNMENT_EXPECTED)
    def decide_assignments(self, decision):
        """接收 / 批量接收 / 拒绝: ``{"ids": [4, 5], "decision": "confirm"}`` or ``{"ids": [6], "decision":
        "reject", "reason": "人员不符"}``, all or nothing: an assignment another unit confirms is refused
        (NOT_CONFIRMING_UNIT), one already decided too (ASSIGNMENT_NOT_PENDING), each named in ``fields``
        (``ids.<i>``). → ``{"decided": 2, "items": [assignment, …]}``."""
        actor = self._actor()
        params = load_or_refuse(DecisionSchema(), decision)
        ids = list(dict.fromkeys(params["ids"]))
        action = params["decision"]
        reason = rules.checked_reason(rules.step_for(rules.PENDING, action), params["reason"])
        now = utcnow()
        with self.db.transaction() as session:
            found = {assignment.id: assignment for assignment in session.scalars(
                select(Assignment).where(Assignment.id.in_(ids)).order_by(Assignment.id).with_for_update())}
            problems, first = {}, None
            for index, assignment_id in enumerate(ids):
                assignment = found.get(assignment_id)
                try:
                    if assignment is None:
                        raise AssignmentNotFound(f"no assignment {assignment_id}")
                    rules.may_decide(assignment.confirming_enterprise_id, actor.enterprise_id)
                    if not actor.covers_project(assignment.project_id):
                        raise NotConfirmingUnit("another project's assignment")
                    rules.step_for(assignment.state, action)
                except ServiceError as refusal:
                    problems[f"ids.{index}"] = refusal.code
                    first = first or refusal
            if first is not None:
                first.fields = problems
                raise first
            decided = [found[assignment_id] for assignment_id in ids]
            for assignment in decided:
                assignment.take(rules.step_for(assignment.state, action), reason, self.caller.username, now)
            session.flush()
            if action == "confirm":
                self.outbox.add_many("assignment_confirmed", confirmed_event.dump(decided, many=True))
            else:
                self.outbox.add_many("assignment_rejected", rejected_event.dump(decided, many=True))
        return {"decided": len(decided), "items": self._views(decided)}

    # -- what other services publish -------------------------------------------------------------------------

    @event_handler("employment_svc", "employment_ended")
    def handle_employment_ended(self, envelope):
        """An employment ended (离职, 解聘, 调出): the person's open assignments with that employer end. Handled
        again, it finds nothing open and does nothing."""
        data = envelope["data"]
        now = utcnow()
        with self.db.transaction() as session:
            ending = session.scalars(select(Assignment).where(
                Assignment.enterprise_id == data["enterprise_id"], Assignment.person_id == data["person_id"],
                OPEN).with_for_update()).all()
            for assignment in ending:
                assignment.take(rules.step_for(assignment.state, "end"), EMPLOYMENT_ENDED, "system", now)
            session.flush()
            self.outbox.add_many("assignment_ended", ended_event.dump(ending, many=True))

    # -- helpers ---------------------------------------------------------------------------------------------

    def _actor(self):
        caller = self.caller.require_known()

        def general_contractor_of(project_id):
            project = self.db.session.get(Project, project_id)
            return project.general_contractor_id if project is not None else None

        return rules.actor_of(caller, general_contractor_of)

    def _assignable_project(self, actor, project_id):
        """The project, if the actor may assign to it: NO_CONTRACT_SECTION where it holds no section in force."""
        project = self.db.session.get(Project, project_id) if isinstance(project_id, int) else None
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        if not actor.covers_project(project.id):
            raise Forbidden("another project's site")
        if not participation.holds_reported_section(self.db.session, project.id, actor.enterprise_id):
            raise NoContractSection("the enterprise holds no reported contract section on this project",
                                    fields={"project_id": NoContractSection.code})
        return project

    def _employees_of(self, enterprise_id, person_ids=None, name=None):
        """employment_svc's answer: who works for the enterprise now. A site account without a unit acts for
        the general contractor, which employment_svc cannot tell from the caller: the system asks for it."""
        caller = self.caller
        if caller.enterprise_id is None:
            self.act_as_system()
        return self.employment.current_employees(enterprise_id, person_ids, name)

    def _genders_of(self, person_ids):
        """性别 from identity_svc, asked by the system: employment_svc has just answered that these are the
        unit's employees, and identity_svc may not have heard of that employment yet."""
        self.act_as_system()
        return self.identity.genders_of(person_ids)

    def _assigned_counts(self, enterprise_id, project_ids):
        if not project_ids:
            return {}
        rows = self.db.session.execute(
            select(Assignment.project_id, Assignment.state, func.count()).where(
                Assignment.enterprise_id == enterprise_id, Assignment.project_id.in_(project_ids), OPEN)
            .group_by(Assignment.project_id, Assignment.state)).all()
        counts = {}
        for project_id, state, count in rows:
            entry = counts.setdefault(project_id, {"assigned_count": 0, "pending_count": 0, "confirmed_count": 0})
            entry["assigned_count"] += count
            entry[f"{state}_count"] = count
        return counts

    def _filtered(self, statement, params):
        if params["name"].strip():
            statement = statement.where(Assignment.person_name.contains(params["name"].strip(), autoescape=True))
        fragment = params["id_number"].strip()
        if fragment:
            if not looks_like_id_number(fragment):
                raise InvalidInput("not part of an ID number", fields={"id_number": "ID_NUMBER_FORMAT"})
            try:
                person_ids = self.identity.find_person_ids(fragment, ID_FRAGMENT_MATCHES)
            except InvalidInput as refusal:
                refusal.fields = {"id_number": next(iter(refusal.fields.values()), "INVALID")}
                raise
            statement = statement.where(Assignment.person_id.in_(person_ids))
        return statement

    def _views(self, assignments, project=None):
        project_ids = {assignment.project_id for assignment in assignments}
        if project is not None:
            projects = {project.id: project}
        else:
            projects = {found.id: found for found in self.db.session.scalars(
                select(Project).where(Project.id.in_(project_ids)))} if project_ids else {}
        views = []
        for assignment in assignments:
            owner = projects.get(assignment.project_id)
            views.append(assignment_schema.dump({
                **{column.key: getattr(assignment, column.key) for column in Assignment.__table__.columns},
                "project_name": owner.name if owner else None,
                "registration_number": owner.registration_number if owner else None}))
        return views
