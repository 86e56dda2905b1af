"""Disclosure control: the only door from computed indicators into the store.

Why a door: every figure here is about children, often in small councils. The
store writer accepts nothing but a ``ControlledObservations``, and only
``control()`` makes one, so no code path can write a figure that has not been
through the rules of ``disclosure.policy`` (DESIGN.md §4):

1. published symbols arrive as typed statuses (``data_sources.symbols``);
2. primary suppression of counts 1-4, and of shares whose complement or base is small;
3. secondary suppression in every additive group (parts → total, councils → Scotland);
4. an attacker's audit by linear programme, which fails the build if any withheld
   count could be recovered to within the threshold;
5. every figure that publishes or derives from a withheld count becomes ``[c]``;
   rates from fewer than 20 events are flagged ``[u]``;
6. derived figures (change since baseline, ranks, family-group averages) are
   computed from controlled figures only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from disclosure.audit import FeasibleRange, RecoverableCellError
from disclosure.cells import build_groups, cells_from_observations
from disclosure.derived import derived_figures
from disclosure.policy import THRESHOLD, UNRELIABLE_BELOW, threshold_for
from disclosure.suppress import Suppression, primary, proportion_rule, protect
from indicators.schema import OBSERVATION_COLUMNS, OBSERVATION_SCHEMA
from store.status import Status

__all__ = ["ControlledObservations", "RecoverableCellError", "control"]

NUMBER_COLUMNS = ["numerator", "denominator", "value", "ci_lower", "ci_upper"]
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


def _apply(frame: pd.DataFrame, metas: Sequence, withheld: set) -> pd.DataFrame:
    frame = frame.copy()
    for meta in metas:
        rows = frame["indicator_id"] == meta.id
        hit = np.zeros(len(frame), dtype=bool)
        for link in meta.counts:
            keys = zip([link.family] * len(frame), [link.category] * len(frame), frame["area_code"], map(link.cell_period, frame["period"]))
            hit |= rows.to_numpy() & np.fromiter((key in withheld for key in keys), dtype=bool, count=len(frame))
        frame.loc[hit, "status"] = Status.CONFIDENTIAL.value
        frame.loc[hit, NUMBER_COLUMNS] = np.nan
        if meta.kind.value == "rate":
            small = rows & (frame["status"] == Status.PUBLISHED.value) & (frame["numerator"] < UNRELIABLE_BELOW)
            frame.loc[small, "status"] = Status.UNRELIABLE.value
    return frame


def _report(cells, suppression: Suppression, ranges: list[FeasibleRange], warnings: list[str], inconsistent) -> dict:
    audited: dict[tuple[str, str], list[int]] = {}
    for key in cells:
        counts = audited.setdefault((key[0], key[3]), [0, 0])
        counts[0] += 1
        counts[1] += key in suppression.cells
    return {
        "audited": [{"family": f, "period": p, "cells": n, "withheld": w} for (f, p), (n, w) in sorted(audited.items())],
        "threshold": THRESHOLD,
        "unreliable_below": UNRELIABLE_BELOW,
        "rules_fired": [
            {"family": k[0], "category": k[1], "area_code": k[2], "period": k[3], "rule": rule}
            for k, rule in sorted(suppression.reasons.items())
        ],
        "audit": [
            {"family": r.key[0], "category": r.key[1], "area_code": r.key[2], "period": r.key[3],
             "feasible_lower": r.lower, "feasible_upper": None if r.upper == float("inf") else r.upper,
             "protected": r.protected}
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
    shown = controlled[controlled["status"].isin(["ok", "[u]", "[low]"])][["indicator_id", "area_code", "period"]]
    kept = revisions.merge(shown, on=["indicator_id", "area_code", "period"])
    return kept[kept["value"] >= THRESHOLD][REVISION_COLUMNS].reset_index(drop=True)


def control(observations: pd.DataFrame, metas: Sequence, area_groups: pd.DataFrame | None = None,
            revisions: pd.DataFrame | None = None) -> ControlledObservations:
    """Apply disclosure control to the whole build's observations at once.

    ``metas`` are the IndicatorMeta of every indicator present (their ``counts``
    links say which counts each publishes); ``area_groups`` the family groups for
    group averages. Raises RecoverableCellError if the audit finds a cell exposed.
    """
    frame = OBSERVATION_SCHEMA.validate(observations[OBSERVATION_COLUMNS].copy())
    metas = [m for m in metas if m.id in set(frame["indicator_id"])]
    unknown = sorted(set(frame["indicator_id"]) - {m.id for m in metas})
    if unknown:
        raise ValueError(f"no metadata given for indicator(s) {unknown}")
    links = {m.id: m.counts for m in metas}
    thresholds = {m.id: threshold_for(m.id) for m in metas}
    cells = cells_from_observations(frame, links, thresholds)
    groups, inconsistent = build_groups(cells)

    suppression = Suppression()
    primary(cells, suppression)
    for meta in metas:
        if meta.kind.value != "proportion":
            continue
        numerator = next((l for l in meta.counts if l.column == "numerator"), None)
        denominator = next((l for l in meta.counts if l.column == "denominator"), None)
        if numerator is None or denominator is None:
            continue
        for row in frame[frame["indicator_id"] == meta.id].itertuples(index=False):
            proportion_rule((numerator.family, numerator.category, row.area_code, row.period),
                            (denominator.family, denominator.category, row.area_code, row.period), cells, suppression)
    warnings = _source_warnings(cells, groups, suppression)
    ranges = protect(cells, groups, suppression)

    controlled = OBSERVATION_SCHEMA.validate(_apply(frame, metas, suppression.cells))
    suppressed = {
        indicator_id: int((group["status"] == Status.CONFIDENTIAL.value).sum())
        for indicator_id, group in controlled.groupby("indicator_id", sort=True)
    }
    note = (
        f"Counts below {THRESHOLD} withheld with secondary suppression in every additive group; "
        f"audited by linear programme ({len(ranges)} withheld counts, all protected). "
        f"Rates from fewer than {UNRELIABLE_BELOW} events flagged [u]."
    )
    return ControlledObservations(
        frame=controlled,
        derived=derived_figures(controlled, metas, area_groups),
        revisions=_controlled_revisions(revisions, controlled),
        suppressed_per_indicator=suppressed,
        note=note,
        report=_report(cells, suppression, ranges, warnings, inconsistent),
        _token=_DOOR,
    )
