"""Children looked after in residential accommodation at 31 July.

Why: the Promise asks that children who cannot live with their family live in a
family setting where possible; residential placements are the other side of that
balance, and councils plan capacity from the count.
"""
from __future__ import annotations

import pandas as pd

from indicators import inputs
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id="looked_after_residential_count",
    title="Children looked after in residential accommodation at 31 July",
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator="Number and percentage of children who are living in residential care each year",
    measure="Number of looked after children in residential accommodation on 31 July (snapshot).",
    numerator_definition="Children looked after in a local authority home, voluntary home, residential school, secure accommodation, crisis care or other residential placement at 31 July.",
    denominator_definition="None (a count).",
    unit="children",
    decimals=0,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason="The outcome asks that more children who need care live in a family setting.",
    baseline_period="2020",
    ci_method="none",
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=("lgbf", "sg_csws_national"),
    geographies=("country", "council"),
    kind=Kind.COUNT,
    counts=(CountLink("value", "looked_after", "residential"),),
    caveats=(
        "Councils and Scotland 2011-2022: the LGBF CHN08a denominator (children in residential placements), supplied by the Scottish Government; 2020 from the January 2022 LGBF vintage.",
        "Scotland 2024 (1,324): SG national figure not yet checked against the publication: taken from an earlier note, it has not yet been checked again on the Scottish Government's page and may change.",
    ),
)


def compute(tables) -> pd.DataFrame:
    return inputs.placement_count(META, tables, "residential", "looked after in residential accommodation at 31 July")


INDICATOR = Indicator(META, compute)
