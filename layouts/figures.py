"""Pure figure functions: data frames in, Plotly figures out, no I/O.

Why pure: the same figure is drawn on the page, exported to PNG/SVG for a report
and tested without a browser (trace count, gaps at withheld points, the baseline
marker). A withheld or missing point is ``None`` — a gap, never joined, never zero.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from layouts.formatting import format_cell, has_number

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F"]
SCOTLAND_COLOUR = "#222222"
WITHHELD_COLOUR = "#BDBDBD"
NOT_AVAILABLE_COLOUR = "#F2F2F2"
GRID_COLOUR = "#E5E8EB"
AXIS_COLOUR = "#B1B4B6"
FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#1b1b1b")
SCOTLAND = "S92000003"


def _figure(traces: list[dict], meta: dict, *, y_title: str | None = None, layout: dict | None = None) -> go.Figure:
    """Traces and layout assembled as plain dicts and wrapped without validation.

    Why: Plotly's ``add_trace``/``update_layout`` validate every property path on
    every call (about 17 ms for a trend chart), and even one validated construction
    costs 1.5-5 ms; an uncached council page draws 13 charts. The dicts are
    our own constants and data, and ``tests/test_layouts.py`` validates every
    figure function's output with ``go.Figure(figure.to_dict())``.
    Styles are set directly: a named template is deep-copied into every figure.
    """
    axis = dict(gridcolor=GRID_COLOUR, linecolor=AXIS_COLOUR, zeroline=False)
    base = dict(
        template="none", font=FONT, margin=dict(l=70, r=30, t=30, b=60), paper_bgcolor="white", plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0), hoverlabel=dict(font=dict(size=14)),
        xaxis=dict(axis), yaxis=dict(axis),
    )
    if y_title is not None:
        base["yaxis"].update(title=dict(text=y_title), rangemode="tozero" if meta.get("unit") != "%" else "normal")
    for key, value in (layout or {}).items():
        base[key] = {**base[key], **value} if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return go.Figure(dict(data=traces, layout=base), _validate=False)


def _numbers(series: pd.Series, statuses: pd.Series) -> list:
    return [float(v) if has_number(v, s) else None for v, s in zip(series, statuses)]


def trend_figure(series: pd.DataFrame, meta: dict, *, show_ci: bool, periods: list[str]) -> go.Figure:
    """One line per area over ``periods``; gaps where withheld; baseline marked.

    ``series``: area_code, area_name, period, value, ci_lower, ci_upper, status.
    """
    decimals = int(meta["decimals"])
    areas = list(dict.fromkeys(series["area_code"]))
    traces = []
    for position, area in enumerate(areas):
        rows = series[series["area_code"] == area].set_index("period").reindex(periods)
        rows["status"] = rows["status"].fillna("[x]")
        values = _numbers(rows["value"], rows["status"])
        colour = SCOTLAND_COLOUR if area == SCOTLAND else PALETTE[(position - (SCOTLAND in areas)) % len(PALETTE)]
        labels = [format_cell(v, s, decimals, meta["unit"]) for v, s in zip(rows["value"], rows["status"])]
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
        traces.append(trace)
    layout = dict(xaxis=dict(type="category", title=dict(text=_period_title(meta))))
    baseline = meta.get("baseline_period")
    if baseline in periods:
        at = periods.index(baseline)
        layout["shapes"] = [dict(type="line", x0=at, x1=at, xref="x", y0=0, y1=1, yref="y domain",
                                 line=dict(color="#505a5f", dash="dash", width=1.5))]
        layout["annotations"] = [dict(x=at, y=1, yref="paper", text=f"{baseline} baseline", showarrow=False,
                                      xanchor="left", yanchor="bottom", font=dict(size=12, color="#505a5f"))]
    return _figure(traces, meta, y_title=meta["unit"], layout=layout)


def _period_title(meta: dict) -> str:
    return "31 July of year" if meta.get("period_type") == "snapshot_31_july" else "Year (1 August to 31 July)"


def ranking_figure(frame: pd.DataFrame, meta: dict, *, show_ci: bool, highlight: set[str] = frozenset()) -> go.Figure:
    """Horizontal bars of every council, best first by polarity; withheld councils unranked at the end.

    ``frame``: area_code, area_name, value, ci_lower, ci_upper, status (one period).
    """
    decimals = int(meta["decimals"])
    ordered = order_for_ranking(frame, meta)
    values = _numbers(ordered["value"], ordered["status"])
    labels = [format_cell(v, s, decimals, meta["unit"]) for v, s in zip(ordered["value"], ordered["status"])]
    colours = [PALETTE[1] if a in highlight else (WITHHELD_COLOUR if v is None else PALETTE[0])
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
    return _figure([bar], meta, layout=dict(
        yaxis=dict(autorange="reversed", automargin=True), xaxis=dict(title=dict(text=meta["unit"])),
        height=max(420, 22 * len(ordered) + 120), showlegend=False,
    ))


def order_for_ranking(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """Best first by polarity (ties by name); councils without a published figure last, by name."""
    published = frame[[has_number(v, s) for v, s in zip(frame["value"], frame["status"])]]
    rest = frame.drop(published.index).sort_values("area_name")
    descending = meta.get("polarity") == "up_is_good"
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


def map_figure(frame: pd.DataFrame, meta: dict, geojson: dict) -> go.Figure:
    """Councils filled by value on plain longitude/latitude axes (nothing fetched from the internet).

    Withheld and not-available councils are their own labelled grey classes in the legend.
    """
    decimals = int(meta["decimals"])
    frame = frame.set_index("area_code")
    features = {f["properties"]["code"]: f for f in geojson["features"]}
    shown = frame[[has_number(v, s) for v, s in zip(frame["value"], frame["status"])]]
    low, high = (float(shown["value"].min()), float(shown["value"].max())) if not shown.empty else (0.0, 1.0)
    scale = "Viridis_r" if meta.get("polarity") == "down_is_good" else "Viridis"
    traces = []
    legend_done: set[str] = set()
    for code in sorted(features, key=lambda c: frame.loc[c, "area_name"] if c in frame.index else c):
        row = frame.loc[code] if code in frame.index else None
        status = row["status"] if row is not None else "[x]"
        name = row["area_name"] if row is not None else code
        label = format_cell(row["value"] if row is not None else None, status, decimals, meta["unit"])
        xs, ys = _outline(features[code])
        if has_number(row["value"] if row is not None else None, status):
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
                        colorbar=dict(title=dict(text=meta["unit"]), thickness=14)),
        ))
    return _figure(traces, meta, layout=dict(
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
