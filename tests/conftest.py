"""Shared test fixtures.

PostgreSQL: tests marked ``postgres`` use ``pg_url``. Outside CI they skip with a
reason naming the URL when no server answers; in CI (CI=true) a missing server is
a failure, because CI must prove the PostgreSQL path.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

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
    """Settings for building from the published files: the mirror when there is one,
    else the snapshot shipped in ``data/published`` (so a clone with no mirror runs
    every data test; nothing is skipped)."""
    from settings import load_settings

    return load_settings()


def writable_mirror(settings, dest: Path):
    """A writable copy (FIXTURE) of every file the build reads, in the mirror's layout
    (``dest/raw/<source>/``, ``dest/framework/``), taken from wherever ``settings``
    finds them; the shipped snapshot is switched off, so a file a test deletes from
    this copy cannot be found elsewhere and a file it breaks is the one used."""
    import data_sources
    from data_sources.base import resolve_file

    raw = dest / "raw"
    for module in data_sources.SOURCES:
        spec = module.SPEC
        folder = dest / spec.mirror_folder if spec.mirror_folder else raw / spec.id
        folder.mkdir(parents=True, exist_ok=True)
        for source_file in spec.files:
            path, _ = resolve_file(spec, source_file, settings)
            shutil.copyfile(path, folder / source_file.name)
    var = dest / "var"
    # The copy's builds, stores and caches live under ``dest`` too: a test that builds
    # from it never writes the store (or cache) the runner's own checkout serves.
    return replace(settings, raw_mirror=raw, var_dir=var, store_url=f"sqlite:///{var / 'store.sqlite'}",
                   cache_dir=var / "cache", published_dir=dest / "no-snapshot", allow_network=False)


def load_one(settings, module, loaded):
    """One source parsed from ``settings``' files, its upstream (the sources before it) taken from the
    session's ``loaded``: a test that breaks one source's file (FIXTURE) parses that source alone,
    as the build would after loading the published ones before it."""
    import data_sources
    from data_sources.base import load_source

    before = data_sources.SOURCES[:data_sources.SOURCES.index(module)]
    upstream = {m.SPEC.id: loaded[m.SPEC.id].tables for m in before}
    return load_source(module.SPEC, module.parse, settings, upstream)


def data_env(settings) -> dict[str, str]:
    """Environment for a child process that reads the same published files as ``settings``."""
    return {"PROMISE_VAR_DIR": str(settings.var_dir), "PROMISE_RAW_MIRROR": str(settings.raw_mirror or "")}


@pytest.fixture(scope="session")
def loaded():
    """Every source parsed once from the real published files, shared by the whole session (read, never change)."""
    import data_sources

    return data_sources.load_all(require_mirror())


@pytest.fixture(scope="session")
def tables(loaded):
    return {source_id: source.tables for source_id, source in loaded.items()}


@pytest.fixture(scope="session")
def computed(tables):
    """Every registered indicator computed once (before disclosure control): indicator id -> frame."""
    from indicators.registry import INDICATORS

    return {indicator.meta.id: indicator.compute(tables) for indicator in INDICATORS}


@pytest.fixture(scope="session")
def observations_and_metas(loaded):
    """The build's compute step as the pipeline runs it: validated observations and the metadata, once."""
    from indicators.registry import INDICATORS
    from steps.compute import compute_all

    return compute_all(loaded, INDICATORS, lambda line: None)


@pytest.fixture(scope="session")
def session_build(tmp_path_factory):
    """One whole build from the real published files, shared by the session: its settings and the
    build's result. Tests may run failing builds against it (the store must stay untouched, which
    they assert), never a build that succeeds."""
    from pipeline import build
    from settings import Settings

    base = require_mirror()
    var = tmp_path_factory.mktemp("built")
    settings = Settings(raw_mirror=base.raw_mirror, var_dir=var, store_url=f"sqlite:///{var / 'store.sqlite'}", allow_network=False)
    return settings, build(settings, progress=lambda line: None)


@pytest.fixture(scope="session")
def built_settings(session_build):
    """Settings of the session's store, shared by the front-end tests."""
    return session_build[0]


@pytest.fixture(scope="session")
def dash_app(built_settings, request):
    """The app as served, on the session's store. Its brotli copies of Dash's bundles are kept in
    pytest's cache between runs (they are named by the bundle's sha256, so a stale one is never
    used): compressing them at brotli's highest level is about 10 s of CPU per session."""
    from app import create_app

    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider: compressed afresh
    compressed = built_settings.var_dir / "compressed"
    if cache is not None and not compressed.exists():
        compressed.symlink_to(cache.mkdir("compressed-bundles"), target_is_directory=True)
    return create_app(built_settings)


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture(scope="session")
def store_reader(dash_app):
    from layouts import context

    return context.reader()


def _missing(message: str):
    """Outside CI a missing browser part skips with the reason; in CI it fails, because CI must run these tests."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def chromium_or_skip() -> str:
    """Path of Debian's Chromium (image export needs only the browser)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _missing("Chromium not installed (apt-get install chromium chromium-driver; .ci/run does this)")
    return path


def chromium_and_driver_or_skip() -> str:
    """Path of Chromium, once chromedriver is known to be there too: the browser tests drive it through
    chromedriver, so either one missing is a reason to skip (outside CI), not an error."""
    path = chromium_or_skip()
    if shutil.which("chromedriver") is None:
        _missing("chromedriver not installed (apt-get install chromium-driver; .ci/run does this)")
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


@pytest.fixture(autouse=True)
def _the_app_keeps_its_reader():
    """A test that runs a CLI command in-process (chart, pack) points the app's global store reader at a plain,
    uncached reader; put the session app's own reader back so later tests see the app as served."""
    from layouts import context

    saved = context._reader
    yield
    if saved is not None and context._reader is not saved:
        context.set_reader(saved)
