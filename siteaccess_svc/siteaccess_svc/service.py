"""siteaccess_svc entrypoints: 进场登记, 非正常登记, 编辑, 退场登记, and the roster queries."""

import dataclasses
import datetime as dt
import re

from nameko.events import event_handler
from nameko.exceptions import RemoteError
from nameko.rpc import RpcProxy, rpc
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from chassis.caller import ENTERPRISE, SITE, CallerIdentity
from chassis.database import Database
from chassis.errors import Forbidden, InvalidInput, ServiceError, parse_remote_error
from chassis.events import first_delivery
from chassis.outbox import Outbox
from chassis.pii import PersonalData, mask_phone
from chassis.schemas import load_or_refuse
from siteaccess_svc import domain, roster
from siteaccess_svc.exceptions import (
    ENTRY_NOT_FOUND,
    EXPECTED,
    AlreadyOnSite,
    EntryNotFound,
    PersonNotRegistered,
    ProjectNotFound,
    UnknownEnterprise,
)
from siteaccess_svc.models import (
    EntryChange,
    EntryRecord,
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
)

entry_view = EntryViewSchema()
event_schema = EntryEventSchema()
EXPORT_PAGE_SIZE = 2_000  # rows per export_entries answer: about 1 MB of JSON
_ID_NUMBER = re.compile(r"^[0-9A-Za-z()（）-]{6,30}$")
EDITABLE = ("employer_id", "is_team_leader", "team_leader_entry_id", "phone", "trade", "education", "entry_date")


def remote_code(error: RemoteError):
    return (parse_remote_error(error.value) or {}).get("code")


def prefixed(error: ServiceError, prefix: str) -> ServiceError:
    """Names the part of a combined form a refusal belongs to (``person.id_number``)."""
    error.fields = {f"{prefix}.{name}": code for name, code in error.fields.items()}
    return error


def today():
    return dt.date.today()


class SiteAccessService:
    """Who entered and left which site (进场 / 退场)."""

    name = "siteaccess_svc"

    db = Database()
    outbox = Outbox(OutboxRecord)
    vault = PersonalData()
    caller = CallerIdentity()
    identity = RpcProxy("identity_svc")
    employment = RpcProxy("employment_svc")
    projects = RpcProxy("project_svc")

    @rpc
    def health(self):
        self.db.session.execute(text("SELECT 1"))
        return {"status": "ok"}

    @rpc
    def reference_tables(self):
        return reference_tables()

    # -- 进场 ----------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def enter(self, project_id, request):
        """进场登记 of a person who has a real-name record."""
        self._require_site(project_id)
        values = load_or_refuse(EntryRequestSchema(), request)
        try:
            person = self.identity.find_by_id_number(values.pop("id_type"), values.pop("id_number"))
        except RemoteError as error:
            if remote_code(error) != "PERSON_NOT_FOUND":
                raise
            raise PersonNotRegistered("no real-name record: use 非正常登记",
                                      fields={"id_number": "PERSON_NOT_REGISTERED"}) from None
        return self._admit(person, *self._admission(project_id, domain.EmploymentTerms(**values)))

    @rpc(expected_exceptions=EXPECTED)
    def enter_unregistered(self, project_id, person_document, terms):
        """非正常登记: the real-name record (unverified) and the entry in one action.

        The entry is checked before the record is made, so a refused form leaves
        no record behind: the user corrects either part and saves again, and
        what was corrected is what is kept. Registering is idempotent: a number
        already on record enters that record.
        """
        self._require_site(project_id)
        try:
            values = load_or_refuse(EmploymentTermsSchema(), terms)
            admission = self._admission(project_id, domain.EmploymentTerms(**values))
        except InvalidInput as refusal:
            raise prefixed(refusal, "entry") from None
        try:
            registered = self.identity.register_person({**person_document, "verification_source": "manual"})
        except RemoteError as error:
            payload = parse_remote_error(error.value)
            if not payload or not payload.get("fields"):
                raise
            raise prefixed(InvalidInput(payload["detail"], fields=payload["fields"], code=payload["code"]),
                           "person") from None
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
        domain.check_terms(terms, project_id, today(), self._leader(self.db.session, terms.team_leader_entry_id))
        return project, employer, terms

    def _admit(self, person, project, employer, terms: domain.EmploymentTerms):
        project_id, phone = project["id"], terms.phone
        try:
            with self.db.transaction() as session:
                self._remember(session, person, employer, project)
                domain.refuse_if_on_site(self._open_entry_id(session, project_id, person["id"]))
                # again inside the transaction: the chosen leader may have left meanwhile
                domain.check_terms(terms, project_id, today(), self._leader(session, terms.team_leader_entry_id))
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
            entry = self._entry_for_site(session, entry_id)
            before = {name: getattr(entry, name) for name in EDITABLE if name != "phone"}
            before["phone"] = self.vault.decrypt(entry.phone_encrypted)
            after = {**before, **requested}
            after["phone"] = domain.check_phone(after["phone"])
            if after["is_team_leader"]:
                after["team_leader_entry_id"] = None
            if after["employer_id"] != before["employer_id"]:
                self._remember_enterprise(session, self._enterprise(after["employer_id"]))
            terms = domain.EmploymentTerms(**after)
            domain.check_terms(terms, entry.project_id, today(), self._leader(session, terms.team_leader_entry_id),
                               entry.exit_date,
                               leader_changed=terms.team_leader_entry_id != before["team_leader_entry_id"])
            changed = domain.changes_between(before, after)
            if changed:
                for name, (_, value) in changed.items():
                    if name == "phone":
                        entry.phone_encrypted, entry.phone_masked = self.vault.encrypt(value), mask_phone(value)
                    else:
                        setattr(entry, name, value)
                entry.updated_at = dt.datetime.now(dt.UTC)
                if "phone" in changed:
                    changed["phone"] = [mask_phone(v) for v in changed["phone"]]
                session.add(EntryChange(entry_id=entry.id, changed_by=self.caller.username,
                                        changes={k: [str(v) if isinstance(v, dt.date) else v for v in pair]
                                                 for k, pair in changed.items()}))
        return self._view(entry_id)

    @rpc(expected_exceptions=EXPECTED)
    def entry_history(self, entry_id):
        entry = self._entry_visible(self.db.session, entry_id)
        changes = self.db.session.scalars(
            select(EntryChange).where(EntryChange.entry_id == entry.id).order_by(EntryChange.id)).all()
        return [{"changed_at": c.changed_at.isoformat(), "changed_by": c.changed_by, "changes": c.changes}
                for c in changes]

    # -- 退场 ----------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def exit(self, request):
        """退场登记 of one or many: each refused entry is named with its reason, the others exit."""
        values = load_or_refuse(ExitRequestSchema(), request)
        exited, refused = [], []
        with self.db.transaction() as session:
            for entry_id in dict.fromkeys(values["entry_ids"]):
                entry = session.get(EntryRecord, entry_id)
                if entry is None or not domain.manages_site(self.caller, entry.project_id):
                    refused.append({"entry_id": entry_id, "name": None, "error": ENTRY_NOT_FOUND})
                    continue
                person = session.get(KnownPerson, entry.person_id)
                state = domain.EntryState(entry.id, entry.entry_date, entry.exit_date)
                reason = domain.exit_refusal(state, values["exit_date"], today())
                if reason:
                    refused.append({"entry_id": entry_id, "name": person.name, "error": reason})
                    continue
                entry.exit_date = values["exit_date"]
                entry.evaluation = values["evaluation"]
                entry.evaluation_comment = values["evaluation_comment"]
                entry.exited_by = self.caller.username
                entry.updated_at = dt.datetime.now(dt.UTC)
                session.flush()
                self.outbox.add("person_exited", event_schema.dump(
                    self._event_data(entry, {"name": person.name, "id_number_masked": person.id_number_masked})))
                exited.append(entry.id)
        return {"exited": [self._view(entry_id) for entry_id in exited], "refused": refused}

    # -- queries ---------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def query_entries(self, query):
        """退场查询 / 用工查询: filters, newest entry first, one page."""
        filters = load_or_refuse(EntryQuerySchema(), query)
        filters, person_ids = self._scoped_filters(filters)
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
        filters = load_or_refuse(EntryQuerySchema(), query)
        filters, person_ids = self._scoped_filters(filters)
        size = min(max(int(page_size), 1), EXPORT_PAGE_SIZE)
        if after is not None:
            after = (dt.date.fromisoformat(after[0]), int(after[1]))
        found = roster.export_page(self.db.session, filters, person_ids, after, size)
        last = found[-1] if len(found) == size else None
        return {"rows": roster.as_plain(found),
                "total": roster.count(self.db.session, filters, person_ids) if after is None else None,
                "after": None if last is None else [last["entry_date"].isoformat(), last["id"]]}

    @rpc(expected_exceptions=EXPECTED)
    def team_leaders(self, project_id):
        """劳务队长 now on a site, for the entry form's select."""
        self._require_site(project_id)
        found = roster.rows(self.db.session, roster.roster_select().where(
            EntryRecord.project_id == project_id, EntryRecord.is_team_leader.is_(True),
            EntryRecord.exit_date.is_(None)), order_by=(roster.KnownPerson.name,))
        return [{"entry_id": row["id"], "name": row["name"], "employer_id": row["employer_id"],
                 "employer_name": row["employer_name"]} for row in found]

    @rpc(expected_exceptions=EXPECTED)
    def person_history(self, person_id):
        """Every entry and exit of a person, across the projects the caller may see, oldest first."""
        filters, _ = self._scoped_filters({"project_id": None, "employer_id": None})
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

    def _require_site(self, project_id):
        if not domain.manages_site(self.caller.require_known(), project_id):
            raise Forbidden("this site is outside the caller's scope")

    def _scoped_filters(self, filters):
        """Narrows the filters to the caller's scope; resolves an ID number to the person it names."""
        caller = self.caller.require_known()
        filters = dict(filters)
        if caller.role == SITE:
            filters["project_id"] = caller.project_id
        elif caller.role == ENTERPRISE:
            filters["employer_id"] = caller.enterprise_id
        elif not caller.is_authority:
            raise Forbidden("this role may not query entries")
        term = (filters.pop("person", "") or "").strip()
        person_ids = None
        if term and _ID_NUMBER.match(term) and any(ch.isdigit() for ch in term):
            try:
                person_ids = [self.identity.find_by_id_number("01", term)["id"]]
            except RemoteError as error:
                if remote_code(error) != "PERSON_NOT_FOUND":
                    raise
                person_ids = []
        elif term:
            filters["name_fragment"] = term
        return filters, person_ids

    def _project(self, project_id):
        try:
            return self.projects.get_project(project_id)
        except RemoteError as error:
            if remote_code(error) == "PROJECT_NOT_FOUND":
                raise ProjectNotFound(f"no project {project_id}") from None
            raise

    def _enterprise(self, enterprise_id):
        try:
            return self.employment.get_enterprise(enterprise_id)
        except RemoteError as error:
            if remote_code(error) == "ENTERPRISE_NOT_FOUND":
                raise UnknownEnterprise("no such enterprise", fields={"employer_id": "UNKNOWN_ENTERPRISE"}) \
                    from None
            raise

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

    @staticmethod
    def _leader(session, entry_id):
        if entry_id is None:
            return None
        leader = session.get(EntryRecord, entry_id)
        if leader is None:
            return None
        return domain.TeamLeader(leader.id, leader.project_id, leader.is_team_leader, leader.exit_date is None)

    def _entry_visible(self, session, entry_id):
        entry = session.get(EntryRecord, entry_id)
        if entry is None or not domain.sees_entry(self.caller.require_known(), entry.project_id, entry.employer_id):
            raise EntryNotFound(f"no entry {entry_id}")
        return entry

    def _entry_for_site(self, session, entry_id):
        entry = session.get(EntryRecord, entry_id)
        if entry is None or not domain.manages_site(self.caller.require_known(), entry.project_id):
            raise EntryNotFound(f"no entry {entry_id}")
        return entry

    def _view(self, entry_id):
        row = roster.rows(self.db.session, roster.roster_select().where(EntryRecord.id == entry_id))[0]
        return entry_view.dump(row)

    @staticmethod
    def _event_data(entry, person):
        return {**{c: getattr(entry, c) for c in ("id", "project_id", "person_id", "employer_id", "is_team_leader",
                                                   "team_leader_entry_id", "trade", "entry_date", "exit_date",
                                                   "evaluation", "evaluation_comment")},
                "name": person["name"], "id_number_masked": person["id_number_masked"]}
