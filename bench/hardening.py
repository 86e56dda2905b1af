"""The benchmark's hardening figures (issue 12): first visits after a restart, requests
held during an export flood, page latency with Redis hung, and hostile requests tried.

The same measurements as the tests (tests/test_restart.py, tests/test_hardening_server.py,
tests/test_hostile.py), reported as figures rather than asserted.
"""
from __future__ import annotations

import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from serving import page_request, running_server

ROOT = Path(__file__).resolve().parents[1]
BIGGEST_PNG = "/chart/indicator/looked_after_rate/map.png?width=2400&height=2000&scale=3"
CSV = "/download/indicator/looked_after_rate/trend.csv?areas=S12000049"
COUNCILS = ["S12000049", "S12000027", "S12000036", "S12000005", "S12000023", "S12000033"]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _bundles(env: dict) -> list[str]:
    """The page's script bundles, read from an app built in this process (same code and versions)."""
    import os

    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from app import create_app

        page = create_app().server.test_client().get("/").get_data(as_text=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)


def first_visits(env: dict, restarts: int = 3, bundles_at_once: int = 40) -> list[tuple[int, int]]:
    """(requests answered 200, requests sent) for the page plus 40 bundle requests at once, per restart."""
    bundles = _bundles(env)
    urls = ["/"] + [bundles[i % len(bundles)] for i in range(bundles_at_once)]
    results = []
    for _ in range(restarts):
        with running_server(env, wait_for_app=False) as base:
            with ThreadPoolExecutor(max_workers=len(urls)) as pool:
                statuses = list(pool.map(lambda path: _status(base + path), urls))
        results.append((statuses.count(200), len(urls)))
    return results


def export_flood(env: dict, clients: int = 10, samples: int = 15) -> dict:
    """Page and CSV latency while ``clients`` ask for the largest PNG again and again."""
    with running_server(env) as base:
        for _ in range(4):
            _status(base + BIGGEST_PNG)
            page_request(base, "/council/S12000049")
        stop, answers, lock = threading.Event(), {200: 0, 429: 0}, threading.Lock()

        def flood():
            while not stop.is_set():
                status = _status(base + BIGGEST_PNG)
                with lock:
                    answers[status] = answers.get(status, 0) + 1
                if status == 429:
                    time.sleep(0.5)

        threads = [threading.Thread(target=flood, daemon=True) for _ in range(clients)]
        pages, csvs = [], []
        for thread in threads:
            thread.start()
        try:
            time.sleep(1.0)
            for _ in range(samples):
                start = time.perf_counter()
                page_request(base, "/council/S12000049")
                pages.append(time.perf_counter() - start)
                start = time.perf_counter()
                _status(base + CSV)
                csvs.append(time.perf_counter() - start)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=180)
    return {"pages": pages, "csvs": csvs, "answers": answers}


def redis_hung(env: dict) -> dict | None:
    """Median council page uncached, and with the shared Redis paused (SIGSTOP)."""
    import shutil

    from serving import free_port

    server = shutil.which("redis-server")
    if server is None:
        return None

    def times(base: str) -> list[float]:
        page_request(base, "/council/S12000049")
        out = []
        for council in COUNCILS * 2:
            start = time.perf_counter()
            page_request(base, f"/council/{council}")
            out.append(time.perf_counter() - start)
        return out

    with running_server({**env, "PROMISE_CACHE": "null"}) as base:
        uncached = times(base)
    port = free_port()
    redis = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        with running_server({**env, "PROMISE_CACHE": "redis", "PROMISE_REDIS_URL": f"redis://127.0.0.1:{port}/0"}) as base:
            page_request(base, "/council/S12000049")
            redis.send_signal(signal.SIGSTOP)
            try:
                hung = times(base)
            finally:
                redis.send_signal(signal.SIGCONT)
    finally:
        redis.kill()
        redis.wait(timeout=10)
    return {"uncached": statistics.median(uncached), "hung": statistics.median(hung)}


def hostile_requests() -> str:
    """Runs the hostile-request tests; their summary line (1,000 generated requests plus fixed cases)."""
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_hostile.py",
                             "tests/test_hardening.py"], cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if " passed" in line or " failed" in line]
    return lines[-1] if lines else result.stdout[-300:]


def report(env: dict) -> None:
    print("HARDENING")
    for number, (ok, sent) in enumerate(first_visits(env), start=1):
        print(f"  first visit after restart {number}: {ok} of {sent} requests (page + 40 bundles at once) answered 200")
    flood = export_flood(env)
    print(f"  during an export flood (10 clients asking for the largest PNG; {flood['answers']} answers by status):")
    for name in ("pages", "csvs"):
        values = flood[name]
        print(f"    {'council page' if name == 'pages' else 'CSV download'}: median {statistics.median(values) * 1000:.0f} ms, "
              f"max {max(values) * 1000:.0f} ms over {len(values)} requests")
    hung = redis_hung(env)
    if hung is None:
        print("  Redis hung: redis-server not installed, not measured")
    else:
        print(f"  council page with Redis hung (SIGSTOP): median {hung['hung'] * 1000:.0f} ms vs {hung['uncached'] * 1000:.0f} ms "
              f"uncached ({hung['hung'] / hung['uncached']:.2f}x)")
    print(f"  hostile requests (tests/test_hostile.py, tests/test_hardening.py; none may answer 5xx): {hostile_requests()}\n")
