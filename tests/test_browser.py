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
from conftest import chromium_and_driver_or_skip

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

SHETLAND, GLASGOW, FIFE, EILEAN_SIAR = "S12000027", "S12000049", "S12000047", "S12000013"
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
    ("/overview", "All councils at a glance"),
    ("/overview?sort=looked_after_rate", "All councils at a glance"),
    (f"/council/{EILEAN_SIAR}", "Na h-Eileanan Siar"),
    (f"/indicator/school_exclusions_lac_rate?period=2020-21&areas={EILEAN_SIAR}", "Exclusions per 1,000 looked after pupils"),
    (f"/indicator/looked_after_count?areas={GLASGOW}", "Children looked after at 31 July"),
]
PHONE_WIDTH, DESKTOP_WIDTH = 390, 1280


@pytest.fixture(scope="module")
def served(dash_app):
    chromium_and_driver_or_skip()
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
    driver = make_driver(chromium_and_driver_or_skip())
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


def page_console_errors(browser, served, path: str) -> list[str]:
    """Console errors, less the 404 Chromium logs for an address that is no page (the document itself answers 404)."""
    errors = console_errors(browser)
    if path in NOT_FOUND:
        errors = [e for e in errors if not (served.url + path in e and "404" in e)]
    return errors


def sideways_overflow(driver) -> dict:
    """How far the page scrolls sideways, and the widest elements outside any scroll region (for the message)."""
    return driver.execute_script(
        "const page = document.scrollingElement, width = document.documentElement.clientWidth;"
        "const wide = Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('svg')"
        "  && e.getBoundingClientRect().right > width + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));"
        "return {scrollWidth: page.scrollWidth, clientWidth: width, wide: wide};")


def as_phone(driver, width: int | None):
    """A phone's viewport (390 CSS px, mobile), or back to the desktop window."""
    if width is None:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})


@pytest.mark.parametrize("path,heading", PAGES)
def test_page_renders_without_console_errors_and_passes_axe(browser, served, path, heading):
    open_page(browser, served.url + path, heading)
    assert page_console_errors(browser, served, path) == []
    violations = axe_violations(browser)
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    overflow = sideways_overflow(browser)
    assert browser.execute_script("return window.innerWidth") >= DESKTOP_WIDTH - 20
    assert overflow["scrollWidth"] <= overflow["clientWidth"], f"{path} scrolls sideways at desktop width: {overflow}"


@pytest.mark.parametrize("path,heading", PAGES)
def test_no_page_scrolls_sideways_on_a_phone_and_it_passes_axe_there(browser, served, path, heading):
    as_phone(browser, PHONE_WIDTH)
    try:
        open_page(browser, served.url + path, heading)
        assert browser.execute_script("return window.innerWidth") == PHONE_WIDTH
        overflow = sideways_overflow(browser)
        assert overflow["scrollWidth"] <= PHONE_WIDTH, f"{path} is {overflow['scrollWidth']} px wide at {PHONE_WIDTH} px: {overflow}"
        charts = browser.execute_script("return Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => Math.round(g.getBoundingClientRect().width))")
        assert all(width <= PHONE_WIDTH for width in charts), f"charts resize to the phone: {charts}"
        violations = axe_violations(browser)
        assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert page_console_errors(browser, served, path) == []
    finally:
        as_phone(browser, None)


def test_spine_chart_has_its_table_and_is_reachable_by_keyboard(browser, served):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, f"{served.url}/council/{EILEAN_SIAR}", "Na h-Eileanan Siar")
    figure = browser.find_element("css selector", "#spine figure")
    assert figure.get_attribute("aria-describedby") == "spine-table" and figure.get_attribute("aria-label")
    rows = browser.find_elements("css selector", "#spine-data tbody tr")
    assert len(rows) >= 8, "one row per comparable indicator"
    exclusions = next(r.text for r in rows if r.text.startswith("Exclusions per 1,000 looked after pupils"))
    assert "455 [u]" in exclusions and "Small numbers [u]" in exclusions, f"LGBF CHN20b 2020-21 454.55, flagged: {exclusions}"
    markers = browser.execute_script("return document.querySelector('#spine .js-plotly-plot').data.filter(t => t.mode === 'markers').map(t => t.name)")
    assert "Small numbers [u]" in markers
    browser.find_element("css selector", "#spine h3").click()
    reached = set()
    for _ in range(12):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        reached.add(active.get_attribute("role") == "region" and "against the range" in (active.get_attribute("aria-label") or ""))
        if "/indicator/looked_after_rate?areas=" in (active.get_attribute("href") or ""):
            break
    else:
        raise AssertionError("the spine table's links cannot be reached with Tab")
    assert True in reached, "the table's scroll region takes the focus (keyboard scrolling on a phone)"


def test_the_direction_rule_is_one_click_away(browser, served):
    open_page(browser, f"{served.url}/council/{GLASGOW}", "Glasgow City")
    browser.find_element("css selector", "#council-summary a[href$='#direction-rule']").click()
    wait_for(browser, lambda d: d.find_element("id", "direction-rule").is_displayed(), what="the direction rule")
    in_view = wait_for(browser, lambda d: d.execute_script(
        "const r = document.getElementById('direction-rule').getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight;"),
        what="the rule scrolled into view")
    assert in_view and "The arrow shows which way the figure moved" in browser.find_element("id", "direction-rule").text


def test_overview_sorts_by_a_column_and_a_cell_opens_that_council_on_that_indicator(browser, served):
    open_page(browser, f"{served.url}/overview", "All councils at a glance")
    browser.find_element("css selector", "a[href='/overview?sort=looked_after_rate']").click()
    wait_for(browser, lambda d: "sort=looked_after_rate" in d.current_url and d.find_elements("css selector", "th[aria-sort]"), what="sorted")
    first = browser.find_element("css selector", "#overview-data tbody tr:first-child td a[href*='looked_after_rate']")
    assert first.find_element("css selector", ".q-label").text == "Q1 best"
    assert "cell-q1" in first.find_element("xpath", "..").get_attribute("class")
    classes = browser.execute_script("return Array.from(new Set(Array.from(document.querySelectorAll('#overview-data td')).map(td => td.className)))")
    assert {"cell-q1", "cell-q4", "cell-withheld", "cell-na", "cell-small", "cell-context"} <= set(classes), classes
    href = first.get_attribute("href")
    first.click()
    wait_for(browser, lambda d: "/indicator/looked_after_rate?areas=" in d.current_url, what="the indicator page")
    open_page(browser, href, "Children looked after per 1,000")
    assert len(trace_names(browser)) == 2, "Scotland and the chosen council"


def _rgb(colour: str) -> tuple:
    colour = colour.strip()
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(x)) for x in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])


@pytest.mark.parametrize("indicator_id", ["looked_after_rate", "looked_after_community_pct"])
def test_map_colour_bar_drawn_in_the_browser_matches_the_fills(browser, served, indicator_id):
    """Lower-is-better once drew a grey-to-red bar beside green/purple fills; now the drawn gradient's ends
    are the fills of the lowest and highest councils (the PNG export is drawn from the same figure)."""
    open_page(browser, f"{served.url}/indicator/{indicator_id}", "")
    drawn = browser.execute_script(
        "const gd = document.querySelector('#map-graph .js-plotly-plot');"
        "const fills = gd.data.filter(t => t.fill === 'toself' && t.legendgroup === 'published').map(t => [t.text, t.fillcolor]);"
        "const stops = Array.from(gd.querySelectorAll('.colorbar linearGradient stop, linearGradient stop')).map(s => [s.getAttribute('offset'), s.getAttribute('stop-color')]);"
        "const bar = gd._fullData.find(t => t.marker && t.marker.showscale);"
        "return {fills: fills, stops: stops, cmin: bar.marker.cmin, cmax: bar.marker.cmax, reversescale: bar.marker.reversescale};")
    assert drawn["stops"], "the colour bar is drawn"
    values = {text: float(text.split(": ")[1].rstrip("%").replace(",", "")) for text, _ in drawn["fills"]}
    lowest, highest = min(values, key=values.get), max(values, key=values.get)
    fills = dict(drawn["fills"])
    offsets = sorted(drawn["stops"], key=lambda s: float(s[0].rstrip("%")) / (100 if s[0].endswith("%") else 1))
    ends = {_rgb(offsets[0][1]), _rgb(offsets[-1][1])}
    assert {_rgb(fills[lowest]), _rgb(fills[highest])} == ends, (lowest, fills[lowest], highest, fills[highest], offsets[:1], offsets[-1:])


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
