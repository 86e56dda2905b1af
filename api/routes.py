"""The routes under /api/v1/, declared with spectree so that the OpenAPI document comes from them.

Why spectree with pydantic: the query models in ``api.models`` validate each
request and are, unchanged, the document's parameters; the response models are
its schemas; OpenAPI 3.1 is spectree's native output (pydantic writes JSON
Schema 2020-12). The document and a readable page rendered from it on the
server (``api.docs``) are served beside the routes, so nothing is fetched from
another site and the Content-Security-Policy needs no exception.
"""
from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import orjson
from flask import Blueprint, Response, abort, current_app, g, request
from spectree import Response as Responses
from spectree import SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin

from api import content, docs, http
from api.models import (AREA_CODE, INDICATOR_ID, ApiError, AreaList, Build, DataPage, DataQuery, Framework, Index, IndicatorDetail,
                        IndicatorList, Strict)
from layouts import context
from layouts.views import EXPORT_COLUMNS

PREFIX = "/api/v1"
ERRORS = {f"HTTP_{code}": ApiError for code in (404, 406, 413, 429)}
TAG = "open data"


class RequestValidatingFlaskPlugin(FlaskPlugin):
    """Validates requests only: responses are checked by the tests against the same models, not on every request."""

    def validate_response(self, resp, resp_model, skip_validation, force_resp_serialize):
        return super().validate_response(resp, resp_model, True, force_resp_serialize)


def _invalid_request(req, resp, req_validation_error, instance, model_adapter=None) -> None:
    """spectree's hook: a request that fails its model is a 400 naming the first parameter at fault."""
    if req_validation_error is None:
        return
    first = req_validation_error.errors()[0]
    location = [str(part) for part in first.get("loc", ()) if not isinstance(part, int)]
    parameter = location[0] if location else None
    message = first.get("msg", "invalid")
    if first.get("type") == "extra_forbidden":
        message = "is not a parameter of this route (see /api/v1/openapi.json)"
    elif "pattern" in first.get("type", ""):
        message = "has the wrong form: " + message.lower()
    raise http.ApiProblem(400, f"Parameter '{parameter}': {message}", parameter)


spec = SpecTree(
    "flask", backend=RequestValidatingFlaskPlugin, mode="strict", path="_spectree_unused", page_templates={},
    title="Promise Progress dashboard open data API", version="1",
    description=("Read-only figures on how Scotland is keeping the promise to care-experienced children, from the same "
                 "disclosure-controlled store as the dashboard: nothing that the pages and downloads would not show. "
                 "A withheld cell has \"value\": null and \"status\": \"[c]\". Open Government Licence v3.0."),
    license={"name": "Open Government Licence v3.0",
             "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    validation_error_status=400, validation_error_model=ApiError, before=_invalid_request,
    naming_strategy=lambda model: model.__name__, nested_naming_strategy=lambda parent, child: child,
)


class NoQuery(Strict):
    """This route takes no parameters."""


def _json(payload) -> Response:
    return Response(orjson.dumps(payload), mimetype=http.JSON)


@spec.validate(query=NoQuery, resp=Responses(HTTP_200=IndicatorList, HTTP_304=None, **ERRORS), tags=[TAG],
               operation_id="listIndicators")
def list_indicators():
    """Every indicator with its metadata.

    Framework position (vision statement, outcome, framework wording), unit, polarity, interval method,
    sources and licence, latest period and next release."""
    return _json(content.indicators(context.reader()))


@spec.validate(query=NoQuery, resp=Responses(HTTP_200=IndicatorDetail, HTTP_304=None, **ERRORS), tags=[TAG],
               operation_id="getIndicator", path_parameter_descriptions={"indicator_id": "An indicator id, e.g. looked_after_rate."})
def get_indicator(indicator_id: str):
    """One indicator: its metadata, definitions, caveats, series breaks and periods."""
    return _json(content.indicator(context.reader(), indicator_id))


@spec.validate(query=NoQuery, resp=Responses(HTTP_200=AreaList, HTTP_304=None, **ERRORS), tags=[TAG], operation_id="listAreas")
def list_areas():
    """Scotland and the 32 councils: code, name, type, LGBF family group and previous codes."""
    return _json(content.areas(context.reader()))


@spec.validate(query=NoQuery, resp=Responses(HTTP_200=Framework, HTTP_304=None, **ERRORS), tags=[TAG], operation_id="getFramework")
def get_framework():
    """The Promise Progress Framework: vision statements → outcomes → indicators, and which of them are computed here."""
    return _json(content.framework(context.reader()))


@spec.validate(query=NoQuery, resp=Responses(HTTP_200=Build, HTTP_304=None, **ERRORS), tags=[TAG], operation_id="getLatestBuild")
def latest_build():
    """The build being served: its id and date, and every source file with its sha256."""
    return _json(content.latest_build(context.reader()))


@spec.validate(query=DataQuery, resp=Responses(HTTP_200=DataPage, HTTP_304=None, **ERRORS), tags=[TAG], operation_id="getData")
def get_data(query: DataQuery):
    """Observations, filtered, with the export's columns, as JSON or CSV, a page at a time.

    Filter by indicator, area (repeatable), period, or from/to. Rows come in the export's order
    (indicator, area, period, dimension, category); follow next_cursor (or the Link header) for the next page.
    A withheld cell has "value": null (an empty cell in CSV) and "status": "[c]"."""
    reader = context.reader()
    build_id = reader.build()["build_id"]
    offset = content.decode_cursor(query.cursor, build_id) if query.cursor else 0
    frame = content.data_frame(reader, query)
    page = frame.iloc[offset:offset + query.limit]
    following = offset + query.limit if offset + query.limit < len(frame) else None
    next_cursor = content.encode_cursor(build_id, following) if following is not None else None
    next_url = None
    if next_cursor:
        args = [(k, v) for k in request.args for v in request.args.getlist(k) if k != "cursor"] + [("cursor", next_cursor)]
        next_url = f"{PREFIX}/data?{urlencode(args)}"
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    if g.api_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(content.csv_lines(page))
        return Response(buffer.getvalue(), mimetype=http.CSV, headers={
            **headers, "Content-Disposition": 'inline; filename="promise-data.csv"'})
    payload = {
        "build_id": build_id, "licence": "Open Government Licence v3.0", "symbols": content.symbols(page),
        "pagination": {"limit": query.limit, "returned": len(page), "total": len(frame), "next_cursor": next_cursor, "next": next_url},
        "data": content.json_rows(page),
    }
    return Response(orjson.dumps(payload), mimetype=http.JSON, headers=headers)


def index():
    return _json(Index(title=spec.config.title, openapi=f"{PREFIX}/openapi.json", docs=f"{PREFIX}/docs", routes={
        "indicators": f"{PREFIX}/indicators", "indicator": f"{PREFIX}/indicators/{{indicator_id}}", "areas": f"{PREFIX}/areas",
        "data": f"{PREFIX}/data?indicator={{indicator_id}}", "framework": f"{PREFIX}/framework", "builds": f"{PREFIX}/builds/latest",
    }).model_dump())


def openapi_document():
    return _json(openapi())


def documentation():
    return Response(docs.render(openapi()), mimetype="text/html")


def no_such_route(rest: str):
    """Any other path under /api/v1/ is a JSON 404 (not the dashboard's page for unknown paths)."""
    abort(404)


ROUTES = (
    ("/indicators", list_indicators), ("/indicators/<indicator_id>", get_indicator), ("/areas", list_areas),
    ("/framework", get_framework), ("/builds/latest", latest_build), ("/data", get_data),
    ("/", index), ("/openapi.json", openapi_document), ("/docs", documentation),
)


def make_blueprint() -> Blueprint:
    """A new blueprint per app (each test builds its own app; a registered blueprint cannot take new hooks)."""
    blueprint = Blueprint("api_v1", __name__, url_prefix=PREFIX)
    for rule, view in ROUTES:
        blueprint.add_url_rule(rule, view_func=view, methods=["GET"])
    blueprint.add_url_rule("/<path:rest>", view_func=no_such_route, methods=["GET"])
    return blueprint


def openapi() -> dict:
    """The generated document, with what spectree cannot say by itself: the CSV form of /data, the 304s' validator."""
    document = spec.spec
    if not document.get("_promise_completed"):
        data_ok = document["paths"][f"{PREFIX}/data"]["get"]["responses"]["200"]
        data_ok["content"][http.CSV] = {"schema": {"type": "string", "description": "The export's columns and cells."}}
        for path in document["paths"].values():
            for operation in path.values():
                operation["responses"]["304"] = {"description": "Not modified: the If-None-Match ETag is current."}
                operation["responses"].setdefault("200", {})["headers"] = {
                    "ETag": {"schema": {"type": "string"}, "description": "Weak validator from the build id."}}
        for parameter in document["paths"][f"{PREFIX}/indicators/{{indicator_id}}"]["get"]["parameters"]:
            if parameter["name"] == "indicator_id":
                parameter["schema"]["pattern"] = INDICATOR_ID
        for parameter in document["paths"][f"{PREFIX}/data"]["get"]["parameters"]:
            if parameter["name"] == "area":
                parameter["schema"]["items"] = {"type": "string", "pattern": AREA_CODE}
        document["servers"] = [{"url": "/"}]
        document["x-rate-limit"] = current_app.config.get("PROMISE_API_RATE_LIMIT", "")
        document["_promise_completed"] = True
    return {k: v for k, v in document.items() if not k.startswith("_")}
