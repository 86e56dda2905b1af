"""Looked after school leavers in a positive destination nine months after leaving.

Why: the framework's attainment outcome is measured by follow-up destinations."""
from __future__ import annotations

from indicators import national
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_3, VISION_3_OUTCOME_2

META = IndicatorMeta(
    id='leavers_positive_destination_pct',
    title='Looked after school leavers in a positive follow-up destination (%)',
    vision_statement=VISION_3,
    outcome=VISION_3_OUTCOME_2,
    framework_indicator='Percentage of school leavers who experienced care during their last year at school entering a positive destination 9 months after leaving school',
    measure='Percentage of school leavers looked after during their last year at school who were in a positive destination (education, training, employment, voluntary work) at the follow-up survey, about nine months after leaving.',
    numerator_definition='Looked after leavers in a positive follow-up destination (as published by SG).',
    denominator_definition='Looked after school leavers (as published by SG).',
    unit='%',
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason="The outcome is that care-experienced learners' outcomes improve.",
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.VALUE,
    counts=(),
    direction_method='absolute_2pp',
    direction_rule='Improving or worsening when the percentage differs from the comparison year by more than 2 percentage points; maintaining otherwise (counts are not published, so no interval can be given).',
    caveats=('SG publishes the percentage, not the counts: no confidence interval is given.', 'Follow-up figures for 2009-10, 2018-19, 2019-20 and 2021-22 to 2023-24; no 2020-21 figure in the open sources used.', '2023-24 (72.4%) not yet checked against the publication: taken from an earlier note, it has not yet been checked again on the Scottish Government\'s page and may change.'),
)


def compute(tables):
    return national.published(META, tables, "% LAC leavers in positive follow-up destination")


INDICATOR = Indicator(META, compute)
