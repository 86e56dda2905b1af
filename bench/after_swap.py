"""The first visitors after a new store is swapped in: council page latency with and without warming.

A server (gunicorn, 2 workers, Redis cache as a deployment runs it) serves a store;
a new build is swapped in (the same figures under a new build id, renamed over the
served file as the writer does, so every cache key changes); then 10 clients ask
for all 32 council pages at once, as the first visitors after a deploy would.
With ``PROMISE_WARM_PAGES=1`` they arrive once the warmer has stored the pages
(seen in Redis, where the last page it warms lands); with ``0`` they meet a cold
page cache. Prints p50/p95 per mode and the ratio; asserts nothing.

Run: .venv/bin/python bench/after_swap.py [--store var/store.sqlite] [--redis redis://127.0.0.1:6379/2]
The Redis database is ``--redis``, else ``PROMISE_BENCH_REDIS_URL``, else db 2; it must not be the
tests' (``PROMISE_TEST_REDIS_URL``, default dbs 14 and 15) nor the served one (``PROMISE_REDIS_URL``):
the keys the benchmark stores are deleted after each run. ``bench/run.py`` calls it too.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from serving import page_request, running_server  # noqa: E402

CLIENTS = 10
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
TEST_REDIS_DEFAULTS = ("redis://127.0.0.1:6379/14", "redis://127.0.0.1:6379/15")  # tests/test_api.py, test_hardening, test_deployment


def bench_redis_url(given: str | None = None) -> str:
    """The Redis database the benchmark may use: never the tests' nor the one a server here caches in."""
    url = given or os.environ.get("PROMISE_BENCH_REDIS_URL") or DEFAULT_REDIS
    taken = {*TEST_REDIS_DEFAULTS, os.environ.get("PROMISE_TEST_REDIS_URL"), os.environ.get("PROMISE_REDIS_URL")} - {None, ""}
    if url.rstrip("/") in {t.rstrip("/") for t in taken}:
        raise SystemExit(f"after_swap: {url} is the tests' or the server's Redis database: pass --redis or "
                         "PROMISE_BENCH_REDIS_URL naming another")
    return url


def swap_in_new_build(store: Path, build_id: str) -> None:
    staged = store.with_suffix(".staged")
    shutil.copyfile(store, staged)
    with sqlite3.connect(staged) as connection:
        connection.execute("UPDATE build SET build_id = ?", (build_id,))
    os.replace(staged, store)


def stored_key(build_id: str, path: str) -> str:
    from layouts.page_responses import canonical_key

    return f"promise:{build_id}:response:" + hashlib.sha256(json.dumps(canonical_key(path, "")).encode()).hexdigest()[:32]


def first_visitors(base: str, councils: list[str]) -> list[float]:
    def one(code: str) -> float:
        started = time.perf_counter()
        page_request(base, f"/council/{code}")
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return sorted(pool.map(one, councils))


def run(store_file: Path, redis_url: str, warm: bool) -> dict:
    import redis

    from store.location import StoreLocation
    from store.read import StoreReader

    var = Path(tempfile.mkdtemp(prefix="promise-swap-"))
    store = var / "store.sqlite"
    shutil.copyfile(store_file, store)
    reader = StoreReader(StoreLocation(f"sqlite:///{store}"))
    areas = reader.areas()
    councils = list(areas[areas["area_type"] == "council"].sort_values("area_name")["area_code"])
    last_warmed = f"/indicator/{list(reader.indicators()['indicator_id'])[-1]}"
    env = {"PROMISE_VAR_DIR": str(var), "PROMISE_STORE_URL": f"sqlite:///{store}", "PROMISE_CACHE": "redis",
           "PROMISE_REDIS_URL": redis_url, "PROMISE_WARM_PAGES": "1" if warm else "0"}
    client = redis.Redis.from_url(redis_url)
    with running_server(env) as base:
        time.sleep(5)
        build_id = f"bench-swap-{int(time.time())}-{'warm' if warm else 'cold'}"
        swapped = time.perf_counter()
        swap_in_new_build(store, build_id)
        warmed_after = None
        if warm:
            deadline = time.monotonic() + 600
            while not client.exists(stored_key(build_id, last_warmed)) and time.monotonic() < deadline:
                time.sleep(0.5)
            warmed_after = time.perf_counter() - swapped
        else:
            time.sleep(3)  # the workers notice the new build
        latencies = first_visitors(base, councils)
    shutil.rmtree(var, ignore_errors=True)
    for key in client.scan_iter(match=f"promise:{build_id}:*", count=1000):  # leave the database as found
        client.delete(key)
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {"p50": statistics.median(latencies), "p95": pick(0.95), "max": latencies[-1], "warmed_after": warmed_after}


def report(store: Path, redis_url: str) -> dict:
    """Cold then warm first visitors after a swap, printed; returns {'cold': ..., 'warm': ...}."""
    print(f"First visitors after a swap: {CLIENTS} clients, all 32 council pages ({os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d %H:%M')}; Redis {redis_url})\n")
    results = {mode: run(store, redis_url, mode == "warm") for mode in ("cold", "warm")}
    for mode, r in results.items():
        after = f"; warmed {r['warmed_after']:.0f} s after the swap" if r["warmed_after"] is not None else ""
        print(f"{mode:<5} p50 {r['p50']:>7.0f} ms  p95 {r['p95']:>7.0f} ms  max {r['max']:>7.0f} ms{after}")
    print(f"\ncold/warm: p50 {results['cold']['p50'] / results['warm']['p50']:.0f}x, p95 {results['cold']['p95'] / results['warm']['p95']:.0f}x")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "store.sqlite", help="a built SQLite store to serve")
    parser.add_argument("--redis", help=f"the Redis database to cache in (default: PROMISE_BENCH_REDIS_URL, else {DEFAULT_REDIS})")
    args = parser.parse_args()
    report(args.store, bench_redis_url(args.redis))


if __name__ == "__main__":
    main()
