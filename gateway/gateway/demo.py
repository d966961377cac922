"""Demo data for ``make run`` and ``make up``: synthetic enterprises, a project, people on its site.

Nobody here is real; every ID number and credit code is valid.
"""

import datetime as dt
import random

from faker import Faker

from chassis.caller import SYSTEM_CALLER, Caller
from devtools.synthetic import credit_code, mobile_phone, resident_id_number
from gateway.accounts import ensure_account

DEMO_PASSWORD = "Demo@2026"
GENERAL_CONTRACTOR = {"name": "上海示范建设集团有限公司", "unit_type": "general_contractor", "contact_person": "周工"}
LABOUR_SUBCONTRACTORS = (
    {"name": "上海示范劳务有限公司", "unit_type": "labour_subcontractor", "contact_person": "王经理"},
    {"name": "上海安达建筑劳务有限公司", "unit_type": "labour_subcontractor", "contact_person": "陈经理"},
)
PROJECT = {"registration_number": "3101042026110001", "name": "示范花园二期项目", "address": "上海市徐汇区示范路88号"}
DEMO_ACCOUNTS = (
    dict(username="jianguan", role="authority", display_name="市建管委 监管员",
         scope_name="上海市住房和城乡建设管理委员会", region_code="310000"),
    dict(username="qiye", role="enterprise", display_name="劳务公司 管理员",
         scope_name=LABOUR_SUBCONTRACTORS[0]["name"]),
    dict(username="xianchang", role="site", display_name="项目部 实名制管理员", scope_name=PROJECT["name"]),
)
ETHNICITY_WEIGHTS = (("01", 90), ("03", 3), ("08", 3), ("15", 2), ("06", 2))
TRADES = ("020", "030", "040", "050", "130", "240", "190", "390")
EDUCATION = ("02", "02", "03", "04", "01")


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


def seed(app, people=24, seed_value=2026):
    """Creates the demo registries, accounts and site on a fresh installation; later starts change nothing."""
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
            project = rpc.project_svc.create_project({**PROJECT, "general_contractor_id": contractor["id"]})
        else:
            employers = [rpc.employment_svc.list_enterprises({"q": spec["name"]})["items"][0]
                         for spec in LABOUR_SUBCONTRACTORS]
            project = rpc.project_svc.list_projects({"q": PROJECT["registration_number"]})["items"][0]

    bindings = {"enterprise": {"enterprise_id": employers[0]["id"]}, "site": {"project_id": project["id"]}}
    with app.app_context():
        session = app.extensions["db"].session()
        for spec in DEMO_ACCOUNTS:
            ensure_account(session, password=DEMO_PASSWORD, **spec, **bindings.get(spec["role"], {}))
    if fresh:
        site = Caller("site", "xianchang", project_id=project["id"])
        with pool.proxy(site) as rpc:
            admit_demo_site(rpc, fake, rng, project["id"], employers, people)


def admit_demo_site(rpc, fake, rng, project_id, employers, people):
    """People registered and entered over the last weeks, each employer's team with its leader; a few have left."""
    today = dt.date.today()
    leaders, entered = {}, []
    for number in range(people):
        employer = employers[number % len(employers)]
        document = synthetic_document(fake, rng)
        rpc.identity_svc.register_person(document)
        is_leader = employer["id"] not in leaders
        entry = rpc.siteaccess_svc.enter(project_id, {
            "employer_id": employer["id"], "is_team_leader": is_leader,
            "team_leader_entry_id": None if is_leader else leaders[employer["id"]],
            "id_number": document["id_number"], "phone": document["phone"],
            "trade": rng.choice(TRADES), "education": rng.choice(EDUCATION),
            "entry_date": str(today - dt.timedelta(days=rng.randrange(3, 60))),
        })
        if is_leader:
            leaders[employer["id"]] = entry["id"]
        entered.append(entry)
    leavers = [entry["id"] for entry in entered if not entry["is_team_leader"]][:3]
    rpc.siteaccess_svc.exit({"entry_ids": leavers, "exit_date": str(today), "evaluation": "good",
                             "evaluation_comment": "按期完成，服从管理"})
