"""Who takes part in a project and under whom: what the participants (参建单位) and their contract sections
(合同标段) say about an enterprise on a project (may it assign people here, who confirms what it assigns)."""

from sqlalchemy import exists, select

from project_svc.models import ContractSection, Participant, Project

#: the 合同状态 of a section in force
IN_FORCE = "in_force"
GENERAL_CONTRACTOR = "general_contractor"


def _sections_in_force(project_id, enterprise_id):
    return (select(Participant).join(ContractSection, ContractSection.participant_id == Participant.id)
            .where(Participant.project_id == project_id, Participant.enterprise_id == enterprise_id,
                   ContractSection.project_id == project_id, ContractSection.state == IN_FORCE))


def holds_reported_section(session, project_id, enterprise_id) -> bool:
    """The enterprise takes part in the project and holds a reported contract section there now, in force."""
    return bool(session.scalar(select(exists(_sections_in_force(project_id, enterprise_id)))))


def assigning_participant(session, project_id, enterprise_id) -> Participant | None:
    """The enterprise's participant row that holds a section in force (the first, if it has several roles)."""
    return session.scalars(_sections_in_force(project_id, enterprise_id).order_by(Participant.id).limit(1)).first()


def contracting_unit_above(session, project_id, enterprise_id) -> Participant | None:
    """The participant that contracted the enterprise on the project: the one that confirms its assignments.
    None for the general contractor and for a unit nobody contracted (the project's own units)."""
    project = session.get(Project, project_id)
    if project is not None and project.general_contractor_id == enterprise_id:
        return None
    participant = assigning_participant(session, project_id, enterprise_id)
    if participant is None or participant.role == GENERAL_CONTRACTOR or participant.contracted_by_id is None:
        return None
    return session.get(Participant, participant.contracted_by_id)


def projects_with_sections(enterprise_id):
    """The ids of the projects where the enterprise holds a section in force, as a subquery."""
    return (select(Participant.project_id).join(ContractSection, ContractSection.participant_id == Participant.id)
            .where(Participant.enterprise_id == enterprise_id, ContractSection.state == IN_FORCE))


def participant_of(session, project_id: int, enterprise_id: int) -> list[Participant]:
    """The enterprise's places on the project (one per role), first added first."""
    return list(session.scalars(select(Participant).where(
        Participant.project_id == project_id, Participant.enterprise_id == enterprise_id).order_by(Participant.id)))
