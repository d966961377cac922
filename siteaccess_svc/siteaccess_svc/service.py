"""siteaccess_svc entrypoints: 进场登记, 非正常登记, 编辑, 退场登记, and the roster queries."""

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis import days
from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, WORKER, CallerIdentity, SystemActor
from chassis.database import Database, upsert
from chassis.errors import Forbidden, InvalidInput, ServiceError
from chassis.events import first_delivery
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.idempotency import IdempotentCalls
from chassis.logs import ServiceLog
from chassis.messaging import RpcProxy, event_handler, rpc
from chassis.outbox import Outbox
from chassis.pii import PersonalData, looks_like_id_number, mask_phone
from chassis.schemas import load_or_refuse
from employment_svc.exceptions import EnterpriseNotFound
from identity_svc.exceptions import PersonNotFound
from project_svc import exceptions as project_refusals
from siteaccess_svc import assignments, codes, domain, employment, roster
from siteaccess_svc.exceptions import (
    ENTRY_NOT_FOUND,
    EXPECTED,
    AlreadyOnSite,
    EntryNotFound,
    ExitRefused,
    NotGeneralContractor,
    PersonNotRegistered,
    ProjectNotFound,
    TeamNotFound,
    UnknownEnterprise,
)
from siteaccess_svc.models import (
    EntryChange,
    EntryRecord,
    IdempotentCall,
    KnownEnterprise,
    KnownPerson,
    KnownProject,
    OutboxRecord,
    PersonalShortCode,
    ProcessedEvent,
)
from siteaccess_svc.reference import reference_tables
from siteaccess_svc.schemas import (
    AssignedEntryRequestSchema,
    AwaitingEntryQuerySchema,
    EmploymentTermsSchema,
    EntryChangesSchema,
    EntryEventSchema,
    EntryQuerySchema,
    EntryRequestSchema,
    EntryViewSchema,
    ExitRequestSchema,
    ExitTeamRequestSchema,
    TeamLeaderQuerySchema,
)

entry_view = EntryViewSchema()
event_schema = EntryEventSchema()
EXPORT_PAGE_SIZE = 2_000  # rows per export_entries answer: about 1 MB of JSON
#: the most persons an ID-number fragment may name in 退场查询 / 用工查询 (identity_svc refuses broader ones)
ID_FRAGMENT_MATCHES = 5_000


def prefixed(error: ServiceError, prefix: str) -> ServiceError:
    """Names the part of a combined form a refusal belongs to (``person.id_number``)."""
    error.fields = {f"{prefix}.{name}": code for name, code in error.fields.items()}
    return error


def today():
    return days.today()


class SiteAccessService(HealthCheck):
    """Who entered and left which site (进场 / 退场)."""

    name = "siteaccess_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    vault = PersonalData()
    code_signer = codes.PersonalCodes()
    caller = CallerIdentity()
    act_as_system = SystemActor()
    identity = RpcProxy("identity_svc")
    employment = RpcProxy("employment_svc")
    projects = RpcProxy("project_svc")

    @rpc
    def reference_tables(self):
        return reference_tables()

    # -- 进场 ----------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def enter(self, project_id, request):
        """进场登记 of a person who has a real-name record, on ``project_id`` (a site's own when None)."""
        project_id = self._gate_scope().project_for(project_id)
        values = load_or_refuse(EntryRequestSchema(), request)
        try:
            person = self.identity.find_by_id_number(values.pop("id_type"), values.pop("id_number"))
        except PersonNotFound:
            raise PersonNotRegistered("no real-name record: use 非正常登记",
                                      fields={"id_number": "PERSON_NOT_REGISTERED"}) from None
        entry = self._admit(person, *self._admission(project_id, domain.EmploymentTerms(**values)),
                            assignment_rule=True)
        return {**entry, "warnings": self._entry_warnings(entry)}

    @rpc(expected_exceptions=EXPECTED)
    def enter_unregistered(self, project_id, person_document, terms):
        """非正常登记: the real-name record (unverified) and the entry in one action.

        The entry is checked before the record is made, so a refused form leaves
        no record behind: the user corrects either part and saves again, and
        what was corrected is what is kept. A number already on record is
        refused with that record and the typed fields that differ from it
        (PERSON_ALREADY_REGISTERED): nothing is created or changed, and the
        user chooses to enter the record on file by 进场登记.
        """
        project_id = self._gate_scope().project_for(project_id)
        try:
            values = load_or_refuse(EmploymentTermsSchema(), terms)
            admission = self._admission(project_id, domain.EmploymentTerms(**values))
        except InvalidInput as refusal:
            raise prefixed(refusal, "entry") from None
        on_file = self._on_file(person_document)
        if on_file is not None:
            domain.refuse_registered_again(on_file, person_document)
        try:
            registered = self.identity.register_person({**person_document, "verification_source": "manual"})
        except InvalidInput as refusal:
            raise prefixed(refusal, "person") from None
        if not registered["created"]:
            # registered by someone else since the lookup above
            domain.refuse_registered_again(registered["person"], person_document)
        try:
            entry = self._admit(registered["person"], *admission, irregular=True)
        except InvalidInput as refusal:
            raise prefixed(refusal, "entry") from None
        return {"person": registered["person"], "person_created": registered["created"], "entry": entry,
                "warnings": self._entry_warnings(entry)}

    def _admission(self, project_id, terms: domain.EmploymentTerms):
        """What an entry needs whoever enters: the project, the employer, terms that keep the form's rules."""
        project = self._project(project_id)
        self._refuse_unless_general_contractor(project)
        employer = self._enterprise(terms.employer_id)
        terms = dataclasses.replace(terms, phone=domain.check_phone(terms.phone))
        domain.check_terms(terms, project_id, today(), SiteRoster(self.db.session).leader(terms.team_leader_entry_id))
        return project, employer, terms

    def _admit(self, person, project, employer, terms: domain.EmploymentTerms, assignment_rule=False,
               irregular=False):
        """The entry, in one transaction with its event. ``assignment_rule``: on a project that requires it, a
        confirmed assignment is needed (进场登记, entry by code); 非正常登记 (``irregular``) is the exception path,
        flagged for the authority's list instead."""
        project_id, phone = project["id"], terms.phone
        try:
            with self.db.transaction() as session:
                self._remember(session, person, employer, project)
                domain.refuse_if_on_site(self._open_entry_id(session, project_id, person["id"]))
                if assignment_rule:
                    assignments.AssignmentBook(session).check(project_id, person["id"])
                # again inside the transaction: the chosen leader may have left meanwhile
                domain.check_terms(terms, project_id, today(), SiteRoster(session).leader(terms.team_leader_entry_id))
                entry = EntryRecord(
                    project_id=project_id, person_id=person["id"], employer_id=terms.employer_id,
                    is_team_leader=terms.is_team_leader,
                    team_leader_entry_id=None if terms.is_team_leader else terms.team_leader_entry_id,
                    phone_encrypted=self.vault.encrypt(phone), phone_masked=mask_phone(phone),
                    trade=terms.trade, education=terms.education, entry_date=terms.entry_date,
                    created_by=self.caller.username, irregular=irregular,
                )
                session.add(entry)
                session.flush()
                self.outbox.add("person_entered", event_schema.dump(self._event_data(entry, person)))
        except IntegrityError:
            # the same person admitted at the same moment by another gate
            raise AlreadyOnSite("the person is already on this site", fields={"id_number": "ALREADY_ON_SITE"}) \
                from None
        return self._view(entry.id)

    # -- 编辑 ----------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def update_entry(self, entry_id, changes):
        """编辑: changes the employment terms of an entry; the change is kept in its history."""
        requested = load_or_refuse(EntryChangesSchema(), changes)
        with self.db.transaction() as session:
            entry = session.get(EntryRecord, entry_id)
            if entry is None or not self._gate_scope().admits(entry):
                raise EntryNotFound(f"no entry {entry_id}")
            if requested.get("employer_id", entry.employer_id) != entry.employer_id:
                self._remember_enterprise(session, self._enterprise(requested["employer_id"]))
            plan = domain.plan_edit(entry.id, entry.project_id, entry.exit_date,
                                    entry.terms(self.vault.decrypt(entry.phone_encrypted)), requested,
                                    SiteRoster(session), today())
            if plan.values:
                entry.edit(plan, self.vault.encrypt)
                session.add(EntryChange(entry_id=entry.id, changed_by=self.caller.username, changes=plan.history))
        return self._view(entry_id)

    @rpc(expected_exceptions=EXPECTED)
    def entry_history(self, entry_id):
        """编辑 history, oldest first: who changed what when, employers and leaders by name."""
        entry = self.db.session.get(EntryRecord, entry_id)
        if entry is None:
            raise EntryNotFound(f"no entry {entry_id}")
        if not self._roster_scope().admits(entry):
            raise Forbidden("this entry is outside the caller's scope")
        changes = self.db.session.scalars(
            select(EntryChange).where(EntryChange.entry_id == entry.id).order_by(EntryChange.id)).all()
        names = self._names(domain.ids_named_in([c.changes for c in changes]))
        return [{"changed_at": c.changed_at.isoformat(), "changed_by": c.changed_by,
                 "changes": domain.describe_changes(c.changes, names)} for c in changes]

    # -- 退场 ----------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def exit(self, request):
        """退场登记 of one or many: each refused entry is named with its reason, the others exit."""
        values = load_or_refuse(ExitRequestSchema(), request)
        scope = self._gate_scope()
        with self.db.transaction() as session:
            chosen = []
            for entry_id in dict.fromkeys(values["entry_ids"]):
                entry = session.get(EntryRecord, entry_id)
                chosen.append((entry_id, entry if entry is not None and scope.admits(entry) else None))
            result = self._exit_entries(session, chosen, values)
        return self._exit_result(result)

    @rpc(expected_exceptions=EXPECTED)
    def exit_team(self, project_id, team_id, exit_date, evaluation, comment=None):
        """班组退场 (manual 003 §7.2): every member of the 班组 on the site exits at once, by the rules of 退场登记.

        The members are those employment_svc's events last placed in the team.
        It cannot be undone (each exited person must be entered again). The
        answer is the one of ``exit``: ``{"exited": [entry], "refused": [{"entry_id", "name", "error"}]}``.
        """
        project_id = self._gate_scope().project_for(project_id)
        values = load_or_refuse(ExitTeamRequestSchema(), {
            "team_id": team_id, "exit_date": exit_date, "evaluation": evaluation, "evaluation_comment": comment})
        with self.db.transaction() as session:
            book = employment.EmploymentBook(session)
            team = book.team(values["team_id"])
            if team is None:
                raise TeamNotFound(f"no team {values['team_id']}")
            members = book.team_members(team)
            chosen = employment.members_to_exit(book.open_entries(project_id, members, for_exit=True), members)
            result = self._exit_entries(session, [(entry.id, entry) for entry in chosen], values)
        return self._exit_result(result)

    def _exit_entries(self, session, chosen, values):
        """退场登记 of ``chosen`` (``[(entry_id, entry or None)]``): (exited ids, refusals)."""
        exited, refused = [], []
        for entry_id, entry in chosen:
            if entry is None:
                refused.append({"entry_id": entry_id, "name": None, "error": ENTRY_NOT_FOUND})
                continue
            person = session.get(KnownPerson, entry.person_id)
            try:
                entry.exit(values["exit_date"], values["evaluation"], values["evaluation_comment"],
                           self.caller.username, today())
            except ExitRefused as refusal:
                refused.append({"entry_id": entry_id, "name": person.name, "error": refusal.reason})
                continue
            session.flush()
            self.outbox.add("person_exited", event_schema.dump(
                self._event_data(entry, {"name": person.name, "id_number_masked": person.id_number_masked})))
            exited.append(entry.id)
        return exited, refused

    def _exit_result(self, result):
        exited, refused = result
        return {"exited": [self._view(entry_id) for entry_id in exited], "refused": refused}

    # -- what the gate knows of employment (employment_svc's events) -----------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def current_employment(self, person_id):
        """The person's employer now, for the entry form's 用人单位: ``{"relation_id", "enterprise_id",
        "enterprise_name", "role", "team_id", "team_name", "is_team_leader", "confirmed_at"}``, or None."""
        self._gate_scope()
        return employment.EmploymentBook(self.db.session).current(person_id)

    @rpc(expected_exceptions=EXPECTED)
    def employer_team_leaders(self, project_id, employer_id):
        """The employer's 班组长 for the entry form's 劳务队长, each as they stand on the project:
        ``[{"person_id", "name", "team_id", "team_name", "entry_id", "state"}]``; ``state`` ``on_site`` (entered as
        劳务队长: ``entry_id`` is the choice), ``on_site_not_as_leader`` (entered as a worker: 编辑 makes them
        劳务队长) or ``not_on_site`` (enter them first).
        """
        project_id = self._gate_scope().project_for(project_id)
        return employment.EmploymentBook(self.db.session).employer_leaders(project_id, int(employer_id))

    @rpc(expected_exceptions=EXPECTED)
    def site_teams(self, project_id, employer_id=None):
        """The 班组 of the employers on the site (班组退场's choice): ``[{"team_id", "name", "enterprise_id",
        "enterprise_name", "kind", "trade", "leader_name", "on_site_count"}]`` by name."""
        project_id = self._gate_scope().project_for(project_id)
        return employment.EmploymentBook(self.db.session).site_teams(
            project_id, None if employer_id is None else int(employer_id))

    # -- queries ---------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def query_entries(self, query):
        """退场查询 / 用工查询: filters, newest entry first, one page."""
        filters = self._roster_scope().narrow(load_or_refuse(EntryQuerySchema(), query))
        filters, person_ids = self._person_filter(filters)
        total, found = roster.page(self.db.session, filters, person_ids, filters["page"], filters["page_size"])
        return {"items": entry_view.dump(found, many=True), "total": total, "page": filters["page"],
                "page_size": filters["page_size"]}

    @rpc(expected_exceptions=EXPECTED)
    def export_entries(self, query, after=None, page_size=EXPORT_PAGE_SIZE):
        """One page of the 用工查询 spreadsheet's rows, newest entry first; ask again with ``after`` for the next.

        ``after`` is the ``after`` of the page before (None: the first page,
        which also counts every row the filters match, so that the caller can
        refuse an export too large before it starts). Example answer:
        ``{"rows": [...], "total": 12000, "after": ["2026-11-02", 8817]}``;
        ``after`` is None on the last page, ``total`` None after the first.
        """
        filters = self._roster_scope().narrow(load_or_refuse(EntryQuerySchema(), query))
        filters, person_ids = self._person_filter(filters)
        size = min(max(int(page_size), 1), EXPORT_PAGE_SIZE)
        if after is not None:
            after = (dt.date.fromisoformat(after[0]), int(after[1]))
        found = roster.export_page(self.db.session, filters, person_ids, after, size)
        last = found[-1] if len(found) == size else None
        return {"rows": roster.as_plain(found),
                "total": roster.count(self.db.session, filters, person_ids) if after is None else None,
                "after": None if last is None else [last["entry_date"].isoformat(), last["id"]]}

    @rpc(expected_exceptions=EXPECTED)
    def team_leaders(self, query):
        """劳务队长 the caller's roster shows, for its filter; ``state=on_site``: those on site now (the entry form).

        ``query``: ``{"project_id": 5, "state": "on_site", "name": "张", "limit": 200}``, all optional; at most
        ``limit`` leaders, by name.
        """
        requested = load_or_refuse(TeamLeaderQuerySchema(), query)
        limit, name = requested.pop("limit"), requested.pop("name").strip()
        filters = self._roster_scope().narrow({**requested, "is_team_leader": True, "name_fragment": name})
        found = roster.rows(self.db.session, roster.filtered(roster.roster_select(), filters),
                            order_by=(roster.KnownPerson.name, EntryRecord.id), limit=limit)
        return [{"entry_id": row["id"], **{name: row[name] for name in (
            "name", "employer_id", "employer_name", "project_id", "project_name", "state")}} for row in found]

    @rpc(expected_exceptions=EXPECTED)
    def person_history(self, person_id):
        """Every entry and exit of a person, across the projects the caller may see, oldest first."""
        filters = self._roster_scope().narrow({})
        statement = roster.filtered(roster.roster_select(), filters, [person_id])
        return entry_view.dump(roster.rows(self.db.session, statement, order_by=roster.OLDEST_FIRST), many=True)

    # -- the personal 建设码 and entry by code -----------------------------------------------------------------------

    @rpc
    def personal_code_public_key(self):
        """The key a gate verifies personal codes with, offline: ``{"algorithm": "Ed25519", "pem", "raw_base64",
        "format"}``; public, asked by anyone."""
        signer = self.code_signer
        return {"algorithm": "Ed25519", "pem": signer.public_key_pem(), "raw_base64": signer.public_key_raw(),
                "format": "base64url(version:1 | person_id:4 | expires_unix:4 | ed25519 signature:64), big endian",
                "lifetime_seconds": int(codes.LIFETIME.total_seconds())}

    @rpc(expected_exceptions=EXPECTED)
    def issue_personal_code(self):
        """我的建设码: a fresh code of the calling worker, ``{"token", "short_code", "expires_at",
        "lifetime_seconds"}``; the typed ``short_code`` is kept hashed until it expires."""
        person_id = self.caller.require_worker().person_id
        now = dt.datetime.now(dt.UTC)
        issued = self.code_signer.issue(person_id, now)
        with self.db.transaction() as session:
            # the codes of a day ago are of no use to anyone
            session.execute(PersonalShortCode.__table__.delete().where(
                PersonalShortCode.expires_at < now - dt.timedelta(days=1)))
            session.add(PersonalShortCode(code_hash=self.code_signer.short_code_hash(issued["short_code"]),
                                          person_id=person_id, expires_at=issued["expires_at"]))
        return {**issued, "expires_at": issued["expires_at"].isoformat(),
                "lifetime_seconds": int(codes.LIFETIME.total_seconds())}

    @rpc(expected_exceptions=EXPECTED)
    def read_personal_code(self, project_id, code):
        """扫码进场: whose code it is and how they stand on the project — ``{"person", "employment", "assignment",
        "assignment_required", "on_site_entry_id", "prefill", "ticket"}``. ``ticket`` lets ``enter_by_code``
        admit the person for the next ``TICKET_LIFETIME`` (the form takes longer than the code's minute)."""
        project_id, project = self._code_gate(project_id)
        person_id = self._person_of_code(code)
        now = dt.datetime.now(dt.UTC)
        person = self._person(person_id)
        book = assignments.AssignmentBook(self.db.session)
        assignment = book.of_person(project_id, person_id)
        current = employment.EmploymentBook(self.db.session).current(person_id)
        return {"person": {name: person.get(name) for name in ("id", "name", "gender", "id_number_masked")},
                "project": {"id": project["id"], "name": project["name"]},
                "employment": current, "assignment": assignments.assignment_view(assignment),
                "assignment_required": book.assignment_required(project_id),
                "binding_review_required": book.binding_review_required(project_id),
                "binding_state": book.binding_state(project_id, person_id),
                "on_site_entry_id": self._open_entry_id(self.db.session, project_id, person_id),
                "prefill": self._prefill(assignment, current),
                "ticket": self.code_signer.ticket(person_id, project_id, now)}

    @rpc(expected_exceptions=EXPECTED)
    def enter_by_code(self, project_id, code, terms):
        """进场 of the person a code (or the ``ticket`` of ``read_personal_code``) names, by the rules of 进场登记."""
        project_id, _ = self._code_gate(project_id)
        person_id = self._person_of_code(code, project_id)
        values = load_or_refuse(EmploymentTermsSchema(), terms)
        admission = self._admission(project_id, domain.EmploymentTerms(**values))
        entry = self._admit(self._person(person_id), *admission, assignment_rule=True)
        return {**entry, "warnings": self._entry_warnings(entry)}

    # -- 进场登记: confirmed assignments not yet on the site --------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def awaiting_entry(self, project_id, query=None):
        """进场登记 (manual 002 §五): the project's confirmed assignments whose person is not on the site."""
        project_id = self._gate_scope().project_for(project_id)
        values = load_or_refuse(AwaitingEntryQuerySchema(), query or {})
        return assignments.AssignmentBook(self.db.session).awaiting_entry(project_id, **values)

    @rpc(expected_exceptions=EXPECTED)
    def enter_assigned(self, project_id, request):
        """处理 / 批量处理: enters assigned persons with shared terms; each with their assignment's employer (and
        trade unless one is given). ``{"entered": [entry], "refused": [{"person_id", "name", "error"}]}``."""
        project_id = self._gate_scope().project_for(project_id)
        values = load_or_refuse(AssignedEntryRequestSchema(), request)
        project = self._project(project_id)
        self._refuse_unless_general_contractor(project)
        entered, refused = [], []
        for person_id in dict.fromkeys(values["person_ids"]):
            assignment = assignments.AssignmentBook(self.db.session).of_person(project_id, person_id)
            name = assignment.person_name if assignment else None
            try:
                if assignment is None:
                    assignments.refuse_unless_assigned(True, None)
                trade = values.get("trade") or assignment.trade
                terms = load_or_refuse(EmploymentTermsSchema(), {
                    "employer_id": assignment.enterprise_id, "trade": trade, "education": values["education"],
                    "entry_date": values["entry_date"].isoformat(), "phone": values.get("phone"),
                    "is_team_leader": values.get("is_team_leader", False)})
                admission = self._admission(project_id, domain.EmploymentTerms(**terms))
                entered.append(self._admit(self._assigned_person(assignment), *admission, assignment_rule=True))
            except ServiceError as refusal:
                refused.append({"person_id": person_id, "name": name, "error": refusal.code,
                                "fields": refusal.fields})
        return {"entered": entered, "refused": refused}

    # -- 非正常登记: the authority's list ----------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def irregular_entries(self, query):
        """The entries made by 非正常登记 (no real-name record found, no assignment rule), newest first; the
        authority's list (a site or an enterprise sees its own with ``query_entries(irregular=True)``)."""
        caller = self.caller.require_known()
        if caller.role not in (AUTHORITY, SYSTEM):
            raise Forbidden("the authority's list")
        return self.query_entries({**(query or {}), "irregular": True})

    def _code_gate(self, project_id):
        project_id = self._gate_scope().project_for(project_id)
        project = self._project(project_id)
        self._refuse_unless_general_contractor(project)
        return project_id, project

    def _person_of_code(self, code, project_id=None):
        """The person a scanned token, a typed short code or (``project_id`` given) a ticket names."""
        code = (code or "").strip()
        now = dt.datetime.now(dt.UTC)
        if codes.looks_like_short_code(code):
            kept = self.db.session.get(PersonalShortCode, self.code_signer.short_code_hash(code))
            if kept is None:
                raise codes.invalid()
            codes.refuse_expired(employment.moment(kept.expires_at), now)
            return kept.person_id
        if project_id is not None and code.startswith(codes.TICKET_PREFIX):
            return self.code_signer.verify_ticket(code, project_id, now)
        return self.code_signer.verify(code, now)

    def _person(self, person_id):
        """The real-name record a code names: the code is the person's consent to be looked up."""
        self.act_as_system()
        try:
            return self.identity.get_person(person_id)
        except PersonNotFound:
            raise codes.invalid() from None

    def _assigned_person(self, assignment):
        self.act_as_system()
        return self.identity.get_person(assignment.person_id)

    @staticmethod
    def _prefill(assignment, current):
        """The entry form's 用人单位, 工种 and 班组 from the assignment, else from the employer now."""
        if assignment is not None:
            return {"employer_id": assignment.enterprise_id, "employer_name": assignment.enterprise_name,
                    "trade": assignment.trade, "team_id": assignment.team_id, "team_name": assignment.team_name}
        if current is not None:
            return {"employer_id": current["enterprise_id"], "employer_name": current["enterprise_name"],
                    "trade": None, "team_id": current["team_id"], "team_name": current["team_name"]}
        return {"employer_id": None, "employer_name": None, "trade": None, "team_id": None, "team_name": None}

    # -- what other services publish -------------------------------------------------

    @event_handler("identity_svc", "person_updated")
    def handle_person_updated(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_person_updated"):
                known = session.get(KnownPerson, data["person_id"])
                if known is not None:
                    known.name, known.gender = data["name"], data["gender"]
                employment.EmploymentBook(session).rename_person(data["person_id"], data["name"])

    @event_handler("employment_svc", "enterprise_registered")
    def handle_enterprise_registered(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_enterprise_registered"):
                self._remember_enterprise(session, {"id": data["enterprise_id"], "name": data["name"]})

    @event_handler("project_svc", "project_registered")
    def handle_project_registered(self, envelope):
        self._learn_assignments(envelope, "handle_project_registered")

    @event_handler("project_svc", "project_approved")
    def handle_project_approved(self, envelope):
        self._learn_assignments(envelope, "handle_project_approved")

    @event_handler("project_svc", "project_rules_changed")
    def handle_project_rules_changed(self, envelope):
        self._learn_assignments(envelope, "handle_project_rules_changed")

    @event_handler("project_svc", "person_assigned")
    def handle_person_assigned(self, envelope):
        self._learn_assignments(envelope, "handle_person_assigned")

    @event_handler("project_svc", "assignment_confirmed")
    def handle_assignment_confirmed(self, envelope):
        self._learn_assignments(envelope, "handle_assignment_confirmed")

    @event_handler("project_svc", "assignment_rejected")
    def handle_assignment_rejected(self, envelope):
        self._learn_assignments(envelope, "handle_assignment_rejected")

    @event_handler("project_svc", "assignment_ended")
    def handle_assignment_ended(self, envelope):
        self._learn_assignments(envelope, "handle_assignment_ended")

    @event_handler("project_svc", "binding_approved")
    def handle_binding_approved(self, envelope):
        self._learn_assignments(envelope, "handle_binding_approved")

    @event_handler("project_svc", "binding_rejected")
    def handle_binding_rejected(self, envelope):
        self._learn_assignments(envelope, "handle_binding_rejected")

    def _learn_assignments(self, envelope, handler, attempts=3):
        """Applies one project or assignment event; the loser of two inserts of one new assignment applies
        itself again to the row the winner wrote."""
        for attempt in range(1, attempts + 1):
            try:
                with self.db.transaction() as session:
                    if first_delivery(session, ProcessedEvent, envelope, handler):
                        assignments.AssignmentBook(session).apply(handler.removeprefix("handle_"), envelope)
                return
            except IntegrityError:
                if attempt == attempts:
                    raise

    @event_handler("employment_svc", "employment_confirmed")
    def handle_employment_confirmed(self, envelope):
        self._learn_employment(envelope, "handle_employment_confirmed")

    @event_handler("employment_svc", "employment_ended")
    def handle_employment_ended(self, envelope):
        self._learn_employment(envelope, "handle_employment_ended")

    @event_handler("employment_svc", "worker_profile_updated")
    def handle_worker_profile_updated(self, envelope):
        self._learn_employment(envelope, "handle_worker_profile_updated")

    @event_handler("employment_svc", "team_created")
    def handle_team_created(self, envelope):
        self._learn_employment(envelope, "handle_team_created")

    @event_handler("employment_svc", "team_updated")
    def handle_team_updated(self, envelope):
        self._learn_employment(envelope, "handle_team_updated")

    @event_handler("employment_svc", "team_member_changed")
    def handle_team_member_changed(self, envelope):
        self._learn_employment(envelope, "handle_team_member_changed")

    @event_handler("employment_svc", "team_dissolved")
    def handle_team_dissolved(self, envelope):
        self._learn_employment(envelope, "handle_team_dissolved")

    def _learn_employment(self, envelope, handler, attempts=3):
        """Applies one employment event; two events of a relation not yet known, handled at once, both insert
        it: the one that loses reads it again and applies itself to it."""
        for attempt in range(1, attempts + 1):
            try:
                with self.db.transaction() as session:
                    if first_delivery(session, ProcessedEvent, envelope, handler):
                        employment.EmploymentBook(session).apply(handler.removeprefix("handle_"), envelope)
                return
            except IntegrityError:
                if attempt == attempts:
                    raise

    # -- helpers ----------------------------------------------------------------------

    def _entry_warnings(self, entry):
        current = employment.EmploymentBook(self.db.session).current(entry["person_id"])
        return employment.entry_warnings(entry["employer_id"], entry["employer_name"], current)

    def _roster_scope(self):
        caller = self.caller.require_known()
        contracted = () if caller.enterprise_id is None or caller.role != ENTERPRISE else self.db.session.scalars(
            select(KnownProject.project_id).where(KnownProject.general_contractor_id == caller.enterprise_id))
        return domain.roster_scope(caller, contracted)

    def _gate_scope(self):
        return domain.gate_scope(self.caller.require_known())

    def _person_filter(self, filters):
        """人员: part of an ID number (of any document type) names the persons whose entries are wanted;
        anything else is a name fragment."""
        filters = dict(filters)
        term = (filters.pop("person", "") or "").strip()
        person_ids = None
        if looks_like_id_number(term):  # part of an ID number, of any document type
            # a fragment too short or too broad is refused by identity_svc, for the field ``person``
            person_ids = self.identity.find_person_ids(term, ID_FRAGMENT_MATCHES)
        elif term:
            filters["name_fragment"] = term
        return filters, person_ids

    def _on_file(self, person_document):
        """The real-name record of the typed ID number, or None."""
        if not (person_document.get("id_number") or "").strip():
            return None
        try:
            return self.identity.find_by_id_number(person_document.get("id_type") or "01",
                                                   person_document["id_number"])
        except PersonNotFound:
            return None

    def _names(self, ids):
        employer_ids, leader_ids = ids
        session = self.db.session
        employers = dict(session.execute(select(KnownEnterprise.enterprise_id, KnownEnterprise.name).where(
            KnownEnterprise.enterprise_id.in_(employer_ids))).all()) if employer_ids else {}
        leaders = dict(session.execute(select(EntryRecord.id, KnownPerson.name).join(
            KnownPerson, KnownPerson.person_id == EntryRecord.person_id).where(
            EntryRecord.id.in_(leader_ids))).all()) if leader_ids else {}
        return domain.Names(employers, leaders)

    def _project(self, project_id):
        try:
            return self.projects.get_project(project_id)
        except project_refusals.ProjectNotFound:
            raise ProjectNotFound(f"no project {project_id}") from None

    def _enterprise(self, enterprise_id):
        try:
            return self.employment.get_enterprise(enterprise_id)
        except EnterpriseNotFound:
            raise UnknownEnterprise("no such enterprise", fields={"employer_id": "UNKNOWN_ENTERPRISE"}) from None

    def _remember(self, session, person, employer, project):
        upsert(session, KnownPerson, person_id=person["id"], name=person["name"], gender=person.get("gender"),
               id_number_masked=person["id_number_masked"])
        self._remember_enterprise(session, employer)
        upsert(session, KnownProject, project_id=project["id"], name=project["name"],
               general_contractor_id=project.get("general_contractor_id"))

    def _refuse_unless_general_contractor(self, project):
        """Only the general contractor's site users admit; site users of no unit count as its own."""
        caller = self.caller
        if caller.role == SITE and caller.enterprise_id is not None \
                and caller.enterprise_id != project.get("general_contractor_id"):
            raise NotGeneralContractor("only the general contractor's site users admit people",
                                       details={"general_contractor_id": project.get("general_contractor_id")})

    @staticmethod
    def _remember_enterprise(session, enterprise):
        upsert(session, KnownEnterprise, enterprise_id=enterprise["id"], name=enterprise["name"])

    @staticmethod
    def _open_entry_id(session, project_id, person_id):
        return session.scalar(select(EntryRecord.id).where(
            EntryRecord.project_id == project_id, EntryRecord.person_id == person_id,
            EntryRecord.exit_date.is_(None)))

    def _view(self, entry_id):
        row = roster.rows(self.db.session, roster.roster_select().where(EntryRecord.id == entry_id))[0]
        return entry_view.dump(row)

    @staticmethod
    def _event_data(entry, person):
        return {**{c: getattr(entry, c) for c in ("id", "project_id", "person_id", "employer_id", "is_team_leader",
                                                   "team_leader_entry_id", "trade", "entry_date", "exit_date",
                                                   "evaluation", "evaluation_comment")},
                "name": person["name"], "id_number_masked": person["id_number_masked"]}

    # -- asked by employment_svc --------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def sites_of_person(self, person_id):
        """The sites a person is on now (entered, not exited), for the rule that a 管理员 is dismissed only
        after exiting every site: ``[{"project_id": 5, "project_name": "…", "entry_id": 9, "entry_date":
        "2026-11-02"}]``. Any staff role may ask about anyone; a worker about themself."""
        caller = self.caller
        if caller.role == WORKER:
            if caller.require_worker().person_id != person_id:
                raise Forbidden("a worker asks about themself only")
        else:
            caller.require_known()
        rows = self.db.session.execute(
            select(EntryRecord.project_id, KnownProject.name, EntryRecord.id, EntryRecord.entry_date)
            .outerjoin(KnownProject, KnownProject.project_id == EntryRecord.project_id)
            .where(EntryRecord.person_id == person_id, EntryRecord.exit_date.is_(None))
            .order_by(EntryRecord.entry_date, EntryRecord.id)).all()
        return [{"project_id": project_id, "project_name": name, "entry_id": entry_id,
                 "entry_date": entry_date.isoformat()} for project_id, name, entry_id, entry_date in rows]


    @rpc(expected_exceptions=EXPECTED)
    def projects_awaiting_person(self, person_id):
        """The projects where the person is confirmed (assigned and accepted) and has not entered yet: their site
        may take the person's face before entry (人脸采集 for 项目人员绑定). ``[5, 9]``; any staff role."""
        self.caller.require_known()
        return assignments.AssignmentBook(self.db.session).projects_awaiting(int(person_id))


class SiteRoster:
    """``domain.Roster`` over this service's tables: what an entry or an edit needs of the other entries."""

    def __init__(self, session):
        self.session = session

    def leader(self, entry_id):
        leader = self.session.get(EntryRecord, entry_id) if entry_id is not None else None
        if leader is None:
            return None
        return domain.TeamLeader(leader.id, leader.project_id, leader.is_team_leader, leader.exit_date is None)

    def members(self, leader_entry_id):
        rows = self.session.execute(
            select(EntryRecord.id, KnownPerson.name).join(KnownPerson, KnownPerson.person_id == EntryRecord.person_id)
            .where(EntryRecord.team_leader_entry_id == leader_entry_id, EntryRecord.exit_date.is_(None))
            .order_by(KnownPerson.name, EntryRecord.id)).all()
        return [{"entry_id": entry_id, "name": name} for entry_id, name in rows]
