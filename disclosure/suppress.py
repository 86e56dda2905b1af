"""The suppression procedure: which count cells are withheld, as one pure function.

Why one pure function: an attacker who knows our rules re-runs them on every
assignment of the withheld cells that fits what we publish, and keeps those that
reproduce the ``[c]`` pattern we serve. The build's audit (``disclosure.attack``)
does exactly that with this same function, so the rules and their proof cannot
drift apart. The function may look at the whole table of true counts; what makes
it safe is that, inside each additive group, its choice depends on published
sizes only (``policy.SMALL_AREAS``), never on the withheld values.

The steps, in order (DESIGN.md §4):
1. small areas: the parts of areas chosen from a published size are withheld in
   every period, whatever their values;
2. primary: counts 1 to threshold-1 (or a rounded implied count that could be),
   and cells the source withheld;
3. shares: a numerator whose complement is small, or whose base is small;
4. secondary: in any group still left with one withheld cell, or withheld cells
   summing below the threshold, a complement by the written rule (the smallest
   eligible non-zero part, then a zero, then the total). This is the step an
   attacker can invert; the audit fails the build wherever it narrows a cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from disclosure.cells import Cell, CellKey, Group, Pair, SCOTLAND
from disclosure import policy
from disclosure.policy import SmallAreaRule
from contract.status import Status


@dataclass
class Suppression:
    """Which cells are withheld, and the rule that withheld each (for the audit report)."""

    reasons: dict[CellKey, str] = field(default_factory=dict)

    def withhold(self, key: CellKey, rule: str) -> None:
        self.reasons.setdefault(key, rule)

    @property
    def cells(self) -> set[CellKey]:
        return set(self.reasons)


def small_areas(cells: Mapping[CellKey, Cell], rule: SmallAreaRule | None = None) -> set[str]:
    """Areas whose size count (e.g. children looked after) was below the rule's limit in any period."""
    rule = rule or policy.SMALL_AREAS
    return {
        area for (family, category, area, _), cell in cells.items()
        if family == rule.size_family and category == rule.size_category and area != SCOTLAND
        and cell.value is not None and cell.value < rule.below
    }


def fixed_small_areas(cells: Mapping[CellKey, Cell], small: set[str], suppression: Suppression,
                      rule: SmallAreaRule | None = None) -> None:
    rule = rule or policy.SMALL_AREAS
    withhold = {family: set(categories) for family, categories in rule.withhold}
    for key in sorted(cells):
        family, category, area, _ = key
        if area in small and category in withhold.get(family, ()) and cells[key].status.value != "[x]":
            suppression.withhold(key, "small area")


def primary(cells: Mapping[CellKey, Cell], suppression: Suppression) -> None:
    """Counts 1 to threshold-1 are withheld; true zeros stay; source [c] stays withheld."""
    for key in sorted(cells):
        cell = cells[key]
        if cell.status is Status.CONFIDENTIAL:
            suppression.withhold(key, "source")
        elif cell.value is not None and any(0 < n < cell.threshold for n in cell.whole_numbers):
            suppression.withhold(key, "primary")


def proportion_rule(pair: Pair, cells: Mapping[CellKey, Cell], suppression: Suppression) -> None:
    """A share is withheld when its complement or its base is small (including 6 of 6)."""
    numerator, denominator = cells.get(pair.numerator), cells.get(pair.denominator)
    if numerator is None or denominator is None or numerator.value is None or denominator.value is None or denominator.value <= 0:
        return
    if denominator.value < denominator.threshold:
        suppression.withhold(pair.denominator, "proportion")
        suppression.withhold(pair.numerator, "proportion")
    elif any(n > 0 and denominator.value - n < numerator.threshold for n in numerator.whole_numbers):
        suppression.withhold(pair.numerator, "proportion")


def _eligible(group: Group, cells: Mapping[CellKey, Cell], withheld: set[CellKey]) -> CellKey | None:
    """The complement by the written rule, or None when the group has nothing left to withhold."""
    open_parts = [p for p in group.parts if p not in withheld and cells[p].value is not None]
    non_zero = sorted((cells[p].value, p) for p in open_parts if cells[p].value > 0)
    if non_zero:
        return non_zero[0][1]
    zeros = sorted(p for p in open_parts if cells[p].value == 0)
    if zeros:
        return zeros[0]
    total = group.total
    return total if total not in withheld and cells[total].value is not None else None


def _needs_complement(group: Group, cells: Mapping[CellKey, Cell], withheld: set[CellKey]) -> bool:
    hidden = [m for m in group.members if m in withheld]
    if not hidden:
        return False
    if len(hidden) == 1:
        return True
    threshold = max(cells[m].threshold for m in hidden)
    return sum(cells[m].value or 0.0 for m in hidden) < threshold


def secondary(cells: Mapping[CellKey, Cell], groups: Iterable[Group], suppression: Suppression) -> None:
    """Add complements until no group has one withheld cell or withheld cells under the threshold."""
    groups = list(groups)
    changed = True
    while changed:
        changed = False
        for group in groups:
            withheld = suppression.cells
            if _needs_complement(group, cells, withheld):
                complement = _eligible(group, cells, withheld)
                if complement is not None:
                    suppression.withhold(complement, "secondary")
                    changed = True


def suppress(cells: Mapping[CellKey, Cell], groups: Iterable[Group], pairs: Iterable[Pair], small: set[str]) -> Suppression:
    """The whole procedure on a table of true counts (or on an attacker's candidate table)."""
    suppression = Suppression()
    fixed_small_areas(cells, small, suppression)
    primary(cells, suppression)
    for pair in pairs:
        proportion_rule(pair, cells, suppression)
    secondary(cells, groups, suppression)
    return suppression
