"""The API's docs page in headless Chromium: reached from the site footer, drawn under the site's
Content-Security-Policy with nothing fetched from elsewhere (a refused resource is a console
error), and axe-core finds nothing serious or critical."""
from __future__ import annotations

import pytest

from browser_harness import axe_violations, console_errors
from test_browser import browser, open_page, served, wait_for  # noqa: F401 - the browser tests' fixtures

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")


def test_footer_link_opens_the_api_docs_which_pass_axe(browser, served):  # noqa: F811
    open_page(browser, served.url + "/", "How Scotland is keeping the promise")
    browser.find_element("link text", "Open data API").click()
    wait_for(browser, lambda d: "open data API" in d.find_element("css selector", "main h1").text, what="the docs heading")
    assert browser.current_url.endswith("/api/v1/docs")
    assert "GET /api/v1/data" in browser.find_element("css selector", "main").text
    assert console_errors(browser) == [], "nothing refused by the Content-Security-Policy or missing"
    violations = axe_violations(browser)
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
