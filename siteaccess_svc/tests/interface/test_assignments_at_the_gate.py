"""The gate and assignments: siteaccess_svc in a real container learns from project_svc's events (published here
as project_svc's outbox publishes them) which projects need a confirmed assignment and who holds one, refuses
entry without it, admits by the personal 建设码, lists who awaits entry, and keeps 非正常登记 as the flagged
exception path."""

import datetime as dt
import random

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.events import get_event_exchange

from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from chassis.events import make_envelope
from chassis.outbox import BrokerPublisher
from chassis.platform import PLATFORM_SERVICES
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually
from siteaccess_svc.codes import CodeSigner

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(9310)
TODAY = days.today()
NOW = dt.datetime.now(dt.UTC)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def platform(run_service):
    for service in PLATFORM_SERVICES:
        run_service(service)


@pytest.fixture
def publish(bus_uri):
    """``publish("person_assigned", data)``: an event of project_svc, as its outbox relays it."""
    publisher = BrokerPublisher(bus_uri, get_event_exchange("project_svc", {}))

    def send(event_type, data, envelope=None):
        envelope = envelope or make_envelope(event_type, "project_svc", data)
        publisher.publish(envelope, event_type)
        return envelope

    yield send
    publisher.close()


@pytest.fixture
def site(platform, rpc_as, publish):
    admin = rpc_as(AUTHORITY)
    contractor = admin.employment_svc.register_enterprise(
        {"name": "分配总包", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    labour = admin.employment_svc.register_enterprise(
        {"name": "分配劳务", "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
    project = admin.project_svc.create_project(
        {"registration_number": f"T{rng.randrange(10**9)}", "name": "分配项目",
         "general_contractor_id": contractor["id"]})
    publish("project_rules_changed", {"project_id": project["id"], "assignment_required": True,
                                      "binding_review_required": False})
    staff = rpc_as(Caller("site", "site", project_id=project["id"], enterprise_id=contractor["id"]))
    return {"project": project, "contractor": contractor, "labour": labour, "rpc": staff, "admin": admin}


def person(rpc, name):
    number = resident_id_number(rng)
    return {**rpc.identity_svc.register_person({"id_number": number, "name": name})["person"], "number": number}


class Assigner:
    """What project_svc publishes of the labour subcontractor's assignments to the project."""

    def __init__(self, publish, site):
        self.publish, self.site, self.ids, self.trades = publish, site, {}, {}

    def _base(self, worker):
        return {"assignment_id": self.ids[worker["id"]], "project_id": self.site["project"]["id"],
                "person_id": worker["id"], "enterprise_id": self.site["labour"]["id"]}

    def assigns(self, worker, trade="020"):
        self.ids[worker["id"]], self.trades[worker["id"]] = rng.randrange(10**8), trade
        self.publish("person_assigned", {
            **self._base(worker), "person_name": worker["name"], "id_number_masked": worker["id_number_masked"],
            "enterprise_name": "分配劳务", "confirming_enterprise_id": self.site["contractor"]["id"],
            "role": "worker", "position": None, "team_id": None, "team_name": "钢筋班", "trade": trade,
            "lodging_on_site": False, "assigned_at": NOW.isoformat()})

    def confirms(self, worker):
        self.publish("assignment_confirmed", {
            **self._base(worker), "person_name": worker["name"], "id_number_masked": worker["id_number_masked"],
            "enterprise_name": "分配劳务", "role": "worker", "position": None, "team_id": None,
            "team_name": "钢筋班", "trade": self.trades[worker["id"]], "confirmed_at": NOW.isoformat()})

    def rejects(self, worker):
        self.publish("assignment_rejected", {**self._base(worker), "reason": "不是本单位人员",
                                             "rejected_at": NOW.isoformat()})


def terms(site, **overrides):
    return {"employer_id": site["labour"]["id"], "trade": "020", "education": "71",
            "entry_date": str(TODAY - dt.timedelta(days=1)), **overrides}


def awaiting(site):
    return {item["person_id"]: item for item in
            site["rpc"].siteaccess_svc.awaiting_entry(site["project"]["id"], {})["items"]}


def test_entry_needs_a_confirmed_assignment_on_a_project_that_requires_one(site, publish):
    rpc, project, assigner = site["rpc"], site["project"], Assigner(publish, site)
    pending, confirmed, rejected, stranger = (person(rpc, name) for name in ("待确认", "已确认", "被拒绝", "未分配"))
    for someone in (pending, confirmed, rejected):
        assigner.assigns(someone)
    assigner.confirms(confirmed)
    assigner.rejects(rejected)
    assigner.confirms(confirmed)  # and delivered twice

    eventually(lambda: (assert_keys(awaiting(site), {confirmed["id"]})))
    assert rpc.siteaccess_svc.projects_awaiting_person(confirmed["id"]) == [project["id"]]
    assert rpc.siteaccess_svc.projects_awaiting_person(pending["id"]) == []
    for someone, state in ((pending, "pending"), (rejected, "rejected"), (stranger, None)):
        request = {**terms(site), "id_number": someone["number"]}
        refused = refusal(lambda: rpc.siteaccess_svc.enter(project["id"], request))  # noqa: B023
        assert refused["code"] == "ASSIGNMENT_NOT_CONFIRMED", someone["name"]
        assert refused["details"]["state"] == state
    entered = rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": confirmed["number"]})
    assert entered["state"] == "on_site" and entered["irregular"] is False
    assert rpc.siteaccess_svc.projects_awaiting_person(confirmed["id"]) == []  # entered: no longer awaited
    assert awaiting(site) == {}

    # the authority switches the rule off: the project's gate admits as before
    publish("project_rules_changed", {"project_id": project["id"], "assignment_required": False,
                                      "binding_review_required": False})

    def admitted():
        return rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": stranger["number"]})

    assert eventually(admitted)["state"] == "on_site"


def assert_keys(found, keys):
    assert set(found) == keys


def test_entry_by_the_personal_code_scanned_or_typed(site, publish, rpc_as):
    rpc, project, assigner = site["rpc"], site["project"], Assigner(publish, site)
    worker = person(rpc, "扫码工")
    assigner.assigns(worker, trade="030")
    assigner.confirms(worker)
    eventually(lambda: assert_keys(awaiting(site), {worker["id"]}))
    phone = rpc_as(Caller("worker", "w", person_id=worker["id"]))
    issued = phone.siteaccess_svc.issue_personal_code()
    assert len(issued["short_code"]) == 8 and issued["lifetime_seconds"] == 60

    read = rpc.siteaccess_svc.read_personal_code(project["id"], issued["token"])
    assert read["person"]["name"] == "扫码工" and read["person"]["id_number_masked"] == worker["id_number_masked"]
    assert read["assignment"]["state"] == "confirmed" and read["assignment_required"] is True
    assert read["prefill"] == {"employer_id": site["labour"]["id"], "employer_name": "分配劳务", "trade": "030",
                               "team_id": None, "team_name": "钢筋班"}
    typed = rpc.siteaccess_svc.read_personal_code(project["id"], issued["short_code"].lower())
    assert typed["person"]["id"] == worker["id"]

    entered = rpc.siteaccess_svc.enter_by_code(project["id"], read["ticket"], terms(site, trade="030"))
    assert (entered["person_id"], entered["trade"], entered["state"]) == (worker["id"], "030", "on_site")
    assert awaiting(site) == {}

    # an old screenshot, a forgery, a code never issued, another project's ticket
    old = CodeSigner.from_environment().issue(worker["id"], NOW - dt.timedelta(minutes=5))["token"]
    assert refusal(lambda: rpc.siteaccess_svc.read_personal_code(project["id"], old))["code"] == "CODE_EXPIRED"
    forged = CodeSigner(rng.randbytes(32)).issue(worker["id"], NOW)["token"]
    assert refusal(lambda: rpc.siteaccess_svc.read_personal_code(project["id"], forged))["code"] == "CODE_INVALID"
    assert refusal(lambda: rpc.siteaccess_svc.read_personal_code(project["id"], "ZZZZ2222"))["code"] \
        == "CODE_INVALID"
    other_ticket = CodeSigner.from_environment().ticket(worker["id"], project["id"] + 1, NOW)
    assert refusal(lambda: rpc.siteaccess_svc.enter_by_code(project["id"], other_ticket, terms(site)))["code"] \
        == "CODE_INVALID"

    # a labour subcontractor's site user does not admit; only the general contractor's
    sub_site = rpc_as(Caller("site", "sub", project_id=project["id"], enterprise_id=site["labour"]["id"]))
    assert refusal(lambda: sub_site.siteaccess_svc.read_personal_code(project["id"], issued["token"]))["code"] \
        == "NOT_GENERAL_CONTRACTOR"
    # staff do not issue codes; a worker gets only their own
    assert refusal(lambda: rpc.siteaccess_svc.issue_personal_code())["code"] == "FORBIDDEN"
    key = rpc.siteaccess_svc.personal_code_public_key()
    assert key["algorithm"] == "Ed25519" and key["pem"].startswith("-----BEGIN PUBLIC KEY-----")


def test_batch_entry_of_assigned_people_names_each_refused_one(site, publish):
    rpc, project, assigner = site["rpc"], site["project"], Assigner(publish, site)
    first, second, waiting = (person(rpc, name) for name in ("批量甲", "批量乙", "批量丙"))
    for someone in (first, second, waiting):
        assigner.assigns(someone)
    for someone in (first, second):
        assigner.confirms(someone)
    eventually(lambda: assert_keys(awaiting(site), {first["id"], second["id"]}))
    answer = rpc.siteaccess_svc.enter_assigned(project["id"], {
        "person_ids": [first["id"], second["id"], waiting["id"]], "education": "71",
        "entry_date": str(TODAY)})
    assert sorted(entry["name"] for entry in answer["entered"]) == ["批量乙", "批量甲"]
    assert all(entry["employer_id"] == site["labour"]["id"] for entry in answer["entered"])
    assert [(r["person_id"], r["name"], r["error"]) for r in answer["refused"]] \
        == [(waiting["id"], "批量丙", "ASSIGNMENT_NOT_CONFIRMED")]
    assert awaiting(site) == {}


def test_irregular_entries_are_flagged_and_listed_for_the_authority(site):
    rpc, project = site["rpc"], site["project"]
    document = {"id_number": resident_id_number(rng), "name": "非正常"}
    made = rpc.siteaccess_svc.enter_unregistered(project["id"], document, terms(site))
    assert made["entry"]["irregular"] is True
    listed = site["admin"].siteaccess_svc.irregular_entries({"project_id": project["id"]})
    assert [item["name"] for item in listed["items"]] == ["非正常"]
    assert refusal(lambda: rpc.siteaccess_svc.irregular_entries({}))["code"] == "FORBIDDEN"
    own = rpc.siteaccess_svc.query_entries({"irregular": True})
    assert [item["id"] for item in own["items"]] == [made["entry"]["id"]]
