"""An event names the request that caused it: the request id in the call's context data becomes the envelope's
``correlation_id``."""

import random

from nameko.standalone.rpc import ClusterRpcProxy

from chassis.caller import CONTEXT_KEY, Caller
from chassis.logs import REQUEST_ID_KEY
from devtools.synthetic import resident_id_number

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
