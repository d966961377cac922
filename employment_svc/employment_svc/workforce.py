"""What the profile, team and contract entrypoints read of this service's tables, as plain views."""

import datetime as dt

from sqlalchemy import and_, func, select

from employment_svc import profiles
from employment_svc.exceptions import EmploymentNotFound, ProfileNotFound, TeamNotFound
from employment_svc.models import (
    BINDING_STATES,
    ContractDocument,
    ContractRecord,
    EmploymentRelation,
    Team,
    WorkerProfile,
)
from employment_svc.schemas import ContractViewSchema, DocumentViewSchema, ProfileViewSchema, TeamViewSchema

profile_view = ProfileViewSchema()
team_view = TeamViewSchema()
contract_view = ContractViewSchema()
document_view = DocumentViewSchema()
BINDING = EmploymentRelation.state.in_(BINDING_STATES)

PROFILE_FIELDS = ("education", "politics", "is_safety_officer", "trade", "certificate_type", "certificate_number",
                  "certificate_valid_until", "team_id", "contract_starts_on", "contract_ends_on", "is_temporary",
                  "bank", "wage_card_masked", "wage_scheme", "daily_wage", "unit_price", "piece_unit",
                  "blood_type", "emergency_contact_name", "emergency_contact_phone_masked", "position",
                  "phone_masked", "updated_at")


def own_relation(session, relation_id, enterprise_id, lock=False) -> EmploymentRelation:
    """The employer's relation of that id; EMPLOYMENT_NOT_FOUND for another employer's, as for none."""
    statement = select(EmploymentRelation).where(EmploymentRelation.id == relation_id)
    relation = session.scalar(statement.with_for_update() if lock else statement)
    if relation is None or (enterprise_id is not None and relation.enterprise_id != enterprise_id):
        raise EmploymentNotFound(f"no employment {relation_id}")
    return relation


def own_team(session, team_id, enterprise_id, lock=False) -> Team:
    statement = select(Team).where(Team.id == team_id)
    team = session.scalar(statement.with_for_update() if lock else statement)
    if team is None or (enterprise_id is not None and team.enterprise_id != enterprise_id):
        raise TeamNotFound(f"no team {team_id}")
    return team


def profile_of(session, relation_id) -> WorkerProfile | None:
    return session.scalar(select(WorkerProfile).where(WorkerProfile.relation_id == relation_id))


def profile_or_stub(session, relation: EmploymentRelation, username: str) -> WorkerProfile:
    """The relation's profile; one holding only a team place when the form was not filled yet."""
    profile = profile_of(session, relation.id)
    if profile is None:
        profile = WorkerProfile(relation_id=relation.id, enterprise_id=relation.enterprise_id,
                                person_id=relation.person_id, is_safety_officer=False, is_temporary=False,
                                updated_by=username)
        session.add(profile)
    return profile


def team_by_id(session, team_id) -> Team | None:
    return None if team_id is None else session.get(Team, team_id)


# -- profiles ----------------------------------------------------------------------------------------------------


def profile_select():
    return (select(WorkerProfile, EmploymentRelation, Team)
            .join(EmploymentRelation, EmploymentRelation.id == WorkerProfile.relation_id)
            .outerjoin(Team, Team.id == WorkerProfile.team_id))


def as_profile(profile: WorkerProfile, relation: EmploymentRelation, team: Team | None) -> dict:
    row = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    row.update(relation_id=relation.id, enterprise_id=relation.enterprise_id, person_id=relation.person_id,
               person_name=relation.person_name, id_type=relation.id_type,
               id_number_masked=relation.id_number_masked, role=relation.role,
               state=profiles.list_state(relation.state), relation_state=relation.state,
               team_name=team.name if team is not None else None,
               is_team_leader=team is not None and team.leader_relation_id == relation.id)
    return profile_view.dump(row)


def profile_view_of(session, relation_id) -> dict:
    found = session.execute(profile_select().where(WorkerProfile.relation_id == relation_id)).first()
    if found is None:
        raise ProfileNotFound(f"no profile of employment {relation_id}")
    return as_profile(*found)


def filtered_profiles(filters: dict, enterprise_id, person_ids):
    statement = profile_select()
    if enterprise_id is not None:
        statement = statement.where(WorkerProfile.enterprise_id == enterprise_id)
    if filters.get("name"):
        statement = statement.where(EmploymentRelation.person_name.contains(filters["name"].strip(), autoescape=True))
    if person_ids is not None:
        statement = statement.where(WorkerProfile.person_id.in_(person_ids))
    if filters.get("state") == "employed":
        statement = statement.where(BINDING)
    elif filters.get("state") == "ended":
        statement = statement.where(~BINDING)
    if filters.get("team_id") is not None:
        statement = statement.where(WorkerProfile.team_id == filters["team_id"])
    return statement


def page_of_rows(session, statement, order_by, page, page_size, dump) -> dict:
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.execute(statement.order_by(*order_by).offset((page - 1) * page_size).limit(page_size)).all()
    return {"items": [dump(*row) for row in rows], "total": total, "page": page, "page_size": page_size}


def count_of(session, statement) -> int:
    return session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


# -- teams -------------------------------------------------------------------------------------------------------


def member_counts(session, team_ids) -> dict:
    """Members now (binding relations) per team."""
    if not team_ids:
        return {}
    rows = session.execute(
        select(WorkerProfile.team_id, func.count()).join(EmploymentRelation,
                                                         EmploymentRelation.id == WorkerProfile.relation_id)
        .where(WorkerProfile.team_id.in_(team_ids), BINDING).group_by(WorkerProfile.team_id)).all()
    return dict(rows)


def as_teams(session, teams) -> list[dict]:
    counts = member_counts(session, [team.id for team in teams])
    leader_ids = {team.leader_relation_id for team in teams if team.leader_relation_id is not None}
    names = dict(session.execute(select(EmploymentRelation.id, EmploymentRelation.person_name).where(
        EmploymentRelation.id.in_(leader_ids))).all()) if leader_ids else {}
    return [team_view.dump({
        "id": team.id, "enterprise_id": team.enterprise_id, "name": team.name, "kind": team.kind,
        "trade": team.trade, "leader_relation_id": team.leader_relation_id,
        "leader_name": names.get(team.leader_relation_id), "member_count": counts.get(team.id, 0),
    }) for team in teams]


def team_members(session, team_id) -> list[dict]:
    rows = session.execute(profile_select().where(WorkerProfile.team_id == team_id, BINDING)
                           .order_by(EmploymentRelation.person_name, WorkerProfile.id)).all()
    return [as_profile(*row) for row in rows]


# -- contracts ---------------------------------------------------------------------------------------------------


def documents_of(session, contract_ids) -> dict:
    found = {}
    if contract_ids:
        for document in session.scalars(select(ContractDocument).where(
                ContractDocument.contract_id.in_(contract_ids)).order_by(ContractDocument.id)):
            found.setdefault(document.contract_id, []).append(document)
    return found


def as_contract(contract: ContractRecord, documents: list) -> dict:
    return contract_view.dump({**{name: getattr(contract, name) for name in (
        "id", "relation_id", "number", "contract_type", "signed_on", "starts_on", "ends_on", "updated_at")},
        "documents": documents})


def contract_select(filters: dict, enterprise_id, today: dt.date):
    """The employer's employees now, each with their contract or none: the 劳动合同 page."""
    statement = (select(EmploymentRelation, ContractRecord)
                 .outerjoin(ContractRecord, ContractRecord.relation_id == EmploymentRelation.id).where(BINDING))
    if enterprise_id is not None:
        statement = statement.where(EmploymentRelation.enterprise_id == enterprise_id)
    if filters.get("name"):
        statement = statement.where(EmploymentRelation.person_name.contains(filters["name"].strip(), autoescape=True))
    if filters.get("signed") is True:
        statement = statement.where(ContractRecord.id.is_not(None))
    elif filters.get("signed") is False:
        statement = statement.where(ContractRecord.id.is_(None))
    if filters.get("expiring_within_days") is not None:
        statement = statement.where(and_(ContractRecord.ends_on >= today, ContractRecord.ends_on <= today
                                         + dt.timedelta(days=filters["expiring_within_days"])))
    return statement
