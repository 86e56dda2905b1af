"""SQLAlchemy engines for the writer and the reader, per backend.

Why in one place: SQLite needs foreign keys switched on and a read-only URI for
the web app; PostgreSQL needs the schema chosen per connection and read-only
transactions. Getting either wrong silently weakens the guarantees of the store.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from store.location import StoreLocation


def _enable_sqlite_foreign_keys(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


def sqlite_writer(path: Path) -> sa.Engine:
    engine = sa.create_engine(f"sqlite:///{path}")
    _enable_sqlite_foreign_keys(engine)
    return engine


def sqlite_reader(path: Path) -> sa.Engine:
    return sa.create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")


def postgres_engine(location: StoreLocation, schema: str, *, read_only: bool) -> sa.Engine:
    connect_args = {"options": "-c default_transaction_read_only=on"} if read_only else {}
    engine = sa.create_engine(location.url, connect_args=connect_args, pool_pre_ping=True)
    return engine.execution_options(schema_translate_map={None: schema})
