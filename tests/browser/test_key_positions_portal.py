"""关键岗位 in a real Chromium: the general contractor registers its 项目经理 with a photo of the certificate, the
authority approves it on 关键岗位审核, and the position shows the person on site.

The project's units (参建单位) are written straight into project_svc's database (the participant pages are built
in parallel); everything else goes through the portal."""

import base64
import random
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from devtools.launcher import database_url_variable
from devtools.synthetic import mobile_phone, resident_id_number
from gateway.accounts import ensure_account

pytestmark = pytest.mark.browser
rng = random.Random(9403)
CONTRACTOR = "enterprise_kpgc"
# the smallest PNG: one transparent pixel
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
                       "rkJggg==")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


def database_of(platform, component):
    if hasattr(platform, "var_dir"):
        return f"sqlite:///{platform.var_dir}/{component}.db"
    return platform.env[database_url_variable(component)]


@pytest.fixture(scope="module")
def project(platform, registry, api):
    """A project of its own whose general contractor is a unit (参建单位), and that contractor's account."""
    response = api("authority").post("/projects", json={
        "registration_number": f"3101042026{rng.randrange(10**6):06d}",
        "name": f"关键岗位页面项目{rng.randrange(1000)}",
        "general_contractor_id": registry["general_contractor"]["id"]})
    assert response.status_code == 201, response.text
    created = response.json()
    # the project's registration made its general contractor a unit (参建单位)
    engine = create_engine(platform.gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, CONTRACTOR, "Test@2026!", role="enterprise", display_name="总包关键岗位",
                       scope_name=registry["general_contractor"]["name"],
                       enterprise_id=registry["general_contractor"]["id"])
        session.commit()
    engine.dispose()
    return created


def row_of(page, table_test_id, text):
    return page.get_by_test_id(table_test_id).locator(".el-table__body-wrapper tr", has_text=text)


def test_a_project_manager_is_registered_with_a_certificate_and_approved(page, browser, platform, log_in, api,
                                                                        project, tmp_path):
    name = f"经理{rng.randrange(10**6):06d}"
    number = resident_id_number(rng)
    registered = api("enterprise_7").post("/persons", json={"id_number": number, "name": name,
                                                            "phone": mobile_phone(rng)})
    assert registered.status_code == 201, registered.text
    photo = tmp_path / "certificate.png"
    photo.write_bytes(PNG)

    log_in(page, CONTRACTOR)
    page.get_by_test_id("nav-key-positions").click()
    expect(page).to_have_url(re.compile(r"/key-positions$"))
    manager = row_of(page, "key-positions-table", "项目经理")
    expect(manager.get_by_test_id("key-position-unregistered")).to_have_text("未登记")
    manager.get_by_test_id("key-position-register").click()
    dialog = page.get_by_test_id("key-position-register-dialog")
    dialog.get_by_test_id("key-position-name").fill(name)
    dialog.get_by_test_id("key-position-id-number").fill(number)
    dialog.get_by_test_id("key-position-certificate").set_input_files(str(photo))
    dialog.get_by_test_id("key-position-register-submit").click()
    expect(dialog).to_be_hidden()
    expect(row_of(page, "key-positions-table", name).get_by_test_id("key-position-state")).to_have_text("待审核")

    authority = browser.new_context(base_url=platform.base_url, viewport={"width": 1600, "height": 1000})
    review = authority.new_page()
    log_in(review, "authority")
    review.get_by_test_id("nav-key-position-reviews").click()
    waiting = row_of(review, "key-position-reviews-table", name)
    expect(waiting.get_by_test_id("key-position-review-kind-tag")).to_have_text("入场注册")
    waiting.get_by_test_id("key-position-approve").click()
    expect(waiting).to_have_count(0)
    authority.close()

    page.reload()
    held = row_of(page, "key-positions-table", name)
    expect(held.get_by_test_id("key-position-state")).to_have_text("在岗")
    expect(held.get_by_test_id("key-position-unlock")).to_be_visible()
    expect(held.get_by_test_id("key-position-register")).to_have_count(0)
