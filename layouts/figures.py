"""Pure figure functions: data frames in, Plotly figures out, no I/O.

Why pure: the same figure is drawn on the page, exported to PNG/SVG for a report
and tested without a browser (trace count, gaps at withheld points, the baseline
marker). A withheld or missing point is ``None`` — a gap, never joined, never zero.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale

from contract.indicator import PeriodType, Polarity
from contract.areas import SCOTLAND
from layouts.formatting import format_cell, has_number
from layouts.indicator_info import IndicatorInfo

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F"]
SCOTLAND_COLOUR = "#222222"
WITHHELD_COLOUR = "#BDBDBD"
SMALL_COLOUR = "#A6C8E0"  # a figure from small numbers: drawn paler, labelled, never ranked
NOT_AVAILABLE_COLOUR = "#F2F2F2"
GRID_COLOUR = "#E5E8EB"
AXIS_COLOUR = "#B1B4B6"
FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#1b1b1b")


def _figure(traces: list[dict], unit: str = "", *, y_title: str | None = None, layout: dict | None = None) -> go.Figure:
    """Traces and layout assembled as plain dicts and wrapped without validation.

    Why: Plotly's ``add_trace``/``update_layout`` validate every property path on
    every call (about 17 ms for a trend chart), and even one validated construction
    costs 1.5-5 ms; an uncached council page draws 13 charts. The dicts are
    our own constants and data, and ``tests/test_layouts.py`` validates every
    figure function's output with ``go.Figure(figure.to_dict())``.
    Styles are set directly: a named template is deep-copied into every figure.
    ``unit``: of the y axis; a titled axis starts at zero unless it is a percentage.
    """
    axis = dict(gridcolor=GRID_COLOUR, linecolor=AXIS_COLOUR, zeroline=False)
    base = dict(
        template="none", font=FONT, margin=dict(l=70, r=30, t=30, b=60), paper_bgcolor="white", plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0), hoverlabel=dict(font=dict(size=14)),
        xaxis=dict(axis), yaxis=dict(axis),
    )
    if y_title is not None:
        base["yaxis"].update(title=dict(text=y_title), rangemode="tozero" if unit != "%" else "normal")
    for key, value in (layout or {}).items():
        base[key] = {**base[key], **value} if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return go.Figure(dict(data=traces, layout=base), _validate=False)


def _numbers(series: pd.Series, statuses: pd.Series) -> list:
    return [float(v) if has_number(v, s) else None for v, s in zip(series, statuses)]


def trend_figure(series: pd.DataFrame, meta: IndicatorInfo, *, show_ci: bool, periods: list[str]) -> go.Figure:
    """One line per area over ``periods``; gaps where withheld; baseline marked.

    ``series``: area_code, area_name, period, value, ci_lower, ci_upper, status.
    """
    decimals = meta.decimals
    areas = list(dict.fromkeys(series["area_code"]))
    two_panels = meta.is_count and SCOTLAND in areas and len(areas) > 1
    traces = []
    for position, area in enumerate(areas):
        rows = series[series["area_code"] == area].set_index("period").reindex(periods)
        rows["status"] = rows["status"].fillna("[x]")
        values = _numbers(rows["value"], rows["status"])
        colour = SCOTLAND_COLOUR if area == SCOTLAND else PALETTE[(position - (SCOTLAND in areas)) % len(PALETTE)]
        labels = [format_cell(v, s, decimals, meta.unit) for v, s in zip(rows["value"], rows["status"])]
        if "small" in rows.columns:
            labels = [f"{text} [u] small numbers" if flag is True and v is not None else text
                      for text, flag, v in zip(labels, rows["small"], values)]
        name = rows["area_name"].dropna().iloc[0] if rows["area_name"].notna().any() else area
        trace = dict(
            type="scatter", x=list(periods), y=values, name=name, mode="lines+markers", connectgaps=False,
            line=dict(color=colour, width=3 if area == SCOTLAND else 2, dash="solid"),
            marker=dict(size=7, symbol=["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon"][position % 7]),
            text=labels, hovertemplate="%{x}: %{text}<extra>" + str(name) + "</extra>",
        )
        if show_ci and rows["ci_lower"].notna().any():
            upper = [u - v if v is not None and pd.notna(u) else None for u, v in zip(rows["ci_upper"], values)]
            lower = [v - l if v is not None and pd.notna(l) else None for l, v in zip(rows["ci_lower"], values)]
            trace["error_y"] = dict(type="data", array=upper, arrayminus=lower, visible=True, thickness=1.5, width=4)
        if two_panels and area != SCOTLAND:
            trace["yaxis"] = "y2"
        traces.append(trace)
    layout = dict(xaxis=dict(type="category", title=dict(text=_period_title(meta))))
    if two_panels:
        layout.update(_count_panels(meta))
    baseline = meta.baseline_period
    if baseline in periods:
        at = periods.index(baseline)
        layout["shapes"] = [dict(type="line", x0=at, x1=at, xref="x", y0=0, y1=1, yref="paper" if two_panels else "y domain",
                                 line=dict(color="#505a5f", dash="dash", width=1.5))]
        layout["annotations"] = [dict(x=at, y=1, yref="paper", text=f"{baseline} baseline", showarrow=False,
                                      xanchor="left", yanchor="bottom", font=dict(size=12, color="#505a5f"))]
    return _figure(traces, meta.unit, y_title=meta.unit, layout=layout)


def _count_panels(meta: IndicatorInfo) -> dict:
    """Scotland above, councils below, each on its own axis: a council's count drawn on
    Scotland's axis would sit flat at zero (compare councils with the rate instead)."""
    axis = dict(gridcolor=GRID_COLOUR, linecolor=AXIS_COLOUR, zeroline=False, rangemode="tozero")
    return dict(
        xaxis=dict(type="category", title=dict(text=_period_title(meta)), anchor="y2"),
        yaxis=dict(axis, domain=[0.58, 1.0], title=dict(text=f"Scotland ({meta.unit})")),
        yaxis2=dict(axis, domain=[0.0, 0.42], anchor="x", title=dict(text=f"Council ({meta.unit})")),
        height=560,
    )


def _period_title(meta: IndicatorInfo) -> str:
    return "31 July of year" if meta.period_type is PeriodType.SNAPSHOT_31_JULY else "Year (1 August to 31 July)"


def ranking_figure(frame: pd.DataFrame, meta: IndicatorInfo, *, show_ci: bool, highlight: set[str] = frozenset()) -> go.Figure:
    """Horizontal bars of every council, best first by polarity; withheld councils unranked at the end.

    ``frame``: area_code, area_name, value, ci_lower, ci_upper, status (one period).
    """
    decimals = meta.decimals
    ordered = order_for_ranking(frame, meta)
    values = _numbers(ordered["value"], ordered["status"])
    labels = [format_cell(v, s, decimals, meta.unit) for v, s in zip(ordered["value"], ordered["status"])]
    small = set(ordered.loc[unranked_small(ordered, meta), "area_code"])
    labels = [f"{text} [u]" if a in small else text for a, text in zip(ordered["area_code"], labels)]
    colours = [PALETTE[1] if a in highlight else (WITHHELD_COLOUR if v is None else SMALL_COLOUR if a in small else PALETTE[0])
               for a, v in zip(ordered["area_code"], values)]
    error = None
    if show_ci and ordered["ci_lower"].notna().any():
        error = dict(type="data", visible=True, thickness=1.2,
                     array=[u - v if v is not None and pd.notna(u) else None for u, v in zip(ordered["ci_upper"], values)],
                     arrayminus=[v - l if v is not None and pd.notna(l) else None for l, v in zip(ordered["ci_lower"], values)])
    bar = dict(
        type="bar", y=list(ordered["area_name"]), x=[v if v is not None else 0 for v in values], orientation="h",
        marker=dict(color=colours), text=labels, textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    if error is not None:
        bar["error_x"] = error
    return _figure([bar], meta.unit, layout=dict(
        yaxis=dict(autorange="reversed", automargin=True), xaxis=dict(title=dict(text=meta.unit)),
        height=max(420, 22 * len(ordered) + 120), showlegend=False,
    ))


def _with_numbers(frame: pd.DataFrame) -> pd.Series:
    """Which rows show a number (a boolean Series on the frame's index, empty for an empty frame)."""
    return pd.Series([has_number(v, s) for v, s in zip(frame["value"], frame["status"])], index=frame.index, dtype=bool)


def unranked_small(frame: pd.DataFrame, meta: IndicatorInfo) -> pd.Series:
    """Councils with a figure but no rank at build time: small numbers [u], never ranked best or worst."""
    if "rank" not in frame.columns or not meta.judged or meta.is_count:
        return pd.Series(False, index=frame.index, dtype=bool)
    return _with_numbers(frame) & frame["rank"].isna()


def order_for_ranking(frame: pd.DataFrame, meta: IndicatorInfo) -> pd.DataFrame:
    """Best first by polarity (ties by name); then figures from small numbers (unranked, by name);
    councils without a published figure last, by name."""
    small = unranked_small(frame, meta)
    published = frame[_with_numbers(frame) & ~small]
    rest = pd.concat([frame[small].sort_values("area_name"), frame.drop(published.index).drop(frame[small].index).sort_values("area_name")])
    descending = meta.polarity is Polarity.UP_IS_GOOD
    published = published.sort_values(["value", "area_name"], ascending=[not descending, True])
    return pd.concat([published, rest], ignore_index=True)


def _rings(feature: dict):
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def _outline(feature: dict) -> tuple[list, list]:
    """All rings of a council as one path, rings separated by None (Plotly draws each filled)."""
    xs, ys = [], []
    for ring in _rings(feature):
        xs += [point[0] for point in ring] + [None]
        ys += [point[1] for point in ring] + [None]
    return xs, ys


def map_colorscale(meta: IndicatorInfo) -> list[list]:
    """The map's colour scale as explicit stops, used for both the fills and the colour bar.

    Why explicit: the figure is built without validation, and plotly.js does not
    know Plotly Python's reversed names ('Viridis_r'), so a named scale drew a
    different bar in the browser than the fills (the PNG, validated, was right)."""
    return [list(stop) for stop in get_colorscale("Viridis_r" if meta.polarity is Polarity.DOWN_IS_GOOD else "Viridis")]


def map_figure(frame: pd.DataFrame, meta: IndicatorInfo, geojson: dict) -> go.Figure:
    """Councils filled by value on plain longitude/latitude axes (nothing fetched from the internet).

    Withheld and not-available councils are their own labelled grey classes in the legend, and
    so are figures from small numbers (never ranked, so never coloured best or worst).
    """
    decimals = meta.decimals
    small = set(frame.loc[unranked_small(frame, meta), "area_code"])
    frame = frame.set_index("area_code")
    features = {f["properties"]["code"]: f for f in geojson["features"]}
    shown = frame[[has_number(v, s) and code not in small for code, v, s in zip(frame.index, frame["value"], frame["status"])]]
    low, high = (float(shown["value"].min()), float(shown["value"].max())) if not shown.empty else (0.0, 1.0)
    scale = map_colorscale(meta)
    traces = []
    legend_done: set[str] = set()
    for code in sorted(features, key=lambda c: frame.loc[c, "area_name"] if c in frame.index else c):
        row = frame.loc[code] if code in frame.index else None
        status = row["status"] if row is not None else "[x]"
        name = row["area_name"] if row is not None else code
        label = format_cell(row["value"] if row is not None else None, status, decimals, meta.unit)
        xs, ys = _outline(features[code])
        if code in small:
            colour, group, legend_name = SMALL_COLOUR, "[u]", "[u] small numbers (not coloured by value)"
            label, show = f"{label} [u]", "[u]" not in legend_done
            legend_done.add("[u]")
        elif has_number(row["value"] if row is not None else None, status):
            position = 0.5 if high == low else (float(row["value"]) - low) / (high - low)
            colour = sample_colorscale(scale, [position])[0]
            group, legend_name, show = "published", "Published", False
        else:
            colour = WITHHELD_COLOUR if status == "[c]" else NOT_AVAILABLE_COLOUR
            group = status
            legend_name = "[c] withheld" if status == "[c]" else "[x] not available"
            show = status not in legend_done
            legend_done.add(status)
        traces.append(dict(
            type="scatter", x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines",
            line=dict(color="#ffffff" if group == "published" else "#6f777b", width=0.6),
            name=legend_name, legendgroup=group, showlegend=show, hoveron="fills", text=f"{name}: {label}",
            hoverinfo="text",
        ))
    if not shown.empty:
        traces.append(dict(
            type="scatter", x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
            marker=dict(colorscale=scale, cmin=low, cmax=high, color=[low], showscale=True,
                        colorbar=dict(title=dict(text=meta.unit), thickness=14)),
        ))
    return _figure(traces, meta.unit, layout=dict(
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1.86),  # 1 / cos(57.5°N): true shape at Scotland's latitude
        height=700, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="v", x=0, y=1),
    ))


def for_export(fig: go.Figure, *, title: str, subtitle: str, source: str) -> go.Figure:
    """The same figure with title, subtitle and source line drawn into the image, for reports."""
    exported = go.Figure(fig)
    exported.update_layout(
        title=dict(text=f"<b>{title}</b><br><span style='font-size:14px'>{subtitle}</span>", x=0.01, xanchor="left",
                   y=1, yref="container", yanchor="top", pad=dict(t=16)),
        margin=dict(t=110, b=200, l=80, r=40),
    )
    exported.add_annotation(text=source, xref="paper", yref="paper", x=0, y=0, yshift=-135, showarrow=False,
                            xanchor="left", yanchor="top", align="left", font=dict(size=11, color="#505a5f"))
    return exported
