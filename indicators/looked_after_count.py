"""Children looked after at 31 July, Scotland and every council.

Why a count as well as a rate: the framework names "number and rate", and a
council analyst reconciles the count with their own case management system.
"""
from __future__ import annotations

import pandas as pd

from indicators import inputs
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id="looked_after_count",
    title="Children looked after at 31 July",
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator="Number and rate of children in the 'care system' in Scotland during the year",
    measure="Number of children looked after by a local authority on 31 July (snapshot).",
    numerator_definition="Children looked after at 31 July, in the community (at home with parents, kinship, foster, prospective adopters, other community) or in residential accommodation.",
    denominator_definition="None (a count).",
    unit="children",
    decimals=0,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason="The Promise's outcome is that fewer children need to enter and stay in care.",
    baseline_period="2020",
    ci_method="none",
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=("lgbf", "sg_csws_national"),
    geographies=("country", "council"),
    national_measures=("children looked after at 31 July",),
    kind=Kind.COUNT,
    counts=(CountLink("value", "looked_after", "total"),),
    caveats=(
        "Councils and Scotland 2011-2022: Scottish Government counts as supplied to the Improvement Service for the LGBF (community + residential placements); 2020 from the January 2022 LGBF vintage, which equals the SG published baseline of 14,458.",
        "Scotland 2023-2024: SG national figures as first published; 2023 (12,206) was later revised by SG to 12,084.",
        "Scotland 2018: this series (LGBF, later vintage) gives 14,554; SG first published 14,738 in Children's Social Work Statistics 2017-18.",
    ),
)


def compute(tables) -> pd.DataFrame:
    return inputs.placement_count(META, tables, "total", "children looked after at 31 July")


INDICATOR = Indicator(META, compute)
