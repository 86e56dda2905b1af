"""Requests checked before Dash sees them: callback bodies, body sizes, bundle paths.

Why: Dash trusts the body its own front end sends, so a hand-made request (an
output that has no server callback, inputs missing or of the wrong shape, a
number where the URL's text belongs, JSON nested thousands deep) ends in an
exception and a 500. Here such a request gets a 400 that names what is wrong;
what passes has exactly the outputs, inputs and states the callback declares,
with the URL parts as text. The body limit counts the bytes actually read
(Flask's ``MAX_CONTENT_LENGTH``), so a chunked body without a Content-Length
cannot grow a worker either. A script-bundle path Dash has not registered is a
404 (Dash itself raises, which was a 500).
"""
from __future__ import annotations

import dash
from dash.fingerprint import check_fingerprint
from flask import Response, request
from werkzeug.exceptions import RequestEntityTooLarge

MAX_BODY_BYTES = 64 * 1024
TEXT_PROPERTIES = {("_pages_location", "search"), ("view-url", "pathname")}  # text or nothing
REQUIRED_TEXT = {("_pages_location", "pathname")}


def _declared_outputs(output: str) -> list[tuple[str, str]]:
    """(id, property) of each output named in Dash's output key ('id.prop' or '..a.p...b.q..')."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]


def _outputs_problem(given, output: str) -> str | None:
    expected = _declared_outputs(output)
    items = given if isinstance(given, list) else [given]
    if output.startswith("..") != isinstance(given, list) or not all(isinstance(item, dict) for item in items):
        return "'outputs' must describe the callback's outputs" + (" as a list" if output.startswith("..") else "")
    if [(item.get("id"), item.get("property")) for item in items] != expected:
        return f"'outputs' must be exactly {[f'{i}.{p}' for i, p in expected]}"
    return None


def _problem(body, callback_map: dict, prefix: str) -> str | None:
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or "callback" not in callback_map.get(output, {}):
        return "'output' names no server callback of this app"
    declared = callback_map[output]
    problem = _outputs_problem(body.get("outputs"), output)
    if problem:
        return problem
    for part in ("inputs", "state"):
        given = body.get(part, [])
        expected = [(item["id"], item["property"]) for item in declared.get(part, [])]
        if not isinstance(given, list) or not all(isinstance(item, dict) for item in given):
            return f"'{part}' must be a list of objects"
        if [(item.get("id"), item.get("property")) for item in given] != expected:
            return f"'{part}' must be exactly {[f'{i}.{p}' for i, p in expected]}"
        for item in given:
            value = item.get("value")
            key = (item["id"], item["property"])
            if (key in TEXT_PROPERTIES and value is not None or key in REQUIRED_TEXT) and not isinstance(value, str):
                return f"'{item['id']}.{item['property']}' must be text"
            if key in REQUIRED_TEXT and not value.startswith(prefix):
                return f"'{item['id']}.{item['property']}' must be a path starting {prefix}"
    if not isinstance(body.get("changedPropIds", []), list):
        return "'changedPropIds' must be a list"
    return None


def _json_body():
    """The parsed body, or None when it is not JSON; JSON nested too deep to parse is not JSON."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def _too_large() -> Response:
    return Response(f"Request body too large (at most {MAX_BODY_BYTES // 1024} KB).", status=413, mimetype="text/plain")


def register(app: dash.Dash) -> None:
    update_path = f"{app.config.routes_pathname_prefix}_dash-update-component"
    suites_path = f"{app.config.routes_pathname_prefix}_dash-component-suites/"
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES  # enforced on bytes read, chunked bodies included

    @app.server.errorhandler(RequestEntityTooLarge)
    def body_too_large(_error):
        return _too_large()

    @app.server.before_request
    def check_callback_request():
        if request.path.startswith(suites_path):
            return _check_bundle_path(app, request.path[len(suites_path):])
        if request.path != update_path or request.method != "POST":
            return None
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _too_large()
        try:
            # Reads at most MAX_BODY_BYTES, whatever the framing; Werkzeug cuts a chunked body
            # at the limit without an error, so a body that fills the limit is refused.
            if len(request.get_data(cache=True)) >= MAX_BODY_BYTES:
                return _too_large()
        except RequestEntityTooLarge:
            return _too_large()
        problem = _problem(_json_body(), app.callback_map, app.config.requests_pathname_prefix)
        if problem:
            return Response(f"Bad callback request: {problem}.", status=400, mimetype="text/plain")
        return None


def _check_bundle_path(app: dash.Dash, rest: str) -> Response | None:
    package, _, fingerprinted = rest.partition("/")
    path_in_package, _ = check_fingerprint(fingerprinted)
    if path_in_package not in app.registered_paths.get(package, ()):
        return Response("No such script bundle.", status=404, mimetype="text/plain")
    return None
