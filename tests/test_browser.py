"""Every page type in headless Chromium, served from a store built from the mirror:
renders, no console errors, axe-core finds nothing serious or critical, the pickers
work from the keyboard, a shared URL round-trips, and downloads work.
Screenshots of failures are kept in var/test-artifacts/.
"""
from __future__ import annotations

import os
import time
import urllib.request

import pytest

from browser_harness import ServedApp, axe_violations, console_errors, make_driver
from conftest import chromium_or_skip

SHETLAND, GLASGOW, FIFE = "S12000027", "S12000049", "S12000047"
PAGES = [
    ("/", "How Scotland is keeping the promise"),
    ("/indicator/looked_after_rate", "Children looked after per 1,000 children aged 0-17"),
    (f"/indicator/looked_after_community_pct?areas={SHETLAND}&period=2016", "Looked after children in the community (%)"),
    (f"/council/{SHETLAND}", "Shetland Islands"),
    ("/councils", "Councils"),
    ("/data-quality", "Data quality"),
    ("/indicator/cp_register_count", "Children on the child protection register at 31 July"),
    ("/indicator/residential_cost_per_week?period=2015-16", "Weekly cost per child looked after in residential services"),
    ("/indicator/nope", "This page cannot be shown"),
    ("/council/S12000099", "This page cannot be shown"),
    ("/no-such-page", "Page not found"),
]


@pytest.fixture(scope="module")
def served(dash_app):
    chromium_or_skip()
    from browser_harness import AXE

    if not AXE.is_file():
        message = f"axe-core not installed at {AXE} (./test.sh installs it with npm)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    app = ServedApp(dash_app.server)
    yield app
    app.stop()


@pytest.fixture(scope="module")
def browser(served):
    driver = make_driver(chromium_or_skip())
    yield driver
    driver.quit()


def wait_for(driver, condition, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition(driver)
        except Exception:  # noqa: BLE001 - the page is still rendering
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} on {driver.current_url}")


def open_page(driver, url: str, heading: str) -> None:
    driver.get_log("browser")  # drop earlier entries
    driver.get(url)
    wait_for(driver, lambda d: heading in d.find_element("css selector", "main h1").text, what=f"heading {heading!r}")
    wait_for(driver, lambda d: d.execute_script(
        "return Array.from(document.querySelectorAll('.js-plotly-plot')).length === document.querySelectorAll('.dash-graph').length"),
        what="charts drawn")


def trace_names(driver, graph_id: str = "trend-graph") -> list[str]:
    return driver.execute_script(f"return document.querySelector('#{graph_id} .js-plotly-plot').data.map(t => t.name)")


NOT_FOUND = {"/indicator/nope", "/council/S12000099", "/no-such-page"}


@pytest.mark.parametrize("path,heading", PAGES)
def test_page_renders_without_console_errors_and_passes_axe(browser, served, path, heading):
    open_page(browser, served.url + path, heading)
    errors = console_errors(browser)
    if path in NOT_FOUND:  # the address is no page: the document itself answers 404, and Chromium logs that
        errors = [e for e in errors if not (served.url + path in e and "404" in e)]
    assert errors == []
    violations = axe_violations(browser)
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_picking_a_council_from_the_keyboard_and_a_comparator_updates_the_chart(browser, served):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, served.url + "/indicator/looked_after_rate", "Children looked after per 1,000")
    assert trace_names(browser) == ["Scotland"]
    wait_for(browser, lambda d: d.find_element("id", "areas-picker").get_attribute("tabindex") == "0", what="the picker in the tab order")
    browser.find_element("css selector", "main h1").click()  # start the Tab sequence from the heading
    for _ in range(10):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element.get_attribute("id") == "areas-picker":
            break
    else:
        raise AssertionError("the council picker cannot be reached with Tab")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    search = wait_for(browser, lambda d: d.switch_to.active_element if "dash-dropdown-search" in d.switch_to.active_element.get_attribute("class") else None, what="search box")
    search.send_keys("Fife")
    time.sleep(0.3)
    search.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.SPACE)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(browser, lambda d: f"areas={FIFE}" in d.current_url, what="the URL to hold the council")
    wait_for(browser, lambda d: trace_names(d) == ["Scotland", "Fife"], what="Fife's line on the chart")
    browser.find_element("link text", "Scotland and the first council's LGBF family group").click()
    wait_for(browser, lambda d: "comparator=family" in d.current_url, what="the comparator in the URL")
    wait_for(browser, lambda d: len(trace_names(d)) == 3 and trace_names(d)[2].endswith("average"), what="the family-group line")
    assert console_errors(browser) == []


def test_a_shared_url_restores_the_view(browser, served):
    shared = f"{served.url}/indicator/looked_after_community_pct?areas={GLASGOW}%2C{SHETLAND}&ci=0&period=2016&comparator=scotland"
    url = f"{served.url}/indicator/looked_after_community_pct?areas={SHETLAND},{GLASGOW}&ci=0&period=2016&comparator=scotland"
    open_page(browser, shared, "Looked after children in the community (%)")
    assert browser.current_url == url, "the shared spelling is redirected to the canonical URL (councils in code order)"
    assert trace_names(browser) == ["Scotland", "Shetland Islands", "Glasgow City"]
    assert browser.find_element("id", "areas-picker").text.count("Glasgow City") == 1
    assert "2016" in browser.find_element("id", "period-picker").text
    error_bars = browser.execute_script("return document.querySelector('#trend-graph .js-plotly-plot').data.map(t => !!(t.error_y && t.error_y.visible))")
    assert error_bars == [False, False, False], "ci=0: no interval bars"
    assert "All councils, 2016" in browser.find_element("id", "ranking").text
    shetland_2016 = browser.find_element("css selector", "#trend-data tbody tr:nth-child(6) td:nth-of-type(2)").text
    assert browser.find_element("css selector", "#trend-data tbody tr:nth-child(6)").text.startswith("2016")
    assert shetland_2016 == "[c]", "Shetland's withheld 2016 share reads [c]"
    assert browser.current_url == url, "the URL is not rewritten on load"


def test_csv_and_png_downloads_from_the_page(browser, served):
    open_page(browser, f"{served.url}/indicator/looked_after_rate?areas={GLASGOW}", "Children looked after per 1,000")
    links = {a.text: a.get_attribute("href") for a in browser.find_elements("css selector", "#trend .downloads a")}
    with urllib.request.urlopen(links["Download CSV"], timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        body = response.read().decode()
    assert "# Title: Children looked after per 1,000 children aged 0-17" in body and GLASGOW in body
    with urllib.request.urlopen(links["Chart as PNG"], timeout=60) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read(8) == b"\x89PNG\r\n\x1a\n"
