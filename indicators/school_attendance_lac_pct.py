"""School attendance of looked after pupils (LGBF CHN19b; SG EOLAC for later years).

Why: the framework's first education outcome is that care-experienced children spend more time in school."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_3, VISION_3_OUTCOME_1

META = IndicatorMeta(
    id='school_attendance_lac_pct',
    title='School attendance of looked after pupils (%)',
    vision_statement=VISION_3,
    outcome=VISION_3_OUTCOME_1,
    framework_indicator='Rate of attendance for pupils who experienced care at some point within the school year',
    measure='Half-days attended as a percentage of possible half-days, pupils looked after during the school year (biennial).',
    numerator_definition='Half-day attendances (not published).',
    denominator_definition='Possible half-day attendances (not published).',
    unit='%',
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason='The outcome is more time in school.',
    baseline_period='2018-19',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('lgbf', 'sg_csws_national'),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    counts=(),
    companion='school_attendance_all_pct',
    national_measures=('attendance rate of looked after pupils',),
    direction_method='absolute_2pp',
    direction_rule='Improving or worsening when attendance differs from the 2018-19 figure (the last before the 2020 baseline year, collected every two years) by more than 2 percentage points; maintaining otherwise.',
    caveats=('Biennial until 2022-23, then annual: councils to 2020-21 (LGBF CHN19b), Scotland later from SG Education Outcomes for Looked After Children.', lgbf_values.VALUE_ONLY_CAVEAT, 'Read beside attendance of all pupils (school_attendance_all_pct).'),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN19b", "attendance rate of looked after pupils", multiplier=100)


INDICATOR = Indicator(META, compute)
