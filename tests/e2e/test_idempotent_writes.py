"""A registration sent twice with one Idempotency-Key registers one person and gets the same answer twice, even
when the gateway never kept the first answer (the service kept its result with the registration)."""

import random
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, delete

from devtools.synthetic import mobile_phone, resident_id_number
from gateway.models import IdempotentRequest

pytestmark = pytest.mark.e2e
rng = random.Random(37)


def document():
    return {"id_type": "01", "id_number": resident_id_number(rng), "name": "幂等", "ethnicity": "01",
            "address": "上海市徐汇区测试路3号", "phone": mobile_phone(rng)}


def registered(site, id_number):
    return site.get("/persons/lookup", params={"id_type": "01", "id_number": id_number}).json()["person"]


def test_a_retried_registration_is_answered_the_same_and_registers_once(api):
    site, doc, key = api("site_3"), document(), str(uuid.uuid4())
    first = site.post("/persons", json=doc, headers={"Idempotency-Key": key})
    again = site.post("/persons", json=doc, headers={"Idempotency-Key": key})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.json()["created"] is True
    assert again.headers["Idempotent-Replayed"] == "true"
    assert registered(site, doc["id_number"])["id"] == first.json()["person"]["id"]


def test_the_key_with_another_registration_is_refused(api):
    site, key = api("site_3"), str(uuid.uuid4())
    assert site.post("/persons", json=document(), headers={"Idempotency-Key": key}).status_code == 201
    other = document()
    refused = site.post("/persons", json=other, headers={"Idempotency-Key": key})
    assert (refused.status_code, refused.json()["error"]) == (422, "IDEMPOTENCY_KEY_REUSED")
    assert site.get("/persons/lookup", params={"id_type": "01", "id_number": other["id_number"]}).status_code == 404


def test_two_concurrent_clicks_with_one_key_act_once(api):
    doc, key = document(), str(uuid.uuid4())
    clients = [api("site_3"), api("site_3")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda client: client.post("/persons", json=doc, headers={"Idempotency-Key": key}),
                                clients))
    created = [answer for answer in answers if answer.status_code == 201]
    assert sorted(answer.status_code for answer in answers) in ([201, 201], [201, 409])
    # the one that acted was told "registered"; the other either waits for nothing (409) or replays that answer
    assert all(answer.json() == created[0].json() and answer.json()["created"] for answer in created)
    assert [answer.headers.get("Idempotent-Replayed") for answer in created].count(None) == 1


def test_a_retry_whose_first_answer_the_gateway_lost_gets_the_first_answer_from_the_service(platform, api):
    site, doc, key = api("site_3"), document(), str(uuid.uuid4())
    first = site.post("/persons", json=doc, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    # the broker went away before the reply came back: the gateway answered 503 and kept no answer
    engine = create_engine(platform.gateway_db_url)
    with engine.begin() as connection:
        assert connection.execute(delete(IdempotentRequest).where(IdempotentRequest.key == key)).rowcount == 1
    engine.dispose()
    again = site.post("/persons", json=doc, headers={"Idempotency-Key": key})
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.json()["created"] is True and "Idempotent-Replayed" not in again.headers
    assert registered(site, doc["id_number"])["id"] == first.json()["person"]["id"]
    # without the key the same registration acts, and its domain says it is already done
    plain = site.post("/persons", json=doc)
    assert (plain.status_code, plain.json()["created"]) == (200, False)
