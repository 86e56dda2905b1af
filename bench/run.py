"""Benchmark: build, page latency and throughput, exports, first visits and the first visitors after a swap.

Build time and memory, page latency and throughput, image export, first visits per
page type in headless Chromium (bench/first_visit.py), the first visitors after a store swap, cold
and warm (bench/after_swap.py, when Redis answers), and how store reads grow at a synthetic
data-zone scale. Prints its figures; asserts nothing.

Run: .venv/bin/python bench/run.py [--quick] [--redis URL]
The machine is shared and noisy: read medians and ratios, not single numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from serving import PAGE_CALLBACK, page_request, running_server  # noqa: E402 - the tests' server helpers
FIVE = "S12000049,S12000036,S12000047,S12000027,S12000033"
COUNCILS = ["S12000049", "S12000036", "S12000047", "S12000027", "S12000033", "S12000005", "S12000050", "S12000029"]


def callback(base: str, path: str, search: str = "") -> None:
    page_request(base, path, search)


WORKLOADS = {
    "council page": lambda base, i: callback(base, f"/council/{COUNCILS[i % len(COUNCILS)]}"),
    "indicator, 5 councils": lambda base, i: callback(base, "/indicator/looked_after_rate", f"?areas={FIVE}"),
    "ranking + map (period)": lambda base, i: callback(base, "/indicator/looked_after_community_pct", f"?period={2011 + i % 12}"),
    "ranking CSV": lambda base, i: urllib.request.urlopen(f"{base}/download/indicator/looked_after_rate/ranking.csv?period=2022", timeout=60).read(),
    "API data, 1 indicator": lambda base, i: urllib.request.urlopen(f"{base}{API_DATA}", timeout=60).read(),
}
API_DATA = "/api/v1/data?indicator=looked_after_rate"  # one indicator x Scotland and all 32 councils, every period (462 rows)
API_RATIO = ("API data, 1 indicator", "council page")  # the bound: API p95 within 2x a warm page's, at 20 clients


WRK_SCRIPT = """
local bodies = {}
local n = 0
init = function(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
end
request = function()
  n = n + 1
  local body = bodies[(n % #bodies) + 1]
  if body:sub(1, 4) == "GET " then return wrk.format("GET", body:sub(5)) end
  return wrk.format("POST", "/_dash-update-component", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %f %f %f %d %d %d\\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.duration, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def wrk_requests(name: str) -> list[str]:
    """The request bodies (or 'GET path' lines) one workload cycles through, for wrk."""
    def page(path: str, search: str = "") -> str:
        return json.dumps({**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                                       {"id": "_pages_location", "property": "search", "value": search}]})
    if name == "council page":
        return [page(f"/council/{code}") for code in COUNCILS]
    if name == "indicator, 5 councils":
        return [page("/indicator/looked_after_rate", f"?areas={FIVE}")]
    if name == "ranking + map (period)":
        return [page("/indicator/looked_after_community_pct", f"?period={year}") for year in range(2011, 2023)]
    if name == "API data, 1 indicator":
        return [f"GET {API_DATA}"]
    return ["GET /download/indicator/looked_after_rate/ranking.csv?period=2022"]


def measure_wrk(name: str, base: str, clients: int, seconds: int) -> dict:
    """Load from wrk (C, event-driven), so the client takes little of the 2 cores the server needs."""
    folder = Path(tempfile.mkdtemp())
    (folder / "load.lua").write_text(WRK_SCRIPT)
    (folder / "bodies.txt").write_text("\n".join(wrk_requests(name)) + "\n")
    result = subprocess.run(["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s",
                             "-s", str(folder / "load.lua"), base, str(folder / "bodies.txt")],
                            capture_output=True, text=True, check=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("WRK "))
    p50, p95, p99, count, micros, errors = line.split()[1:]
    return {"p50": float(p50), "p95": float(p95), "p99": float(p99), "rps": int(count) / (int(micros) / 1e6),
            "n": int(count), "errors": int(errors)}


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_until_idle(base: str) -> None:
    """Let the server finish requests queued by the last run (wrk stops sending, gunicorn keeps working)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.perf_counter()
        urllib.request.urlopen(f"{base}/_dash-layout", timeout=120).read()
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def measure(work, base: str, clients: int, requests: int) -> dict:
    def one(i):
        started = time.perf_counter()
        work(base, i)
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "rps": requests / wall, "n": requests}


def bench_build(var: Path, env: dict) -> dict:
    started = time.perf_counter()
    subprocess.run([sys.executable, "promise_cli.py", "build"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summaries = sorted((var / "reports").glob("*/summary.json"), key=lambda p: p.stat().st_mtime)
    audit = json.loads(summaries[-1].read_text())["step_seconds"].get("disclosure control and audit", 0.0) if summaries else 0.0
    return {"seconds": seconds, "peak_mb": peak_mb, "audit_seconds": audit}


def synthetic_scale(quick: bool) -> list[dict]:
    """SYNTHETIC observations (made-up numbers, never shown anywhere) at growing area counts."""
    import numpy as np
    import sqlalchemy as sa

    from store import schema as tables

    results = []
    for areas in ((350, 1400) if quick else (700, 2100, 7000)):
        path = Path(tempfile.mkdtemp()) / "synthetic.sqlite"
        engine = sa.create_engine(f"sqlite:///{path}")
        tables.metadata.create_all(engine)
        codes = [f"S01{n:06d}" for n in range(areas)]
        rng = np.random.default_rng(1)
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(tables.area.insert(), [{"area_code": c, "area_name": f"synthetic {c}", "area_type": "council", "sort_order": i} for i, c in enumerate(codes)])
            connection.execute(tables.indicator.insert(), [{
                "indicator_id": f"synthetic_{k}", "title": "synthetic", "vision_statement": "", "outcome": "", "measure": "",
                "numerator_definition": "", "denominator_definition": "", "unit": "", "decimals": 1, "polarity": "up_is_good",
                "baseline_period": "2020", "ci_method": "none", "period_type": "snapshot_31_july", "source_ids": "", "caveats": "",
                "series_breaks": "", "metadata_json": "{}", "framework_indicator": "", "companion": "", "direction_rule": "", "kind": "count"}
                for k in range(30)])
            for k in range(30):
                values = rng.integers(5, 500, size=(areas, 15))
                connection.execute(tables.observation.insert(), [{
                    "indicator_id": f"synthetic_{k}", "area_code": c, "period": str(2010 + y), "period_end": f"{2010 + y}-07-31",
                    "dimension": "all", "category": "all", "numerator": float(values[i, y]), "denominator": None,
                    "value": float(values[i, y]), "ci_lower": None, "ci_upper": None, "status": "ok", "source_id": "synthetic",
                    "vintage": "synthetic", "provisional": False, "source_ref": ""} for i, c in enumerate(codes) for y in range(15)])
        write = time.perf_counter() - started
        from store.location import StoreLocation
        from store.read import StoreReader

        reader = StoreReader(StoreLocation(f"sqlite:///{path}"))
        by_indicator = [_time(lambda: reader.observations("synthetic_3")) for _ in range(5)]
        by_area = [_time(lambda: reader.observations(area_codes=[codes[areas // 2]])) for _ in range(20)]
        results.append({"areas": areas, "rows": areas * 15 * 30, "write_s": write,
                        "one_indicator_ms": statistics.median(by_indicator) * 1000, "one_area_ms": statistics.median(by_area) * 1000})
        engine.dispose()
    return results


def _time(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests and a smaller synthetic scale")
    parser.add_argument("--only", help="workload names to run, separated by ';' (e.g. 'council page;API data, 1 indicator'); "
                                       "skips the rest, the PNG export and the synthetic scale")
    parser.add_argument("--redis", help="the Redis database after_swap caches in (default: PROMISE_BENCH_REDIS_URL, else db 2; "
                                        "never the tests')")
    parser.add_argument("--hardening-only", action="store_true", help="only the hardening figures (restart, export flood, hung Redis, hostile)")
    args = parser.parse_args()
    workloads = {name: work for name, work in WORKLOADS.items() if not args.only or name in args.only.split(";")}
    var = Path(tempfile.mkdtemp(prefix="promise-bench-"))
    env = {**os.environ, "PROMISE_VAR_DIR": str(var), "PROMISE_API_RATE_LIMIT": "100000000/minute"}  # load from one client
    env.pop("PROMISE_STORE_URL", None)
    print(f"Promise Progress dashboard benchmark ({os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')})\n")

    build = bench_build(var, env)
    print(f"build from the mirror: {build['seconds']:.1f} s, peak memory {build['peak_mb']:.0f} MB; "
          f"disclosure control and audit {build['audit_seconds']:.1f} s ({build['audit_seconds'] / build['seconds']:.0%} of the build)\n")
    from hardening import report as hardening_report

    hardening_report({**env, "PROMISE_CACHE": "simple"})
    if args.hardening_only:
        return

    warm_requests, cold_requests = (60, 10) if args.quick else (200, 30)
    use_wrk = shutil.which("wrk") is not None
    print("load generator: " + ("wrk (C; Debian package wrk)" if use_wrk else
          "Python threads (install Debian's wrk for figures less limited by the client, which shares the cores)") + "\n")
    rows = []
    shared = "redis" if redis_answers() else "filesystem"
    for label, cache in ((f"warm ({shared} cache, 2 workers)", shared), ("cold (no cache)", "null")):
        with running_server({**env, "PROMISE_CACHE": cache, "PROMISE_CACHE_DIR": str(var / "cache")}) as base:
            for name, work in workloads.items():
                if cache != "null":
                    for i in range(len(COUNCILS) + 12):
                        work(base, i)  # every key the workload uses, into the cache both workers share
                for clients in (1, 10, 20):
                    wait_until_idle(base)
                    if use_wrk:
                        result = measure_wrk(name, base, clients, seconds=5 if args.quick else 15)
                    else:
                        result = measure(work, base, clients, warm_requests if cache != "null" else cold_requests)
                    rows.append((label, name, clients, result))
            if cache != "null" and not args.only:
                png = [_time(lambda: urllib.request.urlopen(f"{base}/chart/indicator/looked_after_rate/trend.png?areas={FIVE}", timeout=120).read())
                       for _ in range(6)]
                pdf = [_time(lambda: urllib.request.urlopen(f"{base}/council/S12000042/report.pdf", timeout=120).read())
                       for _ in range(4)]
    print(f"{'cache':<32} {'workload':<24} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}")
    for label, name, clients, r in rows:
        errors = f"  {r['errors']} errors" if r.get("errors") else ""
        print(f"{label:<32} {name:<24} {clients:>7} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} {r['rps']:>7.1f}{errors}")
    warm = {(n, c): r for l, n, c, r in rows if l.startswith("warm")}
    cold = {(n, c): r for l, n, c, r in rows if l.startswith("cold")}
    print("\ncold/warm p50 ratio at 1 client: " + ", ".join(
        f"{n} {cold[(n, 1)]['p50'] / warm[(n, 1)]['p50']:.0f}x" for n in workloads))
    if all((n, 20) in warm for n in API_RATIO):
        api, page = (warm[(n, 20)] for n in API_RATIO)
        print(f"warm API data / warm council page at 20 clients: p95 {api['p95']:.1f} / {page['p95']:.1f} ms = "
              f"{api['p95'] / page['p95']:.2f}x (target within 2x); p50 {api['p50'] / page['p50']:.2f}x")
    if args.only:
        return
    print(f"PNG export (warm image server): median {statistics.median(png[1:]):.2f} s, first {png[0]:.2f} s")
    print(f"council report PDF (same warm browser): median {statistics.median(pdf[1:]):.2f} s, first {pdf[0]:.2f} s\n")

    import first_visit

    first_visit.serve_and_report(env, runs=3 if args.quick else 7)
    if redis_answers():
        import after_swap

        after_swap.report(var / "store.sqlite", after_swap.bench_redis_url(args.redis))
        print()
    else:
        print("after a swap: skipped (no Redis at 127.0.0.1:6379)\n")

    print("SYNTHETIC data-zone scale (made-up numbers): 30 indicators x 15 years")
    scale = synthetic_scale(args.quick)
    for r in scale:
        print(f"  {r['areas']:>5} areas, {r['rows']:>9,} rows: write {r['write_s']:.1f} s; one indicator (all areas) "
              f"{r['one_indicator_ms']:.0f} ms; one area (all indicators) {r['one_area_ms']:.1f} ms")
    first, last = scale[0], scale[-1]
    growth = last["rows"] / first["rows"]
    print(f"  rows x{growth:.0f}: write x{last['write_s'] / first['write_s']:.1f}, one indicator x"
          f"{last['one_indicator_ms'] / first['one_indicator_ms']:.1f}, one area x{last['one_area_ms'] / first['one_area_ms']:.1f}")


if __name__ == "__main__":
    main()
