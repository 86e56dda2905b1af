"""Dash components written out as plain HTML, for the print view and the PDF.

Why: the report shows the council page's own tables, legends and charts, built by
the same functions (``layouts/``); this turns those component trees into one
static document, with no Dash renderer and no callbacks. Charts become
``<div data-figure="…">`` that ``reports.renderer.DRAW_CHARTS`` (in the print view or the warm renderer) draws with
plotly.js; controls that need Dash (dropdowns, stores, locations) are left out.
"""
from __future__ import annotations

import re
from html import escape

import plotly.io as pio
from dash.development.base_component import Component


VOID = {"br", "hr", "img", "input", "meta", "link", "col", "source", "wbr"}
RENAMED_PROPS = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex", "colSpan": "colspan",
                 "rowSpan": "rowspan", "dateTime": "datetime"}
RENAMED_TAGS = {"objectel": "object", "mapel": "map"}
DROPPED = {"Dropdown", "Store", "Location", "Interval", "Loading", "Download", "Tooltip"}
_CAMEL = re.compile(r"(?<!^)([A-Z])")
_DASHED = r"-\1"  # marginTop -> margin-top
SKIPPED_PROPS = {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "setProps", "loading_state", "key"}


def _style(style: dict) -> str:
    return "; ".join(f"{_CAMEL.sub(_DASHED, k).lower()}: {v}" for k, v in style.items())


def _attributes(props: dict) -> str:
    parts = []
    for name, value in props.items():
        if name in SKIPPED_PROPS or value is None or value is False:
            continue
        name = RENAMED_PROPS.get(name, name)
        if value is True:
            parts.append(f" {name}")
            continue
        text = _style(value) if name == "style" and isinstance(value, dict) else str(value)
        parts.append(f' {name}="{escape(text, quote=True)}"')
    return "".join(parts)


def _graph(component: Component) -> str:
    figure = component.figure
    label = getattr(component, "id", None)
    extra = f' id="{escape(str(label), quote=True)}"' if label else ""
    return f'<div class="report-chart"{extra} data-figure="{escape(pio.to_json(figure, validate=False), quote=True)}"></div>'


def render(node) -> str:
    """HTML of a component tree (lists, strings and numbers as Dash renders them; text escaped)."""
    if node is None:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(render(child) for child in node)
    if not isinstance(node, Component):
        return escape(str(node))
    kind, namespace = node._type, node._namespace
    if namespace == "dash_core_components":
        if kind == "Graph":
            return _graph(node)
        if kind == "Link":
            return f'<a href="{escape(str(node.href), quote=True)}">{render(getattr(node, "children", None))}</a>'
        if kind in DROPPED:
            return ""
        raise ValueError(f"no static HTML for dcc.{kind}")
    tag = RENAMED_TAGS.get(kind.lower(), kind.lower())
    props = node.to_plotly_json()["props"]
    if tag in VOID:
        return f"<{tag}{_attributes(props)}>"
    return f"<{tag}{_attributes(props)}>{render(props.get('children'))}</{tag}>"
