"""identity_svc entrypoints: load through a schema, apply the rules, dump through a schema."""

import base64
import dataclasses
from collections import Counter

from sqlalchemy import bindparam, delete, insert, select, union
from sqlalchemy.exc import IntegrityError

from chassis import days
from chassis.caller import CallerIdentity
from chassis.database import Database
from chassis.errors import Forbidden, InvalidInput
from chassis.events import first_delivery, utcnow
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.idempotency import IdempotentCalls
from chassis.logs import ServiceLog
from chassis.messaging import event_handler, rpc
from chassis.outbox import Outbox
from chassis.paging import page_of
from chassis.pii import PersonalData, looks_like_id_number, mask_id_number, mask_phone
from chassis.schemas import load_or_refuse
from identity_svc import domain, manager_profile
from identity_svc.documents import Documents
from identity_svc.exceptions import EXPECTED, InvalidManagerProfile, PersonDocumentNotFound, PersonNotFound
from identity_svc.faces import entrypoints as faces
from identity_svc.faces import submissions as face_submissions
from identity_svc.models import (
    SECTION_MODELS,
    EmergencyContact,
    IdempotentCall,
    IdNumberFragment,
    KnownEmployment,
    ManagerProfile,
    OutboxRecord,
    Person,
    PersonDocument,
    ProcessedEvent,
)
from identity_svc.reference import NATIONAL_NUMBER_DOCUMENTS, RESIDENT_ID_CARD, reference_tables
from identity_svc.schemas import (
    PROFILE_FIELDS,
    EmploymentEventSchema,
    IdDocumentSchema,
    ManagerProfileSchema,
    ManagerProfileViewSchema,
    PersonChangesSchema,
    PersonDocumentSchema,
    PersonEventSchema,
    PersonListQuerySchema,
    PersonProfileEventSchema,
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
profile_schema = ManagerProfileSchema()
profile_view = ManagerProfileViewSchema()
profile_event_schema = PersonProfileEventSchema()
document_record_schema = PersonDocumentSchema()
employment_event_schema = EmploymentEventSchema()


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


def numbering_of(id_type):
    """The document types whose numbers are one numbering with ``id_type``'s (the national one, or its own)."""
    return NATIONAL_NUMBER_DOCUMENTS if id_type in NATIONAL_NUMBER_DOCUMENTS else (id_type,)


def same_numbering(id_type, other_type):
    return other_type in numbering_of(id_type)


def chunked(items, size):
    return (items[start:start + size] for start in range(0, len(items), size))


def registrant_of(person: Person) -> domain.Registrant:
    return domain.Registrant(
        person.registered_by_role,
        person.registered_by_username,
        person.registered_by_enterprise_id,
        person.registered_by_project_id,
    )


# faces.FaceEnrolment and face_submissions.FaceSubmissions by their modules: `nameko run identity_svc.service` runs
# every class of this module that has an entrypoint, a mixin imported by name included
class IdentityService(faces.FaceEnrolment, face_submissions.FaceSubmissions, HealthCheck):
    """Persons and their real-name records (实名登记)."""

    name = "identity_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    vault = PersonalData()
    caller = CallerIdentity()
    documents = Documents()

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
            # this very request's earlier run registered it and died before its answer was kept: that run created it
            return {"person": self._view(existing), "created": self.idempotent_calls.committed_unanswered()}

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
                # one INSERT of plain rows (Core's, not the ORM's bulk insert): 26 ORM objects cost the unit of
                # work more than the insert itself
                fragments = fragment_indexes(self.vault, checked.id_number)
                session.execute(insert(IdNumberFragment.__table__),
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
    def find_by_id_numbers(self, documents):
        """Many exact lookups in one call (roster import): ``[{"id_type", "id_number"}, …]`` → in the same
        order, ``{"person_id", "name", "id_type", "id_number_masked"}`` for a number on record, ``{"problem":
        code}`` for a number that cannot be one (check digit, format), or None when there is no record."""
        caller = self.caller.require_known()
        if not domain.may_look_up(caller):
            raise Forbidden("this role may not look persons up")
        if len(documents) > domain.BULK_LOOKUP_BOUND:
            raise InvalidInput(f"at most {domain.BULK_LOOKUP_BOUND} numbers per call",
                               fields={"documents": "TOO_MANY"})
        wanted, answers = {}, [None] * len(documents)
        for position, document in enumerate(documents):
            id_type = document.get("id_type") or RESIDENT_ID_CARD
            number = domain.normalise_id_number(document.get("id_number"))
            problem, _ = domain.number_problem(id_type, number)
            if problem:
                answers[position] = {"problem": problem}
            else:
                wanted.setdefault(self._index(id_type, number), []).append((position, id_type))
        for chunk in chunked(list(wanted), 1_000):
            found = self.db.session.execute(
                select(Person.id, Person.name, Person.id_type, Person.id_number_masked, Person.id_number_index)
                .where(Person.id_number_index.in_(chunk)))
            for person in found:
                for position, id_type in wanted[person.id_number_index]:
                    if same_numbering(id_type, person.id_type):
                        answers[position] = {"person_id": person.id, "name": person.name,
                                             "id_type": person.id_type, "id_number_masked": person.id_number_masked}
        return answers

    @rpc(expected_exceptions=EXPECTED)
    def get_person(self, person_id):
        """One record, masked: to callers whose scope covers it, and to the worker it belongs to."""
        if domain.is_own_record(self.caller, person_id):
            person = self.db.session.get(Person, person_id)
            if person is None:
                raise PersonNotFound(f"no person {person_id}")
            return person_schema.dump(person)
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
    def genders_of(self, person_ids):
        """性别 of the listed persons the caller's scope covers (at most 5,000 ids): ``[12, 40]`` → ``{"12": "1",
        "40": "2"}``; a person without a record, out of scope or without a gender on record is absent."""
        caller = self.caller.require_known()
        if not isinstance(person_ids, list) or len(person_ids) > domain.BULK_LOOKUP_BOUND \
                or not all(isinstance(person_id, int) for person_id in person_ids):
            raise InvalidInput(f"person_ids: a list of at most {domain.BULK_LOOKUP_BOUND} ids",
                               fields={"person_ids": "INVALID"})
        scope = domain.Scope.of(caller).where(Person, KnownEmployment)
        genders = {}
        for chunk in chunked(person_ids, 1_000):
            found = self.db.session.execute(select(Person.id, Person.gender).where(
                Person.id.in_(chunk), Person.gender.is_not(None), scope))
            genders.update({str(person.id): person.gender for person in found})
        return genders

    @rpc(expected_exceptions=EXPECTED)
    def list_persons(self, query):
        """Records the caller may see, newest first; ``q`` is a name fragment, or (digits and Latin letters,
        ``chassis.pii.looks_like_id_number``) a whole ID number or its first 6+ or last 4+ characters."""
        scope = domain.Scope.of(self.caller.require_known())
        if not scope.sees_anything:
            raise Forbidden("this role may not list persons")
        params = load_or_refuse(list_query_schema, query)
        statement = select(Person).where(scope.where(Person, KnownEmployment))
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
            Person.id.in_(list(person_ids)), domain.Scope.of(caller).where(Person, KnownEmployment))).all()
        return {str(p.id): self.vault.decrypt(p.id_number_encrypted) for p in persons}

    # -- 管理人员登记 (manual 004 §4.1) ------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def get_manager_profile(self, person_id):
        """A manager's extended profile: the real-name record's part (masked), the profile, its sections, the
        documents (without their bytes) and whether the social insurance proof is older than 60 days."""
        return self._profile_view(self._person_in_scope(person_id))

    @rpc(expected_exceptions=EXPECTED)
    def save_manager_profile(self, person_id, profile):
        """Saves the whole profile: each repeating section given replaces the stored one, row by row in the
        order given. Refusals name fields by path (``education.2.school``). Example: ``{"former_name": null,
        "hukou_type": "1", "highest_education": "06", "education": [{"school": "…", "starts_on":
        "2004-09-01", "ends_on": "2008-07-01", "major": "土木工程", "graduated": true}], "emergency_contacts":
        [{"relationship": "配偶", "name": "…", "phone": "13912345678"}]}``."""
        caller = self._editor()
        values = manager_profile.check_manager_profile(load_or_refuse(profile_schema, profile), days.today())
        with self.db.transaction() as session:
            person = self._person_in_scope(person_id, lock=True)
            stored = session.get(ManagerProfile, person.id)
            if stored is None:
                stored = ManagerProfile(person_id=person.id)
                session.add(stored)
            for name in PROFILE_FIELDS:
                setattr(stored, name, values[name])
            stored.updated_by, stored.updated_at = caller.username, utcnow()
            contacts = self._contact_rows(person.id, values["emergency_contacts"])
            for section, model in SECTION_MODELS.items():
                session.execute(delete(model).where(model.person_id == person.id))
                rows = contacts if section == "emergency_contacts" else values[section]
                session.add_all(model(person_id=person.id, position=index, **row) for index, row in enumerate(rows))
            session.flush()
            self._profile_updated(person, "profile", caller)
        # read back as stored, so that the answer is what get_manager_profile answers (SQLite keeps no time zone)
        self.db.session.expire_all()
        return self._profile_view(person)

    @rpc(expected_exceptions=EXPECTED)
    def add_person_document(self, person_id, kind, filename, content_type, content_base64):
        """Keeps a 人员相片 (``photo``: JPEG or PNG; a new one replaces the last), an ``attachment`` or a
        ``social_insurance_proof`` (JPEG, PNG or PDF) of at most 10 MB; the type is read from the file's first
        bytes (``content_type`` as sent is not trusted). Answers the document's record, without its bytes."""
        caller = self._editor()
        if kind not in manager_profile.ACCEPTED:
            raise InvalidInput("unknown kind of document", fields={"kind": "NOT_ALLOWED"})
        content = manager_profile.decode_content(content_base64)
        detected = manager_profile.check_document(kind, content)
        with self.db.transaction() as session:
            person = self._person_in_scope(person_id, lock=True)
            if kind == "photo":
                for previous in session.scalars(select(PersonDocument).where(
                        PersonDocument.person_id == person.id, PersonDocument.kind == "photo")):
                    self.documents.delete(previous.storage_key)
                    session.delete(previous)
            document = PersonDocument(
                person_id=person.id, kind=kind, filename=manager_profile.safe_filename(filename, detected),
                content_type=detected, size=len(content), storage_key=self.documents.put(content),
                uploaded_by=caller.username)
            session.add(document)
            session.flush()
            self._profile_updated(person, "documents", caller)
        return document_record_schema.dump(document)

    @rpc(expected_exceptions=EXPECTED)
    def get_person_document(self, document_id):
        """A document with its bytes, to callers whose scope covers its person:
        ``{"id", "kind", "filename", "content_type", "size", "content_base64"}``."""
        document = self._document_in_scope(document_id)
        content = self.documents.get(document.storage_key)
        if content is None:
            raise PersonDocumentNotFound(f"document {document_id} has no content")
        return {**document_record_schema.dump(document), "content_base64": base64.b64encode(content).decode()}

    @rpc(expected_exceptions=EXPECTED)
    def delete_person_document(self, document_id):
        """Deletes a document and its bytes (a wrong photo is deleted and another uploaded); its record."""
        caller = self._editor()
        with self.db.transaction() as session:
            document = self._document_in_scope(document_id)
            person = self._person_in_scope(document.person_id, lock=True)
            self.documents.delete(document.storage_key)
            session.delete(document)
            session.flush()
            self._profile_updated(person, "documents", caller)
        return document_record_schema.dump(document)

    # -- what other services publish -------------------------------------------------

    @event_handler("employment_svc", "employment_confirmed")
    def handle_employment_confirmed(self, envelope):
        """A confirmed relation: its enterprise's scope covers the person from now on."""
        self._project_employment(envelope, "handle_employment_confirmed", ended=False)

    @event_handler("employment_svc", "employment_ended")
    def handle_employment_ended(self, envelope):
        """An ended relation: the enterprise no longer sees the person through it."""
        self._project_employment(envelope, "handle_employment_ended", ended=True)

    # -- helpers -----------------------------------------------------------------

    def _index(self, id_type, id_number):
        return id_number_index(self.vault, id_type, id_number)

    def _find(self, id_type, id_number):
        return self.db.session.scalar(
            PERSON_BY_DOCUMENT, {"id_types": list(numbering_of(id_type)), "index": self._index(id_type, id_number)})

    def _holders_of(self, fragment):
        """Ids of the persons whose number is ``fragment``, or begins or ends with it."""
        whole = [self.vault.blind_index(fragment, purpose) for purpose in (ID_NUMBER, OTHER_ID_NUMBER)]
        parts = [fragment_index(self.vault, purpose, value) for purpose, value in domain.fragment_lookups(fragment)]
        return union(
            select(Person.id).where(Person.id_number_index.in_(whole)),
            select(IdNumberFragment.person_id).where(IdNumberFragment.fragment_index.in_(parts)),
        )

    def _person_in_scope(self, person_id, lock=False):
        """``lock``: inside a transaction, hold the person's row until it ends (one writer of a profile at a
        time)."""
        caller = self.caller.require_known()
        person = self.db.session.get(Person, person_id, with_for_update=lock or None)
        if person is None:
            raise PersonNotFound(f"no person {person_id}")
        if not self._covers(domain.Scope.of(caller), person):
            raise Forbidden("this person is outside the caller's scope")
        return person

    def _covers(self, scope, person):
        """``Scope.covers``, asking the employment projection only when the registrant alone does not answer."""
        registrant = registrant_of(person)
        if scope.covers(registrant):
            return True
        if scope.employer_id is None:
            return False
        employers = self.db.session.scalars(select(KnownEmployment.enterprise_id).where(
            KnownEmployment.person_id == person.id, *domain.current_employment(KnownEmployment))).all()
        return scope.covers(registrant, set(employers))

    def _view(self, person):
        if self._covers(domain.Scope.of(self.caller), person):
            return person_schema.dump(person)
        return summary_schema.dump(person)

    def _editor(self):
        caller = self.caller.require_known()
        if not manager_profile.may_edit(caller):
            raise Forbidden("this role may not complete a manager's profile")
        return caller

    def _document_in_scope(self, document_id):
        document = self.db.session.get(PersonDocument, document_id)
        if document is None:
            raise PersonDocumentNotFound(f"no document {document_id}")
        self._person_in_scope(document.person_id)
        return document

    def _contact_rows(self, person_id, contacts):
        """紧急联系人 as stored: each phone encrypted; a row without ``phone`` keeps the stored row's (``id``)."""
        stored = {row.id: row for row in self.db.session.scalars(
            select(EmergencyContact).where(EmergencyContact.person_id == person_id))}
        rows, problems = [], {}
        for index, contact in enumerate(contacts):
            values = {"relationship": contact["relationship"], "name": contact["name"]}
            if contact.get("phone"):
                values.update(phone_encrypted=self.vault.encrypt(contact["phone"]),
                              phone_masked=mask_phone(contact["phone"]))
            elif contact.get("id") in stored:
                kept = stored[contact["id"]]
                values.update(phone_encrypted=kept.phone_encrypted, phone_masked=kept.phone_masked)
            else:
                problems[f"emergency_contacts.{index}.phone"] = "REQUIRED"
            rows.append(values)
        if problems:
            raise InvalidManagerProfile("the manager profile is not valid", fields=problems)
        return rows

    def _profile_view(self, person):
        session, today = self.db.session, days.today()
        stored = session.get(ManagerProfile, person.id)
        values = {name: getattr(stored, name, None) for name in PROFILE_FIELDS}
        proof = manager_profile.proof_status(values["social_insurance_proof_date"], today)
        sections = {name: session.scalars(select(model).where(model.person_id == person.id)
                                          .order_by(model.position)).all()
                    for name, model in SECTION_MODELS.items()}
        documents = session.scalars(select(PersonDocument).where(PersonDocument.person_id == person.id)
                                    .order_by(PersonDocument.uploaded_at, PersonDocument.id)).all()
        return profile_view.dump({
            "person": person, "age": manager_profile.age_on(person.birth_date, today), **values,
            "social_insurance_proof_age_days": proof.age_days, "social_insurance_proof_expired": proof.expired,
            **sections, "documents": documents, "editable": manager_profile.may_edit(self.caller),
            "updated_by": getattr(stored, "updated_by", None), "updated_at": getattr(stored, "updated_at", None),
        })

    def _profile_updated(self, person, changed, caller):
        """person_profile_updated: counts and masked data only, in the transaction of the change."""
        session = self.db.session
        stored = session.get(ManagerProfile, person.id)
        rows = {name: len(session.scalars(select(model.id).where(model.person_id == person.id)).all())
                for name, model in SECTION_MODELS.items()}
        kinds = Counter(session.scalars(select(PersonDocument.kind).where(PersonDocument.person_id == person.id)))
        self.outbox.add("person_profile_updated", profile_event_schema.dump({
            "person_id": person.id, "name": person.name, "id_number_masked": person.id_number_masked,
            "changed": changed, "highest_education": getattr(stored, "highest_education", None),
            "professional_title": getattr(stored, "professional_title", None),
            "social_insurance_proof_date": getattr(stored, "social_insurance_proof_date", None),
            "section_rows": rows, "documents": dict(kinds), "updated_by_role": caller.role,
            "updated_by_enterprise_id": caller.enterprise_id,
        }))

    def _project_employment(self, envelope, handler, ended):
        data = load_or_refuse(employment_event_schema, envelope["data"])
        for attempt in range(2):  # the first row of a relation may be written by its other event at once
            try:
                with self.db.transaction() as session:
                    if not first_delivery(session, ProcessedEvent, envelope, handler):
                        return
                    known = session.get(KnownEmployment, data["relation_id"])
                    if known is None:
                        known = KnownEmployment(relation_id=data["relation_id"], enterprise_id=data["enterprise_id"],
                                                person_id=data["person_id"])
                        session.add(known)
                    known.role = data["role"] or known.role
                    if ended:
                        known.ended_at = data["ended_at"] or utcnow()
                    else:
                        known.confirmed_at = known.confirmed_at or data["confirmed_at"] or utcnow()
                return
            except IntegrityError:
                if attempt:
                    raise

    def _phone(self, person):
        return self.vault.decrypt(person.phone_encrypted)

    def _set_phone(self, person, phone):
        person.phone_encrypted = self.vault.encrypt(phone)
        person.phone_index = phone_index(self.vault, phone)
        person.phone_masked = mask_phone(phone)
