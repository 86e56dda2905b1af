"""Children living in poverty after housing costs (LGBF CHN24).

Why: poverty is the context in which families need support to stay together."""
from __future__ import annotations

from indicators import lgbf_values
from indicators.base import Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_2

META = IndicatorMeta(
    id='child_poverty_pct',
    title='Children living in poverty after housing costs (%)',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_2,
    framework_indicator='',
    measure='Percentage of children living in households in relative poverty after housing costs (LGBF CHN24, from End Child Poverty estimates).',
    numerator_definition='Children in relative poverty after housing costs (estimated; not published).',
    denominator_definition='Children (not published).',
    unit='%',
    decimals=1,
    polarity=Polarity.NO_JUDGEMENT,
    polarity_reason='Contextual: lower is better for children, but it is not a measure of keeping the promise.',
    baseline_period='2019-20',
    ci_method='none',
    period_type=PeriodType.FINANCIAL_YEAR,
    sources=('lgbf',),
    geographies=('country', 'council'),
    kind=Kind.VALUE,
    counts=(),
    caveats=('Contextual indicator: modelled estimates, not a count of children.', lgbf_values.VALUE_ONLY_CAVEAT),
)


def compute(tables):
    return lgbf_values.with_national(META, tables, "CHN24", None, multiplier=100)


INDICATOR = Indicator(META, compute)
