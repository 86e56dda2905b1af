"""Registrations to the child protection register per 1,000 children aged 0-17.

Why: the framework's indicator for the support-system outcome is a rate of
registrations; the framework annex says per 1,000 0-15-year-olds, but SG's Child
Protection publication now gives the rate per 1,000 children aged 0-17, so this
series follows SG's current definition and names the 0-15 definition as a series break."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_2

META = IndicatorMeta(
    id='cp_registrations_rate',
    title='Registrations to the child protection register per 1,000 children aged 0-17',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_2,
    framework_indicator='Rate of registrations to the child protection register from initial and pre-birth Case Conferences during the year per 1,000 0-15-year-olds',
    measure='Registrations to the child protection register during the year per 1,000 children aged 0-17 (NRS mid-year estimate of the year the period starts), as SG now publishes the rate.',
    numerator_definition='All registrations to the child protection register during the year.',
    denominator_definition='NRS mid-year population aged 0 to 17, Scotland, year the reporting year starts.',
    unit='per 1,000 children aged 0-17',
    decimals=1,
    polarity=Polarity.NO_JUDGEMENT,
    polarity_reason='A change in registrations is not in itself better or worse: context for the outcome.',
    baseline_period='2022-23',
    ci_method='byar',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('sg_csws_national', 'nrs_population'),
    geographies=('country',),
    kind=Kind.RATE,
    scale=1000.0,
    counts=(CountLink("numerator", "cp_registrations", "total"),),
    national_measures=('registrations to the child protection register during year',),
    series_breaks=('The framework annex defines this rate per 1,000 children aged 0-15; SG\'s Child Protection statistics now give it per 1,000 aged 0-17 (2023-24: 3.0 per 1,000 for registrations from planning meetings). Every year here is per 1,000 aged 0-17; rates per 1,000 aged 0-15, as in earlier publications and the annex, are a different series and are not comparable with these.',),
    caveats=('The framework counts registrations following initial and pre-birth case conferences; this series is all registrations during the year, which SG publishes for more years.', 'No rate ([x]) where the NRS estimate for the year is not among the open files (2021, 2023).', '2022-23 revised by SG from 3,231 to 3,234; the revised figure is used.'),
)


def compute(tables):
    return national.rate_per_population(META, tables, "registrations to the child protection register during year", 0, 17)


INDICATOR = Indicator(META, compute)
