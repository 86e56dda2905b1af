"""Pure building blocks of every page: accessible tables, symbol legends, source notes, chart cards.

Why: every chart on every page carries the same things — the figure, an HTML table
of exactly its numbers (``<caption>``, ``<th scope>``), a legend for any symbol it
shows, its source and licence, and its downloads — so they are made in one place.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from layouts.formatting import symbol_explanations


def _content(cell):
    """A cell's content: a component as it is (a link, a flagged figure), anything else as text."""
    return cell if isinstance(cell, (Component, list)) else str(cell)


def data_table(rows: list[list], headers: list, caption: str, *, numeric: set[int] = frozenset(), table_id: str | None = None) -> html.Div:
    """An HTML table in a labelled, focusable scroll region; the first column of each row is its row header.

    Why the region: on a 390 px phone a wide table scrolls inside its own box
    (reachable by keyboard, named for screen readers) and the page never scrolls sideways."""
    head = html.Thead(html.Tr([html.Th(_content(h), scope="col", className="num" if i in numeric else None) for i, h in enumerate(headers)]))
    body = html.Tbody([
        html.Tr([html.Th(_content(row[0]), scope="row")] + [
            html.Td(_content(cell), className="num" if i + 1 in numeric else None) for i, cell in enumerate(row[1:])
        ]) for row in rows
    ])
    extra = {"id": table_id} if table_id else {}
    table = html.Table([html.Caption(caption), head, body], className="data-table", **extra)
    return scroll_region(table, caption)


def scroll_region(child, label: str) -> html.Div:
    return html.Div(child, className="table-scroll", role="region", tabIndex="0", **{"aria-label": label})


def symbol_legend(statuses) -> html.Div | None:
    explained = symbol_explanations(statuses)
    if not explained:
        return None
    return html.Div([
        html.H4("Symbols used here"),
        html.Dl([item for symbol, text in explained for item in (html.Dt(symbol), html.Dd(text.split(" ", 1)[1]))]),
    ], className="symbol-legend")


def source_note(sources, build: dict) -> html.Div:
    """Producer, title, link, licence and date of each source, and the build it came from."""
    seen = sources.drop_duplicates("source_id")
    items = [
        html.Li([html.A(row.title, href=row.url_main), f" — {row.producer}. {row.licence}. Published: {row.date_published}."])
        for row in seen.itertuples()
    ]
    return html.Div([
        html.H4("Source"), html.Ul(items),
        html.P(f"Built {build['finished_at']} (build {build['build_id']}).", className="build-note"),
    ], className="source-note")


def download_links(path: str, query: dict, *, images: bool = True) -> html.Div:
    """Plain links: they work without JavaScript and can be shared or scripted."""
    qs = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    suffix = f"?{qs}" if qs else ""
    links = [html.A("Download CSV", href=f"/download/{path}.csv{suffix}", className="download"),
             html.A("Download XLSX", href=f"/download/{path}.xlsx{suffix}", className="download")]
    if images:
        links += [html.A("Chart as PNG", href=f"/chart/{path}.png{suffix}", className="download"),
                  html.A("Chart as SVG", href=f"/chart/{path}.svg{suffix}", className="download")]
    return html.Div(links, className="downloads")


def graph(figure: go.Figure, graph_id: str, label: str, described_by: str) -> html.Figure:
    return html.Figure([
        dcc.Graph(id=graph_id, figure=figure, config={"displaylogo": False, "responsive": True}),
    ], **{"aria-label": label, "aria-describedby": described_by}, className="chart")


def chart_card(title: str, card_id: str, figure: go.Figure | None, table: html.Table, *, legend=None,
               downloads=None, notes: list | None = None, graph_id: str | None = None) -> html.Section:
    children = [html.H3(title, id=f"{card_id}-title")]
    if figure is not None:
        children.append(graph(figure, graph_id or f"{card_id}-graph", title, f"{card_id}-table"))
    children.append(html.Details([html.Summary("Table of this chart"), html.Div(table, id=f"{card_id}-table")], open=True))
    if legend is not None:
        children.append(legend)
    children.extend(notes or [])
    if downloads is not None:
        children.append(downloads)
    return html.Section(children, className="card", id=card_id, **{"aria-labelledby": f"{card_id}-title"})


def error_message(error: Exception) -> html.Div:
    """A plain message naming the bad parameter; anything unexpected is logged, never shown."""
    from layouts.parameters import ParameterError

    if isinstance(error, ParameterError):
        text = str(error)
    else:
        logging.getLogger("promise_dashboard").exception("page failed", exc_info=error)
        text = "Something went wrong while drawing this page. The error has been logged."
    return html.Div([html.H1("This page cannot be shown"), html.P(text),
                     html.P(html.A("Back to the framework", href="/"))], role="alert", className="error", id="view-error")
