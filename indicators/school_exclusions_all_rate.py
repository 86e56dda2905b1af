"""Exclusions per 1,000 pupils, all pupils (LGBF CHN20a).

Why: the comparison for looked after pupils' exclusions."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_3, VISION_3_OUTCOME_1

META = IndicatorMeta(
    id='school_exclusions_all_rate',
    title='Exclusions per 1,000 pupils (all pupils)',
    vision_statement=VISION_3,
    outcome=VISION_3_OUTCOME_1,
    framework_indicator='',
    measure='Cases of exclusion per 1,000 pupils, all pupils (biennial).',
    numerator_definition='Cases of exclusion (not published).',
    denominator_definition='Pupils (not published).',
    unit='per 1,000 pupils',
    decimals=1,
    polarity=Polarity.NO_JUDGEMENT,
    polarity_reason='Context: the comparison for looked after pupils.',
    baseline_period='2018-19',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('lgbf',),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    counts=(),
    companion='school_exclusions_lac_rate',
    caveats=("Context for looked after pupils' exclusions.", lgbf_values.VALUE_ONLY_CAVEAT),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN20a", None)


INDICATOR = Indicator(META, compute)
