"""siteaccess_svc entrypoints: 进场登记, 非正常登记, 编辑, 退场登记, and the roster queries."""

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis.caller import CallerIdentity
from chassis.database import Database
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
from siteaccess_svc import domain, roster
from siteaccess_svc.exceptions import (
    ENTRY_NOT_FOUND,
    EXPECTED,
    AlreadyOnSite,
    EntryNotFound,
    ExitRefused,
    PersonNotRegistered,
    ProjectNotFound,
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
    ProcessedEvent,
)
from siteaccess_svc.reference import reference_tables
from siteaccess_svc.schemas import (
    EmploymentTermsSchema,
    EntryChangesSchema,
    EntryEventSchema,
    EntryQuerySchema,
    EntryRequestSchema,
    EntryViewSchema,
    ExitRequestSchema,
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
    return dt.date.today()


class SiteAccessService(HealthCheck):
    """Who entered and left which site (进场 / 退场)."""

    name = "siteaccess_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    vault = PersonalData()
    caller = CallerIdentity()
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
        return self._admit(person, *self._admission(project_id, domain.EmploymentTerms(**values)))

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
            entry = self._admit(registered["person"], *admission)
        except InvalidInput as refusal:
            raise prefixed(refusal, "entry") from None
        return {"person": registered["person"], "person_created": registered["created"], "entry": entry}

    def _admission(self, project_id, terms: domain.EmploymentTerms):
        """What an entry needs whoever enters: the project, the employer, terms that keep the form's rules."""
        project = self._project(project_id)
        employer = self._enterprise(terms.employer_id)
        terms = dataclasses.replace(terms, phone=domain.check_phone(terms.phone))
        domain.check_terms(terms, project_id, today(), SiteRoster(self.db.session).leader(terms.team_leader_entry_id))
        return project, employer, terms

    def _admit(self, person, project, employer, terms: domain.EmploymentTerms):
        project_id, phone = project["id"], terms.phone
        try:
            with self.db.transaction() as session:
                self._remember(session, person, employer, project)
                domain.refuse_if_on_site(self._open_entry_id(session, project_id, person["id"]))
                # again inside the transaction: the chosen leader may have left meanwhile
                domain.check_terms(terms, project_id, today(), SiteRoster(session).leader(terms.team_leader_entry_id))
                entry = EntryRecord(
                    project_id=project_id, person_id=person["id"], employer_id=terms.employer_id,
                    is_team_leader=terms.is_team_leader,
                    team_leader_entry_id=None if terms.is_team_leader else terms.team_leader_entry_id,
                    phone_encrypted=self.vault.encrypt(phone), phone_masked=mask_phone(phone),
                    trade=terms.trade, education=terms.education, entry_date=terms.entry_date,
                    created_by=self.caller.username,
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
        if not domain.roster_scope(self.caller.require_known()).admits(entry):
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
        exited, refused = [], []
        scope = self._gate_scope()
        with self.db.transaction() as session:
            for entry_id in dict.fromkeys(values["entry_ids"]):
                entry = session.get(EntryRecord, entry_id)
                if entry is None or not scope.admits(entry):
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
        return {"exited": [self._view(entry_id) for entry_id in exited], "refused": refused}

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

    # -- what other services publish -------------------------------------------------

    @event_handler("identity_svc", "person_updated")
    def handle_person_updated(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_person_updated"):
                known = session.get(KnownPerson, data["person_id"])
                if known is not None:
                    known.name, known.gender = data["name"], data["gender"]

    @event_handler("employment_svc", "enterprise_registered")
    def handle_enterprise_registered(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_enterprise_registered"):
                self._remember_enterprise(session, {"id": data["enterprise_id"], "name": data["name"]})

    @event_handler("project_svc", "project_registered")
    def handle_project_registered(self, envelope):
        data = envelope["data"]
        with self.db.transaction() as session:
            if first_delivery(session, ProcessedEvent, envelope, "handle_project_registered"):
                session.merge(KnownProject(project_id=data["project_id"], name=data["name"]))

    # -- helpers ----------------------------------------------------------------------

    def _roster_scope(self):
        return domain.roster_scope(self.caller.require_known())

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
        session.merge(KnownPerson(person_id=person["id"], name=person["name"], gender=person.get("gender"),
                                  id_number_masked=person["id_number_masked"]))
        self._remember_enterprise(session, employer)
        session.merge(KnownProject(project_id=project["id"], name=project["name"]))

    @staticmethod
    def _remember_enterprise(session, enterprise):
        session.merge(KnownEnterprise(enterprise_id=enterprise["id"], name=enterprise["name"]))

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
