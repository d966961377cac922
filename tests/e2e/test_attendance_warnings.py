"""考勤预警 through the gateway and the signed device API: a worker entered ten days ago who last clocked five
days ago (a terminal's buffered record) is listed for the site and the authority, with the project's attendance
rate; a worker who clocked yesterday is not; one click of 退场 and the warning is gone."""

import datetime as dt
import json
import random
import zoneinfo

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from devtools.gate import Terminal
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually
from gateway.accounts import ensure_account
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
rng = random.Random(1013)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime.now(SHANGHAI).date()


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def at_eight(day):
    return dt.datetime.combine(day, dt.time(8), SHANGHAI).isoformat()


@pytest.fixture
def employer(api):
    made = api("authority").post("/enterprises", json={
        "name": f"预警劳务{rng.randrange(10**6):06d}有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"})
    assert made.status_code == 201, made.text
    return made.json()


def enter(site, employer_id, name, entered):
    number = resident_id_number(rng)
    person = site.post("/persons", json={
        "id_type": "01", "id_number": number, "name": name, "ethnicity": "01", "address": "上海市徐汇区测试路7号",
        "issuing_authority": "上海市公安局徐汇分局", "valid_from": "2018-03-01", "valid_until": None})
    assert person.status_code == 201, person.text
    entry = site.post("/entries", json={
        "id_number": number, "employer_id": employer_id, "is_team_leader": False, "team_leader_entry_id": None,
        "phone": None, "trade": "020", "education": "71", "entry_date": str(entered)})
    assert entry.status_code == 201, entry.text
    return entry.json()


def test_a_worker_absent_for_days_is_warned_and_exited_in_one_click(api, platform, registry, employer):
    site, authority = api("site_3"), api("authority")
    project_id = registry["site_3"]["id"]
    project = f"/projects/{project_id}"
    absent = enter(site, employer["id"], "缺勤测试", days_ago(10))
    present = enter(site, employer["id"], "出勤测试", days_ago(10))

    serial = f"W2E{rng.randrange(10**8):08d}"
    registered = site.post(f"{project}/devices", json={
        "kind": "face_terminal", "serial": serial, "direction": "both", "location": "2号门", "name": "西门人脸机"})
    assert registered.status_code == 201, registered.text
    terminal = Terminal(platform.base_url, serial, registered.json()["secret"])

    def clock_both():  # the terminal's buffered records, once attendance_svc knows both are on site
        outcome = terminal.upload(
            {"seq": 1, "occurred_at": at_eight(days_ago(5)), "method": "face", "person_id": absent["person_id"]},
            {"seq": 2, "occurred_at": at_eight(days_ago(1)), "method": "face", "person_id": present["person_id"]})
        assert [outcome[seq]["outcome"] for seq in (1, 2)] == ["accepted", "accepted"], outcome

    eventually(clock_both, timeout=30)

    answer = site.get(f"{project}/attendance/warnings")
    assert answer.status_code == 200, answer.text
    warned = {row["person_id"]: row for row in answer.json()["items"]}
    row = warned[absent["person_id"]]
    assert present["person_id"] not in warned
    assert (row["name"], row["last_attended_day"], row["days_absent"]) == ("缺勤测试", str(days_ago(5)), 4)
    assert (row["entry_id"], row["employer_name"]) == (absent["id"], employer["name"])
    rate = answer.json()["rate"]
    assert rate["to"] == str(days_ago(1)) and rate["attended_days"] >= 2 and rate["on_site_days"] >= 14

    # the authority reads it, every project's or this one's; another site cannot
    everywhere = authority.get("/attendance/warnings", params={"project_id": project_id})
    assert absent["person_id"] in {r["person_id"] for r in everywhere.json()["items"]}, everywhere.text
    assert authority.get(f"{project}/attendance/warnings").status_code == 200
    assert authority.get("/attendance/low-rates").status_code == 200
    assert site.get("/attendance/warnings").status_code == 403
    other = registry["site_3"]["id"] + 10**6
    assert site.get(f"/projects/{other}/attendance/warnings").status_code == 403

    # 一键退场: the exit the portal sends, with today's date; the warning is gone once attendance_svc hears of it
    exited = site.post("/entries/exit", json={"entry_ids": [absent["id"]], "exit_date": str(TODAY),
                                               "evaluation": "good", "evaluation_comment": None})
    assert exited.status_code == 200, exited.text

    def no_longer_warned():
        items = site.get(f"{project}/attendance/warnings").json()["items"]
        assert absent["person_id"] not in {r["person_id"] for r in items}

    eventually(no_longer_warned, timeout=30)


def test_a_correction_approved_by_another_site_user_is_a_new_record_counted_in_the_day(
        api, platform, registry, employer):
    project_id = registry["site_3"]["id"]
    project = f"/projects/{project_id}"
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, "site_3_reviewer", PASSWORD, role="site", display_name="现场审核",
                       scope_name="测试项目三", project_id=project_id)
    engine.dispose()
    site, reviewer = api("site_3"), api("site_3_reviewer")
    worker = enter(site, employer["id"], "补卡测试", days_ago(6))
    yesterday = str(days_ago(1))

    def applied():
        answer = site.post(f"{project}/attendance/corrections", json={
            "person_id": worker["person_id"], "day": yesterday, "time": "07:40", "direction": "in",
            "reason": "人脸机故障未识别"})
        assert answer.status_code == 201, answer.text
        return answer.json()

    correction = eventually(applied, timeout=30)  # once attendance_svc knows the worker is on site
    assert (correction["status"], correction["applicant"], correction["direction"]) == ("pending", "site_3", "01")
    refused = site.post(f"{project}/attendance/corrections", json={
        "person_id": worker["person_id"], "day": str(days_ago(8)), "time": "07:40", "direction": "in",
        "reason": "进场前"})
    assert (refused.status_code, refused.json()["fields"]) == (422, {"day": "早于该人员进场日期"}), refused.text
    pending = reviewer.get(f"{project}/attendance/corrections", params={"status": "pending"}).json()
    assert correction["id"] in [item["id"] for item in pending["items"]]

    own = site.post(f"{project}/attendance/corrections/{correction['id']}/decision", json={"approve": True})
    assert (own.status_code, own.json()["error"]) == (403, "CORRECTION_OWN_APPLICATION"), own.text
    approved = reviewer.post(f"{project}/attendance/corrections/{correction['id']}/decision", json={"approve": True})
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["decided_by"]) == ("approved", "site_3_reviewer")
    again = reviewer.post(f"{project}/attendance/corrections/{correction['id']}/decision",
                          json={"approve": False, "reason": "再审"})
    assert (again.status_code, again.json()["error"]) == (409, "CORRECTION_DECIDED")

    records = site.get(f"{project}/attendance/records",
                       params={"day": yesterday, "person_id": worker["person_id"]}).json()["items"]
    (record,) = records
    assert (record["id"], record["method"], record["outcome"]) == (approved.json()["record_id"], "011", "accepted")
    assert record["correction"] == {"reason": "人脸机故障未识别", "applicant": "site_3", "approver": "site_3_reviewer"}
    assert record["device_name"] == "补卡" and record["occurred_at"].startswith(f"{yesterday}T07:40")
    day = site.get(f"{project}/attendance/day", params={"day": yesterday}).json()
    assert any(p["person_id"] == worker["person_id"] and p["first_in"] for p in day["people"])
    assert "补卡" not in [device["name"] for device in site.get(f"{project}/devices").json()]


def test_the_records_stream_pushes_a_record_clocked_after_it_opened(api, platform, registry, employer):
    site = api("site_3")
    project_id = registry["site_3"]["id"]
    project = f"/projects/{project_id}"
    worker = enter(site, employer["id"], "实时测试", days_ago(1))
    serial = f"S2E{rng.randrange(10**8):08d}"
    registered = site.post(f"{project}/devices", json={
        "kind": "card_reader", "serial": serial, "direction": "in", "location": "3号门", "name": "北门读卡器"})
    assert registered.status_code == 201, registered.text
    terminal = Terminal(platform.base_url, serial, registered.json()["secret"])
    card = f"S{rng.randrange(10**9):09d}"
    eventually(lambda: _assert_status(site.post(f"{project}/people/{worker['person_id']}/card",
                                                json={"card_number": card}), 200), timeout=30)

    stream = site.http.get(f"{site.base_url}{project}/attendance/records/stream", stream=True, timeout=40)
    assert stream.status_code == 200, stream.text
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    lines = stream.iter_lines(decode_unicode=True)
    assert next(line for line in lines if line.startswith("event: ")) == "event: ready"

    outcome = terminal.upload({"seq": 1, "occurred_at": dt.datetime.now(dt.UTC).isoformat(), "method": "card",
                               "card_number": card})
    assert outcome[1]["outcome"] == "accepted", outcome
    pushed = {}
    for line in lines:  # the record arrives within the stream's ~25 s, at the next poll
        if line.startswith("id: "):
            pushed["id"] = int(line.removeprefix("id: "))
        elif line.startswith("data: ") and pushed.get("id") == outcome[1]["record_id"]:
            pushed["data"] = json.loads(line.removeprefix("data: "))
            break
    stream.close()
    assert pushed["data"]["name"] == "实时测试" and pushed["data"]["method"] == "006"
    assert pushed["data"]["outcome"] == "accepted" and pushed["data"]["has_photo"] is False


def _assert_status(response, status):
    assert response.status_code == status, response.text
