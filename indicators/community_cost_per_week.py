"""Gross cost per child per week of looked after children in community settings (LGBF CHN08b).

Why: context for councils planning the balance of care."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_1

META = IndicatorMeta(
    id='community_cost_per_week',
    title='Weekly cost per child looked after in the community (£)',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_1,
    framework_indicator='',
    measure='Gross expenditure on community services for looked after children divided by the number of children in community placements, per week (LGBF CHN08b; cash prices).',
    numerator_definition='Gross expenditure, Local Financial Returns (£).',
    denominator_definition='Children looked after in community placements at 31 July (withheld here when small).',
    unit='£ per child per week',
    decimals=0,
    polarity=Polarity.NO_JUDGEMENT,
    polarity_reason='Contextual: cost is neither better nor worse in itself.',
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.FINANCIAL_YEAR,
    sources=('lgbf',),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    counts=(CountLink(None, "looked_after", "community", lgbf_year_to_snapshot=True),),
    caveats=('Withheld ([c]) wherever the number of children it divides by is withheld.', 'Cash prices, not adjusted for inflation.', lgbf_values.VALUE_ONLY_CAVEAT,
              lgbf_values.VINTAGE_2019_20_CAVEAT + " It divides by that extract's count of children in the community, not by the 31 July 2020 count shown on the looked-after pages."),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN08b", None)


INDICATOR = Indicator(META, compute)
