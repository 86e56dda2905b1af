"""Warm after a swap (issue 17 item 4): once a new store is swapped in, every council page and
every indicator's default view is in the page cache before anyone asks for it, so the first
request after a deploy is a cache hit. Observed in the cache itself, not by timing."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3

import pytest

from layouts import page_responses, warm_pages

pytestmark = pytest.mark.slow  # renders every council and indicator page twice

DUNDEE = "S12000042"


def _stored(reader, build_id: str, path: str, search: str = ""):
    """The page cache's entry for a page of a build, exactly as page_responses keys it (None: a miss)."""
    key = f"{build_id}:response:" + hashlib.sha256(json.dumps(page_responses.canonical_key(path, search)).encode()).hexdigest()[:32]
    return reader.cache.get(key)


def _swap_in_a_new_build(store, build_id: str) -> None:
    """What the writer's swap does to a SQLite store: a complete new file renamed over the served one
    (here the same figures under a new build id, so every cache key changes)."""
    staged = store.with_suffix(".staged")
    shutil.copyfile(store, staged)
    with sqlite3.connect(staged) as connection:
        connection.execute("UPDATE build SET build_id = ?", (build_id,))
    os.replace(staged, store)


def test_after_a_swap_every_council_and_indicator_page_is_in_the_cache_before_the_first_request(built_settings, tmp_path):
    from app import create_app

    store = tmp_path / "store.sqlite"
    shutil.copyfile(built_settings.var_dir / "store.sqlite", store)
    settings = dataclasses.replace(built_settings, var_dir=tmp_path, store_url=f"sqlite:///{store}", warm_pages=True)
    app = create_app(settings)
    warmer = app.server.extensions["promise_warmer"]
    try:
        reader = warmer.reader
        first = reader.build_id()
        assert warmer.wait_for(first, timeout=600), "the store the app started with was not warmed"
        paths = warm_pages.warm_paths(reader)
        assert len([p for p in paths if p.startswith("/council/")]) == 32 and len(paths) == 32 + len(reader.indicators())

        _swap_in_a_new_build(store, "swapped-in-by-the-test")
        assert reader.build_id() == "swapped-in-by-the-test"
        assert warmer.wait_for("swapped-in-by-the-test", timeout=600), "the new build was not warmed"
        assert warmer.pages_warmed == len(paths)
        assert [p for p in paths if _stored(reader, "swapped-in-by-the-test", p) is None] == []
        assert _stored(reader, "swapped-in-by-the-test", "/indicator/looked_after_rate", "?period=2016") is None  # not a default view

        stored = _stored(reader, "swapped-in-by-the-test", f"/council/{DUNDEE}")
        body = warm_pages.page_body(f"/council/{DUNDEE}")
        response = app.server.test_client().post("/_dash-update-component", data=body, content_type="application/json")
        assert response.status_code == 200 and response.get_data() == stored  # the first request: served as stored
        assert "Dundee City" in response.get_data(as_text=True)
    finally:
        warmer.stop()


def test_warming_is_off_unless_the_setting_asks_for_it(built_settings, monkeypatch):
    from settings import load_settings

    assert built_settings.warm_pages is False
    monkeypatch.delenv("PROMISE_WARM_PAGES", raising=False)
    assert load_settings().warm_pages is True  # a deployment warms by default
    monkeypatch.setenv("PROMISE_WARM_PAGES", "0")
    assert load_settings().warm_pages is False
    monkeypatch.setenv("PROMISE_WARM_PAGES", "maybe")
    with pytest.raises(ValueError, match="PROMISE_WARM_PAGES"):
        load_settings()
