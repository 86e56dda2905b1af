"""The small-number rule in words and its stated bases: written by the build, explained by the pages.

Why in ``contract``: like the status vocabulary, the rule is part of the stored
contract. ``disclosure.small_numbers`` applies it at build time and the indicator
page states it; neither side may import the other.
"""
from __future__ import annotations

from dataclasses import dataclass

UNRELIABLE_BELOW = 20  # events (rates) or children (shares): read by disclosure.policy and the pages


@dataclass(frozen=True)
class StatedBase:
    """A published count standing in for a base the source does not publish."""

    count_indicator: str
    below: int
    reason: str


LOOKED_AFTER_PUPILS = StatedBase(
    count_indicator="looked_after_count", below=100,
    reason="The LGBF publishes this figure without its counts. Looked after pupils are fewer than the children looked "
           "after, so in a council with fewer than 100 children looked after (at 31 July ending the school year) the "
           "figure rests on a few dozen pupils at most and fewer than 20 events.",
)
LOOKED_AFTER_CHILDREN = StatedBase(
    count_indicator="looked_after_count", below=UNRELIABLE_BELOW,
    reason="The LGBF publishes this share without its counts: it is flagged where the council had fewer than 20 "
           "children looked after at 31 July ending the year.",
)
STATED_BASES: dict[str, StatedBase] = {
    "school_exclusions_lac_rate": LOOKED_AFTER_PUPILS,
    "school_attendance_lac_pct": LOOKED_AFTER_PUPILS,
    "more_than_one_placement_pct": LOOKED_AFTER_CHILDREN,
}


SHOWN_NOT_RANKED = " Such a figure is shown but never ranked, and its direction of travel is not assessed."


def rule_in_words(meta_kind: str, indicator_id: str) -> str:
    """The small-number rule of one indicator, as shown on its page."""
    if indicator_id in STATED_BASES:
        return STATED_BASES[indicator_id].reason + SHOWN_NOT_RANKED
    if meta_kind == "rate":
        return "A council's rate from fewer than 20 events is flagged [u]." + SHOWN_NOT_RANKED
    if meta_kind == "proportion":
        return "A council's share of fewer than 20 children is flagged [u]." + SHOWN_NOT_RANKED
    if meta_kind == "count":
        return "Not applied: a count is shown as published; counts are not ranked (councils differ in size)."
    return ("Not applied: the source publishes this figure without its counts, so figures from small numbers cannot be "
            "found; read small councils' figures with care.")
