"""考勤预警 (manual 003 §7.1: a person who left without being exited lowers the project's attendance rate and
raises a warning): people on site who have not attended for ABSENCE_WARNING_DAYS whole days, and projects whose
attendance rate over the last ATTENDANCE_RATE_DAYS fell below ATTENDANCE_RATE_THRESHOLD.

The lists are worked out when asked, from who is on site and their accepted records; a timer publishes
``absence_warning_raised`` once per (person, project, absence spell) and ``attendance_rate_low`` once each time a
project falls below the threshold (again only after it recovered)."""

import datetime as dt
import logging

from sqlalchemy import func, select, update

from attendance_svc import domain
from attendance_svc.exceptions import EXPECTED
from attendance_svc.models import AbsenceWarning, ClockRecord, KnownEnterprise, ProjectRate, SiteStay
from chassis.caller import AUTHORITY, SYSTEM
from chassis.errors import Forbidden
from chassis.events import utcnow
from chassis.messaging import rpc, timer

log = logging.getLogger(__name__)


def insert_new(session, model, **values) -> bool:
    """Inserts a row unless one with its primary key exists; True when this call inserted it (one of two
    transactions doing it at once)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    keys = [column.name for column in model.__table__.primary_key.columns]
    inserted = session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys)
                               .returning(*(model.__table__.c[name] for name in keys))).first()
    return inserted is not None


class WarningsMixin:
    """考勤预警 of attendance_svc (a base of AttendanceService)."""

    # -- settings -------------------------------------------------------------------------------------------------

    @property
    def warning_days(self) -> int:
        return self._setting("ABSENCE_WARNING_DAYS", 3)

    @property
    def rate_days(self) -> int:
        return self._setting("ATTENDANCE_RATE_DAYS", 7)

    @property
    def rate_threshold(self) -> float:
        return float(self.config.get("ATTENDANCE_RATE_THRESHOLD") or 0.7)

    def _today(self) -> dt.date:
        return domain.local_day(utcnow(), self.zone)

    def _warning_scope(self, project_id):
        """A site user's own project; the authority (and the system) every project when none is named."""
        caller = self.caller
        if project_id is None and caller.role in (AUTHORITY, SYSTEM):
            caller.require_known()
            return None
        return domain.project_scope(caller, project_id)

    # -- reads ----------------------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def absence_warnings(self, project_id=None):
        """考勤预警: who is on site and has not attended for ABSENCE_WARNING_DAYS whole days, longest absent first:
        ``{"warning_days", "items": [{project_id, entry_id, person_id, name, team_name, employer_name, entry_date,
        last_attended_day, days_absent, spell_start}]}``. A site user reads its project; the authority one named
        project, or every project."""
        project_id = self._warning_scope(project_id)
        return {"warning_days": self.warning_days, "items": self._absences(self.db.session, project_id)}

    @rpc(expected_exceptions=EXPECTED)
    def attendance_rate(self, project_id):
        """出勤率 of a project over the last ATTENDANCE_RATE_DAYS whole days: ``{project_id, days, threshold, from,
        to, on_site_days, attended_days, rate, low}`` (rate None when nobody was on site)."""
        project_id = domain.project_scope(self.caller, project_id)
        return self._rates(self.db.session, project_id).get(project_id) or self._rate_view(project_id, None)

    @rpc(expected_exceptions=EXPECTED)
    def low_rate_projects(self):
        """The authority's list of projects flagged now: ``[{project_id, rate, on_site_days, attended_days, days,
        threshold, from, to, low, low_since}]``, lowest rate first."""
        caller = self.caller
        if caller.role not in (AUTHORITY, SYSTEM):
            raise Forbidden("the authority's list of projects")
        session = self.db.session
        low = [rate for rate in self._rates(session, None).values() if rate["low"]]
        since = dict(session.execute(select(ProjectRate.project_id, ProjectRate.low_since).where(
            ProjectRate.project_id.in_([rate["project_id"] for rate in low]))).all()) if low else {}
        for rate in low:
            rate["low_since"] = domain.iso(since.get(rate["project_id"]))
        return sorted(low, key=lambda rate: (rate["rate"], rate["project_id"]))

    # -- the timer --------------------------------------------------------------------------------------------------

    @timer(interval=300, setting="WARNING_CHECK_SECONDS")
    def raise_attendance_warnings(self):
        """Publishes each new absence spell and each project falling below the rate threshold, once; clears the
        warnings of people who clocked or exited."""
        now = utcnow()
        session = self.db.session
        absent = self._absences(session, None)
        rates = self._rates(session, None)
        raised = flagged = 0
        with self.db.transaction() as session:
            for row in absent:
                if insert_new(session, AbsenceWarning, project_id=row["project_id"], person_id=row["person_id"],
                              spell_start=dt.date.fromisoformat(row["spell_start"]), entry_id=row["entry_id"],
                              days_absent=row["days_absent"], raised_at=now):
                    raised += 1
                    self.outbox.add("absence_warning_raised", {**row, "raised_at": domain.iso(now)})
            current = {(row["project_id"], row["person_id"], row["spell_start"]) for row in absent}
            for warning in session.scalars(select(AbsenceWarning).where(AbsenceWarning.cleared_at.is_(None))).all():
                if (warning.project_id, warning.person_id, warning.spell_start.isoformat()) not in current:
                    warning.cleared_at = now
            for project_id, rate in rates.items():
                insert_new(session, ProjectRate, project_id=project_id, low=False, on_site_days=0, attended_days=0)
                values = {"rate": rate["rate"], "on_site_days": rate["on_site_days"],
                          "attended_days": rate["attended_days"], "checked_at": now}
                if rate["low"]:
                    # only the update that finds the project not flagged says so
                    fell = session.execute(update(ProjectRate).where(
                        ProjectRate.project_id == project_id, ProjectRate.low.is_(False))
                        .values(low=True, low_since=now, **values).returning(ProjectRate.project_id)).first()
                    if fell is not None:
                        flagged += 1
                        self.outbox.add("attendance_rate_low", {**rate, "low_since": domain.iso(now)})
                    else:
                        session.execute(update(ProjectRate).where(ProjectRate.project_id == project_id)
                                        .values(**values))
                else:
                    session.execute(update(ProjectRate).where(ProjectRate.project_id == project_id)
                                    .values(low=False, low_since=None, **values))
            session.execute(update(ProjectRate).where(ProjectRate.project_id.not_in(list(rates) or [0]),
                                                      ProjectRate.low.is_(True))
                            .values(low=False, low_since=None, checked_at=now))
        if raised or flagged:
            log.info("%d absence warning(s) raised, %d project(s) below the attendance rate", raised, flagged)

    # -- the rules applied ------------------------------------------------------------------------------------------

    def _absences(self, session, project_id) -> list[dict]:
        today, warning_days = self._today(), self.warning_days
        on_site = [SiteStay.exit_date.is_(None)]
        if project_id is not None:
            on_site.append(SiteStay.project_id == project_id)
        stays = {}
        for stay in session.scalars(select(SiteStay).where(*on_site).order_by(SiteStay.entry_id)).all():
            stays[(stay.project_id, stay.person_id)] = stay  # the later stay, should there be two
        last = {(p, person): day for p, person, day in session.execute(
            select(ClockRecord.project_id, ClockRecord.person_id, func.max(ClockRecord.day))
            .join(SiteStay, (SiteStay.project_id == ClockRecord.project_id)
                  & (SiteStay.person_id == ClockRecord.person_id) & SiteStay.exit_date.is_(None)
                  & (ClockRecord.day >= SiteStay.entry_date))
            .where(ClockRecord.outcome == domain.ACCEPTED, *on_site)
            .group_by(ClockRecord.project_id, ClockRecord.person_id)).all()}
        absent = []
        for key, stay in stays.items():
            start, days = domain.absence(today, stay.entry_date, last.get(key))
            if domain.is_absent(days, warning_days):
                absent.append((stay, last.get(key), start, days))
        if not absent:
            return []
        leaders = dict(session.execute(select(SiteStay.entry_id, SiteStay.name).where(
            SiteStay.entry_id.in_({s.team_leader_entry_id for s, *_ in absent} - {None}))).all())
        employers = dict(session.execute(select(KnownEnterprise.enterprise_id, KnownEnterprise.name).where(
            KnownEnterprise.enterprise_id.in_({s.employer_id for s, *_ in absent} - {None}))).all())
        rows = [{"project_id": stay.project_id, "entry_id": stay.entry_id, "person_id": stay.person_id,
                 "name": stay.name, "id_number_masked": stay.id_number_masked,
                 "team_name": stay.name if stay.is_team_leader else leaders.get(stay.team_leader_entry_id),
                 "employer_name": employers.get(stay.employer_id), "entry_date": stay.entry_date.isoformat(),
                 "last_attended_day": attended.isoformat() if attended else None, "days_absent": days,
                 "spell_start": start.isoformat()}
                for stay, attended, start, days in absent]
        return sorted(rows, key=lambda row: (-row["days_absent"], row["project_id"], row["name"] or ""))

    def _rates(self, session, project_id) -> dict:
        """project_id → its rate view, for every project with people on site in the window (or the one named)."""
        window = domain.rate_window(self._today(), self.rate_days)
        first, last = window[0], window[-1]
        overlapping = [SiteStay.entry_date <= last, SiteStay.exit_date.is_(None) | (SiteStay.exit_date >= first)]
        if project_id is not None:
            overlapping.append(SiteStay.project_id == project_id)
        stays = {}
        for p, person, entered, exited in session.execute(select(
                SiteStay.project_id, SiteStay.person_id, SiteStay.entry_date, SiteStay.exit_date)
                .where(*overlapping)).all():
            stays.setdefault(p, []).append((person, entered, exited))
        if not stays:
            return {}
        records = [ClockRecord.outcome == domain.ACCEPTED, ClockRecord.day >= first, ClockRecord.day <= last,
                   ClockRecord.person_id.is_not(None), ClockRecord.project_id.in_(list(stays))]
        attended = {}
        for p, person, day in session.execute(select(
                ClockRecord.project_id, ClockRecord.person_id, ClockRecord.day).where(*records).distinct()).all():
            attended.setdefault(p, set()).add((person, day))
        return {p: self._rate_view(p, domain.attendance_rate(window, project_stays, attended.get(p, set())), window)
                for p, project_stays in stays.items()}

    def _rate_view(self, project_id, found, window=None) -> dict:
        window = window or domain.rate_window(self._today(), self.rate_days)
        found = found or {"on_site_days": 0, "attended_days": 0, "rate": None}
        return {"project_id": project_id, "days": self.rate_days, "threshold": self.rate_threshold,
                "from": window[0].isoformat(), "to": window[-1].isoformat(), **found,
                "low": domain.rate_is_low(found["rate"], self.rate_threshold)}
