"""The indicator page: Scotland's trend against the 2020 baseline, councils compared,
every council ranked and mapped for one period, with the definition and source.

Why the whole view comes from the URL: a council analyst pastes the address into
an email and the colleague sees the same councils, comparator, period and
intervals; the controls only rewrite the URL.
"""
from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from contract.indicator import IntervalMethod, Polarity
from contract.areas import SCOTLAND
from layouts import england, ids
from layouts.components import chart_card, data_table, download_links, source_note, symbol_legend
from layouts.figures import map_figure, order_for_ranking, ranking_figure, trend_figure, unranked_small
from layouts.formatting import format_cell, interval_words, not_ranked_reason, versus_words
from layouts.release_words import last_updated_words, next_update_words
from contract.small_numbers import rule_in_words
from layouts.views import IndicatorView



def trend_table(view: IndicatorView) -> html.Table:
    meta = view.meta
    areas = list(dict.fromkeys(view.trend["area_code"]))
    names = dict(zip(view.trend["area_code"], view.trend["area_name"]))
    decimals, unit = meta.decimals, meta.unit
    small = view.trend["small"] if "small" in view.trend.columns else [False] * len(view.trend)
    cells = {(area, period): format_cell(value, status, decimals, unit) + (" [u]" if flag and status == "ok" and value == value else "")
             for area, period, value, status, flag in zip(view.trend["area_code"], view.trend["period"], view.trend["value"],
                                                        view.trend["status"], small)}
    rows = [[period, *(cells.get((area, period), "[x]") for area in areas)] for period in view.periods]
    caption = f"{meta.title}: {', '.join(names[a] for a in areas)}, {view.periods[0]} to {view.periods[-1]} ({meta.unit})"
    return data_table(rows, ["Period", *(names[a] for a in areas)], caption, numeric=set(range(1, len(areas) + 1)), table_id="trend-data")


def ranking_table(view: IndicatorView) -> html.Table:
    meta = view.meta
    ordered = order_for_ranking(view.ranking, meta)
    small_codes = set(ordered.loc[unranked_small(ordered, meta), "area_code"])
    rows = []
    for row in ordered.itertuples():
        interval = ""
        if meta.has_interval and row.ci_lower == row.ci_lower and row.ci_lower is not None:
            interval = f"{row.ci_lower:,.{meta.decimals}f} to {row.ci_upper:,.{meta.decimals}f}"
        small = row.area_code in small_codes
        rank = f"{int(row.rank)}" if row.rank == row.rank and row.rank is not None else not_ranked_reason(meta, "[u]" if small else row.status)
        value = format_cell(row.value, row.status, meta.decimals, meta.unit)
        rows.append([row.area_name, rank, f"{value} [u]" if small and row.status == "ok" else value, interval or "none",
                     versus_words(getattr(row, "versus", None), getattr(row, "versus_status", None), meta)])
    headers = ["Council", "Rank (1 = best)" if meta.judged else "Rank", meta.unit, "95% confidence interval",
               "Compared with Scotland (95% intervals)"]
    return data_table(rows, headers, f"{meta.title}: councils ranked, {view.period}", numeric={1, 2, 3}, table_id="ranking-data")


def controls(view: IndicatorView) -> html.Div:
    councils = [{"label": name, "value": code} for code, name in sorted(view.council_names.items(), key=lambda kv: kv[1])]
    return html.Div([
        dcc.Store(id=ids.RENDERED_STATE, data=view.state()),
        html.Div([html.Label("Compare councils", htmlFor=ids.AREAS),
                  dcc.Dropdown(id=ids.AREAS, options=councils, value=view.areas, multi=True, placeholder="Choose councils…"),
                  html.P(id=ids.AREAS_LIMIT, role="status", className="note")],
                 className="control"),
        html.Div([html.Label("Period for ranking and map", htmlFor=ids.PERIOD),
                  dcc.Dropdown(id=ids.PERIOD, options=[{"label": p, "value": p} for p in view.periods], value=view.period,
                               clearable=False)], className="control"),
        _choice_links("Comparator", ids.COMPARATOR, view, "comparator", [
            ("scotland", "Scotland"), ("family", "Scotland and the first council's LGBF family group")]),
        _choice_links("Confidence intervals", ids.SHOW_CI, view, "ci", [("1", "Show 95% intervals"), ("0", "Hide them")])
        if view.meta.has_interval else html.P(f"No confidence interval. {interval_words(view.meta)}", className="control note"),
    ], className="controls")


def _choice_links(label: str, control_id: str, view: IndicatorView, parameter: str, choices: list[tuple[str, str]]) -> html.Nav:
    """Plain links for a small choice: keyboard and screen-reader friendly, and each one a shareable URL."""
    current = view.state()[parameter]
    path = f"/indicator/{view.meta.indicator_id}"
    links = []
    for value, text in choices:
        state = {**view.state(), parameter: value}
        chosen = value == current
        children = [text, html.Span(" (selected)", className="visually-hidden")] if chosen else text
        links.append(html.Li(dcc.Link(children, href=f"{path}?{urlencode(state)}", className="choice choice-current" if chosen else "choice")))
    return html.Nav([html.Span(label, className="control-label", id=f"{control_id}-label"), html.Ul(links, className="choices")],
                    id=control_id, className="control", **{"aria-labelledby": f"{control_id}-label"})


def definition(view: IndicatorView) -> html.Section:
    meta = view.meta
    items = [
        ("Measure", meta.measure), ("Numerator", meta.numerator_definition),
        ("Denominator", meta.denominator_definition), ("Unit", meta.unit),
        ("Is up good?", {Polarity.UP_IS_GOOD: "Higher is better", Polarity.DOWN_IS_GOOD: "Lower is better",
                         Polarity.NO_JUDGEMENT: "Context: neither higher nor lower is better in itself"}[meta.polarity]),
        ("Baseline", f"{meta.baseline_period} (the Promise Progress Framework's baseline)"),
        ("Confidence interval", {IntervalMethod.BYAR: "95%, Byar's method", IntervalMethod.WILSON: "95%, Wilson's score method", IntervalMethod.NONE: interval_words(meta)}[meta.ci_method]),
        ("Direction of travel", html.Span([meta.direction_rule, " The arrow shows which way the figure moved; the words say "
                                           "whether that is better or worse."], id="direction-rule")),
        ("Small numbers", rule_in_words(meta.kind, meta.indicator_id)),
        ("Framework indicator", meta.framework_indicator or "Context from open data, not a framework indicator."),
        ("Vision statement", meta.vision_statement), ("Outcome", meta.outcome),
        ("Last updated", last_updated_words(meta)),
        ("Next update", next_update_words(meta, view.reader.framework() if view.reader is not None else None)),
    ]
    if meta.companion:
        items.append(("Read beside", dcc.Link(meta.companion.replace("_", " "), href=f"/indicator/{meta.companion}")))
    caveats = list(meta.caveats)
    breaks = list(meta.series_breaks)
    return html.Section([
        html.H2("Definition", id="definition-title"),
        html.Dl([part for term, text in items for part in (html.Dt(term), html.Dd(text))]),
        html.H3("Caveats"), html.Ul([html.Li(c) for c in caveats]),
        html.H3("Series breaks"), html.Ul([html.Li(b) for b in breaks] or [html.Li("None.")]),
        html.H3("Revisions and other publications"), revisions_list(view),
    ], className="card definition", **{"aria-labelledby": "definition-title"})


def revisions_list(view: IndicatorView) -> html.Ul:
    if view.revisions.empty:
        return html.Ul([html.Li("None in the sources used.")])
    return html.Ul([
        html.Li([f"{row.period}: {row.value:,.{view.meta.decimals if view.meta.is_count else 0}f} in ",
                 html.A(row.vintage, href=row.source_url), f" ({row.note})."])
        for row in view.revisions.itertuples()
    ])


def _small_symbol(view: IndicatorView) -> set[str]:
    return {"[u]"} if unranked_small(view.ranking, view.meta).any() else set()


def council_cards(view: IndicatorView, geojson: dict) -> list:
    meta = view.meta
    query = view.state()
    path = f"indicator/{meta.indicator_id}"
    ranking = chart_card(
        f"All councils, {view.period}", "ranking", ranking_figure(view.ranking, meta, show_ci=view.show_ci, highlight=set(view.areas)),
        ranking_table(view), legend=symbol_legend(set(view.ranking["status"]) | _small_symbol(view)), graph_id=ids.RANKING_GRAPH,
        downloads=download_links(f"{path}/ranking", query),
        notes=[html.P("Councils with a withheld or unavailable figure are not ranked and are listed last; figures from small "
                      "numbers [u] are drawn paler, listed after the ranked councils and never ranked.", className="note"),
               *filter(None, [period_gap_note(view)])],
    )
    map_card = chart_card(
        f"Map, {view.period}", "map", map_figure(view.ranking, meta, geojson), ranking_table(view),
        legend=symbol_legend(set(view.ranking["status"]) | _small_symbol(view)), graph_id=ids.MAP_GRAPH,
        downloads=download_links(f"{path}/map", query),
        notes=[html.P("Council boundaries: ONS, super generalised (OGL v3.0; contains OS data © Crown copyright).", className="note"),
               *filter(None, [period_gap_note(view)])],
    )
    return [ranking, map_card]


def indicator_layout(view: IndicatorView, geojson: dict) -> html.Div:
    meta = view.meta
    query = view.state()
    path = f"indicator/{meta.indicator_id}"
    statuses_trend = set(view.trend["status"]) | ({"[u]"} if view.trend["small"].any() else set()) | ({"[x]"} if len(view.trend) < len(view.periods) * view.trend["area_code"].nunique() else set())
    trend = chart_card(
        f"Trend: {meta.title}", "trend", trend_figure(view.trend, meta, show_ci=view.show_ci, periods=view.periods),
        trend_table(view), legend=symbol_legend(statuses_trend), graph_id=ids.TREND_GRAPH,
        downloads=download_links(f"{path}/trend", query),
        notes=[html.P("Gaps in a line are years with no published figure or a withheld one; they are never joined or drawn as zero.", className="note"),
               *filter(None, [council_gap_note(view)])],
    )
    provisional = view.trend[view.trend["provisional"] == True]  # noqa: E712 - pandas mask
    notes = [html.P(f"Not yet checked against the publication: {', '.join(sorted(set(provisional['period'])))}. These figures were "
                    "taken from an earlier note or a site quoting the Scottish Government, and have not yet been checked again on "
                    "the Scottish Government's own page; they may change.", className="note")] if not provisional.empty else []
    context = _england_context(view)
    body = [controls(view), trend, *context, *council_cards(view, geojson)] if view.has_councils else [
        html.P("Scotland only: the Scottish Government publishes council figures in its additional tables (Excel workbooks), "
               "which are not among the open files used here.", className="note"), trend, *context]
    if view.has_councils:
        notes.append(html.P(council_coverage(view.observations), className="note"))
    return html.Div([
        html.P(html.A("← Framework", href="/"), className="breadcrumb"),
        html.H1(meta.title),
        html.P(meta.measure, className="lede"), *notes,
        *body, definition(view),
        source_note(view.sources, view.build),
    ])


def _england_context(view: IndicatorView) -> list:
    """England beside Scotland, on the looked-after rate page only (``layouts.england``)."""
    if view.meta.indicator_id != england.CONTEXT_FOR or view.reader is None:
        return []
    scotland = view.observations[view.observations["area_code"] == SCOTLAND]
    return england.context_cards(view.reader.context("country"), scotland, view.reader.sources())


ADDITIONAL_TABLES = ("the Scottish Government publishes council figures for these years only in its additional tables "
                     "(Excel workbooks), which are not among the open files used here")


def council_coverage(observations) -> str:
    """How far the council series goes, and why it stops there (in words)."""
    shown = observations[observations["status"] != "[x]"]
    councils = shown[shown["area_code"].str.startswith("S12")]
    if councils.empty:
        return "No council figures are in the open files used here."
    periods = sorted(councils["period"].unique())
    later = sorted(p for p in shown.loc[shown["area_code"] == SCOTLAND, "period"].unique() if p > periods[-1])
    head = f"Council figures: {periods[0]} to {periods[-1]}, from the Local Government Benchmarking Framework's open data, which stops there."
    if not later:
        return head
    return (f"{head} Councils' {', '.join(later)} figures are shown as [x]: {ADDITIONAL_TABLES}. "
            "Scotland's later figures come from the Scottish Government's national publication.")


def council_gap_note(view) -> html.P | None:
    """Beside a trend with councils: why their cells after the council series ends are [x]
    (the end is read from every council's figures by the build: ``council_series_end``)."""
    end = view.meta.council_series_end
    if not end or not view.trend["area_code"].str.startswith("S12").any():
        return None
    later = [p for p in view.periods if p > end]
    if not later:
        return None
    return html.P(f"[x] for councils in {', '.join(later)}: {ADDITIONAL_TABLES} (the Local Government Benchmarking "
                  f"Framework's open data stops at {end}).", className="note")


def period_gap_note(view: IndicatorView) -> html.P | None:
    """Under the ranking and map of a period after the council series ends: why every council is [x]."""
    end = view.meta.council_series_end
    if not end or view.period <= end:
        return None
    return html.P(f"[x] for every council in {view.period}: {ADDITIONAL_TABLES.replace('these years', 'this year')} "
                  f"(the Local Government Benchmarking Framework's open data stops at {end}).", className="note")
