"""The site pages in headless Chromium (issue 17, items 3-5): methodology, accessibility
statement, feedback and a readable error page pass axe-core (0 serious or critical) at
desktop and phone widths without scrolling sideways, and the tab's title follows a
navigation inside the page."""
from __future__ import annotations

import pytest

from browser_harness import axe_violations
from test_browser import (DESKTOP_WIDTH, PHONE_WIDTH, as_phone, browser, open_page, page_console_errors,  # noqa: F401 - fixtures
                          served, sideways_overflow, wait_for)

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

SITE = "Promise Progress dashboard"
SITE_PAGES = [
    ("/methodology", "Methodology"),
    ("/accessibility", "Accessibility statement"),
    ("/feedback", "Feedback"),
]


def _no_serious_violations(driver) -> None:
    violations = axe_violations(driver)
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


@pytest.mark.parametrize("width", [None, PHONE_WIDTH], ids=["desktop", "phone"])
@pytest.mark.parametrize(("path", "heading"), SITE_PAGES)
def test_site_pages_pass_axe_at_desktop_and_phone_widths(browser, served, path, heading, width):
    as_phone(browser, width)
    try:
        open_page(browser, served.url + path, heading)
        assert browser.title == f"{heading} — {SITE}"
        assert page_console_errors(browser, served, path) == []
        _no_serious_violations(browser)
        overflow = sideways_overflow(browser)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], f"{path} scrolls sideways: {overflow}"
    finally:
        as_phone(browser, None)


@pytest.mark.parametrize("width", [None, PHONE_WIDTH], ids=["desktop", "phone"])
def test_a_readable_error_page_passes_axe(browser, served, width):
    as_phone(browser, width)
    try:
        browser.get(served.url + "/download/indicator/looked_after_rate/nonsense.csv")
        wait_for(browser, lambda d: "Page not found" in d.find_element("css selector", "main h1").text, what="error heading")
        assert browser.title == f"Page not found — {SITE}"
        _no_serious_violations(browser)
        overflow = sideways_overflow(browser)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    finally:
        as_phone(browser, None)


def _navigate_in_page(driver, path: str) -> None:
    """What a dcc.Link does: push the address and tell Dash's Location, without loading a new document."""
    driver.execute_script("window.history.pushState({}, '', arguments[0]);"
                          "window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));", path)


def test_the_title_follows_navigation_inside_the_page(browser, served):
    open_page(browser, served.url + "/councils", "Councils")
    assert browser.title == f"Councils — {SITE}"
    marker = browser.execute_script("window.promiseSamePage = 1; return window.promiseSamePage;")
    _navigate_in_page(browser, "/council/S12000042")
    wait_for(browser, lambda d: d.title == f"Dundee City — {SITE}", what="the council's title")
    _navigate_in_page(browser, "/methodology")
    wait_for(browser, lambda d: d.title == f"Methodology — {SITE}", what="the methodology title")
    _navigate_in_page(browser, "/indicator/looked_after_rate")
    wait_for(browser, lambda d: d.title == f"Children looked after per 1,000 children aged 0-17 — {SITE}", what="the indicator's title")
    _navigate_in_page(browser, "/no-such-page")
    wait_for(browser, lambda d: d.title == f"Page not found — {SITE}", what="the title of an address that is no page")
    browser.back()
    wait_for(browser, lambda d: d.title.startswith("Children looked after per 1,000"), what="the title after going back")
    assert browser.execute_script("return window.promiseSamePage;") == marker, "all in one document: client-side navigation"
