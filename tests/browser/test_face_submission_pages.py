"""A worker's own face photo in a real Chromium: on a phone-sized screen the worker takes their photo (the file the
front camera gives) and sends it; the site user, on the portal's 人脸采集, sees it waiting, looks at it and
accepts it; the phone then shows the face enrolled."""

import datetime as dt
import random

import jwt
import pytest
from playwright.sync_api import expect

from chassis import days
from devtools.gate import sample_photos
from devtools.synthetic import credit_code, resident_id_number

pytestmark = pytest.mark.browser
rng = random.Random()
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture
def worker(api):
    """A person entered on site_3 today, for an employer of this test alone."""
    site = api("site_3")
    employer = api("authority").post("/enterprises", json={
        "name": f"人脸{rng.randrange(10**4):04d}劳务有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"}).json()
    number = resident_id_number(rng)
    name = f"自拍{'甲乙丙丁戊己庚辛'[rng.randrange(8)]}{'一二三四五六七八'[rng.randrange(8)]}"
    assert site.post("/persons", json={"id_number": number, "name": name}).status_code == 201
    entry = site.post("/entries", json={
        "id_number": number, "employer_id": employer["id"], "is_team_leader": False, "team_leader_entry_id": None,
        "phone": None, "trade": "020", "education": "71", "entry_date": str(days.today())})
    assert entry.status_code == 201, entry.text
    return {"name": name, "person_id": entry.json()["person_id"], "id_number": number}


def test_a_worker_sends_their_photo_from_the_phone_and_the_site_accepts_it(page, browser, log_in, platform, worker,
                                                                           tmp_path):
    photo = tmp_path / "me.jpg"
    photo.write_bytes(sample_photos()["worker"])
    # the worker's login (its own browser test is test_worker_mobile's): the token the login page would keep
    token = jwt.encode({"sub": worker["id_number"], "role": "worker", "person_id": worker["person_id"],
                        "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)}, platform.env["AUTH_SECRET"], "HS256")
    phone_context = browser.new_context(base_url=platform.base_url, **PHONE)
    phone_context.add_init_script(f"localStorage.setItem('workerToken', '{token}')")
    try:
        phone = phone_context.new_page()
        phone.goto("/m/me")
        phone.get_by_test_id("m-record-face").tap()
        expect(phone.get_by_test_id("m-face-enrolled")).to_have_text("尚未采集人脸")
        phone.get_by_test_id("m-face-file").set_input_files(str(photo))
        expect(phone.get_by_test_id("m-face-preview")).to_be_visible()
        phone.get_by_test_id("m-face-send").tap()
        expect(phone.get_by_test_id("m-face-submission")).to_have_text("照片待工地审核")

        log_in(page, "site_3")
        page.get_by_test_id("nav-faces").click()
        page.get_by_test_id("faces-name").fill(worker["name"])
        page.get_by_test_id("faces-search").click()
        expect(page.get_by_test_id(f"face-waiting-{worker['person_id']}")).to_have_text("待审核照片")
        page.get_by_test_id(f"face-review-{worker['person_id']}").click()
        expect(page.get_by_test_id("face-review-photo")).to_be_visible()
        assert page.get_by_test_id("face-review-photo").evaluate("img => img.naturalWidth") > 0
        page.get_by_test_id("face-review-accept").click()
        expect(page.get_by_test_id("face-review-dialog")).to_be_hidden()
        expect(page.get_by_test_id(f"face-state-{worker['person_id']}")).to_have_text("有")
        expect(page.get_by_test_id(f"face-waiting-{worker['person_id']}")).to_have_count(0)

        phone.reload()
        expect(phone.get_by_test_id("m-face-enrolled")).to_contain_text("已采集人脸")
        expect(phone.get_by_test_id("m-face-submission")).to_have_text("照片已通过")
    finally:
        phone_context.close()
