"""Warm the page cache after a new store is swapped in, so the first visitor meets a warm page.

Why: every cache key carries the build id, so a new build starts with an empty page
cache, and the first visitors after a deploy each waited for a full render (cold
council pages: p95 7.2 s at 10 clients, against 110 ms warm). Here one background
thread per process notices a new build (the reader's own check, every few seconds)
and sends every council page and every indicator's default view through the app,
exactly as a browser's page request would go, so ``page_responses`` stores them.

It must never starve visitors or exports: one thread, at the lowest CPU priority,
one page at a time with a pause between pages; it renders pages only (no images,
no Chromium), and a failure is logged and skipped. With a shared cache (Redis,
filesystem) the first worker to claim a build warms it and the others leave it.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time

import dash

from layouts import context
from layouts.bundles import lowest_priority_for_this_thread
from layouts.page_responses import PAGE_OUTPUT

LOG = logging.getLogger("promise_dashboard.cache")
POLL_SECONDS = 2.0
PAUSE_SECONDS = 0.05  # between pages: requests queued behind the warmer get the worker first
CLAIM_SECONDS = 900


def page_body(pathname: str, search: str = "") -> bytes:
    """The page-routing callback request a browser sends when it opens ``pathname``."""
    return json.dumps({
        "output": PAGE_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname"], "state": [],
    }).encode()


def warm_paths(reader) -> list[str]:
    """Every council page, then every indicator's default view."""
    areas = reader.areas()
    councils = areas[areas["area_type"] == "council"].sort_values("area_name")["area_code"]
    return [f"/council/{code}" for code in councils] + [f"/indicator/{i}" for i in reader.indicators()["indicator_id"]]


class Warmer:
    """One background thread: warms each new build's pages once (``warmed`` holds the last build id)."""

    def __init__(self, app: dash.Dash, poll: float = POLL_SECONDS, pause: float = PAUSE_SECONDS) -> None:
        self.app = app
        self.reader = context.reader()  # this app's: the one its pages read and cache through
        self.poll, self.pause = poll, pause
        self.update_path = f"{app.config.routes_pathname_prefix}_dash-update-component"
        self.warmed: str | None = None
        self.pages_warmed = 0
        self.done = threading.Condition()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="warm-pages", daemon=True)

    def start(self) -> Warmer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def wait_for(self, build_id: str, timeout: float) -> bool:
        """For tests and benchmarks: until ``build_id`` has been warmed (True) or the time is up."""
        with self.done:
            return self.done.wait_for(lambda: self.warmed == build_id, timeout)

    def _run(self) -> None:
        lowest_priority_for_this_thread()
        while not self._stop.is_set():
            try:
                build_id = self.reader.build_id()
                if build_id != self.warmed:
                    self._warm(build_id)
            except Exception as exc:  # noqa: BLE001 - a store mid-swap or a broken cache: try again later
                LOG.warning("warming the page cache failed (%s); trying again", exc)
            self._stop.wait(self.poll)

    def _claim(self, reader, build_id: str) -> bool:
        """With a shared cache, one worker warms a build; with a per-process cache, each does."""
        cache = getattr(reader, "cache", None)
        if cache is None:
            return False
        try:
            return bool(cache.add(f"{build_id}:warming", os.getpid(), timeout=CLAIM_SECONDS))
        except Exception:  # noqa: BLE001 - no cache to claim in: warm anyway, the pages land where they can
            return True

    def _warm(self, build_id: str) -> None:
        reader = self.reader
        if not self._claim(reader, build_id):
            self._finished(build_id, 0)
            return
        started, count = time.perf_counter(), 0
        client = self.app.server.test_client()
        for path in warm_paths(reader):
            if self._stop.is_set() or reader.build_id() != build_id:
                return  # stopped, or another build was swapped in: start over with it
            response = client.post(self.update_path, data=page_body(path), content_type="application/json")
            if response.status_code == 200:
                count += 1
            else:
                LOG.warning("warming %s answered %s", path, response.status_code)
            time.sleep(self.pause)
        LOG.info("warmed %d pages for build %s in %.1f s", count, build_id, time.perf_counter() - started)
        self._finished(build_id, count)

    def _finished(self, build_id: str, count: int) -> None:
        with self.done:
            self.warmed, self.pages_warmed = build_id, count
            self.done.notify_all()


def register(app: dash.Dash, enabled: bool) -> Warmer | None:
    """Start warming (call once the app is set up); the warmer is kept in ``server.extensions``."""
    if not enabled:
        return None
    warmer = Warmer(app).start()
    app.server.extensions["promise_warmer"] = warmer
    return warmer
