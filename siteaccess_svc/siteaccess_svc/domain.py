"""Rules of site entry and exit, in plain Python."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller
from chassis.errors import Forbidden
from chassis.pii import mask_phone, normalise_phone
from siteaccess_svc.exceptions import (
    ALREADY_EXITED,
    EXIT_BEFORE_ENTRY,
    AlreadyOnSite,
    InvalidEntry,
    PersonAlreadyRegistered,
    ProjectRequired,
    TeamLeaderHasMembers,
    TeamLeaderNeedsPhone,
    UnknownTeamLeader,
)
from siteaccess_svc.reference import EDUCATION_LEVELS, TRADES, name_of

# -- scope: who sees and who acts on which entry records ----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The entry records a caller may see or act on: those whose fields equal ``terms``, and, for an enterprise
    that is the general contractor of projects (``contracted_projects``), besides its own people's also every
    record on those projects (用工查询: the general contractor sees everyone its projects admitted).

    One rule, two uses: ``admits`` answers for one record, ``narrow`` turns the
    same rule into the filters of a query. ``{}`` is every record.
    """

    terms: Mapping[str, int | None] = field(default_factory=dict)
    contracted_projects: frozenset[int] = frozenset()

    def admits(self, record) -> bool:
        if _value_of(record, "project_id") in self.contracted_projects:
            return True
        return all(_value_of(record, name) == value for name, value in self.terms.items())

    def narrow(self, requested: dict) -> dict:
        """The query's filters within this scope; a filter that reaches outside it is refused, never replaced.

        A general contractor's filters stay as asked where they can find something (another employer: on its
        projects), and ``contracted_projects`` carries the rule's second half to the query."""
        if not self.contracted_projects:
            for name, value in self.terms.items():
                if requested.get(name) is not None and requested[name] != value:
                    raise Forbidden(f"{name} {requested[name]} is outside the caller's scope")
            return {**requested, **self.terms}
        return {**requested, "own_or_on_projects": (self.terms["employer_id"], tuple(sorted(self.contracted_projects)))}

    def project_for(self, requested: int | None) -> int:
        """The project an action at the gate is for: the one named, or the caller's own."""
        project_id = self.narrow({"project_id": requested})["project_id"]
        if project_id is None:
            raise ProjectRequired("name the project", fields={"project_id": "REQUIRED"})
        return project_id


def _value_of(record, name):
    return record[name] if isinstance(record, Mapping) else getattr(record, name)


def roster_scope(caller: Caller, contracted_projects=()) -> Scope:
    """Who sees which entries: the authority every one, a site its project's, an enterprise its own people's and,
    on ``contracted_projects`` (those it is the general contractor of), everyone's."""
    if caller.role in (AUTHORITY, SYSTEM):
        return Scope()
    if caller.role == SITE:
        return Scope({"project_id": caller.project_id})
    if caller.role == ENTERPRISE:
        return Scope({"employer_id": caller.enterprise_id}, frozenset(contracted_projects))
    raise Forbidden("this role may not see entries")


def gate_scope(caller: Caller) -> Scope:
    """Who works a site's gate (进场, 编辑, 退场): its own site staff, and the authority on any site."""
    if caller.role in (AUTHORITY, SYSTEM):
        return Scope()
    if caller.role == SITE:
        return Scope({"project_id": caller.project_id})
    raise Forbidden("this role does not work a site's gate")


# -- 进场登记 ----------------------------------------------------------------------------------------------------


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
    """劳务队长 — an entry of a leader on a site."""

    entry_id: int
    project_id: int
    is_team_leader: bool
    on_site: bool


def check_phone(phone: str | None) -> str | None:
    """The phone as stored; ``None`` for an empty one."""
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


# -- 非正常登记 of a number already on record ------------------------------------------------------------------------

#: what the form shows of the record on file, when the caller's scope covers it (a summary otherwise)
ON_FILE_FIELDS = ("person_id", "name", "gender", "birth_date", "id_type", "id_number_masked", "ethnicity",
                  "verification_state")
#: the typed fields that are compared with the record on file
COMPARED_FIELDS = ("name", "gender", "birth_date", "ethnicity")


def refuse_registered_again(on_file: dict, typed: dict):
    """非正常登记 of a number already on record changes nothing: the user sees the record and what differs.

    ``on_file`` is the identity service's view of the record (a summary where the
    caller's scope does not cover it); only what it shows is compared.
    """
    shown = {"person_id": on_file.get("id"), **{name: on_file[name] for name in ON_FILE_FIELDS if name in on_file}}
    differences = [name for name in COMPARED_FIELDS
                   if name in shown and _typed(typed.get(name)) is not None
                   and _typed(typed.get(name)) != _typed(shown[name])]
    raise PersonAlreadyRegistered("this ID number is already on record",
                                  details={"on_file": shown, "differences": differences})


def _typed(value):
    if isinstance(value, str):
        return value.strip() or None
    return str(value) if isinstance(value, dt.date) else value


# -- 编辑 ------------------------------------------------------------------------------------------------------------

EDITABLE = ("employer_id", "is_team_leader", "team_leader_entry_id", "phone", "trade", "education", "entry_date")


class Roster(Protocol):
    """What an edit needs to know of the other entries on the site."""

    def leader(self, entry_id: int) -> TeamLeader | None: ...

    def members(self, leader_entry_id: int) -> list[dict]:
        """``[{"entry_id", "name"}]`` of the open entries led by this one."""


@dataclass(frozen=True)
class EditPlan:
    """What an edit changes (``values``) and what its history keeps (``history``: ``{field: [old, new]}``)."""

    values: dict
    history: dict


def plan_edit(entry_id: int, project_id: int, exit_date: dt.date | None, current: dict, requested: dict,
              roster: Roster, today: dt.date) -> EditPlan:
    """编辑 of an entry: which requested changes apply, refusing any that breaks a rule of the form.

    A leader is never their own leader, and stays a leader while they lead
    people on the site (their people would be left under a non-leader).
    ``"phone": null`` or ``""`` clears the phone, except a leader's.
    """
    after = {**current, **{name: value for name, value in requested.items() if name in EDITABLE}}
    after["phone"] = check_phone(after["phone"])
    if after["is_team_leader"]:
        after["team_leader_entry_id"] = None
    if after["team_leader_entry_id"] == entry_id:
        raise InvalidEntry("an entry cannot be its own team leader",
                           fields={"team_leader_entry_id": "TEAM_LEADER_IS_SELF"})
    if current["is_team_leader"] and not after["is_team_leader"]:
        members = roster.members(entry_id)
        if members:
            raise TeamLeaderHasMembers("the team leader still leads people on the site",
                                       fields={"is_team_leader": "TEAM_LEADER_HAS_MEMBERS"},
                                       details={"members": members})
    terms = EmploymentTerms(**after)
    changed_leader = terms.team_leader_entry_id != current["team_leader_entry_id"]
    check_terms(terms, project_id, today, roster.leader(terms.team_leader_entry_id) if changed_leader else None,
                exit_date, leader_changed=changed_leader)
    values = {name: value for name, value in after.items() if current.get(name) != value}
    history = {name: [_stored(name, current.get(name)), _stored(name, value)] for name, value in values.items()}
    return EditPlan(values, history)


def _stored(name, value):
    """A value as the history keeps it: phones masked, dates as text."""
    if name == "phone":
        return mask_phone(value)
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class Names:
    """What the 编辑 history shows instead of internal ids: employers' and team leaders' names."""

    employers: Mapping[int, str]
    leaders: Mapping[int, str]


def ids_named_in(history: list[dict]) -> tuple[set, set]:
    """The employer ids and leader entry ids a list of stored changes mentions."""
    employers, leaders = set(), set()
    for changes in history:
        employers.update(v for v in changes.get("employer_id", ()) if v is not None)
        leaders.update(v for v in changes.get("team_leader_entry_id", ()) if v is not None)
    return employers, leaders


def describe_changes(changes: dict, names: Names) -> list[dict]:
    """One edit as the history shows it: ``[{"field", "old", "new"}]``, names instead of ids, code-table names
    with the codes kept as ``old_code`` / ``new_code``."""
    described = []
    for name, (old, new) in changes.items():
        if name == "employer_id":
            item = {"old": names.employers.get(old, old), "new": names.employers.get(new, new)}
        elif name == "team_leader_entry_id":
            item = {"old": names.leaders.get(old, old), "new": names.leaders.get(new, new)}
        elif name in ("trade", "education"):
            table = TRADES if name == "trade" else EDUCATION_LEVELS
            item = {"old": name_of(table, old), "new": name_of(table, new), "old_code": old, "new_code": new}
        else:
            item = {"old": old, "new": new}
        described.append({"field": name, **item})
    return described


# -- 退场登记 ----------------------------------------------------------------------------------------------------


def exit_refusal(entry_date: dt.date, exit_date: dt.date | None, on: dt.date, today: dt.date) -> str | None:
    """Why an entry cannot exit ``on`` that day, or None."""
    if exit_date is not None:
        return ALREADY_EXITED
    if on < entry_date:
        return EXIT_BEFORE_ENTRY
    if on > today:
        return "EXIT_DATE_IN_FUTURE"
    return None
