"""An indicator's metadata on the web side: one typed, read-only object per indicator.

Why: the pages, downloads, API and reports all read an indicator's polarity, interval
method, kind and period type, and used to compare them as strings ("no_judgement",
"none"), so a renamed value would have silently changed a ranking's order or hidden
an interval. Read once per build from the store's ``indicator`` row and its
metadata, those four are contract/'s enums here. Every other stored entry stays
reachable by name (``info["caveats"]``), as the pages read them.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Iterator

from contract.indicator import IntervalMethod, Kind, PeriodType, Polarity


@dataclass(frozen=True, eq=False)
class IndicatorInfo(Mapping):
    indicator_id: str
    title: str
    unit: str
    decimals: int
    polarity: Polarity
    ci_method: IntervalMethod
    kind: Kind
    period_type: PeriodType
    baseline_period: str
    geographies: tuple[str, ...]
    source_ids: str  # as stored: comma-separated
    entries: Mapping[str, Any] = field(repr=False, default_factory=dict)  # every stored column and metadata entry

    @classmethod
    def from_store_row(cls, row: Mapping[str, Any]) -> IndicatorInfo:
        """From a row of the store's ``indicator`` table (its columns win over its ``metadata_json``)."""
        entries = dict(row)
        entries.update({k: v for k, v in json.loads(row["metadata_json"]).items() if k not in row})
        return cls(
            indicator_id=entries["indicator_id"], title=entries["title"], unit=entries["unit"], decimals=int(entries["decimals"]),
            polarity=Polarity(entries["polarity"]), ci_method=IntervalMethod(entries["ci_method"]), kind=Kind(entries["kind"]),
            period_type=PeriodType(entries["period_type"]), baseline_period=entries["baseline_period"],
            geographies=tuple(entries.get("geographies") or ()), source_ids=entries["source_ids"], entries=entries,
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

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.source_ids.split(",") if s.strip())

    def __getitem__(self, key: str) -> Any:
        if key in _TYPED:
            return getattr(self, key)
        return self.entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


_TYPED = {f.name for f in fields(IndicatorInfo)} - {"entries"}
