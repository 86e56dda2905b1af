"""The Dash web app: reads the disclosure-controlled store, read-only, and nothing else.

Why this shape: pages render the whole view from the URL (``layouts/``), the only
callbacks rewrite the URL, and downloads and chart images are plain Flask routes
(``layouts/downloads.py``), so every view can be shared, scripted and tested
without a browser. The app imports only ``settings``, ``store`` (read side) and
``layouts``, never the build side (a test enforces this).
"""
from __future__ import annotations

import gc
from pathlib import Path
from urllib.parse import quote, urlencode

import dash
from dash import Input, Output, State, dcc, html

from flask_caching import Cache
from flask_compress import Compress

import api
import reports.images
import reports.routes
from layouts import (bundles, canonical, context, downloads, error_pages, headers, ids, page_responses, request_guard, site_meta,
                     warm_pages)
from layouts import views
from layouts.parameters import MAX_AREAS
from settings import Settings, load_settings
from layouts.cache_breaker import BreakerCache
from layouts.cache import cache_config, cached_store

ROOT = Path(__file__).resolve().parent


def shell() -> html.Div:
    """Header, skip link, navigation and footer around every page."""
    return html.Div([
        html.A("Skip to main content", href="#main", className="skip-link"),
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        html.Header([
            html.A("Promise Progress dashboard", href="/", className="site-name"),
            html.Nav(html.Ul([
                html.Li(html.A("Framework", href="/")),
                html.Li(html.A("Looked after children", href="/indicator/looked_after_rate")),
                html.Li(html.A("Councils", href="/councils")),
                html.Li(html.A("All councils at a glance", href="/overview")),
                html.Li(html.A("Data quality", href="/data-quality")),
            ]), **{"aria-label": "Main"}),
        ], className="site-header"),
        html.Main(dash.page_container, id="main", tabIndex="-1"),
        html.Footer([
            html.P(f"Figures from {_publishers()}, "
                   "under the Open Government Licence v3.0. Small numbers are withheld to protect children's privacy: "
                   "[c] confidential, [x] not available, [z] not applicable, [u] low reliability."),
            html.P(_footer_links(), className="footer-links"),
        ], className="site-footer"),
    ])


def _publishers() -> str:
    """The figures' publishers as the store names them (each page names its own sources in full)."""
    try:
        return views.words_list(views.figure_publishers(context.reader())) or "the publishers named on each page"
    except Exception:  # noqa: BLE001 - the footer never breaks a page (no store yet: the page says so)
        return "the publishers named on each page"


def _footer_links() -> list:
    """Site pages, the API, and the source code when the deployment names it (``PROMISE_SOURCE_URL``)."""
    pages = [html.A("Methodology", href="/methodology"), html.A("Accessibility", href="/accessibility"),
             html.A("Feedback", href="/feedback"), html.A("Open data API", href="/api/v1/docs")]
    if site_meta.links().source_url:
        pages.append(html.A("Source code", href=site_meta.links().source_url))
    return [part for index, link in enumerate(pages) for part in ([" · "] if index else []) + [link]]


def register_callbacks(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.URL, "search"), Output(ids.AREAS, "value"), Output(ids.AREAS_LIMIT, "children"),
        Input(ids.AREAS, "value"), Input(ids.PERIOD, "value"), State(ids.RENDERED_STATE, "data"),
        prevent_initial_call=True,
    )
    def view_to_url(areas, period, rendered):
        """The pickers rewrite the URL; the page re-renders from it, so the URL is the whole state.

        Nothing happens when the pickers hold what the page was drawn with (a picker
        announcing its value as it mounts must not rewrite the URL). Values of the
        wrong type (a hand-made request) change nothing; the page validates the rest.
        A council picked beyond the limit is taken back and the limit said beside the
        picker: the page stays as it was instead of becoming an error."""
        unchanged = dash.no_update, dash.no_update, dash.no_update
        if not (isinstance(areas, (list, type(None))) and all(isinstance(a, str) for a in areas or [])
                and isinstance(period, (str, type(None))) and isinstance(rendered, (dict, type(None)))):
            return unchanged
        if len(set(areas or [])) > MAX_AREAS:
            kept = [a for a in (rendered or {}).get("areas", "").split(",") if a][:MAX_AREAS]
            return (dash.no_update, kept, f"At most {MAX_AREAS} councils can be compared at once: "
                    "remove one before adding another.")
        state = {**(rendered or {}), "areas": ",".join(areas or []), "period": period or (rendered or {}).get("period", "")}
        return (dash.no_update if state == rendered else f"?{urlencode(state)}"), dash.no_update, ""

    @app.callback(Output(ids.URL, "pathname"), Input(ids.COUNCIL_PICKER, "value"), State(ids.URL, "pathname"),
                  prevent_initial_call=True)
    def council_to_url(code, current):
        if not isinstance(code, str):
            return dash.no_update
        path = f"/council/{quote(code, safe='')}"
        return dash.no_update if not code or path == current else path


def create_app(settings: Settings | None = None) -> dash.Dash:
    settings = settings or load_settings()
    app = dash.Dash(
        __name__, use_pages=True, pages_folder=str(ROOT / "layouts" / "pages"), assets_folder=str(ROOT / "assets"),
        title=site_meta.SITE, suppress_callback_exceptions=True,
        update_title=None, include_pages_meta=False,  # site_meta writes each page's own title and tags
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">')
    site_meta.configure(settings.source_url, settings.feedback_url)
    site_meta.register(app)
    app.layout = shell
    register_callbacks(app)
    downloads.register(app.server)
    reports.images.register(app.server)
    reports.routes.register(app.server)
    cache = BreakerCache(Cache(app.server, config=cache_config(settings)))  # a hung cache is skipped, not waited on
    context.set_reader(cached_store(settings, cache))
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = 365 * 24 * 3600  # asset URLs carry a version stamp
    Compress(app.server)
    api.register(app, settings)
    request_guard.register(app)
    compressed = bundles.register(app, settings.var_dir / "compressed")  # after the guard: it checks bundle paths first
    canonical.register(app)  # before page_responses: a query naming a path variable never reaches the page cache
    page_responses.register(app.server, f"{app.config.routes_pathname_prefix}_dash-update-component")
    headers.register(app)
    error_pages.register(app.server)
    set_up_before_serving(app)
    bundles.compress_in_background(app, compressed)
    warm_pages.register(app, settings.warm_pages)  # PROMISE_WARM_PAGES: every council and indicator page, per new build
    return app


def set_up_before_serving(app: dash.Dash) -> None:
    """Run Dash's once-per-process setup now, before the process accepts a request.

    Why: Dash does it lazily in ``before_request`` hooks, and its guard flag is
    set before the registry of script bundles is filled (plotly/dash#3971).
    Under gunicorn's threaded workers the first requests after a restart race
    that gap and get 500 '"dash" is not a registered library', leaving a first
    visitor on "Loading...". Running the hooks here, in the app factory that every
    worker calls before it serves, leaves nothing for a request to race.
    """
    with app.server.test_request_context("/"):
        app.server.preprocess_request()
    if not app.registered_paths.get("dash"):
        raise RuntimeError("Dash's setup left no script bundles registered: the app cannot serve its pages")


def create_server():
    """The WSGI application, for gunicorn (``promise-dashboard serve --workers N``).

    ``gc.freeze`` moves the million objects of the loaded libraries out of the
    collector's sight: a full collection otherwise walks them all, a 30-50 ms
    pause that showed as the slowest twentieth of cached page requests.
    """
    server = create_app().server
    gc.collect()
    gc.freeze()
    return server
