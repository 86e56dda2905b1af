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
