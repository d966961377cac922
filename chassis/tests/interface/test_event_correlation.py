"""An event names the request that caused it: the request id in the call's context data becomes the envelope's
``correlation_id``, and the handlers of the event log it."""

import logging
import random

from nameko.containers import ServiceContainer
from nameko.events import event_handler
from nameko.standalone.events import get_event_exchange
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import insert

from chassis.caller import CONTEXT_KEY, Caller
from chassis.database import make_engine
from chassis.events import make_envelope
from chassis.logs import REQUEST_ID_KEY, ServiceLog
from chassis.outbox import BrokerPublisher, OutboxRelay
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from identity_svc.models import OutboxRecord

SITE_3 = Caller("site", "site3", project_id=3)


def test_an_event_carries_the_request_id_of_the_call_that_caused_it(run_service, subscribe, bus_uri):
    run_service("identity_svc")
    events = subscribe("identity_svc")
    context = {CONTEXT_KEY: SITE_3.to_context(), REQUEST_ID_KEY: "req-correlated-1"}
    with ClusterRpcProxy({"AMQP_URI": bus_uri}, context_data=context, timeout=20) as services:
        person = services.identity_svc.register_person(
            {"id_number": resident_id_number(random.Random(5)), "name": "关联", "ethnicity": "01"})["person"]
    with ClusterRpcProxy({"AMQP_URI": bus_uri}, context_data={CONTEXT_KEY: SITE_3.to_context()},
                         timeout=20) as services:
        services.identity_svc.update_person(person["id"], {"name": "无关联"})

    registered, updated = events.wait_for(2, timeout=30)
    assert (registered["event_type"], registered["data"]["person_id"]) == ("person_registered", person["id"])
    assert registered["correlation_id"] == "req-correlated-1"
    # a call that came with no request id causes events that name none
    assert updated["event_type"] == "person_updated" and updated["correlation_id"] is None


class FollowingService:
    """Handles another service's event, as siteaccess_svc handles identity_svc's."""

    name = "follower_svc"

    log_context = ServiceLog()

    @event_handler("source_svc", "thing_happened")
    def handle_thing_happened(self, envelope):
        logging.getLogger("follower_svc").info("handled %s", envelope["data"]["n"])


def test_the_handler_of_an_event_logs_the_request_that_caused_it(bus_uri, database_url, json_lines):
    follower = ServiceContainer(FollowingService, {"AMQP_URI": bus_uri})
    follower.start()
    engine = make_engine(database_url("identity_svc"), "identity_svc", green=False)
    publisher = BrokerPublisher(bus_uri, get_event_exchange("source_svc", {}))
    try:
        OutboxRecord.__table__.create(engine)
        with engine.begin() as connection:
            for n, correlation_id in enumerate(["req-caused-it", None]):
                envelope = make_envelope("thing_happened", "source_svc", {"n": n}, correlation_id=correlation_id)
                connection.execute(insert(OutboxRecord).values(
                    event_id=envelope["event_id"], event_type="thing_happened", envelope=envelope))
        assert OutboxRelay(engine, OutboxRecord, publisher).relay_pending(limit=10) == 2

        def handled():
            lines = {line["message"]: line for line in json_lines() if line["logger"] == "follower_svc"}
            assert set(lines) == {"handled 0", "handled 1"}
            return lines

        lines = eventually(handled, timeout=30)
    finally:
        publisher.close()
        engine.dispose()
        follower.kill()
    assert lines["handled 0"]["request_id"] == "req-caused-it"
    assert lines["handled 0"]["call_id"].startswith("follower_svc.handle_thing_happened.")
    assert lines["handled 1"]["request_id"] is None
