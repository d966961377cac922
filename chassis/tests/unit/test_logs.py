"""The platform's log lines: readable or JSON, each naming the service, the request and the Nameko call."""

import io
import json
import logging

import pytest

from chassis.logs import (
    ConsoleHandler,
    JsonLinesFormatter,
    ReadableFormatter,
    bound,
    current_request_id,
    request_id_or_new,
    with_request_id,
)


def written(formatter, emit):
    """What a console handler with ``formatter`` writes while ``emit(logger)`` logs."""
    stream = io.StringIO()
    handler = ConsoleHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("test_logs.written")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_a_json_line_names_the_service_request_and_call_it_was_written_for():
    with bound(service="identity_svc", request_id="req-1", call_id="identity_svc.get_person.abc"):
        line = written(JsonLinesFormatter(), lambda logger: logger.info("found %s", "张三"))
    record = json.loads(line)
    assert record | {"time": None} == {
        "time": None, "level": "INFO", "logger": "test_logs.written", "message": "found 张三",
        "service": "identity_svc", "request_id": "req-1", "call_id": "identity_svc.get_person.abc",
    }
    assert record["time"].endswith("Z")
    assert line.count("\n") == 1


def test_a_json_line_carries_the_traceback_of_an_error_on_one_line():
    def fail(logger):
        try:
            raise ValueError("broken\nrecord")
        except ValueError:
            logger.exception("worker failed")

    line = written(JsonLinesFormatter(), fail)
    assert line.count("\n") == 1
    record = json.loads(line)
    assert record["level"] == "ERROR"
    assert record["exception"].startswith("Traceback (most recent call last)")
    assert "ValueError: broken\nrecord" in record["exception"]


def test_outside_any_request_the_context_fields_are_null():
    record = json.loads(written(JsonLinesFormatter(), lambda logger: logger.warning("idle")))
    assert (record["request_id"], record["call_id"]) == (None, None)


def test_the_readable_line_tags_the_request_and_call():
    with bound(service="project_svc", request_id="req-2", call_id="project_svc.declare_project.x"):
        line = written(ReadableFormatter(), lambda logger: logger.info("declared"))
    assert line.rstrip().endswith("INFO test_logs.written [project_svc req=req-2 call=project_svc.declare_project.x] "
                                  "declared")


def test_log_format_json_makes_the_console_write_json(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert isinstance(ConsoleHandler().formatter, JsonLinesFormatter)
    monkeypatch.setenv("LOG_FORMAT", "")
    assert isinstance(ConsoleHandler().formatter, ReadableFormatter)


@pytest.mark.parametrize("incoming", ["0af7651916cd43dd8448eb211c80319c", "web-1732950000.42:7", "A" * 100])
def test_a_sane_incoming_request_id_is_kept(incoming):
    assert request_id_or_new(incoming) == incoming


@pytest.mark.parametrize("incoming", [None, "", "A" * 101, "bad id", "x\nforged log line", "-starts-oddly", "名字"])
def test_anything_else_gets_a_new_request_id(incoming):
    made = request_id_or_new(incoming)
    assert made != incoming and len(made) == 32 and made.isalnum()


def test_a_call_carries_the_current_request_id_on_and_none_outside_a_request():
    assert with_request_id({"caller": "{}"}) == {"caller": "{}"}
    with bound(request_id="req-3"):
        assert current_request_id() == "req-3"
        assert with_request_id({"caller": "{}"}) == {"caller": "{}", "request_id": "req-3"}
    assert current_request_id() is None


def test_a_refusal_is_one_line_and_an_unexpected_error_keeps_its_traceback():
    def fail(logger):
        try:
            raise LookupError("person 7 not found")
        except LookupError as refusal:
            logger.warning("(expected) error handling worker %s: %s", "<worker>", refusal, exc_info=True)
            logger.exception("error handling worker %s: %s", "<worker>", refusal)

    stream = io.StringIO()
    handler = ConsoleHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    nameko_containers = logging.getLogger("nameko.containers")
    nameko_containers.addHandler(handler)
    try:
        fail(nameko_containers)
    finally:
        nameko_containers.removeHandler(handler)
    refused, failed = (json.loads(line) for line in stream.getvalue().splitlines())
    assert refused["level"] == "WARNING" and "exception" not in refused
    assert "LookupError: person 7 not found" in failed["exception"]
