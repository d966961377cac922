"""A call sent again with the same idempotency key in its context data returns the first result, and its method
does not act again (chassis.idempotency): the result was kept in the transaction of the effect."""

import random
import uuid

import pytest
from sqlalchemy import func, null, select, update

from chassis.caller import Caller
from chassis.database import make_engine
from devtools.synthetic import resident_id_number
from identity_svc.models import IdempotentCall, OutboxRecord, Person

SITE_3 = Caller("site", "site3", project_id=3)
rng = random.Random(2207)


@pytest.fixture
def identity(run_service, database_url):
    url = database_url("identity_svc")
    run_service("identity_svc", url)
    engine = make_engine(url, "identity_svc", green=False)
    yield engine
    engine.dispose()


def count(engine, model):
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def document():
    return {"id_type": "01", "id_number": resident_id_number(rng), "name": "幂等"}


def test_a_second_call_with_the_key_returns_the_first_result_without_acting_again(identity, rpc_as):
    key, doc = uuid.uuid4().hex, document()
    first = rpc_as(SITE_3, idempotency_key=key).identity_svc.register_person(doc)
    again = rpc_as(SITE_3, idempotency_key=key).identity_svc.register_person(doc)
    assert first["created"] is True
    assert again == first
    assert (count(identity, Person), count(identity, OutboxRecord)) == (1, 1)
    with identity.connect() as connection:
        kept = connection.execute(select(IdempotentCall.key, IdempotentCall.method, IdempotentCall.result)).all()
    assert kept == [(key, "identity_svc.register_person", {"value": first})]


def test_another_key_acts(identity, rpc_as):
    doc, other = document(), document()
    first = rpc_as(SITE_3, idempotency_key=uuid.uuid4().hex).identity_svc.register_person(doc)
    # the method ran: its domain finds the person it registered, and the second person is a new one
    assert rpc_as(SITE_3, idempotency_key=uuid.uuid4().hex).identity_svc.register_person(doc) == {
        **first, "created": False}
    assert rpc_as(SITE_3, idempotency_key=uuid.uuid4().hex).identity_svc.register_person(other)["created"] is True
    assert (count(identity, Person), count(identity, OutboxRecord)) == (2, 2)


def test_a_key_whose_result_was_never_recorded_lets_the_method_run_again_and_answer_as_the_first_run(
        identity, rpc_as):
    key, doc = uuid.uuid4().hex, document()
    first = rpc_as(SITE_3, idempotency_key=key).identity_svc.register_person(doc)
    with identity.begin() as connection:  # the process died between the commit and the recording
        connection.execute(update(IdempotentCall).values(result=null()))  # SQL NULL, as the claimed row holds
    # the method runs again and finds the record its first run made: created, as that run would have answered
    assert rpc_as(SITE_3, idempotency_key=key).identity_svc.register_person(doc) == first
    assert (count(identity, Person), count(identity, OutboxRecord)) == (1, 1)
    # another request (another key) finding the same record is told it was there already
    assert rpc_as(SITE_3, idempotency_key=uuid.uuid4().hex).identity_svc.register_person(doc)["created"] is False


def test_a_read_with_a_key_writes_nothing(identity, rpc_as):
    person = rpc_as(SITE_3).identity_svc.register_person(document())["person"]
    rpc_as(SITE_3, idempotency_key=uuid.uuid4().hex).identity_svc.get_person(person["id"])
    assert count(identity, IdempotentCall) == 0


def test_the_result_is_kept_before_the_reply_leaves(identity, rpc_as, monkeypatch):
    """A caller may send the call again the moment the reply arrives: the result must be there already."""
    from nameko import rpc as nameko_rpc

    kept_at_reply = []
    reply = nameko_rpc.Rpc.handle_result

    def look_then_reply(self, message, worker_ctx, result, exc_info):
        with identity.connect() as connection:
            kept_at_reply.append(connection.scalar(select(IdempotentCall.result)))
        return reply(self, message, worker_ctx, result, exc_info)

    monkeypatch.setattr(nameko_rpc.Rpc, "handle_result", look_then_reply)
    first = rpc_as(SITE_3, idempotency_key=uuid.uuid4().hex).identity_svc.register_person(document())
    assert kept_at_reply == [{"value": first}]
