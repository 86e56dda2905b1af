"""Every published observation as one CSV file.

Why written by hand rather than ``DataFrame.to_csv``: the file must be the same
byte for byte whichever backend served it, so numbers are written as their
shortest round-trip text and the status column holds the GSS symbol users see.
"""
from __future__ import annotations

import csv
from pathlib import Path

from contract.observation import CONTEXT_NUMBER_COLUMNS, NUMBER_COLUMNS
from store.read import StoreReader
from contract.status import Status

EXPORT_COLUMNS = [
    "indicator_id", "area_code", "area_name", "period", "period_end", "dimension", "category",
    "numerator", "denominator", "value", "ci_lower", "ci_upper", "status",
    "source_id", "vintage", "provisional", "source_ref",
]
_NUMBER_POSITIONS = {EXPORT_COLUMNS.index(n) for n in NUMBER_COLUMNS}
_STATUS_POSITION = EXPORT_COLUMNS.index("status")
_PROVISIONAL_POSITION = EXPORT_COLUMNS.index("provisional")


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def row_cells(row: tuple) -> list[str]:
    """One row of the export as text cells (also the API's CSV rows, so both agree cell for cell)."""
    cells = []
    for position, value in enumerate(row):
        if position in _NUMBER_POSITIONS:
            cells.append(format_number(value))
        elif position == _STATUS_POSITION:
            cells.append(Status(value).symbol)
        elif position == _PROVISIONAL_POSITION:
            cells.append("yes" if value else "no")
        else:
            cells.append("" if value is None else str(value))
    return cells


def export_csv(reader: StoreReader, out_path: Path) -> int:
    rows = reader.export_rows()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(row_cells(row))
    return len(rows)




def _context_cell(column: str, value) -> str:
    if column in CONTEXT_NUMBER_COLUMNS:
        return "" if value is None or value != value else format_number(value)
    return Status(value).symbol if column == "status" else str(value)


def export_england_csv(reader: StoreReader, out_path: Path) -> int:
    """England's context figures (DfE; England, regions, local authorities), as served: for analysts.

    A separate file, never mixed into the export of Scotland's observations: England's
    local authorities are not councils and are never ranked with them."""
    frame = reader.context()
    columns = list(frame.columns)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([_context_cell(column, value) for column, value in zip(columns, row)])
    return len(frame)
