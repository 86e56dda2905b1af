"""HTTP for the API: content negotiation, ETags from the build, stored responses, CORS and JSON errors.

Why these, by hand and in one place: the data change only when a build is
swapped in, so the build id is a perfect validator. A repeat request (same
path, query and format) is a 304 without touching the store, and a warm one is
bytes from the shared cache, the same trick that makes warm pages fast
(``layouts.page_responses``). The ETag is weak (``W/``) because the compressor
may re-encode the body, which would otherwise change a strong one. Every error
is JSON naming the parameter, path part or header at fault; the request guard
and body limit are the site's own (``layouts.request_guard``).
"""
from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict

from flask import Response, g, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES

from layouts import request_guard

LOG = logging.getLogger("promise_dashboard.api")
JSON, CSV = "application/json", "text/csv"
CACHE_SECONDS = 300
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


class ApiProblem(Exception):
    """An error answered as JSON: status, the parameter at fault, one sentence."""

    def __init__(self, status: int, message: str, parameter: str | None = None, headers: dict | None = None) -> None:
        self.status, self.parameter, self.headers = status, parameter, headers or {}
        super().__init__(message)


def error_response(status: int, message: str, parameter: str | None = None, headers: dict | None = None) -> Response:
    import orjson

    body = {"status": status, "error": HTTP_STATUS_CODES.get(status, "Error"), "parameter": parameter, "message": message}
    response = Response(orjson.dumps(body), status=status, mimetype=JSON, headers=headers or {})
    response.headers.update(CORS_HEADERS)
    return response


def from_http_exception(error: HTTPException) -> Response:
    """Werkzeug's errors (404, 405, 413, 429 from the rate limiter…) as the API's JSON errors."""
    parameter = {404: "path", 405: "method", 413: "body", 429: "client"}.get(error.code)
    message = {
        404: f"no API route at {request.path[:80]!r} (see /api/v1/openapi.json)",
        405: f"{request.method} is not allowed here: the API only reads (GET)",
        413: f"request body too large (at most {request_guard.MAX_BODY_BYTES // 1024} KB; the API reads none)",
        429: f"too many requests from this client ({error.description}); wait and retry",
    }.get(error.code, error.description or HTTP_STATUS_CODES.get(error.code, "error"))
    response = error_response(error.code or 500, message, parameter)
    allowed = error.get_response().headers.get("Allow")
    if allowed:
        response.headers["Allow"] = allowed
    limit = getattr(error, "limit", None)  # flask-limiter's breach: retry after at most one window
    if error.code == 429:
        response.headers["Retry-After"] = str(limit.limit.get_expiry() if limit is not None else 60)
    return response


def check_body() -> None:
    """The site's body limit; GET requests need no body, so one larger than the limit is refused before it is read."""
    if (request.content_length or 0) > request_guard.MAX_BODY_BYTES:
        raise ApiProblem(413, f"request body too large (at most {request_guard.MAX_BODY_BYTES // 1024} KB; the API reads none)", "body")
    if request.headers.get("Transfer-Encoding", "").lower() == "chunked":  # no length given: count what arrives
        try:
            too_large = len(request.stream.read(request_guard.MAX_BODY_BYTES + 1)) > request_guard.MAX_BODY_BYTES
        except RequestEntityTooLarge:  # the server's own limit (MAX_CONTENT_LENGTH), when set, stops the read first
            too_large = True
        if too_large:
            raise ApiProblem(413, f"request body too large (at most {request_guard.MAX_BODY_BYTES // 1024} KB; the API reads none)", "body")


def negotiated_format(csv_allowed: bool) -> str:
    """'json' or 'csv', from ``format`` when given, else the Accept header; nothing acceptable is a 406."""
    chosen = request.args.get("format")
    if chosen == "csv" and not csv_allowed:
        raise ApiProblem(400, "only /api/v1/data is served as CSV", "format")
    if chosen in ("json", "csv"):
        return chosen
    if "Accept" not in request.headers or not request.headers["Accept"].strip():
        return "json"
    offered = [JSON, CSV] if csv_allowed else [JSON]
    best = request.accept_mimetypes.best_match(offered)
    if best is None:
        raise ApiProblem(406, f"this route is served as {' or '.join(offered)}; the Accept header allows neither", "Accept")
    return "csv" if best == CSV else "json"


def etag(build_id: str, fmt: str) -> str:
    """Weak validator: the build, the path, the sorted query and the format."""
    query = sorted((key, value) for key in request.args for value in request.args.getlist(key))
    digest = hashlib.sha256(repr((request.path, query, fmt)).encode()).hexdigest()[:20]
    return f'W/"{build_id}-{digest}"'


def not_modified(tag: str) -> bool:
    return tag.removeprefix("W/") in {t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")} \
        or request.headers.get("If-None-Match", "").strip() == "*"


def caching_headers(response: Response, tag: str, seconds: int) -> Response:
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = f"public, max-age={seconds}" if seconds else "no-cache"
    response.vary.add("Accept")
    return response


class RecentResponses:
    """The last few responses in this process, so the commonest requests skip even the shared cache.

    Keys carry the build id, so a new build is never answered from here; the
    size bound keeps memory small (at most ``size`` bodies of a few hundred KB)."""

    def __init__(self, size: int = 32) -> None:
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > max(self.size, 0):
                self.entries.popitem(last=False)


def stored_response(cache, recent: RecentResponses, key: str) -> Response | None:
    """A whole earlier response for the same build, path, query and format: this process's, else the shared cache's."""
    stored = recent.get(key)
    if stored is None:
        try:
            stored = cache.get(key)
        except Exception as exc:  # noqa: BLE001 - a broken cache only means a miss
            LOG.warning("cache read failed (%s)", exc)
            return None
        if stored is None:
            return None
        recent.put(key, stored)
    body, mimetype, headers = stored
    return Response(body, mimetype=mimetype, headers=headers)


def store_response(cache, recent: RecentResponses, key: str, response: Response) -> None:
    entry = (response.get_data(), response.mimetype, {k: v for k, v in response.headers.items() if k in ("Link", "Content-Disposition")})
    recent.put(key, entry)
    try:
        cache.set(key, entry)
    except Exception as exc:  # noqa: BLE001
        LOG.warning("cache write failed (%s)", exc)


def add_cors(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    if request.method == "OPTIONS":
        response.headers.update(PREFLIGHT_HEADERS)
    return response


def remember(**values) -> None:
    for name, value in values.items():
        setattr(g, f"api_{name}", value)
