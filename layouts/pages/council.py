import dash

from layouts import site_meta
from layouts.components import error_message
from layouts.context import storable_page, reader
from layouts.council import council_layout
from layouts.views import council_view

dash.register_page(__name__, path_template="/council/<area_code>", title=site_meta.council_title,
                   description=site_meta.council_description, name="Council")


def layout(area_code=None, **query):
    try:
        def render():
            view = council_view(reader(), area_code)
            return council_layout(reader(), view)

        return storable_page(render, ignored=query)
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
