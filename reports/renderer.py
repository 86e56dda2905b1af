"""One warm headless Chromium, driven over the DevTools protocol, for PDFs and chart images.

Why our own: starting Chromium costs 1-2 s of this machine's two cores, and a council
pack draws dozens of images. One browser per process is started on first use and kept:
a page that already holds plotly.js draws each chart (``Plotly.toImage``) and prints
each report (``Page.printToPDF``) with no further start-up. Debian's ``chromium`` is the
only PDF and image stack (no kaleido, weasyprint or reportlab).

How: Chromium's ``--remote-debugging-pipe`` reads the protocol's JSON messages, each
ended by a NUL byte, on its file descriptor 3 and answers on 4; a ``sh`` ``exec`` puts
our pipes there, so no ``preexec_fn`` runs in a threaded server. Calls are
serialised by a lock: one page, one job at a time (callers that must not wait take
``busy()`` first). A browser that died is started again on the next call.
"""
from __future__ import annotations

import atexit
import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote



# The partial plotly.js the site serves (layouts/bundles.py; every trace type our figures use): a quarter of the
# full bundle's size, so the browser is ready sooner. Read by path: importing the web side here would cost the
# half second of imports the browser's start is meant to overlap.
PLOTLY_JS = Path(__file__).resolve().parents[1] / "vendor" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
         "--hide-scrollbars", "--font-render-hinting=none", "--remote-debugging-pipe"]
PRINT_WIDTH = 680
DRAW_CHARTS = """
window.drawCharts = function (root) {
  const charts = Array.from((root || document).querySelectorAll('[data-figure]'));
  return Promise.all(charts.map(function (element) {
    const figure = JSON.parse(element.getAttribute('data-figure'));
    element.removeAttribute('data-figure');
    return Plotly.newPlot(element, figure.data, figure.layout, {staticPlot: true, displayModeBar: false, responsive: true});
  }));
};
"""  # draws every [data-figure] chart (reports/static_html.py); the print view runs it on load, the PDF renderer before printing
SHELL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>renderer</title>
<script src="{plotly}"></script></head><body></body></html>"""
# Puts a report into the warm page and draws its charts. The page's own document stays: plotly.js keeps
# the nodes it added at start (its stylesheet in the head, its text-measuring svg in the body), without
# which every chart's text would be measured as empty and left out.
SHOW_DOCUMENT = """
window.showDocument = function (html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.title = doc.title;
  document.documentElement.lang = doc.documentElement.lang;
  document.head.querySelectorAll('[data-report]').forEach(function (n) { n.remove(); });
  doc.head.querySelectorAll('style, link[rel=stylesheet]').forEach(function (n) {
    n.setAttribute('data-report', ''); document.head.appendChild(document.adoptNode(n)); });
  Array.from(document.body.children).forEach(function (n) { if (!(n.id || '').startsWith('js-plotly-tester')) n.remove(); });
  document.body.className = doc.body.className;
  Array.from(doc.body.childNodes).forEach(function (n) {
    if (n.nodeName !== 'SCRIPT') document.body.appendChild(document.adoptNode(n)); });
  return window.drawCharts().then(function () { return document.fonts.ready; }).then(function () { return true; });
};
"""


JOB_SLOTS = threading.BoundedSemaphore(1)  # one job (a PDF or an image) at a time in this process's renderer


class RendererError(RuntimeError):
    """Chromium is missing, failed to start, or did not answer in time."""


def chromium_path() -> str | None:
    return os.environ.get("PROMISE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PdfOptions:
    """A4 portrait with 15 mm margins, backgrounds printed, page numbers in the footer."""
    footer: str = ""
    landscape: bool = False


class Renderer:
    def __init__(self, binary: str | None = None, timeout: float = 60.0) -> None:
        self.binary = binary or chromium_path()
        self.timeout = timeout
        self._lock = threading.RLock()
        self._process: subprocess.Popen | None = None
        self._buffer = b""
        self._next_id = 0
        self._session = ""
        self._events: list[dict] = []
        self._folder = Path(tempfile.mkdtemp(prefix="promise-renderer-"))

    # -- the browser's life ------------------------------------------------------------
    def _start(self) -> None:
        if self.binary is None or not Path(self.binary).exists():
            raise RendererError("Chromium not installed (apt-get install chromium), or PROMISE_CHROMIUM names no file")
        self._folder.mkdir(parents=True, exist_ok=True)  # again after a close
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        profile = self._folder / "profile"
        # nice: the browser and every process it starts run at low CPU priority, so a flood of exports
        # slows the exports, not the pages and downloads served beside them.
        command = ["/bin/sh", "-c", 'exec nice -n 10 "$@" 3<&0 4>&1 0</dev/null 1>/dev/null', "sh", self.binary, *FLAGS,
                   f"--user-data-dir={profile}", "about:blank"]
        self._process = subprocess.Popen(command, stdin=to_browser_read, stdout=from_browser_write, stderr=subprocess.DEVNULL,
                                         start_new_session=True)
        os.close(to_browser_read), os.close(from_browser_write)
        self._buffer, self._events = b"", []
        target = self._call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self._call("Page.enable")
        # A4's printable width (210 mm less 2 x 15 mm) at 96 px an inch: charts are drawn at the width they print at.
        self._call("Emulation.setDeviceMetricsOverride", {"width": PRINT_WIDTH, "height": 1000, "deviceScaleFactor": 1,
                                                          "mobile": False})
        shell = self._folder / "shell.html"
        shell.write_text(SHELL.format(plotly=PLOTLY_JS.as_uri()), encoding="utf-8")
        self._navigate(shell.as_uri())
        self._evaluate(DRAW_CHARTS + SHOW_DOCUMENT)

    def _alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                for fd in (self._to_browser, self._from_browser):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                if self._process.poll() is None:
                    self._process.terminate()
                    try:
                        self._process.wait(5)
                    except subprocess.TimeoutExpired:
                        self._process.kill()
                        self._process.wait()
                self._process = None
            shutil.rmtree(self._folder, ignore_errors=True)  # the profile and the shell page: nothing left in /tmp

    def _ensure(self) -> None:
        if not self._alive():
            self.close()
            self._start()

    # -- the protocol ---------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_browser, data):]

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise RendererError(f"Chromium did not answer within {self.timeout:.0f} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RendererError("Chromium closed its pipe (it has exited)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _call(self, method: str, params: dict | None = None, session: bool = True) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RendererError(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            if "method" in answer:
                self._events.append(answer)

    def _wait_event(self, method: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for index, event in enumerate(self._events):
                if event["method"] == method:
                    del self._events[:index + 1]
                    return event
            self._events.append(self._receive(deadline))

    def _navigate(self, url: str) -> None:
        self._events.clear()
        self._call("Page.navigate", {"url": url})
        self._wait_event("Page.loadEventFired")

    def _evaluate(self, expression: str):
        result = self._call("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RendererError(f"in the page: {details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    # -- what callers use ------------------------------------------------------------------
    def warm_up(self) -> threading.Thread:
        """Start the browser in the background (a command starts it while it reads the store and builds
        its pages: the 1-2 s of start-up overlap the work instead of adding to it). Errors surface on the next call."""
        def start() -> None:
            with self._lock:
                try:
                    self._ensure()
                except (RendererError, OSError):
                    pass

        thread = threading.Thread(target=start, name="renderer-warm-up", daemon=True)
        thread.start()
        return thread

    def busy(self) -> threading.BoundedSemaphore:
        """A slot to take without waiting (``acquire(blocking=False)``) before a call, where waiting would hold a request thread."""
        return JOB_SLOTS

    def image(self, figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        """A Plotly figure (or its dict) as PNG or SVG bytes, drawn in the warm page by ``Plotly.toImage``."""
        if fmt not in ("png", "svg"):
            raise ValueError(f"image format must be png or svg, not {fmt!r}")
        options = json.dumps({"format": fmt, "width": width, "height": height, "scale": scale})
        import plotly.io as pio  # here, not at the top: a command imports this module first, to start the browser at once

        payload = pio.to_json(figure, validate=False)
        expression = (f"(function () {{ const f = {payload}; const d = document.createElement('div'); document.body.appendChild(d);"
                      f" return Plotly.toImage({{data: f.data, layout: f.layout, config: {{}}}}, {options})"
                      f".finally(function () {{ Plotly.purge(d); d.remove(); }}); }})()")
        with self._lock:
            self._ensure()
            url = self._evaluate(expression)
        head, _, body = url.partition(",")
        return base64.b64decode(body) if head.endswith(";base64") else unquote(body).encode("utf-8")

    def pdf(self, document: str, options: PdfOptions | None = None) -> bytes:
        """An HTML document printed to PDF (A4), after every ``[data-figure]`` chart in it is drawn.

        The document's styles and body replace the last report's in the warm page (its
        scripts are not run; plotly.js, already parsed, stays), so a report costs its
        drawing and printing only."""
        options = options or PdfOptions()
        with self._lock:
            self._ensure()
            self._evaluate(f"window.showDocument({json.dumps(document)})")
            footer = ('<div style="font-size:8px;width:100%;padding:0 15mm;color:#505a5f;font-family:Arial,sans-serif;">'
                      f'{options.footer} <span style="float:right">Page <span class="pageNumber"></span> of '
                      '<span class="totalPages"></span></span></div>')
            result = self._call("Page.printToPDF", {
                "paperWidth": 8.27, "paperHeight": 11.69, "marginTop": 0.6, "marginBottom": 0.7, "marginLeft": 0.59,
                "marginRight": 0.59, "printBackground": True, "landscape": options.landscape, "displayHeaderFooter": True,
                "headerTemplate": "<span></span>", "footerTemplate": footer, "preferCSSPageSize": False,
                "generateDocumentOutline": True, "generateTaggedPDF": True,
            })
        return base64.b64decode(result["data"])


_SHARED: Renderer | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Renderer:
    """This process's warm renderer (started on first use, closed at exit)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Renderer()
            atexit.register(_SHARED.close)
        return _SHARED
