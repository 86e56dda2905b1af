"""The framework: ten vision statements → outcomes → indicators, each as a tile.

Why the framework is the home page: partners think in vision statements, so the
dashboard is navigated by them, and every outcome is shown — including those with
no open data yet, said plainly rather than left out.
"""
from __future__ import annotations

import pandas as pd
from dash import html

from layouts.formatting import direction_text, format_cell, format_change
from store.read import StoreReader

SCOTLAND = "S92000003"
NO_DATA = {
    "placeholder": "Indicator not yet defined by the framework: no open data yet.",
    "confirmed": "Framework indicator: no open data in this dashboard yet.",
    "inferred": "Implied by the framework: no open data in this dashboard yet.",
    "candidate_not_confirmed": "Context, not a framework indicator: no open data in this dashboard yet.",
}


def indicator_tile(reader: StoreReader, indicator_id: str, indicators: pd.DataFrame) -> html.A:
    meta = indicators.loc[indicator_id]
    scotland = reader.observations(indicator_id, [SCOTLAND])
    published = scotland[scotland["status"] != "[x]"]
    latest = published.sort_values("period").iloc[-1] if not published.empty else None
    derived = reader.derived(indicator_id)
    mine = derived[(derived["area_code"] == SCOTLAND)]
    lines = [html.Span(meta["title"], className="tile-title")]
    if latest is None:
        lines.append(html.Span("No published figure for Scotland.", className="tile-note"))
    else:
        lines.append(html.Span([html.Strong(format_cell(latest["value"], latest["status"], int(meta["decimals"]), meta["unit"])),
                                f" {meta['unit'] if meta['unit'] != '%' else ''} (Scotland, {latest['period']})"], className="tile-value"))
        change = mine[(mine["period"] == latest["period"]) & mine["measure"].str.startswith("change_since")]
        direction = mine[(mine["period"] == latest["period"]) & mine["measure"].str.startswith("direction_since")]
        if not change.empty:
            c = change.iloc[0]
            lines.append(html.Span(f"Since {meta['baseline_period']}: {format_change(c['value'], c['status'], int(meta['decimals']), meta['unit'])}", className="tile-change"))
        d = direction.iloc[0] if not direction.empty else None
        words = direction_text(d["value"], d["status"]) if d is not None else "not assessed"
        lines.append(html.Span(f"Direction of travel: {words}", className=f"tile-direction direction-{words.replace(' ', '-')}"))
        if bool(latest["provisional"]):
            lines.append(html.Span("Provisional figure", className="tile-note"))
    return html.A(lines, href=f"/indicator/{indicator_id}", className="tile")


def framework_sections(reader: StoreReader) -> list:
    framework = reader.framework()
    indicators = reader.indicators().set_index("indicator_id")
    sections = []
    for vision_number, vision in framework.groupby("vision_number", sort=True):
        statement = vision["vision_statement"].iloc[0]
        heading, _, body = statement.partition(":")
        outcomes = []
        for outcome, rows in vision.groupby("outcome", sort=False):
            items = []
            context = indicators[(indicators["vision_statement"] == statement) & (indicators["outcome"] == outcome)
                                 & (indicators["framework_indicator"] == "")]
            for row in rows.itertuples():
                ids = [i.strip() for i in row.indicator_ids.split(",") if i.strip()]
                if ids:
                    items.extend(indicator_tile(reader, i, indicators) for i in ids)
                else:
                    items.append(html.Div([html.Span(row.indicator, className="tile-title"),
                                           html.Span(NO_DATA[row.framework_status], className="tile-note")],
                                          className=f"tile tile-empty status-{row.framework_status}"))
            block = [html.H3(f"Outcome: {outcome}"), html.Div(items, className="tiles")]
            if not context.empty:
                block += [html.H4("Context from open data (not framework indicators)"),
                          html.Div([indicator_tile(reader, i, indicators) for i in context.index], className="tiles")]
            outcomes.append(html.Div(block, className="outcome"))
        sections.append(html.Section([
            html.H2(heading, id=f"vision-{vision_number}"), html.P(body.strip(), className="vision-text"), *outcomes,
        ], className="vision", **{"aria-labelledby": f"vision-{vision_number}"}))
    return sections


def home_layout(reader: StoreReader) -> html.Div:
    sections = framework_sections(reader)
    contents = html.Nav(html.Ol([html.Li(html.A(s.children[0].children, href=f"#{s.children[0].id}")) for s in sections]),
                        **{"aria-label": "Vision statements"}, className="contents")
    return html.Div([
        html.H1("How Scotland is keeping the promise"),
        html.P("The Promise Progress Framework's ten vision statements, their outcomes and indicators, with the latest "
               "published figures for Scotland. Select an indicator to compare councils."),
        contents, *sections,
    ])
