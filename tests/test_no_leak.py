"""No leak: a store built from a FIXTURE mirror with known small counts planted, then
every page, callback, download and export crawled. No withheld number may appear
anywhere: not in a table, a CSV, a workbook, figure JSON, hover text or an SVG.

The FIXTURE: the mirror's LGBF January 2022 placement file (the 31 July 2020
baseline) with Orkney's residential count lowered by 5 to 2 and Glasgow's raised
by 5, so the councils still add up to Scotland. Those are made-up numbers in a temporary copy, never shown or
shipped; they exist to be withheld.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import replace

import pandas as pd
import pytest

from conftest import chromium_or_skip, require_mirror, writable_mirror
from data_sources import lgbf
from indicators.registry import INDICATORS
from steps.compute import compute_all, load_sources

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

ORKNEY, GLASGOW, PLANTED_PERIOD = "S12000023", "S12000049", "2019-20"  # the 31 July 2020 baseline
PAGE_CALLBACK = {"output": ".._pages_content.children..._pages_store.data..",
                 "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
                 "changedPropIds": ["_pages_location.pathname"], "state": []}


def _plant(mirror) -> None:
    path = mirror / "lgbf" / lgbf.JAN2022_FILE
    lines = path.read_text().splitlines(keepends=True)
    for number, line in enumerate(lines):
        fields = line.rstrip("\n").split(",")
        if fields[0] == ORKNEY and fields[2] == PLANTED_PERIOD:
            fields[4] = str(int(fields[4]) - 5)
        elif fields[0] == GLASGOW and fields[2] == PLANTED_PERIOD:
            fields[4] = str(int(fields[4]) + 5)
        lines[number] = ",".join(fields) + "\n"
    path.write_text("".join(lines))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """(raw observations before disclosure control, the store's observations, a test client)."""
    import pipeline
    from app import create_app
    from layouts import context

    base = require_mirror()
    tmp = tmp_path_factory.mktemp("planted")
    copy = writable_mirror(base, tmp)
    _plant(copy.raw_mirror)
    settings = replace(copy, cache_type="null", api_rate_limit="100000/minute")
    pipeline.build(settings, progress=lambda line: None)
    raw, _metas = compute_all(load_sources(settings, lambda line: None), INDICATORS, lambda line: None)
    saved = context._reader
    app = create_app(settings)
    try:
        yield raw, context.reader().observations(), app.server.test_client()
    finally:
        context.set_reader(saved)  # the session's app reads its own store again


def _withheld(raw: pd.DataFrame, served: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator_id", "area_code", "period", "dimension", "category"]
    merged = served[served["status"] == "[c]"][keys].merge(raw, on=keys, how="left")
    return merged


def test_the_planted_count_is_withheld_in_the_store(planted):
    raw, served, _ = planted
    cell = raw[(raw["indicator_id"] == "looked_after_residential_count") & (raw["area_code"] == ORKNEY)
               & (raw["period"] == "2020")]
    assert list(cell["numerator"].dropna()) == [2.0], "the fixture planted 2"
    stored = served.merge(cell[["indicator_id", "area_code", "period"]], on=["indicator_id", "area_code", "period"])
    assert list(stored["status"]) == ["[c]"] and stored["numerator"].isna().all()


def _distinctive(value) -> str | None:
    """A withheld non-integer value's leading digits, long enough to be searched for anywhere."""
    if value is None or value != value or float(value).is_integer():
        return None
    text = f"{float(value):.10g}"
    digits = re.sub(r"\D", "", text).lstrip("0")
    return text[:9] if len(digits) >= 7 else None


def _secrets(withheld: pd.DataFrame, served: pd.DataFrame) -> set[str]:
    """Distinctive digits of every withheld value and interval, less any that a published
    cell also carries (LGBF has one such coincidence: a withheld Orkney cost per week
    equals Na h-Eileanan Siar's published 2012-13 figure, 276.4423)."""
    columns = ("value", "ci_lower", "ci_upper")
    hidden = {s for column in columns for s in map(_distinctive, withheld[column]) if s}
    shown = served[served["status"] != "[c]"]
    return hidden - {s for column in columns for s in map(_distinctive, shown[column]) if s}


def _urls(withheld: pd.DataFrame, indicators: list[str], councils: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(page callbacks as (path, search), GET downloads) covering every withheld cell."""
    pages = [("/", ""), ("/councils", ""), ("/data-quality", ""), ("/methodology", ""), ("/accessibility", ""), ("/feedback", "")]
    downloads = []
    for indicator in indicators:
        mine = withheld[withheld["indicator_id"] == indicator]
        areas = ",".join(list(dict.fromkeys(a for a in mine["area_code"] if a.startswith("S12")))[:8])
        pages.append((f"/indicator/{indicator}", f"?areas={areas}&ci=1" if areas else ""))
        downloads += [f"/download/indicator/{indicator}/trend.csv?areas={areas}", f"/download/indicator/{indicator}/trend.xlsx?areas={areas}"]
        for period in sorted(set(mine["period"]))[:6]:
            pages.append((f"/indicator/{indicator}", f"?period={period}&areas={areas}&ci=1"))
            downloads += [f"/download/indicator/{indicator}/ranking.csv?period={period}", f"/download/indicator/{indicator}/map.csv?period={period}"]
    for council in councils:
        pages.append((f"/council/{council}", ""))
        downloads += [f"/download/council/{council}.csv", f"/download/council/{council}.xlsx"]
    downloads += ["/download/context/england.csv", "/download/context/england.xlsx"]  # England beside Scotland's rate
    downloads += ["/download/all-data.csv", "/download/all-data.xlsx", "/download/data-dictionary.csv"]  # "download all data"
    return pages, downloads + _api_urls(withheld, indicators, councils)


def _api_urls(withheld: pd.DataFrame, indicators: list[str], councils: list[str]) -> list[str]:
    """Every API route, and the data of every indicator and council with a withheld cell, as JSON and CSV."""
    urls = ["/api/v1/indicators", "/api/v1/areas", "/api/v1/framework", "/api/v1/builds/latest", "/api/v1/docs",
            "/api/v1/openapi.json", "/api/v1/data?limit=5000", "/api/v1/data?limit=5000&format=csv"]
    for indicator in indicators:
        urls += [f"/api/v1/indicators/{indicator}", f"/api/v1/data?indicator={indicator}",
                 f"/api/v1/data?indicator={indicator}&format=csv"]
        for period in sorted(set(withheld[withheld["indicator_id"] == indicator]["period"]))[:6]:
            urls.append(f"/api/v1/data?indicator={indicator}&period={period}")
    urls += [f"/api/v1/data?area={council}" for council in councils]
    return urls


def _text_of(response) -> str:
    body = response.get_data()
    if body[:2] == b"PK":  # a workbook: its XML parts
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".xml"))
    return body.decode("utf-8", "replace")


def _traces(layout) -> list[dict]:
    """Every Plotly trace anywhere in a page's JSON."""
    found = []
    if isinstance(layout, dict):
        if isinstance(layout.get("figure"), dict):
            found += layout["figure"].get("data", [])
        for value in layout.values():
            found += _traces(value)
    elif isinstance(layout, list):
        for value in layout:
            found += _traces(value)
    return found


def test_no_withheld_number_appears_in_any_response(planted):
    raw, served, client = planted
    withheld = _withheld(raw, served)
    assert len(withheld) > 0
    indicators = sorted(set(withheld["indicator_id"]))
    councils = sorted(set(a for a in withheld["area_code"] if a.startswith("S12")))
    secrets = _secrets(withheld, served)
    assert len(secrets) > 20, "enough distinctive withheld values to search for"
    pages, downloads = _urls(withheld, indicators, councils)
    texts = {"/": _text_of(client.get("/")), "/_dash-layout": _text_of(client.get("/_dash-layout"))}
    layouts = {}
    for path, search in pages:
        body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                            {"id": "_pages_location", "property": "search", "value": search}]}
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200, (path, search)
        texts[f"callback {path}{search}"] = _text_of(response)
        assert "This page cannot be shown" not in texts[f"callback {path}{search}"], (path, search)
        layouts[path + search] = response.get_json()
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = _text_of(response)

    leaks = [(where, secret) for where, text in texts.items() for secret in secrets if secret in text]
    assert leaks == [], f"withheld values found: {leaks[:5]}"
    _assert_csv_cells_withheld(withheld, {u: t for u, t in texts.items() if ".csv" in u})
    _assert_api_cells_withheld(withheld, {u: t for u, t in texts.items() if u.startswith("/api/v1/data")})
    _assert_figures_withheld(withheld, layouts)
    assert len(texts) > 100, f"crawled {len(texts)} responses"
    print(f"crawled {len(texts)} responses for {len(withheld)} withheld cells ({len(secrets)} distinctive values)")


def _assert_csv_cells_withheld(withheld: pd.DataFrame, csvs: dict[str, str]) -> None:
    """In every indicator CSV and the all-data file, a withheld cell's row shows the symbol and no number."""
    checked = 0
    cells = set(withheld[["indicator_id", "area_code", "period"]].itertuples(index=False, name=None))
    full = set(withheld[["indicator_id", "area_code", "period", "dimension", "category"]].itertuples(index=False, name=None))
    for url, text in csvs.items():
        if not url.startswith(("/download/indicator/", "/download/all-data")):
            continue
        rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
        for row in rows:
            indicator = row["indicator_id"]
            key = (indicator, row["area_code"], row["period"])
            if (key + (row["dimension"], row["category"]) in full) if "dimension" in row else key in cells:
                assert row["status"] == "[c]", (url, row)
                numbers = ("value", "lower_confidence_limit", "upper_confidence_limit", "numerator", "denominator")
                assert all(row.get(column, "") == "" for column in numbers), (url, row)
                checked += 1
    assert checked > 0, "withheld cells were among the downloaded rows"


def _assert_api_cells_withheld(withheld: pd.DataFrame, responses: dict[str, str]) -> None:
    """In every API data response, a withheld cell is "value": null (an empty CSV cell) with "status": "[c]"."""
    keys = set(withheld[["indicator_id", "area_code", "period", "dimension", "category"]].itertuples(index=False, name=None))
    checked = 0
    for url, text in responses.items():
        rows = (csv.DictReader(io.StringIO(text)) if "format=csv" in url else json.loads(text)["data"])
        for row in rows:
            if (row["indicator_id"], row["area_code"], row["period"], row["dimension"], row["category"]) in keys:
                assert row["status"] == "[c]", (url, row)
                assert all(row[c] in (None, "") for c in ("numerator", "denominator", "value", "ci_lower", "ci_upper")), (url, row)
                checked += 1
    assert checked > len(keys), "every withheld cell was served by the API, more than once"


def _assert_figures_withheld(withheld: pd.DataFrame, layouts: dict[str, dict]) -> None:
    """Trend lines: a gap (None) and '[c]' hover text at every withheld point of the areas drawn."""
    checked = 0
    for where, layout in layouts.items():
        if not where.startswith("/indicator/"):
            continue
        indicator = where.split("/")[2].split("?")[0]
        mine = withheld[withheld["indicator_id"] == indicator]
        for trace in _traces(layout):
            if trace.get("mode") != "lines+markers":
                continue
            for area in set(mine["area_code"]):
                for period, y, text in zip(trace.get("x", []), trace.get("y", []), trace.get("text", [])):
                    if (area, period) in set(zip(mine["area_code"], mine["period"])) and text == "[c]":
                        assert y is None, (where, trace.get("name"), period, y)
                        checked += 1
    assert checked > 0, "withheld points were among the trend lines drawn"


def test_svg_exports_show_no_withheld_number(planted):
    chromium_or_skip()
    raw, served, client = planted
    withheld = _withheld(raw, served)
    secrets = _secrets(withheld, served)
    cell = withheld[(withheld["indicator_id"] == "looked_after_residential_count") & (withheld["area_code"] == ORKNEY)].iloc[0]
    for url in (f"/chart/indicator/{cell['indicator_id']}/trend.svg?areas={ORKNEY}",
                f"/chart/indicator/{cell['indicator_id']}/ranking.svg?period={cell['period']}",
                f"/chart/indicator/looked_after_community_pct/ranking.svg?period={cell['period']}"):
        response = client.get(url)
        assert response.status_code == 200, url
        svg = response.get_data(as_text=True)
        assert not [s for s in secrets if s in svg], url
        assert "[c]" in svg, f"{url}: the withheld cell is drawn as [c]"
