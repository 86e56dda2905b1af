"""CSV/XLSX of exactly what a view shows, PNG/SVG exports, and the CLI's chart and pack."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

import promise_cli
from conftest import chromium_or_skip

SHETLAND, GLASGOW = "S12000027", "S12000049"


def _csv(response) -> tuple[list[str], list[dict]]:
    text = response.get_data(as_text=True)
    header = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return header, list(csv.DictReader(io.StringIO(body)))


def test_trend_csv_is_the_view_with_a_metadata_header(client):
    response = client.get(f"/download/indicator/looked_after_community_pct/trend.csv?areas={SHETLAND}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="looked_after_community_pct_trend_shetland-islands_2011-2024.csv"' in response.headers["Content-Disposition"]
    header, rows = _csv(response)
    assert header[0] == "Title: Looked after children in the community (%)"
    assert any(line.startswith("Source: ") for line in header) and any(line.startswith("Licence: Open Government Licence") for line in header)
    assert any(line.startswith("Symbol [c]:") for line in header), "the symbols used are explained"
    assert {r["area_code"] for r in rows} == {"S92000003", SHETLAND}
    assert list(rows[0]) == ["indicator_id", "area_code", "area_name", "comparison", "period", "value", "unit",
                             "lower_confidence_limit", "upper_confidence_limit", "status"], "spelled-out column names"
    shetland_2016 = next(r for r in rows if r["area_code"] == SHETLAND and r["period"] == "2016")
    assert shetland_2016["status"] == "[c]" and shetland_2016["value"] == "" and shetland_2016["lower_confidence_limit"] == ""
    baseline = next(r for r in rows if r["area_code"] == "S92000003" and r["period"] == "2020")
    assert round(float(baseline["value"]), 1) == 90.1 and baseline["unit"] == "%", "Promise baseline 90.1% in the community"
    assert baseline["comparison"] == "Scotland (comparator)"


def test_csv_numbers_are_plain(client):
    """No thousands separators, units or symbols inside a number cell: every value parses as a number."""
    _, rows = _csv(client.get(f"/download/indicator/looked_after_count/trend.csv?areas={GLASGOW}"))
    scotland_2020 = next(r for r in rows if r["area_code"] == "S92000003" and r["period"] == "2020")
    assert scotland_2020["value"] == "14458", "SG's Promise baseline, 14,458 children looked after at 31 July 2020"
    for row in rows:
        for column in ("value", "lower_confidence_limit", "upper_confidence_limit"):
            assert row[column] == "" or float(row[column]) == float(row[column]), (column, row)
            assert "," not in row[column] and "%" not in row[column] and "[" not in row[column]


def test_trend_file_carries_the_family_group_the_chart_drew(client):
    _, rows = _csv(client.get(f"/download/indicator/looked_after_rate/trend.csv?areas={GLASGOW}&comparator=family"))
    roles = {r["comparison"] for r in rows}
    assert roles == {"Scotland (comparator)", "selected council", "family group average (comparator)"}
    family = [r for r in rows if r["area_code"].startswith("family:")]
    assert family and family[0]["area_name"].endswith("average")


def test_ranking_csv_has_every_council_ordered_as_shown_then_scotland(client):
    response = client.get("/download/indicator/looked_after_rate/ranking.csv?period=2022")
    assert 'filename="looked_after_rate_ranking_all-councils_2022.csv"' in response.headers["Content-Disposition"]
    _, rows = _csv(response)
    assert len(rows) == 33 and rows[-1]["area_code"] == "S92000003", "32 councils, then Scotland as the comparator"
    councils = rows[:-1]
    values = [float(r["value"]) for r in councils if r["value"]]
    assert values == sorted(values), "lower is better: best first, as in the chart"
    assert [r["rank"] for r in councils if r["rank"]][:3] == ["1", "2", "3"]
    assert {r["compared_with_scotland"] for r in councils} & {"higher than Scotland", "lower than Scotland"}


def test_xlsx_has_cover_notes_and_number_cells(client):
    response = client.get(f"/download/indicator/looked_after_rate/trend.xlsx?areas={GLASGOW}")
    assert response.status_code == 200
    assert 'filename="looked_after_rate_trend_glasgow-city_' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Cover", "Notes", "Data"]
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(min_row=2, values_only=True)}
    assert book["Cover"]["A1"].value.startswith("Children looked after per 1,000")
    for label in ("Source", "Licence", "Release date", "Contact", "Unit"):
        assert cover.get(label), f"the cover sheet gives the {label}"
    notes = [row for row in book["Notes"].iter_rows(min_row=2, values_only=True)]
    assert any(symbol == "[x]" for symbol, _ in notes), "the symbols the file uses are explained"
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header[:3] == ["indicator_id", "area_code", "area_name"]
    value_column = header.index("value") + 1
    cells = [data.cell(row=r, column=value_column) for r in range(2, data.max_row + 1)]
    numbers = [c for c in cells if c.value is not None]
    assert numbers and all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in numbers), "numbers, not text"
    assert {c.number_format for c in numbers} == {"#,##0.0"}, "one decimal, as the indicator is published"
    scotland = next(r for r in data.iter_rows(min_row=2, values_only=True) if r[1] == "S92000003" and r[4] == "2022")
    assert round(scotland[value_column - 1], 1) == 12.5, "Scotland 2022, 12.5 per 1,000 (CSWS 2021-22; NRS mid-2022)"


def test_council_summary_has_numbers_and_comparators(client):
    response = client.get(f"/download/council/{SHETLAND}.csv")
    assert 'filename="all-indicators_summary_shetland-islands.csv"' in response.headers["Content-Disposition"]
    header, rows = _csv(response)
    assert header[0].startswith("Title: Shetland Islands")
    assert {r["indicator"] for r in rows} >= {"Children looked after at 31 July", "Looked after children in the community (%)"}
    rate = next(r for r in rows if r["indicator_id"] == "looked_after_rate")
    assert float(rate["scotland_value"]) > 0 and rate["unit"].startswith("per 1,000") and rate["family_group"]
    book = load_workbook(io.BytesIO(client.get(f"/download/council/{SHETLAND}.xlsx").data))
    assert book.sheetnames == ["Cover", "Notes", "Data"]
    data = list(book["Data"].iter_rows(values_only=True))
    column = data[0].index("scotland_value")
    assert all(isinstance(row[column], (int, float)) for row in data[1:] if row[column] is not None), "numbers, not text"


@pytest.mark.parametrize("path,parameter", [
    ("/download/indicator/nope/trend.csv", "indicator"),
    ("/download/indicator/looked_after_rate/trend.csv?areas=S12000099", "areas"),
    ("/download/indicator/looked_after_rate/ranking.csv?period=1900", "period"),
    ("/download/council/NOPE.csv", "area"),
    ("/chart/indicator/looked_after_rate/trend.png?width=99999", "width"),
    ("/chart/indicator/looked_after_rate/trend.png?scale=50", "scale"),
    ("/chart/indicator/looked_after_rate/trend.svg?height=abc", "height"),
])
def test_bad_download_parameters_are_a_clear_400(client, path, parameter):
    response = client.get(path)
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert f"Parameter '{parameter}'" in response.get_data(as_text=True)


def test_unknown_view_or_format_is_404(client):
    assert client.get("/download/indicator/looked_after_rate/pie.csv").status_code == 404
    assert client.get("/chart/indicator/looked_after_rate/trend.gif").status_code == 404


def test_every_view_of_every_indicator_downloads_or_says_why_not(client, store_reader):
    """Each indicator's trend, ranking and map as CSV and XLSX: a file for what its page shows; a ranking or map
    of a Scotland-only indicator (no council figures) is a 404 saying so, as is its chart, never a server error
    (they gave 500s: an empty ranking broke the ordering)."""
    geographies = {i: json.loads(m).get("geographies", []) for i, m in
                   zip(store_reader.indicators()["indicator_id"], store_reader.indicators()["metadata_json"])}
    scotland_only = sorted(i for i, g in geographies.items() if "council" not in g)
    assert len(scotland_only) >= 10 and "looked_after_rate" not in scotland_only, scotland_only
    for indicator, places in sorted(geographies.items()):
        for which in ("trend", "ranking", "map"):
            for fmt in ("csv", "xlsx"):
                response = client.get(f"/download/indicator/{indicator}/{which}.{fmt}")
                if which == "trend" or "council" in places:
                    assert response.status_code == 200, (indicator, which, fmt, response.status_code)
                    continue
                assert response.status_code == 404, (indicator, which, fmt, response.status_code)
                assert "Scotland only" in response.get_data(as_text=True) and "trend.csv" in response.get_data(as_text=True)
            if which != "trend" and "council" not in places:
                chart = client.get(f"/chart/indicator/{indicator}/{which}.png")
                assert chart.status_code == 404 and "Scotland only" in chart.get_data(as_text=True), (indicator, which)


def test_png_and_svg_exports_carry_title_source_and_licence(client):
    chromium_or_skip()
    png = client.get(f"/chart/indicator/looked_after_rate/trend.png?areas={GLASGOW}&width=800&scale=1")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    svg = client.get("/chart/indicator/looked_after_community_pct/map.svg?period=2016")
    text = svg.get_data(as_text=True)
    assert svg.status_code == 200 and text.lstrip().startswith("<svg")
    for expected in ("Looked after children in the community (%)", "All councils, 2016", "Open Government Licence", "[c] withheld"):
        assert expected in text, f"{expected!r} drawn into the image"


def test_cli_chart_and_pack(built_settings, tmp_path, monkeypatch, capsys):
    chromium_or_skip()
    monkeypatch.setenv("PROMISE_VAR_DIR", str(built_settings.var_dir))
    monkeypatch.setenv("PROMISE_STORE_URL", built_settings.store_url)
    out = tmp_path / "chart.svg"
    assert promise_cli.main(["chart", "--indicator", "looked_after_rate", "--area", SHETLAND, "--format", "svg", "--out", str(out)]) == 0
    assert "Shetland Islands" in out.read_text()
    assert promise_cli.main(["pack", "--area", SHETLAND, "--out", str(tmp_path / "pack"), "--formats", "svg"]) == 0
    written = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert "looked_after_rate-trend.svg" in written and "looked_after_rate-trend.csv" in written
    assert len([n for n in written if n.endswith(".svg")]) >= 10, "every indicator with a figure for Shetland"
    assert promise_cli.main(["chart", "--indicator", "nope", "--out", str(tmp_path / "x.png")]) == 2
    assert "Parameter 'indicator'" in capsys.readouterr().err
    assert promise_cli.main(["chart", "--indicator", "aftercare_receiving_pct", "--view", "map", "--out", str(tmp_path / "m.png")]) == 2
    assert "Scotland only, so it has no map" in capsys.readouterr().err and not (tmp_path / "m.png").exists()


def test_exports_beyond_the_concurrency_limit_get_a_429_not_a_crash(client, monkeypatch):
    """Every export slot taken (as by two long exports in flight): the next request is
    told to come back, with Retry-After, instead of starting another Chromium page."""
    import threading

    from reports import images

    slots = threading.BoundedSemaphore(2)
    slots.acquire()
    slots.acquire()
    monkeypatch.setattr(images, "EXPORT_SLOTS", slots)
    response = client.get("/chart/indicator/looked_after_rate/trend.png")
    assert response.status_code == 429 and response.headers["Retry-After"] == "5"
    assert "too many chart exports" in response.get_data(as_text=True)


def _picker(client, areas, rendered):
    body = {"output": "..view-url.search...areas-picker.value...areas-limit.children..",
            "outputs": [{"id": "view-url", "property": "search"}, {"id": "areas-picker", "property": "value"},
                        {"id": "areas-limit", "property": "children"}],
            "inputs": [{"id": "areas-picker", "property": "value", "value": areas},
                       {"id": "period-picker", "property": "value", "value": "2022"}],
            "state": [{"id": "rendered-state", "property": "data", "value": rendered}],
            "changedPropIds": ["areas-picker.value"]}
    return client.post("/_dash-update-component", json=body)


def test_the_area_picker_at_its_limit_says_so_in_place(client):
    """A ninth council is taken back and the limit said beside the picker; the URL (the page) stays."""
    eight = ["S12000005", "S12000006", "S12000008", "S12000010", "S12000011", "S12000013", "S12000014", "S12000017"]
    rendered = {"areas": ",".join(eight), "ci": "1", "period": "2022", "comparator": "scotland"}
    response = _picker(client, [*eight, GLASGOW], rendered)
    assert response.status_code == 200
    answer = response.get_json()["response"]
    assert "view-url" not in answer, "the page is not replaced by an error"
    assert answer["areas-picker"]["value"] == eight
    assert "At most 8 councils" in answer["areas-limit"]["children"]
    within = _picker(client, eight[:7] + [GLASGOW], rendered).get_json()["response"]
    assert within["view-url"]["search"].startswith("?areas=") and within["areas-limit"]["children"] == ""


def test_all_data_in_csv_and_xlsx_with_a_dictionary(client, store_reader):
    response = client.get("/download/all-data.csv")
    assert response.status_code == 200 and "all-data" in response.headers["Content-Disposition"]
    header, rows = _csv(response)
    assert len(rows) == len(store_reader.export_rows()), "every published observation"
    assert "lower_confidence_limit" in rows[0] and "unit" in rows[0] and "ci_lower" not in rows[0]
    baseline = next(r for r in rows if r["indicator_id"] == "looked_after_count" and r["area_code"] == "S92000003"
                    and r["period"] == "2020")
    assert baseline["value"] == "14458" and baseline["indicator"] == "Children looked after at 31 July"
    assert any(line.startswith("Licence: ") for line in header)
    _, dictionary = _csv(client.get("/download/data-dictionary.csv"))
    assert [d["column"] for d in dictionary] == list(rows[0]), "the dictionary names every column, in order"
    assert all(d["meaning"] for d in dictionary)
    book = load_workbook(io.BytesIO(client.get("/download/all-data.xlsx").data), read_only=True)
    assert book.sheetnames == ["Cover", "Notes", "Data", "Dictionary"]
    data = book["Data"].iter_rows(values_only=True)
    columns = next(data)
    first = next(r for r in data if r[columns.index("value")] is not None)
    assert isinstance(first[columns.index("value")], (int, float))


def test_the_home_page_links_to_all_data(client):
    from layouts.home import all_data_links

    hrefs = {link.href for link in all_data_links().children[2].children}
    assert hrefs == {"/download/all-data.csv", "/download/all-data.xlsx", "/download/data-dictionary.csv"}
    for href in hrefs:
        assert client.get(href).status_code == 200
