"""The council report in headless Chromium (issue 17, items 2 and 5): the print view passes axe-core
(0 serious or critical) at desktop and phone widths without scrolling sideways and with every chart drawn;
printing (print media emulated) hides the header, navigation, pickers, toolbars and download buttons, on
the print view and on the council page; the council page links to both, and the PDF link answers a PDF."""
from __future__ import annotations

import urllib.request

import pytest

from browser_harness import axe_violations
from test_browser import (PHONE_WIDTH, as_phone, browser, page_console_errors, served,  # noqa: F401 - fixtures
                          sideways_overflow, wait_for, open_page)

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

DUNDEE, SHETLAND = "S12000042", "S12000027"
HIDDEN_IN_PRINT = ".site-header, nav, .skip-link, .downloads, .controls, .control, .modebar-container, .report-links"


def _open_print_view(driver, url: str, name: str) -> None:
    driver.get_log("browser")
    driver.get(url)
    wait_for(driver, lambda d: d.find_element("css selector", "body").get_attribute("data-charts-drawn") == "true",
             what="the print view's charts drawn")
    assert driver.find_element("css selector", "main h1").text == f"{name}: keeping the promise"


@pytest.mark.parametrize("width", [None, PHONE_WIDTH], ids=["desktop", "phone"])
@pytest.mark.parametrize(("code", "name"), [(DUNDEE, "Dundee City"), (SHETLAND, "Shetland Islands")])
def test_the_print_view_passes_axe_at_desktop_and_phone_widths(browser, served, code, name, width):
    as_phone(browser, width)
    try:
        _open_print_view(browser, f"{served.url}/council/{code}/print", name)
        assert browser.title.startswith(f"{name}: council report")
        charts = browser.execute_script("return document.querySelectorAll('.report-chart .main-svg').length")
        cards = browser.execute_script("return document.querySelectorAll('.report-chart').length")
        assert cards > 5 and charts >= cards, "every chart drawn"
        assert page_console_errors(browser, served, f"/council/{code}/print") == []
        violations = axe_violations(browser)
        assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        overflow = sideways_overflow(browser)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    finally:
        as_phone(browser, None)


def _shown_in_print(driver) -> list[str]:
    """The elements that should not print but are displayed under print media."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).filter(e => getComputedStyle(e).display !== 'none'"
        "  && e.getClientRects().length > 0).map(e => e.tagName + '.' + e.className);", HIDDEN_IN_PRINT)


@pytest.mark.parametrize("page", ["print view", "council page"])
def test_printing_hides_navigation_toolbars_and_controls(browser, served, page):
    if page == "print view":
        _open_print_view(browser, f"{served.url}/council/{DUNDEE}/print", "Dundee City")
    else:
        open_page(browser, f"{served.url}/council/{DUNDEE}", "Dundee City")
    assert _shown_in_print(browser), "on screen, the navigation and links are shown"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert _shown_in_print(browser) == []
        avoid = browser.execute_script(
            "return Array.from(document.querySelectorAll('.report-chart, .dash-graph')).map(e => getComputedStyle(e).breakInside)")
        assert avoid and set(avoid) == {"avoid"}, "charts are never cut across pages"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_council_page_links_to_the_print_view_and_a_pdf(browser, served):
    open_page(browser, f"{served.url}/council/{DUNDEE}", "Dundee City")
    links = {a.text: a.get_attribute("href") for a in browser.find_elements("css selector", ".report-links a")}
    assert links["Print view of this council's report"] == f"{served.url}/council/{DUNDEE}/print"
    with urllib.request.urlopen(links["Download the report as PDF"], timeout=120) as answer:
        assert answer.headers["Content-Type"] == "application/pdf"
        assert "dundee-city-council-report" in answer.headers["Content-Disposition"]
        assert answer.read(5) == b"%PDF-"


def test_before_printing_charts_are_redrawn_at_the_printed_width_and_after_at_their_own(browser, served):
    """A chart drawn at a 1280 px window is wider than an A4 page: printing it as drawn would cut its right side."""
    open_page(browser, f"{served.url}/council/{DUNDEE}", "Dundee City")
    widths = "return Array.from(document.querySelectorAll('.js-plotly-plot')).map(c => c._fullLayout.width)"
    before = browser.execute_script(widths)
    assert max(before) > 680, "on a desktop the charts are wider than the printed page"
    browser.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    wait_for(browser, lambda d: max(d.execute_script(widths)) <= 680, what="charts at the printed width")
    browser.execute_script("window.dispatchEvent(new Event('afterprint'))")
    wait_for(browser, lambda d: d.execute_script(widths) == before, what="charts back at their own width")
