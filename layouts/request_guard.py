"""Callback requests checked against the app's own callbacks before Dash sees them.

Why: Dash trusts the body its own front end sends, so a hand-made request (an
output that has no server callback, inputs missing or of the wrong shape, a
number where the URL's text belongs) ends in an exception and a 500. Here such a
request gets a 400 that names what is wrong; what passes has exactly the inputs
and states the callback declares, with the URL parts as text.
"""
from __future__ import annotations

import dash
from flask import Response, request

MAX_BODY_BYTES = 64 * 1024
TEXT_PROPERTIES = {("_pages_location", "search"), ("view-url", "pathname")}  # text or nothing
REQUIRED_TEXT = {("_pages_location", "pathname")}


def _problem(body, callback_map: dict, prefix: str) -> str | None:
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or "callback" not in callback_map.get(output, {}):
        return "'output' names no server callback of this app"
    declared = callback_map[output]
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


def register(app: dash.Dash) -> None:
    update_path = f"{app.config.routes_pathname_prefix}_dash-update-component"

    @app.server.before_request
    def check_callback_request():
        if request.path != update_path or request.method != "POST":
            return None
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return Response("Callback request too large.", status=413, mimetype="text/plain")
        problem = _problem(request.get_json(silent=True), app.callback_map, app.config.requests_pathname_prefix)
        if problem:
            return Response(f"Bad callback request: {problem}.", status=400, mimetype="text/plain")
        return None
