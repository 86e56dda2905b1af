"""A real site (issue 17, item 3): page titles and preview tags, the methodology page read
from the store, the accessibility statement and feedback page, the settings behind the
links, and error pages a person can read with the right status codes, while scripts and
API clients keep getting text and JSON."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from flask import Flask, Response
from plotly.utils import PlotlyJSONEncoder

from serving import PAGE_CALLBACK

DUNDEE, ORKNEY = "S12000042", "S12000023"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"}  # Chromium's
SITE = "Promise Progress dashboard"
ROOT = Path(__file__).resolve().parents[1]


def _title(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def _meta(page: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def _routed(client, path: str, search: str = "") -> dict:
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


@pytest.mark.parametrize(("path", "title"), [
    ("/", f"Are we keeping the promise? — {SITE}"),
    (f"/council/{DUNDEE}", f"Dundee City — {SITE}"),
    (f"/council/{ORKNEY}", f"Orkney Islands — {SITE}"),
    ("/indicator/looked_after_rate", f"Children looked after per 1,000 children aged 0-17 — {SITE}"),
    ("/councils", f"Councils — {SITE}"),
    ("/overview", f"All councils at a glance — {SITE}"),
    ("/data-quality", f"Data quality — {SITE}"),
    ("/methodology", f"Methodology — {SITE}"),
    ("/accessibility", f"Accessibility statement — {SITE}"),
    ("/feedback", f"Feedback — {SITE}"),
    ("/council/S12000099", f"Page not found — {SITE}"),
    ("/indicator/no_such_indicator", f"Page not found — {SITE}"),
    ("/no/such/page", f"Page not found — {SITE}"),
])
def test_each_page_is_titled_by_the_server_and_after_a_client_side_navigation_alike(client, path, title):
    page = client.get(path, headers=BROWSER).get_data(as_text=True)
    assert _title(page) == title
    assert _meta(page, "og:title") == title and _meta(page, "twitter:title") == title
    routed = _routed(client, path)
    assert routed["response"]["_pages_store"]["data"]["title"] == title, "the title Dash sets after navigating"


def test_every_page_has_a_description_and_preview_tags_naming_no_url_or_host(client):
    page = client.get(f"/council/{DUNDEE}", headers={**BROWSER, "Host": "attacker.example"}).get_data(as_text=True)
    description = _meta(page, "description")
    assert description.startswith("Dundee City: every indicator")
    assert _meta(page, "og:description") == description == _meta(page, "twitter:description")
    assert _meta(page, "og:site_name") == SITE and _meta(page, "og:type") == "website" and _meta(page, "twitter:card") == "summary"
    assert "og:url" not in page and "twitter:url" not in page and "attacker.example" not in page
    assert page.count('name="description"') == 1, "one description, not Dash's empty one as well"
    indicator = client.get("/indicator/looked_after_count", headers=BROWSER).get_data(as_text=True)
    assert _meta(indicator, "description").startswith("Children looked after at 31 July: Scotland's trend and every council")


def _text_of(layout) -> str:
    return json.dumps(layout)


def test_the_methodology_page_is_read_from_the_store(client, store_reader):
    page = _text_of(_routed(client, "/methodology"))
    indicators = store_reader.indicators()
    assert len(indicators) >= 25
    for row in indicators.itertuples():
        meta = json.loads(row.metadata_json)
        for text in (row.title, row.measure, row.numerator_definition, row.direction_rule):
            assert json.dumps(text)[1:-1] in page, f"{row.indicator_id}: {text[:60]}"
        assert meta["direction_method"] in ("intervals", "relative_10pct", "absolute_2pp")
    assert json.dumps(store_reader.build()["disclosure_note"])[1:-1] in page, "the current build's disclosure note"
    for words in ("Confidence intervals", "Direction of travel", "Small numbers", "disclosure control", "[c]", "[u]",
                  "Wilson's score method", "Byar's method"):
        assert words in page, words
    for source in store_reader.sources().drop_duplicates("source_id").itertuples():
        assert json.dumps(source.title)[1:-1] in page and source.url_main in page


def test_the_methodology_page_shows_each_indicators_own_interval_and_rule(client, store_reader):
    """Each indicator's entry carries its own interval method and direction rule (not only somewhere on the page)."""
    from layouts.methodology import _indicator_entry, interval_text
    from layouts.views import all_indicator_metas

    metas = all_indicator_metas(store_reader)
    for meta in metas:
        entry = json.dumps(_indicator_entry(meta), cls=PlotlyJSONEncoder)
        assert json.dumps(interval_text(meta))[1:-1] in entry and json.dumps(meta.direction_rule)[1:-1] in entry
    by_method = {meta.ci_method for meta in metas}
    assert {"wilson", "byar", "none"} <= by_method


def test_the_accessibility_statement_and_feedback_page(client):
    statement = _text_of(_routed(client, "/accessibility"))
    for words in ("WCAG", "2.2", "AA", "partially conformant", "axe-core", "390 pixels", "1280 pixels", "Known issues"):
        assert words in statement, words
    feedback = _text_of(_routed(client, "/feedback"))
    assert "PROMISE_FEEDBACK_URL" in feedback, "says plainly that no feedback address is set"


def test_the_footer_links_the_site_pages_and_no_placeholder(client):
    from app import _footer_links
    from layouts import site_meta

    page = json.dumps(client.get("/_dash-layout").get_json())
    for href in ("/methodology", "/accessibility", "/feedback", "/api/v1/docs"):
        assert f'"href": "{href}"' in page, href
    assert "https://github.com/\"" not in page and "Source code" not in page, "no source link unless one is set"
    saved = site_meta.links()
    try:
        site_meta.configure("https://example.org/promise/dashboard", "mailto:promise@example.org")
        links = json.dumps(_footer_links(), cls=PlotlyJSONEncoder)
        assert "https://example.org/promise/dashboard" in links
        from layouts.statements import feedback_layout

        feedback = json.dumps(feedback_layout(), cls=PlotlyJSONEncoder)
        assert "mailto:promise@example.org" in feedback and "https://example.org/promise/dashboard" in feedback
    finally:
        site_meta.configure(saved.source_url, saved.feedback_url)


@pytest.mark.parametrize(("variable", "value", "ok"), [
    ("PROMISE_SOURCE_URL", "https://example.org/promise", True),
    ("PROMISE_SOURCE_URL", "http://example.org/promise", False),
    ("PROMISE_SOURCE_URL", "javascript:alert(1)", False),
    ("PROMISE_SOURCE_URL", "mailto:a@example.org", False),
    ("PROMISE_SOURCE_URL", 'https://example.org/"><script>', False),
    ("PROMISE_SOURCE_URL", "https://example.org/a b", False),
    ("PROMISE_FEEDBACK_URL", "mailto:promise@example.org", True),
    ("PROMISE_FEEDBACK_URL", "https://forms.example.org/promise?x=1", True),
    ("PROMISE_FEEDBACK_URL", "promise@example.org", False),
    ("PROMISE_FEEDBACK_URL", "data:text/html,hi", False),
])
def test_link_settings_are_checked_and_a_bad_one_names_its_variable(monkeypatch, variable, value, ok):
    from settings import SettingError, load_settings

    monkeypatch.setenv(variable, value)
    if ok:
        settings = load_settings()
        assert value in (settings.source_url, settings.feedback_url)
        return
    with pytest.raises(SettingError, match=variable):
        load_settings()


def test_a_bad_setting_stops_the_command_naming_the_variable(monkeypatch, capsys):
    import promise_cli

    monkeypatch.setenv("PROMISE_SOURCE_URL", "javascript:alert(1)")
    assert promise_cli.main(["serve", "--port", "8699"]) == 2
    assert "PROMISE_SOURCE_URL" in capsys.readouterr().err


def test_unset_link_settings_are_none(monkeypatch):
    from settings import load_settings

    monkeypatch.delenv("PROMISE_SOURCE_URL", raising=False)
    monkeypatch.setenv("PROMISE_FEEDBACK_URL", "  ")
    settings = load_settings()
    assert settings.source_url is None and settings.feedback_url is None


# --- error pages -------------------------------------------------------------------------------------------


def _is_human_page(response, code: int) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code == code and response.mimetype == "text/html", (response.status_code, response.mimetype)
    assert '<html lang="en">' in body and 'id="main"' in body and f"Error {code}." in body and "<script" not in body
    return body


@pytest.mark.parametrize(("method", "path", "code", "heading"), [
    ("GET", "/download/indicator/no_such_indicator/trend.csv", 400, "This address has a mistake in it"),
    ("GET", "/download/indicator/looked_after_rate/nonsense.csv", 404, "Page not found"),
    ("POST", "/council/S12000042", 405, "This page cannot take that kind of request"),
    ("POST", "/", 405, "This page cannot take that kind of request"),
])
def test_browsers_get_a_readable_error_page_with_the_right_status(client, method, path, code, heading):
    response = client.open(path, method=method, headers=BROWSER)
    body = _is_human_page(response, code)
    assert _title(body) == f"{heading} — {SITE}" and f"<h1>{heading}</h1>" in body
    assert response.headers["X-Frame-Options"] == "DENY", "the security headers are kept"


def test_a_browser_is_told_which_parameter_is_wrong_and_nothing_is_echoed_raw(client):
    response = client.get("/download/indicator/looked_after_rate/trend.csv?areas=<script>x</script>", headers=BROWSER)
    body = _is_human_page(response, 400)
    assert "Parameter &#x27;areas&#x27;" in body and "<script>x" not in body


@pytest.mark.parametrize(("method", "path", "code"), [
    ("GET", "/download/indicator/no_such_indicator/trend.csv", 400),
    ("GET", "/download/indicator/looked_after_rate/nonsense.csv", 404),
    ("POST", "/council/S12000042", 405),
])
@pytest.mark.parametrize("accept", [None, "*/*", "text/plain", "application/json"])
def test_scripts_still_get_plain_text(client, method, path, code, accept):
    response = client.open(path, method=method, headers={"Accept": accept} if accept else {})
    assert response.status_code == code and response.mimetype == "text/plain", (response.status_code, response.mimetype)
    assert "<" not in response.get_data(as_text=True)


@pytest.mark.parametrize("headers", [BROWSER, {}])
def test_api_clients_keep_json_problems(client, headers):
    for method, path, code in (("GET", "/api/v1/nope", 404), ("GET", "/api/v1/indicators/nope", 404), ("POST", "/api/v1/indicators", 405)):
        response = client.open(path, method=method, headers=headers)
        assert response.status_code == code and response.mimetype == "application/json", (path, response.mimetype)
        assert response.get_json()["status"] == code


def test_a_busy_export_is_a_readable_429_that_keeps_retry_after(client):
    from reports import images

    assert images.EXPORT_SLOTS.acquire(blocking=False)
    try:
        response = client.get("/chart/indicator/looked_after_rate/trend.png", headers=BROWSER)
        body = _is_human_page(response, 429)
        assert response.headers["Retry-After"] and f"try again in {int(response.headers['Retry-After'])} seconds" in body
        script = client.get("/chart/indicator/looked_after_rate/trend.png")
        assert script.status_code == 429 and script.mimetype == "text/plain" and script.headers["Retry-After"]
    finally:
        images.EXPORT_SLOTS.release()


def test_a_failure_is_a_readable_500_that_shows_no_trace(client, monkeypatch):
    from layouts import downloads

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(downloads, "council_view", broken)
    response = client.get(f"/download/council/{DUNDEE}.csv", headers=BROWSER)
    body = _is_human_page(response, 500)
    assert "secret detail" not in body and "Something went wrong on our side" in body
    script = client.get(f"/download/council/{DUNDEE}.csv")
    assert script.status_code == 500 and script.mimetype == "text/plain" and "secret detail" not in script.get_data(as_text=True)


@pytest.mark.parametrize("code", [400, 404, 405, 413, 429, 500])
def test_every_error_code_has_its_page_on_any_route(code):
    """Each code the site answers is turned into a page for a browser by the one hook, whatever route gave it."""
    from layouts import error_pages

    server = Flask(__name__, root_path=str(ROOT))
    error_pages.register(server)

    @server.get("/plain")
    def plain():
        return Response("Something specific.", status=code, mimetype="text/plain", headers={"Retry-After": "7"})

    with server.test_client() as test:
        page = test.get("/plain", headers=BROWSER)
        body = _is_human_page(page, code)
        assert _title(body) == f"{error_pages.WORDS[code][0]} — {SITE}"
        assert ("Something specific." in body) == (code != 500), "our own sentence, never a 500's"
        assert page.headers["Retry-After"] == "7"
        assert test.get("/plain").mimetype == "text/plain"


def test_an_address_that_is_no_page_keeps_the_shell_with_a_404(client):
    response = client.get("/no/such/page", headers=BROWSER)
    assert response.status_code == 404 and 'id="react-entry-point"' in response.get_data(as_text=True)
