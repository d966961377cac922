"""在职 employees as 人员分配 needs them: project_svc asks at the moment of assignment who works here now, with
their 班组, 工种 and 联系电话, for a batch of persons or the whole employer (manual 001 part 2)."""

from sqlalchemy import select

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM
from chassis.errors import Forbidden, InvalidInput
from chassis.messaging import rpc
from employment_svc import domain
from employment_svc.exceptions import EXPECTED
from employment_svc.models import EmploymentRelation, Team, WorkerProfile

#: the most persons one question may name (a batch of 批量分配)
MOST_PERSONS = 5_000


def may_read_staff_of(caller, enterprise_id) -> bool:
    """The authority and the system any employer's; an enterprise, or a site user of that unit, its own."""
    if caller.role in (AUTHORITY, SYSTEM):
        return True
    return caller.role in (ENTERPRISE, SITE) and caller.enterprise_id is not None \
        and caller.enterprise_id == enterprise_id


def as_employee(relation: EmploymentRelation, profile: WorkerProfile | None, team: Team | None) -> dict:
    return {"person_id": relation.person_id, "relation_id": relation.id, "person_name": relation.person_name,
            "id_type": relation.id_type, "id_number_masked": relation.id_number_masked, "role": relation.role,
            "state": relation.state, "team_id": team.id if team is not None else None,
            "team_name": team.name if team is not None else None,
            "trade": profile.trade if profile is not None else None,
            "phone_masked": profile.phone_masked if profile is not None else None,
            "position": profile.position if profile is not None else None}


class AssignableEmployees:
    """The mixin of EmploymentService that answers 人员分配's question."""

    @rpc(expected_exceptions=EXPECTED)
    def current_employees(self, enterprise_id, person_ids=None, name=None):
        """The employer's employees now (在职: the binding states), by name, each with team, trade, phone and
        position: of ``person_ids`` only when given (at most 5,000), of those whose name holds ``name``.
        ``current_employees(7, [12, 40])`` → ``[{"person_id": 12, "team_name": "钢筋一班", …}]``; a person
        not employed here now is simply absent."""
        caller = self.caller.require_known()
        if not isinstance(enterprise_id, int) or not may_read_staff_of(caller, enterprise_id):
            raise Forbidden("another employer's staff")
        statement = (select(EmploymentRelation, WorkerProfile, Team)
                     .outerjoin(WorkerProfile, WorkerProfile.relation_id == EmploymentRelation.id)
                     .outerjoin(Team, Team.id == WorkerProfile.team_id)
                     .where(EmploymentRelation.enterprise_id == enterprise_id,
                            EmploymentRelation.state.in_(domain.BINDING_STATES)))
        if person_ids is not None:
            if not isinstance(person_ids, list) or len(person_ids) > MOST_PERSONS \
                    or not all(isinstance(person_id, int) for person_id in person_ids):
                raise InvalidInput("person_ids: a list of at most 5,000 ids", fields={"person_ids": "INVALID"})
            if not person_ids:
                return []
            statement = statement.where(EmploymentRelation.person_id.in_(person_ids))
        if (name or "").strip():
            statement = statement.where(EmploymentRelation.person_name.contains(name.strip(), autoescape=True))
        rows = self.db.session.execute(statement.order_by(EmploymentRelation.person_name,
                                                          EmploymentRelation.id)).all()
        return [as_employee(*row) for row in rows]
