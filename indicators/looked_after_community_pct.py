"""Percentage of looked after children looked after in the community (balance of care).

Why: the Promise's outcome is that children who need care live at home or in a
family setting; the share in the community is the framework's measure of it and
the LGBF's CHN09 at council level.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import inputs
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity, observations, prefer
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1
from indicators.intervals import wilson_interval

META = IndicatorMeta(
    id="looked_after_community_pct",
    title="Looked after children in the community (%)",
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator="Number and percentage of children in the 'care system' living in the community each year",
    measure="Children looked after in the community at 31 July as a percentage of all children looked after in the community or in residential accommodation.",
    numerator_definition="Children looked after at home with parents, with kinship carers, with foster carers, with prospective adopters or in other community placements at 31 July.",
    denominator_definition="All children looked after at 31 July (community plus residential accommodation).",
    unit="%",
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason="The outcome asks that a higher proportion of children who need care stay at home or in a family setting.",
    baseline_period="2020",
    ci_method="wilson",
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=("lgbf", "sg_csws_national"),
    geographies=("country", "council"),
    scale=100.0,
    kind=Kind.PROPORTION,
    counts=(CountLink("numerator", "looked_after", "community"), CountLink("denominator", "looked_after", "total")),
    caveats=(
        "Equals the LGBF's CHN09 (balance of care) by council; computed here from the published counts so that a confidence interval can be given.",
        "95% confidence interval by Wilson's score method.",
        "Scotland 2024: SG national counts, community 10,518 ÷ (10,518 + 1,324 in residential accommodation) = 11,842, as the indicator is defined; SG's published total of all looked after children is 11,844. Both counts are provisional: not yet checked again on the SG publication page.",
    ),
)


def _national(tables) -> pd.DataFrame:
    """SG national years: community ÷ (community + residential), both from the same
    publication, as the indicator (and the LGBF's CHN09) defines the share."""
    community = inputs.national_series(tables, "looked after in the community at 31 July")
    residential = inputs.national_series(tables, "looked after in residential accommodation at 31 July")
    both = community.merge(residential[["period", "value", "provisional", "source_ref"]], on="period", suffixes=("", "_total"))
    both["value_total"] = both["value"] + both["value_total"]
    return pd.DataFrame({
        "area_code": both["area_code"],
        "period": both["period"],
        "community": both["value"],
        "total": both["value_total"],
        "source_id": both["source_id"],
        "vintage": both["vintage"],
        "provisional": both["provisional"] | both["provisional_total"],
        "source_ref": both["source_ref"] + "; " + both["source_ref_total"],
    })


def compute(tables) -> pd.DataFrame:
    local = inputs.placements_by_area(tables)[["area_code", "period", "community", "total", "source_id", "vintage", "provisional", "source_ref"]]
    combined = prefer(local, _national(tables), ["area_code", "period"])
    grid = inputs.complete_grid(combined, inputs.all_area_codes(tables))
    numerator = inputs.as_float(grid["community"])
    denominator = inputs.as_float(grid["total"])
    lower, upper = wilson_interval(numerator, denominator)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(denominator > 0, numerator / denominator * 100, np.nan)
    rows = grid[["area_code", "period", "source_id", "vintage", "provisional", "source_ref"]].assign(
        numerator=numerator, denominator=denominator, value=share, ci_lower=lower * 100, ci_upper=upper * 100
    )
    # SG national years: the denominator (community + residential) is not the published count of all
    # children looked after (11,842 vs 11,844 in 2024), so it is not published as that count (the caveat gives it).
    national = rows["source_id"].eq("sg_csws_national")
    rows.loc[national, "denominator"] = np.nan
    return observations(META, rows)


INDICATOR = Indicator(META, compute)
