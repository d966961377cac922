"""The roster rows of ``bin/bench``: 用工查询 searches and its export on 200,000 persons and 1,000,000 entries.

Seeding that much takes minutes, so the data set (bin/seed_platform.py, as
``make seed`` writes it) lives in databases of its own, seeded once and kept
between runs: ``bench_roster_identity_svc``, ``…_employment_svc``,
``…_project_svc`` and ``…_siteaccess_svc`` beside POSTGRES_ADMIN_URL, with
their keys in var/bench-roster-keys.env. A comment on the siteaccess database
says what was seeded (sizes, the plan's version, a fingerprint of the keys);
a run that finds another comment, or no keys, seeds them again, and so does
``--reseed``. The platform runs on them with a fresh gateway database, and
applies any new migration to them when it starts. To free the space, drop
the four databases.

Each search picks its next parameters at random from a pool drawn from the
data before the run, within what the caller sees:

- ``name``: the first two characters of a person's name (surname and the
  first character of the given name, ``张伟``), as a user types a fragment;
- ``id``: a person's full ID number (siteaccess_svc resolves it through
  identity_svc's ``find_by_id_number``);
- ``employer``: an employer and a 90-day range of entry dates around one of
  its entries;
- ``all``: no filter, the list as it opens (the authority's: every record).

Every answer must match at least one record (the parameters come from the
data), or it counts as an error.
"""

import datetime as dt
import json
import random
import secrets
import statistics
import time
import urllib.parse
from pathlib import Path

from seed_platform import PLAN_VERSION, seed
from sqlalchemy import create_engine, text

from chassis.migrate import upgrade
from chassis.pii import SETTING_NAMES, PersonalDataVault, generate_settings
from chassis.platform import PLATFORM_SERVICES
from devtools.launcher import create_postgres_database, drop_postgres_database

SEARCHES = ("name", "id", "employer", "all")
CALLERS = ("authority", "site")
POOL = 300  # parameters per search and caller
EXPORT_ROWS = 10_000
EXPORT_REPEATS = 3


def database_name(service: str) -> str:
    return f"bench_roster_{service}"


def kept_data(admin_url: str, keys_path: Path, persons: int, entries: int, reseed: bool, step) -> tuple:
    """The seeded databases' URLs and keys: the kept ones when they hold this data set, else seeded now.

    Returns (urls, keys, what the seed reported or None when the kept data was used).
    """
    keys = _read_keys(keys_path)
    found = _comment(admin_url, database_name("siteaccess_svc"))
    if keys and found == _marker(keys, persons, entries) and not reseed:
        return {s: create_postgres_database(admin_url, database_name(s)) for s in PLATFORM_SERVICES}, keys, None

    step(f"seeding the roster's databases once ({persons:,} persons, {entries:,} entries; kept for later runs)"
         + (f" — {'asked to' if reseed else 'they hold something else'}" if found else ""))
    keys = generate_settings()
    urls = {}
    for service in PLATFORM_SERVICES:
        drop_postgres_database(admin_url, database_name(service))
        urls[service] = create_postgres_database(admin_url, database_name(service))
        upgrade(service, urls[service])
    summary = seed(urls, PersonalDataVault.from_mapping(keys), persons, entries)
    keys_path.parent.mkdir(parents=True, exist_ok=True)
    keys_path.write_text("".join(f"{name}={keys[name]}\n" for name in SETTING_NAMES))
    keys_path.chmod(0o600)
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"COMMENT ON DATABASE {database_name('siteaccess_svc')} "
                                f"IS '{_marker(keys, persons, entries)}'"))
    engine.dispose()
    return urls, keys, summary


def _marker(keys: dict, persons: int, entries: int) -> str:
    fingerprint = PersonalDataVault.from_mapping(keys).blind_index("bench roster", "fingerprint")[:16]
    return f"bin/bench roster data: {persons} persons, {entries} entries, plan {PLAN_VERSION}, keys {fingerprint}"


def _read_keys(path: Path) -> dict | None:
    if not path.exists():
        return None
    values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return values if all(values.get(name) for name in SETTING_NAMES) else None


def _comment(admin_url: str, database: str) -> str | None:
    engine = create_engine(admin_url)
    with engine.connect() as connection:
        found = connection.scalar(text(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :name"), {"name": database})
    engine.dispose()
    return found


# -- what to ask: parameters drawn from the data ---------------------------------------------------


class Workload:
    """Parameter pools of each search for one caller's scope (``project_id`` None: the authority, all of it)."""

    def __init__(self, urls: dict, keys: dict, project_id: int | None, seed: int = 7):
        rng = random.Random(seed)  # noqa: S311 reproducible choices, not secrets
        scope = "" if project_id is None else "WHERE e.project_id = :project"
        engine = create_engine(urls["siteaccess_svc"])
        with engine.connect() as connection:
            sampled = connection.execute(text(
                f"SELECT e.person_id, p.name, e.employer_id, e.entry_date FROM entry_records e "  # noqa: S608
                f"JOIN known_persons p ON p.person_id = e.person_id {scope} ORDER BY random() LIMIT :size"),
                {"project": project_id, "size": POOL}).all()
            self.entries_in_scope = connection.scalar(text(
                f"SELECT count(*) FROM entry_records e {scope}"), {"project": project_id})  # noqa: S608
            self.persons = connection.scalar(text("SELECT count(*) FROM known_persons"))
        engine.dispose()
        vault = PersonalDataVault.from_mapping(keys)
        engine = create_engine(urls["identity_svc"])
        with engine.connect() as connection:
            encrypted = dict(connection.execute(
                text("SELECT id, id_number_encrypted FROM persons WHERE id = ANY(:ids)"),
                {"ids": [row.person_id for row in sampled]}).all())
        engine.dispose()
        self.pools = {
            "name": [{"person": row.name[:2]} for row in sampled],
            "id": [{"person": vault.decrypt(encrypted[row.person_id])} for row in sampled],
            "employer": [self.entry_range(row.employer_id, row.entry_date - dt.timedelta(days=rng.randrange(90)))
                         for row in sampled],
            "all": [{}],
        }
        self.export = _export_filter(urls, project_id)

    @staticmethod
    def entry_range(employer_id: int, since: dt.date) -> dict:
        return {"employer_id": employer_id, "entry_from": str(since), "entry_to": str(since + dt.timedelta(days=90))}

    def next_query(self, search: str) -> dict:
        return dict(secrets.choice(self.pools[search]))


def _export_filter(urls: dict, project_id: int | None) -> dict:
    """Filters matching about EXPORT_ROWS rows, and how many they match: the entries since the date that reaches them.

    The authority's are the busiest employer's (the enterprise behind the
    most records); a site's, its project's (the service adds the project).
    """
    engine = create_engine(urls["siteaccess_svc"])
    with engine.connect() as connection:
        if project_id is None:
            scope = {"employer_id": connection.scalar(text(
                "SELECT employer_id FROM entry_records GROUP BY employer_id ORDER BY count(*) DESC LIMIT 1"))}
        else:
            scope = {"project_id": project_id}
        (column, value), = scope.items()
        since = connection.scalar(text(
            f"SELECT entry_date FROM entry_records WHERE {column} = :value "  # noqa: S608
            "ORDER BY entry_date DESC OFFSET :rows LIMIT 1"), {"value": value, "rows": EXPORT_ROWS - 1})
        rows = connection.scalar(text(
            f"SELECT count(*) FROM entry_records WHERE {column} = :value "  # noqa: S608
            "AND entry_date >= coalesce(:since, '-infinity'::date)"), {"value": value, "since": since})
    engine.dispose()
    filters = ({"employer_id": value} if project_id is None else {}) | ({"entry_from": str(since)} if since else {})
    return {"filters": filters, "rows": rows}


def busiest_project(urls: dict) -> int:
    """The project with the most entries: the site user's scope, the hardest a site's search gets."""
    engine = create_engine(urls["siteaccess_svc"])
    with engine.connect() as connection:
        project_id = connection.scalar(text(
            "SELECT project_id FROM entry_records GROUP BY project_id ORDER BY count(*) DESC LIMIT 1"))
    engine.dispose()
    return project_id


# -- what each client does: None when the answer is right, else what was wrong ----------------


def rpc_search(workload: Workload, search: str, matched: list):
    def call(rpc):
        answer = rpc.siteaccess_svc.query_entries({**workload.next_query(search), "page_size": 20})
        matched.append(answer["total"])
        return None if answer["total"] and answer["items"] else f"{search} matched nothing"
    return call


def http_search(workload: Workload, search: str, matched: list):
    def call(client):
        query = workload.next_query(search)
        status, body = client.request("GET", "/api/v1/entries?" + urllib.parse.urlencode(query | {"page_size": 20}))
        if status != 200:
            return f"HTTP {status}: {body[:200]!r}"
        answer = json.loads(body)
        matched.append(answer["total"])
        return None if answer["total"] and answer["items"] else f"{search} matched nothing"
    return call


def time_exports(workload: Workload, rpc, client) -> dict:
    """Wall time of the export's rows over RPC (every page of export_entries), and of the .xlsx through the gateway."""
    filters = workload.export["filters"]
    rpc_seconds, http_seconds, sizes = [], [], []
    for _ in range(EXPORT_REPEATS):
        started = time.perf_counter()
        rows, page = [], {"after": None}
        while True:
            page = rpc.siteaccess_svc.export_entries(filters, page["after"])
            rows += page["rows"]
            if page["after"] is None:
                break
        rpc_seconds.append(time.perf_counter() - started)
        if len(rows) != workload.export["rows"]:
            raise RuntimeError(f"export_entries gave {len(rows)} rows, the data holds {workload.export['rows']}")
    for _ in range(EXPORT_REPEATS):
        started = time.perf_counter()
        status, body = client.request("GET", "/api/v1/entries/export?" + urllib.parse.urlencode(filters))
        http_seconds.append(time.perf_counter() - started)
        if status != 200 or not body.startswith(b"PK"):
            raise RuntimeError(f"export answered HTTP {status}: {body[:200]!r}")
        sizes.append(len(body))
    return {"filters": filters, "rows": workload.export["rows"], "xlsx_bytes": sizes[-1],
            "rpc_s": [round(s, 3) for s in rpc_seconds], "http_s": [round(s, 3) for s in http_seconds],
            "rpc_median_s": round(statistics.median(rpc_seconds), 3),
            "http_median_s": round(statistics.median(http_seconds), 3)}


# -- the report ---------------------------------------------------------------------------------------


def print_roster(roster: dict, nproc: int):
    def number(value, digits):
        return "-" if value is None else f"{value:.{digits}f}"

    data = roster["data"]
    print(f"\nroster (用工查询) on {data['persons']:,} persons and {data['entries']:,} entry records in PostgreSQL; "
          f"the site user's project {roster['site_project']} has {data['site_entries']:,}")
    print("  name: a 2-character name fragment; id: an exact ID number; employer: an employer + 90 days of entry "
          "dates;\n  all: no filter (the list as it opens). matched: mean total of records found; ÷rpc: gateway "
          "requests/s to raw RPC calls/s, same row")
    print(f"{'search':<9}{'caller':<10}{'via':<6}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}{'matched':>9}{'÷rpc':>7}")
    for row in roster["results"]:
        print(f"{row['search']:<9}{row['caller']:<10}{row['via']:<6}{row['concurrency']:>5}{row['per_second']:>9.1f}"
              f"{number(row['p50_ms'], 1):>9}{number(row['p95_ms'], 1):>9}{number(row['p99_ms'], 1):>9}"
              f"{row['errors']:>8}{number(row['matched_mean'], 0):>9}{number(row['to_rpc'], 3):>7}")
    print(f"\nexport (用工查询 导出), median of {EXPORT_REPEATS} one after the other:")
    print(f"{'caller':<10}{'rows':>8}{'rows over RPC s':>17}{'.xlsx via gateway s':>21}{'MB':>6}  filters")
    for caller, export in roster["exports"].items():
        filters = ", ".join(f"{name}={value}" for name, value in export["filters"].items())
        print(f"{caller:<10}{export['rows']:>8,}{export['rpc_median_s']:>17.2f}{export['http_median_s']:>21.2f}"
              f"{export['xlsx_bytes'] / 1e6:>6.1f}  {filters}")

    groups = list(roster["results"][0]["cpu_cores"]) if roster["results"] else []
    print(f"\nCPU during each roster measurement, in cores busy (this machine has {nproc}):")
    print(f"{'search':<9}{'caller':<10}{'via':<6}{'conc':>5}" + "".join(f"{g:>15}" for g in groups))
    for row in roster["results"]:
        print(f"{row['search']:<9}{row['caller']:<10}{row['via']:<6}{row['concurrency']:>5}"
              + "".join(f"{row['cpu_cores'].get(g, 0):>15.2f}" for g in groups))
