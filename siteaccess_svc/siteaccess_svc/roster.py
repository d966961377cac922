"""The roster: entry records joined with what lists show of the person, the employer, the leader, the project."""

import datetime as dt

from sqlalchemy import ARRAY, Boolean, String, Text, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from siteaccess_svc.models import EntryRecord, KnownEnterprise, KnownPerson, KnownProject

Leader = aliased(EntryRecord, name="leader")
LeaderPerson = aliased(KnownPerson, name="leader_person")

COLUMNS = (
    EntryRecord.id, EntryRecord.project_id, KnownProject.name.label("project_name"), EntryRecord.person_id,
    KnownPerson.name, KnownPerson.id_number_masked, KnownPerson.gender, EntryRecord.employer_id,
    KnownEnterprise.name.label("employer_name"), EntryRecord.is_team_leader, EntryRecord.team_leader_entry_id,
    # 所属劳务队: a leader's is their own name, as manual 000's lists show it
    case((EntryRecord.is_team_leader.is_(True), KnownPerson.name), else_=LeaderPerson.name).label("team_leader_name"),
    EntryRecord.phone_masked, EntryRecord.trade, EntryRecord.education,
    EntryRecord.entry_date, EntryRecord.exit_date,
    case((EntryRecord.exit_date.is_(None), "on_site"), else_="exited").label("state"),
    EntryRecord.evaluation, EntryRecord.evaluation_comment, EntryRecord.created_at, EntryRecord.updated_at,
    EntryRecord.irregular,
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
    """Applies the filters of 退场查询 / 用工查询, the caller's scope among them (``domain.Scope.narrow``);
    ``person_ids`` comes from an exact ID-number lookup."""
    conditions = []
    for field in ("project_id", "employer_id", "team_leader_entry_id", "trade", "is_team_leader", "irregular"):
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
    if filters.get("own_or_on_projects") is not None:  # a general contractor: its people, and everyone on its projects
        employer_id, project_ids = filters["own_or_on_projects"]
        conditions.append(or_(EntryRecord.employer_id == employer_id, EntryRecord.project_id.in_(project_ids)))
    if person_ids is not None:
        conditions.append(EntryRecord.person_id.in_(person_ids))
    elif by_name(filters, person_ids):
        conditions.append(name_contains(KnownPerson.name, filters["name_fragment"]))
    return statement.where(and_(*conditions)) if conditions else statement


def by_name(filters: dict, person_ids) -> bool:
    return person_ids is None and bool(filters.get("name_fragment"))


def matching(column, filters: dict, person_ids):
    """``column`` over the entry records the filters match, joined to the person only to match a name.

    Every entry's person is in known_persons (an entry is admitted together
    with it), so leaving the join out changes no result, and lets PostgreSQL
    answer from the indexes of entry_records alone.
    """
    statement = select(column).select_from(EntryRecord)
    if by_name(filters, person_ids):
        statement = statement.join(KnownPerson, KnownPerson.person_id == EntryRecord.person_id)
    return filtered(statement, filters, person_ids)


def page(session, filters: dict, person_ids, number: int, size: int):
    """One page of the roster, newest entry first, and how many entries match in all.

    The page's entries are chosen first and only they are joined with what the
    list shows: the planner, misjudging how many names hold a fragment, would
    otherwise join every match before sorting them.
    """
    chosen = (matching(EntryRecord.id, filters, person_ids).order_by(*NEWEST_FIRST)
              .offset((number - 1) * size).limit(size).subquery("chosen"))
    rows = session.execute(roster_select().join(chosen, chosen.c.id == EntryRecord.id).order_by(*NEWEST_FIRST))
    return session.scalar(matching(func.count(), filters, person_ids)), [dict(row) for row in rows.mappings()]


def export_page(session, filters: dict, person_ids, after, size: int):
    """The next ``size`` rows of the roster, newest entry first, after the row whose (entry date, id) is ``after``.

    Keyset pagination in the lists' order: each page is an index range
    (ix_entry_date_id), not an OFFSET that reads every row before it. As in
    ``page``, the rows are chosen first and only they are joined with what the
    list shows.
    """
    chosen = matching(EntryRecord.id, filters, person_ids)
    if after is not None:
        entry_date, entry_id = after
        chosen = chosen.where(or_(EntryRecord.entry_date < entry_date,
                                  and_(EntryRecord.entry_date == entry_date, EntryRecord.id < entry_id)))
    chosen = chosen.order_by(*NEWEST_FIRST).limit(size).subquery("chosen")
    found = session.execute(roster_select().join(chosen, chosen.c.id == EntryRecord.id).order_by(*NEWEST_FIRST))
    return [dict(row) for row in found.mappings()]


def as_plain(rows: list[dict]) -> list[dict]:
    """The rows as ``EntryViewSchema`` dumps them (its fields are these columns; dates become ISO text).

    For the export's thousands of rows: marshmallow spent 1.0 s of a
    10,000-row export (22 fields a row) on what is a date conversion, this 0.05 s.
    """
    return [{name: value.isoformat() if isinstance(value, dt.date) else value for name, value in row.items()}
            for row in rows]


def count(session, filters: dict, person_ids) -> int:
    return session.scalar(matching(func.count(), filters, person_ids))


def rows(session, statement, order_by=NEWEST_FIRST, limit=None):
    return [dict(row) for row in session.execute(statement.order_by(*order_by).limit(limit)).mappings()]


# -- a name fragment ------------------------------------------------------------------------------


class NameContains(FunctionElement):
    """``name LIKE '%fragment%'``; on PostgreSQL narrowed first by the name-gram index (migration 0003)."""

    type = Boolean()
    inherit_cache = True
    name = "name_contains"


def name_contains(column, fragment: str) -> NameContains:
    """The names holding ``fragment``, as ``column.contains(fragment, autoescape=True)`` finds them.

    A LIKE with a leading wildcard can use only a trigram index, and pg_trgm
    takes no trigram from a fragment of two characters (张伟), the usual way
    to look for a Chinese name: PostgreSQL would read every person. So it
    first asks the GIN index over ``roster_name_grams(name)`` (each character
    and each pair of adjacent characters of a name) for the names that hold
    all of the fragment's pairs, and LIKE then keeps those that hold the fragment.
    """
    escaped = fragment.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return NameContains(column, literal(f"%{escaped}%", String), literal(name_grams(fragment), ARRAY(Text)))


def name_grams(fragment: str) -> list[str]:
    """What every name holding ``fragment`` has among its grams: the fragment's pairs, or itself when one character."""
    if len(fragment) < 2:
        return [fragment]
    return sorted({fragment[start:start + 2] for start in range(len(fragment) - 1)})


@compiles(NameContains)
def _like(element, compiler, **kw):
    column, pattern, _ = element.clauses
    return f"({compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '/')"


@compiles(NameContains, "postgresql")
def _grams_then_like(element, compiler, **kw):
    column, _, grams = element.clauses
    return (f"(roster_name_grams({compiler.process(column, **kw)}) @> CAST({compiler.process(grams, **kw)} AS TEXT[])"
            f" AND {_like(element, compiler, **kw)})")
