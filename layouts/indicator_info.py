"""An indicator's metadata on the web side: one typed, read-only object per indicator.

Why: the pages, downloads, API and reports all read an indicator's polarity, interval
method, kind and period type, and used to compare them as strings ("no_judgement",
"none"), so a renamed value would have silently changed a ranking's order or hidden
an interval; and they read every other entry by name (``meta["caveats"]``), so a
misspelt or renamed key failed only on the page that read it. Read once per build
from the store's ``indicator`` row and its metadata: the four are contract/'s enums,
lists are tuples, and every entry the web reads is a field, read by attribute only
(it is not a mapping: ``info["title"]`` is a TypeError, tests/test_architecture.py).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contract.indicator import IntervalMethod, Kind, PeriodType, Polarity


def _lines(text: str | None) -> tuple[str, ...]:
    """A stored multi-line entry (one caveat or series break a line) as its non-empty lines."""
    return tuple(line for line in (text or "").split("\n") if line)


@dataclass(frozen=True, eq=False)
class IndicatorInfo:
    indicator_id: str
    title: str
    unit: str
    decimals: int
    polarity: Polarity
    ci_method: IntervalMethod
    kind: Kind
    period_type: PeriodType
    baseline_period: str
    geographies: tuple[str, ...] = ()  # "country", "council"
    sources: tuple[str, ...] = ()  # source ids, in the order cited (stored as comma-separated ``source_ids``)
    vision_statement: str = ""
    outcome: str = ""
    framework_indicator: str = ""  # the framework row verbatim; "" for a context indicator
    measure: str = ""
    numerator_definition: str = ""
    denominator_definition: str = ""
    polarity_reason: str = ""
    direction_rule: str = ""
    direction_method: str = ""  # "intervals", "relative_10pct" or "absolute_2pp"; "" when the store does not say
    companion: str = ""  # an indicator to read beside this one, "" for none
    caveats: tuple[str, ...] = ()
    series_breaks: tuple[str, ...] = ()
    last_updated: str = ""  # the publisher's release of the latest figure shown, in words ("" when not recorded)
    council_series_end: str = ""  # the last period with council figures ("" for none)

    @classmethod
    def from_store_row(cls, row: Mapping[str, Any]) -> IndicatorInfo:
        """From a row of the store's ``indicator`` table (its columns win over its ``metadata_json``)."""
        extra = json.loads(row.get("metadata_json") or "{}")

        def text(name: str) -> str:
            value = row[name] if name in row else extra.get(name)
            return "" if value is None else str(value)

        return cls(
            indicator_id=row["indicator_id"], title=row["title"], unit=row["unit"], decimals=int(row["decimals"]),
            polarity=Polarity(row["polarity"]), ci_method=IntervalMethod(row["ci_method"]), kind=Kind(row["kind"]),
            period_type=PeriodType(row["period_type"]), baseline_period=row["baseline_period"],
            geographies=tuple(extra.get("geographies") or ()),
            sources=tuple(s.strip() for s in row["source_ids"].split(",") if s.strip()),
            vision_statement=text("vision_statement"), outcome=text("outcome"), framework_indicator=text("framework_indicator"),
            measure=text("measure"), numerator_definition=text("numerator_definition"),
            denominator_definition=text("denominator_definition"), polarity_reason=text("polarity_reason"),
            direction_rule=text("direction_rule"), direction_method=text("direction_method"), companion=text("companion"),
            caveats=_lines(text("caveats")), series_breaks=_lines(text("series_breaks")),
            last_updated=text("last_updated"), council_series_end=text("council_series_end"),
        )

    @property
    def has_interval(self) -> bool:
        return self.ci_method is not IntervalMethod.NONE

    @property
    def judged(self) -> bool:
        """Whether higher or lower is better (a context indicator is not ranked best to worst)."""
        return self.polarity is not Polarity.NO_JUDGEMENT

    @property
    def is_count(self) -> bool:
        return self.kind is Kind.COUNT
