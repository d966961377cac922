"""管理人员登记 (manual 004 §4.1) in a real identity_svc container against a real database: the profile and its
sections, the documents, the event, and an employer's scope fed by employment_svc's events."""

import base64
import datetime as dt
import random
import uuid

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.events import event_dispatcher

from chassis import days
from chassis.caller import Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import resident_id_number
from devtools.testing import eventually

AUTHORITY = Caller("authority", "jianguan", region_code="310000")
ENTERPRISE_7 = Caller("enterprise", "qiye7", enterprise_id=7)
ENTERPRISE_8 = Caller("enterprise", "qiye8", enterprise_id=8)
SITE_3 = Caller("site", "site3", project_id=3)
TODAY = days.today()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200)
PDF = b"%PDF-1.4\n%test\n" + bytes(200)

rng = random.Random(404)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def encoded(content):
    return base64.b64encode(content).decode()


def profile(**overrides):
    return {
        "former_name": "测试曾用名", "social_insurance": "上海市城镇职工社会保险", "professional_title": "工程师",
        "social_insurance_proof_date": str(TODAY - dt.timedelta(days=10)), "hukou_type": "1",
        "hukou_location": "上海市徐汇区", "residence_address": "上海市浦东新区", "residence_detail": "测试路1号",
        "native_place": "江苏省南通市", "marital_status": "02", "highest_education": "06",
        "highest_education_type": "1", "highest_degree": "4",
        "education": [
            {"school": "测试第一中学", "starts_on": "2001-09-01", "ends_on": "2004-07-01", "graduated": True},
            {"school": "测试大学", "starts_on": "2004-09-01", "ends_on": "2008-07-01", "major": "土木工程",
             "graduated": True},
        ],
        "emergency_contacts": [{"relationship": "配偶", "name": "测试联系人", "phone": "13912345678"}],
        "trainings": [{"institution": "测试培训中心", "course": "安全生产", "trained_on": "2020-05-01",
                       "score": "合格"}],
        "titles": [{"title_name": "工程师", "title_level": "3", "granted_by": "测试人社局",
                    "granted_on": "2015-01-01"}],
        "licences": [{"licence_number": "沪131000000001", "licence_name": "一级建造师", "expires_on": "2028-01-01"}],
        "awards": [{"award_name": "优秀项目经理", "awarded_by": "测试协会", "awarded_on": "2022-12-01"}],
        **overrides,
    }


@pytest.fixture
def identity(run_service):
    return run_service("identity_svc")


@pytest.fixture
def manager(identity, rpc_as):
    """A person registered by enterprise 7."""
    return rpc_as(ENTERPRISE_7).identity_svc.register_person(
        {"id_number": resident_id_number(rng, dt.date(1985, 3, 2)), "name": "管理测试", "ethnicity": "01"})["person"]


def test_a_saved_profile_comes_back_whole_with_the_contacts_phone_masked(identity, rpc_as, manager):
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    saved = rpc.save_manager_profile(manager["id"], profile())
    assert saved == rpc.get_manager_profile(manager["id"])
    assert saved["person"]["name"] == "管理测试" and saved["age"] == days.today().year - 1985 - (
        (TODAY.month, TODAY.day) < (3, 2))
    assert [row["school"] for row in saved["education"]] == ["测试第一中学", "测试大学"]
    contact = saved["emergency_contacts"][0]
    assert contact["phone_masked"] == "139****5678" and "phone" not in contact
    assert saved["social_insurance_proof_age_days"] == 10 and saved["social_insurance_proof_expired"] is False
    assert saved["editable"] is True and saved["updated_by"] == "qiye7"


def test_a_section_is_replaced_as_a_whole_and_a_contact_keeps_its_phone_by_id(identity, rpc_as, manager):
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    first = rpc.save_manager_profile(manager["id"], profile())
    kept = first["emergency_contacts"][0]
    again = rpc.save_manager_profile(manager["id"], profile(
        education=[{"school": "另一所大学"}], awards=[],
        emergency_contacts=[{"id": kept["id"], "relationship": "配偶", "name": "改名"},
                            {"relationship": "父亲", "name": "测试父亲", "phone": "021-61234567"}]))
    assert [row["school"] for row in again["education"]] == ["另一所大学"] and again["awards"] == []
    assert [(c["name"], c["phone_masked"]) for c in again["emergency_contacts"]] == [
        ("改名", "139****5678"), ("测试父亲", "021****4567")]
    missing = refusal(lambda: rpc.save_manager_profile(manager["id"], profile(
        emergency_contacts=[{"relationship": "母亲", "name": "无号码"}])))
    assert missing["fields"] == {"emergency_contacts.0.phone": "REQUIRED"}


def test_refusals_name_each_row_and_field_and_store_nothing(identity, rpc_as, manager):
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    error = refusal(lambda: rpc.save_manager_profile(manager["id"], profile(education=[
        {"school": "一中"}, {"school": "二中"}, {"school": "", "starts_on": "2008-09-01"}])))
    assert error["code"] == "INVALID_INPUT" and error["fields"] == {"education.2.school": "REQUIRED"}
    error = refusal(lambda: rpc.save_manager_profile(manager["id"], profile(
        education=[{"school": "大学", "starts_on": "2008-09-01", "ends_on": "2004-07-01"}],
        emergency_contacts=[{"relationship": "父亲", "name": "测试", "phone": "123"}])))
    assert error["code"] == "INVALID_MANAGER_PROFILE"
    assert error["fields"] == {"education.0.ends_on": "ENDS_BEFORE_START", "emergency_contacts.0.phone": "PHONE_FORMAT"}
    assert rpc.get_manager_profile(manager["id"])["education"] == []


def test_an_old_proof_is_flagged(identity, rpc_as, manager):
    saved = rpc_as(AUTHORITY).identity_svc.save_manager_profile(manager["id"], profile(
        social_insurance_proof_date=str(TODAY - dt.timedelta(days=61))))
    assert saved["social_insurance_proof_expired"] is True and saved["social_insurance_proof_age_days"] == 61


def test_who_may_read_and_write_a_profile(identity, rpc_as, manager):
    rpc_as(ENTERPRISE_7).identity_svc.save_manager_profile(manager["id"], profile())
    assert refusal(lambda: rpc_as(ENTERPRISE_8).identity_svc.get_manager_profile(manager["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(ENTERPRISE_8).identity_svc.save_manager_profile(
        manager["id"], profile()))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(SITE_3).identity_svc.save_manager_profile(
        manager["id"], profile()))["code"] == "FORBIDDEN"
    assert rpc_as(AUTHORITY).identity_svc.get_manager_profile(manager["id"])["former_name"] == "测试曾用名"
    assert refusal(lambda: rpc_as(AUTHORITY).identity_svc.get_manager_profile(10**6))["code"] == "PERSON_NOT_FOUND"


def test_documents_are_kept_typed_by_their_bytes_and_served_only_within_scope(identity, rpc_as, manager):
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    photo = rpc.add_person_document(manager["id"], "photo", "相片.jpg", "image/png", encoded(JPEG))
    assert (photo["kind"], photo["content_type"], photo["size"]) == ("photo", "image/jpeg", len(JPEG))
    proof = rpc.add_person_document(manager["id"], "social_insurance_proof", "../社保.pdf", "application/pdf",
                                    encoded(PDF))
    assert proof["filename"] == "社保.pdf"
    fetched = rpc.get_person_document(photo["id"])
    assert base64.b64decode(fetched["content_base64"]) == JPEG and fetched["filename"] == "相片.jpg"
    # a second photo replaces the first
    second = rpc.add_person_document(manager["id"], "photo", "new.jpg", "image/jpeg", encoded(JPEG))
    assert [(d["kind"], d["id"]) for d in rpc.get_manager_profile(manager["id"])["documents"]] == [
        ("social_insurance_proof", proof["id"]), ("photo", second["id"])]
    assert refusal(lambda: rpc.get_person_document(photo["id"]))["code"] == "PERSON_DOCUMENT_NOT_FOUND"

    wrong = refusal(lambda: rpc.add_person_document(manager["id"], "photo", "x.jpg", "image/jpeg", encoded(PDF)))
    assert wrong["code"] == "PERSON_DOCUMENT_TYPE_NOT_ALLOWED" and wrong["details"]["allowed"] == [
        "image/jpeg", "image/png"]
    other = rpc_as(ENTERPRISE_8).identity_svc
    assert refusal(lambda: other.get_person_document(proof["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: other.delete_person_document(proof["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: other.add_person_document(
        manager["id"], "attachment", "a.pdf", "application/pdf", encoded(PDF)))["code"] == "FORBIDDEN"

    rpc.delete_person_document(proof["id"])
    assert [d["id"] for d in rpc.get_manager_profile(manager["id"])["documents"]] == [second["id"]]


def test_every_change_is_published_with_counts_and_masked_data_only(identity, rpc_as, manager, subscribe):
    events = subscribe("identity_svc")
    rpc = rpc_as(ENTERPRISE_7).identity_svc
    rpc.save_manager_profile(manager["id"], profile())
    rpc.add_person_document(manager["id"], "attachment", "a.pdf", "application/pdf", encoded(PDF))

    def both():
        published = [e for e in events.wait_for(1, timeout=1) if e["event_type"] == "person_profile_updated"]
        assert len(published) == 2
        return published

    saved, added = eventually(both, timeout=20)
    assert saved["data"]["person_id"] == manager["id"] and saved["data"]["changed"] == "profile"
    assert saved["data"]["section_rows"] == {"education": 2, "emergency_contacts": 1, "trainings": 1, "titles": 1,
                                             "licences": 1, "awards": 1}
    assert saved["data"]["id_number_masked"] == manager["id_number_masked"]
    assert "13912345678" not in str(saved) and "测试联系人" not in str(saved)
    assert added["data"]["changed"] == "documents" and added["data"]["documents"] == {"attachment": 1}


def employment_event(bus_uri, event_type, **data):
    dispatch = event_dispatcher({"AMQP_URI": bus_uri})
    envelope = {"event_id": str(uuid.uuid4()), "event_type": event_type, "schema_version": 1,
                "occurred_at": dt.datetime.now(dt.UTC).isoformat(), "producer": "employment_svc",
                "correlation_id": None, "data": data}
    dispatch("employment_svc", event_type, envelope)
    return envelope


def test_an_employer_completes_the_profile_of_the_manager_it_employs_until_the_employment_ends(
        identity, rpc_as, manager, bus_uri):
    employer = rpc_as(ENTERPRISE_8).identity_svc
    assert refusal(lambda: employer.get_manager_profile(manager["id"]))["code"] == "FORBIDDEN"
    relation = {"relation_id": 501, "enterprise_id": 8, "person_id": manager["id"], "role": "manager"}
    confirmed = employment_event(bus_uri, "employment_confirmed", **relation, enterprise_name="测试八",
                                 person_name="管理测试", id_number_masked=manager["id_number_masked"],
                                 confirmed_at=dt.datetime.now(dt.UTC).isoformat())
    eventually(lambda: assert_sees(employer, manager["id"]), timeout=20)
    employer.save_manager_profile(manager["id"], profile(former_name="八公司填写"))
    assert [p["id"] for p in employer.list_persons({})["items"]] == [manager["id"]]

    # the same event again changes nothing; the end of the relation closes the view
    dispatch = event_dispatcher({"AMQP_URI": bus_uri})
    dispatch("employment_svc", "employment_confirmed", confirmed)
    employment_event(bus_uri, "employment_ended", **relation, end_reason="transferred_out",
                     ended_at=dt.datetime.now(dt.UTC).isoformat())

    def closed():
        try:
            employer.get_manager_profile(manager["id"])
        except RemoteError as error:
            return parse_remote_error(error.value)["code"]
        raise AssertionError("still in the former employer's scope")

    assert eventually(closed, timeout=20) == "FORBIDDEN"
    assert employer.list_persons({})["total"] == 0
    assert rpc_as(ENTERPRISE_7).identity_svc.get_manager_profile(manager["id"])["former_name"] == "八公司填写"


def assert_sees(rpc, person_id):
    try:
        rpc.get_manager_profile(person_id)
    except RemoteError as error:
        raise AssertionError(error.value) from None
