"""The build's only writer: stage a complete new store, verify it, swap it in.

Why stage-then-swap: the web app must never see half a build. SQLite: the new
store is a new file beside the served one, moved over it with ``os.replace`` (an
atomic rename; readers holding the old file keep reading it). PostgreSQL: a new
schema, renamed over the served one in a single transaction. Anything that fails
before the swap removes the staged store and leaves the served one untouched.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import sqlalchemy as sa

from disclosure import ControlledObservations
from disclosure.england import ControlledContext
from steps.leftovers import remove_dead_stages, staging
from store import schema as tables
from store.engines import postgres_engine, sqlite_writer
from store.location import StoreLocation


@dataclass
class StoreContents:
    build_id: str
    started_at: str
    code_version: str
    summary: dict
    observations: ControlledObservations
    indicators: pd.DataFrame
    areas: pd.DataFrame
    area_groups: pd.DataFrame
    sources: pd.DataFrame
    framework: pd.DataFrame
    boundaries: pd.DataFrame
    quality: pd.DataFrame
    code_changes: pd.DataFrame | None = None  # previous council codes (area code history)
    context: ControlledContext | None = None  # England's figures beside Scotland's (DfE)


def _records(frame: pd.DataFrame, table: sa.Table) -> list[dict]:
    """DataFrame rows as plain Python values, NaN/NA as None (NULL on both backends)."""
    columns = [c.name for c in table.columns]
    missing = sorted(set(columns) - set(frame.columns))
    if missing:
        raise ValueError(f"table {table.name}: columns {missing} not given")
    out = []
    for row in frame[columns].itertuples(index=False, name=None):
        out.append({
            name: (None if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA
                   else value.item() if hasattr(value, "item") else value)
            for name, value in zip(columns, row)
        })
    return out


def _fill(connection: sa.Connection, contents: StoreContents) -> dict[str, int]:
    finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    build_row = pd.DataFrame([{
        "build_id": contents.build_id,
        "started_at": contents.started_at,
        "finished_at": finished_at,
        "code_version": contents.code_version,
        "summary_json": json.dumps(contents.summary, sort_keys=True, default=str),
        "disclosure_note": contents.observations.note,
    }])
    expected = {}
    for table, frame in (
        (tables.build, build_row),
        (tables.source, contents.sources),
        (tables.area, contents.areas),
        (tables.area_group, contents.area_groups),
        (tables.area_code_change, contents.code_changes if contents.code_changes is not None
         else pd.DataFrame(columns=["previous_code", "area_code", "since"])),
        (tables.indicator, contents.indicators),
        (tables.framework_row, contents.framework),
        (tables.boundary, contents.boundaries),
        (tables.observation, contents.observations.frame),
        (tables.derived_figure, contents.observations.derived),
        (tables.revision, contents.observations.revisions),
        (tables.quality_check, contents.quality),
        (tables.context_observation, contents.context.frame if contents.context is not None
         else pd.DataFrame(columns=[c.name for c in tables.context_observation.columns])),
    ):
        records = _records(frame, table)
        if records:
            connection.execute(table.insert(), records)
        expected[table.name] = len(records)
    return expected


def _verify(connection: sa.Connection, expected: dict[str, int]) -> None:
    for name, count in expected.items():
        stored = connection.execute(sa.select(sa.func.count()).select_from(tables.metadata.tables[name])).scalar_one()
        if stored != count:
            raise RuntimeError(f"staged table {name} holds {stored} rows, expected {count}")


def _publish_sqlite(location: StoreLocation, contents: StoreContents) -> None:
    target = location.sqlite_path
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f"{target.name}.stage-{contents.build_id}")
    with staging(staged):
        remove_dead_stages(target)  # left by builds that were killed mid-write
        _stage_and_swap(staged, target, contents)


def _stage_and_swap(staged, target, contents: StoreContents) -> None:
    engine = sqlite_writer(staged)
    try:
        with engine.begin() as connection:
            tables.metadata.create_all(connection)
            expected = _fill(connection, contents)
            _verify(connection, expected)
            problems = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            if problems != ["ok"]:
                raise RuntimeError(f"staged SQLite store failed integrity_check: {problems[:3]}")
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if dangling:
                raise RuntimeError(f"staged SQLite store has rows without their parent: {dangling[:3]}")
        engine.dispose()
        os.replace(staged, target)
    except BaseException:
        engine.dispose()
        staged.unlink(missing_ok=True)
        raise


def _publish_postgres(location: StoreLocation, contents: StoreContents) -> None:
    suffix = contents.build_id.split("-")[-1][:8].lower()
    stage, old = f"{location.schema}_stage_{suffix}", f"{location.schema}_old_{suffix}"
    admin = sa.create_engine(location.url)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{stage}"'))
        writer = postgres_engine(location, stage, read_only=False)
        try:
            with writer.begin() as connection:
                tables.metadata.create_all(connection)
                _verify(connection, _fill(connection, contents))
        finally:
            writer.dispose()
        with admin.begin() as connection:
            _grant_to_reader_role(connection, stage, location.reader_role)
            live = connection.execute(
                sa.text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :name"), {"name": location.schema}
            ).first()
            if live:
                connection.execute(sa.text(f'ALTER SCHEMA "{location.schema}" RENAME TO "{old}"'))
            connection.execute(sa.text(f'ALTER SCHEMA "{stage}" RENAME TO "{location.schema}"'))
            if live:
                connection.execute(sa.text(f'DROP SCHEMA "{old}" CASCADE'))
    except BaseException:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{stage}" CASCADE'))
        raise
    finally:
        admin.dispose()


def _grant_to_reader_role(connection: sa.Connection, schema: str, role: str) -> None:
    """Let the app's read-only role read the new store, if that role exists.

    Why here: the swap renames a brand-new schema into place, so grants on the old
    one do not carry over; the role itself gets no other right (see the README).
    """
    if connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first():
        connection.execute(sa.text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
        connection.execute(sa.text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))


def publish(location: StoreLocation, contents: StoreContents) -> None:
    """Write ``contents`` as a new store and swap it in, or leave the old one serving."""
    if not isinstance(contents.observations, ControlledObservations):
        raise TypeError("observations reach the store only through disclosure.control()")
    if contents.context is not None and not isinstance(contents.context, ControlledContext):
        raise TypeError("England's context figures reach the store only through disclosure.england.control()")
    if location.is_sqlite:
        _publish_sqlite(location, contents)
    else:
        _publish_postgres(location, contents)
