"""Start the real server (``promise-dashboard serve``, gunicorn) for a test, and talk to it."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE_CALLBACK = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    "changedPropIds": ["_pages_location.pathname"], "state": [],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict, workers: int = 2, cwd: Path = ROOT, startup_seconds: float = 60, drop: tuple[str, ...] = (),
                   wait_for_app: bool = True):
    """Yields the base URL of a gunicorn server started in ``cwd`` with ``env`` added to
    this environment (and the variables in ``drop`` removed from it).

    ``wait_for_app=False`` yields as soon as the port accepts connections, before any
    request has reached the app (what a visitor right after a restart meets)."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")  # not a pipe: the access log would fill it and block the server
    environment = {key: value for key, value in {**os.environ, **env}.items() if key not in drop}
    process = subprocess.Popen([sys.executable, "promise_cli.py", "serve", "--workers", str(workers), "--port", str(port)],
                               cwd=cwd, env=environment, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                if wait_for_app:
                    urllib.request.urlopen(f"{base}/_dash-layout", timeout=2).read()
                else:
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    process.wait(timeout=10)
                    log.seek(0)
                    raise AssertionError(f"server did not start: {log.read()[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def page_request(base: str, path: str, search: str = "") -> dict:
    """The page-routing callback the browser sends when the URL changes."""
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": search}]}
    request = urllib.request.Request(f"{base}/_dash-update-component", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@contextlib.contextmanager
def private_redis():
    """A redis-server of the test's own on a free loopback port: (process, URL); resumed if paused, then killed."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("redis-server is not installed (Debian package redis-server)")
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGCONT)
        process.kill()
        process.wait(timeout=10)
