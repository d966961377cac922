"""identity_svc entrypoints: load through a schema, apply the rules, dump through a schema."""

import dataclasses

from nameko.rpc import rpc
from sqlalchemy import or_, select, text
from sqlalchemy.exc import IntegrityError

from chassis.caller import CallerIdentity
from chassis.database import Database
from chassis.errors import Forbidden
from chassis.outbox import Outbox
from chassis.paging import page_of
from chassis.pii import PersonalData, mask_id_number, mask_phone
from chassis.schemas import load_or_refuse
from identity_svc import domain
from identity_svc.exceptions import EXPECTED, PersonNotFound
from identity_svc.models import OutboxRecord, Person
from identity_svc.reference import RESIDENT_ID_CARD, reference_tables
from identity_svc.schemas import (
    IdDocumentSchema,
    PersonChangesSchema,
    PersonEventSchema,
    PersonListQuerySchema,
    PersonSchema,
    PersonSummarySchema,
)

ID_NUMBER = "id_number"
PHONE = "phone"

person_schema = PersonSchema()
summary_schema = PersonSummarySchema()
event_schema = PersonEventSchema()


def id_number_index(vault, id_type, id_number):
    """The blind index a record is found by: resident ID numbers are unique on their own, others within their type."""
    purpose = ID_NUMBER if id_type == RESIDENT_ID_CARD else f"{ID_NUMBER}:other"
    return vault.blind_index(id_number, purpose)


def phone_index(vault, phone):
    return vault.blind_index(phone, PHONE) if phone else None


def registrant_of(person: Person) -> domain.Registrant:
    return domain.Registrant(
        person.registered_by_role,
        person.registered_by_username,
        person.registered_by_enterprise_id,
        person.registered_by_project_id,
    )


class IdentityService:
    """Persons and their real-name records (实名登记)."""

    name = "identity_svc"

    db = Database()
    outbox = Outbox(OutboxRecord)
    vault = PersonalData()
    caller = CallerIdentity()

    @rpc
    def health(self):
        self.db.session.execute(text("SELECT 1"))
        return {"status": "ok"}

    @rpc
    def ping(self):
        """A call that does nothing: the yardstick of raw RPC speed."""
        return "pong"

    @rpc
    def reference_tables(self):
        return reference_tables()

    @rpc(expected_exceptions=EXPECTED)
    def register_person(self, document):
        """Registers a real-name record; the same document twice returns the first record."""
        caller = self.caller.require_known()
        if not domain.may_register(caller):
            raise Forbidden("this role may not register persons")
        values = load_or_refuse(IdDocumentSchema(), document)
        source = values.pop("verification_source")
        phone = domain.check_phone(values.pop("phone"))
        checked = domain.check_id_document(domain.IdDocument(**values))

        existing = self._find(checked.id_type, checked.id_number)
        if existing is not None:
            return {"person": self._view(existing), "created": False}

        registrant = domain.Registrant.of(caller)
        person = Person(
            **{k: v for k, v in dataclasses.asdict(checked).items() if k != ID_NUMBER},
            id_number_encrypted=self.vault.encrypt(checked.id_number),
            id_number_index=self._index(checked.id_type, checked.id_number),
            id_number_masked=mask_id_number(checked.id_number),
            verification_source=source,
            registered_by_role=registrant.role,
            registered_by_username=registrant.username,
            registered_by_enterprise_id=registrant.enterprise_id,
            registered_by_project_id=registrant.project_id,
        )
        self._set_phone(person, phone)
        try:
            with self.db.transaction() as session:
                session.add(person)
                session.flush()
                self.outbox.add("person_registered", event_schema.dump(person))
        except IntegrityError:
            # registered concurrently by someone else: theirs is the record
            existing = self._find(checked.id_type, checked.id_number)
            if existing is None:
                raise
            return {"person": self._view(existing), "created": False}
        return {"person": person_schema.dump(person), "created": True}

    @rpc(expected_exceptions=EXPECTED)
    def find_by_id_number(self, id_type, id_number):
        """Exact lookup: the whole record within scope, a summary outside it."""
        caller = self.caller.require_known()
        if not domain.may_look_up(caller):
            raise Forbidden("this role may not look persons up")
        person = self._find(id_type or RESIDENT_ID_CARD, domain.normalise_id_number(id_number))
        if person is None:
            raise PersonNotFound("no real-name record has this ID number")
        return self._view(person)

    @rpc(expected_exceptions=EXPECTED)
    def get_person(self, person_id):
        return person_schema.dump(self._person_in_scope(person_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_persons(self, query):
        """Records the caller may see, newest first; ``q`` is a name fragment or an exact ID number."""
        caller = self.caller.require_known()
        params = load_or_refuse(PersonListQuerySchema(), query)
        statement = select(Person)
        if caller.role == "enterprise":
            statement = statement.where(Person.registered_by_enterprise_id == caller.enterprise_id)
        elif caller.role == "site":
            statement = statement.where(Person.registered_by_project_id == caller.project_id)
        elif not caller.is_authority:
            raise Forbidden("this role may not list persons")
        term = params["q"].strip()
        if term:
            number = domain.normalise_id_number(term)
            statement = statement.where(
                or_(
                    Person.name.contains(term, autoescape=True),
                    Person.id_number_index == self._index(RESIDENT_ID_CARD, number),
                    Person.id_number_index == self._index("other", number),
                )
            )
        return page_of(
            self.db.session, statement, (Person.registered_at.desc(), Person.id.desc()),
            params["page"], params["page_size"], lambda rows: person_schema.dump(rows, many=True),
        )

    @rpc(expected_exceptions=EXPECTED)
    def update_person(self, person_id, changes):
        requested = load_or_refuse(PersonChangesSchema(), changes)
        with self.db.transaction():
            person = self._person_in_scope(person_id)
            current = {name: getattr(person, name) for name in domain.DOCUMENT_FIELDS}
            current[PHONE] = self._phone(person)
            plan = domain.plan_update(current, requested, person.verification_state == "verified")
            if plan.values:
                for name, value in plan.values.items():
                    if name == PHONE:
                        self._set_phone(person, value)
                    else:
                        setattr(person, name, value)
                person.updated_at = domain.dt.datetime.now(domain.dt.timezone.utc)
                self.outbox.add(
                    "person_updated", {**event_schema.dump(person), "changed_fields": plan.changed_fields}
                )
        return person_schema.dump(person)

    @rpc(expected_exceptions=EXPECTED)
    def reveal_id_number(self, person_id):
        """The full ID number, for callers whose scope covers the person (the gateway audits it)."""
        person = self._person_in_scope(person_id)
        return {"id_number": self.vault.decrypt(person.id_number_encrypted)}

    @rpc(expected_exceptions=EXPECTED)
    def reveal_id_numbers(self, person_ids):
        """Full ID numbers of the listed persons the caller's scope covers (an export); others are left out.

        Only the authority's export shows full numbers: every other caller gets ``{}``.
        """
        caller = self.caller.require_known()
        if not caller.is_authority:
            return {}
        persons = self.db.session.scalars(select(Person).where(Person.id.in_(list(person_ids)))).all()
        return {str(p.id): self.vault.decrypt(p.id_number_encrypted)
                for p in persons if domain.in_scope(caller, registrant_of(p))}

    # -- helpers -----------------------------------------------------------------

    def _index(self, id_type, id_number):
        return id_number_index(self.vault, id_type, id_number)

    def _find(self, id_type, id_number):
        return self.db.session.scalar(
            select(Person).where(
                Person.id_type == id_type, Person.id_number_index == self._index(id_type, id_number)
            )
        )

    def _person_in_scope(self, person_id):
        caller = self.caller.require_known()
        person = self.db.session.get(Person, person_id)
        if person is None:
            raise PersonNotFound(f"no person {person_id}")
        if not domain.in_scope(caller, registrant_of(person)):
            raise Forbidden("this person is outside the caller's scope")
        return person

    def _view(self, person):
        if domain.in_scope(self.caller, registrant_of(person)):
            return person_schema.dump(person)
        return summary_schema.dump(person)

    def _phone(self, person):
        return self.vault.decrypt(person.phone_encrypted)

    def _set_phone(self, person, phone):
        person.phone_encrypted = self.vault.encrypt(phone)
        person.phone_index = phone_index(self.vault, phone)
        person.phone_masked = mask_phone(phone)
