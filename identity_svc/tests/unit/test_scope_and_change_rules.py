import datetime as dt

import pytest

from chassis.caller import Caller
from identity_svc.domain import Registrant, in_scope, may_look_up, plan_update
from identity_svc.exceptions import InvalidIdDocument, VerifiedFieldLocked

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
