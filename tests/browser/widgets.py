"""Element Plus widgets as a user works them, shared by the browser tests."""

import re

from playwright.sync_api import expect

#: true once the open select's list shows only options holding the typed text: filtered, and re-rendered
SETTLED = """typed => {
  const shown = [...document.querySelectorAll('.el-select-dropdown__item')].filter(item => item.offsetParent !== null)
  return shown.length > 0 && shown.every(item => item.textContent.includes(typed))
}"""


def choose(page, test_id, option, typed=None, exact=False):
    """Opens the select carrying ``test_id`` and picks the option named ``option`` (a pattern, or text: ``exact``,
    or the start of it, as a leader's option also names the employer), then waits until the select shows it.

    ``typed``: typed into the select first (a remote list asks the server). Typing filters the list and
    re-renders it: the click waits until the list shows only what the text finds, so that it does not land
    where an option stood a moment before. A select that asks the server when it opens hides its options while
    it waits and shows them again, resized, when the answer comes (the list may then open upwards): the click
    waits until the page has no request in flight."""
    select = page.get_by_test_id(test_id)
    select.click()
    page.wait_for_load_state("networkidle")
    name = option if exact or isinstance(option, re.Pattern) else re.compile("^" + re.escape(option))
    if typed:
        select.locator("input").fill(typed)
        page.wait_for_function(SETTLED, arg=typed)
    # the click event itself, on the option found now: a pointer click lands where the option stood, and a list
    # that re-renders between the press and the release (a remote answer, the filter) puts another option there
    page.get_by_role("option", name=name).first.dispatch_event("click")
    expect(select).to_contain_text(option if isinstance(option, str) else re.compile(option.pattern.lstrip("^")))
