"""Demo data of the road to the gate (issue 9): the demo project's units and contract sections, its people
assigned by their employers and accepted by the general contractor (a few still waiting for it, a few accepted
and not yet entered), some of them bound and reviewed by the 实施单位, its key positions, and a second project
declared and waiting for the authority's review.

Everything is done through the services' own entrypoints, by the callers who would do it.
"""

import base64
import datetime as dt

from chassis import days
from chassis.caller import AUTHORITY, ENTERPRISE, Caller
from devtools.synthetic import credit_code, mobile_phone

#: a 1×1 PNG: the demo's 资质证书 photos
CERTIFICATE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")
DECLARED_PROJECT = {
    "name": "示范科创园一期项目", "category": "01", "investment_type": "private", "contact_name": "周工",
    "area_code": "310115", "address": "上海市浦东新区科创路100号", "lat": "31.2035", "lng": "121.5912",
    "builder_license_number": "310115202611020101", "building_area": "56000", "building_height": "79.5",
    "structure_levels": "地上18层，地下2层", "construction_cost": "42000", "wage_bank": "102",
    "deposit_method": "bank_guarantee",
}
DECLARED_UNITS = (("owner", "上海示范置业有限公司"), ("surveyor", "上海示范勘察院有限公司"),
                  ("designer", "上海示范建筑设计研究院有限公司"), ("supervisor", "上海示范工程监理有限公司"))


def labour_section_name(project_name, number):
    """The name of the ``number``th labour subcontractor's contract section."""
    return f"{project_name}劳务分包（{number}标段）"


class DemoProjectChain:
    """``DemoProjectChain(pool, fake, rng, contractor, employers, project)``: the general contractor ``contractor``
    and the labour subcontractors ``employers`` on ``project``."""

    def __init__(self, pool, fake, rng, contractor, employers, project, contractor_user, employer_users):
        self.pool, self.fake, self.rng = pool, fake, rng
        self.contractor, self.employers, self.project = contractor, employers, project
        self.contractor_user, self.employer_users = contractor_user, employer_users
        self.today = days.today()

    def as_contractor(self):
        return self.pool.proxy(Caller(ENTERPRISE, self.contractor_user, enterprise_id=self.contractor["id"]))

    def as_employer(self, index):
        employer = self.employers[index]
        return self.pool.proxy(Caller(ENTERPRISE, self.employer_users[index], enterprise_id=employer["id"]))

    def units(self, implementing, implementing_user):
        """参建单位 and 合同标段: the authority names the project's 实施单位, the general contractor takes on both
        labour subcontractors; each reports its contract (``labour_sections``)."""
        project_id, name = self.project["id"], self.project["name"]
        self.implementing, self.implementing_user = implementing, implementing_user
        with self.pool.proxy(Caller(AUTHORITY, "jianguan")) as rpc:
            rpc.project_svc.add_participant(project_id, {
                "credit_code": implementing["credit_code"], "name": implementing["name"], "role": "implementing_unit",
                "manager_name": implementing["contact_person"]})
        with self.as_contractor() as rpc:
            for employer in self.employers:
                rpc.project_svc.add_participant(project_id, {
                    "credit_code": employer["credit_code"], "name": employer["name"], "role": "labour_subcontractor",
                    "manager_name": self.fake.name(), "manager_phone": mobile_phone(self.rng),
                    "entered_on": str(self.today - dt.timedelta(days=90))})
            rpc.project_svc.report_contract_section(project_id, self.section(f"{name}施工总承包", "general_contract"))
        self.labour_sections = []
        for index in range(len(self.employers)):
            with self.as_employer(index) as rpc:
                self.labour_sections.append(rpc.project_svc.report_contract_section(
                    project_id, self.section(labour_section_name(name, index + 1), "labour_subcontract", index + 1)))

    def section(self, name, category, number=0):
        return {"report_number": f"HT{self.today:%Y%m}{self.rng.randrange(10**6):06d}",
                "section_number": f"{number:02d}", "name": name, "category": category, "state": "in_force",
                "manager_name": self.fake.name()}

    def assignments(self, crews, waiting):
        """人员分配 and 分配人员确认: the crews on site, assigned by their employers and accepted by the general
        contractor; of ``waiting`` (the first employer's people not on site yet) the first half accepted (进场登记
        lists them), the rest still waiting for the general contractor (进场人员确认)."""
        accepted = []
        for index, employer in enumerate(self.employers):
            people = [member["relation"]["person_id"] for crew in crews if crew["employer"]["id"] == employer["id"]
                      for member in (crew["leader"], *crew["members"])]
            if index == 0:
                people += [member["relation"]["person_id"] for member in waiting]
            with self.as_employer(index) as rpc:
                assigned = rpc.project_svc.assign_people(self.project["id"], {"people": [
                    {"person_id": person_id, "role": "worker", "lodging_on_site": self.rng.random() < 0.6}
                    for person_id in people]})["items"]
            still_waiting = len(waiting) - len(waiting) // 2 if index == 0 else 0
            accepted += [assignment["id"] for assignment in assigned[:len(assigned) - still_waiting]]
        with self.as_contractor() as rpc:
            rpc.project_svc.decide_assignments({"ids": accepted, "decision": "confirm"})

    def bindings(self):
        """项目人员绑定: the first labour subcontractor submits six of its people; the 实施单位 approves four, rejects
        one with its reason and has one still to review."""
        with self.as_employer(0) as rpc:
            people = rpc.project_svc.binding_people(self.project["id"], {"state": "draft", "page_size": 6})["items"]
            submitted = rpc.project_svc.submit_bindings(self.project["id"], {"people": [
                {"assignment_id": person["assignment_id"]} for person in people]})["items"]
        ids = [binding["binding_id"] for binding in submitted]
        implementing = Caller(ENTERPRISE, self.implementing_user, enterprise_id=self.implementing["id"])
        with self.pool.proxy(implementing) as rpc:
            rpc.project_svc.decide_bindings({"ids": ids[:4], "decision": "approve"})
            rpc.project_svc.decide_bindings({"ids": ids[4:5], "decision": "reject",
                                             "reason": "身份证照片不清晰，请重新上传"})

    def key_positions(self, documents):
        """关键岗位: the general contractor's 项目经理 on site (approved), its 安全员 waiting for the authority."""
        with self.as_contractor() as rpc:
            (unit,) = [participant for participant in rpc.project_svc.list_participants(self.project["id"])
                       if participant["enterprise_id"] == self.contractor["id"]]
            registrations = []
            for position, document in zip(("project_manager", "safety_officer"), documents, strict=True):
                rpc.identity_svc.register_person(document)
                registrations.append(rpc.project_svc.register_key_position({
                    "project_id": self.project["id"], "participant_id": unit["id"], "position": position,
                    "name": document["name"], "id_type": "01", "id_number": document["id_number"],
                    "phone": document["phone"], "certificate": {
                        "filename": "资质证书.png", "content_base64": base64.b64encode(CERTIFICATE_PNG).decode()}}))
        with self.pool.proxy(Caller(AUTHORITY, "jianguan")) as rpc:
            rpc.project_svc.decide_key_position(registrations[0]["id"], True)

    def declaration(self):
        """项目申报: the general contractor's second project, waiting for the authority's 项目审核."""
        units = {role: {"credit_code": credit_code(self.rng), "name": name} for role, name in DECLARED_UNITS}
        units["general_contractor"] = {"credit_code": self.contractor["credit_code"], "name": self.contractor["name"],
                                       "manager_name": self.fake.name(), "manager_phone": mobile_phone(self.rng)}
        with self.as_contractor() as rpc:
            rpc.project_svc.declare_project({
                **DECLARED_PROJECT, "registration_number": f"3101152026{self.rng.randrange(10**6):06d}",
                "contact_phone": mobile_phone(self.rng), "start_date": str(self.today + dt.timedelta(days=30)),
                "planned_completion_date": str(self.today + dt.timedelta(days=30 + 730)),
                "builder_license_date": str(self.today - dt.timedelta(days=10)), "units": units})
