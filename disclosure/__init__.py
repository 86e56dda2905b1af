"""Disclosure control: the only door from computed indicators into the store.

Why a door: every figure here is about children, often in small councils. The
store writer accepts nothing but a ``ControlledObservations``, and only
``control()`` makes one, so no code path can write a figure that has not been
through the rules of ``disclosure.policy`` (DESIGN.md §4):

1. published symbols arrive as typed statuses (``data_sources.symbols``);
2. primary suppression of counts 1-4, and of shares whose complement or base is small;
3. secondary suppression in every additive group (parts → total, councils → Scotland);
4. an attacker's audit that knows these rules (``disclosure.attack``): every
   whole-number assignment of the withheld cells consistent with everything
   published, all indicators, periods and vintages at once, re-run through the
   same procedure; the build fails naming the cell if any withheld count could be
   narrowed to fewer than the threshold's worth of values;
5. every figure that publishes or derives from a withheld or missing count
   inherits its status; rates from fewer than 20 events are flagged ``[u]``;
6. derived figures (change since baseline, ranks, family-group averages) are
   computed from controlled figures only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from contract.observation import NUMBER_COLUMNS
from contract.status import Status, WITH_VALUE_SYMBOLS
from disclosure.attack import AttackRange, attack_ranges
from disclosure.audit import FeasibleRange, RecoverableCellError, feasible_ranges
from disclosure.cells import Cell, CellKey, build_groups, cells_from_observations, with_slack
from disclosure.derived import derived_figures
from disclosure.implied import small_base_rows
from disclosure import policy
from disclosure.policy import THRESHOLD, UNRELIABLE_BELOW, threshold_for
from disclosure.suppress import Suppression, small_areas, suppress as run_procedure
from contract.observation import OBSERVATION_COLUMNS
from indicators.schema import OBSERVATION_SCHEMA

__all__ = ["ControlledObservations", "RecoverableCellError", "control"]

REVISION_COLUMNS = ["indicator_id", "area_code", "period", "value", "vintage", "source_url", "note"]


@dataclass(frozen=True)
class ControlledObservations:
    """Observations that have been through ``control()``; the store accepts nothing else."""

    frame: pd.DataFrame
    derived: pd.DataFrame = field(default_factory=pd.DataFrame)
    revisions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVISION_COLUMNS))
    suppressed_per_indicator: dict[str, int] = field(default_factory=dict)
    note: str = ""
    report: dict = field(default_factory=dict, repr=False)
    _token: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._token is not _DOOR:
            raise TypeError("ControlledObservations can only be made by disclosure.control()")


_DOOR = object()


def _source_warnings(cells, groups, suppression: Suppression) -> list[str]:
    """A published source that withholds exactly one cell of a group exposes it by subtraction."""
    warnings = []
    for group in groups:
        withheld = [m for m in group.members if suppression.reasons.get(m) == "source"]
        others_withheld = [m for m in group.members if m in suppression.cells and m not in withheld]
        if len(withheld) == 1 and not others_withheld:
            family, category, area, period = withheld[0]
            warnings.append(
                f"the source withholds only one cell of a {group.kind} group ({family}/{category}, {area}, {period}; "
                f"{cells[withheld[0]].source_ref or 'source row unknown'}): a complement is withheld here"
            )
    return warnings


def _round_implied_shares(frame: pd.DataFrame, metas: Sequence) -> pd.DataFrame:
    """Shares that imply a count are published to their stated decimals, so the audit knows the rounding."""
    frame = frame.copy()
    for meta in metas:
        if any(link.over is not None for link in meta.counts):
            rows = frame["indicator_id"] == meta.id
            frame.loc[rows, "value"] = frame.loc[rows, "value"].round(meta.decimals)
    return frame


def _inherited(frame: pd.DataFrame, metas: Sequence, cells: dict[CellKey, Cell], withheld: set) -> pd.DataFrame:
    """Every figure takes the status of a withheld or missing count it publishes or divides by."""
    frame = frame.reset_index(drop=True)
    rows_of = frame.groupby("indicator_id").indices
    status = frame["status"].to_numpy(dtype=object).copy()
    for meta in metas:
        for position in rows_of.get(meta.id, ()):
            if status[position] in (Status.CONFIDENTIAL.value, Status.NOT_AVAILABLE.value, Status.NOT_APPLICABLE.value):
                continue
            area, period = frame.at[position, "area_code"], frame.at[position, "period"]
            for link in meta.counts:
                keys = [(link.family, link.category, area, link.cell_period(period))]
                if link.over is not None:
                    keys.append((*link.over, area, link.cell_period(period)))
                for key in keys:
                    if key in withheld:
                        status[position] = Status.CONFIDENTIAL.value
                    elif link.column is None or link.over is not None:  # a figure that divides by a missing count
                        cell = cells.get(key)
                        if (cell is None or cell.value is None) and status[position] != Status.CONFIDENTIAL.value:
                            status[position] = Status.NOT_AVAILABLE.value
    frame["status"] = status
    hidden = frame["status"].isin([Status.CONFIDENTIAL.value, Status.NOT_AVAILABLE.value, Status.NOT_APPLICABLE.value])
    frame.loc[hidden, NUMBER_COLUMNS] = np.nan
    for meta in metas:
        if meta.kind.value == "rate":
            small = (frame["indicator_id"] == meta.id) & (frame["status"] == Status.PUBLISHED.value) & (frame["numerator"] < UNRELIABLE_BELOW)
            frame.loc[small, "status"] = Status.UNRELIABLE.value
    return frame


def _other_vintages(revisions: pd.DataFrame | None, metas: Sequence) -> dict[CellKey, list[tuple[float, str]]]:
    """Other published vintages of a count, keyed by the cell they are a vintage of."""
    out: dict[CellKey, list[tuple[float, str]]] = {}
    if revisions is None or revisions.empty:
        return out
    by_id = {m.id: m for m in metas}
    for row in revisions.itertuples(index=False):
        meta = by_id.get(row.indicator_id)
        if meta is None:
            continue
        column = "value" if meta.kind.value == "count" else "numerator"
        for link in meta.counts:
            if link.column == column and link.over is None:
                key = (link.family, link.category, row.area_code, link.cell_period(str(row.period)))
                out.setdefault(key, []).append((float(row.value), str(row.vintage)))
    return out


def _indicators_of(metas: Sequence) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for meta in metas:
        for link in meta.counts:
            if link.column is not None:
                out.setdefault((link.family, link.category), []).append(meta.id)
    return out


def _assert_protected(attack: list[AttackRange], metas: Sequence) -> None:
    exposed = [r for r in attack if not r.protected]
    if not exposed:
        return
    first = exposed[0]
    family, category, area, period = first.key
    indicators = ", ".join(_indicators_of(metas).get((family, category), [family]))
    upper = "∞" if first.upper == float("inf") else f"{first.upper:g}"
    raise RecoverableCellError(
        f"withheld count {family}/{category} (indicator {indicators}) for {area} in {period} can be narrowed by an "
        f"attacker who knows the rules to [{first.lower:g}, {upper}] ({first.method}; vintage {first.vintage}), "
        f"narrower than the threshold {first.threshold} ({len(exposed)} cell(s) exposed)"
    )


def _report(cells, suppression: Suppression, ranges: list[FeasibleRange], attack: list[AttackRange], warnings: list[str],
            inconsistent, small: set[str]) -> dict:
    audited: dict[tuple[str, str], list[int]] = {}
    for key in cells:
        counts = audited.setdefault((key[0], key[3]), [0, 0])
        counts[0] += 1
        counts[1] += key in suppression.cells
    attack_of = {r.key: r for r in attack}

    def bound(value):
        return None if value == float("inf") else value

    return {
        "attacker_model": (
            "An attacker who reads the code, the README and every download, knows these rules exactly, and "
            "re-runs them on every whole-number assignment of the withheld cells that fits everything published."),
        "audited": [{"family": f, "period": p, "cells": n, "withheld": w} for (f, p), (n, w) in sorted(audited.items())],
        "threshold": THRESHOLD,
        "unreliable_below": UNRELIABLE_BELOW,
        "small_areas": {"rule": f"{policy.SMALL_AREAS.size_family}/{policy.SMALL_AREAS.size_category} below {policy.SMALL_AREAS.below} in any period",
                        "areas": sorted(small)},
        "rules_fired": [
            {"family": k[0], "category": k[1], "area_code": k[2], "period": k[3], "rule": rule}
            for k, rule in sorted(suppression.reasons.items())
        ],
        "audit": [
            {"family": r.key[0], "category": r.key[1], "area_code": r.key[2], "period": r.key[3],
             "feasible_lower": r.lower, "feasible_upper": bound(r.upper),
             "attack_lower": attack_of[r.key].lower, "attack_upper": bound(attack_of[r.key].upper),
             "attack_method": attack_of[r.key].method, "attack_vintage": attack_of[r.key].vintage,
             "protected": attack_of[r.key].protected}
            for r in ranges
        ],
        "warnings": warnings,
        "groups_not_adding_up": [
            {"total": list(g.total), "parts": [list(p) for p in g.parts]} for g in inconsistent
        ],
    }


def _controlled_revisions(revisions: pd.DataFrame | None, controlled: pd.DataFrame) -> pd.DataFrame:
    """Other vintages of published figures: kept only where the figure itself is published and not small."""
    if revisions is None or revisions.empty:
        return pd.DataFrame(columns=REVISION_COLUMNS)
    shown = controlled[controlled["status"].isin(WITH_VALUE_SYMBOLS)][["indicator_id", "area_code", "period"]]
    kept = revisions.merge(shown, on=["indicator_id", "area_code", "period"])
    return kept[kept["value"] >= THRESHOLD][REVISION_COLUMNS].reset_index(drop=True)


def control(observations: pd.DataFrame, metas: Sequence, area_groups: pd.DataFrame | None = None,
            revisions: pd.DataFrame | None = None) -> ControlledObservations:
    """Apply disclosure control to the whole build's observations at once.

    ``metas`` are the IndicatorMeta of every indicator present (their ``counts``
    links say which counts each publishes or implies); ``area_groups`` the family
    groups for group averages; ``revisions`` other vintages of published figures.
    Raises RecoverableCellError naming indicator, area and period if the audit finds
    a cell an attacker who knows the rules could narrow below the threshold.
    """
    frame = OBSERVATION_SCHEMA.validate(observations[OBSERVATION_COLUMNS].copy())
    metas = [m for m in metas if m.id in set(frame["indicator_id"])]
    unknown = sorted(set(frame["indicator_id"]) - {m.id for m in metas})
    if unknown:
        raise ValueError(f"no metadata given for indicator(s) {unknown}")
    frame = _round_implied_shares(frame, metas)
    thresholds = {m.id: threshold_for(m.id) for m in metas}
    small_base = small_base_rows(frame, metas, thresholds)
    small_base_report = [{"indicator_id": r.indicator_id, "area_code": r.area_code, "period": r.period, "rule": "small base"}
                         for r in frame[small_base].itertuples(index=False)]
    frame.loc[small_base, "status"] = Status.CONFIDENTIAL.value
    frame.loc[small_base, NUMBER_COLUMNS] = np.nan
    table = cells_from_observations(frame, {m.id: m for m in metas}, thresholds)
    cells = table.cells
    groups, inconsistent = build_groups(cells)

    small = small_areas(cells)
    suppression = run_procedure(cells, groups, table.pairs, small)
    warnings = _source_warnings(cells, groups, suppression)
    ranges = feasible_ranges(cells, groups, suppression.cells)
    attack = attack_ranges(cells, groups + with_slack(inconsistent, cells), table.pairs, suppression.cells,
                           _other_vintages(revisions, metas))
    _assert_protected(attack, metas)

    controlled = OBSERVATION_SCHEMA.validate(_inherited(frame, metas, cells, suppression.cells))
    suppressed = {
        indicator_id: int((group["status"] == Status.CONFIDENTIAL.value).sum())
        for indicator_id, group in controlled.groupby("indicator_id", sort=True)
    }
    note = (
        f"Counts below {THRESHOLD} withheld; the breakdowns of councils with fewer than {policy.SMALL_AREAS.below} children "
        f"looked after withheld every year whatever their values; audited by an attacker who knows these rules "
        f"({len(attack)} withheld counts, all protected). Rates from fewer than {UNRELIABLE_BELOW} events flagged [u]."
    )
    return ControlledObservations(
        frame=controlled,
        derived=derived_figures(controlled, metas, area_groups),
        revisions=_controlled_revisions(revisions, controlled),
        suppressed_per_indicator=suppressed,
        note=note,
        report={**_report(cells, suppression, ranges, attack, warnings, inconsistent, small), "small_base": small_base_report},
        _token=_DOOR,
    )
