"""PNG and SVG of exactly what a view shows, drawn by the process's warm Chromium.

Why here and not with the CSV/XLSX downloads (``layouts/downloads.py``): images
are drawn by the same warm browser as the council report (``reports.renderer``),
one job at a time per process, and the web side's pages never need the browser.
Images carry title, subtitle (areas, period), source, licence and date drawn into
them; size and scale are bounded, and a request that finds the browser busy gets
a 429 at once, so an export flood can exhaust neither memory nor request threads.
"""
from __future__ import annotations

from datetime import date

from flask import Flask, Response, abort, request

from layouts import context
from layouts.figures import for_export, map_figure, ranking_figure, trend_figure
from layouts.parameters import ParameterError, parse_image_size, query_of
from layouts.views import VIEWS, indicator_view
from reports import renderer
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
EXPORT_SLOTS = renderer.JOB_SLOTS  # the renderer's one page: an image and a report PDF take turns
RETRY_AFTER_SECONDS = 5


class ExportBusy(RuntimeError):
    """The renderer is busy: a 429 at once, never a request thread held waiting.

    Why not wait: a waiting export holds one of the worker's few request threads,
    so a flood of large exports once held pages and CSV downloads for 9-15 s."""


def indicator_figure(view, which: str):
    if which == "trend":
        return trend_figure(view.trend, view.meta, show_ci=view.show_ci, periods=view.periods)
    if which == "ranking":
        return ranking_figure(view.ranking, view.meta, show_ci=view.show_ci, highlight=set(view.areas))
    return map_figure(view.ranking, view.meta, context.geojson())


def export_image(view, which: str, fmt: str, width: int = 1100, height: int | None = None, scale: float = 2.0) -> bytes:
    """A report-ready image: title, subtitle (areas, period), source, licence and date drawn in.

    The slot is taken first, so a request that gets a 429 costs nothing (a map
    figure alone is tens of milliseconds of Python holding the interpreter)."""
    if not EXPORT_SLOTS.acquire(blocking=False):
        raise ExportBusy("too many chart exports at once; try again in a few seconds")
    try:
        figure = export_figure(view, which)
        return renderer.shared().image(figure, fmt, width, height or default_height(which), scale)
    finally:
        EXPORT_SLOTS.release()


def default_height(which: str) -> int:
    return 900 if which == "ranking" else 650


def export_figure(view, which: str):
    """The view's figure with its title, subtitle, source, licence and date drawn in (Python only: no browser)."""
    meta = view.meta
    if which == "trend":
        subtitle = f"{', '.join(dict.fromkeys(view.trend['area_name']))}; {view.periods[0]} to {view.periods[-1]} ({meta.unit})"
    else:
        subtitle = f"All councils, {view.period} ({meta.unit})"
    sources = "; ".join(f"{r.producer}" for r in view.sources.drop_duplicates("source_id").itertuples())
    footer = (f"Source: {sources}.<br>Open Government Licence v3.0. [c] withheld to protect privacy; gaps are "
              f"withheld or unavailable figures. Drawn {date.today().isoformat()} from build {view.build['build_id']}.")
    return for_export(indicator_figure(view, which), title=meta.title, subtitle=subtitle, source=footer)


def register(server: Flask) -> None:
    @server.get("/chart/indicator/<indicator_id>/<which>.<fmt>")
    def indicator_chart(indicator_id: str, which: str, fmt: str):
        if which not in VIEWS or fmt not in IMAGE_FORMATS:
            abort(404)
        try:
            view = indicator_view(context.reader(), indicator_id, query_of(request.args))
            size = parse_image_size(request.args)
        except ParameterError as error:
            return Response(f"{error}\n", status=400, mimetype="text/plain")
        if which not in view.views:
            return Response(f"{view.not_offered(which)}\n", status=404, mimetype="text/plain")
        try:
            body = export_image(view, which, fmt, width=size.width, height=size.height, scale=size.scale)
        except ExportBusy as busy:
            return Response(f"{busy}\n", status=429, mimetype="text/plain", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        return Response(body, mimetype=IMAGE_FORMATS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{indicator_id}-{which}.{fmt}"'})
