"""Council indicators published by the LGBF as values only (no counts).

Why helpers: the LGBF publishes percentages and rates by council and for Scotland,
stored as fractions for percentages; a missing council-year is an absent row,
which is "not available", never zero. Without counts no confidence interval can
be given, and each such indicator says so in its caveats.
"""
from __future__ import annotations

import pandas as pd

from contract.areas import SCOTLAND
from indicators import inputs
from indicators.base import IndicatorMeta, observations
from contract.status import Status

# Item 4 of issue 13: the 2019-20 figure beside the 31 July 2020 counts is not from the same vintage, and the page says so.
VINTAGE_2019_20_CAVEAT = (
    "Not the same vintage as the 31 July 2020 counts: 2019-20 (the baseline) comes from the Improvement Service's March 2024 "
    "extract, while the counts of children looked after at 31 July 2020 come from its January 2022 vintage (they match the "
    "Scottish Government's published Promise baseline). The two vintages differ for 2019-20 (their counts of children differ "
    "for many councils), and the January 2022 vintage held here has counts only, so this figure cannot be taken from it.")
VALUE_ONLY_CAVEAT = ("Published by the LGBF as a value only, without counts: no confidence interval can be given, and small councils' figures vary widely from year to year.")  # every LGBF value-only indicator


def values(meta: IndicatorMeta, tables, code: str, *, multiplier: float = 1.0) -> pd.DataFrame:
    """Councils and Scotland for one LGBF indicator code, as published (× multiplier)."""
    lgbf = tables["lgbf"]
    councils = lgbf["council_values"]
    councils = councils[councils["indicator_code"] == code].rename(columns={"council_code": "area_code"})
    scotland = lgbf["scotland_values"]
    scotland = scotland[scotland["indicator_code"] == code].assign(area_code=SCOTLAND)
    both = pd.concat([councils, scotland], ignore_index=True)
    if both.empty:
        raise KeyError(f"LGBF indicator {code} is not in the LGBF extract")
    published = both["value_status"] == Status.PUBLISHED.value
    rows = pd.DataFrame({
        "area_code": both["area_code"], "period": both["period"],
        "value": both["value"].where(published) * multiplier,
        "source_id": "lgbf", "vintage": both["vintage"], "provisional": False, "source_ref": both["source_ref"],
    })
    return rows


def with_national(meta: IndicatorMeta, tables, code: str, measure: str | None, *, multiplier: float = 1.0) -> pd.DataFrame:
    """LGBF councils and Scotland, with SG national figures for Scotland in years the LGBF lacks."""
    rows = values(meta, tables, code, multiplier=multiplier)
    rows = rows.dropna(subset=["value"]) if rows["value"].notna().any() else rows
    if measure is not None:
        national = inputs.national_series(tables, measure).drop(columns="source_url")
        rows = pd.concat([rows, national[~national["period"].isin(rows.loc[rows["area_code"] == SCOTLAND, "period"])]], ignore_index=True)
    grid = inputs.complete_grid(rows, inputs.all_area_codes(tables))
    return observations(meta, grid)
