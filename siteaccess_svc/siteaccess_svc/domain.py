"""Rules of site entry and exit, in plain Python."""

import datetime as dt
from dataclasses import dataclass

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller
from chassis.pii import normalise_phone
from siteaccess_svc.exceptions import (
    ALREADY_EXITED,
    EXIT_BEFORE_ENTRY,
    AlreadyOnSite,
    InvalidEntry,
    TeamLeaderNeedsPhone,
    UnknownTeamLeader,
)


@dataclass(frozen=True)
class EmploymentTerms:
    """用工信息 — what the entry form says about the person's work on this site."""

    employer_id: int
    is_team_leader: bool
    team_leader_entry_id: int | None
    phone: str | None
    trade: str
    education: str
    entry_date: dt.date


@dataclass(frozen=True)
class TeamLeader:
    """劳务队长 — an open entry of a leader on a site."""

    entry_id: int
    project_id: int
    is_team_leader: bool
    on_site: bool


@dataclass(frozen=True)
class EntryState:
    entry_id: int
    entry_date: dt.date
    exit_date: dt.date | None


def manages_site(caller: Caller, project_id: int) -> bool:
    """Site staff manage their own project's gate; the authority may act on any."""
    if caller.role in (AUTHORITY, SYSTEM):
        return True
    return caller.role == SITE and caller.project_id == project_id


def sees_entry(caller: Caller, project_id: int, employer_id: int) -> bool:
    """The authority sees every entry, a site its project's, an enterprise those of its own people."""
    if caller.role in (AUTHORITY, SYSTEM):
        return True
    if caller.role == SITE:
        return caller.project_id == project_id
    if caller.role == ENTERPRISE:
        return caller.enterprise_id == employer_id
    return False


def check_phone(phone: str | None) -> str | None:
    try:
        return normalise_phone(phone)
    except ValueError:
        raise InvalidEntry("not a phone number", fields={"phone": "PHONE_FORMAT"}) from None


def check_terms(terms: EmploymentTerms, project_id: int, today: dt.date, leader: TeamLeader | None,
                exit_date: dt.date | None = None, leader_changed: bool = True):
    """Refuses terms that break a rule of the entry form (manual 000).

    A leader is checked when it is chosen: one who has since left does not
    make every later edit of the entry fail.
    """
    if terms.is_team_leader and not terms.phone:
        raise TeamLeaderNeedsPhone("a team leader must have a phone number",
                                   fields={"phone": "TEAM_LEADER_NEEDS_PHONE"})
    if terms.team_leader_entry_id is not None and leader_changed:
        valid = (leader is not None and leader.project_id == project_id and leader.is_team_leader
                 and leader.on_site)
        if not valid:
            raise UnknownTeamLeader("not a team leader on this site",
                                    fields={"team_leader_entry_id": "UNKNOWN_TEAM_LEADER"})
    if terms.entry_date > today:
        raise InvalidEntry("entry date in the future", fields={"entry_date": "DATE_IN_FUTURE"})
    if exit_date is not None and terms.entry_date > exit_date:
        raise InvalidEntry("entry after exit", fields={"entry_date": "ENTRY_AFTER_EXIT"})


def refuse_if_on_site(open_entry_id: int | None):
    if open_entry_id is not None:
        raise AlreadyOnSite("the person is already on this site", fields={"id_number": "ALREADY_ON_SITE"})


def exit_refusal(entry: EntryState, exit_date: dt.date, today: dt.date) -> str | None:
    """Why this entry cannot exit on ``exit_date``, or None."""
    if entry.exit_date is not None:
        return ALREADY_EXITED
    if exit_date < entry.entry_date:
        return EXIT_BEFORE_ENTRY
    if exit_date > today:
        return "EXIT_DATE_IN_FUTURE"
    return None


def changes_between(before: dict, after: dict) -> dict:
    """The history of an edit: ``{field: [old, new]}`` for what differs."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
