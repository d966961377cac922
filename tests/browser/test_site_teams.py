"""The site portal and employment in a real Chromium: 进场登记 starts with the person's employer and offers the
employer's team leaders; 班组退场 exits a whole team after a confirmation that it cannot be undone.

What employment_svc publishes is published here on the platform's bus, as its outbox relays it."""

import datetime as dt
import random
import re

import pytest
from nameko.standalone.events import get_event_exchange
from playwright.sync_api import expect

from chassis.events import make_envelope
from chassis.outbox import BrokerPublisher
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser
rng = random.Random()
SHOTS = "test-results"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


@pytest.fixture
def team(api, platform):
    """An employer with a 班组 of two (its leader and a worker) that employment_svc has told the gate of."""
    amqp_uri = getattr(platform, "env", {}).get("AMQP_URI")
    if not amqp_uri or amqp_uri.startswith("embedded"):
        pytest.skip("the embedded platform's bus lives in its own process")
    suffix = f"{rng.randrange(10**4):04d}"
    employer = api("authority").post("/enterprises", json={
        "name": f"班组{suffix}劳务有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"}).json()
    people, numbers = {}, {}
    for role in ("leader", "worker"):
        numbers[role] = resident_id_number(rng)
        response = api("site_3").post("/persons", json={"id_number": numbers[role], "name": f"{role}{suffix}"})
        assert response.status_code == 201, response.text
        people[role] = response.json()["person"]
    team_id, team_name = rng.randrange(10**8), f"钢筋{suffix}班"
    publisher = BrokerPublisher(amqp_uri, get_event_exchange("employment_svc", {}))
    try:
        def publish(event_type, data):
            publisher.publish(make_envelope(event_type, "employment_svc", data), event_type)

        for role, person in people.items():
            relation_id = rng.randrange(10**8)
            publish("employment_confirmed", {
                "relation_id": relation_id, "enterprise_id": employer["id"], "enterprise_name": employer["name"],
                "person_id": person["id"], "person_name": person["name"],
                "id_number_masked": person["id_number_masked"], "role": "worker",
                "confirmed_at": dt.datetime.now(dt.UTC).isoformat()})
            publish("team_member_changed", {
                "team_id": team_id, "previous_team_id": None, "enterprise_id": employer["id"],
                "person_id": person["id"], "relation_id": relation_id, "is_leader": role == "leader"})
        publish("team_created", {"team_id": team_id, "enterprise_id": employer["id"], "name": team_name,
                                 "kind": "workers", "trade": "020", "leader_person_id": people["leader"]["id"]})
    finally:
        publisher.close()

    def known():
        found = api("site_3").get("/entries/lookup", params={"id_number": numbers["worker"]}).json()
        assert (found.get("employment") or {}).get("team_name") == team_name

    eventually(known, timeout=30)
    return {"employer": employer["name"], "team": team_name, "numbers": numbers,
            "names": {role: person["name"] for role, person in people.items()}}




def test_the_entry_form_follows_employment_and_a_whole_team_exits(page, log_in, team):
    employer, numbers, names = team["employer"], team["numbers"], team["names"]
    log_in(page, "site_3")

    # the leader: 用人单位 is the employer that employs them, named in the form; entered as 劳务队长
    page.get_by_test_id("nav-entries").click()
    page.get_by_test_id("entry-new").click()
    page.get_by_test_id("entry-id-number").fill(numbers["leader"])
    expect(page.get_by_test_id("entry-name")).to_have_value(names["leader"])
    expect(page.get_by_test_id("entry-employer")).to_contain_text(employer)
    expect(page.get_by_test_id("entry-employment")).to_contain_text(team["team"])
    expect(page.get_by_test_id("entry-employment-warning")).to_be_hidden()
    page.get_by_test_id("entry-is-leader").get_by_text("是").click()
    page.get_by_test_id("entry-phone").fill("13912345204")
    choose(page, "entry-trade", "钢筋工")
    choose(page, "entry-education", "初中")
    page.get_by_test_id("entry-submit").click()
    expect(page.get_by_test_id("entry-saved")).to_contain_text("保存成功!")
    expect(page.get_by_test_id("entry-saved-warning")).to_have_count(0)

    # the worker: their team's leader is offered among the employer's 班组长, and chosen
    page.get_by_test_id("entry-next-other").click()
    page.get_by_test_id("entry-id-number").fill(numbers["worker"])
    expect(page.get_by_test_id("entry-employer")).to_contain_text(employer)
    page.get_by_test_id("entry-team-leader").click()
    expect(page.get_by_test_id("employer-leaders")).to_contain_text("本单位班组长")
    page.wait_for_load_state("networkidle")  # the list asks the server again as it opens, and re-renders
    page.get_by_role("option", name=re.compile(rf"^{names['leader']}\s*{team['team']}")).dispatch_event("click")
    expect(page.get_by_test_id("entry-team-leader")).to_contain_text(names["leader"])
    choose(page, "entry-trade", "钢筋工")
    choose(page, "entry-education", "初中")
    page.screenshot(path=f"{SHOTS}/site-entry-employer-leader.png")
    page.get_by_test_id("entry-submit").click()
    expect(page.get_by_test_id("entry-saved")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("entry-dialog")).to_be_hidden()

    # 退场 › 班组退场: the team, the confirmation that it cannot be undone, then who exited
    page.get_by_test_id("nav-exits").click()
    page.get_by_test_id("team-exit-open").click()
    expect(page.get_by_test_id("team-exit-irreversible")).to_contain_text("无法恢复")
    choose(page, "team-exit-team", re.compile(rf"^{team['team']}（{employer}，在场 2 人）"))
    page.get_by_test_id("team-exit-submit").click()
    confirm = page.get_by_test_id("team-exit-confirm")
    expect(confirm).to_contain_text(f"确定将班组“{team['team']}”在本工地的 2 名人员全部退场吗？退场后无法恢复。")
    page.screenshot(path=f"{SHOTS}/site-team-exit-confirm.png")
    page.get_by_test_id("team-exit-confirm-yes").click()
    result = page.get_by_test_id("exit-result")
    expect(result).to_contain_text("已退场")
    for name in names.values():
        expect(result).to_contain_text(name)
