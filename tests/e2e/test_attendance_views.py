"""出勤一览表 of a month, its export and a person's 考勤日历 through the gateway, with every service running: an
employer hires a worker who activates their account and confirms; the site enters them and a second worker,
issues cards, and a signed terminal uploads clocks of the last days; the site reads the month, 更多 and the .xlsx;
the employer reads its employee's days worked (another employer is refused), and the worker their own."""

import datetime as dt
import io
import random
import zoneinfo

import openpyxl
import pytest

from devtools.gate import Terminal
from devtools.synthetic import mobile_phone, resident_id_number
from devtools.testing import eventually

pytestmark = pytest.mark.e2e
rng = random.Random(1011)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime.now(SHANGHAI)
TODAY = NOW.date()
#: the days clocked: two days ago, yesterday and today, where the site is
DAYS = [TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1), TODAY]
MONTH = TODAY.strftime("%Y-%m")
WORKER_PASSWORD = "Gongren@2026"


def document(name):
    return {"id_type": "01", "id_number": resident_id_number(rng), "name": name, "ethnicity": "01",
            "address": "上海市徐汇区测试路9号", "issuing_authority": "上海市公安局徐汇分局",
            "valid_from": "2019-03-01", "valid_until": "2039-03-01"}


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI).isoformat()


def hired_and_confirmed(api, employer, doc):
    """The employer's request, and the worker's phone: activated with the slip's code, the employment confirmed."""
    requested = employer.post("/employments", json={"name": doc["name"], "id_type": "01",
                                                    "id_number": doc["id_number"], "role": "worker"})
    assert requested.status_code == 201, requested.text
    relation = requested.json()
    worker = api()
    activated = worker.post("/auth/worker/activate", json={
        "id_type": "01", "id_number": doc["id_number"], "code": relation["activation"]["code"],
        "password": WORKER_PASSWORD})
    assert activated.status_code == 200, activated.text
    worker.http.headers["Authorization"] = "Bearer " + activated.json()["token"]
    confirmed = worker.post(f"/me/employments/{relation['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    return worker


def enter(site, doc, employer_id, leader_entry_id=None):
    entry = site.post("/entries", json={
        "id_number": doc["id_number"], "employer_id": employer_id, "is_team_leader": leader_entry_id is None,
        "team_leader_entry_id": leader_entry_id, "phone": mobile_phone(rng) if leader_entry_id is None else None,
        "trade": "020", "education": "71",
        "entry_date": str(TODAY - dt.timedelta(days=5))})
    assert entry.status_code == 201, entry.text
    return entry.json()


def test_the_month_its_export_and_the_days_worked_as_the_site_the_employer_and_the_worker_see_them(
        api, platform, registry):
    authority, site = api("authority"), api("site_3")
    employer, another = api("enterprise_7"), api("enterprise_8")
    project = f"/projects/{registry['site_3']['id']}"
    leader_doc, member_doc = document("考勤视图甲"), document("考勤视图乙")
    for doc in (leader_doc, member_doc):
        assert authority.post("/persons", json=doc).status_code == 201
    worker = hired_and_confirmed(api, employer, leader_doc)
    leader = enter(site, leader_doc, registry["enterprise_7"]["id"])
    member = enter(site, member_doc, registry["enterprise_8"]["id"], leader_entry_id=leader["id"])
    leader_id, member_id = leader["person_id"], member["person_id"]

    # 发卡, once attendance knows they are on site
    cards = {leader_id: f"V{rng.randrange(10**9):09d}", member_id: f"V{rng.randrange(10**9):09d}"}

    def cards_issued():
        for person_id, card in cards.items():
            issued = site.post(f"{project}/people/{person_id}/card", json={"card_number": card})
            assert issued.status_code in (200, 201), issued.text

    eventually(cards_issued, timeout=30)

    # a terminal at the gate: 甲 on all three days (in and out), 乙 on the first day only
    serial = f"VIEW{rng.randrange(10**8):08d}"
    registered = site.post(f"{project}/devices", json={
        "kind": "card_reader", "serial": serial, "direction": "both", "location": "2号门", "name": "二号门刷卡机"})
    assert registered.status_code == 201, registered.text
    terminal = Terminal(platform.base_url, serial, registered.json()["secret"])
    records = []
    for day in DAYS[:2]:
        records += [{"occurred_at": at(day, 7, 50), "method": "card", "card_number": cards[leader_id]},
                    {"occurred_at": at(day, 17, 20), "method": "card", "card_number": cards[leader_id]}]
    records += [{"occurred_at": (NOW - dt.timedelta(minutes=1)).isoformat(), "method": "card",
                 "card_number": cards[leader_id]},
                {"occurred_at": at(DAYS[0], 8, 5), "method": "card", "card_number": cards[member_id]}]
    outcome = terminal.upload(*({"seq": seq, **record} for seq, record in enumerate(records, 1)))
    terminal.close()
    assert {result["outcome"] for result in outcome.values()} == {"accepted"}, outcome

    # 出勤一览表 of the month: per day, by team, by employer
    in_month = [day for day in DAYS if day.strftime("%Y-%m") == MONTH]
    month = site.get(f"{project}/attendance/period", params={"view": "month", "day": str(TODAY)})
    assert month.status_code == 200, month.text
    month = month.json()
    assert month["start"] == f"{MONTH}-01" and month["view"] == "month"
    per_day = {row["day"]: row for row in month["days"]}
    for day in in_month:
        assert per_day[str(day)]["on_site"] >= 2 and per_day[str(day)]["attended"] >= 1
    team = next(row for row in month["by_team"] if row["team"] == "考勤视图甲")
    assert team["people"] == 2
    assert team["attended"] == len(in_month) + (DAYS[0] in in_month)
    week = site.get(f"{project}/attendance/period", params={"view": "week", "day": str(TODAY)}).json()
    assert dt.date.fromisoformat(week["start"]).weekday() == 0 and len(week["days"]) == 7

    # 更多: 甲's days with the first in and last out
    people = site.get(f"{project}/attendance/period/people", params={
        "view": "month", "day": str(TODAY), "name": "考勤视图甲"}).json()
    (mine,) = [row for row in people["items"] if row["person_id"] == leader_id]
    assert mine["days_attended"] == len(in_month)
    if DAYS[0] in in_month:
        assert mine["days"][0] == {"day": str(DAYS[0]), "first_in": at(DAYS[0], 7, 50),
                                   "last_out": at(DAYS[0], 17, 20)}

    # the export, as a user opens it
    exported = site.get(f"{project}/attendance/export", params={"view": "month", "day": str(TODAY)})
    assert exported.status_code == 200, exported.text
    assert exported.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    assert book.sheetnames == ["出勤汇总", "按班组", "按用人单位", "人员出勤"]
    listed = list(book["人员出勤"].values)
    assert listed[0][:6] == ("姓名", "身份证号", "用人单位", "班组", "在场天数", "出勤天数")
    row = next(row for row in listed if row[0] == "考勤视图甲")
    number = leader_doc["id_number"]
    assert "*" in row[1] and row[1][:3] == number[:3] and row[1][-3:] == number[-3:]  # masked as the lists show
    assert (row[2], row[3], row[5]) == (registry["enterprise_7"]["name"], "考勤视图甲", len(in_month))
    assert str(TODAY) in [r[0] for r in book["出勤汇总"].values]

    # 考勤日历: the site sees the days on its project
    calendar = site.get(f"{project}/people/{leader_id}/attendance", params={"month": MONTH}).json()
    assert calendar["days_worked"] == len(in_month)
    assert [day["day"] for day in calendar["days"]] == [str(day) for day in in_month]
    assert calendar["by_project"] == [{"project_id": registry["site_3"]["id"],
                                       "project_name": registry["site_3"]["name"], "days_worked": len(in_month)}]
    # the employer: its employee, from the day the employment was confirmed (today); another employer is refused
    employed = employer.get(f"/persons/{leader_id}/attendance", params={"month": MONTH})
    assert employed.status_code == 200, employed.text
    assert (employed.json()["days_worked"], [d["day"] for d in employed.json()["days"]]) == (1, [str(TODAY)])
    refused = another.get(f"/persons/{leader_id}/attendance", params={"month": MONTH})
    assert (refused.status_code, refused.json()["error"]) == (403, "FORBIDDEN")
    assert employer.get(f"/persons/{member_id}/attendance", params={"month": MONTH}).status_code == 403
    # the worker on the phone: their own calendar, nobody else's
    own = worker.get("/me/attendance/calendar", params={"month": MONTH})
    assert own.status_code == 200, own.text
    assert own.json()["days_worked"] == len(in_month) and own.json()["name"] == "考勤视图甲"
    assert worker.get(f"/persons/{member_id}/attendance", params={"month": MONTH}).status_code == 403
