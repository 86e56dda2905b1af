import dash
from dash import html

from layouts.site_meta import NOT_FOUND, titled

dash.register_page(__name__, path="/404", title=titled(NOT_FOUND))


def layout(**query):
    return html.Div([html.H1("Page not found"),
                     html.P("There is no page at this address."),
                     html.P(html.A("Back to the framework", href="/"))], role="alert", id="view-error")
