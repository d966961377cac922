"""Which messages a service refuses to run, and when a call's deadline falls: plain rules, no broker."""

import pytest

from chassis.messaging import DEADLINE_HEADER, deadline_after, deadline_of, event_refusal, now_ms, rpc_refusal


class Delivered:
    """What kombu hands a consumer, as far as the rules read it."""

    def __init__(self, headers=None, **properties):
        self.headers = headers or {}
        self.properties = properties


REQUEST = {"args": [], "kwargs": {}}
ANSWERABLE = {"content_type": "application/json", "reply_to": "rpc.reply-gateway"}


@pytest.mark.parametrize(("body", "properties", "reason"), [
    (REQUEST, ANSWERABLE, None),
    (b'{"args": [], "kwargs": {}}', {"reply_to": "rpc.reply-gateway"}, "no content type"),
    (REQUEST, {"content_type": "application/x-unknown", "reply_to": "r"}, "content type application/x-unknown"),
    (REQUEST, {"content_type": "application/json"}, "no reply-to"),
    ([1, 2], ANSWERABLE, "body is not a request"),
    ({"args": []}, ANSWERABLE, "body is not a request"),
    ({"args": "x", "kwargs": {}}, ANSWERABLE, "body is not a request"),
])
def test_a_request_is_refused_when_it_cannot_be_run_or_answered(body, properties, reason):
    refusal = rpc_refusal(body, Delivered(**properties))
    assert (refusal or "")[:len(reason or "")] == (reason or "") and (refusal is None) == (reason is None)


ENVELOPE = {"event_id": "e1", "event_type": "person_updated", "data": {}}


@pytest.mark.parametrize(("body", "properties", "reason"), [
    (ENVELOPE, {"content_type": "application/json"}, None),
    (ENVELOPE, {}, "no content type"),
    ({"person_id": 1}, {"content_type": "application/json"}, "body is not an event envelope"),
    (b"raw", {"content_type": "application/json"}, "body is not an event envelope"),
])
def test_an_event_is_refused_when_it_is_not_an_envelope(body, properties, reason):
    assert event_refusal(body, Delivered(**properties)) == reason


def test_a_call_made_while_serving_another_never_outlives_it():
    assert abs(deadline_after(10) - (now_ms() + 10_000)) < 1_000
    served_until = now_ms() + 2_000
    assert deadline_after(10, served_until) == served_until


@pytest.mark.parametrize(("headers", "deadline"), [
    ({DEADLINE_HEADER: 1_800_000_000_000}, 1_800_000_000_000),
    ({}, None),
    ({DEADLINE_HEADER: "soon"}, None),
])
def test_a_request_without_a_readable_deadline_has_none(headers, deadline):
    assert deadline_of(Delivered(headers=headers)) == deadline
