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

from contract.areas import SCOTLAND
from contract.status import Status, WITH_VALUE_SYMBOLS
from disclosure.small_numbers import small_number_keys, small_number_rows
from indicators.intervals import byar_count_interval

DERIVED_COLUMNS = ["indicator_id", "area_code", "group_type", "group_code", "period", "measure", "value", "status"]


def _combined_status(statuses: Sequence[str]) -> str:
    """[c] if any input is withheld, else [x] if any has no value, else published."""
    if Status.CONFIDENTIAL.value in statuses:
        return Status.CONFIDENTIAL.value
    if any(s not in WITH_VALUE_SYMBOLS for s in statuses):
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


def _interval(row, meta) -> tuple[float, float]:
    if not (row["ci_lower"] is None or np.isnan(row["ci_lower"])):
        return float(row["ci_lower"]), float(row["ci_upper"])
    lower, upper = byar_count_interval([row["value"]])
    return float(lower[0]), float(upper[0])


def direction_of_travel(frame: pd.DataFrame, meta, small: frozenset = frozenset()) -> list[dict]:
    """+1 improving, 0 maintaining, -1 worsening since the baseline.

    The written rule: a change counts only when the 95% confidence intervals of the
    baseline and the later figure do not overlap (Byar's interval for counts,
    Wilson's for shares, Byar's for rates); its sign against the indicator's
    polarity says improving or worsening. Not assessed ([x]) without a judgement
    polarity or a published pair; [c] when either figure is withheld; [u] (not
    assessed) when either rests on small numbers (``small_numbers``).
    """
    if meta.polarity.value == "no_judgement":
        return []
    rows = frame[frame["indicator_id"] == meta.id]
    baseline = rows[rows["period"] == meta.baseline_period].set_index("area_code")
    good_sign = 1.0 if meta.polarity.value == "up_is_good" else -1.0
    out = []
    for _, row in rows[rows["period"] > meta.baseline_period].iterrows():
        if row["area_code"] not in baseline.index:
            continue
        base = baseline.loc[row["area_code"]]
        status = _combined_status([row["status"], base["status"]])
        value = None
        if status == Status.PUBLISHED.value and {(meta.id, row["area_code"], str(row["period"])),
                                                 (meta.id, row["area_code"], str(meta.baseline_period))} & small:
            status = Status.UNRELIABLE.value
        if status == Status.PUBLISHED.value:
            change = row["value"] - base["value"]
            if meta.direction_method == "relative_10pct":
                steady = abs(change) <= 0.10 * abs(base["value"])
            elif meta.direction_method == "absolute_2pp":
                steady = abs(change) <= 2.0
            else:
                (low, high), (base_low, base_high) = _interval(row, meta), _interval(base, meta)
                steady = low <= base_high and base_low <= high
            value = 0.0 if steady else float(np.sign(change) * good_sign)
        out.append({"indicator_id": meta.id, "area_code": row["area_code"], "group_type": "", "group_code": "",
                    "period": row["period"], "measure": f"direction_since_{meta.baseline_period}", "value": value,
                    "status": status})
    return out


def compared_with_scotland(frame: pd.DataFrame, meta) -> list[dict]:
    """+1 significantly higher than Scotland, -1 lower, 0 similar (the 95% intervals overlap).

    Only where both the council and Scotland have a published figure with an interval.
    """
    if meta.ci_method == "none":
        return []
    rows = frame[frame["indicator_id"] == meta.id]
    scotland = rows[rows["area_code"] == SCOTLAND].set_index("period")
    out = []
    for _, row in rows[rows["area_code"] != SCOTLAND].iterrows():
        if row["period"] not in scotland.index:
            continue
        base = scotland.loc[row["period"]]
        status = _combined_status([row["status"], base["status"]])
        value = None
        if status == Status.PUBLISHED.value and pd.notna(row["ci_lower"]) and pd.notna(base["ci_lower"]):
            value = 1.0 if row["ci_lower"] > base["ci_upper"] else -1.0 if row["ci_upper"] < base["ci_lower"] else 0.0
        elif status == Status.PUBLISHED.value:
            status = Status.NOT_AVAILABLE.value
        out.append({"indicator_id": meta.id, "area_code": row["area_code"], "group_type": "", "group_code": "",
                    "period": row["period"], "measure": "compared_with_scotland", "value": value, "status": status})
    return out


def ranks(frame: pd.DataFrame, meta, small: frozenset = frozenset()) -> list[dict]:
    """Rank 1 = best by the indicator's polarity; withheld or missing councils are unranked,
    and so are figures from small numbers ([u]: never ranked best or worst)."""
    if meta.kind.value == "count" or meta.polarity.value == "no_judgement":
        return []
    ascending = meta.polarity.value == "down_is_good"
    rows = frame[(frame["indicator_id"] == meta.id) & (frame["area_code"] != SCOTLAND)]
    out = []
    for period, year in rows.groupby("period", sort=True):
        flagged = [(meta.id, area, str(period)) in small for area in year["area_code"]]
        ranked = year[year["status"].isin(WITH_VALUE_SYMBOLS) & ~pd.Series(flagged, index=year.index, dtype=bool)]
        order = ranked["value"].rank(method="min", ascending=ascending)
        for row in year.itertuples(index=True):
            has_rank = row.Index in order.index
            out.append({"indicator_id": meta.id, "area_code": row.area_code, "group_type": "", "group_code": "",
                        "period": period, "measure": "rank",
                        "value": float(order[row.Index]) if has_rank else None,
                        "status": Status.PUBLISHED.value if has_rank else
                        Status.UNRELIABLE.value if row.status in WITH_VALUE_SYMBOLS else _combined_status([row.status])})
    return out


def family_group_averages(frame: pd.DataFrame, meta, area_groups: pd.DataFrame) -> list[dict]:
    """Rates and shares: pooled (sum of numerators over sum of denominators); values: mean of members.

    None for counts: an average of counts of councils of different sizes means
    little (compare the rate instead)."""
    if meta.kind.value == "count":
        return []
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
                if meta.kind.value == "value":
                    value = float(year["value"].mean())
                elif year["denominator"].notna().all() and year["denominator"].sum() > 0:
                    value = float(year["numerator"].sum() / year["denominator"].sum() * meta.scale)
                else:
                    status = Status.NOT_AVAILABLE.value
            out.append({"indicator_id": meta.id, "area_code": None, "group_type": group_type, "group_code": group_code,
                        "period": period, "measure": "family_group_average", "value": value, "status": status})
    return out


COUNCIL_DISTRIBUTION = ("council_min", "council_q1", "council_median", "council_q3", "council_max")


def council_distribution(frame: pd.DataFrame, meta, small: frozenset = frozenset()) -> list[dict]:
    """Minimum, quartiles and maximum of the councils' published figures, per period (the spine chart's range).

    Not for counts (councils differ in size). Withheld, unavailable and small-number
    figures are left out, so the range never rests on a figure that cannot be ranked."""
    if meta.kind.value == "count":
        return []
    rows = frame[(frame["indicator_id"] == meta.id) & (frame["area_code"] != SCOTLAND) & frame["status"].isin(WITH_VALUE_SYMBOLS)]
    out = []
    for period, year in rows.groupby("period", sort=True):
        values = [v for area, v in zip(year["area_code"], year["value"]) if (meta.id, area, str(period)) not in small]
        if len(values) < 8:
            continue
        figures = [min(values), *np.percentile(values, [25, 50, 75]), max(values)]
        out += [{"indicator_id": meta.id, "area_code": None, "group_type": "councils", "group_code": "all", "period": period,
                 "measure": measure, "value": float(value), "status": Status.PUBLISHED.value}
                for measure, value in zip(COUNCIL_DISTRIBUTION, figures)]
    return out


def derived_figures(frame: pd.DataFrame, metas: Sequence, area_groups: pd.DataFrame | None) -> pd.DataFrame:
    small = frozenset(small_number_keys(frame, metas))
    records: list[dict] = small_number_rows(small)
    for meta in metas:
        records += change_since_baseline(frame, meta)
        records += ranks(frame, meta, small)
        records += direction_of_travel(frame, meta, small)
        records += council_distribution(frame, meta, small)
        records += compared_with_scotland(frame, meta)
        if area_groups is not None and not area_groups.empty:
            records += family_group_averages(frame, meta, area_groups)
    derived = pd.DataFrame(records, columns=DERIVED_COLUMNS)
    derived["value"] = derived["value"].astype(float)
    return derived.replace({np.nan: None}).astype({"value": float})
