"""花名册导入: employment requests and profiles in bulk, from an .xlsx file, in the background.

``start_import`` reads the file once (a file this import cannot read is refused
at once, naming why) and stores it with a ``roster_import_requested`` event in
one transaction; the service's own handler of that event works through the rows
in batches, each batch's effects and its progress committed together, so the
page's progress is true and a restarted service carries on where the last
committed batch ended (the event is redelivered until the handler finishes).
"""

import base64
import binascii
import datetime as dt

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from chassis.caller import ENTERPRISE
from chassis.codes import EDUCATION_LEVELS, TRADES, as_rows
from chassis.errors import Forbidden, InvalidInput, ServiceError
from chassis.events import utcnow
from chassis.messaging import event_handler, rpc
from chassis.paging import page_of
from chassis.pii import mask_id_number, mask_phone, normalise_id_number
from chassis.schemas import load_or_refuse
from employment_svc import domain, profiles, roster_import
from employment_svc.exceptions import EXPECTED, ImportNotFound
from employment_svc.models import (
    EmploymentRelation,
    EmploymentStep,
    Enterprise,
    RosterImport,
    RosterImportProblem,
    Team,
    WorkerProfile,
)
from employment_svc.schemas import ProfileFormSchema

#: rows per batch: each batch is one identity lookup, one transaction, one progress step
BATCH_ROWS = 2_000
#: numbers per identity_svc lookup (its find_by_id_numbers takes at most 5,000)
LOOKUP_SLICE = 2_000
#: a team the employer does not have (the form's rules refuse it: UNKNOWN_TEAM)
UNKNOWN_TEAM = -1
profile_form = ProfileFormSchema()
#: 居民身份证, the 证件类型 of a row that names none
RESIDENT_ID_CARD = "01"
#: the largest file accepted (a 200,000-row roster is about 15 MB)
MAX_FILE_BYTES = 30 * 1024 * 1024


def import_view(job: RosterImport) -> dict:
    return {"id": job.id, "enterprise_id": job.enterprise_id, "filename": job.filename, "state": job.state,
            "total_rows": job.total_rows, "processed_rows": job.processed_rows,
            "accepted_rows": job.accepted_rows, "refused_rows": job.refused_rows, "failure": job.failure,
            "requested_by": job.requested_by, "created_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None}


class RosterImports:
    """The import's entrypoints, part of ``EmploymentService`` (which provides db, outbox, caller, identity)."""

    @rpc(expected_exceptions=EXPECTED)
    def import_template(self):
        """The template .xlsx, base64: the columns, required ones marked, drop-downs of the code tables."""
        self._importer()
        return base64.b64encode(roster_import.template(self._import_tables())).decode()

    @rpc(expected_exceptions=EXPECTED)
    def start_import(self, filename, content_base64):
        """Queues an import of the caller's roster; answers at once with the import and its row count."""
        enterprise_id = self._importer()
        try:
            content = base64.b64decode(content_base64 or "", validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("the file is not base64", fields={"file": "INVALID_FILE"}) from None
        if not content:
            raise InvalidInput("the file is empty", fields={"file": "EMPTY_FILE"})
        if len(content) > MAX_FILE_BYTES:
            raise InvalidInput("the file is too large", fields={"file": "FILE_TOO_LARGE"},
                               details={"cap_bytes": MAX_FILE_BYTES})
        try:
            _, rows = roster_import.read(content)
        except roster_import.UnreadableSheet as problem:
            raise InvalidInput(str(problem), fields={"file": problem.code}, details=problem.details) from None
        with self.db.transaction() as session:
            job = RosterImport(enterprise_id=enterprise_id, filename=(filename or "roster.xlsx")[:200],
                               requested_by=self.caller.username, state="queued", content=content,
                               total_rows=len(rows), processed_rows=0, accepted_rows=0, refused_rows=0)
            session.add(job)
            session.flush()
            self.outbox.add("roster_import_requested", {"import_id": job.id, "enterprise_id": enterprise_id,
                                                        "total_rows": len(rows)})
        return import_view(job)

    @rpc(expected_exceptions=EXPECTED)
    def get_import(self, import_id):
        return import_view(self._import_in_scope(import_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_imports(self, page=1, page_size=20):
        enterprise_id = self._importer()
        statement = select(RosterImport).where(RosterImport.enterprise_id == enterprise_id)
        return page_of(self.db.session, statement, (RosterImport.id.desc(),), page, page_size,
                       lambda rows: [import_view(row) for row in rows])

    @rpc(expected_exceptions=EXPECTED)
    def import_problems(self, import_id):
        """The refused rows of an import, by row: ``[{"row", "field", "column", "column_en", "code", "name",
        "id_number_masked"}]`` (the gateway words the codes and writes the report)."""
        job = self._import_in_scope(import_id)
        problems = self.db.session.scalars(select(RosterImportProblem).where(
            RosterImportProblem.import_id == job.id).order_by(RosterImportProblem.row, RosterImportProblem.id))
        answer = []
        for problem in problems:
            column, column_en = roster_import.column_headers(problem.field) or (None, None)
            answer.append({"row": problem.row, "field": problem.field, "column": column, "column_en": column_en,
                           "code": problem.code, "name": problem.name, "id_number_masked": problem.id_number_masked})
        return answer

    @event_handler("employment_svc", "roster_import_requested")
    def handle_roster_import_requested(self, envelope):
        job = self.db.session.get(RosterImport, envelope["data"]["import_id"])
        if job is None or job.state == "done":
            return
        self.act_as_system()  # identity_svc's lookups are the import's, not a user's
        _, rows = roster_import.read(job.content)
        reader = roster_import.CellReader(self._import_tables())
        teams = dict(self.db.session.execute(
            select(Team.name, Team.id).where(Team.enterprise_id == job.enterprise_id)).all())
        run = ImportRun(job.id, job.enterprise_id, job.requested_by, reader, teams)
        with self.db.transaction():
            job.state = "running"
        # rows of the batches committed before a restart are not read again; the people they named are
        run.seen.update(self._people_imported_before(job.id))
        for offset in range(job.processed_rows, len(rows), BATCH_ROWS):
            self._import_batch(run, rows[offset:offset + BATCH_ROWS], offset)
        with self.db.transaction() as session:
            session.execute(update(RosterImport).where(RosterImport.id == job.id).values(
                state="done", content=None, finished_at=utcnow()))

    # -- helpers ------------------------------------------------------------------------------------------

    def _importer(self) -> int:
        caller = self.caller.require_known()
        if caller.role != ENTERPRISE or caller.enterprise_id is None:
            raise Forbidden("only an enterprise imports its roster")
        return caller.enterprise_id

    def _import_in_scope(self, import_id) -> RosterImport:
        caller = self.caller.require_known()
        job = self.db.session.get(RosterImport, import_id)
        if job is None or (not caller.is_authority and job.enterprise_id != caller.enterprise_id):
            raise ImportNotFound(f"no import {import_id}")
        return job

    def _import_tables(self) -> dict:
        return import_tables(self)

    def _import_batch(self, run, batch, offset):
        """One batch: its rows checked, its requests and their events written, its refused rows and the
        import's progress, all in one transaction. A concurrent request for one of its people (the open-pair
        index refuses the insert) makes the batch check again against what is now on record."""
        checked, problems = run.read(batch)
        people = self._people_of(checked)
        for attempt in range(3):
            try:
                with self.db.transaction() as session:
                    planned, refused = run.plan(checked, people, self._open_relations_of(session, people))
                    self._request_in_bulk(session, run, planned)
                    session.add_all(problem.record(run.import_id) for problem in problems + refused)
                    session.execute(update(RosterImport).where(RosterImport.id == run.import_id).values(
                        processed_rows=offset + len(batch),
                        accepted_rows=RosterImport.accepted_rows + len(planned),
                        refused_rows=RosterImport.refused_rows + len({p.row for p in problems + refused})))
                run.seen.update(person["person_id"] for _, _, person in planned)
                return
            except IntegrityError:
                if attempt == 2:
                    raise

    def _people_of(self, checked):
        """identity_svc's answers for the checked rows' numbers, by row number."""
        answers = {}
        for start in range(0, len(checked), LOOKUP_SLICE):
            part = checked[start:start + LOOKUP_SLICE]
            found = self.identity.find_by_id_numbers(
                [{"id_type": values.get("id_type") or RESIDENT_ID_CARD, "id_number": values["id_number"]}
                 for _, values in part])
            answers.update({row.number: answer for (row, _), answer in zip(part, found, strict=True)})
        return answers

    @staticmethod
    def _open_relations_of(session, people) -> dict:
        person_ids = {answer["person_id"] for answer in people.values() if answer and "person_id" in answer}
        relations = {}
        if person_ids:
            rows = session.execute(
                select(EmploymentRelation.person_id, EmploymentRelation.enterprise_id, Enterprise.name,
                       EmploymentRelation.role, EmploymentRelation.state)
                .join(Enterprise, Enterprise.id == EmploymentRelation.enterprise_id)
                .where(EmploymentRelation.person_id.in_(person_ids),
                       EmploymentRelation.state.in_(domain.OPEN_STATES)))
            for person_id, *relation in rows:
                relations.setdefault(person_id, []).append(domain.OpenRelation(*relation))
        return relations

    def _request_in_bulk(self, session, run, planned):
        """The planned rows' employment requests, their first steps and their events, written in bulk."""
        if not planned:
            return
        now = utcnow()
        made = session.execute(insert(EmploymentRelation).returning(
            EmploymentRelation.id, EmploymentRelation.person_id, sort_by_parameter_order=True), [
            {"enterprise_id": run.enterprise_id, "person_id": person["person_id"], "person_name": person["name"],
             "id_type": person["id_type"], "id_number_masked": person["id_number_masked"],
             "role": values.get("role") or domain.WORKER_ROLE, "state": domain.PENDING, "requested_at": now,
             "requested_by": run.requested_by, "updated_at": now}
            for _, values, person in planned]).all()
        session.execute(insert(EmploymentStep), [
            {"relation_id": relation_id, "action": "request", "from_state": None, "to_state": domain.PENDING,
             "side": domain.EMPLOYER_SIDE, "taken_by": run.step_author, "taken_at": now}
            for relation_id, _ in made])
        profiled = [(relation_id, values["profile"], person) for (relation_id, _), (_, values, person)
                    in zip(made, planned, strict=True) if values["profile"] is not None]
        if profiled:
            session.execute(insert(WorkerProfile), [
                {**self._stored_profile(profile), "relation_id": relation_id, "enterprise_id": run.enterprise_id,
                 "person_id": person["person_id"], "updated_by": run.requested_by, "updated_at": now}
                for relation_id, profile, person in profiled])
        self.outbox.add_many("employment_requested", [
            {"relation_id": relation_id, "enterprise_id": run.enterprise_id, "person_id": person["person_id"],
             "id_number_masked": person["id_number_masked"], "role": values.get("role") or domain.WORKER_ROLE}
            for (relation_id, _), (_, values, person) in zip(made, planned, strict=True)])

    def _stored_profile(self, profile) -> dict:
        """A checked profile as its row holds it: the phones and the card number encrypted and masked."""
        stored = {name: value for name, value in profile.items() if name not in profiles.SECRET_FIELDS}
        for name in profiles.SECRET_FIELDS:
            value = profile.get(name)
            column = "wage_card" if name == "wage_card_number" else name
            stored[f"{column}_encrypted"] = self.vault.encrypt(value) if value else None
            masked = profiles.mask_card(value) if name == "wage_card_number" else mask_phone(value)
            stored[f"{column}_masked"] = masked if value else None
        return stored

    def _people_imported_before(self, import_id):
        """The people of an import's rows already taken (a restarted import refuses them again as duplicates)."""
        return set(self.db.session.scalars(select(EmploymentRelation.person_id).join(
            EmploymentStep, EmploymentStep.relation_id == EmploymentRelation.id).where(
            EmploymentStep.action == "request", EmploymentStep.taken_by == f"import:{import_id}")))


def column_of(field):
    """The import's column of a profile field the form's rules name (班组 is typed as its name)."""
    return "team_name" if field == "team_id" else field


def plain(value):
    """A cell's value as the form sends it (JSON): dates as text, amounts as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


def import_tables(service) -> dict:
    """The code tables the cells are read with: this service's and identity_svc's 证件类型."""
    return {**_identity_tables(service.identity), "trades": as_rows(TRADES),
            "education_levels": as_rows(EDUCATION_LEVELS), **service.reference_tables()}


class ImportRun:
    """What one import carries from batch to batch: whose it is, how cells are read, the people already taken
    (a person on two rows of one file is taken once)."""

    def __init__(self, import_id, enterprise_id, requested_by, reader, teams):
        self.import_id, self.enterprise_id, self.reader = import_id, enterprise_id, reader
        #: the employer's teams by name (班组 is typed as a name)
        self.teams = teams
        #: the user who uploaded the file requests; the first steps are recorded as the import's (``import:<id>``)
        self.requested_by = requested_by
        self.step_author = f"import:{import_id}"
        self.seen = set()

    def read(self, batch):
        """(rows whose cells could be read, with their values), problems of the others."""
        checked, problems = [], []
        for row in batch:
            values, cell_problems = self.reader.values(row)
            if cell_problems:
                problems += [RowProblem(problem.row, problem.field, problem.code, row.cells)
                             for problem in cell_problems]
            else:
                checked.append((row, values))
        return checked, problems

    def plan(self, checked, people, open_relations):
        """(rows to request, with their values and person), refused rows: the relation's rules, row by row."""
        planned, refused, taken = [], [], set()
        for row, values in checked:
            person = people.get(row.number)
            code, field = None, None
            if person is None:
                code, field = "PERSON_NOT_REGISTERED", "id_number"
            elif "problem" in person:
                code, field = person["problem"], "id_number"
            elif not domain.same_name(values["name"], person["name"]):
                code, field = "NAME_MISMATCH", "name"
            elif person["person_id"] in self.seen or person["person_id"] in taken:
                code, field = "DUPLICATE_IN_FILE", "id_number"
            else:
                try:
                    domain.refuse_request(self.enterprise_id, open_relations.get(person["person_id"], []))
                except ServiceError as refusal:
                    code, field = refusal.code, "id_number"
            if code:
                refused.append(RowProblem(row.number, field, code, row.cells))
                continue
            try:
                values = {**values, "profile": self.profile_of(values)}
            except InvalidInput as refusal:
                refused += [RowProblem(row.number, column_of(name), problem, row.cells)
                            for name, problem in refusal.fields.items()]
                continue
            taken.add(person["person_id"])
            planned.append((row, values, person))
        return planned, refused

    def profile_of(self, values) -> dict | None:
        """The row's 基本信息登记 by the form's rules (employment_svc.profiles), or None when it has none; a team
        is named by its name."""
        form = {name: value for name, value in values.items() if name not in roster_import.RELATION_FIELDS}
        if not form:
            return None
        team_name = form.pop("team_name", None)
        if team_name is not None:
            form["team_id"] = self.teams.get(team_name, UNKNOWN_TEAM)
        loaded = load_or_refuse(profile_form, {name: plain(value) for name, value in form.items()})
        loaded.pop("role", None)
        checked = profiles.check_profile(loaded, team_known=loaded.get("team_id") not in (None, UNKNOWN_TEAM))
        checked.pop("is_team_leader", None)  # leaders are appointed on 班组管理, once the person has confirmed
        return checked


class RowProblem(roster_import.Problem):
    """A refused row's problem with what the row typed, to find it by in the report."""

    def __init__(self, row, field, code, cells):
        super().__init__(row, field, code)
        self.name = str(cells.get("name") or "")[:100] or None
        number = normalise_id_number(str(cells.get("id_number") or ""))
        self.id_number_masked = mask_id_number(number) if number else None

    def record(self, import_id):
        return RosterImportProblem(import_id=import_id, row=self.row, field=self.field, code=self.code,
                                   name=self.name, id_number_masked=self.id_number_masked)


def _identity_tables(identity) -> dict:
    tables = identity.reference_tables()
    return {"id_document_types": tables.get("id_document_types", [])}
