"""出勤一览表 of a week or a month, its 更多, and a person's attendance calendar with the days worked in a month (the
basis of wages); AttendanceService provides db, caller, config, ``zone`` and the proxies.

Who may see a person's calendar:
- a site user: the people of its own project (a stay there), their records on that project only;
- the employer (an enterprise user): its own employees, for a month in which employment_svc says they were (or are)
  employed by it, the days within that employment;
- the worker: their own;
- the authority and the system: anyone.

The views read aggregates: one row per person and day (GROUP BY in the database), never every record.
"""

import datetime as dt
import logging
from collections import namedtuple

from nameko.exceptions import RemoteError
from sqlalchemy import BigInteger, Integer, case, cast, func, literal, select

from attendance_svc import domain
from attendance_svc.exceptions import EXPECTED
from attendance_svc.models import ClockRecord, KnownEnterprise, SiteStay
from attendance_svc.schemas import PeriodPeopleQuerySchema, PeriodQuerySchema, PersonMonthQuerySchema
from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, WORKER
from chassis.errors import Forbidden, ServiceError
from chassis.messaging import rpc
from chassis.schemas import load_or_refuse

log = logging.getLogger(__name__)

#: a stay on the project in a period, as _period_people reads it
PeriodStay = namedtuple("PeriodStay", "entry_id person_id name id_number_masked employer_id is_team_leader "
                                      "team_leader_entry_id entry_date exit_date")


class AttendanceViews:
    """The week and month views and the person's calendar."""

    @rpc(expected_exceptions=EXPECTED)
    def attendance_period(self, project_id, start, end):
        """出勤一览表 of a week or a month (at most 31 days, both ends included): ``{start, end, on_site, attended,
        person_days_on_site, person_days_attended, rate, days: [{day, on_site, attended, rate}], by_team: [{team,
        people, on_site, attended, rate}], by_employer: [{employer, …}]}`` — per day the people on site and those
        attending; by team and employer in person-days over the period. 400 PERIOD_TOO_LONG, ENDS_BEFORE_START."""
        project_id = domain.project_scope(self.caller, project_id)
        days = self._period(start, end)
        people, stays = self._period_people(project_id, days)
        return domain.summarise_period(days, people, stays, self._attended(project_id, days))

    @rpc(expected_exceptions=EXPECTED)
    def attendance_period_people(self, project_id, start, end, name=None, page=1, page_size=20):
        """更多 of a day, a week or a month: ``{"items": [{person_id, name, id_number_masked, employer_name,
        team_name, days_on_site, days_attended, days: [{day, first_in, last_out}]}], "total"}``, those who attended
        most first; ``name``: part of the name."""
        project_id = domain.project_scope(self.caller, project_id)
        days = self._period(start, end)
        query = load_or_refuse(PeriodPeopleQuerySchema(), {"name": name, "page": page, "page_size": page_size})
        people, stays = self._period_people(project_id, days)
        if query["name"]:
            people = [person for person in people if query["name"] in (person["name"] or "")]
        found = domain.period_people(days, people, stays, self._attended(project_id, days))
        first = (query["page"] - 1) * query["page_size"]
        page = found[first:first + query["page_size"]]
        times = self._times(project_id, days, [row["person_id"] for row in page if row["attended_days"]])
        return {"items": [domain.with_times(row, times) for row in page], "total": len(found)}

    @rpc(expected_exceptions=EXPECTED)
    def person_attendance(self, person_id, month, project_id=None):
        """考勤日历 of a person in a month: ``{person_id, name, month, days_worked, by_project: [{project_id,
        project_name, days_worked}], days: [{day, first_in, last_out, projects: [{project_id, first_in,
        last_out}]}]}`` — a day counts once however many projects the person clocked on. ``project_id``: that
        project's records only (a site user's is always its own)."""
        query = load_or_refuse(PersonMonthQuerySchema(), {"person_id": person_id, "month": month,
                                                          "project_id": project_id})
        person_id, project_id = query["person_id"], query["project_id"]
        first, last = domain.parse_month(query["month"])
        periods = self._calendar_scope(person_id, project_id, first, last)
        if self.caller.role == SITE:
            project_id = self.caller.project_id
        conditions = [ClockRecord.person_id == person_id, ClockRecord.day >= first, ClockRecord.day <= last,
                      ClockRecord.outcome == domain.ACCEPTED]
        if project_id is not None:
            conditions.append(ClockRecord.project_id == project_id)
        session, zone = self.db.session, self.zone

        def local(value):
            return domain.aware(value).astimezone(zone) if value is not None else None

        clocks = [{"day": day, "project_id": project, "first_in": local(first_in), "last_out": local(last_out)}
                  for day, project, first_in, last_out in session.execute(
                      select(ClockRecord.day, ClockRecord.project_id,
                             func.min(case((ClockRecord.direction == domain.IN, ClockRecord.occurred_at))),
                             func.max(case((ClockRecord.direction == domain.OUT, ClockRecord.occurred_at))))
                      .where(*conditions).group_by(ClockRecord.day, ClockRecord.project_id)).all()
                  if periods is None or domain.within(day, periods)]
        calendar = domain.person_calendar((first, last), clocks)
        name = session.scalar(select(SiteStay.name).where(SiteStay.person_id == person_id)
                              .order_by(SiteStay.entry_id.desc()).limit(1))
        names = self._project_names([row["project_id"] for row in calendar["by_project"]])
        for row in calendar["by_project"]:
            row["project_name"] = names.get(row["project_id"])
        return {"person_id": person_id, "name": name, **calendar}

    # -- helpers ----------------------------------------------------------------------------------------------------

    @staticmethod
    def _period(start, end) -> list[dt.date]:
        query = load_or_refuse(PeriodQuerySchema(), {"start": start, "end": end})
        return domain.period_days(query["start"], query["end"])

    def _attended(self, project_id, days) -> dict:
        """person_id → the days of the period with an accepted record, as bits (domain.day_mask), one row per
        person from the database: PostgreSQL ORs ``1 << (day - start)`` over the records; elsewhere the distinct
        (person, day) pairs are summed."""
        session = self.db.session
        if session.get_bind().dialect.name == "postgresql":
            bit = literal(1, BigInteger).op("<<")(ClockRecord.day - days[0])
            rows = session.execute(select(ClockRecord.person_id, func.bit_or(bit)).where(
                *self._counted(project_id, days)).group_by(ClockRecord.person_id)).all()
        else:
            pairs = select(ClockRecord.person_id, ClockRecord.day).where(*self._counted(project_id, days)).group_by(
                ClockRecord.person_id, ClockRecord.day).subquery()
            offset = cast(func.julianday(pairs.c.day) - func.julianday(days[0].isoformat()), Integer)
            rows = session.execute(select(pairs.c.person_id, func.sum(literal(1, BigInteger).op("<<")(offset)))
                                   .group_by(pairs.c.person_id)).all()
        return {person_id: int(mask) for person_id, mask in rows}

    def _times(self, project_id, days, person_ids) -> dict:
        """(person_id, day) → (first in, last out) of these people's days in the period, where the site is."""
        if not person_ids:
            return {}
        zone, times = self.zone, {}
        for person_id, day, first_in, last_out in self.db.session.execute(
                select(ClockRecord.person_id, ClockRecord.day,
                       func.min(case((ClockRecord.direction == domain.IN, ClockRecord.occurred_at))),
                       func.max(case((ClockRecord.direction == domain.OUT, ClockRecord.occurred_at))))
                .where(*self._counted(project_id, days), ClockRecord.person_id.in_(person_ids))
                .group_by(ClockRecord.person_id, ClockRecord.day)).all():
            times[person_id, day] = tuple(domain.aware(at).astimezone(zone) if at is not None else None
                                          for at in (first_in, last_out))
        return times

    @staticmethod
    def _counted(project_id, days):
        return (ClockRecord.project_id == project_id, ClockRecord.day >= days[0], ClockRecord.day <= days[-1],
                ClockRecord.outcome == domain.ACCEPTED, ClockRecord.person_id.is_not(None))

    def _period_people(self, project_id, days) -> tuple[list[dict], list[dict]]:
        """The people with a stay on the project that overlaps the period (each by their latest stay: name,
        employer, team as the day view names them) and all those stays; whether a stay has its person on site on a
        given day is domain.on_site's to say."""
        session = self.db.session
        # plain tuples: a result row's attributes cost a microsecond each, nearly half of the month view's time
        stays = [PeriodStay._make(row) for row in session.execute(select(
            SiteStay.entry_id, SiteStay.person_id, SiteStay.name, SiteStay.id_number_masked, SiteStay.employer_id,
            SiteStay.is_team_leader, SiteStay.team_leader_entry_id, SiteStay.entry_date, SiteStay.exit_date).where(
            SiteStay.project_id == project_id, SiteStay.entry_date <= days[-1],
            SiteStay.exit_date.is_(None) | (SiteStay.exit_date >= days[0])).order_by(SiteStay.entry_id))]
        leader_ids = {s.team_leader_entry_id for s in stays if not s.is_team_leader} - {None}
        leaders = {s.entry_id: s.name for s in stays if s.is_team_leader}
        missing = leader_ids - set(leaders)
        if missing:
            leaders |= dict(session.execute(select(SiteStay.entry_id, SiteStay.name).where(
                SiteStay.entry_id.in_(missing))).all())
        employers = dict(session.execute(select(KnownEnterprise.enterprise_id, KnownEnterprise.name).where(
            KnownEnterprise.enterprise_id.in_({s.employer_id for s in stays} - {None}))).all())
        people = {}
        for stay in stays:  # by the latest stay
            team_key = stay.entry_id if stay.is_team_leader else stay.team_leader_entry_id
            people[stay.person_id] = {
                "person_id": stay.person_id, "name": stay.name, "id_number_masked": stay.id_number_masked,
                "employer_id": stay.employer_id, "employer_name": employers.get(stay.employer_id),
                "team_key": team_key, "team_name": stay.name if stay.is_team_leader else leaders.get(team_key)}
        return list(people.values()), [{"person_id": s.person_id, "entry_date": s.entry_date,
                                        "exit_date": s.exit_date} for s in stays]

    def _calendar_scope(self, person_id, project_id, first, last):
        """Refuses a caller who may not see the person's calendar; the employer's periods of employment (days
        outside them are not theirs to see), None for everyone else."""
        caller = self.caller
        if caller.role == WORKER:
            if caller.require_worker().person_id != person_id:
                raise Forbidden("a worker sees their own attendance only")
            return None
        caller.require_known()
        if caller.role in (AUTHORITY, SYSTEM):
            return None
        if caller.role == SITE:
            own = domain.project_scope(caller, project_id)
            if self.db.session.scalar(select(func.count()).select_from(SiteStay).where(
                    SiteStay.project_id == own, SiteStay.person_id == person_id)) == 0:
                raise Forbidden("not a person of this project")
            return None
        if caller.role == ENTERPRISE and caller.enterprise_id is not None:
            periods = self._employed_by(person_id, caller.enterprise_id, first, last)
            if not periods:
                raise Forbidden("not an employee of this enterprise in that month")
            return periods
        raise Forbidden("a person's attendance is not this role's to see")

    def _employed_by(self, person_id, enterprise_id, first, last) -> list:
        """The days (from, to) the enterprise employed the person that overlap the month, by employment_svc's
        history (confirmed relations)."""
        zone, periods = self.zone, []
        for relation in self.employment.employment_history(person_id):
            if relation.get("enterprise_id") != enterprise_id or not relation.get("from"):
                continue
            start = domain.local_day(dt.datetime.fromisoformat(relation["from"]), zone)
            end = domain.local_day(dt.datetime.fromisoformat(relation["to"]), zone) if relation.get("to") else None
            if start <= last and (end is None or end >= first):
                periods.append((start, end))
        return periods

    def _project_names(self, project_ids) -> dict:
        """The projects' names, asked as the system (a worker or an employer may not read every project): called
        last, once the caller's scope is checked."""
        names = {}
        if project_ids:
            self.act_as_system()
        for project_id in project_ids:
            try:
                names[project_id] = self.projects.get_project(project_id).get("name")
            except (ServiceError, RemoteError):
                log.warning("could not read the name of project %s", project_id, exc_info=True)
        return names
