"""Errors raised while reading published files.

Why a dedicated type: a build that stops must tell the person running it exactly
where to look — the file, the sheet, the row and the column — so that a changed
publisher layout costs minutes, not an afternoon of bisecting.
"""
from __future__ import annotations


class SourceError(Exception):
    """A published file could not be used as it stands."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self.location_and_message())

    def location_and_message(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class OfflineError(SourceError):
    """A file is in neither the mirror nor the cache, and downloads are not allowed."""
