"""CSV/XLSX of exactly what a view shows, PNG/SVG exports, and the CLI's chart and pack."""
from __future__ import annotations

import csv
import io

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
    assert 'filename="looked_after_community_pct-trend.csv"' in response.headers["Content-Disposition"]
    header, rows = _csv(response)
    assert header[0] == "Title: Looked after children in the community (%)"
    assert any(line.startswith("Source: ") and "Open Government Licence" in line for line in header)
    assert any(line.startswith("Symbol [c]:") for line in header), "the symbols used are explained"
    assert {r["area_code"] for r in rows} == {"S92000003", SHETLAND}
    shetland_2016 = next(r for r in rows if r["area_code"] == SHETLAND and r["period"] == "2016")
    assert shetland_2016["status"] == "[c]" and shetland_2016["value"] == "" and shetland_2016["shown"] == "[c]"
    baseline = next(r for r in rows if r["area_code"] == "S92000003" and r["period"] == "2020")
    assert baseline["shown"] == "90.1%", "Promise baseline 90.1% in the community"


def test_ranking_csv_has_every_council_ordered_as_shown(client):
    _, rows = _csv(client.get("/download/indicator/looked_after_rate/ranking.csv?period=2022"))
    assert len(rows) == 32
    values = [float(r["value"]) for r in rows if r["value"]]
    assert values == sorted(values), "lower is better: best first, as in the chart"


def test_xlsx_has_data_and_about_sheets(client):
    response = client.get(f"/download/indicator/looked_after_rate/trend.xlsx?areas={GLASGOW}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Data", "About"]
    assert book["Data"]["A1"].value == "area_code"
    assert book["About"]["A1"].value.startswith("Title: Children looked after per 1,000")


def test_council_summary_csv(client):
    header, rows = _csv(client.get(f"/download/council/{SHETLAND}.csv"))
    assert header[0].startswith("Title: Shetland Islands")
    assert {r["indicator"] for r in rows} >= {"Children looked after at 31 July", "Looked after children in the community (%)"}


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


def test_exports_beyond_the_concurrency_limit_get_a_429_not_a_crash(client, monkeypatch):
    """Every export slot taken (as by two long exports in flight): the next request is
    told to come back, with Retry-After, instead of starting another Chromium page."""
    import threading

    from layouts import downloads

    slots = threading.BoundedSemaphore(2)
    slots.acquire()
    slots.acquire()
    monkeypatch.setattr(downloads, "EXPORT_SLOTS", slots)
    response = client.get("/chart/indicator/looked_after_rate/trend.png")
    assert response.status_code == 429 and response.headers["Retry-After"] == "5"
    assert "too many chart exports" in response.get_data(as_text=True)
