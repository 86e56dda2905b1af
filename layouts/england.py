"""England beside Scotland: the context series on the looked-after rate page.

Why on that page only, and never among the councils: England's figures (DfE) are
counted on another date and by another definition, so they are context for
Scotland's rate, not a 33rd area. The caveats sit next to the chart, because a
reader who sees two lines will compare them; the provenance (DfE, OGL, the file's
address) is on the page and in the download. Everything here is read from the
store's ``context_observation`` table, already through disclosure control.
"""
from __future__ import annotations

import pandas as pd
from dash import html

from contract.observation import CONTEXT_COLUMNS
from layouts.components import chart_card, data_table, download_links, symbol_legend
from layouts.figures import PALETTE, SCOTLAND_COLOUR, _figure
from layouts.formatting import format_cell
from contract.status import WITHOUT_VALUE, Status

CONTEXT_FOR = "looked_after_rate"
OK, NOT_AVAILABLE = Status.PUBLISHED.value, Status.NOT_AVAILABLE.value
WITHHELD = {s.value for s in WITHOUT_VALUE}
SOURCE_ID = "dfe_england"
ENGLAND = "E92000001"
FIRST_YEAR = 2019  # the comparison runs from the first year both DfE releases we hold cover
MEASURE_WORDS = {"looked_after": "looked after on 31 March", "started": "started to be looked after during the year",
                 "ceased": "ceased to be looked after during the year"}


def caveats(shown: pd.DataFrame, first_published: pd.DataFrame) -> list[str]:
    """The comparability caveats, in words, with the releases named from the data shown."""
    vintages = ", ".join(f"{v} for {_years(shown[shown['vintage'] == v]['period'])}" for v in sorted(set(shown["vintage"]), reverse=True))
    revised = [f"{period}: {count:,.0f} first published ({vintage})" for period, count, vintage, status
               in zip(first_published["period"], first_published["count"], first_published["vintage"], first_published["status"])
               if status == OK]
    return [
        "Different dates: England counts children looked after on 31 March, Scotland on 31 July, four months later.",
        "Different definitions: Scotland counts children looked after at home with their parents under a compulsory "
        "supervision order; England has no direct equivalent, so Scotland's rate includes children England's would not.",
        "Different units as published: the Department for Education gives England's rate per 10,000 children aged 0-17, as "
        "whole numbers; per 1,000 here is that figure divided by 10. Scotland's rate is per 1,000 children aged 0-17.",
        f"The Department for Education revises earlier years in every release; the figures shown are from {vintages}."
        + (f" England as first published: {'; '.join(revised)}." if revised else ""),
        "Context only: England's figures are never ranked or mapped with Scotland's councils or used in family-group comparisons.",
    ]


def _years(periods) -> str:
    years = sorted(int(p) for p in set(periods))
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]) if years else ""


def england_rows(context: pd.DataFrame, series: str, measure: str = "looked_after") -> pd.DataFrame:
    rows = context[(context["series"] == series) & (context["area_code"] == ENGLAND) & (context["measure"] == measure)]
    return rows.assign(year=rows["period"].astype(int)).set_index("year").sort_index()


def _scotland_rates(scotland: pd.DataFrame, published: pd.DataFrame, years: list[int]) -> dict[int, tuple]:
    """Scotland's rate per 1,000 for each year: computed here (counts and NRS estimates), else as
    the Scottish Government published it, else not available. (value, status, where from)."""
    ours = {p: (v, s) for p, v, s in zip(scotland["period"], scotland["value"], scotland["status"]) if s not in WITHHELD}
    theirs = {p: (v, w) for p, v, w in zip(published["period"], published["rate_per_1000"], published["vintage"])}
    out = {}
    for year in years:
        if str(year) in ours:
            value, status = ours[str(year)]
            out[year] = (float(value), status, "computed here (SG count, NRS population)")
        elif str(year) in theirs:
            value, vintage = theirs[str(year)]
            out[year] = (float(value), OK, f"as published by the Scottish Government ({vintage})")
        else:
            out[year] = (None, NOT_AVAILABLE, "no count or population estimate for this year in the files used here")
    return out


def comparison_rows(context: pd.DataFrame, scotland: pd.DataFrame) -> pd.DataFrame:
    """One row a year from 2019: England per 10,000 and per 1,000 (31 March), Scotland per 1,000 (31 July)."""
    england = england_rows(context, "shown")
    england = england[england.index >= FIRST_YEAR]
    published = context[context["series"] == "scotland_published_rate"]
    years = sorted(set(england.index))
    scot = _scotland_rates(scotland, published, years)
    england = england.loc[years]
    return pd.DataFrame({
        "year": years,
        "england_count": list(england["count"]),
        "england_per_10000": list(england["rate_per_10000"]),
        "england_per_1000": list(england["rate_per_1000"]),
        "england_status": list(england["status"]),
        "england_release": list(england["vintage"]),
        "scotland_per_1000": [scot[y][0] for y in years],
        "scotland_status": [scot[y][1] for y in years],
        "scotland_from": [scot[y][2] for y in years],
    })


def comparison_figure(rows: pd.DataFrame):
    years = [str(y) for y in rows["year"]]
    england = dict(type="scatter", x=years, y=[v if s == OK else None for v, s in zip(rows["england_per_1000"], rows["england_status"])],
                   name="England (31 March)", mode="lines+markers", connectgaps=False, line=dict(color=PALETTE[1], width=2, dash="dash"),
                   marker=dict(size=7, symbol="square"),
                   text=[f"{v:.1f} per 1,000 ({int(c):,} children; {r})" if s == OK else s
                         for v, c, s, r in zip(rows["england_per_1000"], rows["england_count"], rows["england_status"], rows["england_release"])],
                   hovertemplate="%{x}: %{text}<extra>England</extra>")
    scotland = dict(type="scatter", x=years, y=[v if v is not None else None for v in rows["scotland_per_1000"]],
                    name="Scotland (31 July)", mode="lines+markers", connectgaps=False, line=dict(color=SCOTLAND_COLOUR, width=3),
                    marker=dict(size=7, symbol="circle"),
                    text=[f"{v:.1f} per 1,000 ({w})" if v is not None else f"[x] {w}" for v, w in zip(rows["scotland_per_1000"], rows["scotland_from"])],
                    hovertemplate="%{x}: %{text}<extra>Scotland</extra>")
    return _figure([scotland, england], "per 1,000", y_title="Children looked after per 1,000 aged 0-17",
                   layout=dict(xaxis=dict(type="category", title=dict(text="Year (England at 31 March, Scotland at 31 July)"))))


def comparison_table(rows: pd.DataFrame) -> html.Div:
    table = [[str(r.year),
              format_cell(r.england_count, r.england_status, 0, "children"),
              format_cell(r.england_per_10000, r.england_status, 0, "per 10,000"),
              format_cell(r.england_per_1000, r.england_status, 1, "per 1,000"),
              format_cell(r.scotland_per_1000, r.scotland_status, 1, "per 1,000") if r.scotland_per_1000 is not None else NOT_AVAILABLE,
              f"England: {r.england_release}; Scotland: {r.scotland_from}"] for r in rows.itertuples()]
    headers = ["Year", "England, children looked after on 31 March", "England per 10,000 aged 0-17",
               "England per 1,000 aged 0-17", "Scotland per 1,000 aged 0-17 (31 July)", "Where each figure comes from"]
    return data_table(table, headers, "Children looked after per 1,000 children aged 0-17: England and Scotland", numeric={1, 2, 3, 4},
                      table_id="england-comparison-data")


def long_series_rows(context: pd.DataFrame) -> pd.DataFrame:
    series = context[(context["series"] == "long_series") & (context["area_code"] == ENGLAND)]
    wide = series.pivot_table(index="period", columns="measure", values="count", aggfunc="first")
    return wide.reindex(columns=list(MEASURE_WORDS)).reset_index().sort_values("period")


def long_series_figure(rows: pd.DataFrame):
    trace = dict(type="scatter", x=list(rows["period"]), y=[None if v != v else float(v) for v in rows["looked_after"]],
                 name="England: children looked after on 31 March", mode="lines+markers", connectgaps=False,
                 line=dict(color=PALETTE[1], width=2), marker=dict(size=6, symbol="square"),
                 hovertemplate="%{x}: %{y:,.0f} children<extra>England</extra>")
    return _figure([trace], "children", y_title="Children looked after on 31 March",
                   layout=dict(xaxis=dict(type="category", title=dict(text="Year (31 March)"))))


def long_series_table(rows: pd.DataFrame) -> html.Div:
    table = [[p, *(f"{v:,.0f}" if v == v else NOT_AVAILABLE for v in (r["looked_after"], r["started"], r["ceased"]))]
             for p, (_, r) in zip(rows["period"], rows.iterrows())]
    return data_table(table, ["Year", "Looked after on 31 March", "Started during the year", "Ceased during the year"],
                      "England: children looked after, starting and ceasing, by year to 31 March", numeric={1, 2, 3},
                      table_id="england-series-data")


def provenance(sources: pd.DataFrame) -> html.P:
    """DfE, the licence and the address of every DfE file the build used."""
    dfe = sources[sources["source_id"] == SOURCE_ID]
    if dfe.empty:
        return html.P("Source: not recorded in this build.", className="note")
    first = dfe.iloc[0]
    files = [html.Li([html.Span(row.file_name, className="address"), ": ", html.A(row.url, href=row.url, className="address")])
             for row in dfe.itertuples()]
    copies = [html.P("A file whose address is the release page was copied, unchanged, from a public repository that "
                     "keeps DfE's release files; DfE gives no download address for it here.", className="note")] \
        if (dfe["url"] == dfe["url_main"]).any() else []
    return html.Div([html.P(["Source: ", html.A(f"{first['producer']}, {first['title']}", href=first["url_main"]),
                             f". {first['licence']}. Files used:"], className="note"), html.Ul(files, className="note"), *copies])


def publisher(sources: pd.DataFrame) -> str | None:
    """England's publisher as the store's ``source`` table names it (None when this build has no DfE file)."""
    dfe = sources[sources["source_id"] == SOURCE_ID]
    return None if dfe.empty else str(dfe.iloc[0]["producer"])


def provenance_lines(sources: pd.DataFrame) -> list[str]:
    dfe = sources[sources["source_id"] == SOURCE_ID]
    lines = []
    if not dfe.empty:
        first = dfe.iloc[0]
        lines.append(f"Source: {first['title']} — {first['producer']} ({first['url_main']}). Licence: {first['licence']}")
        lines += [f"File: {row.file_name} ({row.url}), sha256 {row.sha256}" for row in dfe.itertuples()]
    return lines


def context_cards(context: pd.DataFrame, scotland: pd.DataFrame, sources: pd.DataFrame) -> list:
    """The two context cards (England beside Scotland from 2019; England's series from 1994), or none."""
    if context.empty or not (context["series"] == "shown").any():
        return []
    rows = comparison_rows(context, scotland)
    first_published = england_rows(context, "earlier_release")
    notes = [html.P("Scotland's rate in the trend above is computed here only for years with an NRS population estimate; "
                    "for other years this table gives the Scottish Government's own published rate where it published one, "
                    "and says so.", className="note"),
             html.H4("Before comparing"), html.Ul([html.Li(text) for text in caveats(england_rows(context, "shown"), first_published)],
                                                   className="caveats"), provenance(sources)]
    statuses = set(rows["england_status"]) | set(rows["scotland_status"])
    comparison = chart_card("UK context: England and Scotland, children looked after per 1,000 aged 0-17", "england-comparison",
                            comparison_figure(rows), comparison_table(rows), legend=symbol_legend(statuses),
                            downloads=download_links("context/england", {}, images=False), notes=notes)
    cards = [comparison]
    series = long_series_rows(context)
    if not series.empty:
        cards.append(chart_card(f"England's long series, {series['period'].iloc[0]}-{series['period'].iloc[-1]}", "england-series",
                                long_series_figure(series), long_series_table(series),
                                notes=[html.P("Counts only: the files used here give no population for these years, so no rate. "
                                              "From the Department for Education's time series (its 2023 release); later years "
                                              "are in the comparison above.", className="note")]))
    return cards


def download_frame(context: pd.DataFrame) -> pd.DataFrame:
    """Every context row, as served (withheld cells empty with their symbol): for analysts."""
    out = context.reindex(columns=CONTEXT_COLUMNS).copy()
    out["status"] = [Status(s).symbol for s in out["status"]]
    return out
