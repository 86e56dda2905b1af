"""Least privilege: security headers on every response, no trace ever shown, debug off,
no endpoint that writes, the store opened read-only."""
from __future__ import annotations

import logging

import pytest

from layouts import context

PAGES = ["/", "/indicator/looked_after_rate", "/_dash-layout", "/assets/base.css",
         "/download/indicator/looked_after_rate/trend.csv", "/download/indicator/nope/trend.csv", "/no/such/page"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy and "object-src 'none'" in policy
    script_sources = next(part for part in policy.split("; ") if part.startswith("script-src")).split()
    assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources


def test_the_policy_allows_exactly_the_inline_scripts_the_index_carries(client, dash_app):
    import base64
    import hashlib
    import re

    response = client.get("/")
    html = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)  # IE-only conditional comments never run
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
    assert inline, "Dash's index has inline scripts"
    policy = response.headers["Content-Security-Policy"]
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy, f"inline script not allowed by the policy: {script[:80]!r}"


def test_an_unexpected_error_is_logged_and_never_shown(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail /var/store.sqlite")

    monkeypatch.setattr(context, "reader", broken)
    with caplog.at_level(logging.ERROR):
        response = client.get("/download/indicator/looked_after_rate/trend.csv")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "has been logged" in body
    assert "Traceback" not in body and "secret internal detail" not in body and "store.sqlite" not in body
    assert any("secret internal detail" in record.getMessage() or (record.exc_info and "secret internal detail" in str(record.exc_info[1]))
               for record in caplog.records), "the error is in the log"


def test_debug_is_off_unless_dev(dash_app):
    import promise_cli

    assert dash_app.server.debug is False
    assert promise_cli.parser().parse_args(["serve"]).dev is False, "gunicorn, not the debugging dev server, by default"


def test_no_endpoint_accepts_a_write(dash_app):
    """Every route is GET/HEAD/OPTIONS, except Dash's callback dispatch (which only computes a view)."""
    writers = {rule.rule for rule in dash_app.server.url_map.iter_rules() if set(rule.methods) - {"GET", "HEAD", "OPTIONS"}}
    assert writers <= {"/_dash-update-component"}, writers


def test_the_app_cannot_write_to_its_store(store_reader):
    import sqlalchemy as sa

    with pytest.raises(sa.exc.DBAPIError, match="(?i)read.only|readonly"):
        with store_reader.engine().begin() as connection:
            connection.execute(sa.text("DELETE FROM observation"))
