"""employment_svc entrypoints."""

from sqlalchemy import or_, select
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
from chassis.pii import PersonalData, mask_phone
from chassis.schemas import load_or_refuse
from employment_svc import domain
from employment_svc.exceptions import EXPECTED, EnterpriseAlreadyRegistered, EnterpriseNotFound
from employment_svc.models import Enterprise, IdempotentCall, OutboxRecord
from employment_svc.reference import reference_tables
from employment_svc.schemas import (
    EnterpriseEventSchema,
    EnterpriseQuerySchema,
    EnterpriseRegistrationSchema,
    EnterpriseSchema,
)

enterprise_schema = EnterpriseSchema()


class EmploymentService(HealthCheck):
    """Enterprises; employment relations arrive in a later issue."""

    name = "employment_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    vault = PersonalData()
    caller = CallerIdentity()

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
