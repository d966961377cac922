"""A project with its chain of units for the 人员分配 tests: a general contractor, a specialty contractor it
contracted, a labour subcontractor under that, each with a reported contract section in force, login accounts
for each (enterprise and site users), and employees written straight into employment_svc's tables.

The participants and sections are written into project_svc's tables: the tests of assignment start from them,
they are not its subject (their own entrypoints and tests are the declaration work's).
"""

import datetime as dt

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from devtools.launcher import DistributedPlatform, database_url_variable
from devtools.synthetic import credit_code
from employment_svc.models import EmploymentRelation, Team, WorkerProfile
from gateway.accounts import ensure_account
from project_svc.models import ContractSection, Participant

UNITS = (
    ("gc", "总包建工集团", "general_contractor", "general_contractor", "general_contract", None),
    ("specialty", "专业装饰工程公司", "specialty_contractor", "specialty_contractor", "specialty_subcontract", "gc"),
    ("labour", "申江建筑劳务公司", "labour_subcontractor", "labour_subcontractor", "labour_subcontract", "specialty"),
    ("stranger", "别处劳务公司", "labour_subcontractor", None, None, None),
)


def database_of(platform, service):
    if isinstance(platform, DistributedPlatform):
        return platform.env[database_url_variable(service)]
    return f"sqlite:///{platform.var_dir}/{service}.db"


class AssignmentChain:
    """``chain = AssignmentChain(platform, authority_client, rng, password, tag)``; ``chain.units["labour"]``,
    ``chain.project``, ``chain.username("labour")`` (enterprise account), ``chain.username("specialty",
    site=True)`` (its site user on the project), ``chain.employee("郝长青", "labour", team="郝长青班组")``."""

    def __init__(self, platform, authority, rng, password, tag):
        self.rng, self.tag = rng, tag
        self.employment = create_engine(database_of(platform, "employment_svc"))
        self.projects = create_engine(database_of(platform, "project_svc"))
        self.units = {}
        for key, name, unit_type, *_ in UNITS:
            response = authority.post("/enterprises", json={"name": f"{name}{tag}", "unit_type": unit_type,
                                                             "credit_code": credit_code(rng)})
            assert response.status_code == 201, response.text
            self.units[key] = response.json()
        response = authority.post("/projects", json={
            "registration_number": f"3109QX{rng.randrange(10**8):08d}", "name": f"滨江地块综合开发{tag}",
            "address": "上海市虹口区", "general_contractor_id": self.units["gc"]["id"]})
        assert response.status_code == 201, response.text
        self.project = response.json()
        participants = {}
        with Session(self.projects) as session:
            for key, _, _, role, category, above in UNITS:
                if role is None:
                    continue
                unit = self.units[key]
                # the project's registration made its general contractor a participant already
                row = session.scalar(select(Participant).where(
                    Participant.project_id == self.project["id"], Participant.enterprise_id == unit["id"],
                    Participant.role == role))
                if row is None:
                    row = Participant(project_id=self.project["id"], enterprise_id=unit["id"],
                                      enterprise_name=unit["name"], credit_code=unit["credit_code"], role=role,
                                      contracted_by_id=participants[above].id if above else None)
                    session.add(row)
                    session.flush()
                participants[key] = row
                session.add(ContractSection(project_id=self.project["id"], participant_id=row.id,
                                            report_number=f"W{rng.randrange(10**12):012d}", section_number="C01",
                                            name=f"{self.project['name']} {key}", category=category,
                                            state="in_force"))
            session.commit()
        engine = create_engine(platform.gateway_db_url)
        with Session(engine) as session:
            for key, *_ in UNITS:
                unit = self.units[key]
                ensure_account(session, self.username(key), password, "enterprise", unit["name"], unit["name"],
                               enterprise_id=unit["id"])
                ensure_account(session, self.username(key, site=True), password, "site", unit["name"],
                               self.project["name"], enterprise_id=unit["id"], project_id=self.project["id"])
        engine.dispose()

    def username(self, key, site=False):
        return f"{'xc' if site else 'qy'}_{key}_{self.tag}"

    def employee(self, name, key="labour", state="employed", team=None, trade="190", person_id=None):
        """A person the unit employs now (or did: ``state="ended"``), with a profile in ``team``; its id
        (``person_id``: a person registered in identity_svc; else a made-up id)."""
        enterprise_id = self.units[key]["id"]
        with Session(self.employment) as session:
            relation = EmploymentRelation(
                enterprise_id=enterprise_id, person_id=person_id or self.rng.randrange(10**6, 10**9), person_name=name,
                id_type="01", id_number_masked="410*****386", role="worker", state=state, requested_by="test",
                confirmed_at=dt.datetime.now(dt.UTC))
            session.add(relation)
            session.flush()
            team_id = None
            if team:
                team_id = session.scalar(select(Team.id).where(Team.enterprise_id == enterprise_id,
                                                               Team.name == team))
                if team_id is None:
                    found = Team(enterprise_id=enterprise_id, name=team, kind="workers", trade=trade,
                                 created_by="test")
                    session.add(found)
                    session.flush()
                    team_id = found.id
            session.add(WorkerProfile(relation_id=relation.id, enterprise_id=enterprise_id,
                                      person_id=relation.person_id, trade=trade, phone_masked="137****5816",
                                      team_id=team_id, is_safety_officer=False, is_temporary=False,
                                      updated_by="test"))
            session.commit()
            return relation.person_id

    def close(self):
        self.employment.dispose()
        self.projects.dispose()
