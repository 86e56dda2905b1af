"""The council page's spine chart (Fingertips style): every indicator at a glance.

Why: a committee paper needs one picture of where the council stands on every
indicator against all councils and Scotland. Each row is one indicator at the
council's latest period: the range of the councils' figures (lowest to highest,
the middle half darker), Scotland as the centre line and the council as a marker
whose shape and colour say whether it differs from Scotland (95% intervals).
Rows are turned so that better is always to the right; context indicators
(neither higher nor lower better) run lower to higher and say so.

The range and quartiles are computed at build time from published figures only
(``disclosure.derived.council_distribution``: withheld, unavailable and
small-number figures left out). The table under the chart carries every number.
"""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go
from dash import html

from contract.indicator import Polarity
from layouts.components import chart_card, data_table, symbol_legend
from layouts.figures import FONT, SCOTLAND_COLOUR, _figure
from layouts.formatting import flagged_cell, format_cell, has_number, versus_words
from layouts.views import CouncilRow

RANGE_COLOUR, MIDDLE_COLOUR = "#D6DADD", "#9AA3A9"
# Okabe-Ito colours, each with its own marker shape: never colour alone.
MARKERS = {
    "better": ("Better than Scotland", "#0072B2", "circle"),
    "similar": ("Similar to Scotland", "#E69F00", "diamond"),
    "worse": ("Worse than Scotland", "#D55E00", "square"),
    "higher": ("Higher than Scotland", "#56B4E9", "triangle-up"),
    "lower": ("Lower than Scotland", "#56B4E9", "triangle-down"),
    "not_tested": ("Not tested", "#FFFFFF", "circle"),
    "small": ("Small numbers [u]", "#1b1b1b", "circle-open-dot"),
}


def spine_rows(rows: list[CouncilRow]) -> list[CouncilRow]:
    """Indicators with a council distribution (not counts, enough councils) at the council's period."""
    return [row for row in rows if len(row.distribution) == 5]


def _comparison(row: CouncilRow) -> str:
    if row.small:
        return "small"
    versus = row.versus
    if versus is None or not has_number(versus["value"], versus["status"]):
        return "not_tested"
    value = float(versus["value"])
    if value == 0:
        return "similar"
    if not row.meta.judged:
        return "higher" if value > 0 else "lower"
    good = value > 0 if row.meta.polarity is Polarity.UP_IS_GOOD else value < 0
    return "better" if good else "worse"


def _scaler(row: CouncilRow):
    """Map a figure to -1..1: Scotland (else the median) at 0, better to the right."""
    d = row.distribution
    scotland = row.scotland
    centre = float(scotland["value"]) if scotland is not None and has_number(scotland["value"], scotland["status"]) else d["council_median"]
    half = max(abs(d["council_max"] - centre), abs(centre - d["council_min"])) or 1.0
    sign = -1.0 if row.meta.polarity is Polarity.DOWN_IS_GOOD else 1.0
    return lambda value: sign * (float(value) - centre) / half


def _label(row: CouncilRow) -> str:
    title = row.meta.title
    suffix = " (context: higher to the right)" if not row.meta.judged else ""
    return "<br>".join(textwrap.wrap(f"{title}, {row.period}{suffix}", 44))


def spine_figure(rows: list[CouncilRow], council_name: str) -> go.Figure:
    rows = spine_rows(rows)
    n = len(rows)
    ys = [n - 1 - i for i in range(n)]  # first indicator on top
    range_left, range_width, mid_left, mid_width, hover = [], [], [], [], []
    groups: dict[str, dict] = {}
    annotations = []
    for y, row in zip(ys, rows):
        scale, d = _scaler(row), row.distribution
        decimals, unit = row.meta.decimals, row.meta.unit
        ends = sorted([scale(d["council_min"]), scale(d["council_max"])])
        quarters = sorted([scale(d["council_q1"]), scale(d["council_q3"])])
        range_left.append(ends[0]), range_width.append(ends[1] - ends[0])
        mid_left.append(quarters[0]), mid_width.append(quarters[1] - quarters[0])
        fmt = lambda v: format_cell(v, "ok", decimals, unit)  # noqa: E731 - distribution figures are published
        scotland = format_cell(row.scotland["value"], row.scotland["status"], decimals, unit) if row.scotland is not None else "[x]"
        mine = format_cell(row.council["value"], row.council["status"], decimals, unit)
        hover.append(f"{row.meta.title} ({row.period})<br>{council_name}: {mine}<br>Scotland: {scotland}<br>"
                     f"Councils: {fmt(d['council_min'])} to {fmt(d['council_max'])}; middle half {fmt(d['council_q1'])} to {fmt(d['council_q3'])}")
        annotations.append(dict(x=-1.08, y=y + 0.2, xref="x", yref="y", text=_label(row), showarrow=False, xanchor="left",
                                yanchor="bottom", align="left", font=dict(size=13, color="#1b1b1b"),
                                bgcolor="rgba(255,255,255,0.85)"))
        if has_number(row.council["value"], row.council["status"]):
            group = groups.setdefault(_comparison(row), dict(x=[], y=[], text=[]))
            group["x"].append(max(-1.05, min(1.05, scale(row.council["value"])))), group["y"].append(y), group["text"].append(hover[-1])
        else:
            annotations.append(dict(x=1.1, y=y, xref="x", yref="y", text=f"{council_name}: {mine}", showarrow=False, xanchor="right",
                                    font=dict(size=12, color="#505a5f")))
    traces = [
        dict(type="bar", orientation="h", y=ys, base=range_left, x=range_width, width=0.34, name="Councils: lowest to highest",
             marker=dict(color=RANGE_COLOUR), hoverinfo="skip"),
        dict(type="bar", orientation="h", y=ys, base=mid_left, x=mid_width, width=0.34, name="Councils: middle half",
             marker=dict(color=MIDDLE_COLOUR), text=hover, textposition="none", hovertemplate="%{text}<extra></extra>"),
        dict(type="scatter", mode="lines", x=[0, 0], y=[-0.6, n - 0.2], name="Scotland", line=dict(color=SCOTLAND_COLOUR, width=2),
             hoverinfo="skip"),
    ]
    for key, (name, colour, symbol) in MARKERS.items():
        if key in groups:
            traces.append(dict(type="scatter", mode="markers", name=name,
                               x=groups[key]["x"], y=groups[key]["y"], text=groups[key]["text"], hovertemplate="%{text}<extra></extra>",
                               marker=dict(color=colour, symbol=symbol, size=13, line=dict(color="#1b1b1b", width=1.5))))
    return _figure(traces, layout=dict(
        barmode="overlay", height=90 + 76 * n, margin=dict(l=10, r=10, t=10, b=40), font=FONT,
        xaxis=dict(range=[-1.1, 1.12], showticklabels=False, showgrid=False, fixedrange=True,
                   title=dict(text="← worse than Scotland · better →", font=dict(size=13))),
        yaxis=dict(showticklabels=False, showgrid=False, range=[-0.7, n], fixedrange=True),
        legend=dict(orientation="h", yanchor="top", y=-0.02 - 60 / (90 + 76 * n), x=0), annotations=annotations,
    ))


def spine_table(rows: list[CouncilRow], council_name: str, code: str) -> html.Div:
    body = []
    for row in spine_rows(rows):
        meta, d = row.meta, row.distribution
        decimals, unit = meta.decimals, meta.unit
        fmt = lambda v: format_cell(v, "ok", decimals, unit)  # noqa: E731
        body.append([
            html.A(meta.title, href=f"/indicator/{meta.indicator_id}?areas={code}"), row.period,
            flagged_cell(row.council, meta, row.small),
            format_cell(row.scotland["value"], row.scotland["status"], decimals, unit) if row.scotland is not None else "[x]",
            fmt(d["council_min"]), fmt(d["council_q1"]), fmt(d["council_median"]), fmt(d["council_q3"]), fmt(d["council_max"]),
            MARKERS[_comparison(row)][0] + ("" if _comparison(row) != "small" else ": not tested or ranked")
            if _comparison(row) != "not_tested" else
            versus_words(row.versus["value"] if row.versus is not None else None, row.versus["status"] if row.versus is not None else None, meta),
            {Polarity.UP_IS_GOOD: "Higher", Polarity.DOWN_IS_GOOD: "Lower"}.get(meta.polarity, "Neither (context)"),
        ])
    headers = ["Indicator", "Period", council_name, "Scotland", "Lowest council", "25th percentile", "Median", "75th percentile",
               "Highest council", "Compared with Scotland", "Better is"]
    return data_table(body, headers, f"{council_name} against the range of all councils and Scotland, latest period of each indicator",
                      numeric={2, 3, 4, 5, 6, 7, 8}, table_id="spine-data")


def spine_card(rows: list[CouncilRow], council_name: str, code: str) -> html.Section | None:
    if not spine_rows(rows):
        return None
    statuses = {row.council["status"] for row in spine_rows(rows)} | ({"[u]"} if any(r.small for r in spine_rows(rows)) else set())
    return chart_card(
        "At a glance: against all councils and Scotland", "spine", spine_figure(rows, council_name), spine_table(rows, council_name, code),
        legend=symbol_legend(statuses),
        notes=[html.P("Each row is one indicator at this council's latest period. The bar spans every council's figure (lowest to "
                      "highest), its darker middle the middle half of councils; the black line is Scotland. Better is to the "
                      "right; context indicators run lower to higher. The council is the marker: its colour and shape say whether the council differs "
                      "from Scotland beyond the 95% confidence intervals (only where intervals exist). Counts are left out "
                      "(councils differ in size), and so are withheld and small-number figures from the range.", className="note")],
    )
