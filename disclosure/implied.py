"""Small counts implied by a value-only share or rate whose base is published elsewhere.

Why: the LGBF publishes some shares and rates about looked after children without
their counts (CP re-registrations within 18 months, exclusions per 1,000 looked
after pupils), and the Scottish Government publishes the bases by council in its
additional tables. A published 14.29% is 1 of 7; 13.33% is 2 of 15. So a value
whose simplest fraction, to the decimals the source publishes, has a base below
``SMALL_BASE_BELOW`` and a numerator (or, for a share, a complement) of 1 to
threshold-1 is withheld: it would publish a count below the threshold. True zeros
stay. The rule looks only at the figure itself; a withheld cell says no more than
"a small count" does.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import pandas as pd

SMALL_BASE_BELOW = 20  # as for rates: fewer than 20 children or events is a small base


def simplest_fraction(value: float, scale: float, source_decimals: int) -> Fraction:
    """The fraction with the smallest denominator that the source's rounded figure cannot be told from."""
    half_unit = 0.5 * 10.0 ** (-source_decimals)
    target = value / scale
    for denominator in range(1, SMALL_BASE_BELOW):
        numerator = round(target * denominator)
        if abs(numerator / denominator - target) <= half_unit + 1e-12:
            return Fraction(numerator, denominator)
    return Fraction(target).limit_denominator(10**6)


def implies_small_count(value: float, scale: float, source_decimals: int, threshold: int, share: bool) -> bool:
    fraction = simplest_fraction(value, scale, source_decimals)
    if fraction.denominator >= SMALL_BASE_BELOW or fraction.numerator == 0:
        return False
    complement = fraction.denominator - fraction.numerator
    return 0 < fraction.numerator < threshold or (share and 0 <= complement < threshold)


def small_base_rows(frame: pd.DataFrame, metas: Sequence, thresholds: dict[str, int]) -> pd.Series:
    """Rows of value-only figures over a base published elsewhere that give a count below the threshold."""
    hit = pd.Series(False, index=frame.index)
    for meta in metas:
        base = getattr(meta, "unpublished_base", None)
        if base is None:
            continue
        rows = (frame["indicator_id"] == meta.id) & frame["value"].notna() & (frame["status"] == "ok")
        share = meta.unit == "%"
        hit[rows] = [implies_small_count(v, meta.scale, base.source_decimals, thresholds[meta.id], share)
                     for v in frame.loc[rows, "value"]]
    return hit
