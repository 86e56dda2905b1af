"""Young people in continuing care at 31 July.

Why: continuing care lets young people stay in their placement beyond 16; the framework lists it as a candidate."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_9, VISION_9_OUTCOME_1

META = IndicatorMeta(
    id='continuing_care_count',
    title='Young people in continuing care at 31 July',
    vision_statement=VISION_9,
    outcome=VISION_9_OUTCOME_1,
    framework_indicator='',
    measure='Number of young people in continuing care at 31 July (snapshot).',
    numerator_definition='Young people in continuing care at 31 July.',
    denominator_definition='None (a count).',
    unit='young people',
    decimals=0,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason='Continuing care is a right the Promise wants young people to be able to use.',
    baseline_period='2022',
    ci_method='none',
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.COUNT,
    counts=(CountLink("value", "continuing_care", "total"),),
    caveats=('Context series, not a framework indicator (the framework lists young people entering continuing care on ceasing to be looked after as a candidate).', 'No 2020 figure in the open sources used: the comparison point is 2022.', '2023 and 2024 provisional.'),
)


def compute(tables):
    return national.count(META, tables, "young people in continuing care at 31 July")


INDICATOR = Indicator(META, compute)
