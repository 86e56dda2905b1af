import dash

from layouts.site_meta import titled
from layouts.statements import feedback_layout

dash.register_page(__name__, path="/feedback", title=titled("Feedback"), name="Feedback",
                   description="Tell us about a figure that looks wrong, a page you cannot use or what you need.")


def layout(**query):
    return feedback_layout()
