"""First visit per page type in headless Chromium: bytes transferred and time until the content is shown.

What a visitor with an empty browser cache meets (issue 17 item 4: a council page
in at most 600 KB and 1.5 s). Each visit starts a new Chromium with a new profile;
the server (gunicorn, as ``promise-dashboard serve`` runs it) has seen each page
once before, so the figures are the browser's side of a first visit, not a render.

"Shown" is the moment the page's heading is in the DOM and every chart in the
first screenful (1280 x 1000) has been drawn by plotly.js, what the visitor sees;
"all drawn" when every chart on the page has been, further down included
(``performance.now()`` from the start of navigation, recorded in the page by a
script installed before any of the page's own).
Bytes are every response's ``transferSize`` (headers and compressed body) from the
Resource Timing entries, the document included, once the network has been quiet.

Run: .venv/bin/python bench/first_visit.py [--runs N] [--pages home,council]
The machine is shared and noisy: read the medians.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser_harness import make_driver  # noqa: E402 - the tests' Chromium
from serving import running_server  # noqa: E402

PAGES = {
    "home": "/",
    "council": "/council/S12000042",
    "indicator": "/indicator/looked_after_rate",
    "methodology": "/methodology",
}
SHOWN = """
window.__promiseShown = null;
window.__promiseAllDrawn = null;
(function watch() {
  const heading = document.querySelector('main h1');
  if (heading && heading.textContent && !document.querySelector('._dash-loading')) {
    const graphs = [...document.querySelectorAll('.dash-graph')];
    const drawn = g => g.querySelector('.main-svg') !== null;
    const inView = graphs.filter(g => g.getBoundingClientRect().top < window.innerHeight);
    if (window.__promiseShown === null && inView.every(drawn)) window.__promiseShown = performance.now();
    if (graphs.every(drawn)) { window.__promiseAllDrawn = performance.now(); return; }
  }
  requestAnimationFrame(watch);
})();
"""
TRANSFERRED = """
const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
return entries.map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize]);
"""


def visit(chromium: str, url: str, timeout: float = 30.0) -> dict:
    """One first visit in a new browser: {'shown_ms', 'bytes', 'resources'}."""
    driver = make_driver(chromium)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SHOWN})
        driver.get(url)
        deadline = time.monotonic() + timeout
        shown = all_drawn = None
        while all_drawn is None and time.monotonic() < deadline:
            shown, all_drawn = driver.execute_script("return [window.__promiseShown, window.__promiseAllDrawn]")
            time.sleep(0.05)
        if all_drawn is None:
            raise RuntimeError(f"{url}: content not shown within {timeout:.0f} s")
        entries, quiet_since = [], time.monotonic()
        while time.monotonic() - quiet_since < 1.0 and time.monotonic() < deadline:
            now = driver.execute_script(TRANSFERRED)
            if len(now) != len(entries):
                entries, quiet_since = now, time.monotonic()
            time.sleep(0.1)
        return {"shown_ms": float(shown), "all_drawn_ms": float(all_drawn), "bytes": sum(e[1] for e in entries),
                "resources": sorted(((e[1], e[0]) for e in entries), reverse=True)}
    finally:
        driver.quit()


def measure(base: str, pages: dict[str, str], runs: int, chromium: str) -> dict[str, list[dict]]:
    results = {name: [] for name in pages}
    for name, path in pages.items():
        visit(chromium, base + path)  # the server renders the page once: later visits meet its page cache
        for _ in range(runs):
            results[name].append(visit(chromium, base + path))
    return results


def report(results: dict[str, list[dict]], show_resources: bool = False) -> None:
    print(f"{'page':<12} {'KB':>6} {'shown ms':>9} {'min':>6} {'max':>6} {'all drawn ms':>13}  runs (medians)")
    for name, visits in results.items():
        kb = statistics.median(v["bytes"] for v in visits) / 1000
        shown = [v["shown_ms"] for v in visits]
        drawn = statistics.median(v["all_drawn_ms"] for v in visits)
        print(f"{name:<12} {kb:>6.0f} {statistics.median(shown):>9.0f} {min(shown):>6.0f} {max(shown):>6.0f} {drawn:>13.0f}  {len(visits)}")
        if show_resources:
            for size, url in visits[-1]["resources"][:8]:
                print(f"    {size / 1000:>8.1f} KB  {url.split('?')[0][-90:]}")


def load_average() -> str:
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def serve_and_report(env: dict, pages: dict[str, str] = PAGES, runs: int = 5, show_resources: bool = False) -> dict:
    """Start a server with ``env``, measure and print each page type; what ``bench/run.py`` calls."""
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    print(f"First visits in headless Chromium ({os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; "
          f"{load_average()}); {runs} visits per page, each in a new browser\n")
    with running_server({**env, "PROMISE_CACHE": "simple"}) as base:
        results = measure(base, pages, runs, chromium)
    report(results, show_resources)
    print(f"(after: {load_average()})\n")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="visits per page (each in a new browser)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"page types, comma-separated: {', '.join(PAGES)}")
    parser.add_argument("--resources", action="store_true", help="list each page's largest responses")
    parser.add_argument("--base", help="measure a server already running at this address instead of starting one")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in args.pages.split(",")}
    if args.base:
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        print(f"First visits in headless Chromium ({os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; "
              f"{load_average()}); {args.runs} visits per page, each in a new browser\n")
        report(measure(args.base, pages, args.runs, chromium), args.resources)
        return
    serve_and_report({}, pages, args.runs, args.resources)


if __name__ == "__main__":
    main()
