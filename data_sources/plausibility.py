"""Plausibility checks that each source declares for its figures.

Why: a file can be well-formed and still wrong, and each of these once built and
published nonsense: a share stored as a percentage instead of a fraction
(1111 %), a decimal comma read as thousands (``0,8876`` as 887,600 %), the
community and residential columns swapped in one vintage, one council's count
multiplied by 10, a year ``2098-99`` that became a page's default period. So
each source states the plausible range of every measure, cross-checks parts
against the totals it publishes, refuses periods after the build date, and
refuses a year-on-year jump in a count beyond a stated factor unless the jump
is in the reviewed allow-list (``plausibility_allow_list.csv``) with its reason.
Every failure names the file, row and column (``SourceError``).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd

from data_sources.errors import SourceError

ALLOW_LIST = Path(__file__).resolve().parent / "plausibility_allow_list.csv"
ALLOW_LIST_COLUMNS = ["source_id", "file", "area_code", "measure", "period", "reason"]
JUMP_FACTOR = 3.0  # a count more than tripled or cut to under a third in a year ...
JUMP_MIN_CHANGE = 20  # ... by at least this many (small counts move a lot by chance)


@dataclass(frozen=True)
class Range:
    """The plausible values of one measure, with the words that explain a failure."""

    low: float
    high: float
    what: str


SHARE_AS_FRACTION = Range(0.0, 1.0, "a share stored as a fraction (0 to 1)")
SHARE_AS_PERCENT = Range(0.0, 100.0, "a percentage (0 to 100)")
COUNT = Range(0.0, float("inf"), "a count (never negative)")


def build_year() -> int:
    """The year of the build: no published period can start after it."""
    return date.today().year


def check_range(values: pd.Series, allowed: Range, *, file: str, column: str, rows: pd.Series) -> None:
    """Every published number of ``values`` within ``allowed``; ``rows`` gives each one's file row."""
    outside = values.notna() & ((values < allowed.low) | (values > allowed.high))
    if outside.any():
        index = values.index[outside][0]
        raise SourceError(
            f"{values[index]:g} is not plausible as {allowed.what}: expected {allowed.low:g} to {allowed.high:g}",
            file=file, row=int(rows[index]), column=column,
        )


def reject_future_periods(periods: pd.Series, *, file: str, column: str, rows: pd.Series, year: int | None = None) -> None:
    """A period starting after the build year (e.g. '2098-99') is a typing error, never data."""
    year = year or build_year()
    first_years = pd.to_numeric(periods.astype(str).str[:4], errors="coerce")
    future = first_years > year
    if future.any():
        index = periods.index[future][0]
        raise SourceError(f"period {periods[index]!r} starts after the build year {year}", file=file, row=int(rows[index]), column=column)


def check_share_of_parts(share: pd.Series, part: pd.Series, other: pd.Series, *, tolerance: float, file: str,
                         column: str, rows: pd.Series, what: str, count_slack: float = 0.0) -> None:
    """A published share must equal part / (part + other) where all three are published.

    ``count_slack``: between two vintages a council's counts are revised by a few
    children, which moves a small council's share a lot; a difference is only
    refused when it is also more than this many children."""
    both = share.notna() & part.notna() & other.notna() & ((part + other) > 0)
    computed = part[both] / (part[both] + other[both])
    children_apart = (share[both] * (part[both] + other[both]) - part[both]).abs()
    wrong = ((computed - share[both]).abs() > tolerance) & (children_apart > count_slack)
    if wrong.any():
        index = computed.index[wrong][0]
        raise SourceError(
            f"{what}: the published share {share[index]:g} does not match the parts "
            f"({part[index]:g} of {part[index] + other[index]:g} = {computed[index]:.4f}); columns swapped or mis-scaled?",
            file=file, row=int(rows[index]), column=column,
        )


def allowed_jumps(source_id: str, path: Path = ALLOW_LIST) -> set[tuple[str, str, str, str]]:
    """(file, area_code, measure, period) of reviewed jumps; every entry must give its reason."""
    if not path.is_file():
        return set()
    allowed = set()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ALLOW_LIST_COLUMNS:
            raise SourceError(f"expected columns {ALLOW_LIST_COLUMNS}, found {reader.fieldnames}", file=path.name, row=1)
        for line, entry in enumerate(reader, start=2):
            if not (entry["reason"] or "").strip():
                raise SourceError("an allowed jump must give its reason", file=path.name, row=line, column="reason")
            if entry["source_id"] == source_id:
                allowed.add((entry["file"], entry["area_code"], entry["measure"], entry["period"]))
    return allowed


def check_jumps(frame: pd.DataFrame, *, source_id: str, file: str, area: str, measure: str, period: str, value: str,
                row: str, column_of: Callable[[pd.Series], str], allowed: set | None = None,
                factor: float = JUMP_FACTOR, min_change: float = JUMP_MIN_CHANGE) -> None:
    """A count that jumps by more than ``factor`` (and ``min_change``) from one year to the next
    stops the build, unless the jump is in the allow-list. Periods are consecutive years
    ('2015-16' then '2016-17'); a gap in the series is not a jump."""
    allowed = allowed_jumps(source_id) if allowed is None else allowed
    series = frame[frame[value].notna()].copy()
    series["_year"] = pd.to_numeric(series[period].astype(str).str[:4], errors="coerce")
    series = series.sort_values([area, measure, "_year"])
    grouped = series.groupby([area, measure])
    previous, previous_year = grouped[value].shift(), grouped["_year"].shift()
    consecutive = (series["_year"] - previous_year) == 1
    ratio = series[value] / previous
    jump = consecutive & (previous > 0) & ((ratio > factor) | (ratio < 1 / factor)) & ((series[value] - previous).abs() >= min_change)
    for index in series.index[jump]:
        entry = series.loc[index]
        key = (file, str(entry[area]), str(entry[measure]), str(entry[period]))
        if key not in allowed:
            raise SourceError(
                f"{entry[measure]} for {entry[area]} jumps from {previous[index]:g} to {entry[value]:g} in {entry[period]} "
                f"(more than x{factor:g}); if it is real, add it with its reason to {ALLOW_LIST.name}",
                file=file, row=int(entry[row]), column=column_of(entry),
            )
