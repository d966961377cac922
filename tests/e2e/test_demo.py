"""``make run``'s demo data: on a fresh installation every employment screen has something in it, and the demo
worker logs in on the mobile page; a later start changes nothing.

The platform here is the one ``make run`` starts (bin/run-embedded, with its demo), whatever backend the other
end-to-end tests run on.
"""

import datetime as dt
import re
import socket
from collections import Counter

import pytest
import requests

from chassis import days
from chassis.platform import PLATFORM_SERVICES
from devtools.launcher import EmbeddedPlatform
from devtools.testing import eventually
from gateway import demo

pytestmark = pytest.mark.e2e
#: the first start seeds the demo (a few dozen calls) before it listens
START_TIMEOUT_S = 240


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def demo_platform(personal_data_keys, tmp_path_factory):
    var = tmp_path_factory.mktemp("demo-var")
    # its own SQLite files, as make run's: never the databases the environment may name for other runs
    env = {f"{name.removesuffix('_svc').upper()}_DB_URL": f"sqlite:///{var}/{name}.db"
           for name in PLATFORM_SERVICES + ("gateway",)}
    running = EmbeddedPlatform(var, free_port(), env, demo=True).start(timeout=START_TIMEOUT_S)
    try:
        yield running
    finally:
        running.stop()


class Client:
    def __init__(self, base_url):
        self.base_url = base_url + "/api/v1"
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = "zh-CN"

    def logged_in(self, path, credentials):
        response = self.http.post(self.base_url + path, json=credentials, timeout=30)
        assert response.status_code == 200, response.text
        self.http.headers["Authorization"] = "Bearer " + response.json()["token"]
        return self

    def get(self, path, **params):
        response = self.http.get(self.base_url + path, params=params, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def client(demo_platform):
    made = []

    def make(username=None, worker_id_number=None):
        made.append(Client(demo_platform.base_url))
        if worker_id_number:
            return made[-1].logged_in("/auth/worker/login", {"id_type": "01", "id_number": worker_id_number,
                                                             "password": demo.DEMO_PASSWORD})
        return made[-1].logged_in("/auth/login", {"username": username, "password": demo.DEMO_PASSWORD})

    yield make
    for each in made:
        each.http.close()


def test_the_demo_enterprise_has_relations_in_every_state_profiles_teams_and_contracts(client):
    qiye = client("qiye")
    relations = qiye.get("/employments", page_size=100)["items"]
    states = Counter(relation["state"] for relation in relations)
    assert set(states) == {"pending", "employed", "resignation_requested", "dismissal_requested", "ended"}
    assert states["employed"] > len(relations) / 2
    assert all(states[state] == 1 for state in ("pending", "resignation_requested", "dismissal_requested", "ended"))
    (ended,) = (relation for relation in relations if relation["state"] == "ended")
    assert ended["end_reason"] == "resigned"
    (dismissed,) = (relation for relation in relations if relation["state"] == "dismissal_requested")
    assert dismissed["reason"] == demo.DISMISSAL_REASON

    profiles = qiye.get("/worker-profiles", page_size=100)["items"]
    confirmed = [relation for relation in relations if relation["state"] not in ("pending",)]
    assert {profile["relation_id"] for profile in profiles} == {relation["id"] for relation in confirmed}
    for profile in profiles:
        assert profile["trade"] and profile["education"] and "*" in profile["phone_masked"]
        assert (profile["wage_scheme"], float(profile["daily_wage"]) > 0) == ("day", True)
        assert profile["contract_starts_on"] is None or profile["contract_starts_on"] < profile["contract_ends_on"]
    with_card = [profile for profile in profiles if profile["wage_card_masked"]]
    assert with_card and all(profile["bank"] for profile in with_card) and len(with_card) < len(profiles)

    teams = qiye.get("/teams")["items"]
    assert len(teams) == 2
    for team in teams:
        assert team["leader_name"] and team["member_count"] > 1
        members = qiye.get(f"/teams/{team['id']}/members")
        assert [member["person_name"] for member in members if member["is_team_leader"]] == [team["leader_name"]]

    contracts = qiye.get("/contracts", page_size=100)
    assert sum(row["signed"] for row in contracts["items"]) == contracts["total"] - 1
    assert qiye.get("/contracts", signed="false")["total"] == 1
    assert qiye.get("/contracts", expiring_within_days=30)["total"] >= 1


def test_the_demo_worker_logs_in_on_the_mobile_page_with_a_request_to_answer(client, demo_platform):
    document = demo.demo_worker_document()
    log = (demo_platform.var_dir / "log" / "embedded.log").read_text()
    assert f"工人手机页 /m/login: 证件号 {document['id_number']} 密码 {demo.DEMO_PASSWORD}" in log

    worker = client(worker_id_number=document["id_number"])
    assert worker.get("/me")["name"] == document["name"]
    mine = worker.get("/me/employments")
    assert [(relation["enterprise_name"], relation["state"]) for relation in mine] == [
        (demo.LABOUR_SUBCONTRACTORS[0]["name"], "pending"), (demo.LABOUR_SUBCONTRACTORS[1]["name"], "ended")]
    assert set(mine[0]["actions"]) == {"confirm", "decline"}
    # 用工查询's history of the person: the employer they left
    history = client("jianguan").get(f"/persons/{mine[0]['person_id']}/employments")
    assert [(row["enterprise_name"], row["end_reason"]) for row in history] == [
        (demo.LABOUR_SUBCONTRACTORS[1]["name"], "resigned")]


def test_the_site_enters_people_of_both_employers_with_their_teams(client):
    site = client("xianchang")
    entries = site.get("/entries", page_size=100)["items"]
    assert {entry["employer_name"] for entry in entries} == {spec["name"] for spec in demo.LABOUR_SUBCONTRACTORS}
    teams = site.get("/entries/teams")
    assert sorted(team["name"] for team in teams) == sorted(name for crews in demo.TEAMS for name, _ in crews)
    assert all(team["on_site_count"] > 0 for team in teams)
    # the entry form knows each person's employer, from the employment events
    on_site = next(entry for entry in entries if entry["state"] == "on_site" and not entry["is_team_leader"])
    number = client("jianguan").get(f"/persons/{on_site['person_id']}/id-number")["id_number"]
    found = site.get("/entries/lookup", id_number=number)["employment"]
    assert found["enterprise_id"] == on_site["employer_id"]
    assert found["team_name"] in {team["name"] for team in teams}


def test_the_road_to_the_gate_has_something_on_every_screen(client):
    """Units and sections, assignments accepted and awaiting acceptance, 进场登记, key positions, a declaration."""
    contractor, site, authority = client("zongbao"), client("xianchang"), client("jianguan")
    (project,) = site.get("/projects")["items"]
    units = contractor.get(f"/projects/{project['id']}/participants")
    assert sorted(unit["role"] for unit in units) == ["general_contractor", "implementing_unit",
                                                      "labour_subcontractor", "labour_subcontractor"]
    assert len(contractor.get(f"/projects/{project['id']}/sections")) == 3
    # the labour subcontractor's people: most accepted by the general contractor, two waiting for it
    assert client("qiye").get("/assignments", page_size=1)["total"] > 10
    waiting = contractor.get("/assignment-confirmations")
    assert waiting["total"] == 2
    assert {item["enterprise_name"] for item in waiting["items"]} == {demo.LABOUR_SUBCONTRACTORS[0]["name"]}
    assert contractor.get("/assignment-confirmations", processed="true")["total"] > 10
    # two accepted and not on site yet: 进场登记 lists them (once the gate has read the acceptances)
    eventually(lambda: assert_equal(site.get("/entries/awaiting")["total"], 2), timeout=30)
    # 关键岗位: the 项目经理 on site, the 安全员 waiting for the authority
    reviews = authority.get("/key-positions/reviews")["items"]
    assert [review["position"] for review in reviews] == ["safety_officer"]
    assert contractor.get("/key-positions", state="approved")["items"][0]["position"] == "project_manager"
    # 项目人员绑定: six people submitted, four approved, one rejected with its reason, one awaiting the 实施单位
    bound = Counter(person["state"] for person in client("qiye").get(
        f"/projects/{project['id']}/bindings", page_size=100)["items"])
    assert (bound["approved"], bound["rejected"], bound["pending_review"]) == (4, 1, 1)
    (reviewed,) = client("shishi").get("/binding-reviews")["items"]
    assert (reviewed["id"], reviewed["pending_review_count"]) == (project["id"], 1)
    # 项目审核: the general contractor's second project waits for the authority
    pending = authority.get("/projects/declarations", state="pending_review")["items"]
    assert [declared["name"] for declared in pending] == ["示范科创园一期项目"]


def test_the_labour_subcontractors_section_manager_has_authorised_a_labour_clerk(client, demo_platform):
    """现场用户授权: ``laowu`` (the section's 项目负责人) and ``laowuyuan`` (its 劳务员), both printed among the
    logins."""
    log = (demo_platform.var_dir / "log" / "embedded.log").read_text()
    section = f"{demo.PROJECT['name']}劳务分包（1标段）"
    for username in ("laowu", "laowuyuan"):
        assert re.search(rf"^  {username} +site +{re.escape(section)}$", log, re.MULTILINE)
    manager = client("laowu")
    assert manager.get("/auth/me")["scope_name"] == section
    (clerk,) = manager.get("/site-authorisations")
    assert (clerk["username"], clerk["position"], clerk["state"]) == ("laowuyuan", "labour_clerk", "active")
    labour_clerk = client("laowuyuan")
    me = labour_clerk.get("/auth/me")
    assert (me["scope_name"], me["enterprise_id"]) == (section, manager.get("/auth/me")["enterprise_id"])
    assert labour_clerk.get("/assignments", page_size=1)["total"] > 10
    # the unit received the login already: the demo password stays
    (project,) = client("xianchang").get("/projects")["items"]
    (own,) = [row for row in client("qiye").get(f"/projects/{project['id']}/sections")
              if row["name"] == section]
    assert client("qiye").get(f"/projects/{project['id']}/sections/{own['id']}/site-account")["received"] is True


def assert_equal(found, expected):
    assert found == expected


def test_a_later_start_changes_nothing(client, demo_platform):
    before = client("qiye").get("/employments", page_size=1)["total"]
    demo_platform.stop()
    demo_platform.start(timeout=START_TIMEOUT_S)
    assert client("qiye").get("/employments", page_size=1)["total"] == before
    assert client(worker_id_number=demo.demo_worker_document()["id_number"]).get("/me/employments")


def test_the_site_sees_its_gate_devices_faces_and_todays_attendance(client):
    """考勤设备 with both demo terminals online and a Hikvision terminal out of reach (its people waiting,
    DEVICE_UNREACHABLE), 人脸采集 with one face enrolled and a photo from the phone waiting,
    出勤记录 with this morning's card records and one unknown card refused, 出勤一览表 with most people on site
    attended today and four weeks of days in the month view, 考勤预警 with the two who stopped coming, and 补卡
    with one approved and one waiting."""
    site = client("xianchang")
    (project,) = site.get("/projects")["items"]
    path = f"/projects/{project['id']}"
    devices = site.get(f"{path}/devices")
    assert sorted((device["name"], device["status"]) for device in devices) == [
        ("东门人脸识别终端", "online"), ("南门海康终端", "offline"), ("西门刷卡机", "online")]
    south = next(device for device in devices if device["name"] == "南门海康终端")
    assert (south["device_address"], south["pushes_people"]) == ("http://192.0.2.64", True)
    # its address is one no network reaches: its people wait, being sent or failed for that reason (a restart
    # while they were being sent leaves them sent until they are sent again)
    rows = site.get(f"{path}/devices/{south['id']}/commands")["people"]
    assert rows and {row["state"] for row in rows} <= {"pending", "sent", "failed"}, rows[:3]
    assert {row["last_error"] for row in rows if row["state"] == "failed"} <= {"DEVICE_UNREACHABLE"}, rows[:3]
    faces = site.get(f"{path}/faces", page_size=100)["items"]
    assert sum(person["enrolled"] for person in faces) == 1
    assert [person["enrolled"] for person in faces if person["submission"]] == [True]
    today = days.today()
    records = site.get(f"{path}/attendance/records", page_size=200, day=str(today))["items"]
    assert [record["reason"] for record in records if record["outcome"] == "refused"] == ["UNKNOWN_CARD"]
    day = site.get(f"{path}/attendance/day")
    assert 0 < day["attended"] < day["on_site"]
    assert day["attended"] == len([record for record in records if record["outcome"] == "accepted"])
    month = site.get(f"{path}/attendance/period", view="month", day=str(today - dt.timedelta(days=7)))
    assert sum(1 for each in month["days"] if each["attended"]) >= 5 and 0.5 < month["rate"] < 1
    warned = site.get(f"{path}/attendance/warnings")
    assert len(warned["items"]) == 2 and {item["days_absent"] for item in warned["items"]} == {4}
    corrections = site.get(f"{path}/attendance/corrections")["items"]
    assert sorted(item["status"] for item in corrections) == ["approved", "pending"]
