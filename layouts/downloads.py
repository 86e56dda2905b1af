"""CSV, XLSX and PNG/SVG of exactly what a view shows, as plain Flask routes.

Why routes, not callbacks: a link works without JavaScript, can be shared and
scripted, and is tested with an HTTP client. Files carry a metadata header (title,
source, licence, build, symbols); images carry title, subtitle, source, licence
and date drawn into them. Image size and scale are bounded and concurrent exports
limited, so an export cannot exhaust memory or browser processes.
"""
from __future__ import annotations

import threading
import warnings
from datetime import date

from flask import Flask, Response, abort, request

from layouts import context
from layouts.download_files import all_data_file, council_file, dictionary_file, england_file, indicator_file
from layouts.figures import for_export, map_figure, ranking_figure, trend_figure
from layouts.views import ParameterError, echo_safely, council_view, indicator_view
from layouts.workbooks import XLSX_MIMETYPE, DataFile, to_csv, to_xlsx

VIEWS = ("trend", "ranking", "map")
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
WIDTH_RANGE, HEIGHT_RANGE, SCALE_RANGE = (400, 2400), (300, 2000), (1.0, 3.0)
EXPORT_SLOTS = threading.BoundedSemaphore(1)  # per worker: each export holds a Chromium page, an image and a core
RETRY_AFTER_SECONDS = 5
_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


def _ensure_image_server() -> None:
    """Keep one headless Chromium for image export (about 0.3 s an image, not 2.5 s)."""
    global _kaleido_started
    with _KALEIDO_LOCK:
        if _kaleido_started:
            return
        import atexit

        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _lower_priority_of_children()
        _kaleido_started = True


def _lower_priority_of_children(niceness: int = 10) -> None:
    """Run this process's Chromium at low CPU priority: an export flood then slows
    the exports, not the pages and downloads served beside them (Linux /proc; elsewhere a no-op)."""
    import os

    parents: dict[int, int] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    ours, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - ours
        ours |= frontier
    for pid in ours:
        try:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
        except OSError:
            pass


class ExportBusy(RuntimeError):
    """Every export slot is taken: a 429 at once, never a request thread held waiting.

    Why not wait: a waiting export holds one of the worker's few request threads,
    so a flood of large exports once held pages and CSV downloads for 9-15 s."""


def _query() -> dict:
    return {key: request.args.getlist(key) for key in request.args}


def _bad_request(error: Exception) -> Response:
    return Response(f"{error}\n", status=400, mimetype="text/plain")


def _file(data: DataFile, fmt: str) -> Response:
    """A download named for what it holds (indicator, view, areas, periods)."""
    if fmt == "csv":
        body, mimetype = to_csv(data), "text/csv"
    else:
        body, mimetype = to_xlsx(data), XLSX_MIMETYPE
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{data.name}.{fmt}"'})


_ALL_DATA: dict[tuple[str, str], tuple[str, bytes | str]] = {}
_ALL_DATA_LOCK = threading.Lock()


def _all_data(reader, build_id: str, fmt: str) -> tuple[str, bytes | str]:
    """Every observation as a file, written once per build and format in each process
    (the workbook takes a few seconds; a new build is a new key, the old one dropped)."""
    with _ALL_DATA_LOCK:
        if (build_id, fmt) not in _ALL_DATA:
            data = all_data_file(reader)
            for key in [k for k in _ALL_DATA if k[0] != build_id]:
                del _ALL_DATA[key]
            _ALL_DATA[(build_id, fmt)] = (data.name, to_csv(data) if fmt == "csv" else to_xlsx(data))
        return _ALL_DATA[(build_id, fmt)]


def _bounded(name: str, bounds: tuple[float, float], default: float, cast=int) -> float:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise ParameterError(name, f"'{echo_safely(raw[:20])}' is not a number") from None
    if not bounds[0] <= value <= bounds[1]:
        raise ParameterError(name, f"must be between {bounds[0]:g} and {bounds[1]:g}")
    return value


def indicator_figure(view, which: str):
    if which == "trend":
        return trend_figure(view.trend, view.meta, show_ci=view.show_ci, periods=view.periods)
    if which == "ranking":
        return ranking_figure(view.ranking, view.meta, show_ci=view.show_ci, highlight=set(view.areas))
    return map_figure(view.ranking, view.meta, context.geojson())


def export_image(view, which: str, fmt: str, width: int = 1100, height: int | None = None, scale: float = 2.0) -> bytes:
    """A report-ready image: title, subtitle (areas, period), source, licence and date drawn in.

    The export slot is taken first, so a request that gets a 429 costs nothing (a map
    figure alone is tens of milliseconds of Python holding the interpreter)."""
    if not EXPORT_SLOTS.acquire(blocking=False):
        raise ExportBusy("too many chart exports at once; try again in a few seconds")
    try:
        return _draw(view, which, fmt, width, height, scale)
    finally:
        EXPORT_SLOTS.release()


def _draw(view, which: str, fmt: str, width: int, height: int | None, scale: float) -> bytes:
    meta = view.meta
    if which == "trend":
        subtitle = f"{', '.join(dict.fromkeys(view.trend['area_name']))}; {view.periods[0]} to {view.periods[-1]} ({meta['unit']})"
    else:
        subtitle = f"All councils, {view.period} ({meta['unit']})"
    sources = "; ".join(f"{r.producer}" for r in view.sources.drop_duplicates("source_id").itertuples())
    footer = (f"Source: {sources}.<br>Open Government Licence v3.0. [c] withheld to protect privacy; gaps are "
              f"withheld or unavailable figures. Drawn {date.today().isoformat()} from build {view.build['build_id']}.")
    figure = for_export(indicator_figure(view, which), title=meta["title"], subtitle=subtitle, source=footer)
    height = height or (900 if which == "ranking" else 650)
    _ensure_image_server()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return figure.to_image(format=fmt, width=width, height=height, scale=scale)


def register(server: Flask) -> None:
    @server.get("/download/indicator/<indicator_id>/<which>.<fmt>")
    def indicator_download(indicator_id: str, which: str, fmt: str):
        if which not in VIEWS or fmt not in ("csv", "xlsx"):
            abort(404)
        try:
            view = indicator_view(context.reader(), indicator_id, _query())
        except ParameterError as error:
            return _bad_request(error)
        return _file(indicator_file(view, which), fmt)

    @server.get("/download/council/<area_code>.<fmt>")
    def council_download(area_code: str, fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        try:
            code, name, rows, info = council_view(context.reader(), area_code)
        except ParameterError as error:
            return _bad_request(error)
        return _file(council_file(code, name, rows, info, context.reader().sources()), fmt)

    @server.get("/download/all-data.<fmt>")
    def all_data_download(fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        reader = context.reader()
        name, body = _all_data(reader, reader.build()["build_id"], fmt)
        mimetype = "text/csv" if fmt == "csv" else XLSX_MIMETYPE
        return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})

    @server.get("/download/data-dictionary.csv")
    def dictionary_download():
        return _file(dictionary_file(), "csv")

    @server.get("/download/context/england.<fmt>")
    def england_download(fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        return _file(england_file(context.reader()), fmt)

    @server.get("/chart/indicator/<indicator_id>/<which>.<fmt>")
    def indicator_chart(indicator_id: str, which: str, fmt: str):
        if which not in VIEWS or fmt not in IMAGE_FORMATS:
            abort(404)
        try:
            view = indicator_view(context.reader(), indicator_id, _query())
            width = _bounded("width", WIDTH_RANGE, 1100)
            height = _bounded("height", HEIGHT_RANGE, None) if "height" in request.args else None
            scale = _bounded("scale", SCALE_RANGE, 2.0, cast=float)
        except ParameterError as error:
            return _bad_request(error)
        try:
            body = export_image(view, which, fmt, width=width, height=height, scale=scale)
        except ExportBusy as busy:
            return Response(f"{busy}\n", status=429, mimetype="text/plain", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        return Response(body, mimetype=IMAGE_FORMATS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{indicator_id}-{which}.{fmt}"'})
