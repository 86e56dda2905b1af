"""The enums of indicator metadata, read by the build and by the pages.

Why enums at the bottom: the web side used to compare polarity and interval method
as string literals ("no_judgement", "none"), so a renamed value would have
silently changed a ranking's order. Both sides now read the same members.
"""
from __future__ import annotations

from enum import Enum


class Polarity(str, Enum):
    UP_IS_GOOD = "up_is_good"
    DOWN_IS_GOOD = "down_is_good"
    NO_JUDGEMENT = "no_judgement"  # contextual: more or fewer is neither better nor worse in itself


class Kind(str, Enum):
    COUNT = "count"  # value is a count of children
    RATE = "rate"  # value = numerator count / population x per
    PROPORTION = "proportion"  # value = numerator count / denominator count x 100
    VALUE = "value"  # a published percentage, rate or average with no counts behind it


class IntervalMethod(str, Enum):
    BYAR = "byar"  # rates and counts (Poisson)
    WILSON = "wilson"  # proportions
    NONE = "none"  # no interval: a count, or a published value without its counts


class PeriodType(str, Enum):
    SNAPSHOT_31_JULY = "snapshot_31_july"  # period '2020' = at 31 July 2020
    REPORTING_YEAR = "reporting_year"  # period '2019-20' = 1 August 2019 to 31 July 2020
    FINANCIAL_YEAR = "financial_year"  # period '2019-20' = 1 April 2019 to 31 March 2020
