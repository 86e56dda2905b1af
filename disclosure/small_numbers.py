"""Small numbers: which council figures rest on too few events or children to rank or judge.

Why: a rate from a handful of pupils swings by hundreds per 1,000 from one year to
the next ("+455 per 1,000, worsening, worst" for an island council). Such a figure
is still shown, flagged, but it is never ranked best or worst, never placed in a
quartile and its direction of travel is not assessed. The rule is stated here, in
one place, and read by ``derived`` (ranks, direction, council distribution) at
build time; the pages only read the flags it writes (measure ``small_number``).

The rule, per indicator kind:

- a rate: fewer than ``UNRELIABLE_BELOW`` (20) events in the numerator;
- a share: fewer than 20 children in the denominator;
- a value published without its counts (the LGBF's looked after pupils' figures):
  a stated base from a published count, ``STATED_BASES`` below.

Every input is a published figure. A base count that is withheld or missing
flags the figure as small (the conservative reading, which reveals nothing about
the withheld count beyond its symbol). Scotland is never flagged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from disclosure.policy import UNRELIABLE_BELOW
from store.status import Status

SCOTLAND = "S92000003"
SMALL_NUMBER = "small_number"
WITH_VALUE = {Status.PUBLISHED.value, Status.LOW.value, Status.UNRELIABLE.value}


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


def rule_in_words(meta_kind: str, indicator_id: str) -> str:
    """The small-number rule of one indicator, as shown on its page."""
    if indicator_id in STATED_BASES:
        return STATED_BASES[indicator_id].reason
    if meta_kind == "rate":
        return "A council's rate from fewer than 20 events is flagged [u]."
    if meta_kind == "proportion":
        return "A council's share of fewer than 20 children is flagged [u]."
    return "Not applied: a count is shown as published."


def _end_year(period: str) -> str:
    """'2020-21' → '2021' (31 July ending the year); '2020' stays."""
    text = str(period)
    return str(int(text[:4]) + 1) if len(text) == 7 and text[4] == "-" else text


def small_number_keys(frame: pd.DataFrame, metas: Sequence) -> set[tuple[str, str, str]]:
    """(indicator_id, area_code, period) of every council figure with a value that rests on small numbers."""
    councils = frame[(frame["area_code"] != SCOTLAND) & frame["status"].isin(WITH_VALUE)]
    keys: set[tuple[str, str, str]] = set()
    for meta in metas:
        rows = councils[councils["indicator_id"] == meta.id]
        if rows.empty:
            continue
        kind = meta.kind.value
        if meta.id in STATED_BASES:
            base = STATED_BASES[meta.id]
            counts = frame[(frame["indicator_id"] == base.count_indicator) & frame["status"].isin(WITH_VALUE)]
            published = dict(zip(zip(counts["area_code"], counts["period"].astype(str)), counts["value"]))
            small = [published.get((area, _end_year(period))) is None or published[(area, _end_year(period))] < base.below
                     for area, period in zip(rows["area_code"], rows["period"])]
        elif kind == "rate":
            small = list((rows["status"] == Status.UNRELIABLE.value) | (rows["numerator"] < UNRELIABLE_BELOW))
        elif kind == "proportion":
            small = list(rows["denominator"] < UNRELIABLE_BELOW)
        else:
            continue
        keys |= {(meta.id, area, str(period)) for area, period, flag in zip(rows["area_code"], rows["period"], small) if flag}
    return keys


def small_number_rows(keys: set[tuple[str, str, str]]) -> list[dict]:
    """The flags as derived figures (value 1), so every view reads the same flag."""
    return [{"indicator_id": i, "area_code": a, "group_type": "", "group_code": "", "period": p,
             "measure": SMALL_NUMBER, "value": 1.0, "status": Status.PUBLISHED.value} for i, a, p in sorted(keys)]
