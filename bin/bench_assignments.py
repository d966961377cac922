"""The assignment rows of ``bin/bench``: 1,000 people assigned in one request, and confirmed in one request.

On fresh databases, with the chain of units the 人员分配 tests use (devtools.assignment_chain: a general
contractor, a specialty contractor it contracted, a labour subcontractor under that, each with a reported
contract section in force, their accounts, and employees written straight into employment_svc's tables):

- assign: the labour subcontractor's enterprise user assigns ``BATCH`` of its employees to the project in one
  ``POST /api/v1/assignments`` (人员分配);
- confirm: the specialty contractor above it confirms all of them in one ``POST /api/v1/assignment-confirmations``
  (分配人员确认).

Each is timed from the request to its answer, ``ROUNDS`` times, on ``BATCH`` fresh people each round (written
between rounds, outside the timing), and reported as seconds per batch (median, max) against the issue's target:
at most ``TARGET_S`` seconds each.
"""

import json
import random
import secrets
import statistics
import time

from bench_load import HttpClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from devtools.assignment_chain import AssignmentChain
from gateway.accounts import ensure_account

BATCH = 1_000
ROUNDS = 5
TARGET_S = 5.0
REQUEST_TIMEOUT_S = 120  # a batch far past its target is still measured, not cut off
SCENARIOS = ("assign", "confirm")


class Answer:
    """What AssignmentChain reads of a response: ``status_code``, ``text``, ``json()``."""

    def __init__(self, status: int, body: bytes):
        self.status_code, self.text = status, body.decode(errors="replace")

    def json(self):
        return json.loads(self.text)


class Api:
    """A logged-in client of ``/api/v1`` over one keep-alive connection, as AssignmentChain calls it."""

    def __init__(self, base_url: str, username: str, password: str):
        self.http = HttpClient(base_url, timeout=REQUEST_TIMEOUT_S)
        answer = self.post("/auth/login", json={"username": username, "password": password})
        if answer.status_code != 200:
            raise RuntimeError(f"login of {username} failed: HTTP {answer.status_code} {answer.text[:200]}")
        self.http.headers["Authorization"] = "Bearer " + answer.json()["token"]

    def post(self, path: str, json=None) -> Answer:
        return Answer(*self.http.request("POST", "/api/v1" + path, json))

    def close(self):
        self.http.close()


def measure_assignments(platform_running, step, rounds: int = ROUNDS, batch: int = BATCH) -> dict:
    """``platform_running``: bin/bench's context manager, not yet entered (the platform on fresh databases)."""
    password = secrets.token_urlsafe(16)
    rng = random.Random(2028)  # noqa: S311 reproducible synthetic units, not secrets
    seconds = {scenario: [] for scenario in SCENARIOS}
    errors = {scenario: [] for scenario in SCENARIOS}
    with platform_running as (running, gateway_db_url):
        running.gateway_db_url = gateway_db_url  # where AssignmentChain writes the units' accounts
        engine = create_engine(gateway_db_url)
        with Session(engine) as session:
            ensure_account(session, "bench_authority", password, "authority", "benchmark", "基准测试",
                           region_code="310000")
        engine.dispose()
        authority = Api(running.base_url, "bench_authority", password)
        chain = AssignmentChain(running, authority, rng, password, f"{rng.randrange(10**6):06d}")
        labour = Api(running.base_url, chain.username("labour"), password)
        specialty = Api(running.base_url, chain.username("specialty"), password)
        try:
            for number in range(1, rounds + 1):
                people = [chain.employee(f"批量{number}{index:04d}", team=f"批量班组{number}")
                          for index in range(batch)]
                step(f"assignments: round {number} of {rounds}, {batch:,} fresh employees written")
                started = time.perf_counter()
                answer = labour.post("/assignments", json={"project_id": chain.project["id"], "people": [
                    {"person_id": person} for person in people]})
                seconds["assign"].append(time.perf_counter() - started)
                items = answer.json().get("items", []) if answer.status_code == 201 else []
                if len(items) != batch:
                    errors["assign"].append(f"HTTP {answer.status_code}, {len(items)} items: {answer.text[:200]}")
                    continue
                started = time.perf_counter()
                answer = specialty.post("/assignment-confirmations", json={
                    "ids": [item["id"] for item in items], "decision": "confirm"})
                seconds["confirm"].append(time.perf_counter() - started)
                decided = answer.json().get("decided") if answer.status_code == 200 else None
                if decided != batch:
                    errors["confirm"].append(f"HTTP {answer.status_code}, {decided} decided: {answer.text[:200]}")
                step(f"assignments: assigned in {seconds['assign'][-1]:.2f}s, "
                     f"confirmed in {seconds['confirm'][-1]:.2f}s")
        finally:
            for client in (authority, labour, specialty):
                client.close()
            chain.close()
    results = []
    for scenario in SCENARIOS:
        timed = seconds[scenario]
        median = statistics.median(timed) if timed else None
        worst = max(timed) if timed else None
        results.append({"scenario": scenario, "batch": batch, "rounds": len(timed),
                        "seconds": [round(value, 3) for value in timed],
                        "median_s": None if median is None else round(median, 3),
                        "max_s": None if worst is None else round(worst, 3),
                        "errors": len(errors[scenario]),
                        "first_error": errors[scenario][0] if errors[scenario] else None,
                        "meets_target": worst is not None and worst <= TARGET_S and not errors[scenario]})
    return {"batch": batch, "rounds": rounds, "target_s": TARGET_S, "results": results}


def print_assignments(assignments: dict):
    print(f"\nassignment (人员分配) and its confirmation, {assignments['batch']:,} people in one request each, "
          f"{assignments['rounds']} rounds (target ≤ {assignments['target_s']:g} s per batch)")
    print(f"  {'request':<8} {'median s':>9} {'max s':>8} {'errors':>6}  target")
    for row in assignments["results"]:
        median = "-" if row["median_s"] is None else f"{row['median_s']:.2f}"
        worst = "-" if row["max_s"] is None else f"{row['max_s']:.2f}"
        print(f"  {row['scenario']:<8} {median:>9} {worst:>8} {row['errors']:>6}  "
              f"{'met' if row['meets_target'] else 'MISSED'}")
