"""A council's report as one HTML document: the print view on the site and the PDF.

Why one document for both: what a councillor prints from the site and what an
analyst attaches to a committee paper must be the same figures in the same words.
It is built from the council page's own pieces (``layouts.council``, ``layouts.spine``,
``layouts.components``), so a table or legend is never written twice, and turned
into static HTML (``reports.static_html``); sentences come from ``reports.sentences``.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from dash import html

from contract.status import Status
from layouts.components import source_note, symbol_legend
from layouts.council import summary_statuses, summary_table, trend_card
from layouts.site_meta import SITE
from layouts.spine import spine_card
from layouts.views import council_view
from reports.sentences import council_sentence
from reports.static_html import render

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLESHEETS = ("base.css", "print.css")
LICENCE = ("Every figure is published under the Open Government Licence v3.0 "
           "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/): you may copy, publish and adapt "
           "it, acknowledging the source named above.")


@dataclass
class CouncilReport:
    code: str
    name: str
    body: html.Div
    build: dict

    @property
    def title(self) -> str:
        return f"{self.name}: council report — {SITE}"


def _used_sources(reader, rows):
    ids = {source for row in rows for source in row.meta.sources}
    sources = reader.sources()
    return sources[sources["source_id"].isin(ids)] if ids else sources


def council_report(reader, area_code) -> CouncilReport:
    """Raises ``ParameterError`` (naming the parameter ``area``) for a code that is no council."""
    view = council_view(reader, area_code)
    code, name, rows, build = view.code, view.name, view.rows, view.build
    statuses = summary_statuses(rows) | {s for row in rows for s in set(row.trend.trend["status"])}
    body = html.Div([
        html.H1(f"{name}: keeping the promise"),
        html.P([f"A council report from the {SITE}: every indicator with open data for {name}, against Scotland and "
                f"its Local Government Benchmarking Framework family group ({view.family_label}). Figures as built on "
                f"{build['finished_at'][:10]} (build {build['build_id']}); small numbers are withheld to protect children's privacy."],
               className="lede"),
        html.P(["Online: ", html.A(f"/council/{code}", href=f"/council/{code}"), " (the same figures, with downloads)."],
               className="note report-only"),
        html.Section([html.H2("In brief", id="in-brief"),
                      html.Ul([html.Li(council_sentence(row, name)) for row in rows], className="promise-sentences")],
                     **{"aria-labelledby": "in-brief"}),
        spine_card(rows, name, code),  # titled "At a glance: …" itself; no heading above it, so chart and title fit one page
        html.Section([html.H2("Summary", id="summary-title"), summary_table(rows, name, view.family_label),
                      symbol_legend(summary_statuses(rows))], className="card", **{"aria-labelledby": "summary-title"}),
        html.Section([html.H2("Each indicator", id="each-indicator"), *[trend_card(row, code, links=False) for row in rows]],
                     **{"aria-labelledby": "each-indicator"}),
        html.Section([html.H2("Sources and licences", id="sources"), source_note(_used_sources(reader, rows), build),
                      html.P(LICENCE)], className="card", **{"aria-labelledby": "sources"}),
        html.Section([html.H2("Symbols", id="symbols"), symbol_legend(statuses | {s.value for s in Status}),
                      html.P("Ranks put 1 first by each indicator's polarity; quartiles split the ranked councils into four. "
                             "Figures from small numbers [u] are shown but never ranked, and their direction of travel is "
                             "not assessed. 'Higher', 'similar' and 'lower' than Scotland are judged by 95% confidence "
                             "intervals, only where both figures have one.", className="note")],
                     className="card", **{"aria-labelledby": "symbols"}),
    ], className="report")
    return CouncilReport(code=code, name=name, body=body, build=build)


def stylesheet() -> str:
    return "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in STYLESHEETS)


def document(report: CouncilReport, *, plotly_src: str | None = None, scripts: tuple[str, ...] = (),
             pdf_url: str | None = None) -> str:
    """The whole HTML document. With ``plotly_src`` and ``scripts`` (the site's print view) it loads plotly.js
    and the script that draws its charts; without them (the PDF) the warm renderer, which holds plotly.js
    already, draws them. ``pdf_url`` adds the links above the report (hidden in print)."""
    tags = "".join(f'<script defer src="{escape(src, quote=True)}"></script>' for src in ((plotly_src,) if plotly_src else ()) + scripts)
    links = ""
    if pdf_url:
        links = (f'<nav class="report-links" aria-label="Report"><a href="/council/{escape(report.code)}">← {escape(report.name)}: '
                 f'the council page</a> · <a href="{escape(pdf_url, quote=True)}">Download this report as PDF</a></nav>')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f"<title>{escape(report.title)}</title><style>{stylesheet()}</style>{tags}</head>"
            f'<body class="report-page"><main id="main">{links}{render(report.body)}</main></body></html>')
