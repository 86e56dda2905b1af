import dash
from dash import html

from layouts.components import data_table, error_message
from layouts.context import reader
from layouts.site_meta import titled

dash.register_page(__name__, path="/data-quality", title=titled("Data quality"), name="Data quality",
                   description="The checks every build runs on the published files before any figure is shown.")

WORDS = {"pass": "Passed", "warn": "Warning", "info": "Note"}


def layout(**query):
    try:
        checks = reader().quality()
        build = reader().build()
        rows = [[row.check_number, row.source_id, row.title, WORDS[row.status], row.detail] for row in checks.itertuples()]
        return html.Div([
            html.H1("Data quality"),
            html.P("The checks every build runs on the published files before anything is shown: totals that must add up, "
                   "councils that must sum to Scotland, code changes, missing years, revised and provisional figures, and "
                   "year-on-year jumps in published figures. Withheld figures never enter these checks."),
            data_table(rows, ["#", "Source", "Check", "Result", "Detail"], f"Data quality checks of build {build['build_id']}",
                       table_id="quality-checks"),
        ])
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
