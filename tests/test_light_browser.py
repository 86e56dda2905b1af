"""A light first visit in a real browser (issue 17 item 4): a council page, met with an empty
browser cache, transfers at most 600 KB (it was 1,768 KB with the full plotly.js) and draws its
charts with the vendored partial bundle, whose trace types are the ones the tests expect.

Only bytes are asserted (they barely vary between runs); the time a first visit takes is
measured in bench/first_visit.py, not here.
"""
from __future__ import annotations

import time

import pytest

from browser_harness import console_errors, make_driver
from conftest import chromium_and_driver_or_skip
from layouts import bundles
from test_browser import served, wait_for  # noqa: F401 - fixture

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

DUNDEE = "S12000042"
BUDGET_BYTES = 600_000
TRANSFERRED = ("return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
               ".map(e => [e.name, e.transferSize])")


def _quiet_entries(driver, seconds: float = 1.0, timeout: float = 20.0) -> list:
    """Resource Timing entries once no new response has arrived for ``seconds``."""
    entries, quiet_since, deadline = [], time.monotonic(), time.monotonic() + timeout
    while time.monotonic() - quiet_since < seconds and time.monotonic() < deadline:
        now = driver.execute_script(TRANSFERRED)
        if len(now) != len(entries):
            entries, quiet_since = now, time.monotonic()
        time.sleep(0.1)
    return entries


def test_a_council_page_s_first_visit_transfers_at_most_600_kb_and_draws_its_charts(served, dash_app):
    copies = dash_app.server.extensions["promise_bundles"]
    assert copies.finished.wait(120)  # what a server meets once it has been up a few seconds
    driver = make_driver(chromium_and_driver_or_skip())  # a new profile: an empty browser cache
    try:
        driver.get(f"{served.url}/council/{DUNDEE}")
        wait_for(driver, lambda d: "Dundee City" in d.find_element("css selector", "main h1").text, what="the heading")
        wait_for(driver, lambda d: d.execute_script(
            "const graphs = document.querySelectorAll('.dash-graph');"
            "return graphs.length > 1 && [...graphs].every(g => g.querySelector('.main-svg'))"), what="every chart drawn")
        entries = _quiet_entries(driver)
        total = sum(size for _, size in entries)
        biggest = sorted(((size, name.split("?")[0]) for name, size in entries), reverse=True)[:5]
        assert total <= BUDGET_BYTES, f"{total:,} bytes; largest: {biggest}"
        plotly = [name for name, _ in entries if name.endswith("/plotly/package_data/plotly.min.js")]
        assert len(plotly) == 1
        registered = driver.execute_script("return Object.keys(Plotly.PlotSchema.get().traces).sort()")
        assert set(registered) == bundles.bundle_traces(bundles.PLOTLY_JS.read_text(encoding="utf-8")) == {"bar", "pie", "scatter"}
        assert console_errors(driver) == []
    finally:
        driver.quit()


# Recorded in the page at the first frame where every chart in the first screenful (1280 x 1000) is drawn.
FIRST_SCREEN = """
window.__firstScreen = null;
(function watch() {
  const heading = document.querySelector('main h1');
  const graphs = [...document.querySelectorAll('.dash-graph')];
  const drawn = g => g.querySelector('.main-svg') !== null;
  const inView = graphs.filter(g => g.getBoundingClientRect().top < window.innerHeight);
  if (heading && heading.textContent && graphs.length && inView.length && inView.every(drawn)) {
    const record = {inView: inView.length, graphs: graphs.length, drawn: graphs.filter(drawn).length,
                    tables: document.querySelectorAll('.card details table').length, drawnAfterPrint: null};
    if (sessionStorage.getItem('printAtOnce')) {
      window.dispatchEvent(new Event('beforeprint'));
      record.drawnAfterPrint = graphs.filter(drawn).length;
      window.dispatchEvent(new Event('afterprint'));
    }
    window.__firstScreen = record;
    return;
  }
  requestAnimationFrame(watch);
})();
"""


def test_a_council_page_draws_its_first_screenful_first_and_every_chart_below_it_without_scrolling(served):
    """The charts below the first screenful wait (assets/lazy_charts.js) while the first screen is drawn; the tables
    under every chart are there from the start; every chart is then drawn, before and after scrolling to the end."""
    driver = make_driver(chromium_and_driver_or_skip())
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_SCREEN})
        driver.get(f"{served.url}/council/{DUNDEE}")
        wait_for(driver, lambda d: d.execute_script("return window.__firstScreen"), what="the first screenful drawn")
        first = driver.execute_script("return window.__firstScreen")
        assert first["inView"] >= 1 and first["graphs"] > 10, first
        assert first["drawn"] < first["graphs"], f"charts below the first screen were drawn with it: {first}"
        assert first["tables"] >= first["graphs"] - 1, f"a table under a chart was not there at once: {first}"  # spine: its own
        every_chart = ("const graphs = document.querySelectorAll('.dash-graph');"
                       "return graphs.length > 10 && [...graphs].every(g => g.querySelector('.main-svg'))")
        wait_for(driver, lambda d: d.execute_script(every_chart), what="every chart drawn without scrolling")
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        wait_for(driver, lambda d: d.execute_script(every_chart), what="every chart drawn after scrolling to the end")
        heights = driver.execute_script("return [...document.querySelectorAll('.dash-graph .js-plotly-plot')]"
                                        ".map(c => [c.getBoundingClientRect().height, c._fullLayout.height])")
        assert all(abs(shown - drawn) < 2 for shown, drawn in heights), heights
        assert console_errors(driver) == []
    finally:
        driver.quit()


def test_printing_a_council_page_at_once_draws_the_charts_still_waiting(served):
    """Printing (or saving as PDF) before the charts below the first screen were drawn prints every chart."""
    driver = make_driver(chromium_and_driver_or_skip())
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_SCREEN})
        driver.get(f"{served.url}/accessibility")
        driver.execute_script("sessionStorage.setItem('printAtOnce', '1')")
        driver.get(f"{served.url}/council/{DUNDEE}")
        wait_for(driver, lambda d: d.execute_script("return window.__firstScreen"), what="the first screenful drawn")
        first = driver.execute_script("return window.__firstScreen")
        assert first["drawn"] < first["graphs"], f"nothing was waiting: {first}"
        assert first["drawnAfterPrint"] == first["graphs"], f"charts left empty in print: {first}"
        assert console_errors(driver) == []
    finally:
        driver.quit()
