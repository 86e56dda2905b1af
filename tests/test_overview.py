"""The dashboard at a glance, and charts that say what they mean (issue 14), without a browser.

Real figures come from the store built from the mirror; each assertion cites its
source. Frames built by hand are marked FIXTURE.
"""
from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from contract.areas import SCOTLAND
from contract.indicator import Polarity
from disclosure.derived import council_distribution, direction_of_travel, family_group_averages, ranks
from disclosure.policy import UNRELIABLE_BELOW
from disclosure.small_numbers import small_number_keys
from layouts.council import council_layout, summary_rows
from layouts.figures import map_colorscale, map_figure, order_for_ranking, trend_figure
from layouts.formatting import direction_phrase
from layouts.home import home_layout, promise_summary, scotland_progress
from layouts.indicator import indicator_layout, ranking_table
from layouts.overview import overview_cells, overview_columns, overview_layout, quartile
from layouts.spine import _scaler, spine_figure, spine_rows
from layouts.parameters import ParameterError
from layouts.views import council_view, indicator_view
from contract import small_numbers as small_number_rule

EILEAN_SIAR, SHETLAND, GLASGOW, ORKNEY = "S12000013", "S12000027", "S12000049", "S12000023"
LGBF_CHN20B = "LGBF CHN20b (exclusions per 1,000 looked after pupils), 2020-21"


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o))


def fixture_meta(indicator_id: str, kind: str, polarity: str = "down_is_good", baseline: str = "2020"):
    """FIXTURE metadata with the attributes the derived functions read."""
    return SimpleNamespace(id=indicator_id, kind=SimpleNamespace(value=kind), polarity=SimpleNamespace(value=polarity),
                           baseline_period=baseline, direction_method="relative_10pct", ci_method="none", scale=1000.0)


def fixture_rows(indicator_id: str, rows: list[tuple]) -> pd.DataFrame:
    """FIXTURE observations: (area_code, period, numerator, denominator, value, status)."""
    return pd.DataFrame([{"indicator_id": indicator_id, "area_code": a, "period": p, "numerator": n, "denominator": d,
                          "value": v, "status": s} for a, p, n, d, v, s in rows])


# --- small numbers, at build time ----------------------------------------------------------------

def test_small_number_rule_per_kind_on_fixtures():
    councils = [f"S1200{i:04d}" for i in range(1, 5)]
    rate = fixture_rows("fixture_rate", [(councils[0], "2021", 19, 1000, 19.0, "[u]"), (councils[1], "2021", 20, 1000, 20.0, "ok"),
                                         (SCOTLAND, "2021", 3, 100000, 0.03, "[u]")])
    share = fixture_rows("fixture_share", [(councils[0], "2021", 10, 19, 52.6, "ok"), (councils[1], "2021", 10, 20, 50.0, "ok"),
                                           (councils[2], "2021", None, None, None, "[c]")])
    keys = small_number_keys(pd.concat([rate, share]), [fixture_meta("fixture_rate", "rate"), fixture_meta("fixture_share", "proportion")])
    assert keys == {("fixture_rate", councils[0], "2021"), ("fixture_share", councils[0], "2021")}, \
        "19 events / 19 children are small, 20 are not; Scotland is never flagged; a withheld cell has no figure to flag"


def test_stated_base_flags_a_value_when_its_base_count_is_small_withheld_or_missing():
    councils = [f"S1200{i:04d}" for i in range(1, 5)]
    values = fixture_rows("school_exclusions_lac_rate", [(c, "2020-21", None, None, 100.0, "ok") for c in councils])
    base = fixture_rows("looked_after_count", [(councils[0], "2021", None, None, 99.0, "ok"), (councils[1], "2021", None, None, 100.0, "ok"),
                                               (councils[2], "2021", None, None, None, "[c]")])
    keys = small_number_keys(pd.concat([values, base]), [fixture_meta("school_exclusions_lac_rate", "value"),
                                                          fixture_meta("looked_after_count", "count")])
    assert keys == {("school_exclusions_lac_rate", c, "2020-21") for c in (councils[0], councils[2], councils[3])}, \
        "99 children looked after at 31 July 2021 is below the stated 100; withheld or missing bases count as small"


def test_the_rule_in_words_and_the_threshold_agree():
    assert small_number_rule.UNRELIABLE_BELOW == UNRELIABLE_BELOW == 20
    assert "fewer than 20 events" in small_number_rule.rule_in_words("rate", "looked_after_rate")
    assert "100 children looked after" in small_number_rule.rule_in_words("value", "school_exclusions_lac_rate")


def test_small_figures_are_never_ranked_and_their_direction_is_not_assessed_on_fixtures():
    councils = [f"S1200{i:04d}" for i in range(1, 6)]
    meta = fixture_meta("fixture_value", "value")
    frame = fixture_rows("fixture_value", [(c, p, None, None, v, "ok") for c in councils for p, v in (("2020", 100.0), ("2022", 50.0))])
    small = frozenset({("fixture_value", councils[0], "2022")})
    ranked = {r["area_code"]: r for r in ranks(frame, meta, small) if r["period"] == "2022"}
    assert ranked[councils[0]]["value"] is None and ranked[councils[0]]["status"] == "[u]"
    assert sorted(r["value"] for r in ranked.values() if r["value"] is not None) == [1.0, 1.0, 1.0, 1.0]
    directions = {r["area_code"]: r for r in direction_of_travel(frame, meta, small)}
    assert directions[councils[0]]["status"] == "[u]" and directions[councils[0]]["value"] is None
    assert directions[councils[1]]["value"] == 1.0, "a fall of half, lower is better: improving"


def test_no_family_group_average_of_counts():
    meta = fixture_meta("fixture_count", "count")
    frame = fixture_rows("fixture_count", [("S12000001", "2021", None, None, 10.0, "ok"), ("S12000002", "2021", None, None, 900.0, "ok")])
    groups = pd.DataFrame({"group_type": "fixture", "group_code": "1", "area_code": ["S12000001", "S12000002"], "label": "fixture"})
    assert family_group_averages(frame, meta, groups) == [], "an average of counts of councils of different sizes is not drawn"


def test_eilean_siar_455_exclusions_is_flagged_never_worst_and_not_assessed(store_reader):
    observations = store_reader.observations("school_exclusions_lac_rate", [EILEAN_SIAR])
    figure = observations.set_index("period").loc["2020-21"]
    assert figure["value"] == pytest.approx(454.55), f"{LGBF_CHN20B}: Na h-Eileanan Siar"
    derived = store_reader.derived("school_exclusions_lac_rate")
    mine = derived[(derived["area_code"] == EILEAN_SIAR) & (derived["period"] == "2020-21")].set_index("measure")
    assert "small_number" in mine.index, "44 children looked after at 31 July 2021 (LGBF CHN denominators): below the stated 100"
    assert mine.loc["rank", "status"] == "[u]" and pd.isna(mine.loc["rank", "value"]), "never ranked best or worst"
    assert mine.loc["direction_since_2018-19", "status"] == "[u]", "direction not assessed"
    rows = council_view(store_reader, EILEAN_SIAR).rows
    row = next(r for r in rows if r.meta.indicator_id == "school_exclusions_lac_rate")
    assert row.small and row.rank is None
    cells = [c if isinstance(c, str) else text_of(c) for c in summary_rows([row])[0]]
    joined = " ".join(cells)
    assert "455 [u]" in joined and "not ranked: small numbers [u]" in joined and "not assessed: small numbers" in joined
    assert "worst" not in joined and "worsening" not in joined


def test_no_figure_from_small_numbers_has_a_rank_anywhere(store_reader):
    derived = store_reader.derived()
    flags = derived[derived["measure"] == "small_number"][["indicator_id", "area_code", "period"]]
    assert len(flags) > 0
    rank = derived[derived["measure"] == "rank"].merge(flags, on=["indicator_id", "area_code", "period"])
    assert len(rank) == len(flags) and rank["value"].isna().all() and (rank["status"] == "[u]").all()
    direction = derived[derived["measure"].str.startswith("direction_since")].merge(flags, on=["indicator_id", "area_code", "period"])
    assert direction["value"].isna().all(), "no direction of travel from small numbers"


def test_council_distribution_is_the_published_councils_range(store_reader):
    observations = store_reader.observations("looked_after_rate")
    year = observations[(observations["period"] == "2022") & (observations["area_code"] != SCOTLAND) & (observations["status"] == "ok")]
    derived = store_reader.derived("looked_after_rate")
    flagged = set(derived[(derived["measure"] == "small_number") & (derived["period"] == "2022")]["area_code"])
    values = year[~year["area_code"].isin(flagged)]["value"]
    stored = derived[(derived["period"] == "2022") & derived["measure"].str.startswith("council_")].set_index("measure")["value"]
    assert stored["council_min"] == pytest.approx(values.min()) and stored["council_max"] == pytest.approx(values.max())
    assert stored["council_q1"] == pytest.approx(np.percentile(values, 25)) and stored["council_q3"] == pytest.approx(np.percentile(values, 75))
    assert stored["council_min"] == pytest.approx(4.4, abs=0.05), "SG CSWS 2021-22 via LGBF: lowest council rate at 31 July 2022"


def test_council_distribution_skips_counts():
    meta = fixture_meta("fixture_count", "count")
    frame = fixture_rows("fixture_count", [(f"S1200{i:04d}", "2021", None, None, float(i), "ok") for i in range(1, 20)])
    assert council_distribution(frame, meta) == []


# --- spine chart ----------------------------------------------------------------------------------

def test_spine_puts_better_to_the_right_and_scotland_at_the_centre(store_reader):
    _view = council_view(store_reader, GLASGOW)
    name, rows = _view.name, _view.rows
    spine = spine_rows(rows)
    assert {r.meta.indicator_id for r in spine} >= {"looked_after_rate", "looked_after_community_pct"}
    assert not any(r.meta.is_count for r in spine), "counts are not on the spine"
    rate = next(r for r in spine if r.meta.indicator_id == "looked_after_rate")
    scale = _scaler(rate)
    assert scale(rate.scotland["value"]) == pytest.approx(0.0)
    assert float(rate.council["value"]) > float(rate.scotland["value"]), "Glasgow's rate is above Scotland's (SG CSWS via LGBF, 2022)"
    assert scale(rate.council["value"]) < 0, "lower is better: a higher rate sits left of Scotland"
    figure = spine_figure(rows, name)
    import plotly.graph_objects as go

    go.Figure(figure.to_dict())
    markers = [t for t in figure.data if getattr(t, "mode", None) == "markers"]
    assert sum(len(t.x) for t in markers) == sum(1 for r in spine if r.council["status"] in ("ok", "[u]", "[low]"))
    page = text_of(council_layout(store_reader, _view))
    assert '"spine-data"' in page and "Lowest council" in page and "Better is" in page


# --- direction of travel and labels ----------------------------------------------------------------

@pytest.mark.parametrize("change,direction,polarity", [
    (-3.0, 1.0, "down_is_good"), (3.0, -1.0, "down_is_good"), (3.0, 1.0, "up_is_good"), (-3.0, -1.0, "up_is_good"),
    (0.5, 0.0, "down_is_good"), (-0.5, 0.0, "up_is_good"),
])
def test_the_arrow_follows_the_figure_and_the_words_say_why(change, direction, polarity):
    arrow, words = direction_phrase(change, "ok", direction, "ok", polarity)
    if direction == 0:
        assert arrow == "►" and words.startswith("maintaining")
    else:
        assert arrow == ("▲" if change > 0 else "▼")
        assert ("rose" if change > 0 else "fell") in words
        assert words.startswith("improving" if direction > 0 else "worsening")


@pytest.mark.parametrize("council", [EILEAN_SIAR, SHETLAND, GLASGOW, ORKNEY])
def test_council_summary_names_each_baseline_and_never_contradicts_itself(store_reader, council):
    _view = council_view(store_reader, council)
    rows = _view.rows
    for row, cells in zip(rows, summary_rows(rows)):
        change = cells[7]
        assert change.endswith(f"since {row.meta.baseline_period}") or f"no {row.meta.baseline_period} baseline" in change, change
        direction = text_of(cells[8])
        if "▲" in direction:
            assert "rose" in direction, (row.meta.indicator_id, direction)
        if "▼" in direction:
            assert "fell" in direction, (row.meta.indicator_id, direction)
        assert "#direction-rule" in direction, "the rule is one click away"
    page = text_of(council_layout(store_reader, _view))
    for label in ("unranked (", '"no interval"', "Change since 2020\""):
        assert label not in page, label


@pytest.mark.parametrize("indicator_id", ["cp_reregistration_pct", "school_attendance_lac_pct", "more_than_one_placement_pct"])
def test_a_share_is_never_called_a_count(store_reader, indicator_id):
    view = indicator_view(store_reader, indicator_id, {})
    text = text_of(indicator_layout(view, store_reader.geojson()))
    assert "a count" not in text and '"no interval"' not in text and "unranked" not in text
    assert '"direction-rule"' in text and "Small numbers" in text


# --- charts that say what they mean ----------------------------------------------------------------

def test_a_council_count_is_drawn_on_its_own_axis(store_reader):
    view = indicator_view(store_reader, "looked_after_count", {"areas": GLASGOW})
    figure = trend_figure(view.trend, view.meta, show_ci=False, periods=view.periods)
    axes = {t.name: (t.yaxis or "y") for t in figure.data}
    assert axes == {"Scotland": "y", "Glasgow City": "y2"}, axes
    assert figure.layout.yaxis.domain[0] > figure.layout.yaxis2.domain[1], "two panels, one above the other"
    rate = indicator_view(store_reader, "looked_after_rate", {"areas": GLASGOW})
    assert {t.yaxis or "y" for t in trend_figure(rate.trend, rate.meta, show_ci=False, periods=rate.periods).data} == {"y"}, \
        "a rate shares Scotland's axis"


def _rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(x)) for x in colour[colour.index("(") + 1:-1].split(","))


@pytest.mark.parametrize("indicator_id", ["looked_after_rate", "looked_after_community_pct"])
def test_map_colour_bar_matches_the_fills(store_reader, indicator_id):
    from layouts.context import geojson

    view = indicator_view(store_reader, indicator_id, {})
    figure = map_figure(view.ranking, view.meta, geojson())
    bar = next(t for t in figure.data if t.marker is not None and t.marker.showscale)
    stops = bar.marker.colorscale
    assert not isinstance(stops, str), "explicit stops: plotly.js does not know Plotly Python's '_r' names"
    assert [list(s) for s in stops] == map_colorscale(view.meta)
    fills = {t.text.split(":")[0]: t.fillcolor for t in figure.data if t.fill == "toself"}
    shown = view.ranking[view.ranking["status"] == "ok"]
    lowest, highest = shown.sort_values("value").iloc[0]["area_name"], shown.sort_values("value").iloc[-1]["area_name"]
    assert _rgb(fills[lowest]) == _rgb(stops[0][1]) and _rgb(fills[highest]) == _rgb(stops[-1][1])
    if view.meta.polarity is Polarity.DOWN_IS_GOOD:
        assert _rgb(stops[0][1]) == _rgb("#fde725"), "lower is better: the lowest (best) is yellow, as in the PNG"


def test_ranking_lists_small_numbers_after_the_ranked_councils(store_reader):
    view = indicator_view(store_reader, "school_exclusions_lac_rate", {"period": "2020-21"})
    ordered = order_for_ranking(view.ranking, view.meta)
    codes = list(ordered["area_code"])
    ranked = ordered["rank"].notna()
    assert EILEAN_SIAR in codes and codes.index(EILEAN_SIAR) >= int(ranked.sum()), "455 per 1,000 is not ranked worst"
    text = text_of(ranking_table(view))
    assert "not ranked: small numbers [u]" in text


# --- overview and home -------------------------------------------------------------------------------

def test_overview_cells_are_quartiles_or_labelled_classes(store_reader):
    metas = overview_columns(store_reader)
    assert not any(m.is_count for m in metas)
    columns = overview_cells(store_reader, metas)
    rate = columns["looked_after_rate"]
    assert rate["period"] == "2022"
    ranks_2022 = store_reader.derived("looked_after_rate", "rank")
    ranks_2022 = ranks_2022[(ranks_2022["period"] == "2022") & ranks_2022["value"].notna()]
    for code, value in zip(ranks_2022["area_code"], ranks_2022["value"]):
        assert rate["cells"][code]["kind"] == f"q{quartile(value, len(ranks_2022))}"
    share = columns["looked_after_community_pct"]["cells"]
    assert share[SHETLAND]["kind"] == "withheld" and share[SHETLAND]["text"] == "[c]", "Shetland's 2022 share is withheld"
    assert columns["school_exclusions_lac_rate"]["cells"][EILEAN_SIAR]["kind"] == "small"
    assert columns["child_poverty_pct"]["cells"][GLASGOW]["kind"] == "context"


def test_overview_sorts_and_links_every_cell(store_reader):
    text = text_of(overview_layout(store_reader, "looked_after_rate"))
    ranks_2022 = store_reader.derived("looked_after_rate", "rank")
    first = ranks_2022[(ranks_2022["period"] == "2022") & (ranks_2022["value"] == 1.0)]["area_code"].iloc[0]
    body = text
    assert body.index(f"/council/{first}") < min(body.index(f"/council/{c}") for c in (GLASGOW, SHETLAND) if c != first)
    assert f"/indicator/looked_after_rate?areas={GLASGOW}&period=2022" in text
    assert '"aria-sort": "ascending"' in text
    assert text.count("/indicator/looked_after_rate?areas=") == 32, "every council's cell links to that council on that indicator"
    with pytest.raises(ParameterError) as failure:
        overview_layout(store_reader, "<script>")
    assert failure.value.parameter == "sort"


def test_home_answers_are_we_keeping_the_promise(store_reader):
    indicators = store_reader.indicators().set_index("indicator_id")
    progress = {i: scotland_progress(store_reader, i, indicators.loc[i]) for i in indicators.index}
    text = text_of(promise_summary(store_reader, progress))
    framework_1 = [i for i in indicators.index if indicators.loc[i, "vision_statement"].startswith("1.") and indicators.loc[i, "framework_indicator"]]
    counts = {v: sum(progress[i]["verdict"] == v for i in framework_1) for v in ("improving", "maintaining", "worsening", "not assessed")}
    expected = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    assert f"of {len(framework_1)} framework indicators with open data, {expected}" in text, (expected, text[:2000])
    assert progress["looked_after_count"]["verdict"] == "improving", "11,844 in 2024 against 14,458 in 2020 (SG CSWS): a fall, lower is better"
    assert progress["looked_after_count"]["arrow"] == "▼"
    page = text_of(home_layout(store_reader))
    assert "Are we keeping the promise?" in page and "Since the 2019-20 baseline" in page


def test_council_download_has_the_page_figures_as_numbers_and_words_as_plain_text(client):
    import csv
    import io

    response = client.get(f"/download/council/{EILEAN_SIAR}.csv")
    assert response.status_code == 200
    lines = [line for line in response.get_data(as_text=True).splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    exclusions = next(r for r in rows if r["indicator"] == "Exclusions per 1,000 looked after pupils")
    assert exclusions["rank"] == "" and round(float(exclusions["value"])) == 455 and exclusions["status"] == "[u]", LGBF_CHN20B
    assert exclusions["baseline_period"] == "2018-19" and exclusions["change_status"] == "[u]"
    assert exclusions["direction_of_travel"] == "not assessed: small numbers", "no markup, no screen-reader-only words"
    assert all("<" not in value and "props" not in value for row in rows for value in row.values())
