"""Children looked after at 31 July per 1,000 children aged 0-17.

Why a rate: councils differ tenfold in child population, so only a rate compares
them; Byar's interval shows how much a small council's rate could move by chance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import inputs, looked_after_count
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity, observations
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1
from indicators.intervals import byar_rate_interval
from contract.status import Status


META = IndicatorMeta(
    id="looked_after_rate",
    title="Children looked after per 1,000 children aged 0-17",
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator="Number and rate of children in the 'care system' in Scotland during the year",
    measure="Children looked after at 31 July per 1,000 children aged 0-17 in the NRS mid-year population estimate of the same year.",
    numerator_definition="Children looked after at 31 July (the looked_after_count indicator).",
    denominator_definition="NRS mid-year (30 June) population estimate, persons aged 0 to 17, same area and year.",
    unit="per 1,000 children aged 0-17",
    decimals=1,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason="The Promise's outcome is that the rate of children entering and staying in care decreases.",
    baseline_period="2020",
    ci_method="byar",
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=("lgbf", "sg_csws_national", "nrs_population"),
    geographies=("country", "council"),
    scale=1000.0,
    kind=Kind.RATE,
    counts=(CountLink("numerator", "looked_after", "total"),),
    caveats=(
        "No rate is shown ([x]) for years with no NRS estimate in the sources used (2019, 2021, 2023 onwards): a missing population is never estimated.",
        "95% confidence interval by Byar's method, treating the count as Poisson.",
        *looked_after_count.META.caveats,
    ),
    series_breaks=("2022: NRS estimates from mid-2022 are based on Census 2022; earlier years on Census 2011.",),
)


def compute(tables) -> pd.DataFrame:
    counts = looked_after_count.compute(tables)
    counts = counts[["area_code", "period", "value", "status", "source_id", "vintage", "provisional", "source_ref"]]
    frame = counts.merge(inputs.population_0_17(tables), on=["area_code", "period"], how="left", suffixes=("", "_population"))
    source_ref, vintage = inputs.with_denominator_provenance(frame["source_ref"], frame["vintage"],
                                                             frame["source_ref_population"], frame["vintage_population"])
    count = inputs.as_float(frame["value"])
    population = inputs.as_float(frame["population"])
    usable = (frame["status"] == Status.PUBLISHED.value).to_numpy() & np.isfinite(population)
    rate = np.where(usable, count / population * META.scale, np.nan)
    lower, upper = byar_rate_interval(count, population, META.scale)
    rows = pd.DataFrame({
        "area_code": frame["area_code"],
        "period": frame["period"],
        "numerator": np.where(usable, count, np.nan),
        "denominator": np.where(usable, population, np.nan),
        "value": rate,
        "ci_lower": np.where(usable, lower, np.nan),
        "ci_upper": np.where(usable, upper, np.nan),
        "source_id": frame["source_id"],
        "vintage": vintage,
        "provisional": frame["provisional"],
        "source_ref": source_ref,
    })
    return observations(META, rows)


INDICATOR = Indicator(META, compute)
