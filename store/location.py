"""Where the served store lives: a SQLite file by default, PostgreSQL by URL.

Why a value object: the writer (build) and the reader (web app) must agree on the
same store, including the PostgreSQL schema that the atomic swap renames.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from settings import Settings

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class StoreLocation:
    url: str
    schema: str = "promise"  # PostgreSQL only

    def __post_init__(self) -> None:
        if not _SCHEMA_NAME.fullmatch(self.schema):
            raise ValueError(f"PROMISE_STORE_SCHEMA {self.schema!r} must be lower-case letters, digits and _ (at most 41)")

    @property
    def reader_role(self) -> str:
        """PostgreSQL role the web app connects as: granted SELECT on each new store, nothing else."""
        return f"{self.schema}_reader"

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def sqlite_path(self) -> Path:
        return sqlite_path(self.url)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise ValueError(f"expected a sqlite:///path URL, got {url!r}")
    return Path(url.removeprefix("sqlite:///").split("?", 1)[0])


def location_from_settings(settings: Settings) -> StoreLocation:
    return StoreLocation(url=settings.store_url, schema=settings.store_schema)
