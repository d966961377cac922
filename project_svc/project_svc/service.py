"""project_svc entrypoints."""

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, CallerIdentity
from chassis.database import Database
from chassis.errors import Forbidden
from chassis.health import HealthCheck
from chassis.heartbeat import Heartbeat
from chassis.idempotency import IdempotentCalls
from chassis.logs import ServiceLog
from chassis.messaging import RpcProxy, rpc
from chassis.outbox import Outbox
from chassis.paging import page_of
from chassis.schemas import load_or_refuse
from employment_svc.exceptions import EnterpriseNotFound
from project_svc import domain
from project_svc.exceptions import EXPECTED, ProjectAlreadyRegistered, ProjectNotFound, UnknownEnterprise
from project_svc.models import IdempotentCall, OutboxRecord, Project
from project_svc.schemas import ProjectEventSchema, ProjectQuerySchema, ProjectRegistrationSchema, ProjectSchema

project_schema = ProjectSchema()


class ProjectService(HealthCheck):
    """Construction projects."""

    name = "project_svc"

    log_context = ServiceLog()
    heartbeat = Heartbeat()
    db = Database()
    outbox = Outbox(OutboxRecord)
    idempotent_calls = IdempotentCalls(IdempotentCall)
    caller = CallerIdentity()
    employment = RpcProxy("employment_svc")

    @rpc(expected_exceptions=EXPECTED)
    def create_project(self, registration):
        """Creates a project with its 报建编号 and general contractor (the authority does this)."""
        if not domain.may_create_projects(self.caller.require_known()):
            raise Forbidden("only the authority creates projects")
        values = load_or_refuse(ProjectRegistrationSchema(), registration)
        values["registration_number"] = domain.normalise_registration_number(values["registration_number"])
        try:
            contractor = self.employment.get_enterprise(values["general_contractor_id"])
        except EnterpriseNotFound:
            raise UnknownEnterprise("no such enterprise", fields={"general_contractor_id": "UNKNOWN_ENTERPRISE"}) \
                from None
        already = ProjectAlreadyRegistered("this 报建编号 is registered", fields={
            "registration_number": "PROJECT_ALREADY_REGISTERED"})
        try:
            with self.db.transaction() as session:
                taken = session.scalar(
                    select(Project.id).where(Project.registration_number == values["registration_number"]))
                if taken:
                    raise already
                project = Project(**values, general_contractor_name=contractor["name"])
                session.add(project)
                session.flush()
                self.outbox.add("project_registered", ProjectEventSchema().dump(project))
        except IntegrityError:
            # the same number created at the same moment by another desk: its unique index decides
            raise already from None
        return project_schema.dump(project)

    @rpc(expected_exceptions=EXPECTED)
    def list_projects(self, query):
        caller = self.caller.require_known()
        params = load_or_refuse(ProjectQuerySchema(), query)
        statement = select(Project)
        if caller.role == SITE:
            statement = statement.where(Project.id == caller.project_id)
        elif caller.role == ENTERPRISE:
            statement = statement.where(Project.general_contractor_id == caller.enterprise_id)
        elif caller.role not in (AUTHORITY, SYSTEM):
            raise Forbidden("this role may not list projects")
        term = params["q"].strip()
        if term:
            statement = statement.where(or_(Project.name.contains(term, autoescape=True),
                                            Project.registration_number == domain.normalise_registration_number(term)))
        return page_of(self.db.session, statement, (Project.created_at.desc(), Project.id.desc()), params["page"],
                       params["page_size"], lambda rows: project_schema.dump(rows, many=True))

    @rpc(expected_exceptions=EXPECTED)
    def get_project(self, project_id):
        caller = self.caller.require_known()
        project = self.db.session.get(Project, project_id)
        if project is None:
            raise ProjectNotFound(f"no project {project_id}")
        if not domain.visible_to(caller, project.id, project.general_contractor_id):
            raise Forbidden("this project is outside the caller's scope")
        return project_schema.dump(project)
