"""The minimal Dash page serves the store read-only, and `serve` builds a missing store."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import data_env, require_mirror


ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_app_serves_its_shell_and_pages(built_settings):
    """On the session's store (built once for every front-end test), not a store of its own."""
    from app import create_app
    from layouts import context

    saved = context._reader
    try:
        client = create_app(built_settings).server.test_client()
        index = client.get("/indicator/looked_after_rate")
        layout = json.dumps(client.get("/_dash-layout").get_json())
    finally:
        context.set_reader(saved)  # the session's app reads its own store (and cache) again
    assert index.status_code == 200 and '<html lang="en">' in index.get_data(as_text=True)
    assert "Promise Progress dashboard" in layout and "Skip to main content" in layout
    assert "Open Government Licence" in layout and "[c] confidential" in layout


@pytest.mark.slow
def test_serve_builds_a_missing_store_then_serves(tmp_path):
    base = require_mirror()
    port = _free_port()
    env = {**os.environ, **data_env(replace(base, var_dir=tmp_path))}
    env.pop("PROMISE_STORE_URL", None)
    process = subprocess.Popen([sys.executable, "promise_cli.py", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 240  # builds first: a minute or more on a busy shared machine
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=2) as response:
                    assert response.status == 200
                    assert "Promise Progress dashboard" in response.read().decode()
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not come up: {process.stdout.read() if process.poll() is not None else ''}")
                time.sleep(0.3)
        assert (tmp_path / "store.sqlite").is_file(), "serve built the store that was missing"
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "building it first" in output
