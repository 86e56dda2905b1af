"""Count cells, the additive groups that tie them together, and the pairs that bound them.

Why cells, not indicator rows: a count of children can be published by several
indicators at once (the count itself, the numerator of a rate, the denominator of
a percentage, or implied by a share of a published count). Suppression and the
audit work on the counts, once, and every figure that publishes or derives from a
withheld count inherits its status.

A published count is known exactly; a count implied by a rounded share is known to
within an interval (``lower``..``upper``), and the audit treats it so.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pandas as pd

from contract.areas import SCOTLAND
from disclosure.policy import FAMILIES, Family
from contract.status import Status


CellKey = tuple[str, str, str, str]  # (family, category, area_code, period)


@dataclass
class Cell:
    value: float | None
    status: Status
    source_ref: str = ""
    threshold: int = 5
    lower: float | None = None  # what a reader knows: value within [lower, upper] (a rounded share's implied count)
    upper: float | None = None

    def __post_init__(self) -> None:
        if self.value is not None and self.lower is None:
            self.lower = self.upper = self.value

    @property
    def hidden(self) -> bool:
        """Unknown to the public: withheld here, or never published at all."""
        return self.status in (Status.CONFIDENTIAL, Status.NOT_AVAILABLE) or self.value is None

    @property
    def whole_numbers(self) -> range:
        """The whole numbers a reader cannot tell apart from the published figure."""
        if self.value is None:
            return range(0)
        low, high = math.ceil(self.lower - 1e-9), math.floor(self.upper + 1e-9)
        if high < low:  # a share over another vintage's base: no whole number fits, so the nearest ones do
            low, high = math.floor(self.value), math.ceil(self.value)
        return range(max(low, 0), high + 1)


@dataclass(frozen=True)
class Group:
    """parts sum to total. ``kind`` is 'category' (parts → total) or 'area' (councils → Scotland)."""

    total: CellKey
    parts: tuple[CellKey, ...]
    kind: str
    slack: int = 0  # published figures that do not quite add up (rounding, vintages): parts = total ± slack

    @property
    def members(self) -> tuple[CellKey, ...]:
        return (*self.parts, self.total)


@dataclass(frozen=True)
class Pair:
    """A numerator and its denominator: the numerator never exceeds it, and a share of it is published."""

    numerator: CellKey
    denominator: CellKey


@dataclass
class CellTable:
    """Every count cell of a build, with the proportion pairs among them."""

    cells: dict[CellKey, Cell]
    pairs: list[Pair] = field(default_factory=list)


class InconsistentCountsError(ValueError):
    """Two indicators publish different values for the same count."""


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _status(row) -> Status:
    status = Status(row.status)
    if status in (Status.LOW, Status.UNRELIABLE, Status.PUBLISHED):
        return Status.PUBLISHED
    return status if status in (Status.CONFIDENTIAL, Status.NOT_APPLICABLE) else Status.NOT_AVAILABLE


def _merge(cells: dict[CellKey, Cell], key: CellKey, cell: Cell, indicator_id: str) -> None:
    known = cells.get(key)
    if known is None:
        cells[key] = cell
        return
    if known.value is not None and cell.value is not None and known.lower == known.upper == known.value \
            and cell.lower == cell.upper == cell.value and known.value != cell.value:
        raise InconsistentCountsError(f"count {key} is {known.value:g} in one indicator and {cell.value:g} in {indicator_id}")
    if cell.status is Status.CONFIDENTIAL:
        known.value, known.status, known.lower, known.upper = None, Status.CONFIDENTIAL, None, None
    elif known.value is None and known.status is not Status.CONFIDENTIAL and cell.value is not None:
        known.value, known.status, known.lower, known.upper = cell.value, cell.status, cell.lower, cell.upper
    elif known.value is not None and cell.value is not None:  # exact beats an interval
        if cell.upper - cell.lower < known.upper - known.lower:
            known.value, known.lower, known.upper = cell.value, cell.lower, cell.upper
    known.threshold = max(known.threshold, cell.threshold)
    known.source_ref = known.source_ref or cell.source_ref


def cells_from_observations(observations: pd.DataFrame, metas: Mapping[str, object], thresholds: dict[str, int]) -> CellTable:
    """Every count published by any indicator, checked to agree where two publish it.

    Counts published as a column come first; a count implied by a share of another
    published count (``CountLink.over``) is then known to within the rounding of the
    decimals published: ``value ± half a unit in the last decimal``, over the scale.
    """
    cells: dict[CellKey, Cell] = {}
    pairs: list[Pair] = []
    implied = []
    for indicator_id, rows in observations.groupby("indicator_id", sort=True):
        meta = metas[indicator_id]
        for link in meta.counts:
            if link.column is None:  # derived from the count without publishing it: inherits only
                continue
            if link.over is not None:
                implied.append((meta, link, rows))
                continue
            for row in rows.itertuples(index=False):
                key = (link.family, link.category, row.area_code, link.cell_period(row.period))
                status = _status(row)
                value = _number(getattr(row, link.column)) if status is Status.PUBLISHED else None
                _merge(cells, key, Cell(value, status if value is not None or status is not Status.PUBLISHED else Status.NOT_AVAILABLE,
                                        row.source_ref, thresholds[indicator_id]), indicator_id)
        numerator = next((l for l in meta.counts if l.column == "numerator"), None)
        denominator = next((l for l in meta.counts if l.column == "denominator"), None)
        if meta.kind.value == "proportion" and numerator is not None and denominator is not None:
            for row in rows.itertuples(index=False):
                pairs.append(Pair((numerator.family, numerator.category, row.area_code, numerator.cell_period(row.period)),
                                  (denominator.family, denominator.category, row.area_code, denominator.cell_period(row.period))))
    for meta, link, rows in implied:
        half_unit = 0.5 * 10.0 ** (-meta.decimals)
        for row in rows.itertuples(index=False):
            period = link.cell_period(row.period)
            key = (link.family, link.category, row.area_code, period)
            base_key = (*link.over, row.area_code, period)
            base = cells.get(base_key)
            status = _status(row)
            share = _number(row.value) if status is Status.PUBLISHED else None
            if share is None or base is None or base.value is None:
                cell = Cell(None, Status.CONFIDENTIAL if status is Status.CONFIDENTIAL else Status.NOT_AVAILABLE, row.source_ref, thresholds[meta.id])
            else:
                estimate = share / meta.scale * base.value
                cell = Cell(estimate, Status.PUBLISHED, row.source_ref, thresholds[meta.id],
                            lower=max(share - half_unit, 0.0) / meta.scale * base.value, upper=(share + half_unit) / meta.scale * base.value)
            _merge(cells, key, cell, meta.id)
            pairs.append(Pair(key, base_key))
    return CellTable(cells, pairs)


def build_groups(cells: dict[CellKey, Cell], families: dict[str, Family] = FAMILIES) -> tuple[list[Group], list[Group]]:
    """The additive groups among the cells that exist, in a deterministic order.

    Returns (groups, inconsistent): a fully published group whose parts cannot sum
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
    groups = [g for g in candidates if _gap(g, cells) == 0]
    inconsistent = [g for g in candidates if _gap(g, cells) > 0]
    return groups, inconsistent


def _gap(group: Group, cells: dict[CellKey, Cell]) -> int:
    """How far the published parts fall from their published total (0 when they can add up)."""
    if any(cells[m].value is None for m in group.members):
        return 0
    total = cells[group.total].whole_numbers
    low = sum(cells[p].whole_numbers.start for p in group.parts)
    high = sum(cells[p].whole_numbers.stop - 1 for p in group.parts)
    return int(max(low - (total.stop - 1), total.start - high, 0))


def with_slack(groups: Iterable[Group], cells: dict[CellKey, Cell]) -> list[Group]:
    """Groups that do not quite add up, as nearly-additive constraints an attacker can still use."""
    from dataclasses import replace

    return [replace(g, slack=_gap(g, cells)) for g in groups]


def components(groups: Iterable[Group], pairs: Iterable[Pair] = ()) -> list[tuple[list[Group], list[Pair]]]:
    """Groups and pairs that share cells, joined (union-find), so each is audited on its own."""
    parent: dict[CellKey, CellKey] = {}

    def find(key: CellKey) -> CellKey:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    groups, pairs = list(groups), list(pairs)
    for group in groups:
        root = find(group.total)
        for member in group.parts:
            parent[find(member)] = root
    for pair in pairs:
        parent[find(pair.numerator)] = find(pair.denominator)
    joined: dict[CellKey, tuple[list[Group], list[Pair]]] = {}
    for group in groups:
        joined.setdefault(find(group.total), ([], []))[0].append(group)
    for pair in pairs:
        joined.setdefault(find(pair.denominator), ([], []))[1].append(pair)
    return list(joined.values())
