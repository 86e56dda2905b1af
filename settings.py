"""Every setting the project reads from the environment, in one place.

Why one module: a deployment (CI, a council analyst's laptop, a multi-worker
server) must be configurable without code changes, and a reviewer must be able to
see every knob at a glance. Nothing else in the project reads ``os.environ``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _default_mirror() -> Path | None:
    candidate = PROJECT_ROOT.parent / "shared" / "data" / "raw"
    return candidate if candidate.is_dir() else None


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Resolved configuration.

    raw_mirror: folder of published files laid out as ``<source_id>/<file>``
        (``PROMISE_RAW_MIRROR``; default ``../shared/data/raw`` when it exists;
        set but empty: none, the shipped snapshot only).
    var_dir: where the raw cache, built stores and build reports live
        (``PROMISE_VAR_DIR``; default ``./var``).
    store_url: SQLAlchemy URL of the served store (``PROMISE_STORE_URL``;
        default a SQLite file in ``var_dir``).
    store_schema: PostgreSQL schema the served store lives in
        (``PROMISE_STORE_SCHEMA``; default ``promise``; unused for SQLite).
    cache_type: the app's read cache (``PROMISE_CACHE``): ``simple`` (one process,
        the default), ``filesystem`` (``PROMISE_CACHE_DIR``, shared by workers on one
        machine), ``redis`` (``PROMISE_REDIS_URL``, shared by workers on many) or ``null``.
    allow_network: whether ``data_sources`` may download a file that is in
        neither the mirror nor the cache, and whether ``update`` may fetch the
        publishers' current files (``PROMISE_ALLOW_NETWORK``; default off).
    published_dir: the published snapshot shipped with the project
        (``data/published``), used for any file the mirror does not hold.
    api_rate_limit: requests each client may make to ``/api/v1/`` (``PROMISE_API_RATE_LIMIT``;
        default ``300/minute``; any flask-limiter limit such as ``20/second;600/minute``),
        counted in Redis when ``cache_type`` is ``redis`` and per process otherwise.
    source_url: where the dashboard's source code is published (``PROMISE_SOURCE_URL``; an
        ``https://`` address; unset: the footer names no repository rather than a placeholder).
    feedback_url: where visitors send feedback (``PROMISE_FEEDBACK_URL``; an ``https://`` or
        ``mailto:`` address; unset: the feedback page says the operator has not given one).
    warm_pages: after a new store is swapped in (and at start), render every council page and
        every indicator's default view into the page cache in the background, so the first
        visitor after a deploy meets a warm page (``PROMISE_WARM_PAGES``; 1 or 0, default on;
        off when ``Settings`` is made directly, as the tests do).
    """

    raw_mirror: Path | None
    var_dir: Path
    store_url: str
    allow_network: bool
    store_schema: str = "promise"
    cache_type: str = "simple"
    cache_dir: Path | None = None
    redis_url: str = "redis://127.0.0.1:6379/0"
    published_dir: Path = PROJECT_ROOT / "data" / "published"
    api_rate_limit: str = "300/minute"
    source_url: str | None = None
    feedback_url: str | None = None
    warm_pages: bool = False

    @property
    def raw_cache(self) -> Path:
        return self.var_dir / "raw_cache"

    @property
    def releases_dir(self) -> Path:
        """Publishers' files fetched by ``promise-dashboard update``, every vintage kept."""
        return self.var_dir / "releases"

    @property
    def reports_dir(self) -> Path:
        return self.var_dir / "reports"


class SettingError(ValueError):
    """A setting's value cannot be used: the message names the variable, so the app stops saying which."""

    def __init__(self, variable: str, message: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {message}")


_ADDRESS = re.compile(r"^(https://[^\s/?#<>\"']+(?:[/?#][^\s<>\"']*)?|mailto:[^\s@<>\"']+@[^\s@<>\"']+)$")


def _address(variable: str, schemes: tuple[str, ...]) -> str | None:
    """An address a page links to, or None when unset: only the given schemes, no spaces or markup
    (a value the pages print into ``href`` must not be able to run script or break the tag)."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    if not value.startswith(tuple(f"{scheme}:" for scheme in schemes)) or not _ADDRESS.match(value) or len(value) > 500:
        raise SettingError(variable, f"must be {' or '.join(f'a {s}: address' for s in schemes)} "
                                     f"(at most 500 characters, no spaces), not {value[:60]!r}")
    return value


def _on_off(variable: str, default: bool) -> bool:
    value = os.environ.get(variable, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(variable, f"must be 1 or 0 (on or off), not {value[:20]!r}")


def load_settings() -> Settings:
    mirror_env = os.environ.get("PROMISE_RAW_MIRROR")
    if mirror_env is None:
        raw_mirror = _default_mirror()
    else:  # set but empty: no mirror, build from the shipped snapshot only
        raw_mirror = Path(mirror_env).expanduser().resolve() if mirror_env.strip() else None
    var_dir = Path(os.environ.get("PROMISE_VAR_DIR", PROJECT_ROOT / "var")).expanduser().resolve()
    store_url = os.environ.get("PROMISE_STORE_URL") or f"sqlite:///{var_dir / 'store.sqlite'}"
    return Settings(
        raw_mirror=raw_mirror,
        var_dir=var_dir,
        store_url=store_url,
        allow_network=_flag("PROMISE_ALLOW_NETWORK"),
        store_schema=os.environ.get("PROMISE_STORE_SCHEMA", "promise"),
        cache_type=os.environ.get("PROMISE_CACHE", "simple").strip().lower(),
        cache_dir=Path(os.environ["PROMISE_CACHE_DIR"]).expanduser().resolve() if os.environ.get("PROMISE_CACHE_DIR") else var_dir / "cache",
        redis_url=os.environ.get("PROMISE_REDIS_URL", "redis://127.0.0.1:6379/0"),
        api_rate_limit=os.environ.get("PROMISE_API_RATE_LIMIT", "300/minute").strip(),
        source_url=_address("PROMISE_SOURCE_URL", ("https",)),
        feedback_url=_address("PROMISE_FEEDBACK_URL", ("https", "mailto")),
        warm_pages=_on_off("PROMISE_WARM_PAGES", True),
    )
