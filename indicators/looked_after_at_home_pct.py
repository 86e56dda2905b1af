"""Share of looked after children living at home with their parents.

Why: the outcome asks that more children who need care stay at home with parents."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='looked_after_at_home_pct',
    title='Looked after children living at home with parents (%)',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator="Number and percentage of children in the 'care system' who are living at home with parents each year",
    measure='Children looked after at home with their parents at 31 July as a percentage of all children looked after.',
    numerator_definition='Children looked after at home with parents at 31 July.',
    denominator_definition='All children looked after at 31 July.',
    unit='%',
    decimals=1,
    polarity=Polarity.UP_IS_GOOD,
    polarity_reason='The outcome asks that a higher proportion stay living at home with parents.',
    baseline_period='2020',
    ci_method='wilson',
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.PROPORTION,
    scale=100.0,
    counts=(CountLink("numerator", "looked_after", "at_home"), CountLink("denominator", "looked_after", "total")),
    national_measures=('looked after at home with parents at 31 July',),
    caveats=('Scotland only: 2011, 2020 and 2021 computed from the counts in CSWS 2020-21 Table 1.1 (95% confidence interval by Wilson\'s score method); 2022-2024 the percentage SG published in CSWS 2022-23 and 2023-24 (no interval: SG gives the percentage).',),
)


def compute(tables):
    return national.placement_share(META, tables, ["At home with parents"], published_share="% of looked after children at home with parents at 31 July")


INDICATOR = Indicator(META, compute)
