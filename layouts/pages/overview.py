import dash

from layouts.components import error_message
from layouts.context import reader, storable_page
from layouts.overview import overview_layout
from layouts.site_meta import titled

dash.register_page(__name__, path="/overview", title=titled("All councils at a glance"), name="All councils",
                   description="Every council on every comparable indicator at its latest period, coloured by quarter of councils.")


def layout(sort=None, **query):
    try:
        return storable_page(lambda: overview_layout(reader(), sort), ignored=query)
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
