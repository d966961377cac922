"""The gate's copy of employment_svc: who employs whom now, in which 班组, and who leads it.

Kept from employment_svc's events (employment_confirmed, employment_ended,
worker_profile_updated, team_created, team_updated, team_member_changed, team_dissolved), so
that an entry never waits on employment_svc. Events may come late, twice or out
of order (redeliveries, replicas): the rules below keep the answer right in any
order — an ended relation stays ended, and a team placement older than the one
kept changes nothing. The ``record_*`` functions are the rules, on records
without a session; ``EmploymentBook`` reads and writes them.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from chassis.database import upsert
from siteaccess_svc.models import EntryRecord, KnownEmployment, KnownEnterprise, KnownPerson, KnownTeam

EMPLOYED, ENDED = "employed", "ended"
#: what a 劳务队长 choice of the employer's leaders says of the leader on this site
LEADER_ON_SITE, LEADER_ON_SITE_NOT_AS_LEADER, LEADER_NOT_ON_SITE = "on_site", "on_site_not_as_leader", "not_on_site"
NOT_EMPLOYED_BY_EMPLOYER = "NOT_EMPLOYED_BY_EMPLOYER"


def moment(text: str | None) -> dt.datetime | None:
    """An event's time as an aware UTC datetime (SQLite hands stored ones back naive, in UTC)."""
    if text is None:
        return None
    value = dt.datetime.fromisoformat(text) if isinstance(text, str) else text
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


# -- the rules: one event applied to what is known of its relation or team ------------------------------------------


def new_relation(data: dict) -> KnownEmployment:
    return KnownEmployment(relation_id=data["relation_id"], person_id=data["person_id"],
                           enterprise_id=data["enterprise_id"], state=None, team_id=None, is_team_leader=False)


def record_confirmed(known: KnownEmployment | None, data: dict) -> KnownEmployment:
    """employment_confirmed: the person is employed, unless the end of this relation was read first."""
    known = known or new_relation(data)
    known.person_name, known.role = data.get("person_name") or known.person_name, data.get("role") or known.role
    known.confirmed_at = moment(data.get("confirmed_at"))
    if known.state != ENDED:
        known.state = EMPLOYED
    return known


def record_ended(known: KnownEmployment | None, data: dict) -> KnownEmployment:
    """employment_ended: for good; a late employment_confirmed of the same relation does not revive it."""
    known = known or new_relation(data)
    known.state, known.ended_at = ENDED, moment(data.get("ended_at"))
    known.role = data.get("role") or known.role
    return known


def record_team_placement(known: KnownEmployment | None, data: dict, team_id: int | None, is_leader: bool,
                          as_of: dt.datetime) -> KnownEmployment:
    """worker_profile_updated / team_member_changed: the relation's 班组 and leadership, as of ``as_of``.

    News older than what is kept is ignored: two placements read out of order
    leave the later one.
    """
    known = known or new_relation(data)
    if known.team_as_of is not None and moment(known.team_as_of) > as_of:
        return known
    known.team_id, known.is_team_leader, known.team_as_of = team_id, bool(is_leader), as_of
    return known


def record_profile(known: KnownEmployment | None, data: dict, as_of: dt.datetime) -> KnownEmployment:
    known = record_team_placement(known, data, data.get("team_id"), data.get("is_team_leader"), as_of)
    known.person_name, known.role = data.get("person_name") or known.person_name, data.get("role") or known.role
    return known


def record_team_created(known: KnownTeam | None, data: dict) -> KnownTeam:
    known = known or KnownTeam(team_id=data["team_id"], dissolved=False)
    known.enterprise_id, known.name = data["enterprise_id"], data["name"]
    known.kind, known.trade, known.leader_person_id = data.get("kind"), data.get("trade"), data.get("leader_person_id")
    return known


def record_team_dissolved(known: KnownTeam | None, data: dict) -> KnownTeam:
    """team_dissolved: for good, even when read before team_created."""
    known = known or KnownTeam(team_id=data["team_id"], enterprise_id=data["enterprise_id"], name="")
    known.dissolved = True
    return known


# -- what the gate asks of it --------------------------------------------------------------------------------------


def current_relation(relations: Iterable[KnownEmployment]) -> KnownEmployment | None:
    """The person's employer now: their relation in state employed (the latest confirmed, should two be read)."""
    employed = [known for known in relations if known.state == EMPLOYED]
    return max(employed, key=lambda known: (moment(known.confirmed_at) or dt.datetime.min.replace(tzinfo=dt.UTC),
                                            known.relation_id), default=None)


def team_member_ids(team: KnownTeam, relations: Iterable[KnownEmployment]) -> set[int]:
    """The persons of a 班组 now: employed by its enterprise and placed in it, and its leader while employed there."""
    relations = [known for known in relations if known.state == EMPLOYED and known.enterprise_id == team.enterprise_id]
    members = {known.person_id for known in relations if known.team_id == team.team_id}
    if team.leader_person_id is not None and any(known.person_id == team.leader_person_id for known in relations):
        members.add(team.leader_person_id)
    return members


@dataclass(frozen=True)
class TeamLeaderOfEmployer:
    """班组长 — a leader of one of the employer's teams, and how the 劳务队长 select may offer them."""

    person_id: int
    name: str | None
    team_id: int
    team_name: str


def leaders_of_teams(teams: Iterable[KnownTeam], relations: Iterable[KnownEmployment]) -> list[TeamLeaderOfEmployer]:
    """The leaders of the teams, by name: the employees placed as leader of a team, and each team's named leader
    while employed by its enterprise."""
    relations = [known for known in relations if known.state == EMPLOYED]
    leaders = {}
    for team in teams:
        if team.dissolved:
            continue
        names = {known.person_id: known.person_name for known in relations if known.enterprise_id == team.enterprise_id}
        led_by = {known.person_id for known in relations if known.team_id == team.team_id and known.is_team_leader}
        if team.leader_person_id in names:
            led_by.add(team.leader_person_id)
        for person_id in led_by:
            leaders.setdefault((person_id, team.team_id),
                               TeamLeaderOfEmployer(person_id, names.get(person_id), team.team_id, team.name))
    return sorted(leaders.values(), key=lambda leader: (leader.name or "", leader.team_name, leader.person_id))


def leader_on_site(open_entry: EntryRecord | None) -> str:
    """How the employer's leader stands on this site: entered as 劳务队长 (choosable), entered as a worker
    (choosable once 编辑 makes them 劳务队长), or not entered (enter them first, as 劳务队长)."""
    if open_entry is None:
        return LEADER_NOT_ON_SITE
    return LEADER_ON_SITE if open_entry.is_team_leader else LEADER_ON_SITE_NOT_AS_LEADER


def entry_warnings(employer_id: int, employer_name: str | None, current: dict | None) -> list[dict]:
    """What an entry for ``employer_id`` is warned of: a person the employer does not employ now (the hard rule,
    entry only on a confirmed assignment, comes with the projects)."""
    if current is not None and current["enterprise_id"] == employer_id:
        return []
    details = {"employer_id": employer_id, "employer_name": employer_name,
               "current_employer_id": current and current["enterprise_id"],
               "current_employer_name": current and current["enterprise_name"]}
    return [{"code": NOT_EMPLOYED_BY_EMPLOYER, "details": details}]


def members_to_exit(open_entries: Iterable[EntryRecord], member_ids: set[int]) -> list[EntryRecord]:
    """班组退场: the team's members among the open entries of the site, in entry order."""
    return sorted((entry for entry in open_entries if entry.person_id in member_ids), key=lambda entry: entry.id)


# -- the tables --------------------------------------------------------------------------------------------------


class EmploymentBook:
    """The projection's tables in one session: events in, the gate's questions out."""

    def __init__(self, session):
        self.session = session

    # events

    def apply(self, event_type: str, envelope: dict):
        data, as_of = envelope["data"], moment(envelope["occurred_at"])
        if event_type == "employment_confirmed":
            self._put(record_confirmed(self._relation(data), data))
            upsert(self.session, KnownEnterprise, enterprise_id=data["enterprise_id"], name=data["enterprise_name"])
        elif event_type == "employment_ended":
            self._put(record_ended(self._relation(data), data))
        elif event_type == "worker_profile_updated":
            self._put(record_profile(self._relation(data), data, as_of))
        elif event_type == "team_member_changed":
            self._put(record_team_placement(self._relation(data), data, data.get("team_id"), data.get("is_leader"),
                                            as_of))
        elif event_type in ("team_created", "team_updated"):
            self._put(record_team_created(self._team(data), data))
        elif event_type == "team_dissolved":
            self._put(record_team_dissolved(self._team(data), data))
        else:
            raise ValueError(f"not an employment event: {event_type}")

    def rename_person(self, person_id: int, name: str):
        for known in self.session.scalars(select(KnownEmployment).where(KnownEmployment.person_id == person_id)):
            known.person_name = name

    def _relation(self, data):
        # locked: two events of one relation handled at once apply one after the other
        return self.session.get(KnownEmployment, data["relation_id"], with_for_update=True)

    def _team(self, data):
        return self.session.get(KnownTeam, data["team_id"], with_for_update=True)

    def _put(self, record):
        if record not in self.session:
            self.session.add(record)

    # questions

    def current(self, person_id: int) -> dict | None:
        """``{relation_id, enterprise_id, enterprise_name, role, team_id, team_name, is_team_leader, confirmed_at}``
        of the person's employer now, or None."""
        known = current_relation(self.session.scalars(select(KnownEmployment).where(
            KnownEmployment.person_id == person_id, KnownEmployment.state == EMPLOYED)))
        if known is None:
            return None
        team = self.session.get(KnownTeam, known.team_id) if known.team_id is not None else None
        enterprise = self.session.get(KnownEnterprise, known.enterprise_id)
        return {"relation_id": known.relation_id, "enterprise_id": known.enterprise_id,
                "enterprise_name": enterprise.name if enterprise else None, "role": known.role,
                "team_id": known.team_id, "team_name": team.name if team and not team.dissolved else None,
                "is_team_leader": bool(known.is_team_leader),
                "confirmed_at": moment(known.confirmed_at).isoformat() if known.confirmed_at else None}

    def employed_by(self, enterprise_ids) -> list[KnownEmployment]:
        return list(self.session.scalars(select(KnownEmployment).where(
            KnownEmployment.enterprise_id.in_(list(enterprise_ids)), KnownEmployment.state == EMPLOYED)))

    def teams_of(self, enterprise_ids) -> list[KnownTeam]:
        return list(self.session.scalars(select(KnownTeam).where(
            KnownTeam.enterprise_id.in_(list(enterprise_ids)), KnownTeam.dissolved.is_(False))
            .order_by(KnownTeam.name, KnownTeam.team_id)))

    def team(self, team_id: int) -> KnownTeam | None:
        team = self.session.get(KnownTeam, team_id)
        return None if team is None or team.dissolved else team

    def team_members(self, team: KnownTeam) -> set[int]:
        return team_member_ids(team, self.employed_by([team.enterprise_id]))

    def open_entries(self, project_id: int, person_ids=None, for_exit=False) -> list[EntryRecord]:
        """The entries of the project not yet exited (of ``person_ids``); ``for_exit`` locks them, so that a second
        班组退场 at the same moment waits and then finds them exited."""
        statement = select(EntryRecord).where(EntryRecord.project_id == project_id, EntryRecord.exit_date.is_(None))
        if person_ids is not None:
            statement = statement.where(EntryRecord.person_id.in_(list(person_ids)))
        if for_exit:
            statement = statement.with_for_update()
        return list(self.session.scalars(statement))

    def employer_leaders(self, project_id: int, employer_id: int) -> list[dict]:
        """The employer's 班组长, each with their open entry on the project (if any) and how they stand there."""
        leaders = leaders_of_teams(self.teams_of([employer_id]), self.employed_by([employer_id]))
        person_ids = {leader.person_id for leader in leaders}
        entries = {entry.person_id: entry for entry in self.open_entries(project_id, person_ids)}
        names = self._person_names({leader.person_id for leader in leaders if leader.name is None})
        return [{"person_id": leader.person_id, "name": leader.name or names.get(leader.person_id),
                 "team_id": leader.team_id, "team_name": leader.team_name,
                 "entry_id": entries[leader.person_id].id if leader.person_id in entries else None,
                 "state": leader_on_site(entries.get(leader.person_id))} for leader in leaders]

    def site_teams(self, project_id: int, employer_id: int | None = None) -> list[dict]:
        """The teams of the employers with people on the project, each with how many of its members are on it."""
        open_entries = self.open_entries(project_id)
        employers = {entry.employer_id for entry in open_entries}
        if employer_id is not None:
            employers &= {employer_id}
        teams = self.teams_of(employers)
        relations = self.employed_by({team.enterprise_id for team in teams})
        on_site = {entry.person_id for entry in open_entries}
        enterprise_names = self._enterprise_names({team.enterprise_id for team in teams})
        leaders = {leader.team_id: leader.name for leader in leaders_of_teams(teams, relations)}
        return [{"team_id": team.team_id, "name": team.name, "enterprise_id": team.enterprise_id,
                 "enterprise_name": enterprise_names.get(team.enterprise_id), "kind": team.kind, "trade": team.trade,
                 "leader_name": leaders.get(team.team_id),
                 "on_site_count": len(team_member_ids(team, relations) & on_site)} for team in teams]

    def _person_names(self, person_ids):
        if not person_ids:
            return {}
        return dict(self.session.execute(select(KnownPerson.person_id, KnownPerson.name).where(
            KnownPerson.person_id.in_(list(person_ids)))).all())

    def _enterprise_names(self, enterprise_ids):
        if not enterprise_ids:
            return {}
        return dict(self.session.execute(select(KnownEnterprise.enterprise_id, KnownEnterprise.name).where(
            KnownEnterprise.enterprise_id.in_(list(enterprise_ids)))).all())
