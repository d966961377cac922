"""关键岗位 (manual 003 §4): the positions each unit of a project must fill, 入场注册 with the person's 资质证书,
the authority's review, and 退场解锁. A mixin the service class inherits; the rules are in key_position_rules.py.
"""

import base64
import hashlib

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from chassis import days
from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM
from chassis.documents import Documents, decoded, document_type
from chassis.errors import Forbidden
from chassis.events import utcnow
from chassis.messaging import RpcProxy, rpc
from chassis.paging import page_of
from chassis.pii import same_name
from chassis.schemas import load_or_refuse
from identity_svc.exceptions import PersonNotFound
from project_svc import key_position_rules as rules
from project_svc.exceptions import (
    EXPECTED,
    CertificateRequired,
    InvalidKeyPosition,
    KeyPositionAlreadyRegistered,
    KeyPositionNotFound,
    KeyPositionTaken,
    NameMismatch,
    PersonNotRegistered,
    ProjectNotFound,
)
from project_svc.key_position_schemas import (
    ExitRequestSchema,
    KeyPositionEventSchema,
    KeyPositionQuerySchema,
    KeyPositionRegistrationSchema,
    KeyPositionViewSchema,
)
from project_svc.models import KeyPositionRegistration, Participant, Project, StoredDocument

registration_view = KeyPositionViewSchema()
key_position_event = KeyPositionEventSchema()


def today():
    return days.today()


class KeyPositions:
    """关键岗位: registrations of people in the key positions of a project's units, and their review."""

    identity = RpcProxy("identity_svc")
    documents = Documents(StoredDocument)

    @rpc(expected_exceptions=EXPECTED)
    def required_key_positions(self, project_id):
        """The positions each unit of the project must fill, each with its holders (none: 未登记) and who waits
        for review: the authority sees every unit, a site user its project's, an enterprise its own units."""
        caller = self.caller.require_known()
        session = self.db.session
        if session.get(Project, project_id) is None:
            raise ProjectNotFound(f"no project {project_id}")
        statement = select(Participant).where(Participant.project_id == project_id)
        if caller.role == ENTERPRISE:
            statement = statement.where(Participant.enterprise_id == caller.enterprise_id)
        elif caller.role == SITE and caller.project_id != project_id:
            raise Forbidden("another project's key positions")
        elif caller.role not in (AUTHORITY, SYSTEM, SITE):
            raise Forbidden("this role may not see key positions")
        units = [{"participant_id": unit.id, "enterprise_id": unit.enterprise_id,
                  "enterprise_name": unit.enterprise_name, "role": unit.role}
                 for unit in session.scalars(statement.order_by(Participant.id))]
        if caller.role == ENTERPRISE and not units:
            raise Forbidden("the enterprise is no unit of this project")
        registrations = session.scalars(
            select(KeyPositionRegistration)
            .where(KeyPositionRegistration.project_id == project_id,
                   KeyPositionRegistration.participant_id.in_([unit["participant_id"] for unit in units]),
                   KeyPositionRegistration.state.in_(rules.OPEN))
            .order_by(KeyPositionRegistration.id)).all()
        return {"project_id": project_id,
                "units": rules.required_positions(units, registration_view.dump(registrations, many=True))}

    @rpc(expected_exceptions=EXPECTED)
    def key_position_projects(self):
        """The projects whose key positions the caller sees, by name: an enterprise those where it is a unit of a
        type with key positions, a site user its own, the authority every one (at most 500)."""
        caller = self.caller.require_known()
        statement = select(Project.id, Project.name, Project.registration_number)
        if caller.role == ENTERPRISE:
            statement = statement.where(Project.id.in_(
                select(Participant.project_id).where(Participant.enterprise_id == caller.enterprise_id,
                                                     Participant.role.in_(list(rules.REQUIRED_POSITIONS)))))
        elif caller.role == SITE:
            statement = statement.where(Project.id == caller.project_id)
        elif caller.role not in (AUTHORITY, SYSTEM):
            raise Forbidden("this role may not see key positions")
        return [{"project_id": row.id, "name": row.name, "registration_number": row.registration_number}
                for row in self.db.session.execute(statement.order_by(Project.name, Project.id).limit(500))]

    @rpc(expected_exceptions=EXPECTED)
    def register_key_position(self, registration):
        """入场注册: the unit's person (姓名 + 证件号 of a real-name record) in a key position, with the 资质证书
        (JPEG, PNG or PDF by its bytes, ≤ 10 MB); the registration waits (待审核) for the authority."""
        caller = self.caller.require_known()
        if rules.actor_of(caller) != ENTERPRISE:
            raise Forbidden("a unit registers its own key positions")
        values = load_or_refuse(KeyPositionRegistrationSchema(), registration)
        if not values["certificate"]:
            raise CertificateRequired("the 资质证书 is required", fields={"certificate": "CERTIFICATE_REQUIRED"})
        content = decoded(values["certificate"]["content_base64"], field="certificate")
        content_type = document_type(content, field="certificate")
        unit = self.db.session.get(Participant, values["participant_id"])
        if unit is None or unit.project_id != values["project_id"]:
            raise InvalidKeyPosition("no such unit of the project", fields={"participant_id": "NOT_PARTICIPANT"})
        if not rules.may_register_for(caller, unit.enterprise_id):
            raise Forbidden("another enterprise's unit")
        rules.check_unit_position(unit.role, values["position"])
        try:
            person = self.identity.find_by_id_number(values["id_type"], values["id_number"])
        except PersonNotFound:
            raise PersonNotRegistered("no real-name record has this ID number: 实名登记 first",
                                      fields={"id_number": "PERSON_NOT_REGISTERED"}) from None
        if not same_name(values["name"], person["name"]):
            raise NameMismatch("the name is not the one on the real-name record", fields={"name": "NAME_MISMATCH"})
        position = values["position"]
        try:
            with self.db.transaction() as session:
                self._refuse_taken(session, unit.project_id, unit.id, position)
                record = KeyPositionRegistration(
                    project_id=unit.project_id, participant_id=unit.id, enterprise_id=unit.enterprise_id,
                    enterprise_name=unit.enterprise_name, unit_role=unit.role, position=position,
                    person_id=person["id"], person_name=person["name"], id_type=person["id_type"],
                    id_number_masked=person["id_number_masked"], phone=values["phone"], state=rules.REGISTERED,
                    person_slot=rules.person_slot(unit.project_id, unit.id, position, person["id"], rules.REGISTERED),
                    certificate_filename=values["certificate"]["filename"].strip() or "certificate",
                    certificate_content_type=content_type, certificate_size=len(content),
                    certificate_sha256=hashlib.sha256(content).hexdigest(),
                    certificate_key=self.documents.put(content), registered_by=caller.username,
                    registered_at=utcnow(), updated_at=utcnow())
                session.add(record)
                session.flush()
                self.outbox.add("key_position_registered", key_position_event.dump(record))
        except IntegrityError:
            # the same person registered at the same moment by a second click: the unique slot let one through
            raise KeyPositionAlreadyRegistered("the person is already registered in this position",
                                               fields={"id_number": "KEY_POSITION_ALREADY_REGISTERED"}) from None
        return registration_view.dump(record)

    @rpc(expected_exceptions=EXPECTED)
    def list_key_positions(self, query):
        """The registrations in the caller's scope, newest first: ``{"project_id", "enterprise_id",
        "participant_id", "position", "state" (one state, or "review"), "q" (name), "page", "page_size"}``."""
        caller = self.caller.require_known()
        params = load_or_refuse(KeyPositionQuerySchema(), query)
        return self._registrations_page(rules.RegistrationScope.of(caller), params)

    @rpc(expected_exceptions=EXPECTED)
    def key_position_reviews(self, query):
        """关键岗位审核: the authority's list of what waits for it (入场注册 and 退场解锁), oldest first."""
        caller = self.caller.require_known()
        if rules.actor_of(caller) != AUTHORITY:
            raise Forbidden("only the authority reviews key positions")
        params = load_or_refuse(KeyPositionQuerySchema(), query)
        params["state"] = params["state"] or "review"
        return self._registrations_page(rules.RegistrationScope.of(caller), params, oldest_first=True)

    @rpc(expected_exceptions=EXPECTED)
    def decide_key_position(self, registration_id, approve, reason=None):
        """The authority's answer to an 入场注册: approved, the person is on site in the position (在岗);
        rejected, with the reason the unit reads."""
        return self._take(registration_id, "approve" if approve else "reject", reason=reason)

    @rpc(expected_exceptions=EXPECTED)
    def request_key_position_exit(self, registration_id, exit_request):
        """退场解锁: ``{"exit_on": "2026-12-01", "exit_note": "…"}``; the exit waits for the authority."""
        values = load_or_refuse(ExitRequestSchema(), exit_request)
        return self._take(registration_id, "request_exit", exit_request=values)

    @rpc(expected_exceptions=EXPECTED)
    def decide_key_position_exit(self, registration_id, approve, reason=None):
        """The authority's answer to a 退场解锁: approved, the position is free (未登记) again; rejected, with the
        reason, the person stays on site."""
        return self._take(registration_id, "approve_exit" if approve else "reject_exit", reason=reason)

    @rpc(expected_exceptions=EXPECTED)
    def get_key_position_certificate(self, registration_id):
        """The 资质证书, for whoever sees the registration: ``{filename, content_type, content_base64}``."""
        record = self._visible(self.db.session, registration_id)
        content = self.documents.get(record.certificate_key)
        if content is None:
            raise KeyPositionNotFound(f"the certificate of registration {registration_id} is gone")
        return {"filename": record.certificate_filename, "content_type": record.certificate_content_type,
                "content_base64": base64.b64encode(content).decode()}

    # -- helpers ---------------------------------------------------------------------------------------------------

    def _visible(self, session, registration_id, lock=False):
        caller = self.caller.require_known()
        record = session.get(KeyPositionRegistration, registration_id, with_for_update=lock or None)
        if record is None:
            raise KeyPositionNotFound(f"no key position registration {registration_id}")
        if not rules.RegistrationScope.of(caller).covers(record):
            raise Forbidden("this registration is outside the caller's scope")
        return record

    def _refuse_taken(self, session, project_id, participant_id, position, but=None):
        slot = rules.holder_slot(project_id, participant_id, position, rules.APPROVED)
        if slot is None:
            return
        statement = select(KeyPositionRegistration.person_name).where(KeyPositionRegistration.holder_slot == slot)
        if but is not None:
            statement = statement.where(KeyPositionRegistration.id != but)
        rules.refuse_taken(position, session.scalars(statement).all())

    def _take(self, registration_id, action, reason=None, exit_request=None):
        caller = self.caller.require_known()
        now = utcnow()
        try:
            with self.db.transaction() as session:
                record = self._visible(session, registration_id, lock=True)
                target = rules.next_state(record.state, action, rules.actor_of(caller))
                reason = rules.reason_for(action, reason)
                if action == "approve":
                    self._refuse_taken(session, record.project_id, record.participant_id, record.position,
                                       but=record.id)
                    record.reviewed_at, record.reviewed_by, record.entered_on = now, caller.username, today()
                elif action == "reject":
                    record.reviewed_at, record.reviewed_by, record.rejection_reason = now, caller.username, reason
                elif action == "request_exit":
                    rules.check_exit(exit_request["exit_on"], record.entered_on)
                    record.exit_on, record.exit_note = exit_request["exit_on"], exit_request["exit_note"]
                    record.exit_requested_at, record.exit_requested_by = now, caller.username
                    record.exit_reviewed_at = record.exit_reviewed_by = record.exit_rejection_reason = None
                else:
                    record.exit_reviewed_at, record.exit_reviewed_by = now, caller.username
                    record.exit_rejection_reason = reason
                record.state, record.updated_at = target, now
                record.holder_slot = rules.holder_slot(record.project_id, record.participant_id, record.position,
                                                       target)
                record.person_slot = rules.person_slot(record.project_id, record.participant_id, record.position,
                                                       record.person_id, target)
                session.flush()
                if action == "approve":
                    self.outbox.add("key_position_approved", key_position_event.dump(record))
                elif action == "approve_exit":
                    self.outbox.add("key_position_exit_approved", key_position_event.dump(record))
        except IntegrityError:
            # another registration for the single position was approved at the same moment: its index decided
            raise KeyPositionTaken("the position has its person; that person exits first",
                                   fields={"position": "KEY_POSITION_TAKEN"}) from None
        return registration_view.dump(record)

    def _registrations_page(self, scope, params, oldest_first=False):
        model = KeyPositionRegistration
        statement = select(model).where(scope.where(model))
        for name in ("project_id", "enterprise_id", "participant_id", "position"):
            if params[name] is not None:
                statement = statement.where(getattr(model, name) == params[name])
        if params["state"] == "review":
            statement = statement.where(model.state.in_((rules.REGISTERED, rules.EXIT_REQUESTED)))
        elif params["state"]:
            statement = statement.where(model.state == params["state"])
        term = params["q"].strip()
        if term:
            statement = statement.where(or_(model.person_name.contains(term, autoescape=True),
                                            model.enterprise_name.contains(term, autoescape=True)))
        order = (model.updated_at, model.id) if oldest_first else (model.updated_at.desc(), model.id.desc())
        return page_of(self.db.session, statement, order, params["page"], params["page_size"],
                       lambda rows: registration_view.dump(rows, many=True))
