"""管理人员信息 (manual 004 §4.1) in a real Chromium: an enterprise completes a manager's profile from the person
page, uploads a photo it then sees, and an old social insurance proof is flagged; the authority only reads."""

import datetime as dt
import random
import re

import pytest
from playwright.sync_api import expect

from chassis import days
from devtools.synthetic import resident_id_number

pytestmark = pytest.mark.browser
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b4a1d00000000049454e44ae426082")


def test_an_enterprise_completes_a_managers_profile_and_the_authority_reads_it(page, log_in, api, tmp_path):
    person = api("enterprise_7").post("/persons", json={
        "id_type": "01", "id_number": resident_id_number(random.Random(), dt.date(1984, 4, 4)),
        "name": "浏览器管理", "ethnicity": "01"}).json()["person"]
    log_in(page, "enterprise_7")
    page.goto(f"/persons/{person['id']}")
    page.get_by_test_id("person-manager-profile").click()
    expect(page).to_have_url(re.compile(rf"/persons/{person['id']}/manager-profile$"))
    expect(page.get_by_text("浏览器管理")).to_be_visible()

    page.get_by_test_id("mp-professional_title").fill("高级工程师")
    page.get_by_test_id("mp-hukou_type").click()
    page.get_by_role("option", name="城镇户口").click()
    proof = page.get_by_test_id("mp-social_insurance_proof_date").locator("input")
    proof.fill(str(days.today() - dt.timedelta(days=90)))
    proof.press("Enter")
    page.get_by_test_id("section-education-add").click()
    page.get_by_test_id("education-0-school").fill("浏览器大学")
    page.get_by_test_id("section-emergency_contacts-add").click()
    page.get_by_test_id("emergency_contacts-0-relationship").fill("配偶")
    page.get_by_test_id("emergency_contacts-0-name").fill("浏览器联系人")
    page.get_by_test_id("emergency_contacts-0-phone").fill("13812345678")
    page.get_by_test_id("manager-profile-save").click()
    expect(page.get_by_text("管理人员信息已保存")).to_be_visible()
    expect(page.get_by_test_id("proof-expired")).to_contain_text("90")
    expect(page.get_by_test_id("emergency_contacts-0-phone")).to_have_attribute("placeholder", "138****5678")

    photo = tmp_path / "相片.png"
    photo.write_bytes(PNG)
    page.get_by_test_id("manager-photo-input").set_input_files(photo)
    expect(page.get_by_test_id("manager-photo-preview")).to_be_visible()
    page.screenshot(path="test-results/manager-profile.png", full_page=True)

    log_in(page, "authority")
    page.goto(f"/persons/{person['id']}/manager-profile")
    expect(page.get_by_test_id("section-education")).to_contain_text("浏览器大学")
    expect(page.get_by_test_id("manager-photo-preview")).to_be_visible()
    expect(page.get_by_test_id("manager-profile-save")).to_have_count(0)
    expect(page.get_by_test_id("mp-professional_title")).to_be_disabled()
