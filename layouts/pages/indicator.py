import dash

from layouts import site_meta
from layouts.components import error_message
from layouts.context import storable_page, geojson, reader
from layouts.indicator import indicator_layout
from layouts.parameters import QUERY_PARAMETERS
from layouts.views import indicator_view

dash.register_page(__name__, path_template="/indicator/<indicator_id>", title=site_meta.indicator_title,
                   description=site_meta.indicator_description, name="Indicator")


def layout(indicator_id=None, **query):
    try:
        known = {name: value for name, value in query.items() if name in QUERY_PARAMETERS}
        return storable_page(lambda: indicator_layout(indicator_view(reader(), indicator_id, known), geojson()),
                             ignored={name: value for name, value in query.items() if name not in QUERY_PARAMETERS})
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
