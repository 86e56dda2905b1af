"""Under load and faults: a rebuild swapping the store, and the Redis cache stopping,
while clients keep asking. Every request must still succeed."""
from __future__ import annotations

import os
import threading
import time
import urllib.request
from dataclasses import replace

import pytest

from conftest import data_env
from serving import page_request, private_redis, running_server
pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

CSV = "/download/indicator/looked_after_rate/trend.csv?areas=S12000049"


class Load:
    """Clients asking for a council page and a CSV in a loop, recording every failure."""

    def __init__(self, base: str, clients: int = 4) -> None:
        self.base, self.stop, self.failures, self.done = base, threading.Event(), [], 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(clients)]

    def _client(self, n: int) -> None:
        councils = ["S12000049", "S12000027", "S12000036", "S12000005"]
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                if i % 3:
                    layout = page_request(self.base, f"/council/{councils[(n + i) % len(councils)]}")
                    assert "This page cannot be shown" not in str(layout), "an error message instead of the page"
                else:
                    with urllib.request.urlopen(self.base + CSV, timeout=60) as response:
                        assert response.status == 200 and b"S12000049" in response.read()
                with self.lock:
                    self.done += 1
            except Exception as exc:  # noqa: BLE001 - every failure is the finding
                with self.lock:
                    self.failures.append(repr(exc)[:300])

    def wait_for(self, requests: int, seconds: float = 90) -> None:
        """Until ``requests`` have been answered (or failed), however slow the machine is today."""
        deadline = time.monotonic() + seconds
        while self.done + len(self.failures) < requests and time.monotonic() < deadline:
            time.sleep(0.1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def _build_id_served(base: str) -> str:
    with urllib.request.urlopen(base + CSV, timeout=60) as response:
        line = next(l for l in response.read().decode().splitlines() if l.startswith("# Build:") or l.startswith("Build:"))
    return line.split("Build:")[1].split()[0]


def test_requests_keep_succeeding_while_a_rebuild_swaps_the_store(built_settings, tmp_path):
    from pipeline import build

    settings = replace(built_settings, var_dir=tmp_path, store_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    build(settings, progress=lambda line: None)
    env = {"PROMISE_VAR_DIR": str(tmp_path), **data_env(settings), "PROMISE_CACHE": "simple"}
    env_without_url = {key: value for key, value in os.environ.items() if key != "PROMISE_STORE_URL"}
    with running_server({**env_without_url, **env}) as base:
        first = _build_id_served(base)
        with Load(base) as load:
            load.wait_for(5)
            for _ in range(2):
                result = build(settings, progress=lambda line: None)
            load.wait_for(load.done + 10)
        assert load.failures == [], load.failures[:5]
        assert load.done > 20, f"the load ran ({load.done} requests)"
        assert _build_id_served(base) == result.build_id != first, "the new store is served once swapped in"


def test_requests_keep_succeeding_when_the_redis_cache_stops(built_settings, tmp_path):
    with private_redis() as (redis, url):
        env = {"PROMISE_VAR_DIR": str(built_settings.var_dir), **data_env(built_settings),
               "PROMISE_STORE_URL": built_settings.store_url, "PROMISE_CACHE": "redis", "PROMISE_REDIS_URL": url}
        with running_server(env) as base:
            with Load(base) as load:
                load.wait_for(10)
                before = load.done
                redis.terminate()
                redis.wait(timeout=10)
                load.wait_for(before + 20)
            assert load.failures == [], load.failures[:5]
            assert before >= 10 and load.done >= before + 20, f"served before ({before}) and after ({load.done}) Redis stopped"
            assert "Shetland Islands" in str(page_request(base, "/council/S12000027"))
