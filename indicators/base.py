"""What an indicator is: frozen metadata beside a pure compute function.

Why frozen metadata next to the code: the definition a user reads on the page
(numerator, denominator, polarity, caveats) must be the definition the code
computes, so they live in the same module and reach the store together. The
helpers here turn parsed source tables into the long observation table, so each
indicator module says only what is particular to it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from contract.indicator import IntervalMethod, Kind, PeriodType, Polarity
from contract.observation import NO_BREAKDOWN, NUMBER_COLUMNS, OBSERVATION_COLUMNS
from contract.status import WITHOUT_VALUE_SYMBOLS, Status

@dataclass(frozen=True)
class CountLink:
    """Which count of children a column of this indicator publishes.

    Why: disclosure control works on the underlying counts (e.g. children looked
    after in residential care in Orkney at 31 July 2016), not on each indicator
    separately; every figure that publishes or is computed from a count must say
    so, so that suppressing the count suppresses all of them.
    """

    column: str | None  # "value", "numerator", "denominator"; None: the figure is computed from the count but does not publish it
    family: str  # an additive family (disclosure.policy.FAMILIES), or a count of its own
    category: str  # a part or the total of that family
    lgbf_year_to_snapshot: bool = False  # the count is at 31 July ending this LGBF year ('2020-21' → '2021')
    # An implied count: the published value is a share of this other published count (family, category) of the
    # same area and cell period, so value / scale × that count gives the count away (e.g. LGBF CHN23 × the
    # number looked after). Disclosure control treats it as a published count known to within the rounding
    # of the decimals published.
    over: tuple[str, str] | None = None

    def cell_period(self, period: str) -> str:
        return lgbf_period_to_snapshot_year(period) if self.lgbf_year_to_snapshot else period


@dataclass(frozen=True)
class UnpublishedBase:
    """A value-only share or rate whose base (a count) this dashboard does not publish but another publisher does.

    Disclosure control withholds a value that, over such a base, gives a count below the
    threshold (``disclosure.implied``). ``source_decimals``: the decimals the source gives
    the value to, as a fraction of ``scale`` (the LGBF gives shares as 0.1333: 4).
    """

    description: str
    source_decimals: int


@dataclass(frozen=True)
class IndicatorMeta:
    id: str
    title: str
    vision_statement: str
    outcome: str
    framework_indicator: str  # the framework row this computes, verbatim; "" for context shown under the outcome
    measure: str
    numerator_definition: str
    denominator_definition: str
    unit: str
    decimals: int
    polarity: Polarity
    baseline_period: str
    ci_method: IntervalMethod  # given as the enum or its value ("byar", "wilson", "none")
    period_type: PeriodType
    sources: tuple[str, ...]
    geographies: tuple[str, ...]
    kind: Kind
    counts: tuple[CountLink, ...]
    scale: float = 1.0  # value = numerator / denominator x scale (100 for %, 1,000 for per 1,000)
    companion: str = ""  # an indicator to read beside this one (e.g. all pupils beside looked after pupils)
    national_measures: tuple[str, ...] = ()  # SG headline measures it uses (their other vintages are listed as revisions)
    direction_method: str = "intervals"  # "intervals", "relative_10pct" or "absolute_2pp"
    direction_rule: str = (
        "Improving or worsening when the 95% confidence intervals of the baseline and the later figure do not "
        "overlap (Byar's interval for counts); maintaining when they overlap; not assessed when either figure is "
        "withheld or not available, or there is no baseline figure."
    )
    caveats: tuple[str, ...] = ()
    series_breaks: tuple[str, ...] = ()
    polarity_reason: str = ""
    unpublished_base: UnpublishedBase | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "ci_method", IntervalMethod(self.ci_method))  # an unknown method fails at import

    def as_store_row(self) -> dict:
        """The row of the store's ``indicator`` table."""
        full = asdict(self)
        full["polarity"] = self.polarity.value
        full["period_type"] = self.period_type.value
        full["kind"] = self.kind.value
        full["ci_method"] = self.ci_method.value
        return {
            "indicator_id": self.id,
            "title": self.title,
            "vision_statement": self.vision_statement,
            "outcome": self.outcome,
            "measure": self.measure,
            "numerator_definition": self.numerator_definition,
            "denominator_definition": self.denominator_definition,
            "unit": self.unit,
            "decimals": self.decimals,
            "polarity": self.polarity.value,
            "baseline_period": self.baseline_period,
            "ci_method": self.ci_method.value,
            "period_type": self.period_type.value,
            "source_ids": ", ".join(self.sources),
            "caveats": "\n".join(self.caveats),
            "series_breaks": "\n".join(self.series_breaks),
            "framework_indicator": self.framework_indicator,
            "companion": self.companion,
            "direction_rule": self.direction_rule if self.polarity is not Polarity.NO_JUDGEMENT else "Not assessed: context, neither higher nor lower is better in itself.",
            "kind": self.kind.value,
            "metadata_json": json.dumps(full, sort_keys=True),
        }


Tables = Mapping[str, Mapping[str, pd.DataFrame]]  # source_id -> table name -> frame
Compute = Callable[[Tables], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    meta: IndicatorMeta
    compute: Compute = field(compare=False)


def period_end(period: str, period_type: PeriodType) -> str:
    """ISO date a period ends: 31 July of the snapshot year or of the reporting year's end."""
    if period_type is PeriodType.SNAPSHOT_31_JULY:
        return f"{int(period):04d}-07-31"
    start = int(period[:4])
    if len(period) == 7 and int(period[5:]) != (start + 1) % 100:  # multi-year survey periods, e.g. '2018-21'
        return f"{2000 + int(period[5:]) if start >= 2000 else 1900 + int(period[5:]):04d}-07-31"
    return f"{start + 1:04d}-03-31" if period_type is PeriodType.FINANCIAL_YEAR else f"{start + 1:04d}-07-31"


def lgbf_period_to_snapshot_year(period: str) -> str:
    """LGBF year 'YYYY-YY' → the 31 July snapshot at its end ('2019-20' → '2020')."""
    return str(int(period[:4]) + 1)


def observations(
    meta: IndicatorMeta,
    rows: pd.DataFrame,
    *,
    value_status: pd.Series | None = None,
) -> pd.DataFrame:
    """Finish a computed frame into the long observation table.

    ``rows`` has at least area_code, period, value, source_id and vintage, and may
    carry numerator, denominator, ci_lower, ci_upper, dimension, category,
    provisional and status. A row without a value and without an explicit status
    is 'not available' ([x]), never zero; a withheld row carries no numbers.
    """
    frame = rows.copy()
    frame["indicator_id"] = meta.id
    for column, default in (("dimension", NO_BREAKDOWN), ("category", NO_BREAKDOWN), ("provisional", False), ("source_ref", "")):
        if column not in frame:
            frame[column] = default
    for column in ("numerator", "denominator", "ci_lower", "ci_upper"):
        if column not in frame:
            frame[column] = np.nan
    if "status" not in frame:
        frame["status"] = np.where(frame["value"].notna(), Status.PUBLISHED.value, Status.NOT_AVAILABLE.value)
    if value_status is not None:
        frame["status"] = value_status.values
    withheld = frame["status"].isin(WITHOUT_VALUE_SYMBOLS)
    frame.loc[withheld, NUMBER_COLUMNS] = np.nan
    frame["period_end"] = [period_end(p, meta.period_type) for p in frame["period"]]
    frame["provisional"] = frame["provisional"].astype(bool)
    frame["source_ref"] = frame["source_ref"].fillna("").astype(str)
    frame = frame[OBSERVATION_COLUMNS].sort_values(["area_code", "period"]).reset_index(drop=True)
    return frame


def prefer(primary: pd.DataFrame, fallback: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows of ``primary``, plus those rows of ``fallback`` whose key primary lacks.

    Why: a national figure published by the Scottish Government outranks the same
    figure re-aggregated by another publisher; the other fills only the years the
    primary publication does not cover, and each row keeps its own source.
    """
    have = primary.set_index(key).index
    extra = fallback[~fallback.set_index(key).index.isin(have)]
    return pd.concat([primary, extra], ignore_index=True)
