"""The gate and employment through the gateway: 进场登记 knows the person's employer and the employer's team leaders,
warns of an entry for another employer, and 班组退场 exits a whole team.

What employment_svc publishes (employment_confirmed, team_created, team_member_changed) is published here on the
platform's bus, exactly as employment_svc's outbox relays it, so that siteaccess_svc learns it as it would.
"""

import datetime as dt
import random

import pytest
from nameko.standalone.events import get_event_exchange

from chassis import days
from chassis.events import make_envelope
from chassis.outbox import BrokerPublisher
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

pytestmark = pytest.mark.e2e
rng = random.Random(59)
TODAY = days.today()


def days_ago(count):
    return str(TODAY - dt.timedelta(days=count))


@pytest.fixture
def employment_events(platform):
    """``publish(event_type, data)`` on the platform's bus, as employment_svc's outbox does."""
    amqp_uri = getattr(platform, "env", {}).get("AMQP_URI")
    if not amqp_uri or amqp_uri.startswith("embedded"):
        pytest.skip("the embedded platform's bus lives in its own process")
    publisher = BrokerPublisher(amqp_uri, get_event_exchange("employment_svc", {}))

    def publish(event_type, data):
        publisher.publish(make_envelope(event_type, "employment_svc", data), event_type)

    yield publish
    publisher.close()


@pytest.fixture
def employer(api):
    response = api("authority").post("/enterprises", json={
        "name": f"班组端到端劳务{rng.randrange(10**6):06d}有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"})
    assert response.status_code == 201, response.text
    return response.json()


def test_the_gate_knows_the_employer_and_exits_a_whole_team(api, employment_events, employer):
    site = api("site_3")
    numbers, people = {}, {}
    for name in ("班组长端", "班组员端", "别家员端", "英文员端"):
        number = resident_id_number(rng)
        response = site.post("/persons", json={"id_type": "01", "id_number": number, "name": name, "ethnicity": "01"})
        assert response.status_code == 201, response.text
        numbers[name], people[name] = number, response.json()["person"]
    leader, member, stranger = (people[name] for name in ("班组长端", "班组员端", "别家员端"))
    relations = {}
    for someone in (leader, member):
        relations[someone["id"]] = rng.randrange(10**8)
        employment_events("employment_confirmed", {
            "relation_id": relations[someone["id"]], "enterprise_id": employer["id"],
            "enterprise_name": employer["name"], "person_id": someone["id"], "person_name": someone["name"],
            "id_number_masked": someone["id_number_masked"], "role": "worker",
            "confirmed_at": dt.datetime.now(dt.UTC).isoformat()})
    team_id = rng.randrange(10**8)
    employment_events("team_created", {"team_id": team_id, "enterprise_id": employer["id"], "name": "端到端钢筋班",
                                       "kind": "workers", "trade": "020", "leader_person_id": leader["id"]})
    for someone, is_leader in ((leader, True), (member, False)):
        employment_events("team_member_changed", {
            "team_id": team_id, "previous_team_id": None, "enterprise_id": employer["id"],
            "person_id": someone["id"], "relation_id": relations[someone["id"]], "is_leader": is_leader})

    # 进场登记's lookup: the name, and the employer and team the form starts with
    def looked_up():
        response = site.get("/entries/lookup", params={"id_number": numbers["班组员端"]})
        assert response.status_code == 200, response.text
        assert (response.json()["employment"] or {}).get("team_name") == "端到端钢筋班"
        return response.json()

    found = eventually(looked_up, timeout=30)
    assert found["person"]["name"] == "班组员端"
    assert found["employment"]["enterprise_id"] == employer["id"]
    assert found["employment"]["enterprise_name"] == employer["name"]
    nobody = site.get("/entries/lookup", params={"id_number": numbers["别家员端"]}).json()
    assert nobody["employment"] is None

    # the employer's leader is offered, to be entered first
    leaders = site.get("/entries/employer-team-leaders", params={"employer_id": employer["id"]}).json()
    assert [(item["name"], item["team_name"], item["state"]) for item in leaders] == [
        ("班组长端", "端到端钢筋班", "not_on_site")]
    entered_leader = site.post("/entries", json={
        "employer_id": employer["id"], "is_team_leader": True, "phone": "13912345204", "trade": "020",
        "education": "71", "entry_date": days_ago(3), "id_number": numbers["班组长端"]})
    assert entered_leader.status_code == 201, entered_leader.text
    assert entered_leader.json()["warnings"] == []
    leaders = site.get("/entries/employer-team-leaders", params={"employer_id": employer["id"]}).json()
    assert [(item["entry_id"], item["state"]) for item in leaders] == [(entered_leader.json()["id"], "on_site")]

    member_entry = site.post("/entries", json={
        "employer_id": employer["id"], "team_leader_entry_id": entered_leader.json()["id"], "trade": "020",
        "education": "71", "entry_date": days_ago(2), "id_number": numbers["班组员端"]})
    assert member_entry.status_code == 201 and member_entry.json()["warnings"] == []

    # an entry for an employer that does not employ the person: saved, and warned of in both languages
    warned = site.post("/entries", json={"employer_id": employer["id"], "trade": "020", "education": "71",
                                         "entry_date": days_ago(2), "id_number": numbers["别家员端"]})
    assert warned.status_code == 201, warned.text
    (warning,) = warned.json()["warnings"]
    assert warning["code"] == "NOT_EMPLOYED_BY_EMPLOYER"
    assert warning["message"] == f"该人员目前不是{employer['name']}的在职人员（当前用人单位：无），请核对用人单位"
    english = api("site_3", language="en").post("/entries", json={
        "employer_id": employer["id"], "trade": "020", "education": "71", "entry_date": days_ago(2),
        "id_number": numbers["英文员端"]})
    assert english.json()["warnings"][0]["message"] == (
        f"{employer['name']} does not employ this person now (current employer: none); check the employer.")

    # 班组退场: the teams of the employers on the site, then the team exits at once
    teams = site.get("/entries/teams", params={"employer_id": employer["id"]}).json()
    assert [(team["name"], team["on_site_count"], team["leader_name"]) for team in teams] == [
        ("端到端钢筋班", 2, "班组长端")]
    result = site.post("/entries/exit-team", json={"team_id": team_id, "exit_date": days_ago(2),
                                                   "evaluation": "good", "evaluation_comment": "班组完工"})
    assert result.status_code == 200, result.text
    assert sorted(entry["name"] for entry in result.json()["exited"]) == ["班组员端", "班组长端"]
    assert result.json()["refused"] == []
    again = site.post("/entries/exit-team", json={"team_id": team_id, "exit_date": str(TODAY), "evaluation": "good"})
    assert again.json() == {"exited": [], "refused": []}
    missing = site.post("/entries/exit-team", json={"team_id": 10**9, "exit_date": str(TODAY), "evaluation": "good"})
    assert (missing.status_code, missing.json()["error"], missing.json()["message"]) == (
        404, "TEAM_NOT_FOUND", "未找到该班组")

    # an enterprise does not work a site's gate
    enterprise = api("enterprise_7")
    assert enterprise.post("/entries/exit-team", json={"team_id": team_id, "exit_date": str(TODAY),
                                                       "evaluation": "good"}).status_code == 403
    assert enterprise.get("/entries/teams").status_code == 403
