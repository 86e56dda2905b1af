"""Children on the child protection register at 31 July.

Why: context for the support system outcome; the framework lists it as context."""
from __future__ import annotations

from indicators import national
from indicators.base import CountLink, Indicator, IndicatorMeta, Kind, PeriodType, Polarity
from indicators.framework_text import VISION_1, VISION_1_OUTCOME_2

META = IndicatorMeta(
    id='cp_register_count',
    title='Children on the child protection register at 31 July',
    vision_statement=VISION_1,
    outcome=VISION_1_OUTCOME_2,
    framework_indicator='Children on the child protection register at 31 July (context series, not a framework indicator)',
    measure='Number of children on the child protection register at 31 July (snapshot).',
    numerator_definition='Children (including unborn children) on the register at 31 July.',
    denominator_definition='None (a count).',
    unit='children',
    decimals=0,
    polarity=Polarity.NO_JUDGEMENT,
    polarity_reason='Fewer registrations may mean less harm or fewer children protected: context only.',
    baseline_period='2020',
    ci_method='none',
    period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=('sg_csws_national',),
    geographies=('country',),
    kind=Kind.COUNT,
    counts=(CountLink("value", "cp_register", "total"),),
    national_measures=('children on the child protection register at 31 July',),
    series_breaks=('Before 2011 the register was counted at 31 March; those years are not in this series.',),
    caveats=('SG revised 2022 (2,031 → 2,019) and 2023 (2,094 → 2,077); the revised figures are shown, the first ones are listed as revisions.', 'Counted at 31 July since 2011 (at 31 March before). Published years: 2011 and 2013-2024 (2012 not in the open sources used). SG also revised 2013, 2014, 2016, 2018 (2,668 → 2,530), 2019 (2,599 → 2,580) and 2020.'),
)


def compute(tables):
    return national.count(META, tables, "children on the child protection register at 31 July")


INDICATOR = Indicator(META, compute)
