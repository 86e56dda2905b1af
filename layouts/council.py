"""The council page: every indicator for one council against Scotland and its family group.

Why one screen: a councillor or a committee paper needs the council's latest
figure, how it compares, where it ranks among the 32 and whether it is improving,
in one readable table; trend charts follow for each indicator.
"""
from __future__ import annotations

import pandas as pd
from dash import dcc, html

from layouts import ids
from layouts.components import chart_card, data_table, download_links, symbol_legend
from layouts.figures import trend_figure
from layouts.formatting import direction_phrase, flagged_cell, format_change, has_number, not_ranked_reason, versus_words
from layouts.indicator import council_gap_note, trend_table
from layouts.spine import spine_card
from layouts.indicator_info import IndicatorInfo
from layouts.views import CouncilRow, CouncilView

QUARTILE_WORDS = {1: "1st quartile (best)", 2: "2nd quartile", 3: "3rd quartile", 4: "4th quartile (worst)"}


def _cell(series: pd.Series | None, meta: IndicatorInfo, small: bool = False) -> str:
    return flagged_cell(series, meta, small)


def direction_cell(meta: IndicatorInfo, change, direction) -> html.Span:
    """Arrow (which way the figure moved) + words (good or bad, and why) + the rule, one click away."""
    arrow, words = direction_phrase(change["value"] if change is not None else None, change["status"] if change is not None else None,
                                    direction["value"] if direction is not None else None,
                                    direction["status"] if direction is not None else None, meta.polarity)
    return html.Span([html.Span(arrow + " ", **{"aria-hidden": "true"}) if arrow else None, words, " (",
                      html.A(["rule", html.Span(f" for judging direction of travel: {meta.title}", className="visually-hidden")],
                             href=f"/indicator/{meta.indicator_id}#direction-rule"), ")"],
                     className="direction")


def change_text(meta: IndicatorInfo, change, small: bool = False) -> str:
    """The change since the indicator's own baseline, naming that baseline; [u] when either end is small numbers."""
    if change is None:
        return f"[x] (no {meta.baseline_period} baseline)"
    text = format_change(change["value"], change["status"], meta.decimals, meta.unit)
    flag = " [u]" if small and has_number(change["value"], change["status"]) else ""
    return f"{text}{flag} since {meta.baseline_period}"


def summary_rows(rows: list[CouncilRow]) -> list[list]:
    table = []
    for row in rows:
        meta = row.meta
        if row.rank is not None and meta.judged and not row.small:
            rank = f"{int(row.rank)} of {row.ranked}; {QUARTILE_WORDS[row.quartile]}"
        else:
            rank = not_ranked_reason(meta, "[u]" if row.small else row.council["status"])
        versus = versus_words(row.versus["value"] if row.versus is not None else None,
                              row.versus["status"] if row.versus is not None else None, meta)
        family = "not compared: a count (councils differ in size)" if meta.is_count else _cell(row.family_average, meta)
        table.append([html.A(meta.title, href=f"/indicator/{meta.indicator_id}"), row.period, _cell(row.council, meta, row.small),
                      _cell(row.scotland, meta), family, versus, rank, change_text(meta, row.change, row.small or (row.direction is not None and row.direction['status'] == '[u]')),
                      direction_cell(meta, row.change, row.direction)])
    return table


def summary_table(rows: list[CouncilRow], name: str, family_group: str) -> html.Div:
    """Every indicator at its latest period: the council, Scotland, the family group, rank and direction."""
    return data_table(
        summary_rows(rows),
        ["Indicator", "Period", name, "Scotland", f"{family_group} average", "Compared with Scotland", "Rank among councils",
         "Change since each indicator's baseline", "Direction of travel"],
        f"{name}: every indicator, latest period, against Scotland and its LGBF family group",
        table_id="council-summary",
    )


def summary_statuses(rows: list[CouncilRow]) -> set[str]:
    """The symbols the summary table shows, for its legend."""
    return ({r.council["status"] for r in rows} | {r.family_average["status"] for r in rows if r.family_average is not None}
            | ({"[u]"} if any(r.small for r in rows) else set()))


def trend_card(row: CouncilRow, code: str, *, links: bool = True) -> html.Section:
    """One indicator's trend for the council, Scotland and the family group, with its table (and, on the page, its links)."""
    view = row.trend
    return chart_card(
        row.meta.title, f"trend-{row.meta.indicator_id}",
        trend_figure(view.trend, view.meta, show_ci=view.show_ci, periods=view.periods), trend_table(view),
        legend=symbol_legend(set(view.trend["status"]) | ({"[u]"} if view.trend["small"].any() else set())),
        downloads=download_links(f"indicator/{row.meta.indicator_id}/trend", view.state()) if links else None,
        notes=[*filter(None, [council_gap_note(view)]),
               *([html.P(html.A("Compare with other councils", href=f"/indicator/{row.meta.indicator_id}?areas={code}"))]
                 if links else [])],
    )


def council_layout(reader, view: CouncilView) -> html.Div:
    code, name, rows = view.code, view.name, view.rows
    councils = reader.areas()
    councils = councils[councils["area_type"] == "council"].sort_values("area_name")
    summary = summary_table(rows, name, view.family_label)
    cards = [trend_card(row, code) for row in rows]
    return html.Div([
        html.P(html.A("← Framework", href="/"), className="breadcrumb"),
        html.H1(name),
        html.Div([html.Label("Go to another council", htmlFor=ids.COUNCIL_PICKER),
                  dcc.Dropdown(id=ids.COUNCIL_PICKER, value=code, clearable=False,
                               options=[{"label": n, "value": c} for c, n in zip(councils["area_code"], councils["area_name"])])],
                 className="control"),
        html.P(f"LGBF family group: {view.family_label}. Ranks put 1 first by each indicator's polarity; "
               "quartiles split the ranked councils into four. Figures from small numbers [u] are shown but never ranked, "
               "and their direction of travel is not assessed.", className="lede"),
        html.P([html.A("Print view of this council's report", href=f"/council/{code}/print"), " · ",
                html.A("Download the report as PDF", href=f"/council/{code}/report.pdf")], className="report-links"),
        spine_card(rows, name, code),
        html.Section([html.H2("Summary", id="summary-title"), summary, symbol_legend(summary_statuses(rows)),
                      download_links(f"council/{code}", {}, images=False)],
                     className="card", **{"aria-labelledby": "summary-title"}),
        *cards,
    ])
