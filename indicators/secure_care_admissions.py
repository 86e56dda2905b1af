"""Admissions to secure care during the year.

Why: context for the average population, the other side of the Promise's aim to stop locking up children."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='secure_care_admissions',
    title='Admissions to secure care',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator='',
    measure='Number of admissions to secure care accommodation during the reporting year.',
    numerator_definition='Admissions (a child admitted twice counts twice).',
    denominator_definition='None (a count).',
    unit='admissions',
    decimals=0,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason='The Promise is that children are not locked up.',
    baseline_period='2021-22',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.COUNT,
    counts=(CountLink("value", "secure_care_admissions", "total"),),
    caveats=('Context, not a framework indicator.', 'No 2019-20 or 2020-21 figure is in the open sources used, so the baseline here is 2021-22.', "2015-16 is labelled as in the source ('since 2016')."),
)


def compute(tables):
    return national.count(META, tables, "admissions to secure care accommodation")


INDICATOR = Indicator(META, compute)
