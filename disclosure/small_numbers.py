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
  a stated base from a published count, ``contract.small_numbers.STATED_BASES``.

Every input is a published figure. A base count that is withheld or missing
flags the figure as small (the conservative reading, which reveals nothing about
the withheld count beyond its symbol). Scotland is never flagged.
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from contract.areas import SCOTLAND
from contract.status import Status, WITH_VALUE_SYMBOLS
from disclosure.policy import UNRELIABLE_BELOW
from contract.small_numbers import STATED_BASES

SMALL_NUMBER = "small_number"


def _end_year(period: str) -> str:
    """'2020-21' → '2021' (31 July ending the year); '2020' stays."""
    text = str(period)
    return str(int(text[:4]) + 1) if len(text) == 7 and text[4] == "-" else text


def small_number_keys(frame: pd.DataFrame, metas: Sequence) -> set[tuple[str, str, str]]:
    """(indicator_id, area_code, period) of every council figure with a value that rests on small numbers."""
    councils = frame[(frame["area_code"] != SCOTLAND) & frame["status"].isin(WITH_VALUE_SYMBOLS)]
    keys: set[tuple[str, str, str]] = set()
    for meta in metas:
        rows = councils[councils["indicator_id"] == meta.id]
        if rows.empty:
            continue
        kind = meta.kind.value
        if meta.id in STATED_BASES:
            base = STATED_BASES[meta.id]
            counts = frame[(frame["indicator_id"] == base.count_indicator) & frame["status"].isin(WITH_VALUE_SYMBOLS)]
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
