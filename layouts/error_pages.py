"""Error answers a person can read, with the right status; scripts still get plain text.

Why: a visitor who follows a bad link, sends a form twice or meets a busy
server should see the site's header, a sentence saying what happened and a way
on, not "405 Method Not Allowed" in Werkzeug's words; a script or API client
(curl, R, Python) should keep getting a short text it can log (the API keeps its
JSON problems). The page is plain HTML with the site's stylesheet, no
JavaScript: an error must not cost the 1 MB a Dash page costs, and it must work
when the app itself is what failed. The status code never changes, and a 429
keeps its ``Retry-After``.

An address that is no page keeps Dash's shell with a 404 (``canonical``): it
shows the same "Page not found" and its title says so (``site_meta``).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from layouts.site_meta import SITE, titled

HUMAN_CODES = (400, 404, 405, 413, 429, 500)
WORDS = {
    400: ("This address has a mistake in it", "Part of the address or the request could not be understood."),
    404: ("Page not found", "There is no page at this address. It may have been mistyped or moved."),
    405: ("This page cannot take that kind of request", "The page exists, but it cannot be sent a form or changed from outside."),
    413: ("The request was too large", "The request sent more data than this site accepts."),
    429: ("Too many requests at once", "The site is busy with requests like this one."),
    500: ("Something went wrong on our side", "The error has been logged. Please try again in a minute."),
}
_WERKZEUG_PAGE = re.compile(rb"^<!doctype html>\s*<html lang=en>\s*<title>\d{3} ")


def wants_html() -> bool:
    """A browser asks for HTML first; curl, scripts and Dash's own requests do not (``*/*`` is not a preference)."""
    accept = request.accept_mimetypes
    return accept["text/html"] > max(accept["text/plain"], accept["application/json"])


def _detail(response: Response, code: int) -> str | None:
    """The plain sentence our own code gave (naming the parameter), never Werkzeug's generic HTML."""
    if response.mimetype != "text/plain" or code == 500:
        return None
    text = response.get_data(as_text=True).strip()
    return text if 0 < len(text) <= 2000 else None


def _stylesheet(server: Flask) -> str:
    css = Path(server.root_path, "assets", "base.css")
    stamp = int(css.stat().st_mtime) if css.is_file() else 0
    return f"/assets/base.css?m={stamp}"


def error_page(code: int, detail: str | None = None, retry_after: str | None = None, stylesheet: str = "/assets/base.css") -> str:
    heading, sentence = WORDS[code]
    more = f"<p>{html.escape(detail)}</p>" if detail else ""
    if retry_after and retry_after.isdigit():
        more += f"<p>Please try again in {int(retry_after)} seconds.</p>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(titled(heading))}</title>
<link rel="stylesheet" href="{html.escape(stylesheet)}">
</head>
<body>
<a href="#main" class="skip-link">Skip to main content</a>
<header class="site-header"><a href="/" class="site-name">{SITE}</a>
<nav aria-label="Main"><ul><li><a href="/">Framework</a></li><li><a href="/councils">Councils</a></li>
<li><a href="/methodology">Methodology</a></li><li><a href="/feedback">Feedback</a></li></ul></nav></header>
<main id="main" tabindex="-1"><div role="alert" id="view-error" class="error">
<h1>{heading}</h1>
<p>{sentence}</p>
{more}
<p>Error {code}. <a href="/">Back to the framework</a> or tell us through the <a href="/feedback">feedback page</a>.</p>
</div></main>
</body>
</html>
"""


def register(server: Flask) -> None:
    """Register after ``Compress`` (the body is replaced before it is compressed) and after the API,
    whose JSON problems are left alone."""
    stylesheet = _stylesheet(server)

    @server.errorhandler(HTTPException)
    def plain_http_error(error: HTTPException):
        """Werkzeug's HTML page becomes a plain sentence; browsers get the human page below."""
        if request.path.startswith("/api/"):
            return error
        return Response(f"{error.code} {error.name}: {error.description}\n", status=error.code, mimetype="text/plain",
                        headers=dict(error.get_headers()) | {"Content-Type": "text/plain; charset=utf-8"})

    @server.after_request
    def human_error_page(response: Response) -> Response:
        code = response.status_code
        if code not in HUMAN_CODES or request.path.startswith(("/api/", "/_dash-")) or response.direct_passthrough:
            return response
        werkzeug_page = response.mimetype == "text/html" and _WERKZEUG_PAGE.match(response.get_data())
        if response.mimetype != "text/plain" and not werkzeug_page:
            return response  # Dash's page shell (an address that is no page) or a page of our own
        if not wants_html():
            if werkzeug_page:  # handlers registered for one error (the API's 405) return Werkzeug's page elsewhere
                response.set_data(f"{code} {WORDS[code][0]}.\n")
                response.mimetype = "text/plain"
            return response
        response.set_data(error_page(code, _detail(response, code), response.headers.get("Retry-After"), stylesheet))
        response.mimetype = "text/html"
        return response
