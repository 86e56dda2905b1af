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
from layouts.formatting import direction_text, format_cell, format_change, versus_text
from layouts.indicator import trend_table
from layouts.views import CouncilRow

QUARTILE_WORDS = {1: "1st quartile (best)", 2: "2nd quartile", 3: "3rd quartile", 4: "4th quartile (worst)"}


def _cell(series: pd.Series | None, meta: dict) -> str:
    if series is None:
        return "[x]"
    return format_cell(series["value"], series["status"], int(meta["decimals"]), meta["unit"])


def summary_rows(rows: list[CouncilRow]) -> list[list[str]]:
    table = []
    for row in rows:
        meta = row.meta
        polarity = meta["polarity"]
        if row.rank is not None and polarity != "no_judgement":
            rank = f"{int(row.rank)} of {row.ranked}; {QUARTILE_WORDS[row.quartile]}"
        elif meta["kind"] == "count":
            rank = "not ranked (a count: councils differ in size)"
        else:
            rank = f"unranked ({row.council['status']})"
        change = format_change(row.change["value"], row.change["status"], int(meta["decimals"]), meta["unit"]) if row.change is not None else "[x]"
        direction = direction_text(row.direction["value"], row.direction["status"]) if row.direction is not None else "not assessed"
        versus = versus_text(row.versus["value"], row.versus["status"]) if row.versus is not None else "no interval"
        table.append([meta["title"], row.period, _cell(row.council, meta), _cell(row.scotland, meta),
                      _cell(row.family_average, meta), versus, rank, change, direction])
    return table


def council_layout(reader, code: str, name: str, rows: list[CouncilRow], context: dict) -> html.Div:
    councils = reader.areas()
    councils = councils[councils["area_type"] == "council"].sort_values("area_name")
    statuses = {r.council["status"] for r in rows} | {r.family_average["status"] for r in rows if r.family_average is not None}
    summary = data_table(
        summary_rows(rows),
        ["Indicator", "Period", name, "Scotland", f"{context['family_group']} average", "Compared with Scotland", "Rank among councils",
         "Change since 2020", "Direction of travel"],
        f"{name}: every indicator, latest period, against Scotland and its LGBF family group",
        table_id="council-summary",
    )
    cards = []
    for row in rows:
        view = row.trend
        cards.append(chart_card(
            row.meta["title"], f"trend-{row.meta['indicator_id']}",
            trend_figure(view.trend, view.meta, show_ci=view.show_ci, periods=view.periods), trend_table(view),
            legend=symbol_legend(set(view.trend["status"])),
            downloads=download_links(f"indicator/{row.meta['indicator_id']}/trend", view.state()),
            notes=[html.P(html.A("Compare with other councils", href=f"/indicator/{row.meta['indicator_id']}?areas={code}"))],
        ))
    return html.Div([
        html.P(html.A("← Framework", href="/"), className="breadcrumb"),
        html.H1(name),
        html.Div([html.Label("Go to another council", htmlFor=ids.COUNCIL_PICKER),
                  dcc.Dropdown(id=ids.COUNCIL_PICKER, value=code, clearable=False,
                               options=[{"label": n, "value": c} for c, n in zip(councils["area_code"], councils["area_name"])])],
                 className="control"),
        html.P(f"LGBF family group: {context['family_group']}. Ranks put 1 first by each indicator's polarity; "
               "quartiles split the ranked councils into four.", className="lede"),
        html.Section([html.H2("Summary", id="summary-title"), summary, symbol_legend(statuses),
                      download_links(f"council/{code}", {}, images=False)],
                     className="card", **{"aria-labelledby": "summary-title"}),
        *cards,
    ])
