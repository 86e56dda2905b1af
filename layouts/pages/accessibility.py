import dash

from layouts.site_meta import titled
from layouts.statements import accessibility_layout

dash.register_page(__name__, path="/accessibility", title=titled("Accessibility statement"), name="Accessibility",
                   description="How accessible the dashboard is (WCAG 2.2 AA, partially conformant), its known issues and how it is tested.")


def layout(**query):
    return accessibility_layout()
