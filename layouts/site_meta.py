"""Each page's title, description and preview tags, and the site's configured links.

Why: a tab, a bookmark, a search result and a link pasted into a chat all show the
page's title and description; "Council" on 32 tabs names nothing. Titles name the
page ("Dundee City — Promise Progress dashboard"); the same function gives the
server's ``<title>`` and the title Dash sets after a client-side navigation, so the
two never differ. The preview tags carry no URL (Dash would write the request's
Host header into them) and no image (the site has none worth previewing).
"""
from __future__ import annotations

import html as html_text
import logging
from dataclasses import dataclass

import dash

from layouts.indicator_info import IndicatorInfo

SITE = "Promise Progress dashboard"
SITE_DESCRIPTION = ("How Scotland is doing in keeping the promise to care-experienced children, young people and families: "
                    "the Promise Progress Framework's indicators from published open data, for Scotland and its 32 councils, "
                    "with sources, licences and small numbers withheld.")
NOT_FOUND = "Page not found"
LOG = logging.getLogger("promise_dashboard.web")


@dataclass(frozen=True)
class Links:
    """Addresses set by the deployment (``PROMISE_SOURCE_URL``, ``PROMISE_FEEDBACK_URL``); None when unset."""

    source_url: str | None = None
    feedback_url: str | None = None


_links = Links()


def configure(source_url: str | None, feedback_url: str | None) -> None:
    """Set once by ``app.create_app`` from the settings (only ``settings`` reads the environment)."""
    global _links
    _links = Links(source_url, feedback_url)


def links() -> Links:
    return _links


def titled(name: str) -> str:
    return f"{name} — {SITE}"


def _reader():
    from layouts.context import reader

    return reader()


def council_title(area_code=None, **_ignored) -> str:
    """'Dundee City — Promise Progress dashboard'; 'Page not found — …' for a code the store does not hold."""
    name = _council_name(area_code)
    return titled(name) if name else titled(NOT_FOUND)


def council_description(area_code=None, **_ignored) -> str:
    name = _council_name(area_code)
    if not name:
        return SITE_DESCRIPTION
    return (f"{name}: every indicator of the Promise Progress Framework with open data, against Scotland and its "
            f"LGBF family group, with ranks, change since the baseline and direction of travel, sources and licences.")


def indicator_title(indicator_id=None, **_ignored) -> str:
    meta = _indicator(indicator_id)
    return titled(meta.title) if meta is not None else titled(NOT_FOUND)


def indicator_description(indicator_id=None, **_ignored) -> str:
    meta = _indicator(indicator_id)
    if meta is None:
        return SITE_DESCRIPTION
    councils = "council" in meta.geographies
    where = "Scotland's trend and every council ranked and mapped" if councils else "Scotland's trend"
    return f"{meta.title}: {where}, against the Promise Progress Framework's baseline, with its definition, source and licence."


def _council_name(area_code) -> str | None:
    from layouts.parameters import ParameterError
    from layouts.views import council_code, council_codes

    try:
        return council_codes(_reader())[council_code(_reader(), area_code)]
    except (ParameterError, KeyError, TypeError):
        return None
    except Exception:  # noqa: BLE001 - a title never breaks a page (no store yet, a failing read)
        LOG.exception("council title unavailable")
        return None


def _indicator(indicator_id) -> IndicatorInfo | None:
    from layouts.parameters import ParameterError
    from layouts.views import indicator_meta

    try:
        return indicator_meta(_reader(), indicator_id)
    except ParameterError:
        return None
    except Exception:  # noqa: BLE001
        LOG.exception("indicator title unavailable")
        return None


def _page_for(path: str) -> tuple[dict, dict]:
    """The registered page of a path and its path variables ({} when no page has that path)."""
    stripped = path.strip("/")
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            names = template.strip("/").split("/")
            parts = stripped.split("/")
            if len(names) == len(parts) and all(n.startswith("<") or n == p for n, p in zip(names, parts)) and all(parts):
                return page, {n[1:-1]: p for n, p in zip(names, parts) if n.startswith("<")}
        elif stripped == page["path"].strip("/"):
            return page, {}
    return {}, {}


def _resolve(value, variables: dict) -> str:
    return value(**variables) if callable(value) else (value or "")


def head(path: str) -> tuple[str, str]:
    """(title, description) of the page at ``path``; 'Page not found' for an address that is no page."""
    page, variables = _page_for(path)
    if not page:
        return titled(NOT_FOUND), SITE_DESCRIPTION
    return _resolve(page.get("title"), variables), _resolve(page.get("description"), variables) or SITE_DESCRIPTION


def meta_tags(title: str, description: str) -> str:
    """The description and the Open Graph / Twitter preview tags, escaped."""
    tags = [("name", "description", description), ("property", "og:type", "website"), ("property", "og:site_name", SITE),
            ("property", "og:title", title), ("property", "og:description", description),
            ("name", "twitter:card", "summary"), ("name", "twitter:title", title), ("name", "twitter:description", description)]
    return "\n        ".join(f'<meta {kind}="{name}" content="{html_text.escape(content, quote=True)}">' for kind, name, content in tags)


def register(app: dash.Dash) -> None:
    """Write each page's own title and preview tags into the page the server sends.

    Dash's own page tags are off (``include_pages_meta=False``): they carry the
    request's URL, Host header included, and the server's ``<title>`` would be the
    app's for every page."""
    from flask import has_request_context, request

    interpolate = app.interpolate_index
    prefix = app.config.routes_pathname_prefix.rstrip("/")

    def interpolate_index(**kwargs):
        if has_request_context():
            path = request.path[len(prefix):] or "/"
            title, description = head(path)
            kwargs["title"] = html_text.escape(title, quote=False)
            kwargs["metas"] = meta_tags(title, description) + "\n        " + kwargs.get("metas", "")
        return interpolate(**kwargs)

    app.interpolate_index = interpolate_index
