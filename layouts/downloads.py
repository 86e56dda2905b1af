"""CSV, XLSX and PNG/SVG of exactly what a view shows, as plain Flask routes.

Why routes, not callbacks: a link works without JavaScript, can be shared and
scripted, and is tested with an HTTP client. Files carry a metadata header (title,
source, licence, build, symbols); images carry title, subtitle, source, licence
and date drawn into them. Image size and scale are bounded and concurrent exports
limited, so an export cannot exhaust memory or browser processes.
"""
from __future__ import annotations

import csv
import io
import threading
import warnings
from datetime import date

import pandas as pd
from flask import Flask, Response, abort, request
from openpyxl import Workbook

from contract.status import SHOWN_SYMBOLS
from layouts import context
from layouts.figures import for_export, map_figure, order_for_ranking, ranking_figure, trend_figure
from layouts.formatting import format_cell, symbol_explanations
from layouts.release_words import last_updated_words
from layouts.views import ParameterError, echo_safely, council_view, indicator_view
from store.export import format_number

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


def _metadata_lines(meta: dict, view_title: str, sources: pd.DataFrame, build: dict, statuses) -> list[str]:
    lines = [f"Title: {meta['title']}", f"View: {view_title}", f"Measure: {meta['measure']}", f"Unit: {meta['unit']}",
             f"Last updated: {last_updated_words(meta)}"]
    for row in sources.drop_duplicates("source_id").itertuples():
        lines.append(f"Source: {row.title} — {row.producer} ({row.url_main}). Licence: {row.licence}")
    lines.append(f"Build: {build['build_id']} ({build['finished_at']})")
    lines += [f"Symbol {symbol}: {text}" for symbol, text in symbol_explanations(statuses)]
    return lines


def indicator_rows(view, which: str) -> tuple[str, pd.DataFrame]:
    """The rows a view shows, with status symbols (the same rows as its table)."""
    if which == "trend":
        frame, title = view.trend.sort_values(["area_code", "period"]), "trend"
    else:
        frame, title = order_for_ranking(view.ranking, view.meta), f"all councils, {view.period}"
    columns = ["area_code", "area_name", "period", "value", "ci_lower", "ci_upper", "status"]
    out = frame.reindex(columns=columns).copy()
    out["shown"] = [format_cell(v, s, int(view.meta["decimals"]), view.meta["unit"]) for v, s in zip(out["value"], out["status"])]
    for column in ("value", "ci_lower", "ci_upper"):
        out[column] = [format_number(v) if v == v and v is not None else "" for v in out[column]]
    out["status"] = [s if s != "ok" else "" for s in out["status"]]
    return title, out


def _csv(lines: list[str], frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    for line in lines:
        buffer.write(f"# {line}\n")
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


def _xlsx(lines: list[str], frame: pd.DataFrame) -> bytes:
    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        data.append(list(row))
    about = book.create_sheet("About")
    for line in lines:
        about.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _file(lines, frame, name: str, fmt: str) -> Response:
    if fmt == "csv":
        body, mimetype = _csv(lines, frame), "text/csv"
    else:
        body, mimetype = _xlsx(lines, frame), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


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
        title, frame = indicator_rows(view, which)
        lines = _metadata_lines(view.meta, title, view.sources, view.build, set(frame["status"]) | set(frame["shown"]))
        return _file(lines, frame, f"{indicator_id}-{which}", fmt)

    @server.get("/download/council/<area_code>.<fmt>")
    def council_download(area_code: str, fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        from layouts.council import summary_text_rows

        try:
            code, name, rows, info = council_view(context.reader(), area_code)
        except ParameterError as error:
            return _bad_request(error)
        table = summary_text_rows(rows)
        frame = pd.DataFrame(table, columns=["indicator", "period", name, "Scotland", f"{info['family_group']} average",
                                             "compared_with_scotland", "rank", "change_since_baseline", "direction_of_travel"])
        statuses = {symbol for row in table for cell in row for symbol in SHOWN_SYMBOLS if symbol in cell}
        lines = [f"Title: {name}: every indicator against Scotland and its LGBF family group",
                 "Source: Scottish Government; Improvement Service (LGBF); National Records of Scotland. Licence: Open Government Licence v3.0",
                 f"Build: {info['build']['build_id']} ({info['build']['finished_at']})"]
        lines += [f"Symbol {symbol}: {text}" for symbol, text in symbol_explanations(statuses)]
        return _file(lines, frame, f"council-{code}", fmt)

    @server.get("/download/context/england.<fmt>")
    def england_download(fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        from layouts import england

        reader = context.reader()
        served = reader.context()
        frame = england.download_frame(served)
        build = reader.build()
        lines = ["Title: Children looked after in England (Department for Education): England, regions and local authorities, "
                 "as context for Scotland's rate; never ranked with Scottish councils",
                 *england.provenance_lines(reader.sources()),
                 "Columns: series (shown = the year's latest release; earlier_release = England as first published; "
                 "long_series = England 1994 onwards; scotland_published_rate = Scotland's rate as the Scottish Government published it), "
                 "rate_per_1000 = DfE's rate per 10,000 divided by 10",
                 *(f"Caveat: {text}" for text in england.caveats(england.england_rows(served, "shown"),
                                                                  england.england_rows(served, "earlier_release"))),
                 f"Build: {build['build_id']} ({build['finished_at']})"]
        lines += [f"Symbol {symbol}: {text}" for symbol, text in symbol_explanations(set(frame["status"]) - {""})]
        return _file(lines, frame, "england-context", fmt)

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
