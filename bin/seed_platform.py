"""Synthetic data at a city's scale, for ``bin/seed`` (``make seed``) and the roster rows of ``bin/bench``.

What it makes (nobody in it is real: names from Faker's zh_CN tables, resident
ID numbers and credit codes with valid check digits from python-stdnum):

- employment_svc: general contractors and labour or specialty subcontractors
  (the demo's three units first, with the ids ``make up`` gives them);
- project_svc: projects (the demo's first) that run for one to four years
  each, some finished, most employing three to ten subcontractors;
- identity_svc: the persons, their ID and phone numbers encrypted and
  blind-indexed exactly as ``register_person`` stores them, with the
  installation's keys, so that ``find_by_id_number`` finds them;
- siteaccess_svc: every person's stays on sites over the last five years,
  one after the other (so never two open entries of one person on a site),
  each on a project running at the time, with an employer working there;
  about one entry in twelve is a 劳务队长 whose team is the workers of the
  same employer who enter while the leader is on the site; trades and
  education from the reference tables; every stay but the last of people
  still working has exited, with an evaluation; and the projections
  (known_persons, known_enterprises, known_projects) the services' events
  would have filled.

How it is written: each service's rows go into that service's database,
built from its own models and crypto (identity_svc's blind index, the vault's
AES-GCM) and streamed with PostgreSQL COPY. It is a bulk import, an admin
tool, not a replay of the services' RPC: no event is published for these
rows, and ``created_by`` / ``registered_by_username`` say ``seed``. The same
arguments give the same people (a seeded random generator), except for the
encryption nonces.
"""

import bisect
import datetime as dt
import functools
import io
import queue
import random
import re
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from faker import Faker
from faker.providers.person.zh_CN import Provider as ChineseNames
from sqlalchemy import create_engine, text

from chassis import days
from chassis.pii import PersonalDataVault, mask_id_number, mask_phone
from devtools.synthetic import credit_code, mobile_phone, resident_id_number
from employment_svc.models import Base as EmploymentBase
from employment_svc.models import Enterprise
from gateway.demo import ETHNICITY_WEIGHTS, GENERAL_CONTRACTOR, LABOUR_SUBCONTRACTORS, PROJECT
from identity_svc.domain import resident_id_problems
from identity_svc.models import Base as IdentityBase
from identity_svc.models import IdNumberFragment, Person
from identity_svc.reference import FEMALE, MALE, RESIDENT_ID_CARD
from identity_svc.service import fragment_indexes, id_number_index, phone_index
from project_svc.models import Base as ProjectBase
from project_svc.models import Participant, Project
from siteaccess_svc.models import Base as SiteAccessBase
from siteaccess_svc.models import EntryRecord, KnownEnterprise, KnownPerson, KnownProject
from siteaccess_svc.reference import EDUCATION_LEVELS, EVALUATIONS, TRADES

PLAN_VERSION = 2  # raise it when the plan changes what it makes: bin/bench then seeds its kept databases again
SEED_USERNAME = "seed"  # created_by / registered_by_username of every seeded row: how a seeded database is told
YEARS = 5
COPY_CHUNK = 20_000
DISTRICTS = {"310101": "黄浦区", "310104": "徐汇区", "310105": "长宁区", "310106": "静安区", "310107": "普陀区",
             "310109": "虹口区", "310110": "杨浦区", "310112": "闵行区", "310113": "宝山区", "310114": "嘉定区",
             "310115": "浦东新区", "310116": "金山区", "310117": "松江区", "310118": "青浦区", "310120": "奉贤区"}
# where construction companies working in Shanghai are registered
HOME_PROVINCES = ("上海", "上海", "上海", "江苏", "浙江", "安徽", "江西", "河南", "湖北", "湖南", "四川", "重庆",
                  "福建", "山东")
PROJECT_KINDS = ("住宅小区", "保障性住房", "商业综合体", "办公楼", "学校", "医院", "产业园", "安置房", "地铁站",
                 "体育中心", "物流园", "城市更新")
PHASES = ("", "一期", "二期", "三期", "A地块", "B地块")
# the trades most of a site's people work in weigh more; every code of the table occurs
TRADE_WEIGHTS = {code: 1 for code in TRADES} | {
    "020": 14, "030": 8, "040": 10, "050": 12, "240": 10, "260": 8, "390": 18, "130": 6, "270": 5, "110": 4,
    "190": 6, "010": 6, "230": 3}
EDUCATION_WEIGHTS = {"11": 0.05, "14": 0.2, "21": 2, "31": 5, "41": 11, "61": 20, "71": 45, "81": 15, "90": 1.75}
EVALUATION_WEIGHTS = {"excellent": 35, "good": 45, "fair": 15, "poor": 5}
EVALUATION_COMMENTS = {
    "excellent": ("工作认真负责，技术过硬", "按期保质完成任务", "服从管理，表现突出", None),
    "good": ("按期完成，服从管理", "工作态度端正", "能完成分配的任务", None, None),
    "fair": ("出勤一般", "需加强安全意识", None),
    "poor": ("多次违反现场安全规定", "无故缺勤较多", "不服从管理"),
}
# the education codes are those records migrated from the older systems carry (legacy rows of the table)
assert set(EVALUATION_WEIGHTS) == set(EVALUATIONS) and set(EDUCATION_WEIGHTS) <= set(EDUCATION_LEVELS)


class Progress:
    """A progress bar on the terminal (a line per tenth when the output is not one)."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done, self.started, self.shown, self.drawn = 0, time.monotonic(), -1.0, 0.0
        self.interactive = stream.isatty()
        self._show()

    def advance(self, count: int = 1):
        self.done += count
        self._show()

    def close(self):
        self.done = self.total
        self._show(force=self.shown < 1.0)
        if self.interactive:
            self.stream.write("\n")
        self.stream.flush()

    def _show(self, force=False):
        fraction = min(1.0, self.done / self.total)
        now = time.monotonic()
        step = 0.1 if not self.interactive else 0.0
        if not force and (fraction - self.shown < step or (self.interactive and now - self.drawn < 0.2)):
            return
        self.shown, self.drawn = fraction, now
        filled = int(self.WIDTH * fraction)
        line = (f"  {self.label:<34} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:>4.0%} "
                f"{self.done:>9,}/{self.total:,} {now - self.started:5.1f}s")
        self.stream.write(("\r" + line) if self.interactive else (line + "\n"))
        self.stream.flush()


# -- the plan: plain data, decided before anything is written --------------------------------------


@dataclass(slots=True)
class Unit:
    """An enterprise of employment_svc."""

    id: int
    name: str
    credit_code: str
    unit_type: str
    contact_person: str
    contact_phone: str


@dataclass(slots=True)
class Site:
    """A project of project_svc and the subcontractors that work on it."""

    id: int
    registration_number: str
    name: str
    address: str
    general_contractor: Unit
    starts: int  # date ordinals
    ends: int
    employer_ids: list = field(default_factory=list)
    size: float = 1.0


@dataclass(slots=True)
class Worker:
    """A person of identity_svc, with what stays the same from site to site."""

    id: int
    id_number: str
    name: str
    gender: str
    birth_date: dt.date
    ethnicity: str
    address: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date | None
    phone: str
    trade: str
    education: str
    verified: bool
    first_project_id: int = 0
    registered_on: int = 0


@dataclass(slots=True)
class Stay:
    """One entry record: a worker on a site from entry to exit."""

    worker: Worker
    project_id: int
    employer_id: int
    entry: int  # date ordinals
    exit: int | None
    trade: str
    with_phone: bool
    id: int = 0
    is_team_leader: bool = False
    leader: "Stay | None" = None
    evaluation: str | None = None
    comment: str | None = None


@dataclass
class Plan:
    today: dt.date
    general_contractors: list
    subcontractors: list
    projects: list
    workers: list
    stays: list  # in id order

    @property
    def enterprises(self):
        return sorted(self.general_contractors + self.subcontractors, key=lambda unit: unit.id)


class Planner:
    def __init__(self, persons: int, entries: int, seed: int, today: dt.date):
        if not 1 <= persons <= entries:
            raise ValueError("need at least one person, and no more persons than entries")
        self.persons, self.entries, self.today = persons, entries, today
        self.rng = random.Random(seed)  # noqa: S311 reproducible people, not secrets
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.window_start = (today - dt.timedelta(days=365 * YEARS)).toordinal()
        last_names = ChineseNames.last_names
        self.surnames, self.surname_weights = list(last_names), _cumulative(last_names.values())
        self.credit_codes, self.names_taken = set(), set()

    def plan(self, progress=Progress) -> Plan:
        general_contractors, subcontractors = self.enterprises()
        projects = self.projects(general_contractors, subcontractors)
        workers = self.workers(progress)
        stays = self.stays(workers, projects, progress)
        self.teams(stays)
        stays.sort(key=lambda stay: (stay.entry, not stay.is_team_leader))  # ids in the order of entry
        for number, stay in enumerate(stays, 1):
            stay.id = number
        return Plan(self.today, general_contractors, subcontractors, projects, workers, stays)

    # -- employment_svc and project_svc -------------------------------------------------

    def enterprises(self):
        rng = self.rng
        demo = [GENERAL_CONTRACTOR, *LABOUR_SUBCONTRACTORS]
        units = [self.unit(number, spec["name"], spec["unit_type"], spec["contact_person"])
                 for number, spec in enumerate(demo, 1)]
        general_contractors, subcontractors = units[:1], units[1:]
        for _ in range(max(4, self.entries // 16_000)):
            name = self.company_name(("建设集团有限公司", "建工集团有限公司", "建设工程有限公司"))
            general_contractors.append(self.unit(len(units) + 1, name, "general_contractor", self.person_name(True)))
            units.append(general_contractors[-1])
        for _ in range(max(10, self.persons // 500)):
            labour = rng.random() < 0.8
            suffixes = ("建筑劳务有限公司", "劳务分包有限公司", "建筑工程劳务有限公司") if labour else (
                "机电安装工程有限公司", "幕墙工程有限公司", "钢结构工程有限公司", "装饰工程有限公司")
            subcontractors.append(self.unit(len(units) + 1, self.company_name(suffixes),
                                            "labour_subcontractor" if labour else "specialty_contractor",
                                            self.person_name(True)))
            units.append(subcontractors[-1])
        return general_contractors, subcontractors

    def unit(self, number, name, unit_type, contact_person):
        code = credit_code(self.rng, self.rng.choice(list(DISTRICTS)))
        while code in self.credit_codes:
            code = credit_code(self.rng, self.rng.choice(list(DISTRICTS)))
        self.credit_codes.add(code)
        self.names_taken.add(name)
        return Unit(number, name, code, unit_type, contact_person, mobile_phone(self.rng))

    def company_name(self, suffixes):
        for _ in range(1_000):
            prefix = self.fake.company_prefix()
            if "公司" in prefix or not prefix.isalpha():  # Faker's table has a few that read oddly in a name
                continue
            name = f"{self.rng.choice(HOME_PROVINCES)}{prefix}{self.rng.choice(suffixes)}"
            # none may contain a demo unit's name: make up's demo finds its units by name fragment
            if name not in self.names_taken and "示范" not in name and "安达" not in name:
                return name
        raise RuntimeError("ran out of enterprise names: ask for fewer persons")

    def projects(self, general_contractors, subcontractors):
        rng, fake = self.rng, self.fake
        # a few big employers work on many sites, most on a handful
        employer_weights = _cumulative(1 / (rank + 3) for rank in range(len(subcontractors)))
        count = max(3, self.entries // 2_000)
        today = self.today.toordinal()
        projects, numbers = [], set()
        for number in range(1, count + 1):
            starts = rng.randrange(self.window_start - 365, today - 60)
            if number == 1:  # the demo's project: running now, with the demo's two labour subcontractors
                spec = PROJECT
                registration_number, name, address = spec["registration_number"], spec["name"], spec["address"]
                starts, contractor = today - 700, general_contractors[0]
            else:
                district = rng.choice(list(DISTRICTS))
                registration_number = f"{district}{dt.date.fromordinal(starts):%Y%m}{rng.randrange(1, 10_000):04d}"
                name = f"{fake.street_name()}{rng.choice(PROJECT_KINDS)}{rng.choice(PHASES)}项目"
                address = f"上海市{DISTRICTS[district]}{fake.street_name()}{rng.randrange(1, 999)}号"
                contractor = rng.choice(general_contractors)
            if registration_number in numbers:
                registration_number = registration_number[:-4] + f"{number:04d}"
            numbers.add(registration_number)
            site = Site(number, registration_number, name, address, contractor, starts,
                        starts + rng.randrange(400, 1_500), size=rng.lognormvariate(0, 0.7))
            employers = {unit.id for unit in rng.choices(subcontractors, cum_weights=employer_weights,
                                                          k=rng.randrange(3, 11))}
            if number == 1:
                site.ends = today + 400
                employers |= {unit.id for unit in subcontractors[:2]}
            site.employer_ids = sorted(employers)
            projects.append(site)
        return projects

    # -- identity_svc --------------------------------------------------------------------

    def person_name(self, male: bool) -> str:
        surname = _pick(self.rng, self.surnames, self.surname_weights)
        return surname + self.rng.choice(ChineseNames.first_names_male if male else ChineseNames.first_names_female)

    def workers(self, progress) -> list:
        rng, fake = self.rng, self.fake
        addresses = [fake.address().split(" ")[0] for _ in range(1_000)]
        authorities = [f"{fake.city()}公安局" for _ in range(500)]
        ethnicities = [code for code, _ in ETHNICITY_WEIGHTS]
        ethnicity_weights = _cumulative(weight for _, weight in ETHNICITY_WEIGHTS)
        trades, trade_weights = list(TRADE_WEIGHTS), _cumulative(TRADE_WEIGHTS.values())
        levels, level_weights = list(EDUCATION_WEIGHTS), _cumulative(EDUCATION_WEIGHTS.values())
        seen = set()
        workers = []
        bar = progress("persons (planned)", self.persons)
        oldest, youngest = self.today.toordinal() - 62 * 365, self.today.toordinal() - 20 * 365
        for number in range(1, self.persons + 1):
            male = rng.random() < 0.88
            birth_date = dt.date.fromordinal(rng.randrange(oldest, youngest))
            id_number = resident_id_number(rng, birth_date, male)
            while id_number in seen:
                id_number = resident_id_number(rng, birth_date, male)
            seen.add(id_number)
            gender = MALE if male else FEMALE
            if number % 100 == 1:  # valid by construction; identity_svc's own check reads a sample back
                assert resident_id_problems(id_number) == (None, birth_date, gender), id_number
            issued = dt.date(rng.randrange(2016, 2026), rng.randrange(1, 13), rng.randrange(1, 29))
            age = (issued - birth_date).days // 365
            # 有效期限 (居民身份证法 art. 5): five years under 16, ten under 26, twenty under 46, for life after
            years = 5 if age < 16 else 10 if age < 26 else 20 if age < 46 else None
            valid_until = None if years is None else issued.replace(year=issued.year + years)
            workers.append(Worker(
                number, id_number, self.person_name(male), gender, birth_date,
                _pick(rng, ethnicities, ethnicity_weights), rng.choice(addresses),
                rng.choice(authorities), issued, valid_until, mobile_phone(rng),
                _pick(rng, trades, trade_weights), _pick(rng, levels, level_weights),
                verified=rng.random() < 0.9,
            ))
            if number % 5_000 == 0:
                bar.advance(5_000)
        bar.close()
        return workers

    # -- siteaccess_svc ------------------------------------------------------------------

    def stays(self, workers, projects, progress) -> list:
        """Each worker's stays, one after the other, on projects running at the time."""
        rng, today = self.rng, self.today.toordinal()
        counts = [1] * len(workers)
        activity = _cumulative(rng.lognormvariate(0, 0.6) for _ in workers)
        for index in rng.choices(range(len(workers)), cum_weights=activity, k=self.entries - len(workers)):
            counts[index] += 1
        running = self.running_by_month(projects)
        trade_codes = list(TRADE_WEIGHTS)
        stays = []
        bar = progress("entry records (planned)", self.entries)
        for worker, count in zip(workers, counts, strict=True):
            still_working = rng.random() < 0.45
            ends = today if still_working else today - rng.randrange(30, 900)
            span = min(ends - self.window_start, int(count * rng.uniform(150, 400)))
            starts = ends - max(span, count * 20)
            cuts = sorted(rng.randrange(starts, ends) for _ in range(count - 1))
            bounds = [starts, *cuts, ends]
            employer_id = None
            for number in range(count):
                share_start, share_end = bounds[number], max(bounds[number + 1], bounds[number] + 1)
                length = share_end - share_start
                entry = min(today, share_start + int(length * rng.random() * 0.15))
                last = number == count - 1
                if last and still_working and rng.random() < 0.75:
                    exit_ = None  # still on the site
                else:
                    exit_ = min(today, max(entry, entry + int((share_end - entry) * rng.uniform(0.5, 0.95))))
                site = self.site_for(running, entry, exit_, today)
                if employer_id not in site.employer_ids or rng.random() < 0.35:
                    employer_id = rng.choice(site.employer_ids)
                trade = worker.trade if rng.random() < 0.9 else rng.choice(trade_codes)
                stays.append(Stay(worker, site.id, employer_id, entry, exit_, trade, with_phone=rng.random() < 0.8))
            worker.first_project_id, worker.registered_on = stays[-count].project_id, stays[-count].entry
            bar.advance(count)
        bar.close()
        evaluations, evaluation_weights = list(EVALUATION_WEIGHTS), _cumulative(EVALUATION_WEIGHTS.values())
        for stay in stays:
            if stay.exit is not None:
                stay.evaluation = _pick(rng, evaluations, evaluation_weights)
                stay.comment = rng.choice(EVALUATION_COMMENTS[stay.evaluation])
        return stays

    def running_by_month(self, projects):
        """For each month of the window: the projects running in it and their cumulative sizes."""
        months = {}
        for month in range((self.today.toordinal() - self.window_start) // 30 + 1):
            first = self.window_start + 30 * month
            # a small seed may leave a month without a running project: its stays go to any project then
            running = [site for site in projects if site.starts <= first + 29 and site.ends >= first] or projects
            months[month] = (running, _cumulative(site.size for site in running))
        return months

    def site_for(self, running, entry, exit_, today):
        """A project running from ``entry`` to ``exit_`` (to today when the stay is open), if one can be found."""
        candidates, weights = running[min(max(0, (entry - self.window_start) // 30), len(running) - 1)]
        until = today if exit_ is None else exit_
        site = None
        for _ in range(12):
            site = _pick(self.rng, candidates, weights)
            if site.starts <= entry and site.ends >= until:
                break
        return site

    def teams(self, stays):
        """班组: on each site, each employer's workers follow a 劳务队长 who is on the site when they enter."""
        rng = self.rng
        by_employer_on_site = defaultdict(list)
        for stay in stays:
            by_employer_on_site[stay.project_id, stay.employer_id].append(stay)
        for group in by_employer_on_site.values():
            group.sort(key=lambda stay: stay.entry)
            leaders = []  # [leader stay, room left in the team]
            for stay in group:
                leaders = [pair for pair in leaders if pair[0].exit is None or pair[0].exit > stay.entry]
                open_teams = [pair for pair in leaders if pair[1] > 0]
                if not open_teams:
                    stay.is_team_leader, stay.with_phone = True, True  # a team leader must have a phone
                    leaders.append([stay, rng.randrange(6, 20)])
                elif rng.random() < 0.97:  # a few workers are entered without a team
                    team = rng.choice(open_teams)
                    team[1] -= 1
                    stay.leader = team[0]


def _pick(rng: random.Random, population, cumulative):
    """Draws as ``rng.choices(population, cum_weights=cumulative)[0]`` does, without its checks (millions of calls)."""
    return population[bisect.bisect(cumulative, rng.random() * cumulative[-1], 0, len(cumulative) - 1)]


def _cumulative(weights) -> list:
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


# -- writing: COPY into each service's own tables ------------------------------------------------


_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _copy_value(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, str):
        return _COPY_SPECIAL.sub(lambda found: _COPY_ESCAPES[found.group()], value) if _COPY_SPECIAL.search(value) \
            else value
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.date):  # and datetime
        return value.isoformat()
    return str(value)


def copy_rows(cursor, table, rows, bar: Progress | None = None, chunk=COPY_CHUNK):
    """Streams dicts keyed by column name into ``table`` (a model's Table) with COPY, ``chunk`` rows a statement.

    A thread sends each chunk while the next is made: PostgreSQL stores one
    while Python encrypts and formats the other, on the machine's other core.
    """
    columns = [column.name for column in table.columns]
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    chunks = queue.Queue(maxsize=2)
    failure = []

    def send():
        while (item := chunks.get()) is not None:
            if not failure:
                try:
                    cursor.copy_expert(statement, item[0])
                except BaseException as error:  # handed to the producer, which raises it
                    failure.append(error)
            if bar is not None and not failure:
                bar.advance(item[1])

    sender = threading.Thread(target=send, name=f"copy {table.name}", daemon=True)
    sender.start()
    buffer, pending = io.StringIO(), 0
    try:
        for row in rows:
            buffer.write("\t".join(_copy_value(row[name]) for name in columns))
            buffer.write("\n")
            pending += 1
            if pending == chunk:
                buffer.seek(0)
                chunks.put((buffer, pending))
                buffer, pending = io.StringIO(), 0
                if failure:
                    break
        if pending and not failure:
            buffer.seek(0)
            chunks.put((buffer, pending))
    finally:
        chunks.put(None)
        sender.join()
    if failure:
        raise failure[0]


@dataclass
class Loader:
    """One service's database: COPY in one transaction, then its id sequences moved past what was written."""

    url: str

    def __enter__(self):
        self.engine = create_engine(self.url)
        self.connection = self.engine.raw_connection()
        self.cursor = self.connection.cursor()
        return self

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.connection.commit()
        else:
            self.connection.rollback()
        self.connection.close()
        self.engine.dispose()

    def copy(self, table, rows, label=None, total=None, progress=Progress):
        bar = progress(label, total) if label else None
        copy_rows(self.cursor, table, rows, bar)
        if bar is not None:
            bar.close()

    def move_sequence(self, table):
        self.cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)")


@functools.cache
def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _moment(ordinal: int, hour: int, minute: int) -> str:
    """A time of that day in Shanghai, as timestamptz reads it."""
    return f"{_day(ordinal)} {hour:02d}:{minute:02d}:00+08"


def load_employment(url: str, plan: Plan, vault: PersonalDataVault, progress=Progress):
    registered = _moment(plan.today.toordinal() - 365 * YEARS - 400, 9, 0)
    with Loader(url) as loader:
        loader.copy(Enterprise.__table__, ({
            "id": unit.id, "name": unit.name, "credit_code": unit.credit_code, "unit_type": unit.unit_type,
            "contact_person": unit.contact_person, "contact_phone_encrypted": vault.encrypt(unit.contact_phone),
            "contact_phone_masked": mask_phone(unit.contact_phone), "registered_at": registered,
        } for unit in plan.enterprises), "employment_svc enterprises", len(plan.enterprises), progress)
        loader.move_sequence(Enterprise.__table__)


def load_projects(url: str, plan: Plan, progress=Progress):
    """The projects as the authority registers them (create_project): in progress, their gates open without
    assignments, the general contractor their one unit; the declaration's fields empty."""
    undeclared = dict.fromkeys((column.name for column in Project.__table__.columns), None)
    with Loader(url) as loader:
        loader.copy(Project.__table__, ({
            **undeclared, "id": site.id, "registration_number": site.registration_number, "name": site.name,
            "address": site.address, "general_contractor_id": site.general_contractor.id,
            "general_contractor_name": site.general_contractor.name, "created_at": _moment(site.starts - 30, 10, 0),
            "state": "in_progress", "assignment_required": False, "binding_review_required": False,
        } for site in plan.projects), "project_svc projects", len(plan.projects), progress)
        loader.move_sequence(Project.__table__)
        loader.copy(Participant.__table__, ({
            "id": site.id, "project_id": site.id, "enterprise_id": site.general_contractor.id,
            "enterprise_name": site.general_contractor.name, "credit_code": site.general_contractor.credit_code,
            "role": "general_contractor", "contracted_by_id": None, "manager_name": None, "manager_phone": None,
            "entered_on": None, "exited_on": None, "added_at": _moment(site.starts - 30, 10, 0),
        } for site in plan.projects), "project_svc participants", len(plan.projects), progress)
        loader.move_sequence(Participant.__table__)


def load_identity(url: str, plan: Plan, vault: PersonalDataVault, progress=Progress):
    def rows():
        for worker in plan.workers:
            registered = _moment(worker.registered_on, 8, worker.id % 60)
            yield {
                "id": worker.id, "id_type": RESIDENT_ID_CARD,
                "id_number_encrypted": vault.encrypt(worker.id_number),
                "id_number_index": id_number_index(vault, RESIDENT_ID_CARD, worker.id_number),
                "id_number_masked": mask_id_number(worker.id_number), "name": worker.name, "gender": worker.gender,
                "ethnicity": worker.ethnicity, "birth_date": worker.birth_date, "address": worker.address,
                "issuing_authority": worker.issuing_authority, "valid_from": worker.valid_from,
                "valid_until": worker.valid_until, "phone_encrypted": vault.encrypt(worker.phone),
                "phone_index": phone_index(vault, worker.phone), "phone_masked": mask_phone(worker.phone),
                "verification_state": "verified" if worker.verified else "unverified",
                "verification_source": "card_reader" if worker.verified else "manual",
                "registered_by_role": "site", "registered_by_username": SEED_USERNAME,
                "registered_by_enterprise_id": None, "registered_by_project_id": worker.first_project_id,
                "registered_at": registered, "updated_at": registered,
            }

    with Loader(url) as loader:
        loader.copy(Person.__table__, rows(), "identity_svc persons", len(plan.workers), progress)
        loader.move_sequence(Person.__table__)
        # 模糊查询's blind-indexed beginnings and ends of each number, as register_person writes them
        loader.copy(IdNumberFragment.__table__, ({"fragment_index": index, "person_id": worker.id}
                                                 for worker in plan.workers
                                                 for index in fragment_indexes(vault, worker.id_number)),
                    "identity_svc ID-number fragments", 26 * len(plan.workers), progress)


def load_siteaccess(url: str, plan: Plan, vault: PersonalDataVault, progress=Progress):
    employers = {stay.employer_id for stay in plan.stays}

    def entries():
        for stay in plan.stays:
            phone = stay.worker.phone if stay.with_phone else None
            created = _moment(stay.entry, 7 + stay.id % 3, stay.id % 60)
            yield {
                "id": stay.id, "project_id": stay.project_id, "person_id": stay.worker.id,
                "employer_id": stay.employer_id, "is_team_leader": stay.is_team_leader,
                "team_leader_entry_id": stay.leader.id if stay.leader else None,
                "phone_encrypted": vault.encrypt(phone), "phone_masked": mask_phone(phone), "trade": stay.trade,
                "education": stay.worker.education, "entry_date": _day(stay.entry),
                "exit_date": None if stay.exit is None else _day(stay.exit),
                "evaluation": stay.evaluation, "evaluation_comment": stay.comment, "created_by": SEED_USERNAME,
                "exited_by": None if stay.exit is None else SEED_USERNAME, "created_at": created,
                "updated_at": created if stay.exit is None else _moment(stay.exit, 17, stay.id % 60),
                "irregular": False,
            }

    with Loader(url) as loader:
        loader.copy(KnownEnterprise.__table__, ({"enterprise_id": unit.id, "name": unit.name}
                                                for unit in plan.enterprises if unit.id in employers))
        loader.copy(KnownProject.__table__, ({
            "project_id": site.id, "name": site.name, "general_contractor_id": site.general_contractor.id,
            "assignment_required": False, "binding_review_required": False, "rules_as_of": None,
        } for site in plan.projects))
        loader.copy(KnownPerson.__table__, ({
            "person_id": worker.id, "name": worker.name, "gender": worker.gender,
            "id_number_masked": mask_id_number(worker.id_number),
        } for worker in plan.workers), "siteaccess_svc known persons", len(plan.workers), progress)
        loader.copy(EntryRecord.__table__, entries(), "siteaccess_svc entry records", len(plan.stays), progress)
        loader.move_sequence(EntryRecord.__table__)


# -- the whole platform ---------------------------------------------------------------------------

#: each service's tables, for emptiness checks and --reset
SERVICE_TABLES = {
    "identity_svc": (IdentityBase, Person), "employment_svc": (EmploymentBase, Enterprise),
    "project_svc": (ProjectBase, Project), "siteaccess_svc": (SiteAccessBase, EntryRecord),
}


def holdings(urls: dict) -> dict:
    """How many rows each service's main table holds, and whether any of them came from this seed."""
    found = {}
    for service, (_, model) in SERVICE_TABLES.items():
        engine = create_engine(urls[service])
        with engine.connect() as connection:
            count = connection.scalar(text(f"SELECT count(*) FROM {model.__tablename__}"))
            seeded = service == "siteaccess_svc" and connection.scalar(text(
                "SELECT EXISTS (SELECT 1 FROM entry_records WHERE created_by = :seed)"), {"seed": SEED_USERNAME})
        engine.dispose()
        found[service] = (count, bool(seeded))
    return found


def empty(urls: dict):
    """Every table of the four services emptied and their ids restarted (the schema and its version stay)."""
    for service, (base, _) in SERVICE_TABLES.items():
        engine = create_engine(urls[service])
        with engine.begin() as connection:
            names = ", ".join(table.name for table in base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()


def analyse(urls: dict, progress=Progress):
    """VACUUM ANALYZE: planner statistics and the visibility map, as autovacuum would make them later."""
    bar = progress("VACUUM ANALYZE", len(urls))
    for url in urls.values():
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
        engine.dispose()
        bar.advance()
    bar.close()


def seed(urls: dict, vault: PersonalDataVault, persons: int, entries: int, seed_value: int = 2026,
         today: dt.date | None = None, progress=Progress) -> dict:
    """Plans and writes the whole data set into migrated, empty databases; returns what it wrote and how long."""
    timings = {}
    started = time.monotonic()
    plan = Planner(persons, entries, seed_value, today or days.today()).plan(progress)
    timings["plan_s"] = time.monotonic() - started
    for step, load in (("employment_svc", lambda: load_employment(urls["employment_svc"], plan, vault, progress)),
                       ("project_svc", lambda: load_projects(urls["project_svc"], plan, progress)),
                       ("identity_svc", lambda: load_identity(urls["identity_svc"], plan, vault, progress)),
                       ("siteaccess_svc", lambda: load_siteaccess(urls["siteaccess_svc"], plan, vault, progress))):
        began = time.monotonic()
        load()
        timings[f"{step}_s"] = time.monotonic() - began
    began = time.monotonic()
    analyse({service: urls[service] for service in SERVICE_TABLES}, progress)
    timings["analyse_s"] = time.monotonic() - began
    on_site = sum(1 for stay in plan.stays if stay.exit is None)
    return {
        "persons": len(plan.workers), "entries": len(plan.stays), "on_site": on_site,
        "team_leaders": sum(1 for stay in plan.stays if stay.is_team_leader),
        "projects": len(plan.projects), "enterprises": len(plan.enterprises),
        "employers": len({stay.employer_id for stay in plan.stays}),
        "first_entry": str(dt.date.fromordinal(plan.stays[0].entry)), "seconds": timings,
        "wall_s": time.monotonic() - started,
    }

