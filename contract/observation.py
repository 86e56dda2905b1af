"""The columns of the stored tables both sides read: observations and England's context.

Why here: the indicators write these columns, disclosure controls them, the store
keeps them under the natural key and every view and download reads them, so they
are named once, below all of those.
"""
from __future__ import annotations

OBSERVATION_COLUMNS: list[str] = [
    "indicator_id", "area_code", "period", "period_end", "dimension", "category",
    "numerator", "denominator", "value", "ci_lower", "ci_upper",
    "status", "source_id", "vintage", "provisional", "source_ref",
]
NATURAL_KEY: list[str] = ["indicator_id", "area_code", "period", "dimension", "category"]
NUMBER_COLUMNS: list[str] = ["numerator", "denominator", "value", "ci_lower", "ci_upper"]
NO_BREAKDOWN = "all"  # dimension/category of a figure with no breakdown (never NULL)

# The interval columns as downloads and "all data" name them: spelled out, so a file needs no legend.
LOWER_CONFIDENCE_LIMIT, UPPER_CONFIDENCE_LIMIT = "lower_confidence_limit", "upper_confidence_limit"
SPELLED_OUT: dict[str, str] = {"ci_lower": LOWER_CONFIDENCE_LIMIT, "ci_upper": UPPER_CONFIDENCE_LIMIT}

# England's context (DfE), kept apart from Scotland's observations.
CONTEXT_COLUMNS: list[str] = ["series", "area_code", "area_name", "area_level", "region_code", "period", "period_end",
                              "measure", "count", "rate_per_10000", "rate_per_1000", "status", "source_id", "vintage",
                              "source_ref"]
CONTEXT_NUMBER_COLUMNS: tuple[str, ...] = ("count", "rate_per_10000", "rate_per_1000")
