"""How figures and symbols read on screen, in tables, in files and in images.

Why one module: a withheld cell must read ``[c]`` in the chart's hover, the
table, the CSV and the exported image alike, and a number must be rounded the
same way everywhere (DESIGN.md §4.7).
"""
from __future__ import annotations

import math

from store.status import EXPLANATIONS, Status

WITHHELD = {Status.CONFIDENTIAL.value, Status.NOT_AVAILABLE.value, Status.NOT_APPLICABLE.value}
DIRECTION_WORDS = {1.0: "improving", 0.0: "maintaining", -1.0: "worsening"}


def has_number(value, status: str) -> bool:
    return status not in WITHHELD and value is not None and not (isinstance(value, float) and math.isnan(value))


def format_number(value: float, decimals: int, unit: str = "") -> str:
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if unit == "%" else text


def format_cell(value, status: str, decimals: int, unit: str = "") -> str:
    """'14,458', '90.1%', '6.0 [u]', or the symbol alone for a withheld cell."""
    if not has_number(value, status):
        return status if status in WITHHELD else Status.NOT_AVAILABLE.value
    text = format_number(float(value), decimals, unit)
    return text if status == Status.PUBLISHED.value else f"{text} {status}"


def format_change(value, status: str, decimals: int, unit: str) -> str:
    if not has_number(value, status):
        return status if status in WITHHELD else Status.NOT_AVAILABLE.value
    suffix = " percentage points" if unit == "%" else ""
    return f"{value:+,.{decimals}f}{suffix}"


def direction_text(value, status: str) -> str:
    if not has_number(value, status):
        return "not assessed"
    return DIRECTION_WORDS.get(float(value), "not assessed")


VERSUS_WORDS = {1.0: "higher than Scotland", 0.0: "similar to Scotland", -1.0: "lower than Scotland"}


def versus_text(value, status) -> str:
    """Significance against Scotland, in words (95% intervals)."""
    if status is None or (isinstance(status, float) and math.isnan(status)):
        return "no interval"
    if not has_number(value, status):
        return status if status in WITHHELD else "no interval"
    return VERSUS_WORDS.get(float(value), "no interval")


def symbol_explanations(statuses) -> list[tuple[str, str]]:
    """(symbol, explanation) for each symbol among ``statuses``, in a fixed order."""
    present = set(statuses)
    return [(s.value, EXPLANATIONS[s]) for s in Status if s is not Status.PUBLISHED and s.value in present]
