"""A circuit breaker around the shared cache: a failing cache is skipped, not waited on.

Why: a stopped Redis refuses connections at once, but a hung one (paused,
overloaded, a network black hole) holds every call for the socket timeout. A
council page makes dozens of cache calls, so a hung Redis turned a 0.2 s page
into 6-9 s. After one failure the breaker opens: for ``backoff`` seconds every
call skips the cache (a miss, a write not made), then one call probes it again;
a success closes the breaker, a failure opens it for another back-off period.
Reads then go to the store: slower than a warm cache, never wrong.
"""
from __future__ import annotations

import logging
import threading
import time

LOG = logging.getLogger("promise_dashboard.cache")
BACKOFF_SECONDS = 15.0


class CacheUnavailable(RuntimeError):
    """The breaker is open: the cache is being skipped."""


class BreakerCache:
    """``get``/``set``/``delete`` of a flask-caching ``Cache``, guarded by a circuit breaker.

    Failures still raise (callers already treat a failing cache as a miss), but
    while the breaker is open they raise ``CacheUnavailable`` at once instead of
    waiting for the cache's timeout.
    """

    def __init__(self, cache, backoff: float = BACKOFF_SECONDS, clock=time.monotonic) -> None:
        self._inner = cache
        self.backoff = backoff
        self._clock = clock
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._probing = False

    def _admit(self) -> bool:
        """Whether this call may use the cache: always when closed; one probe after the back-off."""
        with self._lock:
            if self._open_until == 0.0:
                return True
            if self._clock() < self._open_until or self._probing:
                return False
            self._probing = True
            return True

    def _call(self, method: str, *args, **kwargs):
        if not self._admit():
            raise CacheUnavailable("the cache failed recently; skipped until the back-off ends")
        try:
            result = getattr(self._inner, method)(*args, **kwargs)
        except Exception:
            with self._lock:
                if self._open_until == 0.0 or self._probing:
                    LOG.warning("cache failed; skipping it for %.0f s", self.backoff)
                self._open_until = self._clock() + self.backoff
                self._probing = False
            raise
        with self._lock:
            if self._open_until:
                LOG.warning("cache answers again; using it")
            self._open_until, self._probing = 0.0, False
        return result

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def __getattr__(self, name: str):
        """Anything else (``clear``, the backend as ``.cache``) is the wrapped cache's own."""
        return getattr(self._inner, name)
