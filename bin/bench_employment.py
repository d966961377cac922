"""The employment rows of ``bin/bench``: a 100,000-row roster import, and hire + confirm at concurrency 1 and 32.

On fresh databases, with synthetic persons written straight into identity_svc's
(bin/seed_platform.py's loader: encrypted and blind-indexed as register_person
writes them):

- import: an enterprise uploads an .xlsx of ``--import-rows`` rows (name, ID
  number, role, trade, wage terms) through ``POST /api/v1/imports``; timed from
  the upload to the import's ``done`` (``GET /api/v1/imports/<id>``), which
  includes reading the file, looking every number up in identity_svc, and
  writing the requests, their first steps and their events in batches;
- hire + confirm: one employment request (``POST /api/v1/employments`` as the
  enterprise) and the worker's confirmation (``POST /api/v1/me/employments/<id>/
  confirm`` with a worker token), counted as one operation, each on a person of
  its own; next to the same two calls over raw Nameko RPC
  (``request_employment`` as the enterprise, ``confirm_employment`` as the
  worker), at each concurrency.
"""

import datetime as dt
import io
import json
import threading
import time
from collections import deque
from types import SimpleNamespace

import jwt
from bench_load import HttpClient, OutOfWork, run_load
from openpyxl import Workbook
from seed_platform import Planner, Progress, load_identity

from chassis import days
from chassis.caller import CONTEXT_KEY, Caller
from chassis.pii import PersonalDataVault

IMPORT_COLUMNS = ["姓名", "证件类型", "证件号", "人员类型", "从事主要工种", "工资结算方式", "日工资(元)"]
IMPORT_TIMEOUT_S = 600
ENTERPRISE_NAME = "基准测试劳务有限公司"


def synthetic_persons(count: int, seed: int = 2027) -> list:
    """``count`` synthetic persons (valid numbers, Faker names), none of them real."""
    today = days.today()
    planner = Planner(count, count, seed, today)
    workers = planner.workers(Progress)
    for worker in workers:
        worker.registered_on = today.toordinal()
    return workers


def seed_persons(identity_url: str, keys: dict, workers: list):
    load_identity(identity_url, SimpleNamespace(workers=workers), PersonalDataVault.from_mapping(keys), Progress)


def roster_workbook(workers) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(IMPORT_COLUMNS)
    for number, worker in enumerate(workers):
        sheet.append([worker.name, "居民身份证", worker.id_number, "建筑工人", "钢筋工" if number % 2 else "木工",
                      "点工", 300 + number % 200])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def time_import(base_url: str, token: str, content: bytes) -> dict:
    """Uploads the roster and waits for its import to finish; the figures of the run."""
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    started = time.monotonic()
    answer = session.post(f"{base_url}/api/v1/imports", files={"file": ("花名册.xlsx", content)}, timeout=120)
    if answer.status_code != 202:
        raise RuntimeError(f"import refused: HTTP {answer.status_code} {answer.text[:300]}")
    job = answer.json()
    accepted_s = time.monotonic() - started
    while job["state"] != "done":
        if time.monotonic() - started > IMPORT_TIMEOUT_S:
            raise RuntimeError(f"import not done after {IMPORT_TIMEOUT_S}s: {job}")
        time.sleep(0.25)
        job = session.get(f"{base_url}/api/v1/imports/{job['id']}", timeout=30).json()
    wall_s = time.monotonic() - started
    session.close()
    return {"rows": job["total_rows"], "accepted": job["accepted_rows"], "refused": job["refused_rows"],
            "upload_answered_s": round(accepted_s, 2), "wall_s": round(wall_s, 2),
            "rows_per_s": round(job["total_rows"] / wall_s, 1), "file_bytes": len(content)}


class Hires:
    """Persons not yet employed, handed out one per operation; each thread takes its own."""

    def __init__(self, workers):
        self._supply = deque(workers)
        self._lock = threading.Lock()

    def take(self):
        with self._lock:
            if not self._supply:
                raise OutOfWork
            return self._supply.popleft()


def worker_token(secret: str, person_id: int, hours: float = 2) -> str:
    """A worker's token as the gateway's worker login issues it (the bench holds the platform's secret): the
    bench measures hiring, not 100,000 argon2 password checks."""
    claims = {"sub": f"worker:{person_id}", "role": "worker", "person_id": person_id, "enterprise_id": None,
              "project_id": None, "region_code": None,
              "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)}
    return jwt.encode(claims, secret, algorithm="HS256")


def as_bearer(client: HttpClient, token: str):
    client.headers["Authorization"] = "Bearer " + token


def http_hire(hires: Hires, enterprise_token: str, secret: str):
    def call(client: HttpClient):
        worker = hires.take()
        as_bearer(client, enterprise_token)
        status, body = client.request("POST", "/api/v1/employments", {
            "name": worker.name, "id_type": "01", "id_number": worker.id_number, "role": "worker"})
        if status != 201:
            return f"hire: HTTP {status} {body[:120]!r}"
        relation = json.loads(body)
        as_bearer(client, worker_token(secret, relation["person_id"]))
        status, body = client.request("POST", f"/api/v1/me/employments/{relation['id']}/confirm", {})
        return None if status == 200 else f"confirm: HTTP {status} {body[:120]!r}"

    return call


def rpc_hire(hires: Hires, enterprise: Caller):
    def call(rpc):
        worker = hires.take()
        context = rpc._worker_ctx.data  # one standalone proxy per thread: its caller is set per call
        context[CONTEXT_KEY] = enterprise.to_context()
        relation = rpc.employment_svc.request_employment(
            {"name": worker.name, "id_type": "01", "id_number": worker.id_number, "role": "worker"})
        context[CONTEXT_KEY] = Caller("worker", f"worker:{relation['person_id']}",
                                      person_id=relation["person_id"]).to_context()
        confirmed = rpc.employment_svc.confirm_employment(relation["id"])
        context[CONTEXT_KEY] = enterprise.to_context()
        return None if confirmed["state"] == "employed" else f"confirm: {confirmed['state']}"

    return call


def measure_hires(base_url, proxies, enterprise_token, enterprise, secret, workers, concurrencies, duration,
                  warmup, probe, step) -> list:
    """hire + confirm over RPC and HTTP at each concurrency, each row on persons of its own."""
    results = []
    budget = len(workers) // (2 * len(concurrencies))
    rows = [(via, concurrency) for concurrency in concurrencies for via in ("rpc", "http")]
    for index, (via, concurrency) in enumerate(rows):
        hires = Hires(workers[index * budget:(index + 1) * budget])
        step(f"hire + confirm over {via}, {concurrency} concurrent")
        if via == "rpc":
            result = run_load(rpc_hire(hires, enterprise), proxies[:concurrency], warmup=warmup, duration=duration,
                              max_calls=budget, probe=probe)
        else:
            clients = [HttpClient(base_url, enterprise_token) for _ in range(concurrency)]
            result = run_load(http_hire(hires, enterprise_token, secret), clients, warmup=warmup,
                              duration=duration, max_calls=budget, probe=probe)
            for client in clients:
                client.close()
        result.scenario, result.via = "hire_confirm", via
        results.append(result)
    return results

