"""The gate rush of ``bin/bench``: clock records through the signed device API, beside what the broker and the
database can do with the same records on the same machine in the same run.

On fresh databases: a project, its site account, ``DEVICES`` card readers registered through the gateway, and
``PEOPLE`` people on its site with a card each (written straight into attendance_svc's projection of who is on
site: entering them at the gate is not what is measured). Then, each for ``duration`` seconds after a warm-up:

- **single**: ``concurrency`` terminals, each sending one record per signed ``POST /api/v1/device/records`` as
  soon as the last was answered (a gate at the morning rush with every terminal uploading as it reads a card):
  uploads/s and the latency percentiles;
- **batched**: the same terminals each sending ``BATCH`` records per upload (a terminal that was offline and
  sends what it buffered): records/s;
- the **broker's ceiling**: the same terminals' worth of Nameko RPC round trips (``identity_svc.ping``, a call
  that does nothing) at the same concurrency — what a request through the gateway cannot beat; and for batches,
  the same records' JSON published to a RabbitMQ queue with publisher confirms, ``BATCH`` per message;
- the **database's ceiling**: the same records inserted into attendance_svc's ``clock_records`` table by plain
  SQLAlchemy at the same concurrency, one transaction per record (single) or per ``BATCH`` (batched).

None lost: after each row, the records the platform stored are counted in its database and compared with those
its answers acknowledged. Nothing is asserted about speed; the figures and their ratios are printed.
"""

import datetime as dt
import http.client
import itertools
import json
import secrets
import threading
import time
import urllib.parse
import uuid

from bench_load import HttpClient, run_load
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from attendance_svc.models import AttendanceCard, ClockRecord, SiteStay
from chassis import days
from devtools.gate import signature
from gateway.accounts import ensure_account

DEVICES = 8
PEOPLE = 1_000
BATCH = 500
RECORDS_PATH = "/api/v1/device/records"


class SignedTerminal:
    """A terminal of the device API over one keep-alive connection, signing each request."""

    def __init__(self, base_url, serial, secret):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.serial, self.secret = serial, secret
        self.connection = None

    def post(self, path, payload) -> tuple[int, bytes]:
        body = json.dumps(payload).encode()
        timestamp, nonce = int(time.time()), uuid.uuid4().hex
        headers = {"Content-Type": "application/json", "X-Device-Serial": self.serial,
                   "X-Device-Timestamp": str(timestamp), "X-Device-Nonce": nonce,
                   "X-Device-Signature": signature(self.secret, "POST", path, timestamp, nonce, body)}
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.connection.request("POST", path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def client(base_url, username, password) -> HttpClient:
    """A logged-in client of the gateway (one keep-alive connection)."""
    http = HttpClient(base_url)
    status, body = http.request("POST", "/api/v1/auth/login", {"username": username, "password": password})
    if status != 200:
        raise RuntimeError(f"login of {username} failed: HTTP {status} {body[:200]!r}")
    http.headers["Authorization"] = "Bearer " + json.loads(body)["token"]
    return http


def call(http: HttpClient, path, body) -> dict:
    status, answer = http.request("POST", path, body)
    if status >= 300:
        raise RuntimeError(f"POST {path}: HTTP {status} {answer[:300]!r}")
    return json.loads(answer)


def scene(running, gateway_db_url, attendance_url, step):
    """The project, its site user, the terminals and the people on site with their cards."""
    password = secrets.token_urlsafe(16)
    engine = create_engine(gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, "bench_gate_authority", password, "authority", "基准", "基准测试",
                       region_code="310000")
        session.commit()
    authority = client(running.base_url, "bench_gate_authority", password)
    contractor = call(authority, "/api/v1/enterprises", {
        "name": "基准总包建设有限公司", "credit_code": "91310000MA1FL0BQ4A", "unit_type": "general_contractor"})
    project = call(authority, "/api/v1/projects", {
        "registration_number": "3101BENCH0001", "name": "闸机高峰基准项目", "address": "上海市",
        "general_contractor_id": contractor["id"]})
    with Session(engine) as session:
        ensure_account(session, "bench_gate_site", password, "site", "现场", project["name"],
                       project_id=project["id"])
        session.commit()
    engine.dispose()
    authority.close()
    site = client(running.base_url, "bench_gate_site", password)
    terminals = []
    for number in range(DEVICES):
        made = call(site, f"/api/v1/projects/{project['id']}/devices", {
            "kind": "card_reader", "serial": f"BENCH-{number:03d}", "direction": "both",
            "location": f"{number + 1}号门", "name": f"{number + 1}号门刷卡机"})
        terminals.append((made["device"]["id"], made["device"]["serial"], made["secret"]))
    site.close()
    attendance = create_engine(attendance_url)
    today = days.today()
    with Session(attendance) as session:
        session.add_all(SiteStay(entry_id=10_000 + index, project_id=project["id"], person_id=10_000 + index,
                                 name=f"基准工人{index:04d}", employer_id=None, is_team_leader=False,
                                 entry_date=today - dt.timedelta(days=30)) for index in range(PEOPLE))
        session.add_all(AttendanceCard(project_id=project["id"], person_id=10_000 + index,
                                       card_number=f"C{index:08d}", issued_by="bench") for index in range(PEOPLE))
        session.commit()
    step(f"gate scene: {DEVICES} terminals, {PEOPLE} people on site with cards")
    return project, terminals, attendance


def stored(attendance, device_ids) -> int:
    with attendance.connect() as connection:
        return connection.scalar(select(func.count()).select_from(ClockRecord)
                                 .where(ClockRecord.device_id.in_(device_ids)))


def rush(base_url, terminals, seqs, concurrency, per_upload, duration, warmup) -> tuple[dict, int]:
    """``concurrency`` clients over the terminals, each uploading ``per_upload`` records per request, each record
    with the next of its terminal's sequence numbers (``seqs``: serial → counter, kept from one rush to the next,
    as a terminal's own)."""
    locks = {serial: threading.Lock() for _, serial, _ in terminals}
    cards = itertools.cycle(range(PEOPLE))
    card_lock = threading.Lock()
    acknowledged, counting = [0], threading.Lock()
    clients = [SignedTerminal(base_url, *terminals[index % len(terminals)][1:]) for index in range(concurrency)]

    def upload(client):
        with locks[client.serial]:
            numbers = [next(seqs[client.serial]) for _ in range(per_upload)]
        with card_lock:
            held = [next(cards) for _ in range(per_upload)]
        now = dt.datetime.now(dt.UTC).isoformat()
        records = [{"seq": seq, "occurred_at": now, "method": "card", "card_number": f"C{card:08d}"}
                   for seq, card in zip(numbers, held, strict=True)]
        status, body = client.post(RECORDS_PATH, {"records": records})
        if status != 200:
            return f"HTTP {status}: {body[:200]!r}"
        results = json.loads(body)["results"]
        if len(results) != per_upload or any(r["outcome"] not in ("accepted", "duplicate") for r in results):
            return f"unexpected results: {str(results)[:200]}"
        with counting:
            acknowledged[0] += len(results)
        return None

    result = run_load(upload, clients, warmup=warmup, duration=duration, max_calls=10**7)
    return row(result, per_upload), acknowledged[0]


def row(result, per_call=1) -> dict:
    latencies = sorted(result.latencies_ms)

    def percentile(percent):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * percent / 100))], 1) if latencies \
            else None

    return {"calls_per_s": round(result.per_second, 1), "records_per_s": round(result.per_second * per_call, 1),
            "p50_ms": percentile(50), "p99_ms": percentile(99), "calls": result.requests, "errors": result.errors,
            "first_error": result.first_error, "concurrency": result.concurrency}


def rpc_ceiling(amqp_uri, concurrency, duration, warmup) -> dict:
    """Nameko RPC round trips of a call that does nothing, at the same concurrency."""
    from nameko.standalone.rpc import ClusterRpcProxy

    proxies = [ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) for _ in range(concurrency)]
    started = [proxy.start() for proxy in proxies]
    def ping(proxy):
        proxy.identity_svc.ping()

    try:
        result = run_load(ping, started, warmup=warmup, duration=duration, max_calls=10**7)
    finally:
        for proxy in proxies:
            proxy.stop()
    return row(result)


def broker_batch_ceiling(amqp_uri, concurrency, duration, warmup) -> dict:
    """The same records' JSON, ``BATCH`` per message, published with confirms to a queue of their own."""
    from kombu import Connection, Exchange, Producer, Queue

    queue_name = f"bench_gate_{uuid.uuid4().hex[:8]}"
    exchange = Exchange("", type="direct")
    now = dt.datetime.now(dt.UTC).isoformat()
    payload = {"records": [{"seq": seq, "occurred_at": now, "method": "card", "card_number": f"C{seq:08d}"}
                           for seq in range(BATCH)]}
    connections = [Connection(amqp_uri, transport_options={"confirm_publish": True}) for _ in range(concurrency)]
    with Connection(amqp_uri) as admin:
        Queue(queue_name, exchange=exchange, routing_key=queue_name, durable=True)(admin.channel()).declare()
    producers = [Producer(connection.channel(), exchange=exchange) for connection in connections]
    def publish(producer):
        producer.publish(payload, routing_key=queue_name, delivery_mode=2)

    try:
        result = run_load(publish, producers, warmup=warmup, duration=duration, max_calls=10**7)
    finally:
        for connection in connections:
            connection.release()
        with Connection(amqp_uri) as admin:
            Queue(queue_name, exchange=exchange)(admin.channel()).delete()
    return row(result, BATCH)


def database_ceiling(attendance_url, project_id, device_id, concurrency, per_transaction, duration,
                     warmup) -> dict:
    """The same records inserted by plain SQLAlchemy: one transaction per ``per_transaction`` records."""
    engine = create_engine(attendance_url, pool_size=concurrency, max_overflow=0)
    seqs = itertools.count(10**9)
    lock = threading.Lock()
    table = ClockRecord.__table__

    def insert(_):
        with lock:
            numbers = [next(seqs) for _ in range(per_transaction)]
        now = dt.datetime.now(dt.UTC)
        rows = [{"device_id": device_id, "seq": seq, "chain_index": seq, "project_id": project_id,
                 "person_id": 10_000 + seq % PEOPLE, "occurred_at": now, "received_at": now, "day": now.date(),
                 "method": "006", "direction": "01", "outcome": "accepted", "late": False,
                 "card_number_masked": "C0****00", "prev_hash": "0" * 64, "hash": "f" * 64} for seq in numbers]
        with engine.begin() as connection:
            connection.execute(table.insert(), rows)
        return None

    try:
        result = run_load(insert, list(range(concurrency)), warmup=warmup, duration=duration, max_calls=10**7)
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM clock_records WHERE seq >= 1000000000"))
        engine.dispose()
    return row(result, per_transaction)


def measure_gate(platform_running, step, amqp_uri, *, concurrency=32, duration=5.0, warmup=1.5) -> dict:
    """``platform_running``: bin/bench's context manager, not yet entered."""
    with platform_running as (running, gateway_db_url):
        attendance_url = running.env["ATTENDANCE_DB_URL"]
        project, terminals, attendance = scene(running, gateway_db_url, attendance_url, step)
        device_ids = [device_id for device_id, _, _ in terminals]
        report = {"devices": DEVICES, "people": PEOPLE, "batch": BATCH, "concurrency": concurrency}
        seqs = {serial: itertools.count(1) for _, serial, _ in terminals}
        try:
            step(f"gate rush: one record per upload at {concurrency}")
            report["single"], acknowledged = rush(running.base_url, terminals, seqs, concurrency, 1, duration,
                                                  warmup)
            time.sleep(1)
            report["single"]["stored"], report["single"]["acknowledged"] = stored(attendance, device_ids), \
                acknowledged
            step("the broker's ceiling: RPC round trips of a call that does nothing")
            report["rpc_ceiling"] = rpc_ceiling(amqp_uri, concurrency, duration, warmup)
            step("the database's ceiling: one insert per transaction")
            report["database_single_ceiling"] = database_ceiling(attendance_url, project["id"], device_ids[0],
                                                                 concurrency, 1, duration, warmup)
            before = stored(attendance, device_ids)
            batched_concurrency = min(concurrency, DEVICES)
            step(f"gate rush: {BATCH} records per upload at {batched_concurrency}")
            report["batched"], acknowledged = rush(running.base_url, terminals, seqs, batched_concurrency,
                                                   BATCH, duration, warmup)
            time.sleep(1)
            report["batched"]["stored"] = stored(attendance, device_ids) - before
            report["batched"]["acknowledged"] = acknowledged
            step(f"the broker's ceiling: {BATCH} records per message, published with confirms")
            report["broker_batch_ceiling"] = broker_batch_ceiling(amqp_uri, batched_concurrency, duration, warmup)
            step(f"the database's ceiling: {BATCH} inserts per transaction")
            report["database_batch_ceiling"] = database_ceiling(attendance_url, project["id"], device_ids[0],
                                                                batched_concurrency, BATCH, duration, warmup)
        finally:
            attendance.dispose()
    single, batched = report["single"], report["batched"]
    report["ratios"] = {
        "single_over_rpc": ratio(single["calls_per_s"], report["rpc_ceiling"]["calls_per_s"]),
        "single_over_database": ratio(single["records_per_s"], report["database_single_ceiling"]["records_per_s"]),
        "batched_over_broker": ratio(batched["records_per_s"], report["broker_batch_ceiling"]["records_per_s"]),
        "batched_over_database": ratio(batched["records_per_s"],
                                       report["database_batch_ceiling"]["records_per_s"]),
    }
    return report


def ratio(value, ceiling):
    return round(value / ceiling, 3) if ceiling else None


def print_gate(report):
    print(f"\ngate rush ({report['devices']} terminals, {report['people']} people on site, concurrency "
          f"{report['concurrency']}; uploads through the gateway's signed device API)")
    print(f"  {'row':<44} {'calls/s':>9} {'records/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for key, label in (("single", "one record per upload"), ("rpc_ceiling", "  broker: RPC round trip (ping)"),
                       ("database_single_ceiling", "  database: one insert per transaction"),
                       ("batched", f"{report['batch']} records per upload"),
                       ("broker_batch_ceiling", f"  broker: {report['batch']} records per message, confirmed"),
                       ("database_batch_ceiling", f"  database: {report['batch']} inserts per transaction")):
        figures = report[key]
        print(f"  {label:<44} {figures['calls_per_s']:>9} {figures['records_per_s']:>10} "
              f"{figures['p50_ms'] or '-':>8} {figures['p99_ms'] or '-':>8} {figures['errors']:>7}")
    for key in ("single", "batched"):
        figures = report[key]
        lost = figures["acknowledged"] - figures["stored"]
        print(f"  {key}: {figures['acknowledged']} records acknowledged, {figures['stored']} stored"
              f"{'' if lost <= 0 else f' — {lost} LOST'}")
    for name, value in report["ratios"].items():
        print(f"  {name.replace('_', ' ')}: {value}")

