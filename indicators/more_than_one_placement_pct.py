"""Looked after children with more than one placement in the year (LGBF CHN23).

Why: the Promise asks Scotland to limit the number of moves children experience; this is the open council-level measure of it."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_2, VISION_2_OUTCOME_1

META = IndicatorMeta(
    id='more_than_one_placement_pct',
    title='Looked after children with more than one placement in the year (%)',
    vision_statement=VISION_2,
    outcome=VISION_2_OUTCOME_1,
    framework_indicator='',
    measure='Percentage of looked after children who had more than one placement in the year 1 August to 31 July (LGBF CHN23).',
    numerator_definition='Looked after children with more than one placement during the year (not published by the LGBF; implied by the share and the number looked after, so withheld where small).',
    denominator_definition='Children looked after at 31 July at the end of the year (the LGBF base; published here as the number looked after).',
    unit='%',
    decimals=1,
    polarity=Polarity.DOWN_IS_GOOD,
    polarity_reason='The Promise asks that children experience fewer moves.',
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.REPORTING_YEAR,
    sources=('lgbf',),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    scale=100.0,  # a percentage: the implied count is value / 100 × the number looked after
    # The LGBF's base for CHN23 is the number looked after at 31 July ending the year (checked: Orkney 2010-11,
    # 11.11% of 18 = 2), which this dashboard publishes: the share gives its numerator away.
    counts=(CountLink("value", "more_than_one_placement", "children", lgbf_year_to_snapshot=True, over=("looked_after", "total")),),
    direction_method='absolute_2pp',
    direction_rule='Improving or worsening when the percentage differs from the 2019-20 baseline by more than 2 percentage points; maintaining otherwise (no counts, so no interval).',
    caveats=("Context from open data, not a framework indicator (the vision statement's outcome is not yet published).", lgbf_values.VALUE_ONLY_CAVEAT, 'LGBF 2019-20 figures come from the 2024 extract, which differs from the IS January 2022 vintage for that year.'),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN23", None, multiplier=100)


INDICATOR = Indicator(META, compute)
