"""A light first visit (issue 17 item 4): the partial plotly.js bundle holds every trace type
the pages draw, it is the version the installed plotly expects, it ships with its licence and
checksum, and bundles go out brotli-compressed at the highest level; no page loads dash_table."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import brotli
import dash.dcc
import pytest

from layouts import bundles
from serving import PAGE_CALLBACK

DUNDEE, ORKNEY = "S12000042", "S12000023"
BR = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # Chromium's
BUNDLE_TEXT = bundles.PLOTLY_JS.read_text(encoding="utf-8")


def _figures(node):
    """Every plotly figure (a dict with 'data' and 'layout') anywhere in a page response."""
    if isinstance(node, dict):
        if isinstance(node.get("data"), list) and isinstance(node.get("layout"), dict):
            yield node
        for value in node.values():
            yield from _figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _figures(value)


def _page(client, path: str, search: str = "") -> dict:
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def test_the_vendored_bundle_is_the_plotly_js_the_installed_plotly_embeds():
    assert bundles.bundle_version(BUNDLE_TEXT) == bundles.expected_version(), "vendor/README.md says how to update it"


def test_the_vendored_bundle_ships_with_its_licence_and_the_checksum_its_readme_gives():
    readme = (bundles.VENDOR.parent / "README.md").read_text()
    digest = hashlib.sha256(bundles.PLOTLY_JS.read_bytes()).hexdigest()
    assert f"`plotly-basic.min.js`: `{digest}`" in readme
    assert f"plotly.js-basic-dist-min@{bundles.bundle_version(BUNDLE_TEXT)}" in readme
    assert "MIT License" in (bundles.VENDOR / "LICENSE").read_text()


def test_the_brotli_copy_unpacks_to_the_bundle_byte_for_byte():
    assert brotli.decompress(bundles.PLOTLY_JS_BROTLI.read_bytes()) == bundles.PLOTLY_JS.read_bytes()


def test_every_trace_type_the_pages_draw_is_in_the_vendored_bundle(client, store_reader):
    pages = [("/", ""), (f"/council/{DUNDEE}", ""), (f"/council/{ORKNEY}", ""), ("/overview", ""), ("/councils", ""),
             ("/data-quality", ""), ("/methodology", "")]
    pages += [(f"/indicator/{i}", "") for i in store_reader.indicators()["indicator_id"]]
    pages += [("/indicator/looked_after_rate", f"?areas={DUNDEE},{ORKNEY}&period=2016"),
              ("/indicator/looked_after_community_pct", "?period=2012")]
    drawn = {trace.get("type", "scatter") for path, search in pages for figure in _figures(_page(client, path, search))
             for trace in figure["data"]}
    assert {"scatter", "bar"} <= drawn  # the walk found the charts
    assert drawn <= bundles.bundle_traces(BUNDLE_TEXT), f"drawn but not in the bundle: {drawn - bundles.bundle_traces(BUNDLE_TEXT)}"


def test_the_address_dcc_loads_plotly_js_from_serves_the_vendored_bundle(client):
    compressed = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js", headers=BR)
    assert compressed.status_code == 200 and compressed.headers["Content-Encoding"] == "br"
    assert compressed.data == bundles.PLOTLY_JS_BROTLI.read_bytes()
    plain = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": "identity"})
    assert plain.data == bundles.PLOTLY_JS.read_bytes() and "Content-Encoding" not in plain.headers
    again = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js", headers={**BR, "If-None-Match": compressed.headers["ETag"]})
    assert again.status_code == 304


def test_pages_load_no_dash_table_bundle_and_dash_bundles_go_out_at_brotli_s_highest_level(client, dash_app):
    page = client.get(f"/council/{DUNDEE}").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts and not [s for s in scripts if "dash_table" in s]
    dcc = next(s for s in scripts if "/dcc/dash_core_components.v" in s)
    copies = dash_app.server.extensions["promise_bundles"]
    assert copies.finished.wait(120)  # compressed in the background after start
    response = client.get(dcc, headers=BR)
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    raw = (Path(dash.dcc.__file__).parent / "dash_core_components.js").read_bytes()
    assert brotli.decompress(response.data) == raw
    assert len(response.data) <= len(brotli.compress(raw, quality=9)), "not at the highest level"
    assert response.headers["Cache-Control"] == "public, max-age=31536000"  # fingerprinted: a year, as Dash does


@pytest.mark.parametrize("accept", ["gzip", "identity"])
def test_a_client_without_brotli_gets_the_bundles_as_before(client, accept):
    page = client.get(f"/council/{DUNDEE}").get_data(as_text=True)
    dcc = next(s for s in re.findall(r'<script src="([^"]+)"', page) if "/dcc/dash_core_components.v" in s)
    response = client.get(dcc, headers={"Accept-Encoding": accept})
    assert response.status_code == 200 and response.headers.get("Content-Encoding") == (None if accept == "identity" else "gzip")


def test_the_print_view_and_the_pdf_report_draw_with_the_partial_bundle_not_the_full_one(client):
    """The print view's plotly.js, fetched as a browser would, is the vendored partial bundle (329 KB as brotli), not
    plotly's full plotly.min.js (4.8 MB); the PDF report's warm browser loads the same file."""
    from reports.renderer import PLOTLY_JS as RENDERER_PLOTLY_JS

    text = client.get(f"/council/{DUNDEE}/print").get_data(as_text=True)
    plotly = [src for src in re.findall(r'<script[^>]* src="([^"]+)"', text) if "plotly" in src]
    assert len(plotly) == 1, plotly
    served = client.get(plotly[0], headers=BR)
    assert served.status_code == 200 and served.data == bundles.PLOTLY_JS_BROTLI.read_bytes()
    assert RENDERER_PLOTLY_JS == bundles.PLOTLY_JS
    assert bundles.bundle_traces(bundles.PLOTLY_JS.read_text(encoding="utf-8")) == {"bar", "pie", "scatter"}
