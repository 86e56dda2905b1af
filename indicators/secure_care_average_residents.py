"""Average number of children in secure care accommodation.

Why: the Promise says Scotland must stop locking up children; the framework tracks the average daily population."""
from __future__ import annotations

from indicators import national
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='secure_care_average_residents',
    title='Average number of children in secure care',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator='Average number of children living in secure care on a given day throughout the year',
    measure="Average daily number of residents in Scotland's secure care centres over the reporting year.",
    numerator_definition='Average number of residents in secure care accommodation.',
    denominator_definition='None (an average count).',
    unit='children',
    decimals=0,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason='The Promise is that children are not locked up.',
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.VALUE,
    counts=(),
    national_measures=('average number of residents in secure care accommodation',),
    direction_method='relative_10pct',
    direction_rule='Improving or worsening when the figure differs from the baseline by more than 10%; maintaining otherwise (an average, so no count interval applies); not assessed without a baseline figure.',
    caveats=('Includes young people placed from outside Scotland (2024-25: 6 of 58).', 'Secure care centres take children from across Scotland: not by council.'),
)


def compute(tables):
    return national.published(META, tables, "average number of residents in secure care accommodation")


INDICATOR = Indicator(META, compute)
