"""管理人员登记 (manual 004 §4.1): the profile's rules, the documents' checks, and an employer's scope."""

import base64
import datetime as dt

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.caller import Caller
from chassis.errors import InvalidInput
from chassis.schemas import load_or_refuse
from identity_svc.domain import Registrant, Scope
from identity_svc.exceptions import DocumentTooLarge, DocumentTypeNotAllowed, InvalidManagerProfile
from identity_svc.manager_profile import (
    MAX_DOCUMENT_BYTES,
    age_on,
    check_document,
    check_manager_profile,
    decode_content,
    may_edit,
    proof_status,
    safe_filename,
)
from identity_svc.models import Base, KnownEmployment, Person
from identity_svc.schemas import ManagerProfileSchema

TODAY = dt.date(2026, 11, 30)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"\x00" * 100


def problems_of(profile):
    with pytest.raises(InvalidInput) as refused:
        check_manager_profile(load_or_refuse(ManagerProfileSchema(), profile), TODAY)
    return refused.value.fields


def loaded(profile):
    return check_manager_profile(load_or_refuse(ManagerProfileSchema(), profile), TODAY)


class TestTheSocialInsuranceProof:
    @pytest.mark.parametrize(("days_old", "expired"), [(0, False), (59, False), (60, False), (61, True), (400, True)])
    def test_a_proof_older_than_60_days_is_flagged(self, days_old, expired):
        status = proof_status(TODAY - dt.timedelta(days=days_old), TODAY)
        assert (status.age_days, status.expired) == (days_old, expired)

    def test_no_proof_is_not_flagged(self):
        assert proof_status(None, TODAY).expired is False

    def test_a_proof_dated_in_the_future_is_refused(self):
        assert problems_of({"social_insurance_proof_date": "2026-12-01"}) == {
            "social_insurance_proof_date": "DATE_IN_FUTURE"}


class TestTheRepeatingSections:
    def test_a_complete_profile_passes_with_phones_normalised(self):
        profile = loaded({
            "hukou_type": "1", "marital_status": "02", "highest_education": "06", "highest_education_type": "1",
            "highest_degree": "4",
            "education": [{"school": "测试大学", "starts_on": "2004-09-01", "ends_on": "2008-07-01",
                           "graduated": True}],
            "emergency_contacts": [{"relationship": "配偶", "name": "测试联系人", "phone": "139 1234 5678"}],
            "titles": [{"title_name": "工程师", "title_level": "3", "granted_on": "2015-01-01"}],
        })
        assert profile["emergency_contacts"][0]["phone"] == "13912345678"
        assert profile["trainings"] == [] and profile["awards"] == []

    @pytest.mark.parametrize(("profile", "problems"), [
        ({"education": [{"school": "一中"}, {"starts_on": "2001-09-01"}]}, {"education.1.school": "REQUIRED"}),
        ({"education": [{"school": "一中"}, {"school": "二中"},
                        {"school": "大学", "starts_on": "2008-09-01", "ends_on": "2004-07-01"}]},
         {"education.2.ends_on": "ENDS_BEFORE_START"}),
        ({"education": [{"school": "大学", "ends_on": "2027-07-01", "graduated": True}]},
         {"education.0.ends_on": "GRADUATED_IN_FUTURE"}),
        ({"emergency_contacts": [{"relationship": "父亲", "name": "测试", "phone": "12345"}]},
         {"emergency_contacts.0.phone": "PHONE_FORMAT"}),
        ({"trainings": [{"institution": "培训中心", "course": "安全", "trained_on": "2027-01-01"}]},
         {"trainings.0.trained_on": "DATE_IN_FUTURE"}),
        ({"titles": [{"title_name": "工程师", "title_level": "9"}]}, {"titles.0.title_level": "NOT_ALLOWED"}),
        ({"awards": [{"award_name": "优秀", "awarded_on": "2030-01-01"}]}, {"awards.0.awarded_on": "DATE_IN_FUTURE"}),
        ({"licences": [{"licence_name": "一级建造师"}]}, {"licences.0.licence_number": "REQUIRED"}),
        ({"hukou_type": "农村户口"}, {"hukou_type": "NOT_ALLOWED"}),
        ({"marital_status": "05", "highest_degree": "1"}, {"marital_status": "NOT_ALLOWED",
                                                            "highest_degree": "NOT_ALLOWED"}),
        ({"awards": [{"award_name": "奖"}] * 51}, {"awards": "TOO_LONG"}),
    ])
    def test_each_problem_is_named_by_its_path(self, profile, problems):
        assert problems_of(profile) == problems

    def test_a_study_still_going_may_end_in_the_future(self):
        assert loaded({"education": [{"school": "大学", "starts_on": "2025-09-01", "ends_on": "2029-07-01",
                                      "graduated": False}]})["education"][0]["ends_on"] == dt.date(2029, 7, 1)

    def test_a_contact_may_leave_its_phone_out_to_keep_the_stored_one(self):
        contact = loaded({"emergency_contacts": [{"id": 4, "relationship": "母亲", "name": "测试"}]})
        assert contact["emergency_contacts"] == [{"id": 4, "relationship": "母亲", "name": "测试", "phone": None}]

    def test_the_domain_refusal_is_an_input_refusal_of_its_own_code(self):
        with pytest.raises(InvalidManagerProfile) as refused:
            check_manager_profile({"social_insurance_proof_date": dt.date(2027, 1, 1)}, TODAY)
        assert refused.value.code == "INVALID_MANAGER_PROFILE"


@pytest.mark.parametrize(("birth", "age"), [(dt.date(1990, 11, 30), 36), (dt.date(1990, 12, 1), 35), (None, None)])
def test_the_age_is_whole_years_lived(birth, age):
    assert age_on(birth, TODAY) == age


@pytest.mark.parametrize(("role", "edits"), [("authority", True), ("system", True), ("enterprise", True),
                                             ("site", False), ("worker", False), ("anonymous", False)])
def test_who_completes_a_managers_profile(role, edits):
    assert may_edit(Caller(role, "someone")) is edits


class TestDocuments:
    @pytest.mark.parametrize(("kind", "content", "content_type"), [
        ("photo", JPEG, "image/jpeg"), ("photo", PNG, "image/png"),
        ("attachment", PDF, "application/pdf"), ("social_insurance_proof", PDF, "application/pdf"),
        ("attachment", JPEG, "image/jpeg"),
    ])
    def test_the_type_is_read_from_the_first_bytes(self, kind, content, content_type):
        assert check_document(kind, content) == content_type

    @pytest.mark.parametrize(("kind", "content"), [
        ("photo", PDF), ("attachment", b"GIF89a" + b"\x00" * 10), ("attachment", b"PK\x03\x04 a zip"),
        ("attachment", b""), ("photo", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ])
    def test_other_types_are_refused_whatever_they_are_called(self, kind, content):
        with pytest.raises(DocumentTypeNotAllowed):
            check_document(kind, content)

    def test_a_file_over_10_mb_is_refused(self):
        with pytest.raises(DocumentTooLarge) as refused:
            check_document("attachment", PDF + b"\x00" * MAX_DOCUMENT_BYTES)
        assert refused.value.details == {"max_bytes": MAX_DOCUMENT_BYTES}
        assert check_document("attachment", PDF.ljust(MAX_DOCUMENT_BYTES, b"\x00")) == "application/pdf"

    def test_content_that_is_not_base64_is_refused(self):
        assert decode_content(base64.b64encode(PNG).decode()) == PNG
        with pytest.raises(InvalidInput) as refused:
            decode_content("not base64!")
        assert refused.value.fields == {"content_base64": "INVALID"}

    @pytest.mark.parametrize(("given", "kept"), [
        ("社保证明.pdf", "社保证明.pdf"), ("C:\\Users\\me\\相片.jpg", "相片.jpg"), ("../../etc/passwd", "passwd"),
        ("a\x00b\r\n.png", "ab.png"), ("", "document.png"), ("x" * 300 + ".png", "x" * 196 + ".png"),
        ('what?"<>|.png', "what_____.png"),
    ])
    def test_a_filename_is_kept_without_paths_or_unsafe_characters(self, given, kept):
        assert safe_filename(given, "image/png") == kept


@pytest.fixture(scope="module")
def database():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with Session(engine) as session:
        for person_id, enterprise_id in [(1, 7), (2, 8), (3, 8), (4, 8), (5, None)]:
            session.add(Person(
                id=person_id, id_type="01", id_number_encrypted="-", id_number_index=str(person_id),
                id_number_masked="-", name="测试人", registered_by_role="enterprise" if enterprise_id else "site",
                registered_by_username="u", registered_by_enterprise_id=enterprise_id,
                registered_by_project_id=None if enterprise_id else 3))
        session.add_all([
            KnownEmployment(relation_id=10, enterprise_id=7, person_id=2, confirmed_at=now),  # employed now
            KnownEmployment(relation_id=11, enterprise_id=7, person_id=3, confirmed_at=now, ended_at=now),
            KnownEmployment(relation_id=12, enterprise_id=7, person_id=4),  # ended before it was confirmed
            KnownEmployment(relation_id=13, enterprise_id=7, person_id=5, confirmed_at=now),
        ])
        session.commit()
    yield engine
    engine.dispose()


class TestAnEmployersScope:
    """An enterprise sees the persons it registered and the persons it employs now, in both faces of the rule."""

    def test_the_employer_sees_its_registrations_and_current_employees(self, database):
        scope = Scope.of(Caller("enterprise", "e", enterprise_id=7))
        with Session(database) as session:
            listed = set(session.scalars(select(Person.id).where(scope.where(Person, KnownEmployment))))
        assert listed == {1, 2, 5}

    def test_one_record_is_covered_by_the_same_rule(self):
        scope = Scope.of(Caller("enterprise", "e", enterprise_id=7))
        registered_elsewhere = Registrant("enterprise", "qiye8", enterprise_id=8)
        assert scope.covers(registered_elsewhere, {7})
        assert not scope.covers(registered_elsewhere, {9})
        assert not scope.covers(registered_elsewhere)

    def test_a_site_is_not_widened_by_employment(self, database):
        scope = Scope.of(Caller("site", "s", project_id=3))
        with Session(database) as session:
            assert set(session.scalars(select(Person.id).where(scope.where(Person, KnownEmployment)))) == {5}
        assert not scope.covers(Registrant("enterprise", "e", enterprise_id=7), {7})
