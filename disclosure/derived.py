"""Figures derived from controlled observations: change since baseline, ranks, group averages.

Why at build time, behind the door: a derived figure can give back what
suppression took away (a family-group average with one member withheld, times the
group size, minus the others). Computing them here, from controlled figures only,
means every view shows the same derived number or the same symbol, and none is
ever back-calculated from a withheld value (DESIGN.md §4.8).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from store.status import Status

DERIVED_COLUMNS = ["indicator_id", "area_code", "group_type", "group_code", "period", "measure", "value", "status"]
WITH_VALUE = {Status.PUBLISHED.value, Status.LOW.value, Status.UNRELIABLE.value}
SCOTLAND = "S92000003"


def _combined_status(statuses: Sequence[str]) -> str:
    """[c] if any input is withheld, else [x] if any has no value, else published."""
    if Status.CONFIDENTIAL.value in statuses:
        return Status.CONFIDENTIAL.value
    if any(s not in WITH_VALUE for s in statuses):
        return Status.NOT_AVAILABLE.value
    return Status.PUBLISHED.value


def change_since_baseline(frame: pd.DataFrame, meta) -> list[dict]:
    rows = frame[frame["indicator_id"] == meta.id]
    baseline = rows[rows["period"] == meta.baseline_period].set_index("area_code")
    out = []
    for row in rows[rows["period"] != meta.baseline_period].itertuples(index=False):
        if row.area_code not in baseline.index:
            continue
        base = baseline.loc[row.area_code]
        status = _combined_status([row.status, base["status"]])
        value = row.value - base["value"] if status == Status.PUBLISHED.value else None
        out.append({"indicator_id": meta.id, "area_code": row.area_code, "group_type": "", "group_code": "",
                    "period": row.period, "measure": f"change_since_{meta.baseline_period}", "value": value, "status": status})
    return out


def ranks(frame: pd.DataFrame, meta) -> list[dict]:
    """Rank 1 = best by the indicator's polarity; withheld or missing councils are unranked."""
    if meta.kind.value == "count" or meta.polarity.value == "no_judgement":
        return []
    ascending = meta.polarity.value == "down_is_good"
    rows = frame[(frame["indicator_id"] == meta.id) & (frame["area_code"] != SCOTLAND)]
    out = []
    for period, year in rows.groupby("period", sort=True):
        ranked = year[year["status"].isin(WITH_VALUE)]
        order = ranked["value"].rank(method="min", ascending=ascending)
        for row in year.itertuples(index=True):
            has_rank = row.Index in order.index
            out.append({"indicator_id": meta.id, "area_code": row.area_code, "group_type": "", "group_code": "",
                        "period": period, "measure": "rank",
                        "value": float(order[row.Index]) if has_rank else None,
                        "status": Status.PUBLISHED.value if has_rank else _combined_status([row.status])})
    return out


def family_group_averages(frame: pd.DataFrame, meta, area_groups: pd.DataFrame) -> list[dict]:
    """Counts: mean of members. Rates and shares: pooled (sum of numerators over sum of denominators)."""
    rows = frame[frame["indicator_id"] == meta.id]
    out = []
    for (group_type, group_code), members in area_groups.groupby(["group_type", "group_code"], sort=True):
        member_rows = rows[rows["area_code"].isin(members["area_code"])]
        for period, year in member_rows.groupby("period", sort=True):
            status = _combined_status(list(year["status"]))
            if len(year) != len(members):
                status = Status.NOT_AVAILABLE.value if status != Status.CONFIDENTIAL.value else status
            value = None
            if status == Status.PUBLISHED.value:
                if meta.kind.value == "count":
                    value = float(year["value"].mean())
                elif year["denominator"].notna().all() and year["denominator"].sum() > 0:
                    value = float(year["numerator"].sum() / year["denominator"].sum() * meta.scale)
                else:
                    status = Status.NOT_AVAILABLE.value
            out.append({"indicator_id": meta.id, "area_code": None, "group_type": group_type, "group_code": group_code,
                        "period": period, "measure": "family_group_average", "value": value, "status": status})
    return out


def derived_figures(frame: pd.DataFrame, metas: Sequence, area_groups: pd.DataFrame | None) -> pd.DataFrame:
    records: list[dict] = []
    for meta in metas:
        records += change_since_baseline(frame, meta)
        records += ranks(frame, meta)
        if area_groups is not None and not area_groups.empty:
            records += family_group_averages(frame, meta, area_groups)
    derived = pd.DataFrame(records, columns=DERIVED_COLUMNS)
    derived["value"] = derived["value"].astype(float)
    return derived.replace({np.nan: None}).astype({"value": float})
