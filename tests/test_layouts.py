"""Figures, components and page layouts as pure functions, without a browser."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from contract.areas import SCOTLAND
from contract.indicator import IntervalMethod, Kind, PeriodType, Polarity
from layouts.components import data_table, symbol_legend
from layouts.council import council_layout
from layouts.figures import map_figure, order_for_ranking, ranking_figure, trend_figure
from layouts.formatting import format_cell
from layouts.home import home_layout
from layouts.indicator import indicator_layout
from layouts.indicator_info import IndicatorInfo
from layouts.parameters import ParameterError
from layouts.views import council_view, indicator_view

SHETLAND, GLASGOW = "S12000027", "S12000049"
META = IndicatorInfo(indicator_id="fixture_rate", title="Fixture rate", decimals=1, unit="per 1,000", baseline_period="2020",
                     polarity=Polarity.DOWN_IS_GOOD, period_type=PeriodType.SNAPSHOT_31_JULY, ci_method=IntervalMethod.BYAR,
                     kind=Kind.RATE)


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o))


def fixture_series() -> pd.DataFrame:
    """FIXTURE series: Scotland published throughout; a council withheld in 2019 and missing in 2021."""
    rows = []
    for period, value in (("2018", 10.0), ("2019", 11.0), ("2020", 12.0), ("2021", 13.0)):
        rows.append({"area_code": SCOTLAND, "area_name": "Scotland", "period": period, "value": value,
                     "ci_lower": value - 1, "ci_upper": value + 1, "status": "ok"})
    rows += [
        {"area_code": GLASGOW, "area_name": "Glasgow City", "period": "2018", "value": 20.0, "ci_lower": 19.0, "ci_upper": 21.0, "status": "ok"},
        {"area_code": GLASGOW, "area_name": "Glasgow City", "period": "2019", "value": None, "ci_lower": None, "ci_upper": None, "status": "[c]"},
        {"area_code": GLASGOW, "area_name": "Glasgow City", "period": "2020", "value": 22.0, "ci_lower": 21.0, "ci_upper": 23.0, "status": "ok"},
    ]
    return pd.DataFrame(rows)


def test_trend_has_one_trace_per_area_with_gaps_not_zeros():
    fig = trend_figure(fixture_series(), META, show_ci=True, periods=["2018", "2019", "2020", "2021"])
    assert len(fig.data) == 2
    glasgow = fig.data[1]
    assert list(glasgow.y) == [20.0, None, 22.0, None], "withheld 2019 and missing 2021 are gaps"
    assert glasgow.connectgaps is False
    assert glasgow.text[1] == "[c]", "the hover says [c], not a number"
    assert list(glasgow.error_y.array)[:1] == [1.0]


def test_trend_marks_the_2020_baseline():
    fig = trend_figure(fixture_series(), META, show_ci=False, periods=["2018", "2019", "2020", "2021"])
    shapes = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(shapes) == 1 and shapes[0].x0 == 2, "a vertical line at the 2020 category (index 2)"
    assert any(a.text == "2020 baseline" for a in fig.layout.annotations)
    assert fig.data[0].error_y.array is None, "intervals off"


def test_ranking_puts_withheld_councils_last_unranked():
    frame = pd.DataFrame({
        "area_code": ["A", "B", "C", "D"], "area_name": ["Alpha", "Bravo", "Charlie", "Delta"],
        "value": [5.0, None, 3.0, 9.0], "ci_lower": [4.0, None, 2.0, 8.0], "ci_upper": [6.0, None, 4.0, 10.0],
        "status": ["ok", "[c]", "ok", "ok"],
    })
    ordered = order_for_ranking(frame, META)
    assert list(ordered["area_name"]) == ["Charlie", "Alpha", "Delta", "Bravo"], "lower is better; [c] last"
    fig = ranking_figure(frame, META, show_ci=True)
    assert list(fig.data[0].text) == ["3.0", "5.0", "9.0", "[c]"]
    assert list(fig.data[0].x)[-1] == 0 and fig.data[0].marker.color[-1] == "#BDBDBD"


def test_a_ranking_with_no_councils_is_empty_not_an_error():
    """FIXTURE: no council rows (a period or indicator with none) orders to nothing (it raised a TypeError)."""
    frame = pd.DataFrame({"area_code": [], "area_name": [], "value": [], "ci_lower": [], "ci_upper": [], "status": [], "rank": []})
    assert order_for_ranking(frame, META).empty


def test_map_has_labelled_classes_for_withheld_and_not_available(store_reader):
    geojson = store_reader.geojson()
    codes = [f["properties"]["code"] for f in geojson["features"]]
    frame = pd.DataFrame({"area_code": codes, "area_name": codes, "value": [float(i) for i in range(32)],
                          "ci_lower": None, "ci_upper": None, "status": "ok"})
    frame.loc[0, ["value", "status"]] = [None, "[c]"]
    frame.loc[1, ["value", "status"]] = [None, "[x]"]
    fig = map_figure(frame, META, geojson)
    legend = {t.name for t in fig.data if t.showlegend}
    assert legend == {"[c] withheld", "[x] not available"}
    withheld = [t for t in fig.data if t.legendgroup == "[c]"]
    assert len(withheld) == 1 and withheld[0].fillcolor == "#BDBDBD" and withheld[0].text.endswith("[c]")


def test_tables_have_captions_and_scoped_headers():
    table = data_table([["2020", "14,458"]], ["Period", "Scotland"], "Children looked after", numeric={1})
    text = text_of(table)
    assert '"Caption"' in text and "Children looked after" in text
    assert text.count('"scope": "col"') == 2 and text.count('"scope": "row"') == 1


def test_symbol_legend_explains_only_the_symbols_shown():
    legend = text_of(symbol_legend({"ok", "[c]"}))
    assert "[c]" in legend and "[x]" not in legend
    assert symbol_legend({"ok"}) is None


def test_cells_format_symbols_and_units():
    assert format_cell(14458.0, "ok", 0) == "14,458"
    assert format_cell(90.07, "ok", 1, "%") == "90.1%"
    assert format_cell(None, "[c]", 1) == "[c]"
    assert format_cell(6.0, "[u]", 1) == "6.0 [u]"


# --- views and pages on the real store --------------------------------------------------------

def test_home_shows_all_ten_vision_statements_and_honest_gaps(store_reader):
    text = text_of(home_layout(store_reader))
    for number in range(1, 11):
        assert f'"vision-{number}"' in text
    assert "no open data yet" in text.lower()
    assert "Children looked after at 31 July" in text and "Direction of travel" in text
    assert "11,844" in text, "latest Scotland count (SG CSWS 2023-24)"


def test_indicator_page_restores_the_view_from_the_url(store_reader):
    view = indicator_view(store_reader, "looked_after_rate", {"areas": f"{GLASGOW},{SHETLAND}", "period": "2016", "ci": "0", "comparator": "family"})
    # councils in canonical (sorted) order, whatever order the URL gave (layouts/canonical.py)
    assert view.areas == [SHETLAND, GLASGOW] and view.period == "2016" and view.show_ci is False
    assert view.state() == {"areas": f"{SHETLAND},{GLASGOW}", "ci": "0", "period": "2016", "comparator": "family"}
    text = text_of(indicator_layout(view, store_reader.geojson()))
    assert "Glasgow City" in text and "Shetland Islands" in text and "average" in text
    assert "Caveats" in text and "Open Government Licence" in text


def test_council_page_ranks_and_withholds(store_reader):
    _view = council_view(store_reader, SHETLAND)
    name, rows = _view.name, _view.rows
    assert name == "Shetland Islands"
    by_id = {r.meta.indicator_id: r for r in rows}
    rate = by_id["looked_after_rate"]
    assert rate.rank is not None and rate.quartile in {1, 2, 3, 4} and rate.ranked > 20
    share = by_id["looked_after_community_pct"]
    assert share.council["status"] == "[c]" and share.rank is None, "Shetland's 2022 share is withheld, so unranked"
    text = text_of(council_layout(store_reader, _view))
    assert "Family group 1 (least deprived) average" in text and "[c]" in text


@pytest.mark.parametrize("indicator,query,parameter", [
    ("nope", {}, "indicator"),
    ("looked_after_rate", {"areas": "S12000099"}, "areas"),
    ("looked_after_rate", {"areas": "<script>alert(1)</script>"}, "areas"),
    ("looked_after_rate", {"period": "1999"}, "period"),
    ("looked_after_rate", {"ci": "maybe"}, "ci"),
    ("looked_after_rate", {"comparator": "mars"}, "comparator"),
    ("looked_after_rate", {"period": ["2016", "2017"]}, "period"),
    ("looked_after_rate", {"areas": "x" * 400}, "areas"),
])
def test_bad_parameters_name_the_parameter(store_reader, indicator, query, parameter):
    with pytest.raises(ParameterError) as failure:
        indicator_view(store_reader, indicator, query)
    assert failure.value.parameter == parameter and f"Parameter '{parameter}'" in str(failure.value)


def test_unknown_council_is_named(store_reader):
    with pytest.raises(ParameterError, match="no council with code 'S12000099'"):
        council_view(store_reader, "S12000099")


def test_every_figure_of_every_indicator_is_valid_plotly(store_reader):
    """The figure functions skip Plotly's validation for speed; here every figure they draw
    from the real store is validated in full (an invalid property or value raises)."""
    import plotly.graph_objects as go

    from layouts.context import geojson

    for indicator_id in store_reader.indicators()["indicator_id"]:
        view = indicator_view(store_reader, indicator_id, {"areas": f"{GLASGOW},{SHETLAND}", "comparator": "family"})
        figures = [trend_figure(view.trend, view.meta, show_ci=True, periods=view.periods)]
        if view.has_councils:
            figures += [ranking_figure(view.ranking, view.meta, show_ci=True, highlight={GLASGOW}),
                        map_figure(view.ranking, view.meta, geojson())]
        for figure in figures:
            go.Figure(figure.to_dict())  # validates every trace and layout property


def test_validation_would_catch_a_bad_property():
    import plotly.graph_objects as go

    figure = trend_figure(fixture_series(), META, show_ci=True, periods=["2018", "2019", "2020", "2021"]).to_dict()
    figure["data"][0]["line"]["dash"] = "wiggly"
    with pytest.raises(ValueError):
        go.Figure(figure)


@pytest.mark.parametrize("council", [GLASGOW, SHETLAND, "S12000005"])
def test_council_page_cards_draw_the_same_lines_as_the_indicator_page(store_reader, council):
    """The council page builds its cards from its own reads; they must match the
    indicator page with that council chosen and the family group as comparator."""
    _view = council_view(store_reader, council)
    rows = _view.rows
    assert rows and all(row.trend is not None for row in rows)
    columns = ["area_code", "area_name", "period", "value", "ci_lower", "ci_upper", "status"]
    for row in rows:
        page = indicator_view(store_reader, row.meta.indicator_id, {"areas": council, "comparator": "family"})
        card, drawn = (frame[columns].sort_values(["area_code", "period"]).reset_index(drop=True)
                       .astype({"value": float, "ci_lower": float, "ci_upper": float})  # None and NaN alike
                       for frame in (row.trend.trend, page.trend))
        pd.testing.assert_frame_equal(card, drawn, check_dtype=False)
        assert set(row.trend.periods) <= set(page.periods)
        assert row.trend.show_ci == page.show_ci


def test_the_council_view_looks_up_its_family_group_once(store_reader):
    """A typed view (not a tuple): the council's family group is read once for all its indicators' cards."""
    import dataclasses

    class Counting:
        def __init__(self, reader):
            self.reader, self.calls = reader, 0

        def area_groups(self):
            self.calls += 1
            return self.reader.area_groups()

        def __getattr__(self, name):
            return getattr(self.reader, name)

    counting = Counting(store_reader)
    view = council_view(counting, SHETLAND)
    assert counting.calls == 1 and len(view.rows) >= 10
    assert view.family is not None and view.family.label == view.family_label
    assert all(row.trend.trend["area_code"].str.startswith("family:").any() for row in view.rows if row.family_average is not None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.code = "S12000033"
