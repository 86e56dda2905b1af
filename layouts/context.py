"""The store reader of the running app, set once by ``app.create_app``.

Why a module-level slot: Dash imports page modules itself and calls their layout
functions with URL parameters only; they reach the store through this accessor.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Callable

from flask import g, has_request_context
from plotly.io.json import to_json_plotly

from store.cached import CachedReader
from store.read import StoreReader

_reader: StoreReader | None = None


def set_reader(reader: StoreReader) -> None:
    global _reader
    _reader = reader


def geojson() -> dict:
    """Council boundaries, read once per build (they change only with a new store)."""
    build_id = reader().build()["build_id"]
    if _geojson_cache.get("build_id") != build_id:
        _geojson_cache.update(build_id=build_id, geojson=reader().geojson())
    return _geojson_cache["geojson"]


_geojson_cache: dict = {}


def cached_page(name: str, params: dict, render: Callable[[], Any], *, ignored: dict | None = None):
    """A page's rendered layout, cached per build and parameters (JSON, shared by workers).

    Only successful renders are cached; the key hashes the parameters, so hostile
    URLs cannot make long keys. ``ignored`` holds URL parameters the page does not
    use: with any, the whole response is not stored (``page_responses``), so junk
    parameters cannot multiply cache entries.
    """
    current = reader()
    if not isinstance(current, CachedReader):
        return render()
    layout = _cached_layout(current, name, params, render)
    if has_request_context() and not ignored:
        g.promise_response_cacheable = True
    return layout


def _cached_layout(current: CachedReader, name: str, params: dict, render: Callable[[], Any]):
    digest = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()[:32]
    key = f"{current.build_id()}:page:{name}:{digest}"
    try:
        hit = current.cache.get(key)
    except Exception:  # noqa: BLE001 - a broken cache must not break a page
        hit = None
    if hit is not None:
        return hit
    layout = json.loads(to_json_plotly(render()))
    try:
        current.cache.set(key, layout)
    except Exception:  # noqa: BLE001
        pass
    return layout


def reader() -> StoreReader:
    if _reader is None:
        raise RuntimeError("the app has no store reader: create it with app.create_app()")
    return _reader
