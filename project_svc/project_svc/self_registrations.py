"""项目二维码 self-registration (manual 004 §5.3 方法二): the mixin ``SelfRegistrations`` of ProjectService.

A unit on the project prints the project's QR code; a worker scans it and fills in the public phone form (no
login: the gateway calls as the system, and rate-limits the form). The ID number is checked with identity_svc's
own rules (its domain's ``number_problem``); a second submission of the same ID number on the project updates the
one row. The answer is the same whether or not anyone registered before. The submission lands with the unit the
worker chose (and the general contractor): 自助登记人员.

办理: the unit it landed with (and only it) completes the submission, 待办理 → 已办理. It reads the submission with
the plain ID number and phone (``self_registration_to_handle``), registers the person's real-name record and asks
employment_svc for the employment (the gateway does both with those services' own calls), then marks it handled
with the person and the employment request (``mark_self_registration_handled``), which publishes
``self_registration_handled``. A second 办理 is refused SELF_REGISTRATION_ALREADY_HANDLED.

A submission after 办理: the same unit again keeps it 已办理 (the record and the request exist; the form's data is
updated for the list); another unit reopens it as 待办理 for that unit, the earlier handling cleared, since only
the unit now chosen can ask the person to join it.
"""

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis.caller import AUTHORITY, SYSTEM
from chassis.errors import Forbidden, InvalidInput
from chassis.events import utcnow
from chassis.messaging import rpc
from chassis.paging import page_of
from chassis.pii import PersonalData, mask_id_number, mask_phone, normalise_id_number
from chassis.schemas import load_or_refuse
from identity_svc.domain import number_problem
from project_svc.binding_schemas import (
    SelfRegistrationEventSchema,
    SelfRegistrationFormSchema,
    SelfRegistrationHandledEventSchema,
    SelfRegistrationHandledSchema,
    SelfRegistrationQuerySchema,
    SelfRegistrationSchema,
    SelfRegistrationToHandleSchema,
)
from project_svc.exceptions import (
    BINDING_EXPECTED,
    SELF_REGISTRATION_EXPECTED,
    NotSelfRegistrationUnit,
    ProjectNotFound,
    SelfRegistrationAlreadyHandled,
    SelfRegistrationNotFound,
)
from project_svc.models import Participant, Project, ProjectJoinCode, SelfRegistration

RESIDENT_ID = "01"
INDEX_PURPOSE = "self_registration:id_number"
registration_schema = SelfRegistrationSchema()
registration_event = SelfRegistrationEventSchema()
to_handle_schema = SelfRegistrationToHandleSchema()
handled_event = SelfRegistrationHandledEventSchema()
PENDING, HANDLED = "pending", "handled"
FORM_FIELDS = ("ethnicity", "native_place", "address", "address_detail", "person_kind", "trade", "household_type",
               "household_place", "gender", "birth_date")


class SelfRegistrations:
    """The 项目二维码 entrypoints; ProjectService provides db, outbox, caller and Assignments' ``_actor``."""

    vault = PersonalData()

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def join_code(self, project_id):
        """项目二维码: the token of the project's public form, made on first asking, for a unit on the project
        (its site users too) or the authority: ``{"project_id", "token", "registration_number", "name"}``."""
        project = self._project_of_unit(project_id)
        session = self.db.session
        code = session.get(ProjectJoinCode, project.id)
        if code is None:
            try:
                with self.db.transaction() as session:
                    session.add(ProjectJoinCode(project_id=project.id, token=secrets.token_urlsafe(18)))
            except IntegrityError:
                pass  # made at the same moment by another desk: read it
            code = self.db.session.get(ProjectJoinCode, project.id, populate_existing=True)
        return {"project_id": project.id, "token": code.token, "registration_number": project.registration_number,
                "name": project.name}

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def join_form(self, token):
        """What the public form shows: 报建编号, 项目名称 and the units to choose as 企业名称 (the system asks, for
        the gateway's public route). An unknown token → PROJECT_NOT_FOUND."""
        self._system_only()
        project = self._project_of_token(token)
        units = self.db.session.scalars(select(Participant).where(Participant.project_id == project.id)
                                        .order_by(Participant.id)).all()
        seen, choices = set(), []
        for unit in units:
            if unit.enterprise_id not in seen and unit.role != "implementing_unit":
                seen.add(unit.enterprise_id)
                choices.append({"enterprise_id": unit.enterprise_id, "enterprise_name": unit.enterprise_name})
        return {"registration_number": project.registration_number, "name": project.name, "units": choices}

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def submit_self_registration(self, token, form):
        """The public form's 提交: refused naming every bad field (``id_number`` with identity_svc's code, e.g.
        CHECK_DIGIT); the same project and ID number again updates the one row. → ``{"received": true}``, the
        same answer for a new person and a known one."""
        self._system_only()
        project = self._project_of_token(token)
        values = load_or_refuse(SelfRegistrationFormSchema(), form)
        number = normalise_id_number(values["id_number"])
        problems = {}
        problem, derived = number_problem(RESIDENT_ID, number)
        if problem:
            problems["id_number"] = problem
        else:
            if derived.birth_date and values["birth_date"] != derived.birth_date:
                problems["birth_date"] = "BIRTH_DATE_MISMATCH"
            if derived.gender and values["gender"] != derived.gender:
                problems["gender"] = "GENDER_MISMATCH"
        unit = self.db.session.scalars(select(Participant).where(
            Participant.project_id == project.id, Participant.enterprise_id == values["enterprise_id"])).first()
        if unit is None:
            problems["enterprise_id"] = "NOT_PARTICIPANT"
        if problems:
            raise InvalidInput("the form has mistakes", fields=problems)
        index = self.vault.blind_index(number, INDEX_PURPOSE)
        now = utcnow()
        for attempt in (1, 2):
            try:
                with self.db.transaction() as session:
                    row = session.scalars(select(SelfRegistration).where(
                        SelfRegistration.project_id == project.id, SelfRegistration.id_number_index == index)
                        .with_for_update()).first()
                    if row is None:
                        row = SelfRegistration(project_id=project.id, id_number_index=index, submissions=0,
                                               state=PENDING)
                        session.add(row)
                    elif row.state == HANDLED and row.enterprise_id != unit.enterprise_id:
                        reopen(row)
                    row.enterprise_id, row.enterprise_name = unit.enterprise_id, unit.enterprise_name
                    row.id_number_encrypted = self.vault.encrypt(number)
                    row.id_number_masked = mask_id_number(number)
                    row.person_name = values["name"].strip()
                    row.phone_encrypted, row.phone_masked = self.vault.encrypt(values["phone"]), mask_phone(
                        values["phone"])
                    for name in FORM_FIELDS:
                        setattr(row, name, values[name].strip() if isinstance(values[name], str) else values[name])
                    row.submissions = (row.submissions or 0) + 1
                    row.submitted_at = now
                    session.flush()
                    self.outbox.add("self_registration_submitted", registration_event.dump(row))
                break
            except IntegrityError:
                if attempt == 2:  # two first submissions at once: the second updates the row the first wrote
                    raise
        return {"received": True}

    @rpc(expected_exceptions=BINDING_EXPECTED)
    def self_registrations(self, project_id, query):
        """自助登记人员: the project's submissions for the caller's unit (the general contractor and the authority:
        all), newest first, by 姓名."""
        params = load_or_refuse(SelfRegistrationQuerySchema(), query)
        project = self._project_of_unit(project_id)
        caller = self.caller.require_known()
        statement = select(SelfRegistration).where(SelfRegistration.project_id == project.id)
        if caller.role not in (AUTHORITY, SYSTEM):
            actor = self._actor()
            if actor.enterprise_id != project.general_contractor_id:
                statement = statement.where(SelfRegistration.enterprise_id == actor.enterprise_id)
        if params["state"]:
            statement = statement.where(SelfRegistration.state == params["state"])
        if params["name"].strip():
            statement = statement.where(SelfRegistration.person_name.contains(params["name"].strip(),
                                                                              autoescape=True))
        return page_of(self.db.session, statement, (SelfRegistration.submitted_at.desc(), SelfRegistration.id.desc()),
                       params["page"], params["page_size"], lambda rows: registration_schema.dump(rows, many=True))

    @rpc(expected_exceptions=SELF_REGISTRATION_EXPECTED)
    def self_registration_to_handle(self, project_id, registration_id):
        """办理's first step: the submission with the plain ID number and phone, for the unit it landed with only
        (its enterprise users, and its site users on the project); anyone else NOT_SELF_REGISTRATION_UNIT (403),
        one 已办理 SELF_REGISTRATION_ALREADY_HANDLED."""
        row = self._registration_to_handle(project_id, registration_id, self.db.session)
        return {**to_handle_schema.dump(row), "id_number": self.vault.decrypt(row.id_number_encrypted),
                "phone": self.vault.decrypt(row.phone_encrypted)}

    @rpc(expected_exceptions=SELF_REGISTRATION_EXPECTED)
    def mark_self_registration_handled(self, project_id, registration_id, handling):
        """办理 done: ``{"person_id": 7, "employment_id": 12}`` (``employment_id`` null when the person was
        employed by the unit, or asked by it, already) → the submission, 已办理; publishes
        ``self_registration_handled``. Refused as ``self_registration_to_handle`` is, a second time
        SELF_REGISTRATION_ALREADY_HANDLED."""
        values = load_or_refuse(SelfRegistrationHandledSchema(), handling)
        with self.db.transaction() as session:
            row = self._registration_to_handle(project_id, registration_id, session, lock=True)
            row.state, row.handled_at, row.handled_by = HANDLED, utcnow(), self.caller.username
            row.person_id, row.employment_id = values["person_id"], values["employment_id"]
            session.flush()
            self.outbox.add("self_registration_handled", handled_event.dump(row))
        return registration_schema.dump(row)

    # -- helpers ---------------------------------------------------------------------------------------------

    def _system_only(self):
        if self.caller.require_known().role != SYSTEM:
            raise Forbidden("the public form is served by the gateway")

    def _project_of_token(self, token):
        code = self.db.session.scalar(select(ProjectJoinCode).where(ProjectJoinCode.token == str(token)[:40]))
        project = self.db.session.get(Project, code.project_id) if code is not None else None
        if project is None:
            raise ProjectNotFound("no such project code")
        return project

    def _registration_to_handle(self, project_id, registration_id, session, lock=False):
        project = self._project_of_unit(project_id)
        statement = select(SelfRegistration).where(SelfRegistration.id == registration_id,
                                                   SelfRegistration.project_id == project.id)
        row = session.scalars(statement.with_for_update() if lock else statement).first() if isinstance(
            registration_id, int) else None
        if row is None:
            raise SelfRegistrationNotFound(f"no self-registration {registration_id} on the project")
        if not may_handle(self.caller, row, self._actor):
            raise NotSelfRegistrationUnit("only the unit the worker chose handles the submission")
        if row.state == HANDLED:
            raise SelfRegistrationAlreadyHandled("the submission is handled already")
        return row

    def _project_of_unit(self, project_id):
        project = self.db.session.get(Project, project_id) if isinstance(project_id, int) else None
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        caller = self.caller.require_known()
        if caller.role in (AUTHORITY, SYSTEM):
            return project
        actor = self._actor()
        if not actor.covers_project(project.id):
            raise Forbidden("another project's site")
        takes_part = self.db.session.scalar(select(Participant.id).where(
            Participant.project_id == project.id, Participant.enterprise_id == actor.enterprise_id).limit(1))
        if actor.enterprise_id != project.general_contractor_id and takes_part is None:
            raise Forbidden("the unit takes no part in this project")
        return project


def may_handle(caller, row, actor_of_caller) -> bool:
    """办理 is the chosen unit's alone: its enterprise users and its site users; the general contractor and the
    authority read the submission but do not handle another unit's."""
    if caller.role in (AUTHORITY, SYSTEM):
        return False
    return actor_of_caller().enterprise_id == row.enterprise_id


def reopen(row):
    """A handled submission that now names another unit: 待办理 again, for that unit."""
    row.state, row.handled_at, row.handled_by, row.person_id, row.employment_id = PENDING, None, None, None, None
