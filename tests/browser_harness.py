"""Headless Chromium (Debian's, through chromedriver) against the app served on loopback.

Why a harness of our own over selenium: the tests need the system browser with
the flags this machine requires, the browser console log, axe-core injected from
npm, and a screenshot kept when a test fails.
"""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = ROOT / "var" / "test-artifacts"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--disable-dev-shm-usage"]


class ServedApp:
    """The Flask server of a Dash app, on a free loopback port, in a thread."""

    def __init__(self, flask_app) -> None:
        self.server = make_server("127.0.0.1", 0, flask_app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


def make_driver(chromium: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        raise RuntimeError("chromedriver not installed (apt-get install chromium-driver)")
    return webdriver.Chrome(service=Service(driver_path), options=options)


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def axe_violations(driver, impacts=("serious", "critical")) -> list[dict]:
    if not AXE.is_file():
        raise RuntimeError(f"axe-core not installed at {AXE} (npm install --prefix tests/browser)")
    driver.execute_script(AXE.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', description: String(e)}])));"
    )
    return [v for v in json.loads(result) if v.get("impact") in impacts]


def save_screenshot(driver, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
