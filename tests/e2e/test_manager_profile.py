"""管理人员登记 (manual 004 §4.1) through the gateway: the registering enterprise or the authority fills and reads a
manager's extended profile, uploads a photo, an old social insurance proof is flagged, a wrong file type is
refused, and another enterprise sees nothing of it."""

import datetime as dt
import random

import pytest

from chassis import days
from devtools.synthetic import resident_id_number

pytestmark = pytest.mark.e2e
rng = random.Random(4041)
TODAY = days.today()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
PDF = b"%PDF-1.4\n%e2e\n" + bytes(64)


def put(client, path, **kwargs):
    return client.http.put(client.base_url + path, timeout=30, **kwargs)


def delete(client, path):
    return client.http.delete(client.base_url + path, timeout=30)


def profile(**overrides):
    return {
        "former_name": "端到端曾用名", "social_insurance": "上海市城镇职工社会保险", "professional_title": "高级工程师",
        "social_insurance_proof_date": str(TODAY - dt.timedelta(days=5)), "hukou_type": "2",
        "hukou_location": "上海市徐汇区", "residence_address": "上海市闵行区", "residence_detail": "测试路8号",
        "native_place": "浙江省宁波市", "marital_status": "02", "highest_education": "07",
        "highest_education_type": "1", "highest_degree": "3",
        "education": [{"school": "测试大学", "starts_on": "2005-09-01", "ends_on": "2012-07-01", "major": "结构工程",
                       "graduated": True}],
        "emergency_contacts": [{"relationship": "配偶", "name": "端到端联系人", "phone": "13812345678"}],
        "trainings": [{"institution": "测试培训中心", "course": "项目管理", "trained_on": "2021-03-01"}],
        "titles": [{"title_name": "高级工程师", "title_level": "2", "granted_on": "2018-06-01"}],
        "licences": [{"licence_number": "沪131999999999", "licence_name": "一级建造师"}],
        "awards": [{"award_name": "优秀项目经理", "awarded_on": "2023-01-01"}],
        **overrides,
    }


@pytest.fixture
def manager(api):
    """A person registered by enterprise_7."""
    response = api("enterprise_7").post("/persons", json={
        "id_type": "01", "id_number": resident_id_number(rng, dt.date(1982, 6, 1)), "name": "端到端管理",
        "ethnicity": "01"})
    assert response.status_code == 201, response.text
    return response.json()["person"]


def test_the_registering_enterprise_fills_and_reads_a_managers_profile(api, manager):
    enterprise = api("enterprise_7")
    saved = put(enterprise, f"/persons/{manager['id']}/manager-profile", json=profile())
    assert saved.status_code == 200, saved.text
    read = enterprise.get(f"/persons/{manager['id']}/manager-profile").json()
    assert read == saved.json()
    assert read["person"]["name"] == "端到端管理" and read["highest_education"] == "07"
    assert read["emergency_contacts"] == [{"id": read["emergency_contacts"][0]["id"], "relationship": "配偶",
                                           "name": "端到端联系人", "phone_masked": "138****5678"}]
    assert read["education"][0]["starts_on"] == "2005-09-01"
    assert read["social_insurance_proof_expired"] is False and read["editable"] is True


def test_the_authority_fills_a_profile_and_an_old_proof_is_flagged(api, manager):
    authority = api("authority")
    saved = put(authority, f"/persons/{manager['id']}/manager-profile", json=profile(
        social_insurance_proof_date=str(TODAY - dt.timedelta(days=75))))
    assert saved.status_code == 200, saved.text
    assert saved.json()["social_insurance_proof_expired"] is True
    assert saved.json()["social_insurance_proof_age_days"] == 75
    shown = api("enterprise_7").get(f"/persons/{manager['id']}/manager-profile").json()
    assert shown["social_insurance_proof_expired"] is True and shown["updated_by"] == "authority"


def test_a_bad_row_is_named_by_its_section_row_and_field_in_both_languages(api, manager):
    bad = profile(education=[{"school": "一中"}, {"school": "大学", "starts_on": "2008-09-01",
                                                 "ends_on": "2004-07-01"}])
    zh = put(api("enterprise_7"), f"/persons/{manager['id']}/manager-profile", json=bad)
    assert zh.status_code == 422
    assert zh.json()["error"] == "INVALID_MANAGER_PROFILE"
    assert zh.json()["fields"] == {"education.1.ends_on": "结束日期早于开始日期"}
    en = put(api("enterprise_7", language="en"), f"/persons/{manager['id']}/manager-profile",
             json={**bad, "education": [{"starts_on": "2008-09-01"}]})
    assert en.status_code == 422 and en.json()["fields"] == {"education.0.school": "Required"}


def test_a_photo_is_uploaded_shown_and_replaced_and_a_wrong_type_is_refused(api, manager):
    enterprise = api("enterprise_7")
    uploaded = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "photo"},
                               files={"file": ("相片.png", PNG, "image/png")})
    assert uploaded.status_code == 201, uploaded.text
    photo = uploaded.json()
    assert (photo["kind"], photo["content_type"], photo["filename"]) == ("photo", "image/png", "相片.png")
    shown = enterprise.get(f"/person-documents/{photo['id']}")
    assert shown.status_code == 200 and shown.content == PNG
    assert shown.headers["Content-Type"] == "image/png" and shown.headers["X-Content-Type-Options"] == "nosniff"

    # a PDF named like a photo, and a text file, are refused by their content
    for name, content in (("伪装.jpg", PDF), ("notes.png", b"just some text")):
        refused = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "photo"},
                                  files={"file": (name, content, "image/jpeg")})
        assert refused.status_code == 422 and refused.json()["error"] == "PERSON_DOCUMENT_TYPE_NOT_ALLOWED"
    bad_kind = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "selfie"},
                               files={"file": ("a.png", PNG, "image/png")})
    assert bad_kind.status_code == 422 and set(bad_kind.json()["fields"]) == {"kind"}

    proof = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "social_insurance_proof"},
                            files={"file": ("社保缴费证明.pdf", PDF, "application/pdf")}).json()
    assert enterprise.get(f"/person-documents/{proof['id']}?download=1").headers[
        "Content-Disposition"].startswith("attachment")
    assert delete(enterprise, f"/person-documents/{proof['id']}").status_code == 200
    assert enterprise.get(f"/person-documents/{proof['id']}").status_code == 404
    documents = enterprise.get(f"/persons/{manager['id']}/manager-profile").json()["documents"]
    assert [d["id"] for d in documents] == [photo["id"]]


def test_another_enterprise_sees_and_changes_nothing(api, manager):
    enterprise = api("enterprise_7")
    put(enterprise, f"/persons/{manager['id']}/manager-profile", json=profile())
    photo = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "photo"},
                            files={"file": ("相片.png", PNG, "image/png")}).json()
    other = api("enterprise_8")
    answers = [
        other.get(f"/persons/{manager['id']}/manager-profile"),
        put(other, f"/persons/{manager['id']}/manager-profile", json=profile(former_name="越权")),
        other.post(f"/persons/{manager['id']}/documents", data={"kind": "attachment"},
                   files={"file": ("a.pdf", PDF, "application/pdf")}),
        other.get(f"/person-documents/{photo['id']}"),
        delete(other, f"/person-documents/{photo['id']}"),
        api().get(f"/person-documents/{photo['id']}"),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403, 403, 401]
    assert enterprise.get(f"/person-documents/{photo['id']}").content == PNG
    assert enterprise.get(f"/persons/{manager['id']}/manager-profile").json()["former_name"] == "端到端曾用名"


def test_a_site_reads_but_may_not_complete_a_profile(api, registry):
    site = api("site_3")
    person = site.post("/persons", json={"id_type": "01", "id_number": resident_id_number(rng), "name": "现场管理",
                                         "ethnicity": "01"}).json()["person"]
    assert site.get(f"/persons/{person['id']}/manager-profile").json()["editable"] is False
    assert put(site, f"/persons/{person['id']}/manager-profile", json=profile()).status_code == 403


def test_a_file_of_10_mb_is_kept_and_a_larger_one_refused(api, manager):
    enterprise = api("enterprise_7")
    largest = PDF.ljust(10 * 1024 * 1024, b"\x00")
    kept = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "attachment"},
                           files={"file": ("大文件.pdf", largest, "application/pdf")})
    assert kept.status_code == 201, kept.text
    assert enterprise.get(f"/person-documents/{kept.json()['id']}").content == largest
    refused = enterprise.post(f"/persons/{manager['id']}/documents", data={"kind": "attachment"},
                              files={"file": ("过大.pdf", largest + b"\x00", "application/pdf")})
    assert refused.status_code == 413 and refused.json()["error"] == "PERSON_DOCUMENT_TOO_LARGE"
