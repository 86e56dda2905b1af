"""Share of young people eligible for aftercare who receive it.

Why: the framework's aftercare outcome is that more young care-experienced people receive the support they are entitled to."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_9, VISION_9_OUTCOME_1

META = IndicatorMeta(
    id='aftercare_receiving_pct',
    title='Young people eligible for aftercare who receive it (%)',
    vision_statement=VISION_9,
    outcome=VISION_9_OUTCOME_1,
    framework_indicator='Proportion of young people who are eligible for aftercare services who are receiving services',
    measure='Young people receiving aftercare at 31 July as a percentage of those eligible for aftercare.',
    numerator_definition='Young people receiving aftercare services at 31 July.',
    denominator_definition='Young people eligible for aftercare at 31 July.',
    unit='%',
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason='The outcome is that more eligible young people receive aftercare.',
    baseline_period='2022',
    ci_method='wilson',
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.PROPORTION,
    scale=100.0,
    counts=(CountLink("numerator", "aftercare", "receiving"), CountLink("denominator", "aftercare", "eligible")),
    caveats=('No 2020 figure is in the open sources used: the comparison point here is 2022, the first year available.', '2022-2024 as SG published them (CSWS 2022-23 and 2023-24); 2023 checked on the publication page in the 2026-12-01 revision.'),
)


def compute(tables):
    return national.share_of_series(META, tables, "young people receiving aftercare at 31 July", "young people eligible for aftercare at 31 July")


INDICATOR = Indicator(META, compute)
