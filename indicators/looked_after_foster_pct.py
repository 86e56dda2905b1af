"""Share of looked after children living with foster carers.

Why: the outcome counts foster care as a family setting."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='looked_after_foster_pct',
    title='Looked after children living in foster care (%)',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator='Number and percentage of children who are living in foster care each year',
    measure='Children looked after with foster carers (provided or purchased by the council) at 31 July as a percentage of all children looked after.',
    numerator_definition='Children with foster carers provided by the local authority plus those with foster carers purchased by it, at 31 July.',
    denominator_definition='All children looked after at 31 July.',
    unit='%',
    decimals=1,
    polarity=Polarity.NO_JUDGEMENT,
    polarity_reason='Foster care is a family setting, but the framework does not say whether more or less of it is better.',
    baseline_period='2020',
    ci_method='wilson',
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.PROPORTION,
    scale=100.0,
    counts=(CountLink("numerator", "looked_after", "foster"), CountLink("denominator", "looked_after", "total")),
    caveats=('Scotland only: 2011, 2020 and 2021 computed from the counts in CSWS 2020-21 Table 1.1 (with a Wilson interval); 2022-2024 the percentage SG published in CSWS 2022-23 and 2023-24 (no interval).',),
)


def compute(tables):
    return national.placement_share(META, tables, ["With foster carers provided by LA", "With foster carers purchased by LA"],
                                   published_share="% of looked after children with foster carers at 31 July")


INDICATOR = Indicator(META, compute)
