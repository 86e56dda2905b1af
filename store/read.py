"""The web app's read side: the published store, opened read-only.

Why read-only at the connection: the app has no reason to write, so it cannot
(SQLite ``mode=ro``; PostgreSQL read-only transactions). A rebuild swaps a new
SQLite file in under the same name; the reader notices the new file and reconnects,
so it serves the new build without a restart.
"""
from __future__ import annotations

import json
import os
import time

import pandas as pd
import sqlalchemy as sa

from contract.observation import NATURAL_KEY
from store import schema as tables
from store.engines import postgres_engine, sqlite_reader
from store.location import StoreLocation



class StoreMissingError(RuntimeError):
    """No store has been built at this location yet."""


class StoreReader:
    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self._engine: sa.Engine | None = None
        self._file_identity: tuple[int, int] | None = None

    def _sqlite_engine(self) -> sa.Engine:
        path = self.location.sqlite_path
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            raise StoreMissingError(f"no store at {self.location.url} (run 'promise-dashboard build')") from None
        identity = (stat.st_ino, stat.st_mtime_ns)
        if self._engine is None or identity != self._file_identity:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = sqlite_reader(path)
            self._file_identity = identity
        return self._engine

    def identity(self) -> tuple:
        """Changes when a new build is swapped in (SQLite: the file; PostgreSQL: a 2-second tick)."""
        if self.location.is_sqlite:
            self._sqlite_engine()
            return self._file_identity
        return ("pg", int(time.monotonic() // 2))

    def engine(self) -> sa.Engine:
        if self.location.is_sqlite:
            return self._sqlite_engine()
        if self._engine is None:
            self._engine = postgres_engine(self.location, self.location.schema, read_only=True)
        return self._engine

    def _frame(self, query) -> pd.DataFrame:
        """Rows of a SQLAlchemy Core query as a frame, fetched with the driver's own cursor.

        Why not ``pd.read_sql``: SQLAlchemy builds a Python Row object per row,
        about a third of an uncached council page's time. The query is still
        built and compiled by SQLAlchemy (bound parameters, either backend); only
        the fetching skips it. Booleans come back as 0/1 from SQLite: callers cast.
        """
        try:
            with self.engine().connect() as connection:
                translate = connection.get_execution_options().get("schema_translate_map")
                compiled = query.compile(dialect=connection.dialect, schema_translate_map=translate,
                                         render_schema_translate=bool(translate), compile_kwargs={"render_postcompile": True})
                params = compiled.params
                if compiled.positiontup is not None:
                    params = tuple(params[name] for name in compiled.positiontup)
                cursor = connection.connection.cursor()
                try:
                    cursor.execute(str(compiled), params)
                    columns = [column[0] for column in cursor.description]
                    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
                finally:
                    cursor.close()
        except Exception as exc:  # sqlite3 and psycopg raise their own errors, not SQLAlchemy's
            if "no such table" in str(exc) or type(exc).__name__ in ("UndefinedTable", "InvalidSchemaName"):
                raise StoreMissingError(f"no store at {self.location.url} schema {self.location.schema!r}") from exc
            raise

    def build(self) -> dict:
        frame = self._frame(sa.select(tables.build).order_by(tables.build.c.finished_at.desc()).limit(1))
        if frame.empty:
            raise StoreMissingError(f"the store at {self.location.url} holds no build")
        row = frame.iloc[0].to_dict()
        row["summary"] = json.loads(row.pop("summary_json"))
        return row

    def indicators(self) -> pd.DataFrame:
        return self._frame(sa.select(tables.indicator).order_by(tables.indicator.c.indicator_id))

    def framework(self) -> pd.DataFrame:
        return self._frame(sa.select(tables.framework_row).order_by(tables.framework_row.c.row_number))

    def revisions(self, indicator_id: str) -> pd.DataFrame:
        t = tables.revision
        return self._frame(sa.select(t).where(t.c.indicator_id == indicator_id).order_by(t.c.period, t.c.vintage))

    def context(self, area_level: str | None = None) -> pd.DataFrame:
        """England's context figures (DfE), as controlled by the build; ``area_level`` picks one
        (the page reads only ``country``: England and Scotland; the download reads them all)."""
        t = tables.context_observation
        query = sa.select(t) if area_level is None else sa.select(t).where(t.c.area_level == area_level)
        return self._frame(query.order_by(t.c.series, t.c.area_level, t.c.area_code, t.c.measure, t.c.period))

    def quality(self) -> pd.DataFrame:
        return self._frame(sa.select(tables.quality_check).order_by(tables.quality_check.c.check_number))

    def geojson(self) -> dict:
        """Council boundaries as one GeoJSON FeatureCollection (for the map)."""
        frame = self._frame(sa.select(tables.boundary).order_by(tables.boundary.c.area_code))
        return {"type": "FeatureCollection", "features": [json.loads(f) for f in frame["feature_json"]]}

    def areas(self) -> pd.DataFrame:
        return self._frame(sa.select(tables.area).order_by(tables.area.c.sort_order))

    def area_groups(self) -> pd.DataFrame:
        t = tables.area_group
        return self._frame(sa.select(t).order_by(t.c.group_type, t.c.group_code, t.c.area_code))

    def area_code_changes(self) -> pd.DataFrame:
        """Previous council codes and the year each current code took over (the areas' code history)."""
        t = tables.area_code_change
        return self._frame(sa.select(t).order_by(t.c.area_code, t.c.previous_code))

    def sources(self) -> pd.DataFrame:
        t = tables.source
        return self._frame(sa.select(t).order_by(t.c.source_id, t.c.file_name))

    def observations(self, indicator_id: str | None = None, area_codes: list[str] | None = None) -> pd.DataFrame:
        t = tables.observation
        query = sa.select(t)
        if indicator_id is not None:
            query = query.where(t.c.indicator_id == indicator_id)
        if area_codes is not None:
            query = query.where(t.c.area_code.in_(list(area_codes)))
        frame = self._frame(query.order_by(*(t.c[name] for name in NATURAL_KEY)))
        frame["provisional"] = frame["provisional"].astype(bool)
        return frame

    def derived(self, indicator_id: str | None = None, measure: str | None = None) -> pd.DataFrame:
        t = tables.derived_figure
        query = sa.select(t)
        if indicator_id is not None:
            query = query.where(t.c.indicator_id == indicator_id)
        if measure is not None:
            query = query.where(t.c.measure == measure)
        return self._frame(query.order_by(t.c.indicator_id, t.c.measure, t.c.period, t.c.area_code, t.c.group_code))

    def export_rows(self) -> list[tuple]:
        """Every observation with its area name, in natural-key order (for the CSV export)."""
        o, a = tables.observation, tables.area
        query = (
            sa.select(o.c.indicator_id, o.c.area_code, a.c.area_name, o.c.period, o.c.period_end, o.c.dimension,
                      o.c.category, o.c.numerator, o.c.denominator, o.c.value, o.c.ci_lower, o.c.ci_upper,
                      o.c.status, o.c.source_id, o.c.vintage, o.c.provisional, o.c.source_ref)
            .join(a, a.c.area_code == o.c.area_code)
            .order_by(*(o.c[name] for name in NATURAL_KEY))
        )
        with self.engine().connect() as connection:
            return [tuple(row) for row in connection.execute(query)]
