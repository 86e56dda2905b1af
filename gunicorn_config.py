"""gunicorn's settings for ``promise-dashboard serve`` (loaded with ``-c python:gunicorn_config``).

Why a config module: gunicorn answers some requests itself, before the app sees
them (a request line over ``limit_request_line`` is a 414, a malformed header a
400, an oversized header block a 431). Its stock answer is an HTML page that
quotes the offending request text and carries none of the app's security
headers. Here every such answer is a fixed plain sentence with the same
security headers as the app's own responses (``layouts/headers.FIXED_HEADERS``)
and a Content-Security-Policy that allows nothing, so no client input is ever
echoed and no response leaves without the headers.
"""
from __future__ import annotations

from gunicorn import util

from layouts.headers import FIXED_HEADERS

ERROR_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
limit_request_line = 4094  # gunicorn's default, stated: a longer request line is a 414 written by write_error below
limit_request_fields = 100
limit_request_field_size = 8190


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:  # noqa: ARG001 - mesg quotes the client's bytes
    """gunicorn's own error answer, with the security headers and without quoting the request."""
    body = f"{status_int} {reason}: the request could not be read.\n".encode("ascii", "replace")
    headers = {**FIXED_HEADERS, "Content-Security-Policy": ERROR_POLICY, "Connection": "close",
               "Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body))}
    head = f"HTTP/1.1 {int(status_int)} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    util.write_nonblock(sock, head.encode("latin-1", "replace") + body)


util.write_error = write_error  # gunicorn's workers call util.write_error (workers/base.py handle_error)
