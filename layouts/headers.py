"""Security headers on every response, and errors logged but never shown.

Why by hand rather than flask-talisman: the headers are fixed, apart from the
hashes of Dash's own inline scripts, which Dash adds as pages register (the
pages router registers a clientside callback on the first request), so they are
read at response time. No HTTPS redirect here: TLS ends at the reverse proxy.

The policy allows only this site's scripts plus the hashed inline ones; Plotly
draws inline styles and the mode bar's PNG download uses a data: URL.
"""
from __future__ import annotations

import logging

import dash
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

LOG = logging.getLogger("promise_dashboard.web")
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def content_security_policy(app: dash.Dash) -> str:
    scripts = " ".join(app.csp_hashes())  # already quoted: 'sha256-…'
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {scripts}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def register(app: dash.Dash) -> None:
    server: Flask = app.server

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.update(FIXED_HEADERS)
        response.headers["Content-Security-Policy"] = content_security_policy(app)
        return response

    @server.errorhandler(Exception)
    def log_and_hide(error: Exception):
        """A failure is logged with its trace; the visitor gets a plain message and no trace."""
        if isinstance(error, HTTPException):
            return error
        LOG.exception("unhandled error on %s %s", request.method, request.path)
        return Response("Something went wrong on our side; the error has been logged.", status=500, mimetype="text/plain")
