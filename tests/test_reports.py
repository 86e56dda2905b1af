"""The council report (issue 17, item 2): its sentences say exactly the store's figures, with the
comparison the 95% intervals decide; no withheld cell's value reaches the report, in HTML or PDF;
the PDF (printed by Debian's Chromium) holds the council, Scotland's figure, sources and licences;
a bad council code is refused naming the parameter.

The withheld-cell tests are attacks: they take every cell the store marks withheld for a council,
recompute what its value would have been before disclosure control (from the same published files),
and look for that value in what we serve.
"""
from __future__ import annotations

import functools
import io
import re
import subprocess
import sys

import pandas as pd
import pytest

from contract.areas import SCOTLAND
from contract.status import WITHOUT_VALUE_SYMBOLS
from layouts.formatting import format_change, format_number
from layouts.indicator_info import IndicatorInfo

DUNDEE, SHETLAND, EAST_RENFREWSHIRE = "S12000042", "S12000027", "S12000011"
ATTACKED = (SHETLAND, EAST_RENFREWSHIRE)  # the councils with the most withheld cells


def _meta(reader, indicator_id: str) -> IndicatorInfo:
    from layouts.views import indicator_meta

    return indicator_meta(reader, indicator_id)


def _latest(reader, indicator_id: str, code: str) -> tuple[str, float, float, float]:
    """(period, council value, Scotland value, compared_with_scotland) at the council's latest published period, read from the store."""
    rows = reader.observations(indicator_id, area_codes=[code, SCOTLAND])
    mine = rows[(rows["area_code"] == code) & rows["value"].notna()]
    period = str(mine["period"].max())
    at = rows[rows["period"] == period].set_index("area_code")
    derived = reader.derived(indicator_id)
    versus = derived[(derived["measure"] == "compared_with_scotland") & (derived["area_code"] == code) & (derived["period"] == period)]
    return period, float(at.loc[code, "value"]), float(at.loc[SCOTLAND, "value"]), float(versus["value"].iloc[0])


def test_the_rate_sentence_says_the_stores_figures_and_the_intervals_comparison(store_reader):
    from layouts.views import council_view
    from reports.sentences import council_sentence

    _view = council_view(store_reader, DUNDEE)

    name, rows = _view.name, _view.rows
    row = next(r for r in rows if r.meta.indicator_id == "looked_after_rate")
    period, mine, scotland, versus = _latest(store_reader, "looked_after_rate", DUNDEE)
    word = {1.0: "higher than", 0.0: "similar to", -1.0: "lower than"}[versus]
    expected = f"Dundee City's children looked after per 1,000 children aged 0-17, {mine:.1f} at 31 July {period}, is {word} Scotland's, {scotland:.1f}"
    assert council_sentence(row, name).startswith(expected)
    assert expected == "Dundee City's children looked after per 1,000 children aged 0-17, 16.5 at 31 July 2022, is higher than Scotland's, 12.5"


def test_a_withheld_figure_becomes_a_sentence_without_a_number(store_reader):
    from layouts.views import council_view
    from reports.sentences import council_sentence, when

    _view = council_view(store_reader, SHETLAND)

    name, rows = _view.name, _view.rows
    withheld = [r for r in rows if r.council["status"] in WITHOUT_VALUE_SYMBOLS]
    assert withheld, "Shetland has withheld latest figures in the store"
    for row in withheld:
        text = council_sentence(row, name)
        mine = text.split(";")[0]  # Scotland's figure may follow the semicolon
        assert "is not shown" in mine and row.council["status"] in mine, text
        for words in (when(row.meta, row.period), "1,000", "0-17"):
            mine = mine.replace(words, "")
        assert not re.search(r"\d", mine), text


def test_a_bad_area_is_refused_naming_the_parameter(store_reader):
    from layouts.parameters import ParameterError
    from reports.council_report import council_report

    for bad in ("S12000099", "dundee", "<script>"):
        with pytest.raises(ParameterError) as error:
            council_report(store_reader, bad)
        assert error.value.parameter == "area" and "<" not in str(error.value)


# -- the attack: values that disclosure control withheld -------------------------------------------------------------
def _formats(value: float, meta: IndicatorInfo) -> set[str]:
    decimals, unit = meta.decimals, meta.unit
    return {format_number(value, decimals, unit), format_number(value, decimals), repr(float(value)), f"{value:.{decimals}f}"}


def _distinctive(text: str) -> bool:
    """Long enough not to turn up by chance as a year, a page number or an axis tick."""
    digits = re.sub(r"\D", "", text)
    return len(digits) >= 3 and not (text.isdigit() and 1990 <= int(text) <= 2035)


def _shown_legitimately(reader, code: str) -> set[str]:
    """Every figure the report may show: the council's and Scotland's published figures, and the derived
    ones it draws (family averages, the councils' range, changes), for every indicator."""
    shown = set()
    observations = reader.observations(area_codes=[code, SCOTLAND])
    derived = reader.derived()
    derived = derived[derived["area_code"].isin([code, SCOTLAND]) | derived["measure"].str.startswith("council_")
                      | (derived["measure"] == "family_group_average")]
    for indicator_id in set(observations["indicator_id"]):
        meta = _meta(reader, indicator_id)
        for frame in (observations, derived):
            values = frame.loc[(frame["indicator_id"] == indicator_id) & frame["value"].notna(), "value"]
            for value in set(values):
                shown |= _formats(value, meta) | {format_change(value, "ok", meta.decimals, meta.unit)}
    return shown


@functools.cache
def _would_be(reader, computed_id: int, code: str) -> dict[str, tuple]:
    computed = _COMPUTED[computed_id]
    observations = reader.observations(area_codes=[code])
    withheld = observations[observations["status"].isin(WITHOUT_VALUE_SYMBOLS)]
    found = {}
    for row in withheld.itertuples():
        before = computed[row.indicator_id]
        match = before[(before["area_code"] == code) & (before["period"] == row.period)]
        if match.empty or pd.isna(match["value"].iloc[0]):
            continue
        for text in _formats(float(match["value"].iloc[0]), _meta(reader, row.indicator_id)):
            found[text] = (row.indicator_id, row.period, row.status)
    legitimate = _shown_legitimately(reader, code)
    return {text: cell for text, cell in found.items() if _distinctive(text) and text not in legitimate}


_COMPUTED: dict[int, dict] = {}


def would_be_values(reader, computed, code: str) -> dict[str, tuple]:
    """Formatted value -> (indicator, period, status) for every cell the store withholds for ``code``,
    as the value would have read before disclosure control; less values the report shows for other cells
    (a coincidence there proves nothing). Worked out once per council for the HTML and PDF attacks."""
    _COMPUTED[id(computed)] = computed
    return _would_be(reader, id(computed), code)


def leaks(text: str, values: dict[str, tuple]) -> list[tuple]:
    return [(value, cell) for value, cell in values.items() if re.search(rf"(?<![\d.,]){re.escape(value)}(?![\d])", text)]


@pytest.mark.parametrize("code", ATTACKED)
def test_no_withheld_value_reaches_the_report_html(store_reader, computed, code):
    from reports.council_report import council_report, document

    values = would_be_values(store_reader, computed, code)
    assert len(values) >= 20, "the attack has withheld values to look for"
    page = document(council_report(store_reader, code), plotly_src="/report/plotly.min.js")
    assert leaks(page, values) == []


# -- the PDF, printed by Chromium -------------------------------------------------------------------------------------
def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def renderer():
    from conftest import chromium_or_skip
    from reports.renderer import Renderer

    chromium_or_skip()
    shared = Renderer()
    yield shared
    shared.close()


@pytest.mark.slow
def test_the_pdf_holds_the_council_scotland_a_sentence_sources_and_licences(store_reader, renderer):
    from reports.council_report import council_report, document

    report = council_report(store_reader, DUNDEE)
    pdf = renderer.pdf(document(report))
    assert pdf.startswith(b"%PDF-")
    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    period, mine, scotland, _versus = _latest(store_reader, "looked_after_rate", DUNDEE)
    assert "Dundee City: keeping the promise" in text
    assert f"Dundee City's children looked after per 1,000 children aged 0-17, {mine:.1f} at 31 July {period}, is higher than Scotland's, {scotland:.1f}" in text
    sources = store_reader.sources()
    for producer in ("National Records of Scotland", "Improvement Service", "Scottish Government"):
        assert producer in text and producer in " ".join(sources["producer"])
    assert "Open Government Licence v3.0" in text
    assert "[c]" in text and "Confidential" in text, "the symbols legend"
    assert f"{scotland:.1f}" in text


@pytest.mark.slow
@pytest.mark.parametrize("code", ATTACKED)
def test_no_withheld_value_reaches_the_pdf(store_reader, computed, renderer, code):
    from reports.council_report import council_report, document

    values = would_be_values(store_reader, computed, code)
    text = _pdf_text(renderer.pdf(document(council_report(store_reader, code))))
    assert leaks(text, values) == []
    assert leaks(re.sub(r"\s+", " ", text), values) == []


@pytest.mark.slow
def test_the_report_command_writes_a_pdf_and_refuses_a_bad_area(built_settings, tmp_path):
    from conftest import chromium_or_skip, data_env

    chromium_or_skip()
    env = {**data_env(built_settings), "PROMISE_STORE_URL": built_settings.store_url, "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "promise_cli", "report"]
    bad = subprocess.run([*command, "--area", "S12000099", "--out", str(tmp_path / "bad.pdf")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Parameter 'area'" in bad.stderr and not (tmp_path / "bad.pdf").exists()
    good = subprocess.run([*command, "--area", DUNDEE, "--out", str(tmp_path / "dundee.pdf")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    assert "Dundee City" in _pdf_text((tmp_path / "dundee.pdf").read_bytes())


# -- the routes, without a browser --------------------------------------------------------------------------------------
def test_the_print_view_route_serves_the_report_and_a_bad_code_is_a_404(client):
    page = client.get(f"/council/{DUNDEE}/print")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "Dundee City: keeping the promise" in text and f'href="/council/{DUNDEE}/report.pdf"' in text
    script = re.search(r'src="(/_dash-component-suites/[^"]+)"', text).group(1)
    assert client.get(script).status_code == 200
    assert "<script>" not in text, "no inline script: the Content-Security-Policy would refuse it"
    for bad in ("S12000099", "nonsense"):
        for path in (f"/council/{bad}/print", f"/council/{bad}/report.pdf"):
            answer = client.get(path)
            assert answer.status_code == 404 and "Parameter 'area'" in answer.get_data(as_text=True)


def test_the_renderer_draws_with_the_partial_plotly_the_site_serves():
    from layouts.bundles import PLOTLY_JS
    from reports.renderer import PLOTLY_JS as RENDERER_PLOTLY_JS

    assert RENDERER_PLOTLY_JS == PLOTLY_JS and PLOTLY_JS.is_file()


def test_a_pdf_asked_for_while_one_is_printing_is_a_429_at_once(client):
    from reports.renderer import shared

    busy = shared().busy()
    assert busy.acquire(blocking=False)
    try:
        answer = client.get(f"/council/{DUNDEE}/report.pdf")
    finally:
        busy.release()
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "5"
