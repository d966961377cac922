"""The entry-by-code rows of ``bin/bench``: 扫码进场 at the general contractor's gate, through the gateway and over
raw RPC, at each concurrency, as a ratio of the two in one run.

On fresh databases: ``PEOPLE`` synthetic persons written into identity_svc, employed by the labour subcontractor of
devtools.assignment_chain's chain of units, assigned to the project and confirmed by the unit above through the
gateway (1,000 in a request), and waited for in site access's projection (进场登记 lists them all). Then one
operation is what the gate does for one worker: read the worker's fresh personal code (the summary and its
ticket) and 进场 with the ticket —

- http: ``POST /api/v1/codes/read`` and ``POST /api/v1/codes/enter`` as the general contractor's site user;
- rpc: ``siteaccess_svc.read_personal_code`` and ``siteaccess_svc.enter_by_code`` through standalone proxies
  carrying the same caller.

Each row admits persons of its own (an entry is a write; nobody enters twice). The codes are signed here with the
platform's own key, as the worker's phone would show them.
"""

import datetime as dt
import json
import random
import secrets
import time
from collections import deque

from bench_assignments import Api
from bench_employment import seed_persons, synthetic_persons
from bench_load import HttpClient, OutOfWork, run_load
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis import days
from chassis.caller import Caller
from devtools.assignment_chain import AssignmentChain
from gateway.accounts import ensure_account
from siteaccess_svc.codes import CodeSigner

PEOPLE = 6_000
BATCH = 1_000
PROJECTION_TIMEOUT_S = 180


def measure_entry_by_code(platform_running, started_proxies, amqp_uri, keys, concurrencies, duration, warmup,
                          step) -> dict:
    """``platform_running``: bin/bench's context manager, not yet entered, started with ``keys``."""
    password = secrets.token_urlsafe(16)
    rng = random.Random(2029)  # noqa: S311 reproducible synthetic units, not secrets
    workers = synthetic_persons(PEOPLE, seed=2029)
    with platform_running as (running, gateway_db_url):
        seed_persons(running.env["IDENTITY_DB_URL"], keys, workers)
        step(f"entry by code: {PEOPLE:,} persons written into identity_svc")
        running.gateway_db_url = gateway_db_url
        engine = create_engine(gateway_db_url)
        with Session(engine) as session:
            ensure_account(session, "bench_authority", password, "authority", "benchmark", "基准测试",
                           region_code="310000")
        engine.dispose()
        authority = Api(running.base_url, "bench_authority", password)
        chain = AssignmentChain(running, authority, rng, password, f"{rng.randrange(10**6):06d}")
        project_id = chain.project["id"]
        labour, specialty = (Api(running.base_url, chain.username(key), password) for key in ("labour", "specialty"))
        try:
            for start in range(0, PEOPLE, BATCH):
                people = [chain.employee(worker.name, person_id=worker.id) for worker in workers[start:start + BATCH]]
                answer = labour.post("/assignments", json={"project_id": project_id, "people": [
                    {"person_id": person} for person in people]})
                if answer.status_code != 201:
                    raise RuntimeError(f"assignment refused: HTTP {answer.status_code} {answer.text[:300]}")
                answer = specialty.post("/assignment-confirmations", json={
                    "ids": [item["id"] for item in answer.json()["items"]], "decision": "confirm"})
                if answer.status_code != 200:
                    raise RuntimeError(f"confirmation refused: HTTP {answer.status_code} {answer.text[:300]}")
            step(f"entry by code: {PEOPLE:,} assigned and confirmed")
        finally:
            for client in (authority, labour, specialty):
                client.close()
        contractor = chain.units["gc"]
        gate = Caller("site", chain.username("gc", site=True), enterprise_id=contractor["id"], project_id=project_id)
        token = Api(running.base_url, chain.username("gc", site=True), password)
        bearer = token.http.headers["Authorization"].removeprefix("Bearer ")
        token.close()
        chain.close()
        terms = {"employer_id": chain.units["labour"]["id"], "trade": "190", "education": "71",
                 "entry_date": str(days.today())}
        signer = CodeSigner.from_environment()
        supply = deque(worker.id for worker in workers)
        with started_proxies(amqp_uri, max(concurrencies), gate) as proxies:
            awaited(proxies[0], project_id, step)
            results = []
            rows = [(via, concurrency) for concurrency in concurrencies for via in ("rpc", "http")]
            budget = PEOPLE // len(rows)
            for via, concurrency in rows:
                people = deque(supply.popleft() for _ in range(budget))
                step(f"entry by code over {via}, {concurrency} concurrent")
                if via == "rpc":
                    clients = proxies[:concurrency]
                    call = rpc_entry(people, signer, project_id, terms)
                else:
                    clients = [HttpClient(running.base_url, bearer) for _ in range(concurrency)]
                    call = http_entry(people, signer, terms)
                result = run_load(call, clients, warmup=warmup, duration=duration, max_calls=budget)
                if via == "http":
                    for client in clients:
                        client.close()
                result.scenario, result.via = "entry_by_code", via
                results.append(result)
    return {"people": PEOPLE, "results": results}


def awaited(rpc, project_id, step):
    """Waits until site access's projection has every confirmed assignment (进场登记 lists them all)."""
    deadline = time.monotonic() + PROJECTION_TIMEOUT_S
    while True:
        waiting = rpc.siteaccess_svc.awaiting_entry(project_id, {"page_size": 1})["total"]
        if waiting >= PEOPLE:
            step(f"entry by code: 进场登记 lists {waiting:,}")
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"进场登记 lists {waiting} of {PEOPLE} after {PROJECTION_TIMEOUT_S}s")
        time.sleep(1)


def fresh_code(people: deque, signer: CodeSigner) -> str:
    try:
        person_id = people.popleft()  # atomic: the client threads share one supply
    except IndexError:
        raise OutOfWork from None
    return signer.issue(person_id, dt.datetime.now(dt.UTC))["token"]


def rpc_entry(people, signer, project_id, terms):
    def call(rpc):
        summary = rpc.siteaccess_svc.read_personal_code(project_id, fresh_code(people, signer))
        entry = rpc.siteaccess_svc.enter_by_code(project_id, summary["ticket"], terms)
        return None if entry.get("state") == "on_site" else f"entry answered {entry!r}"[:200]
    return call


def http_entry(people, signer, terms):
    def call(client):
        status, body = client.request("POST", "/api/v1/codes/read", {"code": fresh_code(people, signer)})
        if status != 200:
            return f"read: HTTP {status}: {body[:200]!r}"
        status, body = client.request("POST", "/api/v1/codes/enter", {"code": json.loads(body)["ticket"], **terms})
        return None if status == 201 else f"enter: HTTP {status}: {body[:200]!r}"
    return call


def print_entry_by_code(entry: dict):
    print(f"\nentry by the personal code (扫码进场: read + 进场), {entry['people']:,} confirmed people")
    print(f"  {'via':<5} {'conc':>4} {'ops/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for row in entry["results"]:
        print(f"  {row['via']:<5} {row['concurrency']:>4} {row['per_second']:>8.1f} "
              f"{row['p50_ms'] or 0:>8.1f} {row['p95_ms'] or 0:>8.1f} {row['errors']:>6}"
              f"{'  (ran out of people)' if row['ran_out'] else ''}")
    for concurrency, ratio in entry["http_over_rpc"].items():
        print(f"  gateway / raw RPC at {concurrency}: {ratio if ratio is not None else '-'}")
