"""Share of looked after children living with kinship carers.

Why: the outcome counts kinship care as a family setting."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='looked_after_kinship_pct',
    title='Looked after children living in kinship care (%)',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator='Number and percentage of children who are living in kinship care each year',
    measure='Children looked after with kinship carers (friends or relatives) at 31 July as a percentage of all children looked after.',
    numerator_definition='Children looked after with kinship carers: friends/relatives, at 31 July.',
    denominator_definition='All children looked after at 31 July.',
    unit='%',
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason='The outcome asks that more children who need care live in a family setting such as kinship care.',
    baseline_period='2020',
    ci_method='wilson',
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.PROPORTION,
    scale=100.0,
    counts=(CountLink("numerator", "looked_after", "kinship"), CountLink("denominator", "looked_after", "total")),
    caveats=('Scotland only: 2011, 2020 and 2021 computed from the counts in CSWS 2020-21 Table 1.1 (with a Wilson interval); 2022-2024 the percentage SG published in CSWS 2022-23 and 2023-24 (no interval).',),
)


def compute(tables):
    return national.placement_share(META, tables, ["With kinship carers: friends/relatives"],
                                   published_share="% of looked after children with kinship carers at 31 July")


INDICATOR = Indicator(META, compute)
