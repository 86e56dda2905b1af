"""The scale-out deployment: PostgreSQL store + Redis cache + several gunicorn workers,
and the cache's behaviour (build id in every key; a stopped cache falls back to the store)."""
from __future__ import annotations

import json
import os
import urllib.request
import uuid
from dataclasses import replace

import pytest
import sqlalchemy as sa

from conftest import data_env
from serving import PAGE_CALLBACK, page_request, running_server

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")


@pytest.fixture()
def redis_url():
    url = os.environ.get("PROMISE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis not reachable at {url}: {exc}")
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    client.flushdb()
    yield url
    client.flushdb()


def test_postgresql_store_redis_cache_and_two_gunicorn_workers(built_settings, pg_url, redis_url, tmp_path):
    from pipeline import build

    schema = f"promise_deploy_{uuid.uuid4().hex[:8]}"
    settings = replace(built_settings, store_url=pg_url, store_schema=schema, var_dir=tmp_path)
    build(settings, progress=lambda line: None)
    env = {"PROMISE_STORE_URL": pg_url, "PROMISE_STORE_SCHEMA": schema, "PROMISE_VAR_DIR": str(tmp_path),
           "PROMISE_CACHE": "redis", "PROMISE_REDIS_URL": redis_url, **data_env(settings)}
    try:
        with running_server(env) as base:
            _check_deployment(base, pg_url, schema, redis_url)
    finally:
        engine = sa.create_engine(pg_url)
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def _check_deployment(base: str, pg_url: str, schema: str, redis_url: str) -> None:
    import redis

    layouts = [json.dumps(page_request(base, "/council/S12000027")) for _ in range(6)]
    assert "Shetland Islands" in layouts[0] and len(set(layouts)) == 1, "every worker serves the same page"
    with urllib.request.urlopen(f"{base}/download/indicator/looked_after_rate/trend.csv?areas=S12000049", timeout=30) as response:
        assert response.status == 200 and b"S12000049" in response.read()
    keys = redis.Redis.from_url(redis_url).keys("promise:*")
    engine = sa.create_engine(pg_url)
    with engine.connect() as connection:
        build_id = connection.execute(sa.text(f'SELECT build_id FROM "{schema}".build')).scalar_one()
    engine.dispose()
    assert keys and all(build_id.encode() in key for key in keys), "every cache key carries the build id"
    with urllib.request.urlopen(f"{base}/assets/base.css", timeout=10) as response:
        assert "max-age=31536000" in response.headers.get("Cache-Control", "")
    request = urllib.request.Request(f"{base}/_dash-layout", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("Content-Encoding") == "gzip", "responses are compressed"


def test_a_new_build_is_served_at_once_not_from_the_cache(built_settings, tmp_path):
    from flask import Flask
    from flask_caching import Cache

    from pipeline import build
    from layouts.cache import CachedReader, cache_config
    from store.location import location_from_settings
    from store.read import StoreReader

    settings = replace(built_settings, var_dir=tmp_path, store_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    build(settings, progress=lambda line: None)
    cache = Cache(Flask(__name__), config=cache_config(settings))
    reader = CachedReader(StoreReader(location_from_settings(settings)), cache)
    first = reader.build()["build_id"]
    reader.observations("looked_after_rate")
    build(settings, progress=lambda line: None)
    assert reader.build()["build_id"] != first, "the swapped-in build is read, not a cached old one"


def test_a_stopped_cache_falls_back_to_the_store(built_settings):
    from flask import Flask
    from flask_caching import Cache

    from layouts.cache import CachedReader, cache_config
    from store.location import location_from_settings
    from store.read import StoreReader

    dead = replace(built_settings, cache_type="redis", redis_url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    cache = Cache(Flask(__name__), config=cache_config(dead))
    reader = CachedReader(StoreReader(location_from_settings(built_settings)), cache)
    frame = reader.observations("looked_after_count", ["S92000003"])
    assert frame.set_index("period").loc["2020", "value"] == 14458


def _response_keys(reader) -> set[str]:
    return {key for key in reader.cache.cache._cache if ":response:" in key}  # SimpleCache's own dict


def _post_page(client, path: str, search: str = ""):
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_data()


def test_whole_page_responses_are_stored_per_build_only_for_clean_renders(client, store_reader):
    store_reader.cache.clear()
    first = _post_page(client, "/council/S12000049")
    keys = _response_keys(store_reader)
    assert len(keys) == 1 and all(key.startswith(store_reader.build_id()) for key in keys), "one entry, keyed by the build"
    assert _post_page(client, "/council/S12000049") == first, "the stored response is the rendered one, byte for byte"

    junk = _post_page(client, "/council/S12000049", "?junk=%3Cscript%3E")
    assert json.loads(junk) == json.loads(first), "unknown parameters are ignored"
    _post_page(client, "/indicator/no_such_indicator")
    _post_page(client, "/indicator/looked_after_rate", "?period=1066")
    assert _response_keys(store_reader) == keys, "junk parameters and error pages are never stored"

    _post_page(client, "/indicator/looked_after_rate", "?areas=S12000049&junk=1")
    assert _response_keys(store_reader) == keys, "a known page with an unknown parameter is not stored either"
    _post_page(client, "/indicator/looked_after_rate", "?areas=S12000049")
    assert len(_response_keys(store_reader)) == 2
