"""The gate and employment: siteaccess_svc in a real container learns who employs whom, and in which 班组, from
employment_svc's events (published here as employment_svc's outbox publishes them), and uses it to fill the entry
form, warn of an entry for an employer that does not employ the person, and exit a whole team (班组退场)."""

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

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(83)
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
    """``publish("employment_confirmed", data)``: an event of employment_svc, as its outbox relays it."""
    publisher = BrokerPublisher(bus_uri, get_event_exchange("employment_svc", {}))

    def send(event_type, data, envelope=None):
        envelope = envelope or make_envelope(event_type, "employment_svc", data)
        publisher.publish(envelope, event_type)
        return envelope

    yield send
    publisher.close()


@pytest.fixture
def site(platform, rpc_as):
    admin = rpc_as(AUTHORITY)
    contractor = admin.employment_svc.register_enterprise(
        {"name": "班组总包", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    employer, other = (admin.employment_svc.register_enterprise(
        {"name": name, "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
        for name in ("班组劳务", "别家劳务"))
    project = admin.project_svc.create_project(
        {"registration_number": f"T{rng.randrange(10**9)}", "name": "班组项目",
         "general_contractor_id": contractor["id"]})
    staff = rpc_as(Caller("site", "site", project_id=project["id"]))
    return {"project": project, "employer": employer, "other": other, "rpc": staff}


def person(rpc, name):
    number = resident_id_number(rng)
    return {**rpc.identity_svc.register_person({"id_number": number, "name": name})["person"], "number": number}


class Employer:
    """What employment_svc publishes of one employer's people and teams."""

    def __init__(self, publish, enterprise):
        self.publish, self.enterprise = publish, enterprise
        self.relations = {}

    def employs(self, worker, role="worker"):
        relation_id = rng.randrange(10**8)
        self.relations[worker["id"]] = relation_id
        self.publish("employment_confirmed", {
            "relation_id": relation_id, "enterprise_id": self.enterprise["id"],
            "enterprise_name": self.enterprise["name"], "person_id": worker["id"], "person_name": worker["name"],
            "id_number_masked": worker["id_number_masked"], "role": role, "confirmed_at": NOW.isoformat()})

    def ends(self, worker):
        self.publish("employment_ended", {
            "relation_id": self.relations[worker["id"]], "enterprise_id": self.enterprise["id"],
            "person_id": worker["id"], "role": "worker", "end_reason": "resigned", "ended_at": NOW.isoformat()})

    def creates_team(self, name, leader):
        team_id = rng.randrange(10**8)
        self.publish("team_created", {"team_id": team_id, "enterprise_id": self.enterprise["id"], "name": name,
                                      "kind": "workers", "trade": "020", "leader_person_id": leader["id"]})
        return team_id

    def places(self, worker, team_id, is_leader=False, previous_team_id=None):
        self.publish("team_member_changed", {
            "team_id": team_id, "previous_team_id": previous_team_id, "enterprise_id": self.enterprise["id"],
            "person_id": worker["id"], "relation_id": self.relations[worker["id"]], "is_leader": is_leader})


def terms(site, **overrides):
    return {"employer_id": site["employer"]["id"], "trade": "020", "education": "71",
            "entry_date": str(TODAY - dt.timedelta(days=5)), **overrides}


def test_the_entry_form_learns_the_persons_employer_and_team_from_employment_events(site, publish):
    rpc, project, employer = site["rpc"], site["project"], Employer(publish, site["employer"])
    leader, worker, stranger = (person(rpc, name) for name in ("班长甲", "班员乙", "路人丙"))
    for someone in (leader, worker):
        employer.employs(someone)
    team_id = employer.creates_team("钢筋一班", leader)
    employer.places(leader, team_id, is_leader=True)
    employer.places(worker, team_id)

    def known():
        # the events are handled concurrently: wait for the leader's as well as the worker's
        leader_current = rpc.siteaccess_svc.current_employment(leader["id"])
        assert leader_current is not None and leader_current["is_team_leader"]
        current = rpc.siteaccess_svc.current_employment(worker["id"])
        assert current is not None and current["team_name"] == "钢筋一班"
        return current

    current = eventually(known)
    assert {key: current[key] for key in ("enterprise_id", "enterprise_name", "role", "team_id", "is_team_leader")} \
        == {"enterprise_id": site["employer"]["id"], "enterprise_name": "班组劳务", "role": "worker",
            "team_id": team_id, "is_team_leader": False}
    assert rpc.siteaccess_svc.current_employment(stranger["id"]) is None

    # the leader is offered with the employer's name for them, and is to be entered first
    (offered,) = rpc.siteaccess_svc.employer_team_leaders(project["id"], site["employer"]["id"])
    assert offered == {"person_id": leader["id"], "name": "班长甲", "team_id": team_id, "team_name": "钢筋一班",
                       "entry_id": None, "state": "not_on_site"}
    entered_leader = rpc.siteaccess_svc.enter(project["id"], {
        **terms(site, is_team_leader=True, phone="13912345204"), "id_number": leader["number"]})
    assert entered_leader["warnings"] == []
    (offered,) = rpc.siteaccess_svc.employer_team_leaders(project["id"], site["employer"]["id"])
    assert (offered["entry_id"], offered["state"]) == (entered_leader["id"], "on_site")

    # entered for their employer: no warning; for one that does not employ them: warned, and still entered
    entered = rpc.siteaccess_svc.enter(project["id"], {
        **terms(site, team_leader_entry_id=entered_leader["id"]), "id_number": worker["number"]})
    assert entered["warnings"] == [] and entered["team_leader_name"] == "班长甲"
    warned = rpc.siteaccess_svc.enter(project["id"], {
        **terms(site, employer_id=site["other"]["id"]), "id_number": stranger["number"]})
    assert warned["state"] == "on_site"
    assert warned["warnings"] == [{"code": "NOT_EMPLOYED_BY_EMPLOYER", "details": {
        "employer_id": site["other"]["id"], "employer_name": "别家劳务", "current_employer_id": None,
        "current_employer_name": None}}]


def test_a_late_confirmation_does_not_revive_an_ended_employment(site, publish):
    rpc, employer = site["rpc"], Employer(publish, site["employer"])
    worker = person(rpc, "离职丁")
    employer.employs(worker)

    def employed():
        assert rpc.siteaccess_svc.current_employment(worker["id"]) is not None

    eventually(employed)
    confirmed_again = make_envelope("employment_confirmed", "employment_svc", {
        "relation_id": employer.relations[worker["id"]], "enterprise_id": site["employer"]["id"],
        "enterprise_name": "班组劳务", "person_id": worker["id"], "person_name": worker["name"],
        "id_number_masked": worker["id_number_masked"], "role": "worker", "confirmed_at": NOW.isoformat()})
    employer.ends(worker)
    publish("employment_confirmed", None, confirmed_again)
    publish("employment_confirmed", None, confirmed_again)  # and delivered twice

    def ended():
        assert rpc.siteaccess_svc.current_employment(worker["id"]) is None

    eventually(ended)


def test_a_team_exits_at_once_and_who_cannot_exit_is_named_with_why(site, publish, rpc_as):
    rpc, project, employer = site["rpc"], site["project"], Employer(publish, site["employer"])
    leader, early, late, absent, moved = (person(rpc, name) for name in ("退场班长", "早进场", "今天进场", "未进场",
                                                                         "调走的"))
    for someone in (leader, early, late, absent, moved):
        employer.employs(someone)
    team_id = employer.creates_team("木工班", leader)
    for someone in (early, late, absent, moved):
        employer.places(someone, team_id)
    other_team = employer.creates_team("架子班", moved)
    employer.places(moved, other_team, is_leader=True, previous_team_id=team_id)

    def placed():
        teams = [(rpc.siteaccess_svc.current_employment(someone["id"]) or {}).get("team_id")
                 for someone in (leader, early, late, absent, moved)]
        assert teams == [None, team_id, team_id, team_id, other_team]

    eventually(placed)
    entries = {}
    for someone, day in ((leader, 9), (early, 8), (late, 0), (moved, 8)):
        entries[someone["name"]] = rpc.siteaccess_svc.enter(project["id"], {
            **terms(site, entry_date=str(TODAY - dt.timedelta(days=day)), is_team_leader=someone is leader,
                    phone="13912345204"), "id_number": someone["number"]})
    teams = {team["name"]: team for team in rpc.siteaccess_svc.site_teams(project["id"])}
    assert teams["木工班"]["on_site_count"] == 3 and teams["木工班"]["leader_name"] == "退场班长"
    assert teams["架子班"]["on_site_count"] == 1 and teams["架子班"]["enterprise_name"] == "班组劳务"
    assert rpc.siteaccess_svc.site_teams(project["id"], site["other"]["id"]) == []

    yesterday = str(TODAY - dt.timedelta(days=1))
    result = rpc.siteaccess_svc.exit_team(project["id"], team_id, yesterday, "good", "班组完工")
    assert sorted(entry["name"] for entry in result["exited"]) == ["早进场", "退场班长"]
    assert {entry["evaluation_comment"] for entry in result["exited"]} == {"班组完工"}
    assert result["refused"] == [{"entry_id": entries["今天进场"]["id"], "name": "今天进场",
                                  "error": "EXIT_BEFORE_ENTRY"}]
    # the one moved to another team stays on the site
    on_site = rpc.siteaccess_svc.query_entries({"state": "on_site"})["items"]
    assert sorted(entry["name"] for entry in on_site) == ["今天进场", "调走的"]

    # again: those who exited are no longer on the site, so nobody else exits
    again = rpc.siteaccess_svc.exit_team(project["id"], team_id, str(TODAY), "good")
    assert [entry["name"] for entry in again["exited"]] == ["今天进场"] and again["refused"] == []
    assert rpc.siteaccess_svc.exit_team(project["id"], team_id, str(TODAY), "good") == {"exited": [], "refused": []}

    assert refusal(lambda: rpc.siteaccess_svc.exit_team(project["id"], 10**9, str(TODAY), "good"))["code"] \
        == "TEAM_NOT_FOUND"
    assert refusal(lambda: rpc.siteaccess_svc.exit_team(project["id"], team_id, str(TODAY), "so-so"))["fields"] \
        == {"evaluation": "NOT_ALLOWED"}
    other_site = rpc_as(Caller("site", "other", project_id=project["id"] + 1000))
    assert refusal(lambda: other_site.siteaccess_svc.exit_team(project["id"], team_id, str(TODAY), "good"))[
        "code"] == "FORBIDDEN"
