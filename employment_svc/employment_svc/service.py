"""employment_svc entrypoints: enterprises and employment relations (聘用关系)."""

import base64
import hashlib

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from chassis import days
from chassis.caller import WORKER, CallerIdentity, SystemActor
from chassis.database import Database
from chassis.documents import Documents, decoded, document_type
from chassis.errors import Forbidden, InvalidInput
from chassis.events import utcnow
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.idempotency import IdempotentCalls
from chassis.logs import ServiceLog
from chassis.messaging import RpcProxy, rpc
from chassis.outbox import Outbox
from chassis.paging import page_of
from chassis.pii import PersonalData, looks_like_id_number, mask_phone
from chassis.schemas import load_or_refuse
from employment_svc import assignable, domain, imports, profiles, workforce
from employment_svc.exceptions import (
    EXPECTED,
    ContractNotFound,
    DocumentNotFound,
    EmployedElsewhere,
    EmploymentNotFound,
    EnterpriseAlreadyRegistered,
    EnterpriseNotFound,
    InvalidTeam,
    PersonNotRegistered,
    TeamNameTaken,
    TeamNotEmpty,
)
from employment_svc.models import (
    ContractDocument,
    ContractRecord,
    EmploymentRelation,
    EmploymentStep,
    Enterprise,
    IdempotentCall,
    OutboxRecord,
    StoredDocument,
    Team,
    WorkerProfile,
)
from employment_svc.reference import reference_tables
from employment_svc.schemas import (
    ContractEventSchema,
    ContractFormSchema,
    ContractQuerySchema,
    DocumentUploadSchema,
    EmployeeQuerySchema,
    EmploymentConfirmedEventSchema,
    EmploymentEndedEventSchema,
    EmploymentHistorySchema,
    EmploymentQuerySchema,
    EmploymentRequestedEventSchema,
    EmploymentRequestSchema,
    EmploymentStepSchema,
    EnterpriseEventSchema,
    EnterpriseQuerySchema,
    EnterpriseRegistrationSchema,
    EnterpriseSchema,
    ProfileFormSchema,
    ProfileQuerySchema,
    RelationEventSchema,
    RelationSchema,
    TeamChangesSchema,
    TeamDissolvedEventSchema,
    TeamEventSchema,
    TeamFormSchema,
    TeamMemberEventSchema,
    TeamQuerySchema,
    WorkerProfileEventSchema,
)
from identity_svc.exceptions import PersonNotFound

enterprise_schema = EnterpriseSchema()
employment_request_schema = EmploymentRequestSchema()
employment_query_schema = EmploymentQuerySchema()
employee_query_schema = EmployeeQuerySchema()
relation_schema = RelationSchema()
history_schema = EmploymentHistorySchema()
step_schema = EmploymentStepSchema()
requested_event = EmploymentRequestedEventSchema()
confirmed_event = EmploymentConfirmedEventSchema()
relation_event = RelationEventSchema()
ended_event = EmploymentEndedEventSchema()
#: the most persons an ID-number fragment may name in the 聘用管理 list (identity_svc refuses broader ones)
ID_FRAGMENT_MATCHES = 5_000
NEWEST_FIRST = (EmploymentRelation.requested_at.desc(), EmploymentRelation.id.desc())
profile_event = WorkerProfileEventSchema()
member_event = TeamMemberEventSchema()
EXPORT_PAGE_SIZE = 2_000  # rows per export_profiles answer


def today():
    return days.today()


class EmploymentService(imports.RosterImports, assignable.AssignableEmployees, HealthCheck):
    """Enterprises and the employment relations between them and persons; roster import (employment_svc.imports)."""

    name = "employment_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    vault = PersonalData()
    caller = CallerIdentity()
    act_as_system = SystemActor()
    documents = Documents(StoredDocument)
    identity = RpcProxy("identity_svc")
    siteaccess = RpcProxy("siteaccess_svc")

    @rpc
    def reference_tables(self):
        return reference_tables()

    @rpc(expected_exceptions=EXPECTED)
    def register_enterprise(self, registration):
        """Registers an enterprise by its 统一社会信用代码 (the authority does this)."""
        if not domain.may_register_enterprises(self.caller.require_known()):
            raise Forbidden("only the authority registers enterprises")
        values = load_or_refuse(EnterpriseRegistrationSchema(), registration)
        values["credit_code"] = domain.check_credit_code(values["credit_code"])
        phone = values.pop("contact_phone")
        already = EnterpriseAlreadyRegistered("this credit code is registered", fields={
            "credit_code": "ENTERPRISE_ALREADY_REGISTERED"})
        try:
            with self.db.transaction() as session:
                if session.scalar(select(Enterprise.id).where(Enterprise.credit_code == values["credit_code"])):
                    raise already
                enterprise = Enterprise(**values, contact_phone_encrypted=self.vault.encrypt(phone),
                                        contact_phone_masked=mask_phone(phone))
                session.add(enterprise)
                session.flush()
                self.outbox.add("enterprise_registered", EnterpriseEventSchema().dump(enterprise))
        except IntegrityError:
            # the same code registered at the same moment by another desk: its unique index decides
            raise already from None
        return enterprise_schema.dump(enterprise)

    @rpc(expected_exceptions=EXPECTED)
    def ensure_enterprises(self, units):
        """The enterprises with these 统一社会信用代码, registering those not yet known (project_svc does this for a
        declaration's units and a project's subcontractors, as the system): ``[{"credit_code", "name",
        "unit_type"}]`` → the enterprises, in the same order; a known one keeps its registered name."""
        if not domain.may_register_enterprises(self.caller.require_known()):
            raise Forbidden("only the authority registers enterprises")
        schema = EnterpriseRegistrationSchema()
        wanted = []
        for index, unit in enumerate(units or []):
            try:
                values = load_or_refuse(schema, unit)
                values["credit_code"] = domain.check_credit_code(values["credit_code"])
            except InvalidInput as refused:
                refused.fields = {f"{index}.{name}": code for name, code in refused.fields.items()}
                raise
            wanted.append(values)
        found = {}
        for values in wanted:
            code = values["credit_code"]
            if code in found:
                continue
            enterprise = self.db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
            if enterprise is None:
                enterprise = self._register_or_find(values)
            found[code] = enterprise_schema.dump(enterprise)
        return [found[values["credit_code"]] for values in wanted]

    def _register_or_find(self, values):
        phone = values.pop("contact_phone", None)
        try:
            with self.db.transaction() as session:
                enterprise = Enterprise(**values, contact_phone_encrypted=self.vault.encrypt(phone),
                                        contact_phone_masked=mask_phone(phone))
                session.add(enterprise)
                session.flush()
                self.outbox.add("enterprise_registered", EnterpriseEventSchema().dump(enterprise))
            return enterprise
        except IntegrityError:
            # registered at the same moment by another call: that one stands
            return self.db.session.scalar(select(Enterprise).where(Enterprise.credit_code == values["credit_code"]))

    @rpc(expected_exceptions=EXPECTED)
    def list_enterprises(self, query):
        """Enterprises by name fragment or credit code: public registry data every role may search."""
        self.caller.require_known()
        params = load_or_refuse(EnterpriseQuerySchema(), query)
        statement = select(Enterprise)
        term = params["q"].strip()
        if term:
            statement = statement.where(or_(Enterprise.name.contains(term, autoescape=True),
                                            Enterprise.credit_code == term.upper()))
        if params["unit_type"]:
            statement = statement.where(Enterprise.unit_type == params["unit_type"])
        return page_of(self.db.session, statement, (Enterprise.name, Enterprise.id), params["page"],
                       params["page_size"], lambda rows: enterprise_schema.dump(rows, many=True))

    @rpc(expected_exceptions=EXPECTED)
    def get_enterprise(self, enterprise_id):
        self.caller.require_known()
        enterprise = self.db.session.get(Enterprise, enterprise_id)
        if enterprise is None:
            raise EnterpriseNotFound(f"no enterprise {enterprise_id}")
        return enterprise_schema.dump(enterprise)

    # -- 聘用关系: the employer's side ----------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def request_employment(self, request):
        """新建聘用关系: 姓名 + 证件号 of a person with a real-name record; the relation waits (待确认) for the
        person to confirm it. ``{"name": "张伟", "id_type": "01", "id_number": "310…", "role": "worker"}``."""
        caller = self.caller.require_known()
        values = load_or_refuse(employment_request_schema, request)
        enterprise_id = domain.employer_of_request(caller, values["enterprise_id"])
        try:
            person = self.identity.find_by_id_number(values["id_type"], values["id_number"])
        except PersonNotFound:
            raise PersonNotRegistered("no real-name record has this ID number: 实名登记 first",
                                      fields={"id_number": "PERSON_NOT_REGISTERED"}) from None
        domain.check_name(values["name"], person["name"])
        now = utcnow()
        try:
            with self.db.transaction() as session:
                if session.get(Enterprise, enterprise_id) is None:
                    raise EnterpriseNotFound(f"no enterprise {enterprise_id}")
                domain.refuse_request(enterprise_id, self._open_relations(session, person["id"]))
                relation = EmploymentRelation(
                    enterprise_id=enterprise_id, person_id=person["id"], person_name=person["name"],
                    id_type=person["id_type"], id_number_masked=person["id_number_masked"], role=values["role"],
                    state=domain.PENDING, requested_at=now, requested_by=caller.username, updated_at=now)
                session.add(relation)
                session.flush()
                session.add(EmploymentStep(relation_id=relation.id, action="request", from_state=None,
                                           to_state=domain.PENDING, side=domain.EMPLOYER_SIDE,
                                           taken_by=caller.username, taken_at=now))
                self.outbox.add("employment_requested", requested_event.dump(relation))
        except IntegrityError:
            # the same employer's request at the same moment (a second click): its index let the first through
            domain.refuse_request(enterprise_id, self._open_relations(self.db.session, person["id"]))
            raise
        return self._view(relation.id)

    @rpc(expected_exceptions=EXPECTED)
    def withdraw_employment(self, relation_id):
        """撤回 a request the person has not answered yet."""
        return self._take(relation_id, "withdraw", domain.EMPLOYER_SIDE)

    @rpc(expected_exceptions=EXPECTED)
    def decide_resignation(self, relation_id, approve, reason=None):
        """The employer's answer to a 离职申请: approved, the relation ends (the person may be hired elsewhere);
        refused (with a reason), the person stays employed."""
        action = "approve_resignation" if approve else "refuse_resignation"
        return self._take(relation_id, action, domain.EMPLOYER_SIDE, reason)

    @rpc(expected_exceptions=EXPECTED)
    def dismiss(self, relation_id, reason):
        """解聘: asks the person to agree; a 管理员 must have exited every site first (MANAGER_STILL_ON_SITE)."""
        return self._take(relation_id, "dismiss", domain.EMPLOYER_SIDE, reason)

    @rpc(expected_exceptions=EXPECTED)
    def transfer_out(self, relation_id, reason=None):
        """离职迁出 of a 管理员 (manual 004): the relation ends at once, and another enterprise may register them."""
        return self._take(relation_id, "transfer_out", domain.EMPLOYER_SIDE, reason)

    # -- 聘用关系: the person's side (the mobile page) ------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def confirm_employment(self, relation_id):
        """确认: the person joins the employer, unless bound to another meanwhile (EMPLOYED_ELSEWHERE)."""
        return self._take(relation_id, "confirm", domain.PERSON_SIDE)

    @rpc(expected_exceptions=EXPECTED)
    def decline_employment(self, relation_id, reason=None):
        return self._take(relation_id, "decline", domain.PERSON_SIDE, reason)

    @rpc(expected_exceptions=EXPECTED)
    def request_resignation(self, relation_id, reason):
        """申请离职, with a reason; the employer approves or refuses it."""
        return self._take(relation_id, "request_resignation", domain.PERSON_SIDE, reason)

    @rpc(expected_exceptions=EXPECTED)
    def answer_dismissal(self, relation_id, agree, reason=None):
        """同意 / 不同意 a dismissal; agreeing, a 管理员 is asked again whether they are still on a site."""
        return self._take(relation_id, "agree_dismissal" if agree else "decline_dismissal", domain.PERSON_SIDE,
                          reason)

    # -- 聘用关系: reading -------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def get_employment(self, relation_id):
        """One relation the caller may see (its employer, its person, the authority)."""
        return self._view(self._relation_in_scope(self.db.session, relation_id, self._relation_caller()).id)

    @rpc(expected_exceptions=EXPECTED)
    def employment_steps(self, relation_id):
        """A relation's history, oldest first: who took which step when, with which reason."""
        relation = self._relation_in_scope(self.db.session, relation_id, self._relation_caller())
        steps = self.db.session.scalars(select(EmploymentStep).where(EmploymentStep.relation_id == relation.id)
                                        .order_by(EmploymentStep.id)).all()
        return step_schema.dump(steps, many=True)

    @rpc(expected_exceptions=EXPECTED)
    def list_employments(self, query):
        """聘用管理: the caller's relations (the authority's: all, or one enterprise's), newest first; ``name``
        is a fragment, ``id_number`` a whole number or its first 6+ / last 4+ characters."""
        caller = self.caller.require_known()
        scope = domain.RelationScope.of(caller)
        if not scope.sees_anything:
            raise Forbidden("this role has no employment relations to list")
        params = load_or_refuse(employment_query_schema, query)
        statement = select(EmploymentRelation).where(scope.where(EmploymentRelation))
        if params["name"].strip():
            statement = statement.where(EmploymentRelation.person_name.contains(params["name"].strip(),
                                                                                autoescape=True))
        if params["id_number"].strip():
            statement = statement.where(EmploymentRelation.person_id.in_(self._holders_of(params["id_number"])))
        for name in ("role", "state"):
            if params[name]:
                statement = statement.where(getattr(EmploymentRelation, name) == params[name])
        if params["enterprise_id"] is not None and caller.is_authority:
            statement = statement.where(EmploymentRelation.enterprise_id == params["enterprise_id"])
        return page_of(self.db.session, statement, NEWEST_FIRST, params["page"], params["page_size"], self._views)

    @rpc(expected_exceptions=EXPECTED)
    def employees(self, query):
        """The employer's confirmed employees (在职, 离职申请中, 解聘待确认) by name, for the pickers of 添加人员
        and 班组长: ``{"name": "张", "role": "worker", "page": 1, "page_size": 20}``."""
        scope = domain.RelationScope.of(self.caller.require_known())
        if not scope.sees_anything:
            raise Forbidden("this role has no employees")
        params = load_or_refuse(employee_query_schema, query)
        statement = select(EmploymentRelation).where(scope.where(EmploymentRelation),
                                                     EmploymentRelation.state.in_(domain.BINDING_STATES))
        if params["name"].strip():
            statement = statement.where(EmploymentRelation.person_name.contains(params["name"].strip(),
                                                                                autoescape=True))
        if params["role"]:
            statement = statement.where(EmploymentRelation.role == params["role"])
        return page_of(self.db.session, statement, (EmploymentRelation.person_name, EmploymentRelation.id),
                       params["page"], params["page_size"], self._views)

    @rpc(expected_exceptions=EXPECTED)
    def my_employments(self):
        """我的聘用: every relation of the worker's own person, newest first."""
        caller = self.caller.require_worker()
        found = self.db.session.scalars(select(EmploymentRelation).where(
            EmploymentRelation.person_id == caller.person_id).order_by(*NEWEST_FIRST)).all()
        return self._views(found)

    @rpc(expected_exceptions=EXPECTED)
    def employment_history(self, person_id):
        """A person's employers over time (用工查询's history), newest first: confirmed relations only."""
        self.caller.require_known()
        found = self.db.session.scalars(select(EmploymentRelation).where(
            EmploymentRelation.person_id == person_id, EmploymentRelation.confirmed_at.is_not(None))
            .order_by(EmploymentRelation.confirmed_at.desc(), EmploymentRelation.id.desc())).all()
        names = self._enterprise_names({relation.enterprise_id for relation in found})
        return [{**history_schema.dump(relation), "enterprise_name": names.get(relation.enterprise_id)}
                for relation in found]

    # -- 聘用关系: helpers -----------------------------------------------------------------------------------------

    def _take(self, relation_id, action, side, reason=None):
        """One step of the lifecycle, by the side whose action it is, on a relation in the caller's scope.

        The row is locked while the step is taken, so two clicks (or the employer and the person at once)
        cannot both act on the state they read; the one-employer index decides between two confirmations of
        one person's relations with two employers.
        """
        caller = self.caller.require_worker() if side == domain.PERSON_SIDE else self.caller.require_known()
        if domain.side_of(caller) != side:
            raise Forbidden(f"{action} is the {side}'s to take")
        relation = self._relation_in_scope(self.db.session, relation_id, caller)
        step = domain.step_for(relation.state, action, relation.role)
        reason = domain.checked_reason(step, reason)
        if domain.must_be_off_site(step, relation.role):
            # asked before the row is locked: a lock held over another service's answer would hold up the row
            domain.refuse_while_on_site(self.siteaccess.sites_of_person(relation.person_id))
        try:
            with self.db.transaction() as session:
                relation = session.scalars(
                    select(EmploymentRelation).where(EmploymentRelation.id == relation_id).with_for_update()
                    .execution_options(populate_existing=True)).one()
                step = domain.step_for(relation.state, action, relation.role)  # it may have moved on meanwhile
                if step.to in domain.BINDING_STATES and relation.state not in domain.BINDING_STATES:
                    domain.refuse_bound_elsewhere(self._binding_elsewhere(session, relation))
                session.add(relation.take(action, step, reason, caller.username, utcnow()))
                session.flush()
                self._announce(session, action, relation)
        except IntegrityError:
            # confirmed at the same moment as another employer's relation with the same person: that one won
            domain.refuse_bound_elsewhere(self._binding_elsewhere(self.db.session, relation))
            raise EmployedElsewhere("the person is employed by another employer") from None
        return self._view(relation_id)

    def _announce(self, session, action, relation):
        """The event of a step that other services and systems care about: the binding changed, or may."""
        if action == "confirm":
            employer = session.get(Enterprise, relation.enterprise_id)
            self.outbox.add("employment_confirmed",
                            {**confirmed_event.dump(relation), "enterprise_name": employer.name})
        elif action == "decline":
            self.outbox.add("employment_declined", relation_event.dump(relation))
        elif action == "withdraw":
            self.outbox.add("employment_withdrawn", relation_event.dump(relation))
        elif action == "request_resignation":
            self.outbox.add("resignation_requested", relation_event.dump(relation))
        elif relation.state == domain.ENDED:
            self.outbox.add("employment_ended", ended_event.dump(relation))

    def _relation_caller(self):
        caller = self.caller
        return caller.require_worker() if caller.role == WORKER else caller.require_known()

    @staticmethod
    def _relation_in_scope(session, relation_id, caller):
        """The relation, if the caller may see it; EMPLOYMENT_NOT_FOUND otherwise (another's looks like none)."""
        relation = session.get(EmploymentRelation, relation_id) if isinstance(relation_id, int) else None
        if relation is None or not domain.RelationScope.of(caller).covers(relation):
            raise EmploymentNotFound(f"no employment relation {relation_id}")
        return relation

    @staticmethod
    def _open_relations(session, person_id):
        rows = session.execute(
            select(EmploymentRelation.enterprise_id, Enterprise.name, EmploymentRelation.role, EmploymentRelation.state)
            .join(Enterprise, Enterprise.id == EmploymentRelation.enterprise_id)
            .where(EmploymentRelation.person_id == person_id, EmploymentRelation.state.in_(domain.OPEN_STATES))).all()
        return [domain.OpenRelation(*row) for row in rows]

    @staticmethod
    def _binding_elsewhere(session, relation):
        """The person's binding relation with another employer, or None."""
        return next((other for other in EmploymentService._open_relations(session, relation.person_id)
                     if other.binding and other.enterprise_id != relation.enterprise_id), None)

    def _holders_of(self, id_fragment):
        """Persons whose ID number is, begins or ends with the fragment (identity_svc knows the numbers)."""
        try:
            return self.identity.find_person_ids(id_fragment, ID_FRAGMENT_MATCHES)
        except InvalidInput as refusal:
            # identity_svc names the field of its own form: here it is 证件号
            refusal.fields = dict.fromkeys(["id_number"], next(iter(refusal.fields.values()), "INVALID"))
            raise refusal from None

    def _enterprise_names(self, enterprise_ids):
        if not enterprise_ids:
            return {}
        return dict(self.db.session.execute(select(Enterprise.id, Enterprise.name).where(
            Enterprise.id.in_(enterprise_ids))).all())

    def _views(self, relations):
        side = domain.side_of(self.caller)
        names = self._enterprise_names({relation.enterprise_id for relation in relations})
        return [{**relation_schema.dump(relation), "enterprise_name": names.get(relation.enterprise_id),
                 "actions": domain.actions_open_to(side, relation.state, relation.role)} for relation in relations]

    def _view(self, relation_id):
        return self._views([self.db.session.get(EmploymentRelation, relation_id)])[0]

    # -- 基本信息登记 (worker profiles), 班组 (teams), 劳动合同 (labour contracts) ---------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def save_profile(self, relation_id, profile):
        """添加人员 / 编辑 of an employee's profile (manual 001 part 1's form); ``role`` sets the relation's role.

        Example: ``{"role": "worker", "phone": "13912345204", "trade": "020", "education": "04",
        "politics": "13", "team_id": 3, "is_team_leader": false, "bank": "102", "wage_card_number":
        "6222 0212 3456 7890 128", "wage_scheme": "day", "daily_wage": "160"}``. The phones and the card number
        are kept encrypted and shown masked; left out of an edit they stay as they are.
        """
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        values = load_or_refuse(ProfileFormSchema(), profile)
        with self.db.transaction() as session:
            relation = workforce.own_relation(session, relation_id, enterprise_id, lock=True)
            profiles.require_employee(relation.state)
            team = None
            if values["team_id"] is not None:
                team = session.scalar(select(Team).where(Team.id == values["team_id"],
                                                         Team.enterprise_id == enterprise_id).with_for_update())
            stored = workforce.profile_of(session, relation.id)
            values = profiles.check_profile(values, team_known=team is not None,
                                            card_on_file=stored is not None and stored.wage_card_encrypted is not None)
            record = workforce.profile_or_stub(session, relation, self.caller.username)
            role = values.pop("role")
            if role:
                relation.role = role
            wants_leader, team_id = values.pop("is_team_leader"), values.pop("team_id")
            for name in profiles.SECRET_FIELDS:
                if name in values:
                    self._keep_secret(record, name, values.pop(name))
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_by = self.caller.username
            session.flush()
            self._place(session, record, team if team_id is not None else None, wants_leader)
            session.flush()
            view = workforce.profile_view_of(session, relation.id)
            self.outbox.add("worker_profile_updated", profile_event.dump(view))
        return view

    @rpc(expected_exceptions=EXPECTED)
    def get_profile(self, relation_id):
        """查看 of one profile; the employer's own, or any for the authority."""
        enterprise_id = profiles.readable_enterprise(self.caller.require_known())
        workforce.own_relation(self.db.session, relation_id, enterprise_id)
        return workforce.profile_view_of(self.db.session, relation_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_profiles(self, query):
        """基本信息登记 list: filters 姓名 (fragment), 身份证号 (whole, or first 6+ / last 4+), 状态
        (employed 在职 / ended 离职), 班组; newest first, one page."""
        params = load_or_refuse(ProfileQuerySchema(), query)
        enterprise_id = profiles.readable_enterprise(self.caller.require_known(), params["enterprise_id"])
        statement = workforce.filtered_profiles(params, enterprise_id, self._person_ids(params["id_number"]))
        return workforce.page_of_rows(self.db.session, statement, (WorkerProfile.id.desc(),), params["page"],
                                      params["page_size"], workforce.as_profile)

    @rpc(expected_exceptions=EXPECTED)
    def export_profiles(self, query, after=None, page_size=EXPORT_PAGE_SIZE):
        """One page of the profile list's spreadsheet rows, newest first; ``after`` is the page before's ``after``
        (None: the first page, which also counts every row, so a caller can refuse an export too large).
        ``{"rows": [...], "total": 120, "after": 5512}``; ``after`` None on the last page."""
        params = load_or_refuse(ProfileQuerySchema(), query)
        enterprise_id = profiles.readable_enterprise(self.caller.require_known(), params["enterprise_id"])
        statement = workforce.filtered_profiles(params, enterprise_id, self._person_ids(params["id_number"]))
        size = min(max(int(page_size), 1), EXPORT_PAGE_SIZE)
        total = workforce.count_of(self.db.session, statement) if after is None else None
        if after is not None:
            statement = statement.where(WorkerProfile.id < int(after))
        rows = self.db.session.execute(statement.order_by(WorkerProfile.id.desc()).limit(size)).all()
        return {"rows": [workforce.as_profile(*row) for row in rows], "total": total,
                "after": rows[-1][0].id if len(rows) == size else None}

    @rpc(expected_exceptions=EXPECTED)
    def create_team(self, team):
        """新建班组: ``{"name": "钢筋一班", "kind": "workers", "trade": "020", "leader_relation_id": 12}``; the
        leader (a confirmed employee) becomes a member."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        values = load_or_refuse(TeamFormSchema(), team)
        taken = TeamNameTaken("this team name is taken", fields={"name": "TEAM_NAME_TAKEN"})
        try:
            with self.db.transaction() as session:
                if session.scalar(select(Team.id).where(Team.enterprise_id == enterprise_id,
                                                        Team.name == values["name"].strip())):
                    raise taken
                leader_id = values.pop("leader_relation_id")
                created = Team(**{**values, "name": values["name"].strip()}, enterprise_id=enterprise_id,
                               created_by=self.caller.username)
                session.add(created)
                session.flush()
                leader = self._appoint(session, created, leader_id, enterprise_id)
                self.outbox.add("team_created", TeamEventSchema().dump({
                    "team_id": created.id, "enterprise_id": enterprise_id, "name": created.name,
                    "kind": created.kind, "trade": created.trade,
                    "leader_person_id": leader.person_id if leader is not None else None}))
        except IntegrityError:
            raise taken from None
        return workforce.as_teams(self.db.session, [self.db.session.get(Team, created.id)])[0]

    @rpc(expected_exceptions=EXPECTED)
    def update_team(self, team_id, changes):
        """编辑 of a team: name, kind, trade, leader (null: no leader); the new leader becomes a member."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        values = load_or_refuse(TeamChangesSchema(), changes)
        taken = TeamNameTaken("this team name is taken", fields={"name": "TEAM_NAME_TAKEN"})
        try:
            with self.db.transaction() as session:
                team = workforce.own_team(session, team_id, enterprise_id, lock=True)
                if "name" in values:
                    values["name"] = values["name"].strip()
                    if session.scalar(select(Team.id).where(Team.enterprise_id == enterprise_id,
                                                            Team.name == values["name"], Team.id != team.id)):
                        raise taken
                for name in ("name", "kind", "trade"):
                    if name in values:
                        setattr(team, name, values[name])
                if "leader_relation_id" in values and values["leader_relation_id"] != team.leader_relation_id:
                    if values["leader_relation_id"] is None:
                        self._step_down(session, team)
                    else:
                        self._appoint(session, team, values["leader_relation_id"], enterprise_id)
                leader = session.get(EmploymentRelation, team.leader_relation_id) if team.leader_relation_id else None
                self.outbox.add("team_updated", TeamEventSchema().dump({
                    "team_id": team.id, "enterprise_id": enterprise_id, "name": team.name, "kind": team.kind,
                    "trade": team.trade, "leader_person_id": leader.person_id if leader is not None else None}))
        except IntegrityError:
            raise taken from None
        return workforce.as_teams(self.db.session, [self.db.session.get(Team, team_id)])[0]

    @rpc(expected_exceptions=EXPECTED)
    def list_teams(self, query):
        """项目班组 list: ``{"name": "钢筋", "kind": "workers", "page": 1, "page_size": 20}``, by name."""
        params = load_or_refuse(TeamQuerySchema(), query)
        enterprise_id = profiles.readable_enterprise(self.caller.require_known(), params["enterprise_id"])
        statement = select(Team)
        if enterprise_id is not None:
            statement = statement.where(Team.enterprise_id == enterprise_id)
        if params["name"].strip():
            statement = statement.where(Team.name.contains(params["name"].strip(), autoescape=True))
        if params["kind"]:
            statement = statement.where(Team.kind == params["kind"])
        return page_of(self.db.session, statement, (Team.name, Team.id), params["page"], params["page_size"],
                       lambda teams: workforce.as_teams(self.db.session, teams))

    @rpc(expected_exceptions=EXPECTED)
    def team_members(self, team_id):
        """The team's members now (employees in it), as profiles, by name."""
        workforce.own_team(self.db.session, team_id, profiles.readable_enterprise(self.caller.require_known()))
        return workforce.team_members(self.db.session, team_id)

    @rpc(expected_exceptions=EXPECTED)
    def move_member(self, relation_id, team_id):
        """Moves an employee into a team (None: out of every team); a leader who leaves their team stops leading
        it. Returns the profile."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        with self.db.transaction() as session:
            relation = workforce.own_relation(session, relation_id, enterprise_id, lock=True)
            profiles.require_employee(relation.state)
            team = None if team_id is None else workforce.own_team(session, team_id, enterprise_id, lock=True)
            record = workforce.profile_or_stub(session, relation, self.caller.username)
            session.flush()
            staying_leader = team is not None and team.leader_relation_id == relation.id
            self._place(session, record, team, staying_leader)
            session.flush()
            view = workforce.profile_view_of(session, relation.id)
        return view

    @rpc(expected_exceptions=EXPECTED)
    def dissolve_team(self, team_id):
        """解散 an empty team (TEAM_NOT_EMPTY while employees are in it); those who have left lose the place."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        with self.db.transaction() as session:
            team = workforce.own_team(session, team_id, enterprise_id, lock=True)
            members = workforce.member_counts(session, [team.id]).get(team.id, 0)
            if members:
                raise TeamNotEmpty("the team still has members", details={"member_count": members})
            session.execute(update(WorkerProfile).where(WorkerProfile.team_id == team.id).values(team_id=None))
            session.delete(team)
            self.outbox.add("team_dissolved", TeamDissolvedEventSchema().dump(
                {"team_id": team_id, "enterprise_id": enterprise_id}))
        return {"team_id": team_id, "dissolved": True}

    @rpc(expected_exceptions=EXPECTED)
    def save_contract(self, relation_id, contract):
        """签订合同 / its correction: ``{"number": "HT-2026-001", "contract_type": "fixed", "signed_on":
        "2026-11-02", "starts_on": "2026-11-03", "ends_on": "2027-11-02"}``; one contract per employment."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        values = profiles.check_contract(load_or_refuse(ContractFormSchema(), contract), today())
        values["number"] = values["number"].strip()
        with self.db.transaction() as session:
            relation = workforce.own_relation(session, relation_id, enterprise_id, lock=True)
            profiles.require_employee(relation.state)
            record = session.scalar(select(ContractRecord).where(ContractRecord.relation_id == relation.id))
            if record is None:
                record = ContractRecord(relation_id=relation.id, enterprise_id=enterprise_id,
                                        person_id=relation.person_id)
                session.add(record)
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_by = self.caller.username
            session.flush()
            self.outbox.add("contract_signed", ContractEventSchema().dump(record))
            view = workforce.as_contract(record, workforce.documents_of(session, [record.id]).get(record.id, []))
        return view

    @rpc(expected_exceptions=EXPECTED)
    def list_contracts(self, query):
        """劳动合同 page: the employer's employees and their contracts; ``signed`` true / false filters who has
        and has not signed, ``expiring_within_days`` (30) those whose contract ends that soon."""
        params = load_or_refuse(ContractQuerySchema(), query)
        enterprise_id = profiles.readable_enterprise(self.caller.require_known(), params["enterprise_id"])
        on = today()
        statement = workforce.contract_select(params, enterprise_id, on)
        page = workforce.page_of_rows(self.db.session, statement, (EmploymentRelation.person_name,
                                                                   EmploymentRelation.id),
                                      params["page"], params["page_size"], lambda *row: row)
        documents = workforce.documents_of(self.db.session, [c.id for _, c in page["items"] if c is not None])
        page["items"] = [{
            "relation_id": relation.id, "enterprise_id": relation.enterprise_id, "person_id": relation.person_id,
            "person_name": relation.person_name, "id_number_masked": relation.id_number_masked,
            "role": relation.role, "signed": contract is not None,
            "expiring": contract is not None and profiles.expiring(contract.ends_on, on, 30),
            "contract": None if contract is None else workforce.as_contract(contract, documents.get(contract.id, [])),
        } for relation, contract in page["items"]]
        return page

    @rpc(expected_exceptions=EXPECTED)
    def add_contract_document(self, contract_id, filename, content_type, content_base64):
        """合同资料上传: a photo or PDF of the signed paper, checked by its bytes (JPEG, PNG, PDF; ≤ 10 MB)."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        upload = load_or_refuse(DocumentUploadSchema(), {"filename": filename, "content_type": content_type,
                                                         "content_base64": content_base64})
        content = decoded(upload["content_base64"])
        detected = document_type(content)
        with self.db.transaction() as session:
            contract = session.get(ContractRecord, contract_id)
            if contract is None or contract.enterprise_id != enterprise_id:
                raise ContractNotFound(f"no contract {contract_id}")
            document = ContractDocument(contract_id=contract.id, filename=upload["filename"].strip(),
                                        content_type=detected, size=len(content),
                                        sha256=hashlib.sha256(content).hexdigest(),
                                        storage_key=self.documents.put(content), uploaded_by=self.caller.username)
            session.add(document)
            session.flush()
            view = workforce.document_view.dump(document)
        return view

    @rpc(expected_exceptions=EXPECTED)
    def delete_contract_document(self, document_id):
        """删除 a wrong photo (it can then be uploaded again)."""
        enterprise_id = profiles.acting_enterprise(self.caller.require_known())
        with self.db.transaction() as session:
            document, _ = self._document(session, document_id, enterprise_id)
            self.documents.delete(document.storage_key)
            session.execute(delete(ContractDocument).where(ContractDocument.id == document.id))
        return {"document_id": document_id, "deleted": True}

    @rpc(expected_exceptions=EXPECTED)
    def get_contract_document(self, document_id):
        """The file, for the employer (and the authority) only: ``{filename, content_type, content_base64}``."""
        enterprise_id = profiles.readable_enterprise(self.caller.require_known())
        document, _ = self._document(self.db.session, document_id, enterprise_id)
        content = self.documents.get(document.storage_key)
        if content is None:
            raise DocumentNotFound(f"the bytes of document {document_id} are gone")
        return {"filename": document.filename, "content_type": document.content_type,
                "content_base64": base64.b64encode(content).decode()}

    # -- helpers of profiles, teams and contracts ----------------------------------------------------------------

    def _keep_secret(self, record, name, value):
        stored = "wage_card" if name == "wage_card_number" else name
        record.__setattr__(f"{stored}_encrypted", self.vault.encrypt(value))
        masked = profiles.mask_card(value) if name == "wage_card_number" else mask_phone(value)
        record.__setattr__(f"{stored}_masked", masked)

    def _place(self, session, record, team, wants_leader):
        """A profile into ``team`` (as its leader or not), each resulting change published."""
        previous = workforce.team_by_id(session, record.team_id)
        changes, displaced = profiles.place_in_team(record, previous, team, wants_leader)
        if displaced is not None:
            former = workforce.profile_of(session, displaced)
            if former is not None and former.team_id == team.id:
                changes.append(profiles.member_change(former.relation_id, former.person_id, former.enterprise_id,
                                                      team.id, team.id, False))
        for change in changes:
            self.outbox.add("team_member_changed", member_event.dump(change))

    def _appoint(self, session, team, relation_id, enterprise_id):
        """班组长: a confirmed employee of the team's employer, who becomes a member."""
        if relation_id is None:
            return None
        # locked as a profile's save locks it: the leader's profile may be made here
        relation = session.scalar(select(EmploymentRelation).where(EmploymentRelation.id == relation_id)
                                  .with_for_update())
        if relation is None or relation.enterprise_id != enterprise_id or \
                profiles.list_state(relation.state) != "employed":
            raise InvalidTeam("the leader must be an employee", fields={"leader_relation_id": "UNKNOWN_EMPLOYEE"})
        record = workforce.profile_or_stub(session, relation, self.caller.username)
        session.flush()
        self._place(session, record, team, True)
        return relation

    def _step_down(self, session, team):
        """The team keeps its leader as a member, without a leader."""
        leader = workforce.profile_of(session, team.leader_relation_id)
        team.leader_relation_id = None
        if leader is not None and leader.team_id == team.id:
            self.outbox.add("team_member_changed", member_event.dump(profiles.member_change(
                leader.relation_id, leader.person_id, leader.enterprise_id, team.id, team.id, False)))

    def _person_ids(self, id_number):
        """身份证号 of the profile list: whole, or its first 6+ / last 4+ characters, of any document type."""
        term = (id_number or "").strip()
        if not term:
            return None
        if not looks_like_id_number(term):
            raise InvalidInput("not part of an ID number", fields={"id_number": "ID_NUMBER_FORMAT"})
        try:
            return self.identity.find_person_ids(term, ID_FRAGMENT_MATCHES)
        except InvalidInput as refusal:
            # identity_svc names its own field (``person``): here the fragment was typed as 身份证号
            refusal.fields = {"id_number": next(iter(refusal.fields.values()), "INVALID")}
            raise

    @staticmethod
    def _document(session, document_id, enterprise_id):
        found = session.execute(select(ContractDocument, ContractRecord).join(
            ContractRecord, ContractRecord.id == ContractDocument.contract_id).where(
            ContractDocument.id == document_id)).first()
        if found is None or (enterprise_id is not None and found[1].enterprise_id != enterprise_id):
            raise DocumentNotFound(f"no document {document_id}")
        return found
