"""siteaccess_svc in a real container beside the services it asks, on the test bus and real databases."""

import datetime as dt
import random

import pytest
from nameko.exceptions import RemoteError

from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from chassis.platform import PLATFORM_SERVICES
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(31)
TODAY = days.today()


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def platform(run_service):
    for service in PLATFORM_SERVICES:
        run_service(service)


@pytest.fixture
def site(platform, rpc_as):
    """A project with a general contractor and a labour subcontractor, and its site staff's proxy."""
    admin = rpc_as(AUTHORITY)
    contractor = admin.employment_svc.register_enterprise(
        {"name": "测试总包", "credit_code": credit_code(rng), "unit_type": "general_contractor"})
    employer = admin.employment_svc.register_enterprise(
        {"name": "测试劳务", "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
    project = admin.project_svc.create_project(
        {"registration_number": f"T{rng.randrange(10**9)}", "name": "测试项目",
         "general_contractor_id": contractor["id"]})
    staff = rpc_as(Caller("site", "site", project_id=project["id"]))
    return {"project": project, "employer": employer, "rpc": staff}


def registered_person(rpc, name="测试工人"):
    number = resident_id_number(rng)
    rpc.identity_svc.register_person({"id_number": number, "name": name})
    return number


def terms(site, **overrides):
    return {"employer_id": site["employer"]["id"], "trade": "020", "education": "71",
            "entry_date": str(TODAY - dt.timedelta(days=5)), **overrides}


@pytest.fixture
def events(platform, subscribe):
    """What a subscriber outside the platform receives: ``events(2)``, the first two envelopes."""
    return subscribe("siteaccess_svc").wait_for


def test_a_registered_person_enters_and_the_entry_is_published(site, events):
    rpc, project = site["rpc"], site["project"]
    number = registered_person(rpc, "进场甲")
    entry = rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": number, "phone": "13912345204"})
    assert entry["name"] == "进场甲" and entry["state"] == "on_site"
    assert entry["employer_name"] == "测试劳务" and entry["project_name"] == "测试项目"
    assert entry["phone_masked"] == "139****5204" and entry["team_leader_name"] is None
    (published,) = events(1)
    assert published["event_type"] == "person_entered"
    assert published["data"]["entry_id"] == entry["id"] and number not in str(published)


def test_a_person_without_a_record_is_sent_to_the_unregistered_form(site):
    error = refusal(lambda: site["rpc"].siteaccess_svc.enter(
        site["project"]["id"], {**terms(site), "id_number": resident_id_number(rng)}))
    assert error["code"] == "PERSON_NOT_REGISTERED"


def test_the_same_person_cannot_be_on_the_site_twice(site):
    rpc, project = site["rpc"], site["project"]
    number = registered_person(rpc)
    rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": number})
    assert refusal(lambda: rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": number}))["code"] \
        == "ALREADY_ON_SITE"


def test_unregistered_entry_creates_both_and_a_refused_entry_can_be_retried(site):
    rpc, project = site["rpc"], site["project"]
    document = {"id_number": resident_id_number(rng), "name": "非正常甲", "ethnicity": "01"}
    refused = refusal(lambda: rpc.siteaccess_svc.enter_unregistered(
        project["id"], document, terms(site, is_team_leader=True)))
    assert refused["code"] == "TEAM_LEADER_NEEDS_PHONE"
    assert refused["fields"] == {"entry.phone": "TEAM_LEADER_NEEDS_PHONE"}
    # the refused form left no record behind that would keep what the user then corrects
    assert refusal(lambda: rpc.identity_svc.find_by_id_number("01", document["id_number"]))["code"] \
        == "PERSON_NOT_FOUND"
    result = rpc.siteaccess_svc.enter_unregistered(
        project["id"], {**document, "name": "非正常乙"}, terms(site, is_team_leader=True, phone="13912345204"))
    assert result["person_created"] is True
    assert result["person"]["verification_state"] == "unverified"
    assert (result["entry"]["name"], result["entry"]["is_team_leader"]) == ("非正常乙", True)
    # the number is on record now: the same form again is shown the record, and what differs from it
    again = refusal(lambda: rpc.siteaccess_svc.enter_unregistered(project["id"], document, terms(site)))
    assert again["code"] == "PERSON_ALREADY_REGISTERED"
    assert again["details"]["on_file"]["name"] == "非正常乙"
    assert again["details"]["on_file"]["person_id"] == result["person"]["id"]
    assert again["details"]["differences"] == ["name"]


def test_the_unregistered_form_changes_nothing_of_a_record_on_file(site, rpc_as):
    rpc, project = site["rpc"], site["project"]
    number = registered_person(rpc_as(AUTHORITY), "别处登记")
    refused = refusal(lambda: rpc.siteaccess_svc.enter_unregistered(
        project["id"], {"id_number": number, "name": "打错的名字", "ethnicity": "02"}, terms(site)))
    assert refused["code"] == "PERSON_ALREADY_REGISTERED"
    # registered by the authority: the site's scope shows the summary, and compares only what it shows
    assert set(refused["details"]["on_file"]) == {"person_id", "name", "gender", "id_type", "id_number_masked",
                                                  "verification_state"}
    assert refused["details"]["differences"] == ["name"]
    assert rpc_as(AUTHORITY).identity_svc.find_by_id_number("01", number)["name"] == "别处登记"
    assert rpc.siteaccess_svc.query_entries({"person": number})["total"] == 0


def test_a_bad_document_in_the_unregistered_form_names_the_person_part(site):
    refused = refusal(lambda: site["rpc"].siteaccess_svc.enter_unregistered(
        site["project"]["id"], {"id_number": "310104198001011230", "name": "校验"}, terms(site)))
    assert refused["fields"] == {"person.id_number": "ID_NUMBER_CHECK_DIGIT"}


def test_a_batch_exit_exits_the_others_when_one_is_refused(site, events):
    rpc, project = site["rpc"], site["project"]
    first, second, third = (
        rpc.siteaccess_svc.enter(project["id"],
                                 {**terms(site, entry_date=str(day)), "id_number": registered_person(rpc)})
        for day in (TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=8), TODAY)
    )
    rpc.siteaccess_svc.exit({"entry_ids": [first["id"]], "exit_date": str(TODAY - dt.timedelta(days=1)),
                             "evaluation": "good"})
    result = rpc.siteaccess_svc.exit({
        "entry_ids": [first["id"], second["id"], third["id"]], "exit_date": str(TODAY - dt.timedelta(days=1)),
        "evaluation": "excellent", "evaluation_comment": "按期完成"})
    assert [entry["id"] for entry in result["exited"]] == [second["id"]]
    assert result["exited"][0]["evaluation"] == "excellent" and result["exited"][0]["state"] == "exited"
    assert {(r["entry_id"], r["error"]) for r in result["refused"]} == {
        (first["id"], "ALREADY_EXITED"), (third["id"], "EXIT_BEFORE_ENTRY")}
    published = [e for e in events(5) if e["event_type"] == "person_exited"]
    assert [e["data"]["entry_id"] for e in published] == [first["id"], second["id"]]
    assert published[1]["data"]["evaluation"] == "excellent"


def test_an_edit_is_kept_with_what_changed_who_and_when(site):
    rpc, project = site["rpc"], site["project"]
    entry = rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": registered_person(rpc)})
    edited = rpc.siteaccess_svc.update_entry(entry["id"], {"trade": "030", "phone": "13812345678"})
    assert edited["trade"] == "030" and edited["phone_masked"] == "138****5678"
    (change,) = rpc.siteaccess_svc.entry_history(entry["id"])
    assert change["changed_by"] == "site"
    assert change["changes"] == [
        {"field": "phone", "old": None, "new": "138****5678"},
        {"field": "trade", "old": "钢筋工", "new": "架子工", "old_code": "020", "new_code": "030"},
    ]


def test_a_leader_who_leads_people_stays_one_and_nobody_leads_themself(site):
    rpc, project = site["rpc"], site["project"]
    leader = rpc.siteaccess_svc.enter(project["id"], {**terms(site, is_team_leader=True, phone="13912345204"),
                                                      "id_number": registered_person(rpc, "队长甲")})
    assert leader["team_leader_name"] == "队长甲"  # 所属劳务队 of a leader: their own
    member = rpc.siteaccess_svc.enter(project["id"], {**terms(site, team_leader_entry_id=leader["id"]),
                                                      "id_number": registered_person(rpc, "队员甲")})
    refused = refusal(lambda: rpc.siteaccess_svc.update_entry(leader["id"], {"is_team_leader": False}))
    assert (refused["code"], refused["fields"]) == ("TEAM_LEADER_HAS_MEMBERS",
                                                    {"is_team_leader": "TEAM_LEADER_HAS_MEMBERS"})
    assert refused["details"] == {"members": [{"entry_id": member["id"], "name": "队员甲"}]}
    self_led = refusal(lambda: rpc.siteaccess_svc.update_entry(member["id"], {"team_leader_entry_id": member["id"]}))
    assert self_led["fields"] == {"team_leader_entry_id": "TEAM_LEADER_IS_SELF"}
    assert rpc.siteaccess_svc.entry_history(leader["id"]) == rpc.siteaccess_svc.entry_history(member["id"]) == []
    # once the member has left, the leader may stop leading
    rpc.siteaccess_svc.exit({"entry_ids": [member["id"]], "exit_date": str(TODAY), "evaluation": "good"})
    assert rpc.siteaccess_svc.update_entry(leader["id"], {"is_team_leader": False})["is_team_leader"] is False


def test_the_team_leader_list_shows_leaders_on_site_and_those_who_left(site, rpc_as):
    rpc, project = site["rpc"], site["project"]
    staying, leaving = (
        rpc.siteaccess_svc.enter(project["id"], {**terms(site, is_team_leader=True, phone="13912345204"),
                                                 "id_number": registered_person(rpc, name)})
        for name in ("留队长", "走队长"))
    rpc.siteaccess_svc.exit({"entry_ids": [leaving["id"]], "exit_date": str(TODAY), "evaluation": "good"})
    every = rpc.siteaccess_svc.team_leaders({})
    assert [(leader["name"], leader["state"]) for leader in every] == [("留队长", "on_site"), ("走队长", "exited")]
    assert every[0] == {"entry_id": staying["id"], "name": "留队长", "employer_id": site["employer"]["id"],
                        "employer_name": "测试劳务", "project_id": project["id"], "project_name": "测试项目",
                        "state": "on_site"}
    assert [leader["name"] for leader in rpc.siteaccess_svc.team_leaders({"state": "on_site"})] == ["留队长"]
    enterprise = rpc_as(Caller("enterprise", "e", enterprise_id=site["employer"]["id"]))
    assert [leader["entry_id"] for leader in enterprise.siteaccess_svc.team_leaders({})] == [
        staying["id"], leaving["id"]]
    assert rpc_as(AUTHORITY).siteaccess_svc.team_leaders({"project_id": project["id"]}) == every


def test_the_roster_follows_a_name_corrected_in_the_real_name_record(site):
    rpc, project = site["rpc"], site["project"]
    number = registered_person(rpc, "旧名字")
    entry = rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": number})
    rpc.identity_svc.update_person(entry["person_id"], {"name": "新名字"})

    def roster_shows_the_new_name():
        assert [e["name"] for e in rpc.siteaccess_svc.query_entries({"person": "名字"})["items"]] == ["新名字"]

    eventually(roster_shows_the_new_name)


def test_a_name_fragment_finds_the_names_that_hold_it_and_no_others(site):
    rpc, project = site["rpc"], site["project"]
    for name in ("王秀英", "秀英王秀", "张伟", "李50%_/"):
        rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": registered_person(rpc, name)})

    def found(fragment):
        page = rpc.siteaccess_svc.query_entries({"person": fragment})
        assert page["total"] == len(page["items"])
        exported = sorted(row["name"] for row in rpc.siteaccess_svc.export_entries({"person": fragment})["rows"])
        assert sorted(entry["name"] for entry in page["items"]) == exported
        return exported

    assert found("王秀") == ["王秀英", "秀英王秀"]
    assert found("王秀英") == ["王秀英"]  # 秀英王秀 holds both of its pairs, but not side by side
    assert found("伟") == ["张伟"]
    assert found("%_") == ["李50%_/"]  # wildcards are characters like any other
    assert found("_") == found("/") == ["李50%_/"]
    assert found("王伟") == []


def test_the_roster_pages_newest_entry_first_and_counts_every_match(site):
    rpc, project = site["rpc"], site["project"]
    for days_ago in (3, 9, 1, 5, 7):
        rpc.siteaccess_svc.enter(project["id"], {**terms(site, entry_date=str(TODAY - dt.timedelta(days=days_ago))),
                                                 "id_number": registered_person(rpc)})
    pages = [rpc.siteaccess_svc.query_entries({"page": number, "page_size": 2}) for number in (1, 2, 3)]
    assert [page["total"] for page in pages] == [5, 5, 5]
    assert [[entry["entry_date"] for entry in page["items"]] for page in pages] == [
        [str(TODAY - dt.timedelta(days=days)) for days in chunk] for chunk in ((1, 3), (5, 7), (9,))]


def test_another_site_sees_and_exits_nothing_of_this_one(site, rpc_as):
    rpc, project = site["rpc"], site["project"]
    entry = rpc.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": registered_person(rpc)})
    other = rpc_as(Caller("site", "other", project_id=project["id"] + 1000))
    assert other.siteaccess_svc.query_entries({})["total"] == 0
    for asking in (lambda: other.siteaccess_svc.query_entries({"project_id": project["id"]}),
                   lambda: other.siteaccess_svc.export_entries({"project_id": project["id"]}),
                   lambda: other.siteaccess_svc.team_leaders({"project_id": project["id"]}),
                   lambda: other.siteaccess_svc.entry_history(entry["id"])):
        assert refusal(asking)["code"] == "FORBIDDEN"
    assert other.siteaccess_svc.exit({"entry_ids": [entry["id"]], "exit_date": str(TODAY), "evaluation": "poor"})[
        "refused"] == [{"entry_id": entry["id"], "name": None, "error": "ENTRY_NOT_FOUND"}]
    assert refusal(lambda: other.siteaccess_svc.enter(project["id"], {**terms(site), "id_number": "x"}))["code"] \
        == "FORBIDDEN"
