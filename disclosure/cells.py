"""Count cells and the additive groups that tie them together.

Why cells, not indicator rows: a count of children can be published by several
indicators at once (the count itself, the numerator of a rate, the denominator of
a percentage). Suppression and the audit work on the counts, once, and every
figure that publishes or derives from a withheld count inherits its status.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import math

import pandas as pd

from disclosure.policy import FAMILIES, Family
from store.status import Status

SCOTLAND = "S92000003"

CellKey = tuple[str, str, str, str]  # (family, category, area_code, period)


@dataclass
class Cell:
    value: float | None
    status: Status
    source_ref: str = ""
    threshold: int = 5

    @property
    def hidden(self) -> bool:
        """Unknown to the public: withheld here, or never published at all."""
        return self.status in (Status.CONFIDENTIAL, Status.NOT_AVAILABLE) or self.value is None


@dataclass(frozen=True)
class Group:
    """parts sum to total. ``kind`` is 'category' (parts → total) or 'area' (councils → Scotland)."""

    total: CellKey
    parts: tuple[CellKey, ...]
    kind: str

    @property
    def members(self) -> tuple[CellKey, ...]:
        return (*self.parts, self.total)


class InconsistentCountsError(ValueError):
    """Two indicators publish different values for the same count."""


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def cells_from_observations(observations: pd.DataFrame, links: dict[str, tuple], thresholds: dict[str, int]) -> dict[CellKey, Cell]:
    """Every count published by any indicator, checked to agree where two publish it."""
    cells: dict[CellKey, Cell] = {}
    for indicator_id, rows in observations.groupby("indicator_id", sort=True):
        for link in links.get(indicator_id, ()):
            if link.column is None:  # derived from the count without publishing it: inherits only
                continue
            for row in rows.itertuples(index=False):
                key = (link.family, link.category, row.area_code, link.cell_period(row.period))
                value = _number(getattr(row, link.column))
                status = Status(row.status)
                if status in (Status.LOW, Status.UNRELIABLE, Status.PUBLISHED) and value is not None:
                    status = Status.PUBLISHED
                elif status not in (Status.CONFIDENTIAL, Status.NOT_APPLICABLE):
                    status = Status.NOT_AVAILABLE
                cell = Cell(value if status is Status.PUBLISHED else None, status, row.source_ref, thresholds[indicator_id])
                known = cells.get(key)
                if known is None:
                    cells[key] = cell
                    continue
                if known.value is not None and cell.value is not None and known.value != cell.value:
                    raise InconsistentCountsError(
                        f"count {key} is {known.value:g} in one indicator and {cell.value:g} in {indicator_id}"
                    )
                if cell.status is Status.CONFIDENTIAL:
                    known.value, known.status = None, Status.CONFIDENTIAL
                elif known.value is None and known.status is not Status.CONFIDENTIAL and cell.value is not None:
                    known.value, known.status = cell.value, cell.status
                known.threshold = max(known.threshold, cell.threshold)
                known.source_ref = known.source_ref or cell.source_ref
    return cells


def build_groups(cells: dict[CellKey, Cell], families: dict[str, Family] = FAMILIES) -> tuple[list[Group], list[Group]]:
    """The additive groups among the cells that exist, in a deterministic order.

    Returns (groups, inconsistent): a fully published group whose parts do not sum
    to its total (e.g. children whose placement was not recorded) is not additive;
    it is returned separately so the build can report it.
    """
    candidates: list[Group] = []
    by_family_period: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for family, category, area, period in cells:
        by_family_period.setdefault((family, period), set()).add((category, area))
    for (family_id, period), present in sorted(by_family_period.items()):
        family = families.get(family_id, Family(total="total", parts=()))
        areas = sorted({area for _, area in present})
        for area in areas if family.parts else ():
            total = (family_id, family.total, area, period)
            parts = tuple((family_id, part, area, period) for part in family.parts)
            if total in cells and all(p in cells for p in parts):
                candidates.append(Group(total, parts, "category"))
        if family.areas_add_up:
            for category in sorted({c for c, _ in present}):
                total = (family_id, category, SCOTLAND, period)
                councils = tuple((family_id, category, a, period) for a in areas
                                 if a != SCOTLAND and (family_id, category, a, period) in cells)
                if total in cells and councils:
                    candidates.append(Group(total, councils, "area"))
    groups = [g for g in candidates if _adds_up_or_open(g, cells)]
    inconsistent = [g for g in candidates if not _adds_up_or_open(g, cells)]
    return groups, inconsistent


def _adds_up_or_open(group: Group, cells: dict[CellKey, Cell]) -> bool:
    if any(cells[m].value is None for m in group.members):
        return True
    return abs(sum(cells[p].value for p in group.parts) - cells[group.total].value) < 1e-6


def components(groups: Iterable[Group]) -> list[list[Group]]:
    """Groups that share cells, joined (union-find), so each LP is solved on its own."""
    parent: dict[CellKey, CellKey] = {}

    def find(key: CellKey) -> CellKey:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    groups = list(groups)
    for group in groups:
        root = find(group.total)
        for member in group.parts:
            parent[find(member)] = root
    joined: dict[CellKey, list[Group]] = {}
    for group in groups:
        joined.setdefault(find(group.total), []).append(group)
    return list(joined.values())
