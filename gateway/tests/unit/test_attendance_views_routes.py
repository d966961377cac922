"""出勤一览表 of a week or a month, its export and a person's 考勤日历 through the gateway, with a fake
attendance_svc: the period the view and day name, who may ask, and the .xlsx as a user opens it."""

import contextlib
import datetime as dt
import io
from types import SimpleNamespace

import jwt
import openpyxl
import pytest
from nameko.exceptions import RemoteError

from chassis.errors import ServiceError

SECRET = "unit-test-secret-of-sufficient-length"  # conftest.py signs tokens with it

PERIOD = {"start": "2026-11-30", "end": "2026-12-06", "on_site": 2, "attended": 2, "person_days_on_site": 14,
          "person_days_attended": 3, "rate": 0.2143,
          "days": [{"day": f"2026-{m:02d}-{d:02d}", "on_site": 2, "attended": 1 if d in (30, 1, 2) else 0,
                    "rate": 0.5 if d in (30, 1, 2) else 0.0} for m, d in ((11, 30), *((12, n) for n in range(1, 7)))],
          "by_team": [{"team": "钢筋一班", "people": 1, "on_site": 7, "attended": 2, "rate": 0.2857},
                      {"team": None, "people": 1, "on_site": 7, "attended": 1, "rate": 0.1429}],
          "by_employer": [{"employer": "甲劳务", "people": 2, "on_site": 14, "attended": 3, "rate": 0.2143}]}
PEOPLE = {"items": [{"person_id": 7, "name": "测试工人乙", "id_number_masked": "310101********1514",
                     "employer_name": "甲劳务", "team_name": "钢筋一班", "days_on_site": 7, "days_attended": 2,
                     "days": [{"day": "2026-11-30", "first_in": "2026-11-30T07:55:00+08:00",
                               "last_out": "2026-11-30T17:30:00+08:00"},
                              {"day": "2026-12-02", "first_in": None, "last_out": "2026-12-02T17:00:00+08:00"}]}],
          "total": 1}
CALENDAR = {"person_id": 7, "name": "测试工人乙", "month": "2026-12", "days_worked": 1,
            "by_project": [{"project_id": 3, "project_name": "测试项目三", "days_worked": 1}],
            "days": [{"day": "2026-12-02", "first_in": None, "last_out": "2026-12-02T17:00:00+08:00",
                      "projects": [{"project_id": 3, "first_in": None, "last_out": "2026-12-02T17:00:00+08:00"}]}]}


class FakeServices:
    """attendance_svc: records each call; ``answers`` and ``refusals`` by method name."""

    def __init__(self):
        self.calls, self.refusals = [], {}
        self.answers = {"attendance_period": PERIOD, "attendance_period_people": PEOPLE,
                        "person_attendance": CALENDAR}

    def method(self, name):
        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            if name in self.refusals:
                raise RemoteError("Refused", str(ServiceError("refused", code=self.refusals[name])))
            return self.answers[name]
        return call

    @contextlib.contextmanager
    def proxy(self, caller=None, idempotency_key=None):
        yield SimpleNamespace(attendance_svc=SimpleNamespace(**{name: self.method(name) for name in self.answers}))

    def called(self, name):
        return [(args, kwargs) for method, args, kwargs in self.calls if method == name]


def bearer(**claims):
    token = jwt.encode({"exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), **claims}, SECRET)
    return {"Authorization": f"Bearer {token}"}


AUTHORITY = bearer(sub="zj", role="authority", region_code="3101")
OTHER_SITE = bearer(sub="site_4", role="site", project_id=4)
WORKER = bearer(sub="310101198503021514", role="worker", person_id=12)
EMPLOYER = bearer(sub="jia", role="enterprise", enterprise_id=21)


@pytest.fixture
def services(app):
    fake = FakeServices()
    app.extensions["rpc"] = fake
    return fake


@pytest.mark.parametrize(("view", "day", "start", "end"), [
    ("day", "2026-12-02", "2026-12-02", "2026-12-02"),
    ("week", "2026-12-02", "2026-11-30", "2026-12-06"),  # Monday to Sunday
    ("week", "2026-12-06", "2026-11-30", "2026-12-06"),
    ("month", "2026-12-15", "2026-12-01", "2026-12-31"),
    ("month", "2028-02-03", "2028-02-01", "2028-02-29"),
])
def test_the_view_and_a_day_name_the_period_asked_for(client, services, site_3, view, day, start, end):
    response = client.get(f"/api/v1/projects/3/attendance/period?view={view}&day={day}", headers=site_3)
    assert response.status_code == 200, response.json
    assert services.called("attendance_period") == [((3, start, end), {})]
    assert response.json["view"] == view and response.json["by_team"][0]["people"] == 1


def test_another_projects_site_and_an_unknown_view_are_refused(client, services, site_3):
    assert client.get("/api/v1/projects/3/attendance/period?day=2026-12-01",
                      headers=OTHER_SITE).status_code == 403
    response = client.get("/api/v1/projects/3/attendance/period?view=year&day=2026-12-01", headers=site_3)
    assert response.status_code == 422 and "view" in response.json["fields"]
    assert services.called("attendance_period") == []


def test_more_lists_the_people_of_the_period_page_by_page(client, services, site_3):
    response = client.get("/api/v1/projects/3/attendance/period/people?view=week&day=2026-12-01&name=乙&page=2",
                          headers=site_3)
    assert response.status_code == 200
    assert response.json["items"][0]["days"][0]["first_in"] == "2026-11-30T07:55:00+08:00"
    assert services.called("attendance_period_people") == [
        ((3, "2026-11-30", "2026-12-06"), {"name": "乙", "page": 2, "page_size": 20})]


def test_the_export_is_a_workbook_with_chinese_columns_and_masked_numbers(client, services, site_3):
    response = client.get("/api/v1/projects/3/attendance/export?view=week&day=2026-12-02", headers=site_3)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["出勤汇总", "按班组", "按用人单位", "人员出勤"]
    summary = list(book["出勤汇总"].values)
    assert summary[0] == ("日期", "在场人数", "出勤人数", "出勤率")
    assert summary[1] == ("2026-11-30", 2, 1, "50.0%")
    assert summary[-1] == ("合计（人天）", 14, 3, "21.4%")
    teams = list(book["按班组"].values)
    assert teams[2][0] == "未分班组"
    people = list(book["人员出勤"].values)
    assert people[0][:6] == ("姓名", "身份证号", "用人单位", "班组", "在场天数", "出勤天数")
    assert people[0][6:] == ("11-30", "12-01", "12-02", "12-03", "12-04", "12-05", "12-06")
    row = people[1]
    assert row[:6] == ("测试工人乙", "310101********1514", "甲劳务", "钢筋一班", 7, 2)
    assert (row[6], row[7], row[8]) == ("07:55–17:30", None, "—–17:00")


def test_the_export_in_english(client, services, site_3):
    response = client.get("/api/v1/projects/3/attendance/export?view=month&day=2026-12-02",
                          headers={**site_3, "Accept-Language": "en"})
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Summary", "By team", "By employer", "People"]
    assert services.called("attendance_period") == [((3, "2026-12-01", "2026-12-31"), {})]


def test_the_calendar_of_a_person_as_the_site_the_employer_and_the_worker(client, services, site_3):
    assert client.get("/api/v1/projects/3/people/7/attendance?month=2026-12", headers=site_3).json["days_worked"] == 1
    assert client.get("/api/v1/persons/7/attendance?month=2026-12", headers=EMPLOYER).status_code == 200
    assert client.get("/api/v1/me/attendance/calendar?month=2026-12", headers=WORKER).status_code == 200
    assert services.called("person_attendance") == [((7, "2026-12", 3), {}), ((7, "2026-12"), {}),
                                                    ((12, "2026-12"), {})]
    # the site route is the site's; the employer's route is not the site's; a month is YYYY-MM
    assert client.get("/api/v1/projects/3/people/7/attendance?month=2026-12", headers=OTHER_SITE).status_code == 403
    assert client.get("/api/v1/persons/7/attendance?month=2026-12", headers=site_3).status_code == 403
    assert client.get("/api/v1/persons/7/attendance?month=2026-13", headers=AUTHORITY).status_code == 422


def test_an_employer_asking_for_someone_elses_employee_is_refused(client, services):
    services.refusals["person_attendance"] = "FORBIDDEN"
    response = client.get("/api/v1/persons/8/attendance?month=2026-12", headers=EMPLOYER)
    assert (response.status_code, response.json["error"]) == (403, "FORBIDDEN")
