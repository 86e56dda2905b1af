"""The all-councils overview: councils × indicators, each cell coloured by quartile.

Why: an analyst or a member of the public sees at once where every council
stands on every indicator, then follows a cell to that council on that
indicator. Quartiles come from the ranks computed at build time (polarity-aware,
1 = best); withheld, not-available and small-number figures are their own
labelled classes and never take a quartile, context indicators (neither higher
nor lower better) are shown without one. Colour is never alone: every cell
says its quartile or symbol in words. Sorting is by plain links (``?sort=``), so
it works from the keyboard, without JavaScript, and can be shared.
"""
from __future__ import annotations

import math
from urllib.parse import urlencode

from dash import html

from contract.indicator import Polarity
from contract.areas import SCOTLAND
from layouts.components import data_table, symbol_legend
from layouts.formatting import format_cell, has_number
from layouts.indicator_info import IndicatorInfo
from layouts.parameters import parse_sort
from layouts.views import council_codes, indicator_meta, latest_council_period

CLASSES = {
    "q1": ("Best quarter of councils", "Q1 best"),
    "q2": ("Second quarter", "Q2"),
    "q3": ("Third quarter", "Q3"),
    "q4": ("Worst quarter of councils", "Q4 worst"),
    "context": ("Context: not ranked (neither higher nor lower is better)", "context"),
    "small": ("Small numbers [u]: shown, never ranked", "[u] small"),
    "withheld": ("[c] Withheld to protect children", "[c]"),
    "na": ("[x] Not available", "[x]"),
}


def quartile(rank: float, ranked: int) -> int:
    return min(4, math.ceil(rank / (ranked / 4)))


def overview_columns(reader) -> list[dict]:
    """Indicators with council figures that can be compared across councils (not counts), framework first by vision."""
    indicators = reader.indicators()
    metas = [indicator_meta(reader, i) for i in indicators["indicator_id"]]
    metas = [m for m in metas if "council" in m.geographies and not m.is_count]
    return sorted(metas, key=lambda m: (int(m.vision_statement.split(".")[0]), m.framework_indicator == "", m.title))


def overview_cells(reader, metas: list[IndicatorInfo]) -> dict[str, dict]:
    """Per indicator: its period and, per council, the cell (text, class) at that period."""
    derived_ranks = reader.derived(measure="rank")
    small = reader.derived(measure="small_number")
    columns = {}
    for meta in metas:
        observations = reader.observations(meta.indicator_id)
        period = latest_council_period(observations)
        at = observations[(observations["period"] == period) & (observations["area_code"] != SCOTLAND)]
        ranks = derived_ranks[(derived_ranks["indicator_id"] == meta.indicator_id) & (derived_ranks["period"] == period)]
        rank_of = {a: v for a, v in zip(ranks["area_code"], ranks["value"]) if v == v and v is not None}
        flagged = set(small[(small["indicator_id"] == meta.indicator_id) & (small["period"] == period)]["area_code"])
        cells = {}
        for row in at.itertuples():
            text = format_cell(row.value, row.status, meta.decimals, meta.unit)
            if not has_number(row.value, row.status):
                kind = "withheld" if row.status == "[c]" else "na"
            elif row.area_code in flagged:
                kind = "small"
            elif not meta.judged:
                kind = "context"
            elif row.area_code in rank_of:
                kind = f"q{quartile(rank_of[row.area_code], len(rank_of))}"
            else:
                kind = "na"
            cells[row.area_code] = {"text": text, "kind": kind, "value": row.value if has_number(row.value, row.status) else None,
                                    "rank": rank_of.get(row.area_code)}
        columns[meta.indicator_id] = {"period": period, "cells": cells}
    return columns


def _order(councils: dict[str, str], sort: str, columns: dict, metas: list[IndicatorInfo]) -> list[str]:
    by_name = sorted(councils, key=lambda c: councils[c])
    if sort == "council":
        return by_name
    meta = next(m for m in metas if m.indicator_id == sort)
    cells = columns[sort]["cells"]
    order = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "context": 0, "small": 1, "withheld": 2, "na": 3}

    def key(code):
        cell = cells.get(code, {"kind": "na", "value": None, "rank": None})
        if cell["rank"] is not None and cell["kind"].startswith("q"):
            within = cell["rank"]
        elif cell["kind"] == "context" and cell["value"] is not None:
            within = -float(cell["value"])  # highest first
        else:
            within = 0.0
        return (order[cell["kind"]], within, councils[code])

    return sorted(by_name, key=key) if meta else by_name


def _cell_link(code: str, name: str, meta: IndicatorInfo, period: str, cell: dict) -> html.A:
    label = CLASSES[cell["kind"]][1]
    words = CLASSES[cell["kind"]][0].lower()
    href = f"/indicator/{meta.indicator_id}?{urlencode({'areas': code, 'period': period})}"
    return html.A([cell["text"], html.Span(label, className="q-label") if cell["kind"] not in ("withheld", "na") else None,
                   html.Span(f": {name}, {meta.title}, {period} ({words})", className="visually-hidden")], href=href)


def overview_table(reader, sort) -> tuple[html.Div, str]:
    metas = overview_columns(reader)
    sort = parse_sort(sort, [m.indicator_id for m in metas])
    councils = council_codes(reader)
    columns = overview_cells(reader, metas)
    headers: list = [html.Span(["Council ", html.A("(sort by name)" if sort != "council" else "(sorted by name)", href="/overview?sort=council")])]
    for meta in metas:
        period = columns[meta.indicator_id]["period"]
        better = {Polarity.UP_IS_GOOD: "higher is better", Polarity.DOWN_IS_GOOD: "lower is better"}.get(meta.polarity, "context")
        sort_text = "sorted, best first" if sort == meta.indicator_id else "sort, best first"
        headers.append(html.Span([html.A(meta.title, href=f"/indicator/{meta.indicator_id}"), f" ({period}; {better}) ",
                                  html.A(f"({sort_text})", href=f"/overview?sort={meta.indicator_id}",
                                         **{"aria-label": f"Sort councils by {meta.title}, best first"})]))
    rows = []
    for code in _order(councils, sort, columns, metas):
        row = [html.A(councils[code], href=f"/council/{code}")]
        for meta in metas:
            cell = columns[meta.indicator_id]["cells"].get(code, {"text": "[x]", "kind": "na", "value": None, "rank": None})
            row.append(_cell_link(code, councils[code], meta, columns[meta.indicator_id]["period"], cell))
        rows.append(row)
    sorted_by = "council name" if sort == "council" else next(m.title for m in metas if m.indicator_id == sort)
    table = data_table(rows, headers, f"Every council on every comparable indicator, latest period of each; sorted by {sorted_by}",
                       table_id="overview-data")
    table.children.className = "data-table overview-table"
    _colour_cells(table.children, [[columns[m.indicator_id]["cells"].get(code, {"kind": "na"})["kind"] for m in metas]
                                   for code in _order(councils, sort, columns, metas)])
    _mark_sorted(table.children, 0 if sort == "council" else 1 + [m.indicator_id for m in metas].index(sort))
    return table, sort


def _colour_cells(table: html.Table, kinds: list[list[str]]) -> None:
    body = table.children[2]
    for tr, row_kinds in zip(body.children, kinds):
        for td, kind in zip(tr.children[1:], row_kinds):
            td.className = f"cell-{kind}"


def _mark_sorted(table: html.Table, column: int) -> None:
    head = table.children[1].children
    setattr(head.children[column], "aria-sort", "ascending")


def legend() -> html.Ul:
    return html.Ul([html.Li([html.Span(className=f"swatch cell-{kind}", **{"aria-hidden": "true"}), f"{words} (“{label}”)"])
                    for kind, (words, label) in CLASSES.items()], className="overview-legend", **{"aria-label": "Cell classes"})


def overview_layout(reader, sort=None) -> html.Div:
    table, sort = overview_table(reader, sort)
    return html.Div([
        html.P(html.A("← Councils", href="/councils"), className="breadcrumb"),
        html.H1("All councils at a glance"),
        html.P("Each council on each indicator that can be compared across councils, at the indicator's latest period, "
               "coloured by quarter of councils: best to worst by each indicator's own polarity. Counts are left out "
               "(councils differ in size: see the rates). Select a council for its page, an indicator for its page, or a "
               "cell for that council on that indicator.", className="lede"),
        html.Section([html.H2("Key", id="overview-key"), legend(), symbol_legend({"[c]", "[x]", "[u]"})],
                     className="card", **{"aria-labelledby": "overview-key"}),
        html.Section([html.H2("Councils by indicator", id="overview-title"), table],
                     className="card", **{"aria-labelledby": "overview-title"}),
    ])
