"""The Dash web app: reads the disclosure-controlled store, read-only, and nothing else.

Why so thin for now: the foundation issue needs a page that proves the store is
served; the dashboard proper (framework navigation, council views, maps) is its own
issue. The app imports only ``settings``, ``store`` (read side) and ``layouts``,
never the build side (a test enforces this).
"""
from __future__ import annotations

import dash
from dash import dcc, html

from settings import Settings, load_settings
from store.location import location_from_settings
from store.read import StoreReader
from store.status import Status


def _format(value: float | None, decimals: int, status: str) -> str:
    if status in {s.value for s in (Status.CONFIDENTIAL, Status.NOT_AVAILABLE, Status.NOT_APPLICABLE)}:
        return status
    text = f"{value:,.{decimals}f}"
    return text if status == Status.PUBLISHED.value else f"{text} {status}"


def indicator_list(reader: StoreReader) -> html.Div:
    """A plain, accessible table of every indicator with its latest Scotland figure."""
    indicators = reader.indicators()
    scotland = reader.observations(area_codes=["S92000003"])
    rows = []
    for meta in indicators.itertuples():
        series = scotland[(scotland["indicator_id"] == meta.indicator_id) & (scotland["status"] != Status.NOT_AVAILABLE.value)]
        latest = series.sort_values("period").iloc[-1] if not series.empty else None
        figure = _format(latest["value"], int(meta.decimals), latest["status"]) if latest is not None else "[x]"
        period = latest["period"] if latest is not None else ""
        rows.append(html.Tr([
            html.Th(meta.title, scope="row"),
            html.Td(figure),
            html.Td(meta.unit),
            html.Td(period),
            html.Td(meta.source_ids),
        ]))
    build = reader.build()
    return html.Div([
        html.Table([
            html.Caption("Indicators in this build, latest figure for Scotland"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Indicator", "Latest (Scotland)", "Unit", "Period", "Sources")])),
            html.Tbody(rows),
        ], className="indicator-table"),
        html.P(f"Build {build['build_id']}, finished {build['finished_at']}.", className="build-note"),
    ])


def create_app(settings: Settings | None = None) -> dash.Dash:
    settings = settings or load_settings()
    reader = StoreReader(location_from_settings(settings))
    app = dash.Dash(__name__, title="Promise Progress dashboard", assets_folder="assets")

    def layout():
        return html.Main([
            html.H1("Promise Progress dashboard"),
            html.P("How Scotland is doing in keeping the promise to care-experienced children, young people and families, from published open data."),
            indicator_list(reader),
            dcc.Markdown("Data: Scottish Government, Improvement Service (LGBF), National Records of Scotland; Open Government Licence v3.0."),
        ])

    app.layout = layout
    return app
