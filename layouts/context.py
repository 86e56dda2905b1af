"""The store reader of the running app, set once by ``app.create_app``.

Why a module-level slot: Dash imports page modules itself and calls their layout
functions with URL parameters only; they reach the store through this accessor.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import g, has_request_context

from layouts.views import Reader

_reader: Reader | None = None


def set_reader(reader: Reader) -> None:
    global _reader
    _reader = reader


def geojson() -> dict:
    """Council boundaries, read once per build (they change only with a new store)."""
    build_id = reader().build()["build_id"]
    if _geojson_cache.get("build_id") != build_id:
        _geojson_cache.update(build_id=build_id, geojson=reader().geojson())
    return _geojson_cache["geojson"]


_geojson_cache: dict = {}


def storable_page(render: Callable[[], Any], *, ignored: dict | None = None):
    """Render a page; mark its whole response storable unless a URL parameter was ignored.

    The response, not the layout, is what is cached (``page_responses``): Dash
    encodes it once anyway, so caching it costs nothing on a cold page and saves
    the whole callback on a warm one. Only a page that rendered without error from
    known parameters is marked, so junk parameters and error messages never
    multiply cache entries.
    """
    layout = render()
    if has_request_context() and not ignored:
        g.promise_response_cacheable = True
    return layout


def reader() -> Reader:
    if _reader is None:
        raise RuntimeError("the app has no store reader: create it with app.create_app()")
    return _reader
