"""Hostile requests: random, overlong, Unicode, SQL and script injection, duplicated
parameters, hand-made callback bodies, bad or missing ``outputs``, JSON nested
thousands deep, bodies without a Content-Length (as chunked ones arrive), and
unknown or traversal paths under ``/_dash-component-suites/``. None may cause a
5xx, and no request's markup may come back unescaped. (Generated with
hypothesis; 1,000 requests.)"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

MARKER = "<script>pp1</script>"
ATTACKS = [
    MARKER, f"\"'>{MARKER}", f"S12000049{MARKER}", "' OR '1'='1", "1; DROP TABLE observation; --",
    "../../../../etc/passwd", "%00", "\u202e\u0000\ufeff", "S12000049,S12000049,S12000049", "looked_after_rate",
    "2020", "2020-21", "-1", "1e309", "NaN", "{{7*7}}", "${jndi:ldap://x}", "x" * 5000, "🙂" * 300,
]
INDICATORS = ["looked_after_rate", "looked_after_community_pct", "cp_register_rate"]
text = st.one_of(st.sampled_from(ATTACKS), st.text(max_size=60), st.sampled_from(INDICATORS + ["S12000049", "S12000036"]))
PARAMETERS = ["areas", "period", "ci", "comparator", "width", "height", "scale", "view", "junk"]
query = st.lists(st.tuples(st.sampled_from(PARAMETERS), text), max_size=6)  # duplicates included


def _search(pairs) -> str:
    return ("?" + urlencode(pairs)) if pairs else ""


get_paths = st.one_of(
    st.builds(lambda s, q: f"/indicator/{quote(s, safe='')}{_search(q)}", text, query),
    st.builds(lambda s, q: f"/council/{quote(s, safe='')}{_search(q)}", text, query),
    st.builds(lambda s, w, f, q: f"/download/indicator/{quote(s, safe='')}/{w}.{f}{_search(q)}",
              text, st.sampled_from(["trend", "ranking", "map", "x"]), st.sampled_from(["csv", "xlsx", "pdf"]), query),
    st.builds(lambda s, f, q: f"/download/council/{quote(s, safe='')}.{f}{_search(q)}", text, st.sampled_from(["csv", "xlsx"]), query),
    # chart exports: an out-of-bounds size or a bad view/format, so no image is drawn (drawing is tested elsewhere)
    st.builds(lambda s, w, q: f"/chart/indicator/{quote(s, safe='')}/{w}.png?width=99999&{urlencode(q)}",
              text, st.sampled_from(["trend", "ranking", "map"]), query),
    st.builds(lambda s: f"/{quote(s, safe='/')}", text),
    # script bundles: unknown packages, unknown files, traversal (raw and encoded)
    st.builds(lambda package, rest: f"/_dash-component-suites/{package}/{rest}",
              st.sampled_from(["os", "sys", "dash", "plotly", "dash/dcc", "..", "%2e%2e", "settings", "app"]),
              st.one_of(st.sampled_from(["x.js", "../../app.py", "%2e%2e/%2e%2e/settings.py", "dash-renderer/../../__init__.py",
                                         "deps/react@18.v9_9_9m1.3.1.min.js", "dcc/async-graph.js", "..%2f..%2fapp.py"]),
                        st.builds(lambda t: quote(t, safe="/"), text))),
)


def _page_body(pathname, search):
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


@dataclass(frozen=True)
class RawBody:
    """A body sent as bytes: deep nesting that json.dumps cannot write, and bodies sent without
    a Content-Length, read to their end as a chunked body is."""
    text: str
    without_length: bool


json_values = st.recursive(st.none() | st.booleans() | st.integers() | text, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
callback_bodies = st.one_of(
    st.builds(lambda p, q: _page_body(f"/indicator/{p}", _search(q)), text, query),
    st.builds(lambda p, q: _page_body(f"/council/{p}", _search(q)), text, query),
    st.builds(lambda p, s: _page_body(p, s), json_values, json_values),
    st.builds(lambda a, p, r: {"output": "..view-url.search...areas-picker.value...areas-limit.children..",
                               "outputs": [{"id": "view-url", "property": "search"}, {"id": "areas-picker", "property": "value"},
                                           {"id": "areas-limit", "property": "children"}],
                               "inputs": [{"id": "areas-picker", "property": "value", "value": a},
                                          {"id": "period-picker", "property": "value", "value": p}],
                               "state": [{"id": "rendered-state", "property": "data", "value": r}],
                               "changedPropIds": ["areas-picker.value"]}, json_values, json_values, json_values),
    st.builds(lambda c, cur: {"output": "view-url.pathname", "outputs": {"id": "view-url", "property": "pathname"},
                              "inputs": [{"id": "council-picker", "property": "value", "value": c}],
                              "state": [{"id": "view-url", "property": "pathname", "value": cur}],
                              "changedPropIds": ["council-picker.value"]}, json_values, json_values),
    json_values,  # not a callback body at all
    st.dictionaries(st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"]), json_values),
    # a valid page request with bad or missing outputs
    st.builds(lambda p, outputs: {k: v for k, v in {**_page_body(p, ""), "outputs": outputs}.items() if outputs != "missing"},
              st.sampled_from(["/", "/councils", "/council/S12000049"]),
              st.one_of(st.just("missing"), json_values, st.lists(st.fixed_dictionaries({"id": text, "property": text}), max_size=3))),
    # JSON nested thousands deep, with and without a Content-Length
    st.builds(lambda depth, kind, chunked: RawBody("[" * depth + "]" * depth if kind == "list" else '{"a":' * depth + "1" + "}" * depth,
                                                  chunked), st.integers(1000, 20000), st.sampled_from(["list", "object"]), st.booleans()),
    # any body, sent without a Content-Length (chunked), including ones over the 64 KB limit
    st.builds(lambda body, pad, chunked: RawBody(json.dumps(body) + " " * pad, chunked),
              json_values, st.sampled_from([0, 10, 70_000, 300_000]), st.just(True)),
)


def _check(response, sent: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {sent[:300]!r}"
    body = response.get_data().decode("utf-8", "replace")  # xlsx and png are binary (and zipped: nothing to reflect)
    assert MARKER not in body and "<script>pp1" not in body, f"markup reflected for {sent[:300]!r}"


# Each sweep sends 500 requests in the full suite and 100 in the fast layer (-m "not slow"); derandomized,
# so a run repeats the one before it.
SWEEPS = [pytest.param(100, id="100"), pytest.param(500, id="500", marks=pytest.mark.slow)]


def _sweep(examples: int):
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.mark.parametrize("examples", SWEEPS)
def test_hostile_urls_give_no_5xx_and_reflect_nothing(client, examples):
    @_sweep(examples)
    @given(path=get_paths)
    def sweep(path):
        _check(client.get(path), path)

    sweep()


@pytest.mark.parametrize("examples", SWEEPS)
def test_hostile_callback_bodies_give_no_5xx_and_reflect_nothing(client, examples):
    @_sweep(examples)
    @given(body=callback_bodies)
    def sweep(body):
        _send_callback(client, body)

    sweep()


def _send_callback(client, body) -> None:
    if not isinstance(body, RawBody):
        sent = json.dumps(body)
        _check(client.post("/_dash-update-component", data=sent, content_type="application/json"), sent)
    elif body.without_length:
        response = client.post("/_dash-update-component", input_stream=io.BytesIO(body.text.encode()),
                               content_type="application/json", environ_overrides={"wsgi.input_terminated": True})
        _check(response, body.text[:300])
    else:
        _check(client.post("/_dash-update-component", data=body.text, content_type="application/json"), body.text[:300])


@pytest.mark.parametrize("sent", ["not json", "", "[1,2", "\xff\xfe"])
def test_unparseable_callback_bodies_are_a_400(client, sent):
    assert client.post("/_dash-update-component", data=sent, content_type="application/json").status_code == 400


def test_a_callback_body_that_names_no_server_callback_is_a_400_naming_it(client):
    response = client.post("/_dash-update-component", json={"output": "_pages_dummy.children", "inputs": []})
    assert response.status_code == 400 and "'output' names no server callback" in response.get_data(as_text=True)


def test_an_oversized_callback_body_is_refused(client):
    response = client.post("/_dash-update-component", data="[" + "1," * 40000 + "1]", content_type="application/json")
    assert response.status_code == 413
