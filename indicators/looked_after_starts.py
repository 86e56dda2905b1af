"""Children who started to be looked after during the year.

Why: the framework's first outcome is that the rate of children entering care decreases."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='looked_after_starts',
    title='Children who started to be looked after during the year',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator="Number of children (0-17 years) entering the 'care system' during the year",
    measure='Number of children who started to be looked after between 1 August and 31 July.',
    numerator_definition='Children starting a new episode of being looked after during the reporting year.',
    denominator_definition='None (a count).',
    unit='children',
    decimals=0,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason='The outcome is that fewer children need to enter care.',
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.COUNT,
    counts=(CountLink("value", "looked_after_starts", "total"),),
    national_measures=('started to be looked after',),
    caveats=('Scotland only: council figures are in the SG workbooks, which are not among the open files used here.', 'Published years only: 2013-14, 2018-19, 2019-20, 2021-22, 2022-23 and 2023-24; the missing years are not estimated.'),
)


def compute(tables):
    return national.count(META, tables, "started to be looked after")


INDICATOR = Indicator(META, compute)
