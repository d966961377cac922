"""The month view rows of ``bin/bench``: 出勤一览表 of a month for a project with 1,000 people on site, each with two
clocks (in and out) on 22 working days — 44,000 accepted records — over raw RPC
(``attendance_svc.attendance_period``) and through the gateway (``GET /projects/<id>/attendance/period?view=month``),
at each concurrency: p50 / p95 latency (target p95 ≤ 100 ms), and the gateway's 更多 page and the .xlsx export of the
month as single timings.

On fresh databases, attendance_svc's own tables are written directly (what person_entered and a terminal's uploads
would have left there): the people's stays, their employers and teams, one device and its records, in the site's
zone (Asia/Shanghai).
"""

import datetime as dt
import json
import secrets
import time
import zoneinfo

from bench_load import HttpClient, run_load
from sqlalchemy import create_engine, insert

from attendance_svc import domain
from attendance_svc.models import ClockRecord, Device, KnownEnterprise, SiteStay
from chassis.caller import Caller

PEOPLE = 1_000
WORKING_DAYS = 22
TEAM_SIZE = 20
EMPLOYERS = 10
PROJECT_ID = 77
MONTH = dt.date(2026, 11, 1)
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
TARGET_P95_MS = 100.0
MAX_CALLS = 100_000


def working_days(first: dt.date, count: int) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def seed(db_url: str) -> int:
    """The project's people, stays and records; answers how many records were written."""
    engine = create_engine(db_url)
    entered = MONTH - dt.timedelta(days=30)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        connection.execute(insert(KnownEnterprise), [{"enterprise_id": 9000 + n, "name": f"基准劳务{n:02d}有限公司"}
                                                     for n in range(EMPLOYERS)])
        stays = []
        for index in range(PEOPLE):
            leader = index - index % TEAM_SIZE
            stays.append({"entry_id": 100_000 + index, "project_id": PROJECT_ID, "person_id": 500_000 + index,
                          "name": f"基准工人{index:04d}", "id_number_masked": "310***********1234",
                          "employer_id": 9000 + (index // TEAM_SIZE) % EMPLOYERS, "is_team_leader": index == leader,
                          "team_leader_entry_id": None if index == leader else 100_000 + leader,
                          "entry_date": entered, "exit_date": None})
        connection.execute(insert(SiteStay), stays)
        device_id = connection.execute(insert(Device).values(
            project_id=PROJECT_ID, kind="face_terminal", serial=f"BENCH-{secrets.token_hex(4)}", name="基准闸机",
            direction="both", status="online", registered_at=now, resync_required=False, chain_length=0)
            .returning(Device.id)).scalar_one()
        rows, seq = [], 0
        for day in working_days(MONTH, WORKING_DAYS):
            for index in range(PEOPLE):
                for hour, direction in ((7, domain.IN), (17, domain.OUT)):
                    seq += 1
                    occurred = dt.datetime.combine(day, dt.time(hour, index % 60), ZONE).astimezone(dt.UTC)
                    rows.append({"device_id": device_id, "seq": seq, "chain_index": seq, "project_id": PROJECT_ID,
                                 "person_id": 500_000 + index, "occurred_at": occurred, "received_at": occurred,
                                 "day": day, "method": "001", "direction": direction, "outcome": domain.ACCEPTED,
                                 "late": False, "prev_hash": "0" * 64, "hash": f"{seq:064x}"})
        for start in range(0, len(rows), 5_000):
            connection.execute(insert(ClockRecord), rows[start:start + 5_000])
        connection.exec_driver_sql("ANALYZE clock_records; ANALYZE site_stays")
    engine.dispose()
    return len(rows)


def measure_attendance_views(platform_running, started_proxies, amqp_uri, create_account_and_log_in, concurrencies,
                             duration, warmup, step) -> dict:
    """``platform_running``: bin/bench's context manager, not yet entered."""
    first, last = domain.month_of(MONTH)
    site = Caller("site", "bench_attendance_site", project_id=PROJECT_ID)
    with platform_running as (running, gateway_db_url):
        records = seed(running.env["ATTENDANCE_DB_URL"])
        step(f"month view: {PEOPLE:,} people on site, {records:,} records of {WORKING_DAYS} working days written")
        token = create_account_and_log_in(running.base_url, gateway_db_url, site)
        path = f"/api/v1/projects/{PROJECT_ID}/attendance/period?view=month&day={MONTH.isoformat()}"
        results = []
        with started_proxies(amqp_uri, max(concurrencies), site) as proxies:
            for concurrency in concurrencies:
                for via in ("rpc", "http"):
                    step(f"month view over {via}, {concurrency} concurrent")
                    if via == "rpc":
                        clients = proxies[:concurrency]
                        call = rpc_month(first, last)
                    else:
                        clients = [HttpClient(running.base_url, token) for _ in range(concurrency)]
                        call = http_month(path)
                    result = run_load(call, clients, warmup=warmup, duration=duration, max_calls=MAX_CALLS)
                    if via == "http":
                        for client in clients:
                            client.close()
                    result.scenario, result.via = "attendance_month", via
                    results.append(result)
        singles = {}
        client = HttpClient(running.base_url, token, timeout=120)
        for name, single in (("people_page", f"/api/v1/projects/{PROJECT_ID}/attendance/period/people?view=month"
                                             f"&day={MONTH.isoformat()}&page_size=20"),
                             ("export", f"/api/v1/projects/{PROJECT_ID}/attendance/export?view=month"
                                        f"&day={MONTH.isoformat()}")):
            started = time.monotonic()
            status, body = client.request("GET", single)
            singles[name] = {"status": status, "wall_ms": round((time.monotonic() - started) * 1000, 1),
                             "bytes": len(body)}
        client.close()
    return {"people": PEOPLE, "records": records, "target_p95_ms": TARGET_P95_MS, "results": results,
            "singles": singles}


def rpc_month(first, last):
    def call(rpc):
        period = rpc.attendance_svc.attendance_period(PROJECT_ID, first.isoformat(), last.isoformat())
        return None if period["on_site"] == PEOPLE else f"on_site {period['on_site']}"
    return call


def http_month(path):
    def call(client):
        status, body = client.request("GET", path)
        if status != 200:
            return f"HTTP {status}: {body[:200]!r}"
        return None if json.loads(body)["on_site"] == PEOPLE else "wrong count"
    return call


def print_attendance_views(views: dict):
    print(f"\nthe month view (出勤一览表, a month), {views['people']:,} people on site, {views['records']:,} records "
          f"(target p95 ≤ {views['target_p95_ms']:.0f} ms)")
    print(f"  {'via':<5} {'conc':>4} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for row in views["results"]:
        p95 = row["p95_ms"] or 0
        print(f"  {row['via']:<5} {row['concurrency']:>4} {row['per_second']:>8.1f} {row['p50_ms'] or 0:>8.1f} "
              f"{p95:>8.1f} {row['errors']:>6}{'' if p95 <= views['target_p95_ms'] else '  over the target'}")
    for name, single in views["singles"].items():
        print(f"  {name}: HTTP {single['status']} in {single['wall_ms']:.0f} ms ({single['bytes']:,} bytes)")
