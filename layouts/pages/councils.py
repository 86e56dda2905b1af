import dash
from dash import html

from layouts.components import error_message
from layouts.site_meta import titled
from layouts.context import reader

dash.register_page(__name__, path="/councils", title=titled("Councils"), name="Councils",
                   description="Scotland's 32 councils: every indicator for one council against Scotland and its LGBF family group.")


def layout(**query):
    try:
        areas = reader().areas()
        councils = areas[areas["area_type"] == "council"].sort_values("area_name")
        return html.Div([
            html.H1("Councils"),
            html.P("Every indicator for one council, against Scotland and its LGBF family group."),
            html.P(html.A("All councils at a glance: every council on every indicator, by quarter", href="/overview")),
            html.Ul([html.Li(html.A(row.area_name, href=f"/council/{row.area_code}")) for row in councils.itertuples()],
                    className="council-list"),
        ])
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
