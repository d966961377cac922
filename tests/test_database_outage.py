"""A service whose database is down refuses at once with DATABASE_UNAVAILABLE, says why in its health answer,
and serves again by itself when the database is back."""

import time

import pytest

from chassis.caller import Caller
from chassis.errors import DatabaseUnavailable
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan", region_code="310000")


@pytest.fixture
def identity(cuttable_database, needs_postgresql, run_service):
    url, proxy = cuttable_database("identity_svc")
    run_service("identity_svc", url)
    return proxy


def test_a_service_whose_database_is_down_refuses_at_once_naming_itself(identity, rpc_as):
    rpc = rpc_as(AUTHORITY).identity_svc
    assert rpc.list_persons({})["items"] == []  # a pooled connection is open when the database goes
    identity.cut()
    for _ in range(2):  # the pooled connection that broke, then a new one that is refused
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as refused:
            rpc.list_persons({})
        # at once, not after waiting on the database: well inside the caller's RPC timeout (10 s), which a
        # service that waited would have run into (a DatabaseUnavailable, not a timeout, is the answer)
        assert time.monotonic() - started < 5.0
        assert refused.value.code == "DATABASE_UNAVAILABLE"
        assert refused.value.details == {"service": "identity_svc"}


def test_health_says_the_database_is_down_and_why_then_recovers(identity, rpc_as):
    rpc = rpc_as().identity_svc
    healthy = rpc.health()
    assert (healthy["status"], healthy["checks"]) == ("ok", {"database": {"status": "ok"}})
    identity.cut()
    answer = rpc.health()
    assert answer["status"] == "unavailable"
    assert answer["checks"]["database"]["status"] == "unavailable"
    assert answer["checks"]["database"]["reason"]
    identity.restore()
    eventually(lambda: rpc.health()["status"] == "ok", timeout=15)
    assert rpc_as(AUTHORITY).identity_svc.list_persons({})["items"] == []
