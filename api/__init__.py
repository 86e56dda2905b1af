"""The open data API (/api/v1/): read-only JSON and CSV from the disclosure-controlled store.

Why a package of its own on the dashboard's Flask server: it reads through the
very reader the pages use (``layouts.context``), so it can show nothing the
pages and the export would not, and it inherits the site's request guard,
security headers and compression. ``register`` is the one call ``app.py`` makes.
"""
from __future__ import annotations

import dash
from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from api import content, http
from api.routes import PREFIX, make_blueprint
from layouts import context
from layouts.parameters import ParameterError

CSV_ROUTES = {f"{PREFIX}/data"}
NO_CACHE_ROUTES = {f"{PREFIX}/builds/latest"}
DOCS = f"{PREFIX}/docs"
UNCACHED = {f"{PREFIX}/openapi.json", f"{PREFIX}/"}


def limiter_storage(settings) -> str:
    """Counts shared by every worker in Redis when the cache is Redis, else per process."""
    return settings.redis_url if settings.cache_type == "redis" else "memory://"


def _compress_csv_too(server: Flask) -> None:
    """flask-compress reads its MIME types once, at start; CSV is not among its defaults."""
    for function in server.after_request_funcs.get(None, []):
        owner = getattr(function, "__self__", None)
        if type(owner).__name__ == "Compress":
            owner.compress_mimetypes_set.add(http.CSV)


def _before():
    http.check_body()
    if request.method == "OPTIONS" or request.path == DOCS:  # the docs page is HTML, for browsers
        return None
    http.remember(format=http.negotiated_format(request.path in CSV_ROUTES), tag=None, key=None)
    if request.path in UNCACHED or request.url_rule is None or request.url_rule.endpoint == "api_v1.no_such_route":
        return None
    reader = context.reader()
    build_id = reader.build_id() if hasattr(reader, "build_id") else reader.build()["build_id"]  # in process: no cache read
    tag = http.etag(build_id, g.api_format)
    g.api_tag = tag
    seconds = 0 if request.path in NO_CACHE_ROUTES else http.CACHE_SECONDS
    if http.not_modified(tag):
        return http.caching_headers(http.Response(status=304), tag, seconds)
    if hasattr(reader, "cache"):
        g.api_key = f"{tag}:api-response"
        stored = http.stored_response(reader.cache, current_app.extensions["promise_api_recent"], g.api_key)
        if stored is not None:
            g.api_key = None
            return stored
    return None


def _after(response):
    http.add_cors(response)
    tag = g.get("api_tag")
    if tag and response.status_code == 200:
        http.caching_headers(response, tag, 0 if request.path in NO_CACHE_ROUTES else http.CACHE_SECONDS)
        key = g.get("api_key")
        if key and not response.direct_passthrough:
            http.store_response(context.reader().cache, current_app.extensions["promise_api_recent"], key, response)
    return response


def _method_not_allowed(error: MethodNotAllowed):
    """A write to an API path is refused by routing, before any blueprint: JSON there, unchanged elsewhere."""
    return http.from_http_exception(error) if request.path.startswith(f"{PREFIX}/") else error


def register(app: dash.Dash, settings) -> None:
    """Mount /api/v1/ on the dashboard's server, rate limited per client."""
    server: Flask = app.server
    parse_many(settings.api_rate_limit)  # a malformed PROMISE_API_RATE_LIMIT fails at start, naming itself below
    blueprint = make_blueprint()
    # No X-RateLimit headers on every response (each costs a storage read); a 429 says when to retry.
    limiter = Limiter(get_remote_address, app=server, storage_uri=limiter_storage(settings), headers_enabled=False,
                      swallow_errors=True, in_memory_fallback_enabled=True, strategy="fixed-window", key_prefix="promise-api")
    server.config["PROMISE_API_RATE_LIMIT"] = settings.api_rate_limit
    limiter.limit(lambda: current_app.config["PROMISE_API_RATE_LIMIT"])(blueprint)
    blueprint.before_request(_before)
    blueprint.after_request(_after)
    blueprint.register_error_handler(http.ApiProblem, lambda e: http.error_response(e.status, str(e), e.parameter, e.headers))
    blueprint.register_error_handler(ParameterError, lambda e: http.error_response(400, str(e), e.parameter))
    blueprint.register_error_handler(content.NotFound, lambda e: http.error_response(404, str(e), e.parameter))
    blueprint.register_error_handler(HTTPException, http.from_http_exception)
    server.register_blueprint(blueprint)
    server.register_error_handler(MethodNotAllowed, _method_not_allowed)
    server.extensions["promise_api_limiter"] = limiter
    server.extensions["promise_api_recent"] = http.RecentResponses(size=0 if settings.cache_type == "null" else 32)
    _compress_csv_too(server)
