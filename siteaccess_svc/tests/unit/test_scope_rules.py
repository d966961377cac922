"""Who sees and who acts on which entries: one rule per scope, the same for one record and for a query."""

import datetime as dt
import itertools

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.caller import Caller
from chassis.errors import Forbidden
from siteaccess_svc import roster
from siteaccess_svc.domain import gate_scope, roster_scope
from siteaccess_svc.exceptions import ProjectRequired
from siteaccess_svc.models import Base, EntryRecord, KnownPerson, KnownProject

PROJECTS, EMPLOYERS = (5, 6), (3, 4)
#: enterprise 3 is the general contractor of project 6
GENERAL_CONTRACTORS = {5: 7, 6: 3}
CALLERS = {
    "authority": Caller("authority", "jianguan"),
    "system": Caller("system", "system"),
    "site of project 5": Caller("site", "site_5", project_id=5),
    "site of project 6": Caller("site", "site_6", project_id=6),
    "enterprise 3": Caller("enterprise", "enterprise_3", enterprise_id=3),
    "enterprise 4": Caller("enterprise", "enterprise_4", enterprise_id=4),
}


@pytest.fixture(scope="module")
def entries():
    """One entry for each project and employer, in a real database."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        for project_id, contractor_id in GENERAL_CONTRACTORS.items():
            session.add(KnownProject(project_id=project_id, name=f"项目{project_id}",
                                     general_contractor_id=contractor_id))
        for number, (project_id, employer_id) in enumerate(itertools.product(PROJECTS, EMPLOYERS), start=1):
            session.add(KnownPerson(person_id=number, name=f"工人{number}", id_number_masked="310*****510"))
            session.add(EntryRecord(id=number, project_id=project_id, person_id=number, employer_id=employer_id,
                                    trade="020", education="02", entry_date=dt.date(2026, 11, 1),
                                    created_by="test"))
        session.commit()
        yield session
    engine.dispose()


def seen_by(who):
    """The roster scope of ``who``, with the projects an enterprise is the general contractor of."""
    caller = CALLERS[who]
    return roster_scope(caller, [project for project, contractor in GENERAL_CONTRACTORS.items()
                                 if caller.enterprise_id is not None and contractor == caller.enterprise_id])


def works_the_gate(who):
    return gate_scope(CALLERS[who])


def found_by_query(session, filters):
    statement = roster.filtered(select(EntryRecord.id), filters)
    return set(session.scalars(statement))


@pytest.mark.parametrize(
    ("scope_of", "who"),
    [(seen_by, who) for who in CALLERS] + [(works_the_gate, who) for who in CALLERS if "enterprise" not in who],
    ids=[f"sees: {who}" for who in CALLERS] + [f"works the gate: {who}" for who in CALLERS if "enterprise" not in who],
)
def test_the_record_rule_and_the_query_filter_of_a_scope_agree(entries, scope_of, who):
    scope = scope_of(who)
    admitted = {entry.id for entry in entries.scalars(select(EntryRecord)) if scope.admits(entry)}
    assert found_by_query(entries, scope.narrow({})) == admitted


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("authority", {1, 2, 3, 4}),
        ("site of project 5", {1, 2}),
        ("site of project 6", {3, 4}),
        ("enterprise 3", {1, 3, 4}),
        ("enterprise 4", {2, 4}),
    ],
)
def test_the_authority_sees_every_entry_a_site_its_projects_an_enterprise_its_peoples_and_its_projects(
        entries, who, seen):
    assert found_by_query(entries, seen_by(who).narrow({})) == seen


@pytest.mark.parametrize(
    ("who", "requested"),
    [
        ("site of project 5", {"project_id": 6}),
        ("enterprise 4", {"employer_id": 3}),
    ],
)
def test_a_filter_outside_the_callers_scope_is_refused_never_replaced(who, requested):
    with pytest.raises(Forbidden):
        seen_by(who).narrow(requested)


def test_a_filter_inside_the_scope_narrows_the_query(entries):
    filters = seen_by("enterprise 4").narrow({"project_id": 6, "employer_id": 4})
    assert found_by_query(entries, filters) == {4}
    # the general contractor of project 6 filters by its subcontractor: that one's people there, none elsewhere
    assert found_by_query(entries, seen_by("enterprise 3").narrow({"employer_id": 4})) == {4}
    assert found_by_query(entries, seen_by("enterprise 3").narrow({"project_id": 5})) == {1}
    assert found_by_query(entries, roster_scope(CALLERS["authority"]).narrow({"project_id": 6})) == {3, 4}


@pytest.mark.parametrize("who", ["enterprise 3", "anonymous"])
def test_only_site_staff_and_the_authority_work_a_gate(who):
    with pytest.raises(Forbidden):
        gate_scope(CALLERS.get(who, Caller("anonymous", "")))


def test_a_site_works_its_own_gate_and_the_authority_names_the_project():
    assert gate_scope(CALLERS["site of project 5"]).project_for(None) == 5
    assert gate_scope(CALLERS["site of project 5"]).project_for(5) == 5
    with pytest.raises(Forbidden):
        gate_scope(CALLERS["site of project 5"]).project_for(6)
    assert gate_scope(CALLERS["authority"]).project_for(6) == 6
    with pytest.raises(ProjectRequired) as unnamed:
        gate_scope(CALLERS["authority"]).project_for(None)
    assert unnamed.value.fields == {"project_id": "REQUIRED"}


def test_an_anonymous_caller_sees_nothing():
    with pytest.raises(Forbidden):
        roster_scope(Caller("anonymous", ""))
