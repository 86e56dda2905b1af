"""Every indicator the build computes, in an explicit tuple.

Why explicit: a module that exists but is not listed would silently never reach
the dashboard; a test checks that every module in this package is listed here.
"""
from __future__ import annotations

from indicators import (
    looked_after_community_pct,
    looked_after_count,
    looked_after_rate,
    looked_after_residential_count,
)
from indicators.base import Indicator

INDICATORS: tuple[Indicator, ...] = (
    looked_after_count.INDICATOR,
    looked_after_rate.INDICATOR,
    looked_after_community_pct.INDICATOR,
    looked_after_residential_count.INDICATOR,
)
NON_INDICATOR_MODULES = frozenset({"base", "schema", "inputs", "intervals", "registry", "framework_text"})


def by_id(indicator_id: str) -> Indicator:
    for indicator in INDICATORS:
        if indicator.meta.id == indicator_id:
            return indicator
    raise KeyError(f"unknown indicator {indicator_id!r}")
