"""identity_svc entrypoints: load through a schema, apply the rules, dump through a schema."""

import dataclasses

from sqlalchemy import bindparam, insert, select, union
from sqlalchemy.exc import IntegrityError

from chassis.caller import CallerIdentity
from chassis.database import Database
from chassis.errors import Forbidden
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.idempotency import IdempotentCalls
from chassis.logs import ServiceLog
from chassis.messaging import rpc
from chassis.outbox import Outbox
from chassis.paging import page_of
from chassis.pii import PersonalData, looks_like_id_number, mask_id_number, mask_phone
from chassis.schemas import load_or_refuse
from identity_svc import domain
from identity_svc.exceptions import EXPECTED, PersonNotFound
from identity_svc.models import IdempotentCall, IdNumberFragment, OutboxRecord, Person
from identity_svc.reference import NATIONAL_NUMBER_DOCUMENTS, RESIDENT_ID_CARD, reference_tables
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

# built once: a schema made per call is coded again per call (chassis.schemas.coded), 0.2 ms of a registration
document_schema = IdDocumentSchema()
changes_schema = PersonChangesSchema()
list_query_schema = PersonListQuerySchema()
person_schema = PersonSchema()
summary_schema = PersonSummarySchema()
event_schema = PersonEventSchema()


OTHER_ID_NUMBER = f"{ID_NUMBER}:other"


def id_number_index(vault, id_type, id_number):
    """The blind index a record is found by.

    Numbers of the national numbering (居民身份证, 港澳台居民居住证,
    外国人永久居留身份证) are unique on their own: their region part tells the
    cards apart, so they share one index and a lookup under any of the three
    types finds the person. Other documents' numbers are unique within their type.
    """
    purpose = ID_NUMBER if id_type in NATIONAL_NUMBER_DOCUMENTS else OTHER_ID_NUMBER
    return vault.blind_index(id_number, purpose)


#: hex characters kept of a fragment's blind index: 128 bits tell 26 fragments of each of millions of numbers
#: apart as surely as 256, in two thirds of the space (about 4 KB a person instead of 6)
FRAGMENT_INDEX_LENGTH = 32


def fragment_index(vault, purpose, fragment):
    return vault.blind_index(fragment, purpose)[:FRAGMENT_INDEX_LENGTH]


def fragment_indexes(vault, id_number):
    """The blind indexes of the beginnings and ends of a normalised number (``domain.fragments_of``)."""
    return [fragment_index(vault, purpose, fragment) for purpose, fragment in domain.fragments_of(id_number)]


def phone_index(vault, phone):
    return vault.blind_index(phone, PHONE) if phone else None


#: the person holding a document: built once, as building it took a third of a lookup's database work in
#: identity_svc (0.25 of 0.7 ms CPU)
PERSON_BY_DOCUMENT = select(Person).where(
    Person.id_type.in_(bindparam("id_types", expanding=True)), Person.id_number_index == bindparam("index"))


def registrant_of(person: Person) -> domain.Registrant:
    return domain.Registrant(
        person.registered_by_role,
        person.registered_by_username,
        person.registered_by_enterprise_id,
        person.registered_by_project_id,
    )


class IdentityService(HealthCheck):
    """Persons and their real-name records (实名登记)."""

    name = "identity_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    vault = PersonalData()
    caller = CallerIdentity()

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
        values = load_or_refuse(document_schema, document)
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
                # one INSERT of plain rows: 26 ORM objects cost the unit of work more than the insert itself
                fragments = fragment_indexes(self.vault, checked.id_number)
                session.execute(insert(IdNumberFragment),
                                [{"fragment_index": index, "person_id": person.id} for index in fragments])
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
    def find_person_ids(self, id_fragment, limit=domain.FRAGMENT_MATCH_BOUND):
        """模糊查询 by ID number: ids of the persons whose number is ``id_fragment``, begins with it (6 characters
        or more) or ends with it (4 or more), of every document type; refused when shorter than 4 characters
        or when it matches more than ``limit`` persons (at most 5,000). ``"３１０１０１"`` → ``[12, 40]``."""
        caller = self.caller.require_known()
        if not domain.may_look_up(caller):
            raise Forbidden("this role may not look persons up")
        fragment = domain.id_fragment(id_fragment or "", "person")
        bound = min(int(limit or domain.FRAGMENT_MATCH_BOUND), domain.FRAGMENT_MATCH_BOUND)
        found = self.db.session.scalars(self._holders_of(fragment).limit(bound + 1)).all()
        domain.refuse_too_broad(len(found), "person", bound)
        return sorted(found)

    @rpc(expected_exceptions=EXPECTED)
    def list_persons(self, query):
        """Records the caller may see, newest first; ``q`` is a name fragment, or (digits and Latin letters,
        ``chassis.pii.looks_like_id_number``) a whole ID number or its first 6+ or last 4+ characters."""
        scope = domain.Scope.of(self.caller.require_known())
        if not scope.sees_anything:
            raise Forbidden("this role may not list persons")
        params = load_or_refuse(list_query_schema, query)
        statement = select(Person).where(scope.where(Person))
        term = params["q"].strip()
        if looks_like_id_number(term):
            statement = statement.where(Person.id.in_(self._holders_of(domain.id_fragment(term, "q"))))
        elif term:
            statement = statement.where(Person.name.contains(term, autoescape=True))
        return page_of(
            self.db.session, statement, (Person.registered_at.desc(), Person.id.desc()),
            params["page"], params["page_size"], lambda rows: person_schema.dump(rows, many=True),
        )

    @rpc(expected_exceptions=EXPECTED)
    def update_person(self, person_id, changes):
        requested = load_or_refuse(changes_schema, changes)
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
        """Full ID numbers for a 用工查询 export: ``{"12": "310…"}`` of the listed persons, to the callers
        ``domain.may_reveal_in_export`` allows and within their scope; ``{}`` to everyone else."""
        caller = self.caller.require_known()
        if not domain.may_reveal_in_export(caller):
            return {}
        persons = self.db.session.scalars(select(Person).where(
            Person.id.in_(list(person_ids)), domain.Scope.of(caller).where(Person))).all()
        return {str(p.id): self.vault.decrypt(p.id_number_encrypted) for p in persons}

    # -- helpers -----------------------------------------------------------------

    def _index(self, id_type, id_number):
        return id_number_index(self.vault, id_type, id_number)

    def _find(self, id_type, id_number):
        same_numbering = NATIONAL_NUMBER_DOCUMENTS if id_type in NATIONAL_NUMBER_DOCUMENTS else (id_type,)
        return self.db.session.scalar(
            PERSON_BY_DOCUMENT, {"id_types": list(same_numbering), "index": self._index(id_type, id_number)})

    def _holders_of(self, fragment):
        """Ids of the persons whose number is ``fragment``, or begins or ends with it."""
        whole = [self.vault.blind_index(fragment, purpose) for purpose in (ID_NUMBER, OTHER_ID_NUMBER)]
        parts = [fragment_index(self.vault, purpose, value) for purpose, value in domain.fragment_lookups(fragment)]
        return union(
            select(Person.id).where(Person.id_number_index.in_(whole)),
            select(IdNumberFragment.person_id).where(IdNumberFragment.fragment_index.in_(parts)),
        )

    def _person_in_scope(self, person_id):
        caller = self.caller.require_known()
        person = self.db.session.get(Person, person_id)
        if person is None:
            raise PersonNotFound(f"no person {person_id}")
        if not domain.Scope.of(caller).covers(registrant_of(person)):
            raise Forbidden("this person is outside the caller's scope")
        return person

    def _view(self, person):
        if domain.Scope.of(self.caller).covers(registrant_of(person)):
            return person_schema.dump(person)
        return summary_schema.dump(person)

    def _phone(self, person):
        return self.vault.decrypt(person.phone_encrypted)

    def _set_phone(self, person, phone):
        person.phone_encrypted = self.vault.encrypt(phone)
        person.phone_index = phone_index(self.vault, phone)
        person.phone_masked = mask_phone(phone)
