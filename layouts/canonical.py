"""One URL per view: the canonical form of a page address, and the page it names.

Why: lower-case codes, padded spaces, trailing commas, ``ci=on`` and the like
all name the same view, and each one rendered and cached separately (about
600 KB an entry), so a script could flood the cache with equivalent URLs. Every
page URL has one canonical spelling: codes upper-case, the councils sorted and
de-duplicated, flags spelled 1/0, choices lower-case, empty and unknown
parameters dropped, parameters in a fixed order. A visitor with another
spelling is redirected to it (308) and only canonical keys are cached.

The path wins over the query: a page's path variables are never also taken
from the query (``/council/S12000023?area_code=S12000027`` is Orkney, and
canonically ``/council/S12000023``).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode

from layouts.parameters import COMPARATORS, FALSE_WORDS, QUERY_PARAMETERS, TRUE_WORDS

FIXED_PAGES = {"/", "/councils", "/data-quality", "/methodology", "/accessibility", "/feedback"}
OVERVIEW = "/overview"  # the all-councils overview: its only query is the column it is sorted by
_COUNCIL = re.compile(r"^/council/([^/]+)$")
_INDICATOR = re.compile(r"^/indicator/([^/]+)$")


def page_kind(path: str) -> str | None:
    """'fixed', 'overview', 'council' or 'indicator' for a page path; None for an address that is no page."""
    if path in FIXED_PAGES:
        return "fixed"
    if path == OVERVIEW:
        return "overview"
    if _COUNCIL.match(path):
        return "council"
    if _INDICATOR.match(path):
        return "indicator"
    return None


def _areas(values: list[str]) -> str | None:
    codes = {code.strip().upper() for value in values for code in value.split(",") if code.strip()}
    return ",".join(sorted(codes)) or None


def _flag(values: list[str]) -> str | None:
    words = {value.strip().lower() for value in values}
    if words <= TRUE_WORDS:
        return "1"
    if words <= FALSE_WORDS - {""}:
        return "0"
    return None


def _indicator_query(search: str) -> str | None:
    """The canonical query of an indicator page, or None when it cannot be put right
    (a parameter given twice with different meanings, an unknown spelling: the page
    names the parameter instead)."""
    given: dict[str, list[str]] = {}
    for name, value in parse_qsl(search.lstrip("?"), keep_blank_values=True):
        if name in QUERY_PARAMETERS and value.strip():
            given.setdefault(name, []).append(value)
    canonical: dict[str, str] = {}
    for name, values in given.items():
        if name == "areas":
            value = _areas(values)
        elif name == "ci":
            value = _flag(values)
        else:
            spellings = {v.strip().lower() if name == "comparator" else v.strip() for v in values}
            value = spellings.pop() if len(spellings) == 1 else None
            if name == "comparator" and value not in COMPARATORS:
                value = None
        if value is None:
            return None
        canonical[name] = value
    return urlencode([(name, canonical[name]) for name in QUERY_PARAMETERS if name in canonical], safe=",")


def canonical(path: str, search: str) -> tuple[str, str] | None:
    """(path, search) of the canonical URL of a page, '' or '?…' for search; None when
    the address is no page or its query cannot be put right (left for the page to explain)."""
    kind = page_kind(path)
    if kind is None:
        return None
    if kind == "fixed":
        return path, ""
    if kind == "overview":
        sorts = {value.strip() for name, value in parse_qsl(search.lstrip("?"), keep_blank_values=True)
                 if name == "sort" and value.strip()}
        if len(sorts) > 1:
            return None
        return path, f"?{urlencode({'sort': sorts.pop()})}" if sorts else ""
    if kind == "council":
        code = _COUNCIL.match(path).group(1).strip().upper()
        return f"/council/{code}", ""
    query = _indicator_query(search)
    if query is None:
        return None
    return path, f"?{query}" if query else ""


PATH_VARIABLES = ("area_code", "indicator_id")  # the pages' path variables, never taken from the query


def _known_page(path: str) -> bool:
    """Whether a page path names something the store holds (an unknown council or indicator is a 404)."""
    from layouts import context
    from layouts.parameters import ParameterError
    from layouts.views import council_code, indicator_meta

    kind = page_kind(path)
    try:
        if kind == "council":
            council_code(context.reader(), _COUNCIL.match(path).group(1))
        elif kind == "indicator":
            indicator_meta(context.reader(), _INDICATOR.match(path).group(1))
    except ParameterError:
        return False
    return kind is not None


def path_variable_in_query(search: str) -> str | None:
    """The first path variable a query also names (Dash would let the query override the path)."""
    names = {name for name, _ in parse_qsl(search.lstrip("?"), keep_blank_values=True)}
    return next((name for name in PATH_VARIABLES if name in names), None)


def register(app) -> None:
    """308 to the canonical URL, 404 for an address that is no page, 400 for a query naming a path variable."""
    from flask import Response, g, redirect, request

    server = app.server
    prefix = app.config.routes_pathname_prefix.rstrip("/")
    index_rules = {f"{prefix}/", f"{prefix}/<path:path>"}

    @server.before_request
    def canonical_page_url():
        if request.method not in ("GET", "HEAD") or request.url_rule is None or request.url_rule.rule not in index_rules:
            return None
        path = request.path[len(prefix):] or "/"
        search = f"?{request.query_string.decode('latin-1')}" if request.query_string else ""
        target = canonical(path, search)
        if target is not None and target != (path, search):
            response = redirect(f"{prefix}{quote(target[0], safe='/')}{target[1]}", code=308)
            response.autocorrect_location_header = False  # a relative Location: the Host header is never echoed
            return response
        if not _known_page(path):
            g.promise_not_found = True
        return None

    update_path = f"{prefix}/_dash-update-component"

    @server.before_request
    def path_wins_over_query():
        if request.method != "POST" or request.path != update_path:
            return None
        from layouts.page_responses import page_request

        page = page_request()
        name = page and path_variable_in_query(page[1])
        if name:
            return Response(f"Bad callback request: parameter '{name}' is given by the page's path, not the query.",
                            status=400, mimetype="text/plain")
        return None

    @server.after_request
    def not_found_status(response: Response) -> Response:
        if g.pop("promise_not_found", False) and response.status_code == 200:
            response.status_code = 404  # the page shell still loads and shows "Page not found"
        return response
