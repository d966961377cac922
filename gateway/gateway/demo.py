"""Demo data for ``make run`` and ``make up``: synthetic enterprises, a project, their people employed, in teams and
under contract, on its site, and one worker who can log in on the mobile page.

Nobody here is real; every ID number, credit code and card number is valid.
"""

import datetime as dt
import logging
import random
import time

from faker import Faker

from chassis import days
from chassis.caller import ENTERPRISE, SITE, SYSTEM_CALLER, WORKER, Caller
from devtools.synthetic import bank_card_number, credit_code, mobile_phone, resident_id_number
from gateway.accounts import ensure_account
from gateway.database import database
from gateway.demo_attendance import attend_demo_site
from gateway.demo_projects import DemoProjectChain, labour_section_name
from gateway.models import Account
from gateway.project_accounts import ensure_section_handover
from gateway.site_authorisations import authorise
from gateway.worker_accounts import activate, activation_for, person_id_of, worker_account, worker_username

DEMO_PASSWORD = "Demo@2026"
GENERAL_CONTRACTOR = {"name": "上海示范建设集团有限公司", "unit_type": "general_contractor", "contact_person": "周工"}
LABOUR_SUBCONTRACTORS = (
    {"name": "上海示范劳务有限公司", "unit_type": "labour_subcontractor", "contact_person": "王经理"},
    {"name": "上海安达建筑劳务有限公司", "unit_type": "labour_subcontractor", "contact_person": "陈经理"},
)
#: manual 004's 实施单位: it reviews the project's people bindings (项目人员登记绑定审核)
IMPLEMENTING_UNIT = {"name": "上海示范城市更新实施管理有限公司", "unit_type": "other", "contact_person": "林主任"}
PROJECT = {"registration_number": "3101042026110001", "name": "示范花园二期项目", "address": "上海市徐汇区示范路88号"}
DEMO_ACCOUNTS = (
    dict(username="jianguan", role="authority", display_name="市建管委 监管员",
         scope_name="上海市住房和城乡建设管理委员会", region_code="310000"),
    dict(username="qiye", role="enterprise", display_name="劳务公司 管理员",
         scope_name=LABOUR_SUBCONTRACTORS[0]["name"]),
    dict(username="xianchang", role="site", display_name="项目部 实名制管理员", scope_name=PROJECT["name"]),
    dict(username="zongbao", role="enterprise", display_name="总包 项目管理员", scope_name=GENERAL_CONTRACTOR["name"]),
    dict(username="shishi", role="enterprise", display_name="实施单位 审核员", scope_name=IMPLEMENTING_UNIT["name"]),
    # the first labour subcontractor's contract section: its 项目负责人 and the 劳务员 it authorised (现场用户授权)
    dict(username="laowu", role="site", display_name="劳务分包 项目负责人",
         scope_name=labour_section_name(PROJECT["name"], 1)),
    dict(username="laowuyuan", role="site", display_name="劳务分包 劳务员",
         scope_name=labour_section_name(PROJECT["name"], 1)),
)
#: who acts for the second labour subcontractor, which has no demo login
OTHER_EMPLOYER_USER = "anda"
ETHNICITY_WEIGHTS = (("01", 90), ("03", 3), ("08", 3), ("15", 2), ("06", 2))
TRADES = ("020", "030", "040", "050", "130", "240", "190", "390")
EDUCATION = ("02", "02", "03", "04", "01")
POLITICS = ("13", "13", "13", "13", "01", "03")
BANKS = ("102", "103", "104", "105", "308")
#: 班组 of each labour subcontractor: (班组名称, 工种); the first employer's people fill its two teams
TEAMS = ((("钢筋一班", "020"), ("木工一班", "240")), (("砌筑班", "010"),))
#: what the demo's relations waiting for an answer say
RESIGNATION_REASON = "家中有事，需回老家"
DISMISSAL_REASON = "多次违反现场安全规定，经教育不改"
log = logging.getLogger(__name__)
#: how long the seed waits for siteaccess_svc to learn the employment events before it enters people anyway
PROJECTION_WAIT_S = 30.0


def synthetic_document(fake: Faker, rng: random.Random) -> dict:
    return {
        "id_type": "01",
        "id_number": resident_id_number(rng),
        "name": fake.name(),
        "ethnicity": rng.choices([code for code, _ in ETHNICITY_WEIGHTS], [w for _, w in ETHNICITY_WEIGHTS])[0],
        "address": fake.address().split(" ")[0],
        "issuing_authority": f"{fake.city()}公安局",
        "valid_from": "2018-06-01",
        "valid_until": "2038-06-01",
        "phone": mobile_phone(rng),
    }


def demo_worker_document(seed_value=2026) -> dict:
    """The demo worker's ID document: made from a seed of its own, so later starts know the number to print."""
    fake, rng = Faker("zh_CN"), random.Random(f"{seed_value}-worker")
    fake.seed_instance(f"{seed_value}-worker")
    return synthetic_document(fake, rng)


def seed(app, people=24, seed_value=2026):
    """Creates the demo registries, accounts, employment and site on a fresh installation; later starts change
    nothing. Returns the demo worker's ID number when that worker can log in on /m/login (None otherwise, as on
    data ``make seed`` loaded)."""
    fake, rng = Faker("zh_CN"), random.Random(seed_value)
    fake.seed_instance(seed_value)
    pool = app.extensions["rpc"]
    with pool.proxy(SYSTEM_CALLER) as rpc:
        fresh = rpc.employment_svc.list_enterprises({"page_size": 1})["total"] == 0
        if fresh:
            contractor = rpc.employment_svc.register_enterprise({**GENERAL_CONTRACTOR, "credit_code": credit_code(rng)})
            employers = [rpc.employment_svc.register_enterprise({**spec, "credit_code": credit_code(rng),
                                                                 "contact_phone": mobile_phone(rng)})
                         for spec in LABOUR_SUBCONTRACTORS]
            implementing = rpc.employment_svc.register_enterprise({**IMPLEMENTING_UNIT,
                                                                   "credit_code": credit_code(rng)})
            project = rpc.project_svc.create_project({**PROJECT, "general_contractor_id": contractor["id"]})
        else:
            contractor = rpc.employment_svc.list_enterprises({"q": GENERAL_CONTRACTOR["name"]})["items"][0]
            implementing = rpc.employment_svc.list_enterprises({"q": IMPLEMENTING_UNIT["name"]})["items"][0]
            employers = [rpc.employment_svc.list_enterprises({"q": spec["name"]})["items"][0]
                         for spec in LABOUR_SUBCONTRACTORS]
            project = rpc.project_svc.list_projects({"q": PROJECT["registration_number"]})["items"][0]

    bindings = {"qiye": {"enterprise_id": employers[0]["id"]}, "zongbao": {"enterprise_id": contractor["id"]},
                "shishi": {"enterprise_id": implementing["id"]}, "xianchang": {"project_id": project["id"]},
                **{username: {"project_id": project["id"], "enterprise_id": employers[0]["id"]}
                   for username in ("laowu", "laowuyuan")}}
    with app.app_context():
        session = app.extensions["db"].session()
        for spec in DEMO_ACCOUNTS:
            ensure_account(session, password=DEMO_PASSWORD, **spec, **bindings.get(spec["username"], {}))
    worker = demo_worker_document(seed_value)
    if fresh:
        demo = DemoEmployment(pool, fake, rng, employers)
        crews = demo.employ(people, worker)
        site = Caller(SITE, "xianchang", project_id=project["id"])
        # the project's units and their contracts first, then its people assigned and accepted, then the site
        chain = DemoProjectChain(pool, fake, rng, contractor, employers, project, "zongbao",
                                 (DEMO_ACCOUNTS[1]["username"], OTHER_EMPLOYER_USER))
        chain.units(implementing, "shishi")
        with app.app_context():
            authorise_demo_labour_clerk(app.extensions["db"].session(), chain.labour_sections[0],
                                        mobile_phone(random.Random(f"{seed_value}-laowuyuan")))
        chain.assignments(crews, demo.waiting(crews[0], 4))
        chain.bindings()
        with pool.proxy(site) as rpc:
            await_projection(rpc, crews)
            on_site = admit_demo_site(rpc, rng, project["id"], crews)
            attend_demo_site(pool, rpc, rng, project["id"], on_site)
        chain.key_positions([synthetic_document(fake, rng) for _ in range(2)])
        chain.declaration()
        with app.app_context():
            open_worker_account(worker)
    with app.app_context():
        return demo_worker_login(worker)


def authorise_demo_labour_clerk(session, section, phone):
    """The first labour subcontractor's section: its 项目负责人 account is ``laowu`` (received by its unit already,
    so that the demo password stays), which authorised ``laowuyuan`` as the section's 劳务员."""
    handover = ensure_section_handover(session, section, username="laowu")
    handover.received_at, handover.received_by = dt.datetime.now(dt.UTC), DEMO_ACCOUNTS[1]["username"]
    session.commit()
    manager = session.get(Account, handover.account_id)
    clerk = next(spec for spec in DEMO_ACCOUNTS if spec["username"] == "laowuyuan")
    authorise(session, manager, {"name": clerk["display_name"], "phone": phone, "position": "labour_clerk"},
              username=clerk["username"], password=DEMO_PASSWORD)


class DemoEmployment:
    """Each labour subcontractor's people, employed as the platform employs them: the employer asks
    (request_employment), each worker confirms on their side (confirm_employment); then teams, profiles and
    contracts, and the first employer's relations in every state its 聘用管理 list can show."""

    def __init__(self, pool, fake, rng, employers):
        self.pool, self.fake, self.rng, self.employers = pool, fake, rng, employers
        self.today = days.today()
        self.contracts = 0

    def employer(self, index):
        username = DEMO_ACCOUNTS[1]["username"] if index == 0 else OTHER_EMPLOYER_USER
        return self.pool.proxy(Caller(ENTERPRISE, username, enterprise_id=self.employers[index]["id"]))

    def worker(self, relation):
        person_id = relation["person_id"]
        return self.pool.proxy(Caller(WORKER, worker_username(person_id), person_id=person_id))

    def employ(self, people, worker):
        """``people`` demo people in all, the demo worker among them. Returns the crews to enter on the site:
        ``[{"employer", "team", "leader", "members"}]``, each member ``{"document", "relation", "profile"}``."""
        on_site = (people // 2, people - people // 2 - 2)
        crews = []
        for index, count in enumerate(on_site):
            # the first employer's: one without a contract, one whose contract ends within 30 days
            unsigned, expiring = (count - 2, 3) if index == 0 else (None, None)
            crews += self.crews_of(index, [synthetic_document(self.fake, self.rng) for _ in range(count)],
                                   unsigned, expiring)
        first = [member for crew in crews[:len(TEAMS[0])] for member in (crew["leader"], *crew["members"])]
        with self.worker(first[4]["relation"]) as rpc:  # 离职申请中
            rpc.employment_svc.request_resignation(first[4]["relation"]["id"], RESIGNATION_REASON)
        with self.employer(0) as rpc:  # 解聘待确认
            rpc.employment_svc.dismiss(first[-1]["relation"]["id"], DISMISSAL_REASON)
        self.resigned(0, synthetic_document(self.fake, self.rng))  # 离职
        # the demo worker left the second employer and has the first one's request to answer (待确认)
        self.resigned(1, worker)
        self.request(0, [worker], registered=True)
        return crews

    def request(self, index, documents, registered=False):
        """The people registered (unless they are) and asked for by the employer: their relations, 待确认."""
        with self.employer(index) as rpc:
            for document in documents if not registered else ():
                rpc.identity_svc.register_person(document)
            return [rpc.employment_svc.request_employment({"name": document["name"], "id_type": "01",
                                                           "id_number": document["id_number"], "role": "worker"})
                    for document in documents]

    def hire(self, index, documents):
        """Asked for, and confirmed by each worker: their relations, 在职."""
        relations = self.request(index, documents)
        for relation in relations:
            with self.worker(relation) as rpc:
                rpc.employment_svc.confirm_employment(relation["id"])
        return relations

    def crews_of(self, index, documents, unsigned=None, expiring=None):
        """The employer's people hired, its teams made with their leaders, everyone's profile completed and
        (but the ``unsigned``-th) their contract signed."""
        relations = self.hire(index, documents)
        teams = TEAMS[index]
        size = -(-len(documents) // len(teams))
        crews = []
        for number, (name, trade) in enumerate(teams):
            with self.employer(index) as rpc:
                team = rpc.employment_svc.create_team({"name": name, "kind": "workers", "trade": trade,
                                                       "leader_relation_id": relations[number * size]["id"]})
            members = []
            for position in range(number * size, min((number + 1) * size, len(documents))):
                term = None if position == unsigned else self.term(20 if position == expiring else None)
                members.append(self.completed(index, documents[position], relations[position], trade, team["id"],
                                              position == number * size, term))
            crews.append({"employer": self.employers[index], "team": team, "leader": members[0],
                          "members": members[1:]})
        return crews

    def completed(self, index, document, relation, trade, team_id, leader, term):
        """基本信息登记 of a worker paid by the day (点工), most with a wage card, and their 劳动合同 (``term``: its
        first and last day; None: not signed)."""
        rng = self.rng
        profile = {
            "role": "worker", "phone": document["phone"], "education": rng.choice(EDUCATION),
            "politics": rng.choice(POLITICS), "trade": trade, "team_id": team_id, "is_team_leader": leader,
            "is_temporary": False, "wage_scheme": "day", "daily_wage": str(rng.randrange(26, 46) * 10 + 50 * leader),
            "blood_type": rng.choice(("A", "B", "O", "AB")), "emergency_contact_name": self.fake.name(),
            "emergency_contact_phone": mobile_phone(rng),
        }
        if rng.random() < 0.7:
            profile.update(bank=rng.choice(BANKS), wage_card_number=bank_card_number(rng))
        if leader:
            profile.update(certificate_type="skill_level", certificate_number=f"SK{rng.randrange(10**10):010d}",
                           certificate_valid_until=str(self.today + dt.timedelta(days=rng.randrange(300, 1500))))
        if term is not None:
            profile.update(contract_starts_on=str(term[0]), contract_ends_on=str(term[1]))
        with self.employer(index) as rpc:
            saved = rpc.employment_svc.save_profile(relation["id"], profile)
            if term is not None:
                self.contracts += 1
                rpc.employment_svc.save_contract(relation["id"], {
                    "number": f"SFLW-{term[0].year}-{self.contracts:04d}", "contract_type": "fixed",
                    "signed_on": str(term[0] - dt.timedelta(days=1)), "starts_on": str(term[0]),
                    "ends_on": str(term[1])})
        return {"document": document, "relation": relation, "profile": saved}

    def term(self, ends_in_days=None):
        """A year's contract that ends in ``ends_in_days`` (by default in four to eleven months)."""
        if ends_in_days is None:
            ends_in_days = self.rng.randrange(120, 330)
        ends = self.today + dt.timedelta(days=ends_in_days)
        return ends - dt.timedelta(days=364), ends

    def waiting(self, crew, count):
        """``count`` more people of the crew's employer and team, hired and registered but not on site yet."""
        index = self.employers.index(crew["employer"])
        documents = [synthetic_document(self.fake, self.rng) for _ in range(count)]
        return [self.completed(index, document, relation, crew["team"]["trade"], crew["team"]["id"], False,
                               self.term())
                for document, relation in zip(documents, self.hire(index, documents), strict=True)]

    def resigned(self, index, document):
        """Someone who worked for the employer and left: resignation asked for and approved (离职, resigned)."""
        (relation,) = self.hire(index, [document])
        self.completed(index, document, relation, TEAMS[index][0][1], None, False, self.term())
        with self.worker(relation) as rpc:
            rpc.employment_svc.request_resignation(relation["id"], RESIGNATION_REASON)
        with self.employer(index) as rpc:
            rpc.employment_svc.decide_resignation(relation["id"], True)


def await_projection(rpc, crews, timeout=PROJECTION_WAIT_S):
    """Waits until siteaccess_svc has learnt from the employment events who employs each crew member and in which
    team, so that the entries below start from what the entry form would show; events arrive on their own time,
    and an entry never depends on them: past ``timeout`` the people are entered all the same."""
    expected = {member["relation"]["person_id"]: (crew["employer"]["id"], crew["team"]["id"])
                for crew in crews for member in (crew["leader"], *crew["members"])}
    deadline = time.monotonic() + timeout
    while expected and time.monotonic() < deadline:
        for person_id, (employer_id, team_id) in list(expected.items()):
            known = rpc.siteaccess_svc.current_employment(person_id) or {}
            if (known.get("enterprise_id"), known.get("team_id")) == (employer_id, team_id):
                del expected[person_id]
        if expected:
            time.sleep(0.25)
    if expected:
        log.warning("site access has not learnt the employment of %d demo people in %.0f s; entering them anyway",
                    len(expected), timeout)
    return not expected


def admit_demo_site(rpc, rng, project_id, crews):
    """The crews entered over the last weeks, each team behind its leader (劳务队长); a few have left. Answers
    person id → entry date of those still on site."""
    today = days.today()
    leaders, entered = [], []
    for crew in crews:
        leader = enter(rpc, project_id, crew["employer"], crew["leader"], today - dt.timedelta(days=60), None)
        leaders.append(leader)
        entered += [enter(rpc, project_id, crew["employer"], member,
                          today - dt.timedelta(days=rng.randrange(3, 58)), leader["id"])
                    for member in crew["members"]]
    leavers = [entry["id"] for entry in entered][1::5][:3]
    rpc.siteaccess_svc.exit({"entry_ids": leavers, "exit_date": str(today), "evaluation": "good",
                             "evaluation_comment": "按期完成，服从管理"})
    return {entry["person_id"]: dt.date.fromisoformat(entry["entry_date"]) for entry in leaders + entered
            if entry["id"] not in leavers}


def enter(rpc, project_id, employer, member, entry_date, leader_entry_id):
    profile = member["profile"]
    return rpc.siteaccess_svc.enter(project_id, {
        "employer_id": employer["id"], "is_team_leader": leader_entry_id is None,
        "team_leader_entry_id": leader_entry_id, "id_number": member["document"]["id_number"],
        "phone": member["document"]["phone"], "trade": profile["trade"], "education": profile["education"],
        "entry_date": str(entry_date),
    })


def open_worker_account(document):
    """The demo worker's account, activated with the demo password as the worker would with the employer's code."""
    person_id = person_id_of(document["id_type"], document["id_number"])
    activation = activation_for(person_id, document["name"])
    if activation is not None:
        activate(document["id_type"], document["id_number"], activation["code"], DEMO_PASSWORD)


def demo_worker_login(document) -> str | None:
    """The demo worker's ID number, when their account is open on this installation."""
    person_id = person_id_of(document["id_type"], document["id_number"])
    account = worker_account(database(), person_id) if person_id is not None else None
    return document["id_number"] if account is not None and account.activated_at is not None else None
