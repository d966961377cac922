"""project_svc entrypoints."""

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as NumberInvalid

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, CallerIdentity, SystemActor
from chassis.database import Database
from chassis.errors import Forbidden, InvalidInput
from chassis.events import utcnow
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.idempotency import IdempotentCalls
from chassis.logs import ServiceLog
from chassis.messaging import RpcProxy, rpc
from chassis.outbox import Outbox
from chassis.paging import page_of
from chassis.schemas import load_or_refuse
from employment_svc.exceptions import EnterpriseNotFound
from project_svc import assignments, bindings, domain, key_positions, participation, regions, self_registrations
from project_svc.exceptions import (
    EXPECTED,
    DeclarationIncomplete,
    NotParticipant,
    ParticipantAlreadyAdded,
    ParticipantRoleNotAllowed,
    ProjectAlreadyRegistered,
    ProjectNotFound,
    ProjectStateConflict,
    ReportNumberTaken,
    UnknownEnterprise,
)
from project_svc.models import ContractSection, IdempotentCall, OutboxRecord, Participant, Project
from project_svc.schemas import (
    DeclarationQuerySchema,
    DeclarationSchema,
    DeclarationViewSchema,
    ParticipantAddedEventSchema,
    ParticipantFormSchema,
    ParticipantSchema,
    ProjectApprovedEventSchema,
    ProjectDeclaredEventSchema,
    ProjectEventSchema,
    ProjectRegistrationSchema,
    ProjectRejectedEventSchema,
    ProjectRulesChangedEventSchema,
    ProjectRulesSchema,
    ProjectStateChangedEventSchema,
    RejectionSchema,
    SectionFormSchema,
    SectionReportedEventSchema,
    SectionSchema,
)

project_schema = DeclarationViewSchema()
participant_schema = ParticipantSchema()
section_schema = SectionSchema()
NEWEST_FIRST = (Project.created_at.desc(), Project.id.desc())
#: the states a project's other units see it in (a declaration is its declarer's and the authority's until approved)
OPEN_STATES = (domain.IN_PROGRESS, domain.SUSPENDED, domain.COMPLETED)


class ProjectService(assignments.Assignments, key_positions.KeyPositions, bindings.Bindings,
                     self_registrations.SelfRegistrations, HealthCheck):
    """Construction projects."""

    name = "project_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    caller = CallerIdentity()
    act_as_system = SystemActor()
    employment = RpcProxy("employment_svc")
    identity = RpcProxy("identity_svc")

    @rpc
    def reference_tables(self):
        """The declaration's code tables and the GB/T 2260 region tree (省 / 市 / 区)."""
        def rows(table):
            return [{"code": code, "name": names[-2], "name_en": names[-1]} for code, names in table.items()]

        return {
            "project_categories": rows(domain.PROJECT_CATEGORIES),
            "investment_types": rows(domain.INVESTMENT_TYPES),
            "deposit_methods": rows(domain.DEPOSIT_METHODS),
            "project_states": rows(domain.PROJECT_STATES),
            "participant_roles": rows(domain.PARTICIPANT_ROLES),
            "contract_categories": rows(domain.CONTRACT_CATEGORIES),
            "contract_states": rows(domain.CONTRACT_STATES),
            "regions": regions.region_tree(),
        }

    @rpc(expected_exceptions=EXPECTED)
    def create_project(self, registration):
        """Creates a project with its 报建编号 and general contractor (the authority does this)."""
        if not domain.may_create_projects(self.caller.require_known()):
            raise Forbidden("only the authority creates projects")
        values = load_or_refuse(ProjectRegistrationSchema(), registration)
        values["registration_number"] = domain.normalise_registration_number(values["registration_number"])
        try:
            contractor = self.employment.get_enterprise(values["general_contractor_id"])
        except EnterpriseNotFound:
            raise UnknownEnterprise("no such enterprise", fields={"general_contractor_id": "UNKNOWN_ENTERPRISE"}) \
                from None
        already = ProjectAlreadyRegistered("this 报建编号 is registered", fields={
            "registration_number": "PROJECT_ALREADY_REGISTERED"})
        try:
            with self.db.transaction() as session:
                taken = session.scalar(
                    select(Project.id).where(Project.registration_number == values["registration_number"]))
                if taken:
                    raise already
                project = Project(**values, general_contractor_name=contractor["name"], state=domain.IN_PROGRESS)
                session.add(project)
                session.flush()
                session.add(Participant(project_id=project.id, enterprise_id=contractor["id"],
                                        enterprise_name=contractor["name"], credit_code=contractor["credit_code"],
                                        role="general_contractor"))
                self.outbox.add("project_registered", ProjectEventSchema().dump(project))
        except IntegrityError:
            # the same number created at the same moment by another desk: its unique index decides
            raise already from None
        return project_schema.dump(project)

    @rpc(expected_exceptions=EXPECTED)
    def list_projects(self, query):
        """Projects the caller may see, newest first: ``{"q": "花园", "state": "in_progress", "area_code": "3101"}``."""
        caller = self.caller.require_known()
        params = load_or_refuse(DeclarationQuerySchema(), query)
        statement = self._scoped(select(Project), caller)
        return self._page(statement, params)

    @rpc(expected_exceptions=EXPECTED)
    def get_project(self, project_id):
        """A project with its declaration, state, rules and five main units."""
        caller = self.caller.require_known()
        return self._view(self._visible_project(project_id, caller))

    # -- 项目申报 and its review ---------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def declare_project(self, declaration):
        """项目申报 by an enterprise: the form of manual 003 §1.2 with its five main units by 统一社会信用代码
        (registered if new); an incomplete one is refused naming every missing field (DECLARATION_INCOMPLETE)."""
        caller = self.caller.require_known()
        if not domain.may_take(caller, "declare"):
            raise Forbidden("only an enterprise declares projects")
        values = self._complete_declaration(declaration)
        units = self._registered_units(values.pop("units"))
        try:
            with self.db.transaction() as session:
                self._refuse_taken_number(session, values["registration_number"])
                project = Project(**values, state=domain.next_state(None, "declare"),
                                  declarer_enterprise_id=caller.enterprise_id, declared_at=utcnow())
                self._name_units(session, project, units)
                self.outbox.add("project_declared", ProjectDeclaredEventSchema().dump(project))
        except IntegrityError:
            raise self._number_taken() from None
        return self._view(project)

    @rpc(expected_exceptions=EXPECTED)
    def resubmit_declaration(self, project_id, declaration):
        """修改后重新提交: the declarer corrects a rejected declaration (the whole form again) and resubmits it."""
        caller = self.caller.require_known()
        project = self._visible_project(project_id, caller)
        if not domain.may_take(caller, "resubmit", project.declarer_enterprise_id):
            raise Forbidden("only the declarer resubmits its declaration")
        self._next(project, "resubmit")
        values = self._complete_declaration(declaration)
        units = self._registered_units(values.pop("units"))
        try:
            with self.db.transaction() as session:
                project = self._locked(session, project_id)
                state = self._next(project, "resubmit")
                self._refuse_taken_number(session, values["registration_number"], project.id)
                for name, value in values.items():
                    setattr(project, name, value)
                project.state, project.declared_at = state, utcnow()
                project.rejection_reason = project.reviewed_at = project.reviewed_by = None
                session.execute(delete(Participant).where(Participant.project_id == project.id,
                                                          Participant.role.in_(domain.MAIN_UNIT_ROLES)))
                self._name_units(session, project, units)
                self.outbox.add("project_declared", ProjectDeclaredEventSchema().dump(project))
        except IntegrityError:
            raise self._number_taken() from None
        return self._view(project)

    @rpc(expected_exceptions=EXPECTED)
    def list_declarations(self, query):
        """项目审核 (the authority: every declaration, by state, name or 报建编号, region) or 我的项目申报 (an
        enterprise: its own), newest first."""
        caller = self.caller.require_known()
        params = load_or_refuse(DeclarationQuerySchema(), query)
        statement = select(Project).where(Project.declarer_enterprise_id.is_not(None))
        if caller.role == ENTERPRISE:
            statement = statement.where(Project.declarer_enterprise_id == caller.enterprise_id)
        elif not domain.may_review(caller):
            raise Forbidden("this role has no declarations")
        return self._page(statement, params)

    @rpc(expected_exceptions=EXPECTED)
    def approve_project(self, project_id):
        """审核通过: the project is in progress, its gates require confirmed assignments."""
        return self._review(project_id, "approve")

    @rpc(expected_exceptions=EXPECTED)
    def reject_project(self, project_id, rejection):
        """审核不通过 with a reason the declarer reads: ``{"reason": "施工许可证号与发放日期不符"}``."""
        values = load_or_refuse(RejectionSchema(), rejection)
        return self._review(project_id, "reject", values["reason"].strip())

    @rpc(expected_exceptions=EXPECTED)
    def change_project_state(self, project_id, action):
        """停工 / 复工 / 竣工 of a project in progress (the authority): ``action`` suspend, resume or complete."""
        if action not in ("suspend", "resume", "complete"):
            raise InvalidInput("unknown action", fields={"action": "NOT_ALLOWED"})
        caller = self.caller.require_known()
        if not domain.may_take(caller, action):
            raise Forbidden("only the authority changes a project's state")
        with self.db.transaction() as session:
            project = self._locked(session, project_id)
            project.state = self._next(project, action)
            self.outbox.add("project_state_changed", ProjectStateChangedEventSchema().dump(project))
        return self._view(project)

    @rpc(expected_exceptions=EXPECTED)
    def set_project_rules(self, project_id, rules):
        """What entry to the project needs: ``{"assignment_required": true, "binding_review_required": false}``
        (the authority; a field left out keeps its value)."""
        caller = self.caller.require_known()
        if not domain.may_review(caller):
            raise Forbidden("only the authority sets a project's rules")
        values = load_or_refuse(ProjectRulesSchema(), rules)
        with self.db.transaction() as session:
            project = self._locked(session, project_id)
            for name, value in values.items():
                if value is not None:
                    setattr(project, name, value)
            self.outbox.add("project_rules_changed", ProjectRulesChangedEventSchema().dump(project))
        return self._view(project)

    # -- 参建单位 and 合同标段 ---------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def add_participant(self, project_id, form):
        """A unit takes on a subcontractor (the general contractor its specialty and labour subcontractors, a
        specialty contractor its labour subcontractors; the authority anyone, under whom it names):
        ``{"credit_code": "…", "name": "某劳务有限公司", "role": "labour_subcontractor", "manager_name": "王工"}``."""
        caller = self.caller.require_known()
        project = self._visible_project(project_id, caller)
        values = load_or_refuse(ParticipantFormSchema(), form)
        values["credit_code"] = self._credit_code(values["credit_code"], "credit_code")
        above_id = values.pop("contracted_by_id")
        if project.state not in domain.ACTIVE_STATES:
            raise ProjectStateConflict("the project is not active", code="PROJECT_NOT_ACTIVE")
        session = self.db.session
        if caller.role == ENTERPRISE:
            places = participation.participant_of(session, project.id, caller.enterprise_id)
            above = next((p for p in places if values["role"] in domain.roles_addable_by(p.role)), None)
            if not places:
                raise NotParticipant("the caller takes no part in this project")
            if above is None:
                raise ParticipantRoleNotAllowed("this unit may not take on that role", fields={
                    "role": "PARTICIPANT_ROLE_NOT_ALLOWED"})
        elif domain.may_review(caller):
            above = session.get(Participant, above_id) if above_id else None
            if above_id and (above is None or above.project_id != project.id):
                raise NotParticipant("no such participant on this project",
                                     fields={"contracted_by_id": "NOT_PARTICIPANT"})
        else:
            raise Forbidden("only a project's units and the authority add participants")
        enterprise = self._registered([{"credit_code": values["credit_code"], "name": values["name"],
                                        "unit_type": domain.UNIT_TYPE_OF_ROLE[values["role"]]}])[0]
        taken = ParticipantAlreadyAdded("this unit already takes part in that role", fields={
            "credit_code": "PARTICIPANT_ALREADY_ADDED"})
        try:
            with self.db.transaction() as session:
                if session.scalar(select(Participant.id).where(
                        Participant.project_id == project.id, Participant.enterprise_id == enterprise["id"],
                        Participant.role == values["role"])):
                    raise taken
                participant = Participant(
                    project_id=project.id, enterprise_id=enterprise["id"], enterprise_name=enterprise["name"],
                    credit_code=enterprise["credit_code"], role=values["role"],
                    contracted_by_id=above.id if above else None, manager_name=values["manager_name"],
                    manager_phone=values["manager_phone"], entered_on=values["entered_on"])
                session.add(participant)
                session.flush()
                self.outbox.add("participant_added", self._participant_event(participant, above))
        except IntegrityError:
            raise taken from None
        return participant_schema.dump(participant)

    @rpc(expected_exceptions=EXPECTED)
    def list_participants(self, project_id):
        """参建单位 of a project, in the order they were added, each with who contracted it."""
        caller = self.caller.require_known()
        project = self._visible_project(project_id, caller)
        rows = self.db.session.scalars(
            select(Participant).where(Participant.project_id == project.id).order_by(Participant.id))
        return participant_schema.dump(rows, many=True)

    @rpc(expected_exceptions=EXPECTED)
    def report_contract_section(self, project_id, form):
        """合同信息报送: a unit reports a contract it holds on the project: ``{"report_number": "W2026110200417",
        "section_number": "C01", "name": "…幕墙专业工程", "category": "specialty_subcontract", "state": "in_force",
        "manager_name": "钱工"}`` (the authority names the ``participant_id``)."""
        caller = self.caller.require_known()
        project = self._visible_project(project_id, caller)
        values = load_or_refuse(SectionFormSchema(), form)
        values["report_number"] = domain.normalise_registration_number(values["report_number"])
        participant_id = values.pop("participant_id")
        session = self.db.session
        if caller.role == ENTERPRISE:
            places = participation.participant_of(session, project.id, caller.enterprise_id)
            participant = next((p for p in places if participant_id in (None, p.id)), None)
            if participant is None:
                raise NotParticipant("the caller takes no part in this project")
        elif domain.may_review(caller):
            participant = session.get(Participant, participant_id) if participant_id else None
            if participant is None or participant.project_id != project.id:
                raise NotParticipant("no such participant on this project",
                                     fields={"participant_id": "NOT_PARTICIPANT"})
        else:
            raise Forbidden("only a project's units and the authority report contract sections")
        if project.state not in domain.ACTIVE_STATES:
            raise ProjectStateConflict("the project is not active", code="PROJECT_NOT_ACTIVE")
        taken = ReportNumberTaken("this 合同信息报送编号 is reported", fields={"report_number": "REPORT_NUMBER_TAKEN"})
        try:
            with self.db.transaction() as session:
                if session.scalar(select(ContractSection.id).where(
                        ContractSection.report_number == values["report_number"])):
                    raise taken
                section = ContractSection(project_id=project.id, participant_id=participant.id, **values)
                session.add(section)
                session.flush()
                section.participant = participant
                self.outbox.add("contract_section_reported", SectionReportedEventSchema().dump(section))
        except IntegrityError:
            raise taken from None
        return section_schema.dump(section)

    @rpc(expected_exceptions=EXPECTED)
    def list_contract_sections(self, project_id):
        """合同标段 reported on a project, first reported first."""
        caller = self.caller.require_known()
        project = self._visible_project(project_id, caller)
        rows = self.db.session.scalars(
            select(ContractSection).where(ContractSection.project_id == project.id).order_by(ContractSection.id))
        return section_schema.dump(rows, many=True)

    # -- helpers -----------------------------------------------------------------------------------------------

    def _scoped(self, statement, caller):
        """What of ``statement`` the caller may see (``domain.participant_visible_to`` as a query)."""
        if caller.role == SITE:
            return statement.where(Project.id == caller.project_id)
        if caller.role == ENTERPRISE:
            takes_part = select(Participant.project_id).where(Participant.enterprise_id == caller.enterprise_id)
            return statement.where(or_(
                Project.declarer_enterprise_id == caller.enterprise_id,
                Project.state.in_(OPEN_STATES) & or_(Project.id.in_(takes_part),
                                                     Project.general_contractor_id == caller.enterprise_id)))
        if caller.role not in (AUTHORITY, SYSTEM):
            raise Forbidden("this role may not list projects")
        return statement

    def _page(self, statement, params):
        term = params["q"].strip()
        if term:
            statement = statement.where(or_(Project.name.contains(term, autoescape=True),
                                            Project.registration_number == domain.normalise_registration_number(term)))
        if params["state"]:
            statement = statement.where(Project.state == params["state"])
        if params["area_code"]:
            statement = statement.where(Project.area_code.startswith(params["area_code"].rstrip("0") or "x"))
        return page_of(self.db.session, statement, NEWEST_FIRST, params["page"], params["page_size"],
                       lambda rows: project_schema.dump(rows, many=True))

    def _visible_project(self, project_id, caller):
        project = self.db.session.get(Project, project_id)
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        units = ()
        if caller.role == ENTERPRISE and caller.enterprise_id != project.declarer_enterprise_id:
            if project.state not in OPEN_STATES:
                raise Forbidden("this project is outside the caller's scope")
            units = [p.enterprise_id for p in participation.participant_of(
                self.db.session, project.id, caller.enterprise_id)]
        if not domain.participant_visible_to(caller, units, project.declarer_enterprise_id, project.id,
                                             project.general_contractor_id):
            raise Forbidden("this project is outside the caller's scope")
        return project

    def _view(self, project):
        view = project_schema.dump(project)
        units = self.db.session.scalars(select(Participant).where(
            Participant.project_id == project.id, Participant.role.in_(domain.MAIN_UNIT_ROLES),
            Participant.contracted_by_id.is_(None)).order_by(Participant.id))
        view["units"] = {unit.role: participant_schema.dump(unit) for unit in units}
        return view

    @staticmethod
    def _locked(session, project_id):
        project = session.get(Project, project_id, with_for_update=True, populate_existing=True)
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        return project

    @staticmethod
    def _next(project, action):
        try:
            return domain.next_state(project.state, action)
        except domain.ProjectStateConflict as conflict:
            raise ProjectStateConflict(str(conflict), code=conflict.code,
                                       details={"state": project.state}) from None

    def _review(self, project_id, action, reason=None):
        caller = self.caller.require_known()
        if not domain.may_take(caller, action):
            raise Forbidden("only the authority reviews declarations")
        with self.db.transaction() as session:
            project = self._locked(session, project_id)
            project.state = self._next(project, action)
            project.reviewed_at, project.reviewed_by = utcnow(), caller.username
            if action == "approve":
                # a declared project admits only people assigned and confirmed (the rule at the gate)
                project.assignment_required = True
                self.outbox.add("project_approved", ProjectApprovedEventSchema().dump(project))
            else:
                project.rejection_reason = reason
                self.outbox.add("project_rejected", ProjectRejectedEventSchema().dump(project))
        return self._view(project)

    def _complete_declaration(self, declaration):
        values = load_or_refuse(DeclarationSchema(), declaration)
        if values["registration_number"]:
            values["registration_number"] = domain.normalise_registration_number(values["registration_number"])
        missing = domain.missing_fields(values)
        problems = domain.declaration_problems(values)
        if values["area_code"] and not regions.is_district(values["area_code"]):
            problems["area_code"] = "UNKNOWN_REGION"
        for role, unit in (values["units"] or {}).items():
            if unit and unit.get("credit_code"):
                try:
                    unit["credit_code"] = uscc.validate(unit["credit_code"])
                except NumberInvalid:
                    problems[f"units.{role}.credit_code"] = "INVALID_CREDIT_CODE"
        if missing:
            raise DeclarationIncomplete("the declaration is incomplete", fields={**problems, **missing})
        if problems:
            raise InvalidInput("the declaration has invalid fields", fields=problems)
        return values

    def _registered(self, units):
        """The enterprises of ``units``, registered in employment_svc if new (as the system: the declarer may not
        register enterprises itself)."""
        self.act_as_system()
        return self.employment.ensure_enterprises(units)

    def _registered_units(self, units):
        roles = list(domain.MAIN_UNIT_ROLES)
        found = self._registered([{"credit_code": units[role]["credit_code"], "name": units[role]["name"],
                                   "unit_type": domain.UNIT_TYPE_OF_ROLE[role]} for role in roles])
        return [(role, units[role], enterprise) for role, enterprise in zip(roles, found, strict=True)]

    @staticmethod
    def _name_units(session, project, units):
        for role, _, enterprise in units:
            if role == "general_contractor":
                project.general_contractor_id = enterprise["id"]
                project.general_contractor_name = enterprise["name"]
        session.add(project)
        session.flush()
        for role, unit, enterprise in units:
            session.add(Participant(project_id=project.id, enterprise_id=enterprise["id"],
                                    enterprise_name=enterprise["name"], credit_code=enterprise["credit_code"],
                                    role=role, manager_name=unit.get("manager_name"),
                                    manager_phone=unit.get("manager_phone")))
        session.flush()

    @staticmethod
    def _refuse_taken_number(session, number, own_id=None):
        taken = session.scalar(select(Project.id).where(Project.registration_number == number))
        if taken and taken != own_id:
            raise ProjectService._number_taken()

    @staticmethod
    def _number_taken():
        return ProjectAlreadyRegistered("this 报建编号 is registered", fields={
            "registration_number": "PROJECT_ALREADY_REGISTERED"})

    @staticmethod
    def _credit_code(raw, field):
        try:
            return uscc.validate(raw)
        except NumberInvalid:
            raise InvalidInput("credit code is not valid", fields={field: "INVALID_CREDIT_CODE"}) from None

    def _participant_event(self, participant, above):
        event = ParticipantAddedEventSchema().dump(participant)
        event["contracted_by_enterprise_id"] = above.enterprise_id if above else None
        return event
