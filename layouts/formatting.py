"""How figures and symbols read on screen, in tables, in files and in images.

Why one module: a withheld cell must read ``[c]`` in the chart's hover, the
table, the CSV and the exported image alike, and a number must be rounded the
same way everywhere (DESIGN.md §4.7).
"""
from __future__ import annotations

import math

from contract.indicator import Polarity
from contract.status import EXPLANATIONS, Status
from layouts.indicator_info import IndicatorInfo

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


NOT_ASSESSED_REASONS = {
    "[u]": "not assessed: small numbers",
    "[c]": "not assessed: a figure is withheld",
}
POLARITY_WORDS = {Polarity.UP_IS_GOOD: "higher is better", Polarity.DOWN_IS_GOOD: "lower is better"}


def direction_phrase(change, change_status, direction, direction_status, polarity: str) -> tuple[str, str]:
    """(arrow, words) for a direction of travel; the arrow shows which way the figure moved,
    the words say whether that is good and why, so the two never contradict each other.

    '▼', 'improving (fell; lower is better)'; '►', 'maintaining (no clear change by the rule)';
    '', 'not assessed: small numbers'."""
    if polarity not in POLARITY_WORDS:
        return "", "not assessed: neither higher nor lower is better"
    if not has_number(direction, direction_status or "[x]"):
        return "", NOT_ASSESSED_REASONS.get(direction_status, "not assessed")
    words = DIRECTION_WORDS.get(float(direction))
    if words is None:
        return "", "not assessed"
    if words == "maintaining" or not has_number(change, change_status or "[x]") or float(change) == 0:
        return "►", "maintaining (no clear change by the rule)"
    moved = "rose" if float(change) > 0 else "fell"
    return ("▲" if moved == "rose" else "▼"), f"{words} ({moved}; {POLARITY_WORDS[polarity]})"


def versus_words(value, status, meta: IndicatorInfo) -> str:
    """Compared with Scotland, in words, or why no comparison is made (no internal labels)."""
    if meta.is_count:
        return "not compared: a count (councils differ in size)"
    if status is None or (isinstance(status, float) and math.isnan(status)):
        return "not tested" if meta.has_interval else "not tested: no confidence interval"
    if not has_number(value, status):
        return {"[c]": "not tested: withheld [c]", "[u]": "not tested: small numbers [u]"}.get(
            status, "not tested: no figure" if meta.has_interval else "not tested: no confidence interval")
    return VERSUS_WORDS.get(float(value), "not tested")


NOT_RANKED = {"[c]": "not ranked: withheld [c]", "[x]": "not ranked: not available [x]", "[z]": "not ranked: not applicable [z]",
              "[u]": "not ranked: small numbers [u]", "[low]": "not ranked"}


def not_ranked_reason(meta: IndicatorInfo, status: str) -> str:
    if meta.is_count:
        return "not ranked: a count (councils differ in size)"
    if not meta.judged:
        return "not ranked: context (neither higher nor lower is better)"
    return NOT_RANKED.get(status, "not ranked")


def interval_words(meta: IndicatorInfo) -> str:
    """Why a figure has no confidence interval, by what kind of figure it is."""
    if meta.is_count:
        return "None: a count of children, not an estimate."
    return "None: the source publishes this figure without its counts."


def flagged_cell(series, meta: IndicatorInfo, small: bool = False) -> str:
    """A cell of one observation row, with [u] added when it rests on small numbers (flagged at build time)."""
    if series is None:
        return Status.NOT_AVAILABLE.value
    text = format_cell(series["value"], series["status"], meta.decimals, meta.unit)
    published = series["status"] == Status.PUBLISHED.value and has_number(series["value"], series["status"])
    return f"{text} [u]" if small and published else text
