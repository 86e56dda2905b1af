"""The open data API (/api/v1/): contract tests per route on the real build, HTTP behaviour, and
agreement with the export cell for cell.

Figures checked are published ones, cited in the assertion messages.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json

import pytest

from api import limiter_storage
from api.models import MAX_PAGE_SIZE, AreaList, Build, DataPage, Framework, IndicatorDetail, IndicatorList
from settings import Settings
from store.export import EXPORT_COLUMNS, export_csv

GLASGOW, ORKNEY, SCOTLAND = "S12000049", "S12000023", "S92000003"


def _json(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    return response.get_json()


@pytest.fixture()
def unlimited(dash_app):
    """The session app with its rate limit lifted for tests that make many requests."""
    limiter = dash_app.server.extensions["promise_api_limiter"]
    saved = dash_app.server.config["PROMISE_API_RATE_LIMIT"]
    dash_app.server.config["PROMISE_API_RATE_LIMIT"] = "1000000/minute"
    limiter.reset()
    yield dash_app.server.test_client()
    dash_app.server.config["PROMISE_API_RATE_LIMIT"] = saved
    limiter.reset()


# --- contract, per route -------------------------------------------------------------------------

def test_indicators_carry_their_metadata(unlimited):
    body = IndicatorList.model_validate(_json(unlimited, "/api/v1/indicators"))
    by_id = {i.id: i for i in body.indicators}
    assert len(by_id) == 25, "the README's 25 indicators with open data"
    rate = by_id["looked_after_rate"]
    assert rate.interval_method == "byar" and rate.polarity in ("down_is_good", "no_judgement", "up_is_good")
    assert rate.framework.vision_statement.startswith("1") and rate.framework.is_framework_indicator
    assert {s.source_id for s in rate.sources} >= {"lgbf"} and "Open Government Licence" in rate.licence
    assert rate.latest_period is not None and rate.next_release
    assert "National Records of Scotland mid-2022 population estimates, released on 26 March 2024" in rate.last_updated, (
        "NRS mid-2022 estimates published 26 March 2024 (data/published/nrs_population/PROVENANCE.md): the same words as the page")
    assert "No next release date is announced" in rate.next_release
    assert by_id["child_poverty_pct"].framework.framework_indicator is None, "context, not a framework indicator"
    assert rate.links.data == "/api/v1/data?indicator=looked_after_rate"


def test_one_indicator_and_an_unknown_one(unlimited):
    detail = IndicatorDetail.model_validate(_json(unlimited, "/api/v1/indicators/looked_after_count"))
    assert "2020" in detail.periods and detail.caveats is not None and detail.numerator_definition
    error = _json(unlimited, "/api/v1/indicators/no_such_thing", status=404)
    assert error["parameter"] == "indicator_id" and "no_such_thing" in error["message"]


def test_areas_with_family_groups_and_code_history(unlimited):
    areas = {a.code: a for a in AreaList.model_validate(_json(unlimited, "/api/v1/areas")).areas}
    assert len(areas) == 33 and areas[SCOTLAND].type == "country" and areas[SCOTLAND].family_group is None
    glasgow = areas[GLASGOW]
    assert glasgow.name == "Glasgow City" and glasgow.family_group is not None
    assert [(c.previous_code, c.current_code_since) for c in glasgow.code_history] == [("S12000046", 2019)], \
        "geography/council_area_codes.csv: Glasgow City was S12000046 until 2019"
    assert sum(len(a.code_history) for a in areas.values()) == 4, "Fife, Glasgow, North Lanarkshire, Perth and Kinross"
    assert all(a.family_group for a in areas.values() if a.type == "council")


def test_data_gives_the_published_baseline(unlimited):
    page = DataPage.model_validate(_json(unlimited, f"/api/v1/data?indicator=looked_after_count&area={SCOTLAND}&period=2020"))
    assert [(r.value, r.status) for r in page.data] == [(14458.0, "")], \
        "14,458 children looked after at 31 July 2020: SG's published Promise baseline (LGBF January 2022 vintage)"
    row = page.data[0]
    assert row.area_name == "Scotland" and row.period_end == "2020-07-31" and row.source_id and row.vintage


def test_data_filters_by_area_and_period_range(unlimited):
    page = _json(unlimited, f"/api/v1/data?indicator=looked_after_count&area={GLASGOW}&area={ORKNEY}&from=2016&to=2018")
    assert {r["area_code"] for r in page["data"]} == {GLASGOW, ORKNEY}
    assert {r["period"] for r in page["data"]} == {"2016", "2017", "2018"}
    assert page["pagination"]["total"] == 6 and page["pagination"]["next_cursor"] is None


def test_framework_tree_names_computed_indicators(unlimited):
    tree = Framework.model_validate(_json(unlimited, "/api/v1/framework"))
    assert [v.number for v in tree.visions] == list(range(1, 11)), "ten vision statements"
    computed = {i for v in tree.visions for o in v.outcomes for row in o.indicators if row.computed for i in row.indicator_ids}
    context = {i for v in tree.visions for o in v.outcomes for i in o.context_indicator_ids}
    known = {i["id"] for i in _json(unlimited, "/api/v1/indicators")["indicators"]}
    assert computed | context == known, "every indicator sits in the tree, as a framework row or as context"
    assert any(not row.computed for v in tree.visions for o in v.outcomes for row in o.indicators), "rows with no open data yet"


def test_latest_build_lists_each_source_with_its_sha256(unlimited, built_settings):
    build = Build.model_validate(_json(unlimited, "/api/v1/builds/latest"))
    files = {(s.source_id, s.file_name): s.sha256 for s in build.sources}
    path = (built_settings.raw_mirror or built_settings.published_dir) / "geography" / "council_area_codes.csv"
    assert files[("geography", "council_area_codes.csv")] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert build.build_id and build.finished_at and "withheld" in build.disclosure_note


def test_pages_follow_the_cursor_and_the_page_size_is_capped(unlimited):
    first = _json(unlimited, "/api/v1/data?indicator=looked_after_rate&limit=100")
    seen, page, pages = [], first, 0
    while True:
        seen += page["data"]
        pages += 1
        if page["pagination"]["next"] is None:
            break
        page = _json(unlimited, page["pagination"]["next"])
    assert len(seen) == first["pagination"]["total"] > 100 and pages == -(-len(seen) // 100)
    keys = [(r["area_code"], r["period"], r["dimension"], r["category"]) for r in seen]
    assert len(set(keys)) == len(keys) and keys == sorted(keys), "no row twice, in the export's order"
    error = _json(unlimited, f"/api/v1/data?limit={MAX_PAGE_SIZE + 1}", status=400)
    assert error["parameter"] == "limit"
    assert _json(unlimited, "/api/v1/data?cursor=bm90LWEtY3Vyc29y", status=400)["parameter"] == "cursor"


# --- the disclosure promise: the API and the export agree cell for cell ---------------------------

def _api_rows(client, fmt: str) -> list:
    url = f"/api/v1/data?limit={MAX_PAGE_SIZE}&format={fmt}"
    rows, header = [], None
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        if fmt == "csv":
            lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
            header, body = lines[0], lines[1:]
            rows += body
            link = response.headers.get("Link")
            url = link.split(">")[0][1:] if link else None
        else:
            page = response.get_json()
            rows += page["data"]
            url = page["pagination"]["next"]
    return rows if fmt == "json" else [header, *rows]


def test_api_and_export_agree_cell_for_cell(unlimited, store_reader, tmp_path):
    export_csv(store_reader.reader, tmp_path / "export.csv")
    exported = list(csv.reader((tmp_path / "export.csv").open(encoding="utf-8")))
    assert _api_rows(unlimited, "csv") == exported, "the API's CSV is the export, row for row"

    as_json = _api_rows(unlimited, "json")
    assert len(as_json) == len(exported) - 1 > 4000
    withheld = 0
    for row, cells in zip(as_json, exported[1:]):
        expected = dict(zip(EXPORT_COLUMNS, cells))
        for column in EXPORT_COLUMNS:
            value = row[column]
            if column in ("numerator", "denominator", "value", "ci_lower", "ci_upper"):
                assert (value is None and expected[column] == "") or float(expected[column]) == value, (column, row, expected)
            elif column == "provisional":
                assert value == (expected[column] == "yes")
            else:
                assert value == expected[column], (column, row, expected)
        if row["status"] == "[c]":
            withheld += 1
            assert row["value"] is None and row["numerator"] is None and row["ci_lower"] is None
    assert withheld > 46, "the 46 withheld counts and the shares and rates that inherit their status"


# --- HTTP ---------------------------------------------------------------------------------------

def test_etag_from_the_build_and_304(unlimited, store_reader):
    url = "/api/v1/data?indicator=looked_after_rate&area=S12000049"
    first = unlimited.get(url)
    tag = first.headers["ETag"]
    assert tag.startswith(f'W/"{store_reader.build()["build_id"]}-') and "max-age" in first.headers["Cache-Control"]
    again = unlimited.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
    assert unlimited.get(url + "&format=csv", headers={"If-None-Match": tag}).status_code == 200, "CSV is another representation"
    assert unlimited.get("/api/v1/builds/latest").headers["Cache-Control"] == "no-cache"


def test_cors_for_get_and_preflight(unlimited):
    response = unlimited.get("/api/v1/areas", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*" and "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = unlimited.options("/api/v1/data", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("url, status, parameter", [
    ("/api/v1/data?areas=S12000049", 400, "areas"),
    ("/api/v1/data?area=S12000046", 400, "area"),
    ("/api/v1/data?area=S1200004<script>", 400, "area"),
    ("/api/v1/data?indicator=nope", 400, "indicator"),
    ("/api/v1/data?indicator=looked_after_rate&period=1999", 400, "period"),
    ("/api/v1/data?from=2020&to=2011", 400, "from"),
    ("/api/v1/data?format=xml", 400, "format"),
    ("/api/v1/areas?format=csv", 400, "format"),
    ("/api/v1/data?limit=many", 400, "limit"),
    ("/api/v1/indicators/nope", 404, "indicator_id"),
    ("/api/v1/no/such/route", 404, "path"),
])
def test_errors_are_json_naming_the_parameter(unlimited, url, status, parameter):
    body = _json(unlimited, url, status=status)
    assert body["status"] == status and body["parameter"] == parameter and body["message"]
    assert "<script>" not in body["message"]


def test_406_405_and_413(unlimited):
    body = _json(unlimited, "/api/v1/data", status=406, headers={"Accept": "application/xml"})
    assert body["parameter"] == "Accept"
    as_csv = unlimited.get("/api/v1/data?indicator=looked_after_rate", headers={"Accept": "text/csv"})
    assert as_csv.mimetype == "text/csv" and as_csv.get_data(as_text=True).startswith(",".join(EXPORT_COLUMNS))
    posted = unlimited.post("/api/v1/data")
    assert posted.status_code == 405 and posted.get_json()["parameter"] == "method"
    big = unlimited.get("/api/v1/areas", data=b"x" * (65 * 1024))
    assert big.status_code == 413 and big.get_json()["parameter"] == "body"


def test_compressed_json_and_csv(unlimited):
    for url in ("/api/v1/data?indicator=looked_after_rate", "/api/v1/data?indicator=looked_after_rate&format=csv"):
        response = unlimited.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", url
        assert gzip.decompress(response.get_data()).startswith((b"{", b"indicator_id")), url


def test_security_headers_on_the_api(unlimited):
    response = unlimited.get("/api/v1/indicators")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_rate_limit_per_client_gives_a_json_429(dash_app):
    server = dash_app.server
    limiter = server.extensions["promise_api_limiter"]
    saved = server.config["PROMISE_API_RATE_LIMIT"]
    server.config["PROMISE_API_RATE_LIMIT"] = "3/minute"
    limiter.reset()
    try:
        client = server.test_client()
        statuses = [client.get("/api/v1/areas").status_code for _ in range(3)]
        limited = client.get("/api/v1/areas")
        other = server.test_client().get("/api/v1/areas", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    finally:
        server.config["PROMISE_API_RATE_LIMIT"] = saved
        limiter.reset()
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429 and limited.get_json()["parameter"] == "client" and int(limited.headers["Retry-After"]) > 0
    assert other.status_code == 200, "the limit is per client"
    assert client.get("/").status_code == 200, "pages are not limited"


def test_rate_limit_storage_follows_the_cache_setting(tmp_path):
    settings = Settings(raw_mirror=None, var_dir=tmp_path, store_url="sqlite:///x", allow_network=False, cache_type="redis",
                        redis_url="redis://127.0.0.1:6379/14")
    assert limiter_storage(settings) == "redis://127.0.0.1:6379/14"
    assert limiter_storage(Settings(raw_mirror=None, var_dir=tmp_path, store_url="sqlite:///x", allow_network=False)) == "memory://"


def test_two_workers_share_one_count_in_redis(built_settings):
    """Two apps (as two gunicorn workers) on one Redis: the client's requests add up across them."""
    import os
    import socket
    from dataclasses import replace

    from app import create_app
    from layouts import context

    url = os.environ.get("PROMISE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis not reachable at 127.0.0.1:6379 (CI must prove the shared rate limit)")
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    settings = replace(built_settings, cache_type="redis", redis_url=url, api_rate_limit="3/minute")
    saved = context._reader
    try:
        first, second = create_app(settings).server, create_app(settings).server
        first.extensions["promise_api_limiter"].reset()
        statuses = [first.test_client().get("/api/v1/areas").status_code,
                    second.test_client().get("/api/v1/areas").status_code,
                    first.test_client().get("/api/v1/areas").status_code,
                    second.test_client().get("/api/v1/areas").status_code]
        first.extensions["promise_api_limiter"].reset()
    finally:
        context.set_reader(saved)
    assert statuses == [200, 200, 200, 429], "the fourth request in a minute is refused, whichever worker gets it"


def test_docs_page_is_linked_from_the_footer_and_needs_nothing_from_elsewhere(unlimited):
    page = unlimited.get("/api/v1/docs", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    for path in ("/api/v1/indicators", "/api/v1/indicators/{indicator_id}", "/api/v1/areas", "/api/v1/data", "/api/v1/framework",
                 "/api/v1/builds/latest"):
        assert f"GET {path}</code>" in html, path
    assert "<script" not in html, "no script, so the site's Content-Security-Policy needs no exception"
    assert 'src="http' not in html and 'href="http' not in html.replace('href="https://www.nationalarchives', ""), \
        "nothing fetched from another site"
    layout = json.dumps(unlimited.get("/_dash-layout").get_json())
    assert '"Open data API", "href": "/api/v1/docs"' in layout, "linked from the site footer"


def test_openapi_document_is_3_1_and_covers_every_route(unlimited):
    document = _json(unlimited, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/api/v1/indicators", "/api/v1/indicators/{indicator_id}", "/api/v1/areas", "/api/v1/data",
                                      "/api/v1/framework", "/api/v1/builds/latest"}
    data = document["paths"]["/api/v1/data"]["get"]
    assert {p["name"] for p in data["parameters"]} == {"indicator", "area", "period", "from", "to", "limit", "cursor", "format"}
    assert {"200", "304", "400", "404", "406", "413", "429"} <= set(data["responses"])
    assert "text/csv" in data["responses"]["200"]["content"]
    from openapi_spec_validator import OpenAPIV31SpecValidator

    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == [], errors[:3]


def test_the_readme_pandas_example_reads_withheld_cells_as_missing(unlimited):
    import pandas as pd

    response = unlimited.get("/api/v1/data?indicator=looked_after_residential_count&format=csv")
    frame = pd.read_csv(io.BytesIO(response.get_data()), dtype={"period": str})
    withheld = frame[frame["status"] == "[c]"]
    assert len(withheld) > 0 and withheld["value"].isna().all() and withheld["numerator"].isna().all()
    orkney = frame[(frame["area_code"] == ORKNEY) & (frame["status"] == "[c]")]
    assert len(orkney) > 0, "Orkney's small residential counts are withheld (README: disclosure control)"
