"""The council report on the site: ``/council/<code>/print`` (HTML) and ``/council/<code>/report.pdf``.

Why plain Flask routes: the print view is one static document (no Dash renderer, no
callbacks), so it prints, saves and opens without JavaScript apart from drawing its
charts; the PDF is that same document printed by the process's warm Chromium.
One PDF at a time per process: a request that finds the renderer busy gets a 429
with ``Retry-After`` at once instead of holding a request thread.
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, Response

from layouts import context
from layouts.bundles import PLOTLY_ADDRESS
from layouts.parameters import ParameterError
from reports.council_report import council_report, document
from reports.renderer import DRAW_CHARTS, PdfOptions, RendererError, shared

HERE = Path(__file__).resolve().parent
RETRY_AFTER_SECONDS = 5


def _report_or_404(area_code: str):
    try:
        return council_report(context.reader(), area_code)
    except ParameterError as error:
        return Response(f"{error}\n", status=404, mimetype="text/plain")


def file_name(report) -> str:
    """'dundee-city-council-report-20261201.pdf': the council and the build's date."""
    slug = re.sub(r"[^a-z0-9]+", "-", report.name.lower()).strip("-")
    return f"{slug}-council-report-{report.build['finished_at'][:10].replace('-', '')}.pdf"


def register(server: Flask) -> None:
    plotly_url = "/" + PLOTLY_ADDRESS  # the partial plotly.js the pages load (layouts/bundles.py), cached and compressed

    @server.get("/report/draw-charts.js")
    def report_script():
        body = DRAW_CHARTS + (HERE / "draw_charts.js").read_text(encoding="utf-8")
        return Response(body, mimetype="text/javascript", headers={"Cache-Control": "public, max-age=3600"})

    @server.get("/council/<area_code>/print")
    def council_print(area_code: str):
        report = _report_or_404(area_code)
        if isinstance(report, Response):
            return report
        return Response(document(report, plotly_src=plotly_url, scripts=("/report/draw-charts.js", "/assets/print.js"),
                                 pdf_url=f"/council/{report.code}/report.pdf"), mimetype="text/html")

    @server.get("/council/<area_code>/report.pdf")
    def council_pdf(area_code: str):
        report = _report_or_404(area_code)
        if isinstance(report, Response):
            return report
        renderer = shared()
        if not renderer.busy().acquire(blocking=False):
            return Response("A report is being printed; try again in a few seconds.\n", status=429, mimetype="text/plain",
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        try:
            pdf = renderer.pdf(document(report), PdfOptions(footer=f"{report.name}: council report, build {report.build['build_id']}"))
        except RendererError:
            return Response("The report could not be printed just now; the error has been logged.\n", status=503,
                            mimetype="text/plain", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        finally:
            renderer.busy().release()
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{file_name(report)}"'})
