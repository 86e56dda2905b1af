"""Exclusions per 1,000 looked after pupils (LGBF CHN20b; SG EOLAC for later years).

Why: the framework's second attendance indicator: exclusion takes children out of school."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity, UnpublishedBase
from indicators.framework_text import VISION_3, VISION_3_OUTCOME_1

META = IndicatorMeta(
    id='school_exclusions_lac_rate',
    title='Exclusions per 1,000 looked after pupils',
    vision_statement=VISION_3,
    outcome=VISION_3_OUTCOME_1,
    framework_indicator='Cases of exclusions per 1,000 pupils who experienced care at some point within the school year',
    measure='Cases of exclusion per 1,000 pupils looked after during the school year (biennial).',
    numerator_definition='Cases of exclusion (not published).',
    denominator_definition='Looked after pupils (not published).',
    unit='per 1,000 pupils',
    decimals=0,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason='The outcome is more time in school.',
    baseline_period='2018-19',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('lgbf', 'sg_csws_national'),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    scale=1000.0,
    # Its base is published elsewhere: a value that gives a count below 5 over a small base is withheld.
    unpublished_base=UnpublishedBase('Looked after pupils by council (published by the Scottish Government in Education Outcomes for Looked After Children).', source_decimals=5),
    counts=(),
    companion='school_exclusions_all_rate',
    national_measures=('exclusions per 1000 looked after pupils',),
    direction_method='relative_10pct',
    direction_rule='Improving or worsening when the rate differs from the 2018-19 figure by more than 10%; maintaining otherwise (no counts, so no interval).',
    caveats=('Biennial: councils to 2020-21 (LGBF CHN20b), Scotland 2022-23 from SG EOLAC.', 'CELCIS labels the 78 per 1,000 as 2021-22; gov.scot says 2020/21, which is used.', lgbf_values.VALUE_ONLY_CAVEAT, 'Several small councils have no figure in some years (absent rows in the LGBF): shown as [x].'),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN20b", "exclusions per 1000 looked after pupils")


INDICATOR = Indicator(META, compute)
