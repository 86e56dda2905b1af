"""Primary and secondary suppression of count cells (DESIGN.md §4.2, §4.3, §4.5).

Why secondary suppression: withholding a council's count of 3 means nothing if the
other 31 councils and the Scotland total are published — subtraction gives it
back. In every additive group no cell may be the only one withheld, and the
withheld cells must together reach the threshold. Complements are chosen by a
written rule, so every build withholds the same cells: the smallest eligible
non-zero part, then a zero part, and a group's total only when nothing else works.
The audit (``disclosure.audit``) then proves the result; where it finds a cell
still exposed, one more complement is added in that cell's groups and it runs again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.audit import assert_protected, feasible_ranges
from disclosure.cells import Cell, CellKey, Group
from store.status import Status

MAX_AUDIT_ROUNDS = 200


@dataclass
class Suppression:
    """Which cells are withheld, and the rule that withheld each (for the audit report)."""

    reasons: dict[CellKey, str] = field(default_factory=dict)

    def withhold(self, key: CellKey, rule: str) -> None:
        self.reasons.setdefault(key, rule)

    @property
    def cells(self) -> set[CellKey]:
        return set(self.reasons)


def primary(cells: dict[CellKey, Cell], suppression: Suppression) -> None:
    """Counts 1 to threshold-1 are withheld; true zeros stay; source [c] stays withheld."""
    for key in sorted(cells):
        cell = cells[key]
        if cell.status is Status.CONFIDENTIAL:
            suppression.withhold(key, "source")
        elif cell.value is not None and 0 < cell.value < cell.threshold:
            suppression.withhold(key, "primary")


def proportion_rule(numerator: CellKey, denominator: CellKey, cells: dict[CellKey, Cell], suppression: Suppression) -> None:
    """A share is withheld when its complement or its base is small (including 6 of 6)."""
    num, den = cells[numerator].value, cells[denominator].value
    if num is None or den is None or den <= 0:
        return
    if den < cells[denominator].threshold:
        suppression.withhold(denominator, "proportion")
        suppression.withhold(numerator, "proportion")
    elif num > 0 and den - num < cells[numerator].threshold:
        suppression.withhold(numerator, "proportion")


def _eligible(group: Group, cells: dict[CellKey, Cell], withheld: set[CellKey]) -> CellKey | None:
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


def _needs_complement(group: Group, cells: dict[CellKey, Cell], withheld: set[CellKey]) -> bool:
    hidden = [m for m in group.members if m in withheld]
    if not hidden:
        return False
    if len(hidden) == 1:
        return True
    threshold = max(cells[m].threshold for m in hidden)
    return sum(cells[m].value or 0.0 for m in hidden) < threshold


def secondary(cells: dict[CellKey, Cell], groups: list[Group], suppression: Suppression) -> None:
    """Add complements until no group has one withheld cell or withheld cells under the threshold."""
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


def protect(cells: dict[CellKey, Cell], groups: list[Group], suppression: Suppression):
    """Secondary suppression, then audit; widen until every withheld cell is protected.

    Returns the final feasible ranges; raises RecoverableCellError naming a cell that
    cannot be protected by any further complement.
    """
    groups_of: dict[CellKey, list[Group]] = {}
    for group in groups:
        for member in group.members:
            groups_of.setdefault(member, []).append(group)
    for _ in range(MAX_AUDIT_ROUNDS):
        secondary(cells, groups, suppression)
        ranges = feasible_ranges(cells, groups, suppression.cells)
        exposed = [r for r in ranges if not r.protected]
        if not exposed:
            return ranges
        added = False
        for exposed_range in exposed:
            for group in groups_of.get(exposed_range.key, []):
                complement = _eligible(group, cells, suppression.cells)
                if complement is not None:
                    suppression.withhold(complement, "audit")
                    added = True
                    break
        if not added:
            break
    ranges = feasible_ranges(cells, groups, suppression.cells)
    assert_protected(ranges)
    return ranges
