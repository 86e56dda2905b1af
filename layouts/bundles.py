"""Script bundles, light: a partial plotly.js and every bundle brotli-compressed at its smallest.

Why: a first visit to a council page moved 1.7 MB, 1.4 MB of it the full plotly.js
(every trace type, maps included, 4.8 MB unpacked) and the rest Dash's bundles
compressed on each request at flask-compress's quick levels. The pages draw only
``scatter`` and ``bar`` traces (the map is filled scatter polygons), so dcc's Graph
gets plotly.js's *basic* partial bundle (scatter, bar, pie: 1.2 MB unpacked, 329 KB
as brotli), vendored from npm at the version the installed plotly embeds
(``vendor/README.md``), at the very address the Dash renderer loads plotly.js from
(``_dash-component-suites/plotly/package_data/plotly.min.js``, fixed in its code).

Dash's own bundles are compressed once at brotli's highest level (about 15% smaller
than per-request compression, and no compression work per request), in a background
thread at low priority, kept in ``var/compressed/<sha256>.br`` so workers and
restarts share them; until a bundle's copy is ready it is served as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pkgutil
import re
import sys
import threading
from pathlib import Path

import brotli
import dash
from dash.fingerprint import check_fingerprint
from flask import Response, request

LOG = logging.getLogger("promise_dashboard.web")
VENDOR = Path(__file__).resolve().parents[1] / "vendor" / "plotly.js-basic-dist-min"
PLOTLY_JS = VENDOR / "plotly-basic.min.js"
PLOTLY_JS_BROTLI = VENDOR / "plotly-basic.min.js.br"
PLOTLY_ADDRESS = "_dash-component-suites/plotly/package_data/plotly.min.js"  # dash-renderer's window._dashPlotlyJSURL
JAVASCRIPT = "application/javascript"
BROTLI_QUALITY = 11


def bundle_version(text: str) -> str:
    """The plotly.js version a bundle's banner names (``plotly.js (basic - minified) v4.1.1``)."""
    found = re.search(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)", text[:500])
    if not found:
        raise ValueError("no plotly.js version in the bundle's banner")
    return found.group(1)


def bundle_traces(text: str) -> set[str]:
    """The trace types a plotly.js bundle registers."""
    return set(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', text))


def expected_version() -> str:
    """The plotly.js version the installed plotly (and so dcc's Graph) is built against."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def accepts_brotli() -> bool:
    return any(part.split(";")[0].strip() == "br" for part in request.headers.get("Accept-Encoding", "").split(","))


def _javascript(body: bytes, etag: str, brotli_body: bool, max_age: int) -> Response:
    response = Response(body, mimetype=JAVASCRIPT)
    if brotli_body:
        response.headers["Content-Encoding"] = "br"  # flask-compress leaves an encoded response alone
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(f"{etag}{':br' if brotli_body else ''}")
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)


class CompressedBundles:
    """Brotli copies of Dash's registered script bundles, made once (in memory, and on disk in ``folder``)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.ready: dict[tuple[str, str], tuple[bytes, str]] = {}  # (package, path) → (brotli body, sha256)
        self.finished = threading.Event()

    def compress_all(self, registered: dict[str, set[str]]) -> None:
        """Every page's bundles first, then the ones loaded on demand (``async-*``); not plotly's
        full bundle (never sent: the vendored one is) nor dash_table's (no page uses it)."""
        lowest_priority_for_this_thread()
        wanted = [(package, path) for package, paths in registered.items() for path in paths
                  if path.endswith(".js") and package in sys.modules and package != "plotly" and "dash_table/" not in path]
        for package, path in sorted(wanted, key=lambda item: ("/async-" in item[1], item)):
            try:
                self.ready[(package, path)] = self._compressed(pkgutil.get_data(package, path))
            except Exception as exc:  # noqa: BLE001 - a bundle left uncompressed is served as before
                LOG.warning("could not compress %s/%s: %s", package, path, exc)
        self.finished.set()

    def _compressed(self, raw: bytes) -> tuple[bytes, str]:
        digest = hashlib.sha256(raw).hexdigest()
        kept = self.folder / f"{digest}.br" if self.folder else None
        if kept is not None and kept.is_file():
            return kept.read_bytes(), digest
        body = brotli.compress(raw, quality=BROTLI_QUALITY)
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
            partial.write_bytes(body)
            os.replace(partial, kept)  # atomic: another worker reads a whole file or none
        return body, digest


def lowest_priority_for_this_thread() -> None:
    """Background work yields the CPU to requests (Linux: a thread's nice value is its own)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


UNUSED_LIBRARY = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/dash_table/[^"]*"></script>\n?')


def register(app: dash.Dash, compressed_folder: Path | None) -> CompressedBundles:
    """Serve the vendored plotly.js and the bundles' brotli copies; leave out dash_table's bundle.

    Register after ``request_guard`` (which refuses a path Dash did not register, and
    Dash registers the plotly.js address) and start ``compress_in_background`` once
    Dash's setup has registered its bundles."""
    version, wanted = bundle_version(PLOTLY_JS.read_text(encoding="utf-8", errors="replace")[:500]), expected_version()
    if version != wanted:
        LOG.warning("vendored plotly.js is %s but the installed plotly expects %s: see vendor/README.md", version, wanted)
    plotly_raw, plotly_brotli = PLOTLY_JS.read_bytes(), PLOTLY_JS_BROTLI.read_bytes()
    plotly_etag = hashlib.sha256(plotly_raw).hexdigest()[:20]
    suites = f"{app.config.routes_pathname_prefix}_dash-component-suites/"
    plotly_path = app.config.routes_pathname_prefix + PLOTLY_ADDRESS
    bundles = CompressedBundles(compressed_folder)
    app.server.extensions["promise_bundles"] = bundles  # for tests: which copies are ready

    @app.server.before_request
    def serve_bundle():
        if request.method not in ("GET", "HEAD") or not request.path.startswith(suites):
            return None
        brotli_body = accepts_brotli()
        if request.path == plotly_path:
            return _javascript(plotly_brotli if brotli_body else plotly_raw, plotly_etag, brotli_body, max_age=3600)
        package, _, fingerprinted = request.path[len(suites):].partition("/")
        path, fingerprinted_now = check_fingerprint(fingerprinted)
        copy = bundles.ready.get((package, path)) if brotli_body else None
        if copy is None:
            return None  # Dash serves it, flask-compress compresses it
        body, digest = copy
        return _javascript(body, digest[:20], True, max_age=31536000 if fingerprinted_now else 0)

    interpolate = app.interpolate_index

    def without_unused_library(**parts):
        """No page draws a dash_table DataTable: its 34 KB bundle is not sent (Dash adds it to every page)."""
        return interpolate(**{**parts, "scripts": UNUSED_LIBRARY.sub("", parts.get("scripts", ""))})

    app.interpolate_index = without_unused_library
    return bundles


def compress_in_background(app: dash.Dash, bundles: CompressedBundles) -> threading.Thread:
    thread = threading.Thread(target=bundles.compress_all, args=({k: set(v) for k, v in app.registered_paths.items()},),
                              name="compress-bundles", daemon=True)
    thread.start()
    return thread
