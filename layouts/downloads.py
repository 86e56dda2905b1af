"""CSV and XLSX of exactly what a view shows, as plain Flask routes.

Why routes, not callbacks: a link works without JavaScript, can be shared and
scripted, and is tested with an HTTP client. Files carry a metadata header (title,
source, licence, build, symbols). The PNG/SVG images of the same views are drawn
by the warm browser in ``reports/images.py``.
"""
from __future__ import annotations

import threading

from flask import Flask, Response, abort, request

from layouts import context
from layouts.download_files import all_data_file, council_file, dictionary_file, england_file, indicator_file
from layouts.parameters import ParameterError, query_of
from layouts.views import VIEWS, council_view, indicator_view
from layouts.workbooks import XLSX_MIMETYPE, DataFile, to_csv, to_xlsx


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


def register(server: Flask) -> None:
    @server.get("/download/indicator/<indicator_id>/<which>.<fmt>")
    def indicator_download(indicator_id: str, which: str, fmt: str):
        if which not in VIEWS or fmt not in ("csv", "xlsx"):
            abort(404)
        try:
            view = indicator_view(context.reader(), indicator_id, query_of(request.args))
        except ParameterError as error:
            return _bad_request(error)
        if which not in view.views:
            return Response(f"{view.not_offered(which)}\n", status=404, mimetype="text/plain")
        return _file(indicator_file(view, which), fmt)

    @server.get("/download/council/<area_code>.<fmt>")
    def council_download(area_code: str, fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        try:
            view = council_view(context.reader(), area_code)
        except ParameterError as error:
            return _bad_request(error)
        return _file(council_file(view, context.reader().sources()), fmt)

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
