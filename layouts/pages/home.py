import dash

from layouts.components import error_message
from layouts.context import storable_page, reader
from layouts.home import home_layout
from layouts.site_meta import SITE_DESCRIPTION, titled

dash.register_page(__name__, path="/", title=titled("Are we keeping the promise?"), name="Framework", description=SITE_DESCRIPTION)


def layout(**query):
    try:
        return storable_page(lambda: home_layout(reader()), ignored=query)
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
