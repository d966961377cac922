import datetime as dt

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.caller import Caller
from identity_svc.domain import (
    Registrant,
    Scope,
    in_scope,
    is_own_record,
    may_look_up,
    may_reveal_in_export,
    plan_update,
)
from identity_svc.exceptions import InvalidIdDocument, VerifiedFieldLocked
from identity_svc.models import Base, Person

REGISTERED_BY_ENTERPRISE_7 = Registrant("enterprise", "qiye7", enterprise_id=7)
REGISTERED_BY_PROJECT_3 = Registrant("site", "site3", project_id=3)


@pytest.mark.parametrize(
    ("caller", "registrant", "visible"),
    [
        (Caller("authority", "a"), REGISTERED_BY_ENTERPRISE_7, True),
        (Caller("enterprise", "e", enterprise_id=7), REGISTERED_BY_ENTERPRISE_7, True),
        (Caller("enterprise", "e", enterprise_id=8), REGISTERED_BY_ENTERPRISE_7, False),
        (Caller("site", "s", project_id=3), REGISTERED_BY_PROJECT_3, True),
        (Caller("site", "s", project_id=4), REGISTERED_BY_PROJECT_3, False),
        (Caller("site", "s", project_id=3), REGISTERED_BY_ENTERPRISE_7, False),
        (Caller("enterprise", "e", enterprise_id=None), Registrant("site", "s", None, 3), False),
        (Caller("anonymous", ""), REGISTERED_BY_ENTERPRISE_7, False),
    ],
)
def test_who_sees_a_record_in_full(caller, registrant, visible):
    assert in_scope(caller, registrant) is visible


REGISTRANTS = [
    REGISTERED_BY_ENTERPRISE_7,
    REGISTERED_BY_PROJECT_3,
    Registrant("enterprise", "qiye8", enterprise_id=8),
    Registrant("site", "site4", project_id=4),
    Registrant("site", "site3b", enterprise_id=7, project_id=3),
    Registrant("authority", "jianguan"),
]
CALLERS = [
    Caller("authority", "a"),
    Caller("system", "system"),
    Caller("enterprise", "e", enterprise_id=7),
    Caller("enterprise", "e", enterprise_id=None),
    Caller("site", "s", project_id=3),
    Caller("site", "s", project_id=None),
    Caller("anonymous", ""),
]


@pytest.fixture(scope="module")
def registered():
    """One record per registrant in a real (in-memory) database, to run the scope's query face against."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        for number, registrant in enumerate(REGISTRANTS):
            session.add(Person(
                id=number + 1, id_type="01", id_number_encrypted="-", id_number_index=str(number),
                id_number_masked="-", name="测试人", registered_by_role=registrant.role,
                registered_by_username=registrant.username, registered_by_enterprise_id=registrant.enterprise_id,
                registered_by_project_id=registrant.project_id))
        session.commit()
    yield engine
    engine.dispose()


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: f"{c.role}-{c.enterprise_id}-{c.project_id}")
def test_the_scopes_query_finds_exactly_the_records_it_covers(registered, caller):
    scope = Scope.of(caller)
    with Session(registered) as session:
        listed = set(session.scalars(select(Person.id).where(scope.where(Person))))
    covered = {number + 1 for number, registrant in enumerate(REGISTRANTS) if scope.covers(registrant)}
    assert listed == covered
    assert bool(covered) is scope.sees_anything


@pytest.mark.parametrize(
    ("caller", "reveals"),
    [
        (Caller("authority", "a"), True),
        (Caller("enterprise", "e", enterprise_id=7), False),
        (Caller("site", "s", project_id=3), False),
        (Caller("system", "system"), False),
        (Caller("anonymous", ""), False),
    ],
)
def test_only_the_authority_gets_full_id_numbers_in_an_export(caller, reveals):
    assert may_reveal_in_export(caller) is reveals


@pytest.mark.parametrize(
    ("caller", "own"),
    [
        (Caller("worker", "worker:12", person_id=12), True),
        (Caller("worker", "worker:13", person_id=13), False),
        (Caller("worker", "worker:x"), False),
        (Caller("enterprise", "e", enterprise_id=7, person_id=12), False),
        (Caller("authority", "a", person_id=12), False),
    ],
)
def test_a_worker_reads_their_own_record_and_no_other(caller, own):
    assert is_own_record(caller, 12) is own


def test_a_worker_sees_nothing_through_the_registrants_scope():
    assert not Scope.of(Caller("worker", "worker:12", person_id=12)).sees_anything


def test_anonymous_callers_cannot_look_anyone_up():
    assert not may_look_up(Caller("anonymous", ""))
    assert may_look_up(Caller("site", "s", project_id=1))


CURRENT = {"name": "测试人", "ethnicity": "01", "address": "旧地址", "issuing_authority": None,
           "valid_from": dt.date(2018, 1, 1), "valid_until": dt.date(2038, 1, 1), "phone": None}


def test_only_fields_that_change_are_planned():
    plan = plan_update(CURRENT, {"address": "新地址", "name": "测试人", "id_number": "x"}, verified=False)
    assert plan.values == {"address": "新地址"}


def test_a_verified_record_keeps_its_document_data_but_takes_a_new_phone():
    with pytest.raises(VerifiedFieldLocked) as refused:
        plan_update(CURRENT, {"name": "别人"}, verified=True)
    assert refused.value.fields == {"name": "VERIFIED_FIELD_LOCKED"}
    assert plan_update(CURRENT, {"phone": "13912345204"}, verified=True).values == {"phone": "13912345204"}


def test_validity_must_still_run_forwards_after_a_change():
    with pytest.raises(InvalidIdDocument) as refused:
        plan_update(CURRENT, {"valid_until": dt.date(2017, 1, 1)}, verified=False)
    assert refused.value.fields == {"valid_until": "VALIDITY_ENDS_BEFORE_START"}
