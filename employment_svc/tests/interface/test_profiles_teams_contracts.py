"""基本信息登记, 班组 and 劳动合同: employment_svc in a real container on a real database.

The relations are written straight into the service's table: here they are the starting point, not the subject.
"""

import base64
import datetime as dt
import random

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually
from employment_svc.models import EmploymentRelation

AUTHORITY = Caller("authority", "jianguan")
rng = random.Random(83)
TODAY = days.today()
CARD = "6222021234567890128"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


@pytest.fixture
def world(database_url, run_service, rpc_as, subscribe):
    url = database_url("employment_svc")
    run_service("employment_svc", url)
    run_service("identity_svc")
    events = subscribe("employment_svc")
    admin = rpc_as(AUTHORITY)
    employers = [admin.employment_svc.register_enterprise(
        {"name": name, "credit_code": credit_code(rng), "unit_type": "labour_subcontractor"})
        for name in ("甲劳务", "乙劳务")]
    engine = create_engine(url)

    def relation(name, enterprise=0, state="employed", role="worker", person_id=None):
        with Session(engine) as session:
            row = EmploymentRelation(
                enterprise_id=employers[enterprise]["id"], person_id=person_id or rng.randrange(1, 10**8),
                person_name=name, id_type="01", id_number_masked="310*****123", role=role, state=state,
                requested_by="test")
            session.add(row)
            session.commit()
            return row.id

    yield {"rpc": rpc_as(Caller("enterprise", "jia", enterprise_id=employers[0]["id"])),
           "other": rpc_as(Caller("enterprise", "yi", enterprise_id=employers[1]["id"])),
           "admin": admin, "relation": relation, "events": events, "employers": employers}
    engine.dispose()


def published(events, event_type):
    """The events of that type received so far, once there is one."""

    def seen():
        found = [e for e in events.wait_for(1) if e["event_type"] == event_type]
        assert found, f"no {event_type} yet"
        return found

    return eventually(seen)


def form(**overrides):
    return {"phone": "13912345204", "trade": "020", "education": "04", "politics": "13", **overrides}


def test_a_profile_is_saved_with_its_numbers_encrypted_and_shown_masked(world):
    rpc, relation_id = world["rpc"], world["relation"]("完善甲")
    saved = rpc.employment_svc.save_profile(relation_id, form(
        role="manager", position="项目经理", bank="102", wage_card_number=CARD, wage_scheme="day", daily_wage="160",
        emergency_contact_name="紧急联系人", emergency_contact_phone="13812345678"))
    assert saved["person_name"] == "完善甲" and saved["role"] == "manager" and saved["state"] == "employed"
    assert saved["phone_masked"] == "139****5204" and saved["wage_card_masked"] == "6222****0128"
    assert saved["emergency_contact_phone_masked"] == "138****5678" and saved["daily_wage"] == "160.00"
    assert CARD not in str(saved) and "13912345204" not in str(saved)
    # an edit without the secret numbers keeps them
    edited = rpc.employment_svc.save_profile(relation_id, form(trade="030", phone="13700000000", bank="102"))
    assert (edited["trade"], edited["phone_masked"]) == ("030", "137****0000")
    assert edited["wage_card_masked"] == "6222****0128" and edited["position"] is None
    kept = rpc.employment_svc.save_profile(relation_id, {"trade": "240", "bank": "103"})
    assert (kept["phone_masked"], kept["trade"], kept["bank"]) == ("137****0000", "240", "103")
    assert rpc.employment_svc.get_profile(relation_id)["trade"] == "240"
    updates = published(world["events"], "worker_profile_updated")
    assert updates[0]["data"]["phone_masked"] == "139****5204" and CARD not in str(updates)


def test_every_invalid_field_is_named(world):
    refused = refusal(lambda: world["rpc"].employment_svc.save_profile(world["relation"]("校验甲"), form(
        phone="123", bank="102", wage_card_number=CARD[:-1] + "9", wage_scheme="piece", trade="999")))
    assert refused["code"] == "INVALID_INPUT" and refused["fields"] == {"trade": "NOT_ALLOWED"}
    refused = refusal(lambda: world["rpc"].employment_svc.save_profile(world["relation"]("校验乙"), form(
        phone="123", bank="102", wage_card_number=CARD[:-1] + "9", wage_scheme="piece")))
    assert refused["code"] == "INVALID_PROFILE"
    assert refused["fields"] == {"phone": "PHONE_FORMAT", "wage_card_number": "WAGE_CARD_CHECK_DIGIT",
                                 "unit_price": "REQUIRED", "piece_unit": "REQUIRED"}


def test_only_the_employer_and_only_for_its_employees_now(world):
    rpc, relation = world["rpc"], world["relation"]
    assert refusal(lambda: rpc.employment_svc.save_profile(relation("待确认", state="pending"), form()))["code"] \
        == "NOT_AN_EMPLOYEE"
    theirs = relation("别家", enterprise=1)
    assert refusal(lambda: rpc.employment_svc.save_profile(theirs, form()))["code"] == "EMPLOYMENT_NOT_FOUND"
    assert refusal(lambda: world["admin"].employment_svc.save_profile(theirs, form()))["code"] == "FORBIDDEN"


def test_the_list_filters_by_name_state_team_and_id_number(world):
    rpc, relation = world["rpc"], world["relation"]
    number = resident_id_number(rng)
    person = world["admin"].identity_svc.register_person({"id_number": number, "name": "列表甲"})["person"]
    first = relation("列表甲", person_id=person["id"])
    second = relation("列表乙")
    for relation_id in (first, second):
        rpc.employment_svc.save_profile(relation_id, form())
    team = rpc.employment_svc.create_team({"name": "钢筋班", "kind": "workers", "trade": "020"})
    rpc.employment_svc.move_member(second, team["id"])
    assert [p["person_name"] for p in rpc.employment_svc.list_profiles({})["items"]] == ["列表乙", "列表甲"]
    assert [p["relation_id"] for p in rpc.employment_svc.list_profiles({"name": "甲"})["items"]] == [first]
    assert [p["relation_id"] for p in rpc.employment_svc.list_profiles({"team_id": team["id"]})["items"]] == [second]
    assert [p["relation_id"] for p in rpc.employment_svc.list_profiles({"id_number": number[-6:]})["items"]] \
        == [first]
    assert rpc.employment_svc.list_profiles({"state": "ended"})["total"] == 0
    assert world["other"].employment_svc.list_profiles({})["total"] == 0
    page = rpc.employment_svc.export_profiles({}, None, 1)
    assert page["total"] == 2 and len(page["rows"]) == 1
    assert rpc.employment_svc.export_profiles({}, page["after"], 1)["rows"][0]["relation_id"] == first


def test_a_team_keeps_its_leader_among_its_members(world):
    rpc, relation = world["rpc"], world["relation"]
    leader, member, successor = relation("班长甲"), relation("组员乙"), relation("班长丙")
    team = rpc.employment_svc.create_team({"name": "木工班", "kind": "workers", "trade": "240",
                                           "leader_relation_id": leader})
    assert (team["leader_name"], team["member_count"]) == ("班长甲", 1)
    assert rpc.employment_svc.get_profile(leader)["is_team_leader"] is True
    assert refusal(lambda: rpc.employment_svc.create_team({"name": "木工班", "kind": "workers"}))["fields"] == {
        "name": "TEAM_NAME_TAKEN"}
    rpc.employment_svc.save_profile(member, form(team_id=team["id"]))
    rpc.employment_svc.save_profile(successor, form(team_id=team["id"], is_team_leader=True))
    assert rpc.employment_svc.get_profile(leader)["is_team_leader"] is False
    members = rpc.employment_svc.team_members(team["id"])
    assert [(m["person_name"], m["is_team_leader"]) for m in members] == [
        ("班长丙", True), ("班长甲", False), ("组员乙", False)]
    # a leader moved out stops leading; a team with people in it is not dissolved
    rpc.employment_svc.move_member(successor, None)
    assert rpc.employment_svc.list_teams({})["items"][0]["leader_relation_id"] is None
    refused = refusal(lambda: rpc.employment_svc.dissolve_team(team["id"]))
    assert (refused["code"], refused["details"]) == ("TEAM_NOT_EMPTY", {"member_count": 2})
    for relation_id in (leader, member):
        rpc.employment_svc.move_member(relation_id, None)
    assert rpc.employment_svc.dissolve_team(team["id"])["dissolved"] is True
    assert rpc.employment_svc.list_teams({})["total"] == 0
    assert published(world["events"], "team_dissolved")[0]["data"]["team_id"] == team["id"]
    assert published(world["events"], "team_created")[0]["data"]["leader_person_id"] is not None
    changes = published(world["events"], "team_member_changed")
    assert [c["data"]["is_leader"] for c in changes if c["data"]["relation_id"] == leader][:2] == [True, False]


def test_a_leader_must_be_an_employee_of_the_team_s_employer(world):
    rpc, relation = world["rpc"], world["relation"]
    refused = refusal(lambda: rpc.employment_svc.create_team({
        "name": "外人班", "kind": "workers", "leader_relation_id": relation("别家", enterprise=1)}))
    assert refused["fields"] == {"leader_relation_id": "UNKNOWN_EMPLOYEE"}
    assert rpc.employment_svc.list_teams({})["total"] == 0


def test_contracts_show_who_has_signed_and_what_ends_soon(world):
    rpc, relation = world["rpc"], world["relation"]
    signed, unsigned = relation("已签甲"), relation("未签乙")
    contract = rpc.employment_svc.save_contract(signed, {
        "number": "HT-001", "contract_type": "fixed", "signed_on": str(TODAY),
        "starts_on": str(TODAY), "ends_on": str(TODAY + dt.timedelta(days=20))})
    assert contract["documents"] == []
    everyone = rpc.employment_svc.list_contracts({})
    assert [(i["person_name"], i["signed"], i["expiring"]) for i in everyone["items"]] == [
        ("已签甲", True, True), ("未签乙", False, False)]
    assert [i["relation_id"] for i in rpc.employment_svc.list_contracts({"signed": False})["items"]] == [unsigned]
    assert [i["relation_id"] for i in rpc.employment_svc.list_contracts(
        {"expiring_within_days": 30})["items"]] == [signed]
    assert published(world["events"], "contract_signed")[0]["data"]["contract_id"] == contract["id"]


def test_a_contract_photo_is_checked_kept_served_to_its_employer_only_and_deleted(world):
    rpc, relation_id = world["rpc"], world["relation"]("合同甲")
    contract = rpc.employment_svc.save_contract(relation_id, {
        "number": "HT-002", "contract_type": "open", "signed_on": str(TODAY), "starts_on": str(TODAY)})
    refused = refusal(lambda: rpc.employment_svc.add_contract_document(
        contract["id"], "合同.pdf", "application/pdf", base64.b64encode(b"GIF89a....").decode()))
    assert (refused["code"], refused["fields"]) == ("DOCUMENT_REFUSED", {"file": "DOCUMENT_TYPE_NOT_ALLOWED"})
    document = rpc.employment_svc.add_contract_document(contract["id"], "合同.pdf", "image/png",
                                                        base64.b64encode(PDF).decode())
    assert (document["content_type"], document["size"]) == ("application/pdf", len(PDF))
    fetched = rpc.employment_svc.get_contract_document(document["id"])
    assert base64.b64decode(fetched["content_base64"]) == PDF and fetched["filename"] == "合同.pdf"
    assert refusal(lambda: world["other"].employment_svc.get_contract_document(document["id"]))["code"] \
        == "DOCUMENT_NOT_FOUND"
    assert world["admin"].employment_svc.get_contract_document(document["id"])["filename"] == "合同.pdf"
    listed = rpc.employment_svc.list_contracts({})["items"][0]["contract"]["documents"]
    assert [d["id"] for d in listed] == [document["id"]]
    rpc.employment_svc.delete_contract_document(document["id"])
    assert refusal(lambda: rpc.employment_svc.get_contract_document(document["id"]))["code"] == "DOCUMENT_NOT_FOUND"
