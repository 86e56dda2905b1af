"""Hardening, round 2, through the app itself: canonical URLs (308), the path winning
over the query, 404 for what is no page, the Host header never echoed, bounded and
canonical page caching, and 4xx (never 5xx) for hostile bundle paths and callback bodies.

Published figures are from the real mirror (``built_settings``)."""
from __future__ import annotations

import json

import pytest

from serving import PAGE_CALLBACK

ORKNEY, SHETLAND, GLASGOW = "S12000023", "S12000027", "S12000049"


def _page(client, pathname: str, search: str = ""):
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                                        {"id": "_pages_location", "property": "search", "value": search}]}
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("sent", "canonical"), [
    ("/council/s12000023", f"/council/{ORKNEY}"),
    (f"/council/{ORKNEY}?area_code={SHETLAND}", f"/council/{ORKNEY}"),
    (f"/council/{ORKNEY}?junk=1", f"/council/{ORKNEY}"),
    ("/indicator/looked_after_rate?areas=s12000049,%20S12000027,,&ci=on",
     f"/indicator/looked_after_rate?areas={SHETLAND},{GLASGOW}&ci=1"),
    (f"/indicator/looked_after_rate?areas={GLASGOW},{SHETLAND},{GLASGOW}&ci=true&comparator=Family",
     f"/indicator/looked_after_rate?areas={SHETLAND},{GLASGOW}&ci=1&comparator=family"),
    ("/indicator/looked_after_rate?period=2016&areas=&ci=off&utm=x", "/indicator/looked_after_rate?ci=0&period=2016"),
    ("/?ci=1", "/"),
    ("/councils?x=%3Cscript%3E", "/councils"),
])
def test_a_non_canonical_page_url_redirects_to_its_canonical_form(client, sent, canonical):
    response = client.get(sent)
    assert response.status_code == 308 and response.headers["Location"] == canonical, (sent, response.headers.get("Location"))
    assert client.get(canonical).status_code == 200, f"{canonical} is served, not redirected again"


def test_the_path_wins_over_the_query(client):
    """/council/S12000023?area_code=S12000027 once showed Shetland under Orkney's URL."""
    assert client.get(f"/council/{ORKNEY}?area_code={SHETLAND}").headers["Location"] == f"/council/{ORKNEY}"
    refused = _page(client, f"/council/{ORKNEY}", f"?area_code={SHETLAND}")
    assert refused.status_code == 400 and "'area_code' is given by the page's path" in refused.get_data(as_text=True)
    refused = _page(client, "/indicator/looked_after_rate", "?indicator_id=looked_after_count")
    assert refused.status_code == 400
    page = _page(client, f"/council/{ORKNEY}").get_data(as_text=True)
    assert "Orkney Islands" in page and page != _page(client, f"/council/{SHETLAND}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/nonexistent", "/council/S99999999", "/indicator/no_such_indicator", "/council/x/y",
                                  "/indicator/looked_after_rate/extra"])
def test_an_address_that_is_no_page_is_a_404_that_still_loads_the_page_shell(client, path):
    response = client.get(path)
    assert response.status_code == 404, path
    assert 'id="react-entry-point"' in response.get_data(as_text=True), "the shell loads and shows 'Page not found'"
    assert response.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/councils", "/data-quality", f"/council/{ORKNEY}", "/indicator/looked_after_rate"])
def test_known_pages_answer_200(client, path):
    assert client.get(path).status_code == 200


def test_the_host_header_is_never_echoed(client):
    forged = "attacker.example"
    for path in ["/", "/council/s12000023", "/nonexistent", f"/council/{ORKNEY}"]:
        response = client.get(path, headers={"Host": forged})
        assert forged not in response.get_data(as_text=True), f"Host echoed into {path}"
        assert all(forged not in value for value in response.headers.values()), f"Host echoed into a header of {path}"


def test_equivalent_urls_render_and_cache_once(client, store_reader):
    backend = store_reader.cache.cache  # the cachelib SimpleCache behind flask-caching and the breaker

    def stored_pages() -> int:
        return sum(":response:" in key for key in backend._cache)  # noqa: SLF001 - counting entries is the test

    spellings = [f"?areas={GLASGOW},{SHETLAND}&ci=1", f"?areas={SHETLAND},{GLASGOW}&ci=1", "?areas=s12000049, S12000027,&ci=on",
                 f"?ci=true&areas={GLASGOW},{GLASGOW},{SHETLAND}", f"?areas={SHETLAND},{GLASGOW}&ci=yes&utm_source=x"]
    store_reader.cache.clear()  # other tests fill the shared cache up to its bound, where it prunes
    bodies = {_page(client, "/indicator/looked_after_community_pct", search).get_data() for search in spellings}
    assert stored_pages() == 1, "five spellings of one view are one cache entry"
    assert len(bodies) == 1, "and one response"


def test_the_redis_page_cache_keeps_at_most_its_limit():
    """The bound is enforced on Redis itself (the simple and filesystem caches prune at CACHE_THRESHOLD)."""
    import os

    import redis
    from flask import Flask
    from flask_caching import Cache

    from layouts.page_responses import keep_bounded
    from layouts.cache_breaker import BreakerCache

    url = os.environ.get("PROMISE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis not reachable at {url}: {exc}")
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    client.flushdb()
    cache = BreakerCache(Cache(Flask("bound"), config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url,
                                                       "CACHE_KEY_PREFIX": "bound-test:"}))
    for number in range(25):
        cache.set(f"build1:page-{number}", b"x" * 1000)
        keep_bounded(cache, f"build1:page-{number}", limit=10)
    kept = sorted(key.decode() for key in client.keys("bound-test:build1:page-*"))
    assert len(kept) == 10 and "bound-test:build1:page-24" in kept and "bound-test:build1:page-0" not in kept, kept
    client.flushdb()


@pytest.mark.parametrize("path", ["/_dash-component-suites/os/x.js", "/_dash-component-suites/dash/../../settings.py",
                                  "/_dash-component-suites/dash/%2e%2e/%2e%2e/app.py", "/_dash-component-suites/dash/nope.js",
                                  "/_dash-component-suites/sys/x.js", "/_dash-component-suites/dash/dash-renderer/../../__init__.py"])
def test_unknown_or_traversal_bundle_paths_are_a_404(client, path):
    assert client.get(path).status_code == 404, path


def test_a_registered_bundle_is_served(client):
    import re

    bundle = re.search(r'src="(/_dash-component-suites/dash/[^"]+\.js)"', client.get("/").get_data(as_text=True)).group(1)
    assert client.get(bundle).status_code == 200


def test_json_nested_20000_deep_is_a_400(client):
    for deep in ("[" * 20000 + "]" * 20000, '{"a":' * 20000 + "1" + "}" * 20000):
        assert client.post("/_dash-update-component", data=deep, content_type="application/json").status_code in (400, 413)
    nested = '{"output": ' + "[" * 10000 + "]" * 10000 + "}"
    assert client.post("/_dash-update-component", data=nested, content_type="application/json").status_code == 400


@pytest.mark.parametrize("outputs", ["missing", None, "x", [], {"id": "_pages_content", "property": "children"},
                                     [{"id": "_pages_content", "property": "children"}],
                                     [{"id": "_pages_store", "property": "data"}, {"id": "_pages_content", "property": "children"}],
                                     [1, 2], [{"id": ["x"], "property": "children"}, {"id": "_pages_store", "property": "data"}]])
def test_a_callback_body_with_bad_or_missing_outputs_is_a_400(client, outputs):
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                                        {"id": "_pages_location", "property": "search", "value": ""}]}
    if outputs == "missing":
        body.pop("outputs")
    else:
        body["outputs"] = outputs
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and "'outputs'" in response.get_data(as_text=True), outputs


def test_a_body_over_the_limit_is_refused_on_the_bytes_read(client):
    """No Content-Length (as with Transfer-Encoding: chunked): the limit counts what is read."""
    import io

    big = b'{"output": "' + b"x" * 200_000 + b'"}'
    response = client.post("/_dash-update-component", input_stream=io.BytesIO(big), content_type="application/json",
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
