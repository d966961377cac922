"""The roster: entry records joined with what lists show of the person, the employer, the leader, the project."""

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from siteaccess_svc.models import EntryRecord, KnownEnterprise, KnownPerson, KnownProject

Leader = aliased(EntryRecord, name="leader")
LeaderPerson = aliased(KnownPerson, name="leader_person")

COLUMNS = (
    EntryRecord.id, EntryRecord.project_id, KnownProject.name.label("project_name"), EntryRecord.person_id,
    KnownPerson.name, KnownPerson.id_number_masked, KnownPerson.gender, EntryRecord.employer_id,
    KnownEnterprise.name.label("employer_name"), EntryRecord.is_team_leader, EntryRecord.team_leader_entry_id,
    LeaderPerson.name.label("team_leader_name"), EntryRecord.phone_masked, EntryRecord.trade, EntryRecord.education,
    EntryRecord.entry_date, EntryRecord.exit_date,
    case((EntryRecord.exit_date.is_(None), "on_site"), else_="exited").label("state"),
    EntryRecord.evaluation, EntryRecord.evaluation_comment, EntryRecord.created_at, EntryRecord.updated_at,
)
NEWEST_FIRST = (EntryRecord.entry_date.desc(), EntryRecord.id.desc())
OLDEST_FIRST = (EntryRecord.entry_date, EntryRecord.id)


def roster_select(columns=COLUMNS):
    return (
        select(*columns)
        .join(KnownPerson, KnownPerson.person_id == EntryRecord.person_id)
        .outerjoin(KnownEnterprise, KnownEnterprise.enterprise_id == EntryRecord.employer_id)
        .outerjoin(KnownProject, KnownProject.project_id == EntryRecord.project_id)
        .outerjoin(Leader, Leader.id == EntryRecord.team_leader_entry_id)
        .outerjoin(LeaderPerson, LeaderPerson.person_id == Leader.person_id)
    )


def filtered(statement, filters: dict, person_ids=None):
    """Applies the filters of 退场查询 / 用工查询; ``person_ids`` comes from an exact ID-number lookup."""
    conditions = []
    for field in ("project_id", "employer_id", "team_leader_entry_id", "trade"):
        if filters.get(field) is not None:
            conditions.append(getattr(EntryRecord, field) == filters[field])
    if filters.get("state") == "on_site":
        conditions.append(EntryRecord.exit_date.is_(None))
    elif filters.get("state") == "exited":
        conditions.append(EntryRecord.exit_date.is_not(None))
    for field, column in (("entry", EntryRecord.entry_date), ("exit", EntryRecord.exit_date)):
        if filters.get(f"{field}_from"):
            conditions.append(column >= filters[f"{field}_from"])
        if filters.get(f"{field}_to"):
            conditions.append(column <= filters[f"{field}_to"])
    if person_ids is not None:
        conditions.append(EntryRecord.person_id.in_(person_ids))
    elif filters.get("name_fragment"):
        conditions.append(KnownPerson.name.contains(filters["name_fragment"], autoescape=True))
    return statement.where(and_(*conditions)) if conditions else statement


def page(session, filters: dict, person_ids, number: int, size: int):
    statement = filtered(roster_select(), filters, person_ids)
    counted = filtered(
        select(func.count(EntryRecord.id)).join(KnownPerson, KnownPerson.person_id == EntryRecord.person_id),
        filters, person_ids,
    )
    rows = session.execute(statement.order_by(*NEWEST_FIRST).offset((number - 1) * size).limit(size)).mappings()
    return session.scalar(counted), [dict(row) for row in rows]


def rows(session, statement, order_by=NEWEST_FIRST, limit=None):
    return [dict(row) for row in session.execute(statement.order_by(*order_by).limit(limit)).mappings()]
