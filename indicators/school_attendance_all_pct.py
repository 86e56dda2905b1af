"""School attendance of all pupils (LGBF CHN19a).

Why: the comparison the framework implies for looked after pupils' attendance."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_3, VISION_3_OUTCOME_1

META = IndicatorMeta(
    id='school_attendance_all_pct',
    title='School attendance of all pupils (%)',
    vision_statement=VISION_3,
    outcome=VISION_3_OUTCOME_1,
    framework_indicator='',
    measure='Half-days attended as a percentage of possible half-days, all pupils (biennial).',
    numerator_definition='Half-day attendances (not published).',
    denominator_definition='Possible half-day attendances (not published).',
    unit='%',
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
    companion='school_attendance_lac_pct',
    caveats=("Context for looked after pupils' attendance.", lgbf_values.VALUE_ONLY_CAVEAT),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN19a", None, multiplier=100)


INDICATOR = Indicator(META, compute)
