"""Published cell → (number, status). Parse, don't coerce.

Why: a publisher's ``[c]`` is a fact about a cell (withheld), not a missing number
to be guessed, and an unfamiliar mark may mean a new suppression convention. So
every mark known to the GSS convention (and the LGBF's ``dna``) maps to a typed
status, an empty cell is "not available" (never zero), and anything else stops the
build naming the file, row and column.
"""
from __future__ import annotations

import math

from data_sources.errors import SourceError
from contract.status import Status

SYMBOLS: dict[str, Status] = {
    "*": Status.CONFIDENTIAL,
    "c": Status.CONFIDENTIAL,
    "[c]": Status.CONFIDENTIAL,
    "..": Status.NOT_AVAILABLE,
    "x": Status.NOT_AVAILABLE,
    "[x]": Status.NOT_AVAILABLE,
    ":": Status.NOT_AVAILABLE,
    "dna": Status.NOT_AVAILABLE,  # LGBF: "data not available"
    "z": Status.NOT_APPLICABLE,
    "[z]": Status.NOT_APPLICABLE,
    "n/a": Status.NOT_APPLICABLE,
    "[low]": Status.LOW,
    "[u]": Status.UNRELIABLE,
}


def parse_cell(raw: str | None, *, file: str, row: int, column: str) -> tuple[float | None, Status]:
    """Read one published cell. Units, thousands separators and decimal commas are errors:
    "1,234" and "0,8876" cannot be told apart safely (0,8876 once became 887,600 %)."""
    text = "" if raw is None else str(raw).strip()
    if text == "" or text.lower() == "nan":
        return None, Status.NOT_AVAILABLE
    status = SYMBOLS.get(text.lower())
    if status is not None:
        return None, status
    if "," in text:
        raise SourceError(f"locale-formatted number {text!r}: write numbers without separators and with a decimal point",
                          file=file, row=row, column=column)
    try:
        number = float(text)
    except ValueError:
        raise SourceError(
            f"unknown symbol {text!r} (known: {', '.join(sorted(SYMBOLS))})",
            file=file, row=row, column=column,
        ) from None
    if not math.isfinite(number):
        raise SourceError(f"non-finite number {text!r}", file=file, row=row, column=column)
    return number, Status.PUBLISHED


def parse_column(frame, column: str, *, file: str, row_of) -> tuple[list[float | None], list[Status]]:
    """Parse a whole text column, returning values and statuses aligned with the frame."""
    values: list[float | None] = []
    statuses: list[Status] = []
    for index, raw in frame[column].items():
        value, status = parse_cell(raw, file=file, row=row_of(index), column=column)
        values.append(value)
        statuses.append(status)
    return values, statuses
