import dash

from layouts.components import error_message
from layouts.context import reader, storable_page
from layouts.methodology import methodology_layout
from layouts.site_meta import titled

dash.register_page(__name__, path="/methodology", title=titled("Methodology"), name="Methodology",
                   description="How the figures are made: definitions, confidence intervals, direction-of-travel rules, "
                               "small numbers and disclosure control, in plain words.")


def layout(**query):
    try:
        return storable_page(lambda: methodology_layout(reader()), ignored=query)
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a trace
        return error_message(exc)
