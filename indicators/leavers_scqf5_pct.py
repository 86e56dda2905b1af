"""Looked after school leavers with at least one qualification at SCQF level 5.

Why: the framework's attainment indicator (SCQF level 6) is not in the open sources; level 5 is the nearest published measure, shown as context."""
from __future__ import annotations

from indicators import national
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_3, VISION_3_OUTCOME_2

META = IndicatorMeta(
    id='leavers_scqf5_pct',
    title='Looked after school leavers with 1+ qualification at SCQF level 5 or better (%)',
    vision_statement=VISION_3,
    outcome=VISION_3_OUTCOME_2,
    framework_indicator='Percentage of school leavers who experienced care during their last year at school achieving at least one SCQF level 5 qualification (or better)',
    measure='Percentage of looked after school leavers with one or more qualifications at SCQF level 5 or better.',
    numerator_definition='Looked after leavers with 1+ SCQF level 5 qualification (as published).',
    denominator_definition='Looked after school leavers (as published).',
    unit='%',
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason='Higher attainment is the outcome sought.',
    baseline_period='2021-22',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.VALUE,
    counts=(),
    direction_method='absolute_2pp',
    direction_rule='Improving or worsening when the percentage differs from the comparison year by more than 2 percentage points; maintaining otherwise (counts are not published, so no interval can be given).',
    caveats=('SG publishes the percentage, not the counts: no confidence interval is given.'),
)


def compute(tables):
    return national.published(META, tables, "% LAC leavers with 1+ qualification at SCQF level 5 or better")


INDICATOR = Indicator(META, compute)
