"""项目人员绑定 and 项目人员登记绑定审核: the mixin ``Bindings`` of ProjectService (manual 004 §5.2–§5.4).

A unit on the project selects people whose assignment is confirmed and submits binding requests in a batch (its
own people; the general contractor anyone confirmed on its project); the project's 实施单位 sees its projects
with the four counts (待提交 / 实施单位待审核 / 审核不通过 / 审核通过), opens each list, approves in a batch or
rejects with a reason that sends the requests back. Where the project requires binding review
(``Project.binding_review_required``), a request needs 是否完成人脸识别 and the gate needs the approval.
"""

import logging

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from chassis.caller import AUTHORITY, ENTERPRISE, SYSTEM
from chassis.errors import Forbidden, ServiceError
from chassis.events import utcnow
from chassis.messaging import rpc
from chassis.paging import page_of
from chassis.schemas import load_or_refuse
from project_svc import assignment_rules, domain
from project_svc import binding_rules as rules
from project_svc.binding_schemas import (
    BindingDecisionSchema,
    BindingEventSchema,
    BindingPeopleQuerySchema,
    BindingPersonSchema,
    BindingProjectQuerySchema,
    SubmitBindingsSchema,
)
from project_svc.exceptions import (
    BINDING_EXPECTED,
    AssignmentNotConfirmed,
    AssignmentNotFound,
    BindingNotFound,
    BindingNotSubmittable,
    NotImplementingUnit,
    ProjectNotFound,
)
from project_svc.models import Assignment, Participant, Project, ProjectBinding

log = logging.getLogger(__name__)

IMPLEMENTING_UNIT = "implementing_unit"
binding_event = BindingEventSchema()
person_schema = BindingPersonSchema()
CONFIRMED_HERE = Assignment.state == assignment_rules.CONFIRMED
#: the project's binding of the assignment's person (one per project and person)
BINDING_OF_ASSIGNMENT = and_(ProjectBinding.project_id == Assignment.project_id,
                             ProjectBinding.person_id == Assignment.person_id)
ACTIVE = (domain.IN_PROGRESS, domain.SUSPENDED, domain.COMPLETED)


def event_of(binding: ProjectBinding, at) -> dict:
    return binding_event.dump({**{column.key: getattr(binding, column.key)
                                  for column in ProjectBinding.__table__.columns}, "at": at})


class Bindings:
    """The 项目人员绑定 entrypoints; ProjectService provides db, outbox, caller and Assignments' ``_actor``."""

    # -- 项目人员绑定: the submitting unit -------------------------------------------------------------------------

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def binding_projects(self, query):
        """项目人员绑定: the projects the caller's unit takes part in (a site user: its own), each with 管理人员数量
        and 现场作业人员数量 (people confirmed there, of the unit; the general contractor: everyone) and the four
        binding counts: ``{"items": [{"id": 3, "manager_count": 2, "worker_count": 40, "draft_count": 4,
        "pending_review_count": 30, "rejected_count": 2, "approved_count": 6}], …}``."""
        actor = self._actor()
        params = load_or_refuse(BindingProjectQuerySchema(), query)
        statement = select(Project).where(Project.state.in_(ACTIVE), or_(
            Project.general_contractor_id == actor.enterprise_id,
            Project.id.in_(select(Participant.project_id).where(Participant.enterprise_id == actor.enterprise_id))))
        if actor.project_id is not None:
            statement = statement.where(Project.id == actor.project_id)
        statement = self._searched(statement, params["q"])
        return page_of(self.db.session, statement, (Project.created_at.desc(), Project.id.desc()), params["page"],
                       params["page_size"], lambda projects: self._with_counts(projects, actor.enterprise_id))

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def binding_review_projects(self, query):
        """项目人员登记绑定审核: the projects where the caller's enterprise is the 实施单位 (the authority: every
        project), each with 待提交 / 实施单位待审核 / 审核不通过 / 审核通过 of every unit."""
        caller = self.caller.require_known()
        params = load_or_refuse(BindingProjectQuerySchema(), query)
        statement = select(Project).where(Project.state.in_(ACTIVE))
        if caller.role not in (AUTHORITY, SYSTEM):
            if caller.role != ENTERPRISE or caller.enterprise_id is None:
                raise NotImplementingUnit("only a project's implementing unit reviews bindings")
            statement = statement.where(Project.id.in_(select(Participant.project_id).where(
                Participant.enterprise_id == caller.enterprise_id, Participant.role == IMPLEMENTING_UNIT)))
        statement = self._searched(statement, params["q"])
        return page_of(self.db.session, statement, (Project.created_at.desc(), Project.id.desc()), params["page"],
                       params["page_size"], lambda projects: self._with_counts(projects, None))

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def binding_people(self, project_id, query):
        """A project's people confirmed there with their 绑定状态, by state (``draft`` 待提交, ``pending_review``,
        ``rejected`` with the reason, ``approved``), 人员性质 (role) and 姓名: the submitting unit sees its own
        (the general contractor everyone), the 实施单位 and the authority everyone."""
        params = load_or_refuse(BindingPeopleQuerySchema(), query)
        project = self._binding_project(project_id)
        enterprise_id = self._people_scope(project)
        statement = (select(Assignment, ProjectBinding).outerjoin(ProjectBinding, BINDING_OF_ASSIGNMENT)
                     .where(Assignment.project_id == project.id, CONFIRMED_HERE))
        if enterprise_id is not None:
            statement = statement.where(Assignment.enterprise_id == enterprise_id)
        if params["state"] == rules.DRAFT:
            statement = statement.where(ProjectBinding.id.is_(None))
        elif params["state"] is not None:
            statement = statement.where(ProjectBinding.state == params["state"])
        if params["role"] is not None:
            statement = statement.where(Assignment.role == params["role"])
        if params["name"].strip():
            statement = statement.where(Assignment.person_name.contains(params["name"].strip(), autoescape=True))
        session = self.db.session
        total = session.scalar(select(func.count()).select_from(statement.subquery()))
        rows = session.execute(statement.order_by(Assignment.decided_at.desc(), Assignment.id.desc())
                               .limit(params["page_size"]).offset((params["page"] - 1) * params["page_size"])).all()
        enrolled = self._enrolled([assignment.person_id for assignment, _ in rows], required=False)
        return {"items": [self._person_view(assignment, binding, project, enrolled) for assignment, binding in rows],
                "total": total, "page": params["page"], "page_size": params["page_size"]}

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def submit_bindings(self, project_id, request):
        """提交 (batch): ``{"people": [{"assignment_id": 4}, …]}``: each a confirmed assignment on the project of
        the caller's unit (the general contractor: of anyone), 待提交 or 审核不通过 (resubmitted), all or nothing;
        each refusal named ``people.<i>.assignment_id`` (or ``.face_verified``: FACE_NOT_VERIFIED where the project
        requires binding review and identity_svc has no face of the person). → ``{"submitted": 2, "items": […]}``."""
        actor = self._actor()
        people = load_or_refuse(SubmitBindingsSchema(), request)["people"]
        project = self.db.session.get(Project, project_id) if isinstance(project_id, int) else None
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        if not actor.covers_project(project.id):
            raise Forbidden("another project's site")
        now = utcnow()
        enrolled = self._enrolled(self.db.session.scalars(select(Assignment.person_id).where(
            Assignment.id.in_([person["assignment_id"] for person in people]))).all(),
            required=project.binding_review_required) or set()
        try:
            with self.db.transaction() as session:
                ids = [person["assignment_id"] for person in people]
                assignments = {assignment.id: assignment for assignment in session.scalars(
                    select(Assignment).where(Assignment.id.in_(ids)))}
                person_ids = [assignment.person_id for assignment in assignments.values()]
                bindings = {binding.person_id: binding for binding in session.scalars(
                    select(ProjectBinding).where(ProjectBinding.project_id == project.id,
                                                 ProjectBinding.person_id.in_(person_ids))
                    .order_by(ProjectBinding.id).with_for_update())}
                problems, first, seen, steps = {}, None, set(), []
                for index, person in enumerate(people):
                    assignment = assignments.get(person["assignment_id"])
                    field = f"people.{index}.assignment_id"
                    try:
                        if assignment is None or assignment.project_id != project.id or not rules.may_submit_for(
                                actor.enterprise_id, assignment.enterprise_id, project.general_contractor_id):
                            raise AssignmentNotFound(f"no assignment {person['assignment_id']} of the unit here")
                        if assignment.state != assignment_rules.CONFIRMED:
                            raise AssignmentNotConfirmed("the assignment is not confirmed")
                        if assignment.person_id in seen:
                            raise BindingNotSubmittable("the person is named twice")
                        seen.add(assignment.person_id)
                        binding = bindings.get(assignment.person_id)
                        step = rules.step_for(binding.state if binding else None, "submit")
                        face_verified = assignment.person_id in enrolled
                        try:
                            rules.check_face(project.binding_review_required, face_verified)
                        except ServiceError as refusal:
                            field = f"people.{index}.face_verified"
                            raise refusal
                        steps.append((assignment, binding, step, face_verified))
                    except ServiceError as refusal:
                        problems[field] = refusal.code
                        first = first or refusal
                if first is not None:
                    first.fields = problems
                    raise first
                submitted = []
                for assignment, binding, step, face_verified in steps:
                    if binding is None:
                        binding = ProjectBinding(project_id=project.id, person_id=assignment.person_id)
                        session.add(binding)
                    binding.assignment_id = assignment.id
                    binding.person_name = assignment.person_name
                    binding.id_number_masked = assignment.id_number_masked
                    binding.enterprise_id = assignment.enterprise_id
                    binding.enterprise_name = assignment.enterprise_name
                    binding.role, binding.face_verified, binding.state = assignment.role, face_verified, step.to
                    binding.submitted_at, binding.submitted_by = now, self.caller.username
                    binding.submitted_by_enterprise_id = actor.enterprise_id
                    binding.reviewed_at = binding.reviewed_by = None
                    submitted.append((assignment, binding))
                session.flush()
                self.outbox.add_many("binding_submitted", [event_of(binding, now) for _, binding in submitted])
        except IntegrityError:
            # submitted at the same moment from another desk: the (project, person) key let that one through
            raise BindingNotSubmittable("already submitted", fields={"people": BindingNotSubmittable.code}) from None
        return {"submitted": len(submitted),
                "items": [self._person_view(assignment, binding, project) for assignment, binding in submitted]}

    # -- 项目人员登记绑定审核: the implementing unit -----------------------------------------------------------------

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def decide_bindings(self, decision):
        """确认 (batch): ``{"ids": [binding ids], "decision": "approve"}`` or ``{"ids": […], "decision": "reject",
        "reason": "身份证照片不清"}``, by the 实施单位 of each binding's project, all or nothing: one not awaiting
        review is refused (BINDING_NOT_PENDING), another project's too (NOT_IMPLEMENTING_UNIT), each ``ids.<i>``."""
        caller = self.caller.require_known()
        if caller.role != ENTERPRISE or caller.enterprise_id is None:
            raise NotImplementingUnit("only a project's implementing unit reviews bindings")
        params = load_or_refuse(BindingDecisionSchema(), decision)
        ids = list(dict.fromkeys(params["ids"]))
        action = params["decision"]
        reason = rules.checked_reason(rules.step_for(rules.PENDING_REVIEW, action), params["reason"])
        now = utcnow()
        with self.db.transaction() as session:
            found = {binding.id: binding for binding in session.scalars(
                select(ProjectBinding).where(ProjectBinding.id.in_(ids)).order_by(ProjectBinding.id)
                .with_for_update())}
            reviewing = set(session.scalars(select(Participant.project_id).where(
                Participant.enterprise_id == caller.enterprise_id, Participant.role == IMPLEMENTING_UNIT)))
            problems, first = {}, None
            for index, binding_id in enumerate(ids):
                binding = found.get(binding_id)
                try:
                    if binding is None:
                        raise BindingNotFound(f"no binding {binding_id}")
                    if binding.project_id not in reviewing:
                        raise NotImplementingUnit("not the implementing unit of this binding's project")
                    rules.step_for(binding.state, action)
                except ServiceError as refusal:
                    problems[f"ids.{index}"] = refusal.code
                    first = first or refusal
            if first is not None:
                first.fields = problems
                raise first
            decided = [found[binding_id] for binding_id in ids]
            for binding in decided:
                binding.state = rules.step_for(binding.state, action).to
                binding.reviewed_at, binding.reviewed_by = now, caller.username
                binding.reason = reason if action == "reject" else None
            session.flush()
            if action == "approve":
                self.outbox.add_many("binding_approved", [event_of(binding, now) for binding in decided])
            else:
                self.outbox.add_many("binding_rejected", [event_of(binding, now) for binding in decided])
        views = self._binding_views(decided)
        return {"decided": len(decided), "items": views}

    # -- helpers ---------------------------------------------------------------------------------------------

    def _searched(self, statement, term):
        term = term.strip()
        if term:
            statement = statement.where(Project.name.contains(term, autoescape=True)
                                        | (Project.registration_number == "".join(term.split()).upper()))
        return statement

    def _with_counts(self, projects, enterprise_id):
        """Each project with its people counts; ``enterprise_id``: of that unit, except on its own projects as
        general contractor (None: of every unit)."""
        ids = [project.id for project in projects]
        if not ids:
            return []
        session = self.db.session
        scope = (or_(Project.general_contractor_id == enterprise_id, Assignment.enterprise_id == enterprise_id)
                 if enterprise_id is not None else True)
        base = (select(Assignment.project_id).join(Project, Project.id == Assignment.project_id)
                .where(Assignment.project_id.in_(ids), CONFIRMED_HERE, scope))
        counts = {project_id: {"manager_count": 0, "worker_count": 0, **{f"{state}_count": 0 for state in rules.STATES}}
                  for project_id in ids}
        for project_id, role, count in session.execute(
                base.add_columns(Assignment.role, func.count(Assignment.person_id.distinct()))
                .group_by(Assignment.project_id, Assignment.role)).all():
            counts[project_id][f"{role}_count"] = count
        for project_id, count in session.execute(
                base.add_columns(func.count(Assignment.person_id.distinct()))
                .where(~exists().where(BINDING_OF_ASSIGNMENT)).group_by(Assignment.project_id)).all():
            counts[project_id]["draft_count"] = count
        for project_id, state, count in session.execute(
                base.join(ProjectBinding, BINDING_OF_ASSIGNMENT)
                .add_columns(ProjectBinding.state, func.count(ProjectBinding.id.distinct()))
                .group_by(Assignment.project_id, ProjectBinding.state)).all():
            counts[project_id][f"{state}_count"] = count
        return [{"id": project.id, "registration_number": project.registration_number, "name": project.name,
                 "state": project.state, "binding_review_required": project.binding_review_required,
                 **counts[project.id]} for project in projects]

    def _enrolled(self, person_ids, required: bool) -> set | None:
        """Those of ``person_ids`` whose face identity_svc holds (是否人脸认证); None when it does not answer and
        the answer is not ``required`` (the list falls back on what was recorded at submission)."""
        if not person_ids:
            return set()
        try:
            faces = self.identity.faces_of(sorted(set(person_ids)))
        except Exception:
            if required:
                raise
            log.warning("identity_svc did not say whose faces are enrolled", exc_info=True)
            return None
        return {int(person_id) for person_id, face in faces.items() if face.get("enrolled")}

    def _binding_project(self, project_id):
        project = self.db.session.get(Project, project_id) if isinstance(project_id, int) else None
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        return project

    def _people_scope(self, project):
        """Whose people the caller sees on the project: None for everyone (the authority, the 实施单位, the
        general contractor), else its own enterprise's; a unit not on the project is refused."""
        caller = self.caller.require_known()
        if caller.role in (AUTHORITY, SYSTEM):
            return None
        if caller.role == ENTERPRISE and caller.enterprise_id is not None and self.db.session.scalar(select(exists(
                select(Participant.id).where(Participant.project_id == project.id,
                                             Participant.enterprise_id == caller.enterprise_id,
                                             Participant.role == IMPLEMENTING_UNIT)))):
            return None
        actor = self._actor()
        if not actor.covers_project(project.id):
            raise Forbidden("another project's site")
        if actor.enterprise_id == project.general_contractor_id:
            return None
        if not self.db.session.scalar(select(exists(select(Participant.id).where(
                Participant.project_id == project.id, Participant.enterprise_id == actor.enterprise_id)))):
            raise Forbidden("the unit takes no part in this project")
        return actor.enterprise_id

    def _person_view(self, assignment, binding, project, enrolled=None):
        """``enrolled``: whose faces identity_svc holds now (是否人脸认证), else what the submission recorded."""
        face_verified = bool(binding and binding.face_verified) if enrolled is None \
            else assignment.person_id in enrolled
        return person_schema.dump({
            "assignment_id": assignment.id, "binding_id": binding.id if binding else None,
            "project_id": assignment.project_id, "project_name": project.name,
            "registration_number": project.registration_number, "person_id": assignment.person_id,
            "person_name": assignment.person_name, "id_number_masked": assignment.id_number_masked,
            "enterprise_id": assignment.enterprise_id, "enterprise_name": assignment.enterprise_name,
            "role": assignment.role, "position": assignment.position, "trade": assignment.trade,
            "team_name": assignment.team_name, "state": binding.state if binding else rules.DRAFT,
            "face_verified": face_verified, "reason": binding.reason if binding else None,
            "submitted_at": binding.submitted_at if binding else None,
            "reviewed_at": binding.reviewed_at if binding else None})

    def _binding_views(self, bindings):
        session = self.db.session
        projects = {project.id: project for project in session.scalars(
            select(Project).where(Project.id.in_({binding.project_id for binding in bindings})))}
        assignments = {assignment.id: assignment for assignment in session.scalars(
            select(Assignment).where(Assignment.id.in_({binding.assignment_id for binding in bindings})))}
        return [self._person_view(assignments[binding.assignment_id], binding, projects[binding.project_id])
                for binding in bindings]
