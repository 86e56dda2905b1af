"""The app's one read module: every store read, memoized, with the build id in every key.

Why: a council page reads the same indicator tables many times and thousands of
visitors read the same pages, while the store changes only when a build is swapped
in. Keying every entry by the build id means a new build never serves stale
figures, and a shared cache (filesystem or Redis) serves every worker. If the cache
fails (Redis stopped), reads go straight to the store: slower, never wrong.
"""
from __future__ import annotations

import logging
import threading

from flask import g, has_request_context
from flask_caching import Cache

from layouts.cache_breaker import CacheUnavailable
from store.location import location_from_settings
from store.read import StoreReader

LOG = logging.getLogger("promise_dashboard.cache")
CACHED_METHODS = ("build", "indicators", "areas", "area_groups", "area_code_changes", "sources", "framework", "observations", "derived",
                  "revisions", "quality", "geojson", "context")
TIMEOUT_SECONDS = 24 * 3600


def cache_config(settings) -> dict:
    """Every backend is bounded: the simple cache at 300 entries per process, the filesystem
    cache at 1,000 files, Redis at ``page_responses.MAX_STORED_PAGES`` page responses (the
    large entries; store reads are a few hundred small ones per build)."""
    kind = settings.cache_type
    if kind == "simple":
        return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 300, "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS}
    if kind == "filesystem":
        return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(settings.cache_dir), "CACHE_THRESHOLD": 1000,
                "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS}
    if kind == "redis":
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.redis_url, "CACHE_KEY_PREFIX": "promise:",
                "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS, "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}}
    if kind == "null":
        return {"CACHE_TYPE": "NullCache"}
    raise ValueError(f"PROMISE_CACHE must be simple, filesystem, redis or null, not {kind!r}")


def log_cache_failure(what: str, exc: Exception) -> None:
    """A real failure is logged; a skip while the circuit breaker is open is not (it would flood the log)."""
    if not isinstance(exc, CacheUnavailable):
        LOG.warning("cache %s failed (%s); using the store", what, exc)


class CachedReader:
    """The StoreReader's read methods, memoized per build."""

    def __init__(self, reader: StoreReader, cache: Cache) -> None:
        self.reader = reader
        self.location = reader.location
        self.cache = cache
        self._lock = threading.Lock()
        self._identity = None
        self._build_id: str | None = None

    def build_id(self) -> str:
        identity = self.reader.identity()
        with self._lock:
            if identity != self._identity or self._build_id is None:
                self._build_id = self.reader.build()["build_id"]
                self._identity = identity
            return self._build_id

    def _read(self, name: str, *args, **kwargs):
        """From this request's reads, else the shared cache, else the store.

        The per-request layer matters when the shared cache is cold or absent: a
        council page asks for the indicator list dozens of times; it is read once.
        """
        key = f"{self.build_id()}:{name}:{args!r}:{sorted(kwargs.items())!r}"
        this_request = g.setdefault("promise_reads", {}) if has_request_context() else {}
        if key not in this_request:
            this_request[key] = self._read_shared(key, name, *args, **kwargs)
        # Shared, not copied: views derive new frames (pandas 3 copies on write) and never assign into a read.
        return this_request[key]

    def _read_shared(self, key: str, name: str, *args, **kwargs):
        try:
            value = self.cache.get(key)
        except Exception as exc:  # noqa: BLE001 - a broken cache must not break a page
            log_cache_failure("read", exc)
            value = None
        if value is None:
            value = getattr(self.reader, name)(*args, **kwargs)
            try:
                self.cache.set(key, value)
            except Exception as exc:  # noqa: BLE001
                log_cache_failure("write", exc)
        return value

    def __getattr__(self, name: str):
        if name in CACHED_METHODS:
            return lambda *args, **kwargs: self._read(name, *args, **kwargs)
        return getattr(self.reader, name)


def cached_store(settings, cache: Cache) -> CachedReader:
    """The app's reader: the store ``settings`` name, read-only, through ``cache``."""
    return CachedReader(StoreReader(location_from_settings(settings)), cache)
