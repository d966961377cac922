"""What every browser test shares: Debian's Chromium, the platform's address, logging in."""

import re

import pytest
from playwright.sync_api import expect

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# what a user would wait for: a login hashes its password on purpose slowly, and the platform's services share
# the machine's two cores with the browser; Playwright's 5 s is too short for that, a minute would hide a hang
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium: the test tools never download a browser of their own
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # the portal's users are on China's clock: its "today" (a date picker's default, the date of an exit) is
    # theirs, whatever the zone of the machine the tests run on
    return {**browser_context_args, "timezone_id": "Asia/Shanghai"}


@pytest.fixture(scope="session")
def base_url(platform):
    return platform.base_url


#: where each role lands after login: its menu's first screen
HOME = {"site": r"/site/entries$", "enterprise": r"/site/roster$", "authority": r"/site/roster$"}


@pytest.fixture
def log_in():
    """``log_in(page, "site_3")``: through the login page, as a user would; the portal opens on the role's home
    (进场管理 for a site, 用工查询 for an enterprise and the authority)."""

    def enter(page, username):
        page.goto("/login")
        page.get_by_test_id("login-username").fill(username)
        page.get_by_test_id("login-password").fill("Test@2026!")
        page.get_by_test_id("login-submit").click()
        role = "authority" if username == "authority" else username.split("_")[0]
        expect(page).to_have_url(re.compile(HOME[role]))

    return enter
