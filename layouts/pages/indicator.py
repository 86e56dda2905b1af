import dash

from layouts.components import error_message
from layouts.context import cached_page, geojson, reader
from layouts.indicator import indicator_layout
from layouts.views import indicator_view

dash.register_page(__name__, path_template="/indicator/<indicator_id>", title="Indicator", name="Indicator")


def layout(indicator_id=None, **query):
    try:
        return cached_page("indicator", {"indicator_id": indicator_id, **query},
                           lambda: indicator_layout(indicator_view(reader(), indicator_id, query), geojson()))
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
