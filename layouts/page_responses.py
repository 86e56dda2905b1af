"""Whole responses of Dash's page-routing callback, cached per build.

Why: the routing callback's response depends only on the URL's path and query
and on the build, so its encoded bytes can be served as they are, skipping the
render (hundreds of milliseconds for a council page) and Dash's own decoding and
encoding (about 2 ms even for a cached layout).

Only responses of pages that rendered without error from known parameters are
stored (``context.storable_page`` marks them), so hostile URLs cannot fill the
cache with error pages or junk parameters. A broken cache only means a miss.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from urllib.parse import unquote

from flask import Flask, Response, g, request

from layouts import canonical, context
from layouts.cache import TIMEOUT_SECONDS, log_cache_failure

LOG = logging.getLogger("promise_dashboard.cache")
PAGE_OUTPUT = ".._pages_content.children..._pages_store.data.."
MAX_URL_PART = 2000
MAX_STORED_PAGES = 300  # in Redis; the simple and filesystem caches prune at their CACHE_THRESHOLD (store/cached.py)


def page_request() -> tuple[str, str] | None:
    """(pathname, search) of a page-routing callback request, else None."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("output") != PAGE_OUTPUT or not isinstance(body.get("inputs"), list):
        return None
    values = {}
    for item in body["inputs"]:
        if isinstance(item, dict) and item.get("id") == "_pages_location" and item.get("property") in ("pathname", "search"):
            values[item["property"]] = item.get("value")
    pathname, search = values.get("pathname"), values.get("search") or ""
    if not isinstance(pathname, str) or not isinstance(search, str) or len(pathname) + len(search) > MAX_URL_PART:
        return None
    return pathname, search


def keep_bounded(cache, key: str, limit: int = MAX_STORED_PAGES) -> None:
    """In Redis, keep at most ``limit`` page responses: an index of stored pages by time,
    the oldest deleted beyond the limit (each entry is about 600 KB, and Redis has no
    entry count of its own). The other backends bound themselves (``CACHE_THRESHOLD``)."""
    backend = getattr(cache, "cache", None)  # flask-caching's backend (cachelib), through the breaker
    client = getattr(backend, "_write_client", None)
    if client is None:
        return
    index = f"{backend.key_prefix}{key.split(':', 1)[0]}:stored-pages"  # per build, like every key
    with client.pipeline() as pipe:
        count = pipe.zadd(index, {key: time.time()}).expire(index, TIMEOUT_SECONDS).zcard(index).execute()[2]
    if count > limit:
        oldest = [member.decode() if isinstance(member, bytes) else member for member, _ in client.zpopmin(index, count - limit)]
        client.delete(*[backend.key_prefix + member for member in oldest])


def canonical_key(pathname: str, search: str) -> tuple[str, str]:
    """Equivalent URLs share one entry: the canonical (path, search) when there is one."""
    return canonical.canonical(unquote(pathname), search) or (pathname, search)


def register(server: Flask, update_path: str) -> None:
    """Register after ``Compress`` so the stored body is the uncompressed one."""

    @server.before_request
    def serve_stored_page():
        if request.method != "POST" or request.path != update_path:
            return None
        page = page_request()
        current = context.reader()
        if page is None or not hasattr(current, "cache"):
            return None
        try:
            key = f"{current.build_id()}:response:" + hashlib.sha256(json.dumps(canonical_key(*page)).encode()).hexdigest()[:32]
            stored = current.cache.get(key)
        except Exception as exc:  # noqa: BLE001 - a broken cache must not break a page
            log_cache_failure("read", exc)
            return None
        if stored is not None:
            return Response(stored, mimetype="application/json")
        g.promise_response_key = key
        return None

    @server.after_request
    def store_page(response: Response) -> Response:
        key = g.pop("promise_response_key", None)
        if key and g.get("promise_response_cacheable") and response.status_code == 200 and not response.direct_passthrough:
            try:
                cache = context.reader().cache
                cache.set(key, response.get_data())
                keep_bounded(cache, key)
            except Exception as exc:  # noqa: BLE001
                log_cache_failure("write", exc)
        return response
