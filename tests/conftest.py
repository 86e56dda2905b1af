"""Shared test fixtures.

PostgreSQL: tests marked ``postgres`` use ``pg_url``. Outside CI they skip with a
reason naming the URL when no server answers; in CI (CI=true) a missing server is
a failure, because CI must prove the PostgreSQL path.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = os.environ.get("PROMISE_TEST_PG_URL", DEFAULT_PG_URL)
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        message = f"PostgreSQL not reachable at {url}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run the PostgreSQL tests)")
        pytest.skip(message)
    finally:
        engine.dispose()
    return url


def require_mirror():
    """Settings with the mirror of published files, or skip (fail in CI) naming what is missing."""
    from settings import load_settings

    settings = load_settings()
    if settings.raw_mirror is None:
        message = "no mirror of the published files: set PROMISE_RAW_MIRROR or place shared/data/raw beside the project"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must build from the real files)")
        pytest.skip(message)
    return settings


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory):
    """Settings of a store built once from the real mirror, shared by the front-end tests."""
    from pipeline import build
    from settings import Settings

    base = require_mirror()
    var = tmp_path_factory.mktemp("built")
    settings = Settings(raw_mirror=base.raw_mirror, var_dir=var, store_url=f"sqlite:///{var / 'store.sqlite'}", allow_network=False)
    build(settings, progress=lambda line: None)
    return settings


@pytest.fixture(scope="session")
def dash_app(built_settings):
    from app import create_app

    return create_app(built_settings)


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture(scope="session")
def store_reader(dash_app):
    from layouts import context

    return context.reader()


def chromium_or_skip() -> str:
    """Path of Debian's Chromium; skip with a reason outside CI when absent, fail in CI."""
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Chromium not installed (apt-get install chromium chromium-driver; .ci/run does this)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a screenshot of the browser when a browser test fails (var/test-artifacts/)."""
    outcome = yield
    report = outcome.get_result()
    driver = item.funcargs.get("browser") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and driver is not None:
        from browser_harness import save_screenshot

        path = save_screenshot(driver, item.name.replace("/", "_"))
        report.sections.append(("screenshot", str(path)))
