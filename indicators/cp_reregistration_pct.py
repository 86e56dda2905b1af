"""Child protection re-registrations within 18 months (LGBF CHN22).

Why: a re-registration soon after de-registration suggests support ended too early; context for the support-system outcome."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity, UnpublishedBase
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_2

META = IndicatorMeta(
    id='cp_reregistration_pct',
    title='Child protection re-registrations within 18 months (%)',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_2,
    framework_indicator='',
    measure='Percentage of child protection registrations that were re-registrations within 18 months of a previous de-registration (LGBF CHN22).',
    numerator_definition='Re-registrations within 18 months (not published).',
    denominator_definition='Registrations (not published).',
    unit='%',
    decimals=1,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason='Fewer quick re-registrations suggest support that lasts.',
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('lgbf',),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    scale=100.0,
    # Its base is published elsewhere: a value that gives a count below 5 over a small base is withheld.
    unpublished_base=UnpublishedBase('Child protection registrations in the year by council (published by the Scottish Government in its child protection additional tables).', source_decimals=4),
    counts=(),
    direction_method='absolute_2pp',
    direction_rule='Improving or worsening when the percentage differs from the 2019-20 baseline by more than 2 percentage points; maintaining otherwise (no counts, so no interval).',
    caveats=('Context from open data, not a framework indicator.', lgbf_values.VALUE_ONLY_CAVEAT, lgbf_values.VINTAGE_2019_20_CAVEAT),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN22", None, multiplier=100)


INDICATOR = Indicator(META, compute)
