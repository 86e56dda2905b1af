"""Hardening, round 2, against the real server (``promise-dashboard serve``, gunicorn):
chunked bodies over the limit, gunicorn's own error answers, an export flood, a hung Redis.

Timing bounds here are the ones the issue asks for, checked on medians over many
requests so that a noisy shared machine does not decide them."""
from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import statistics
import threading
import time
import urllib.error
import urllib.request

import pytest

from serving import page_request, private_redis, running_server

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")

CSV = "/download/indicator/looked_after_rate/trend.csv?areas=S12000049"
BIGGEST_PNG = "/chart/indicator/looked_after_rate/map.png?width=2400&height=2000&scale=3"


def _env(built_settings, cache: str = "simple", **more) -> dict:
    return {"PROMISE_VAR_DIR": str(built_settings.var_dir), "PROMISE_RAW_MIRROR": str(built_settings.raw_mirror),
            "PROMISE_STORE_URL": built_settings.store_url, "PROMISE_CACHE": cache, **more}


@pytest.fixture(scope="module")
def server(built_settings):
    with running_server(_env(built_settings)) as base:
        yield base


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def _worker_rss_kb(base: str) -> int:
    """Resident memory of the server's worker processes, summed (from /proc)."""
    port = _port(base)
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            command = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
            if b"gunicorn" in b" ".join(command) and f"127.0.0.1:{port}".encode() in command:
                status = open(f"/proc/{pid}/status").read()
                total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return total


def _chunked_post(base: str, path: str, megabytes: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", _port(base), timeout=60)

    def chunks():
        block = b"[" + b"1," * 32767 + b"1]"  # 64 KB of valid-looking JSON, again and again
        for _ in range(megabytes * 16):
            yield block

    try:
        connection.request("POST", path, body=chunks(), encode_chunked=True, headers={"Content-Type": "application/json"})
        return connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        return 413  # the server stopped reading at the limit and closed: nothing was buffered
    finally:
        connection.close()


def test_a_chunked_body_over_the_limit_is_refused_without_growing_the_worker(server):
    before = _worker_rss_kb(server)
    for path in ("/_dash-update-component", "/_dash-layout", "/download/council/S12000049.csv"):
        status = _chunked_post(server, path, megabytes=40)
        assert status in (405, 413), f"{path}: {status}"
    assert _chunked_post(server, "/_dash-update-component", megabytes=1) == 413
    grown = (_worker_rss_kb(server) - before) / 1024
    assert grown < 40, f"workers grew {grown:.0f} MB reading 120 MB of chunked bodies"
    assert "Shetland Islands" in str(page_request(server, "/council/S12000027")), "and the server still serves"


def _raw(base: str, request: bytes) -> tuple[int, dict, bytes]:
    data = b""
    with socket.create_connection(("127.0.0.1", _port(base)), timeout=30) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the server may answer before reading it all
            sock.sendall(request)
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"GET /" + b"a" * 5000 + b"<script>pp1</script> HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header<script>pp1</script>: 1\r\n\r\n", 400),
    (b"GET /<script>pp1</script> HTTX/9\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(200)) + b"\r\n", 431),
])
def test_gunicorns_own_error_answers_carry_the_security_headers_and_echo_nothing(server, request_bytes, status):
    got, headers, body = _raw(server, request_bytes)
    assert got == status, (got, body[:200])
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert name in headers, f"{name} missing from gunicorn's {got}"
    assert b"pp1" not in body and b"<" not in body, body[:200]


def _timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - start


def test_pages_and_downloads_stay_fast_during_an_export_flood(server):
    from conftest import chromium_or_skip

    chromium_or_skip()
    for _ in range(4):  # each worker's Chromium started and the page rendered before the clock runs
        _timed_get(server + BIGGEST_PNG)
        page_request(server, "/council/S12000049")
    stop, answers, lock = threading.Event(), {"200": 0, "429": 0}, threading.Lock()

    def flood():
        while not stop.is_set():
            try:
                urllib.request.urlopen(server + BIGGEST_PNG, timeout=120).read()
                key = "200"
            except urllib.error.HTTPError as error:
                assert error.code == 429 and error.headers["Retry-After"], error.code
                key = "429"
                time.sleep(0.5)  # a pushy client: back after half a second, not the 5 s Retry-After asks
            with lock:
                answers[key] += 1

    threads = [threading.Thread(target=flood, daemon=True) for _ in range(10)]
    page_times, csv_times = [], []
    try:
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        for _ in range(15):
            start = time.perf_counter()
            page_request(server, "/council/S12000049")
            page_times.append(time.perf_counter() - start)
            csv_times.append(_timed_get(server + CSV))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
    assert answers["429"] > 0, f"the flood filled the export slots ({answers})"
    assert statistics.median(page_times) < 1.0 and max(page_times) < 5.0, f"page during the flood: {page_times}"
    assert statistics.median(csv_times) < 1.0 and max(csv_times) < 5.0, f"CSV during the flood: {csv_times}"


COUNCILS = ["S12000049", "S12000027", "S12000036", "S12000005", "S12000023", "S12000033"]


def _page_times(base: str, rounds: int = 2) -> list[float]:
    times = []
    for _ in range(rounds):
        for council in COUNCILS:
            start = time.perf_counter()
            assert "This page cannot be shown" not in str(page_request(base, f"/council/{council}"))
            times.append(time.perf_counter() - start)
    return times


def test_a_hung_redis_costs_pages_no_more_than_half_again_their_uncached_time(built_settings):
    with running_server(_env(built_settings, cache="null")) as base:
        page_request(base, "/council/S12000049")
        uncached = statistics.median(_page_times(base))
    with private_redis() as (redis, url):
        with running_server(_env(built_settings, cache="redis", PROMISE_REDIS_URL=url)) as base:
            page_request(base, "/council/S12000049")
            redis.send_signal(signal.SIGSTOP)  # hung, not stopped: connections open, nothing answers
            try:
                hung = _page_times(base)
            finally:
                redis.send_signal(signal.SIGCONT)
    assert statistics.median(hung) <= 1.5 * uncached + 0.05, (
        f"median page {statistics.median(hung):.3f} s with Redis hung vs {uncached:.3f} s uncached; all: {hung}")
