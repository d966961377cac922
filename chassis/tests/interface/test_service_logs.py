"""A running service says what happens to it: its start, stop and kill, and every failed worker with its
traceback, Nameko call id and the request id it came with."""

import logging

import pytest
from nameko.containers import ServiceContainer
from nameko.exceptions import RemoteError
from nameko.rpc import rpc

from chassis.logs import REQUEST_ID_KEY, ServiceLog
from devtools.testing import eventually


class FailingService:
    name = "log_probe_svc"

    log_context = ServiceLog()

    @rpc
    def break_down(self):
        logging.getLogger("log_probe_svc").info("about to fail")
        raise RuntimeError("the record is broken")


@pytest.fixture
def container(bus_uri):
    started = ServiceContainer(FailingService, {"AMQP_URI": bus_uri})
    started.start()
    yield started
    started.kill()


def test_a_failed_worker_is_logged_with_traceback_call_id_and_request_id(container, json_lines):
    from nameko.standalone.rpc import ClusterRpcProxy

    with ClusterRpcProxy({"AMQP_URI": container.config["AMQP_URI"]}, context_data={REQUEST_ID_KEY: "req-77"},
                         timeout=20) as services, pytest.raises(RemoteError):
        services.log_probe_svc.break_down()

    def worker_error():
        errors = [line for line in json_lines() if line["level"] == "ERROR" and line["logger"] == "nameko.containers"]
        assert errors, "no worker error logged"
        return errors[0]

    error = eventually(worker_error)
    assert error["service"] == "log_probe_svc"
    assert error["request_id"] == "req-77"
    assert error["call_id"].startswith("log_probe_svc.break_down.")
    assert "RuntimeError: the record is broken" in error["exception"]
    assert error["exception"].startswith("Traceback (most recent call last)")
    # what the worker itself logged carries the same request and call
    own = next(line for line in json_lines() if line["message"] == "about to fail")
    assert (own["request_id"], own["call_id"]) == ("req-77", error["call_id"])


def test_the_container_says_when_it_starts_stops_and_is_killed(bus_uri, json_lines):
    stopped = ServiceContainer(FailingService, {"AMQP_URI": bus_uri})
    stopped.start()
    stopped.stop()
    killed = ServiceContainer(FailingService, {"AMQP_URI": bus_uri})
    killed.start()
    killed.kill()
    said = [(line["level"], line["message"]) for line in json_lines()
            if line["logger"] == "chassis.logs" and line["service"] == "log_probe_svc"]
    assert said == [("INFO", "log_probe_svc started"), ("INFO", "log_probe_svc stopping"),
                    ("INFO", "log_probe_svc started"), ("WARNING", "log_probe_svc killed")]
