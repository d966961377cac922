"""A request id flows from the gateway to the services and into the events the request causes."""

import random

from sqlalchemy import create_engine, select

from devtools.synthetic import resident_id_number
from identity_svc.models import OutboxRecord

rng = random.Random(77)


def identity_database(platform):
    return platform.env.get("IDENTITY_DB_URL") or f"sqlite:///{platform.var_dir}/identity_svc.db"


def envelope_of_registration(platform, person_id):
    engine = create_engine(identity_database(platform))
    try:
        with engine.connect() as connection:
            envelopes = connection.scalars(
                select(OutboxRecord.envelope).where(OutboxRecord.event_type == "person_registered")).all()
    finally:
        engine.dispose()
    return next(envelope for envelope in envelopes if envelope["data"]["person_id"] == person_id)


def test_the_event_of_a_registration_carries_the_id_of_the_request_that_made_it(api, platform):
    response = api("site_3").post(
        "/persons", json={"id_number": resident_id_number(rng), "name": "请求号", "ethnicity": "01"},
        headers={"X-Request-Id": "e2e-registration-1"})
    assert response.status_code == 201, response.text
    assert response.headers["X-Request-Id"] == "e2e-registration-1"
    # the event's row commits with the registration, before the answer
    envelope = envelope_of_registration(platform, response.json()["person"]["id"])
    assert envelope["correlation_id"] == "e2e-registration-1"


def test_a_request_without_a_sane_id_is_given_one(api):
    unnamed = api().get("/health/live")
    forged = api().get("/health/live", headers={"X-Request-Id": "forged id; level=ERROR"})
    assert len(unnamed.headers["X-Request-Id"]) == 32
    assert len(forged.headers["X-Request-Id"]) == 32
    assert unnamed.headers["X-Request-Id"] != forged.headers["X-Request-Id"]
