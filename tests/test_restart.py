"""The first visit after a restart: the page and its script bundles all load.

Why: Dash sets up its registry of script bundles lazily, on the first request,
and under gunicorn's threaded workers the first burst of bundle requests raced
that setup (plotly/dash#3971): 500 '"dash" is not a registered library' and a
visitor stuck on "Loading...". ``app.set_up_before_serving`` runs the setup in
every worker before it accepts a request.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from serving import running_server
pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

BUNDLES_AT_ONCE = 40
RESTARTS = 3


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read()[:200].decode("utf-8", "replace")


def _bundle_paths(client) -> list[str]:
    """The script bundles the page asks for (the same code and versions as the served app)."""
    page = client.get("/").get_data(as_text=True)
    paths = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(paths) >= 5, f"the page lists its Dash bundles: {paths}"
    return paths


def test_the_first_visit_after_each_restart_loads_every_bundle(built_settings, client):
    bundles = _bundle_paths(client)
    urls = ["/"] + [bundles[i % len(bundles)] for i in range(BUNDLES_AT_ONCE)]
    env = {"PROMISE_VAR_DIR": str(built_settings.var_dir), "PROMISE_RAW_MIRROR": str(built_settings.raw_mirror),
           "PROMISE_STORE_URL": built_settings.store_url, "PROMISE_CACHE": "simple"}
    for restart in range(RESTARTS):
        with running_server(env, wait_for_app=False) as base:
            with ThreadPoolExecutor(max_workers=len(urls)) as pool:
                results = list(pool.map(lambda path: (path, *_status(base + path)), urls))
        failed = [r for r in results if r[1] != 200]
        assert not failed, f"restart {restart + 1}: {len(failed)} of {len(urls)} requests failed, e.g. {failed[:3]}"
