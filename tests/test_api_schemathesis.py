"""Property-based requests against the API's own OpenAPI document (schemathesis), in process.

Every operation gets generated parameters, valid (positive) and invalid
(negative); no response may be a 5xx, and every response must have a documented
status, content type and headers and a body that conforms to its schema. The
example count is bounded so the whole run takes well under a minute.

Why ``as_strategy`` with Hypothesis rather than ``schema.parametrize``: the
schema comes from the app built on the session's store (a fixture), and
schemathesis's lazy fixture loader does not run on pytest 9.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
OPERATIONS = ["GET /api/v1/indicators", "GET /api/v1/indicators/{indicator_id}", "GET /api/v1/areas", "GET /api/v1/data",
              "GET /api/v1/framework", "GET /api/v1/builds/latest"]


@pytest.fixture(scope="module")
def api_schema(dash_app):
    server = dash_app.server
    saved = server.config["PROMISE_API_RATE_LIMIT"]
    server.config["PROMISE_API_RATE_LIMIT"] = "1000000/minute"  # generated requests, not a client to limit
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", server)
    finally:
        server.config["PROMISE_API_RATE_LIMIT"] = saved
        server.extensions["promise_api_limiter"].reset()


def test_the_document_lists_every_operation(api_schema):
    labels = sorted(result.ok().label for result in api_schema.get_all_operations())
    assert labels == sorted(OPERATIONS)


CASES = [(label, GenerationMode.POSITIVE, {}) for label in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE, {}) for label in OPERATIONS if "{" in label or label.endswith("/data")  # the others take no input
] + [  # a real indicator, so that whole pages of rows (withheld cells included) are checked against their schema
    ("GET /api/v1/data", GenerationMode.POSITIVE, {"query": {"indicator": "looked_after_residential_count"}}),
    ("GET /api/v1/indicators/{indicator_id}", GenerationMode.POSITIVE, {"path_parameters": {"indicator_id": "looked_after_rate"}}),
]


@pytest.mark.parametrize("label, mode, fixed", CASES, ids=[f"{c[0]} {c[1].value}{' fixed' if c[2] else ''}" for c in CASES])
def test_every_operation_conforms_to_the_document(api_schema, label, mode, fixed):
    operation = api_schema.find_operation_by_label(label)
    statuses = []

    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def run(case):
        response = case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})  # compression: test_api.py
        statuses.append(response.status_code)

    run()
    assert statuses and max(statuses) < 500
    if fixed:
        assert 200 in statuses, f"{label} with {fixed}: some generated requests were answered with data"
    if mode is GenerationMode.NEGATIVE:
        assert any(400 <= s < 500 for s in statuses), f"{label}: invalid requests are refused"
