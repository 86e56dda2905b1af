"""The sums-only audit: how precisely can each withheld count be recovered from the sums alone?

Why a linear programme: an attacker holds everything we publish — every
published count, every total, and the fact that parts add up to totals and counts
are never negative. For each withheld cell, the smallest and largest values
consistent with all of that (``scipy.optimize.linprog``) bound what they can learn.
If that range is narrower than the threshold, the cell is not protected. It is
reported beside the algorithm-aware attack (``disclosure.attack``), which knows the
rules too and is the one that decides.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from disclosure.cells import Cell, CellKey, Group, components


@dataclass(frozen=True)
class FeasibleRange:
    key: CellKey
    lower: float
    upper: float  # math.inf when nothing published bounds the cell
    threshold: int

    @property
    def width(self) -> float:
        return self.upper - self.lower

    @property
    def protected(self) -> bool:
        return bool(self.width >= self.threshold - 1e-9)  # a plain bool: the audit is written as JSON


class RecoverableCellError(RuntimeError):
    """A withheld count can be recovered too precisely from what is published."""


def _solve(objective: np.ndarray, a_eq: np.ndarray, b_eq: np.ndarray, bounds) -> float:
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status == 3:  # unbounded
        return -math.inf
    if result.status != 0:
        raise RecoverableCellError(f"published figures are inconsistent (linprog: {result.message})")
    return float(result.fun)


def feasible_ranges(cells: dict[CellKey, Cell], groups: list[Group], withheld: set[CellKey]) -> list[FeasibleRange]:
    """The feasible range of every withheld cell, given everything else that is published."""
    ranges: list[FeasibleRange] = []
    grouped: set[CellKey] = set()
    for component, _ in components(groups):
        members = sorted({m for g in component for m in g.members})
        grouped.update(members)
        # A count implied by a rounded share is known only to within its interval: an unknown with bounds.
        unknown = [m for m in members if m in withheld or cells[m].hidden or cells[m].lower != cells[m].upper]
        targets = [m for m in unknown if m in withheld]
        if not targets:
            continue
        column = {key: i for i, key in enumerate(unknown)}
        a_eq = np.zeros((len(component), len(unknown)))
        b_eq = np.zeros(len(component))
        for row, group in enumerate(component):
            for key, sign in [(p, 1.0) for p in group.parts] + [(group.total, -1.0)]:
                if key in column:
                    a_eq[row, column[key]] += sign
                else:
                    b_eq[row] -= sign * cells[key].value
        bounds = [(0, None) if m in withheld or cells[m].hidden else (cells[m].lower, cells[m].upper) for m in unknown]
        for key in targets:
            objective = np.zeros(len(unknown))
            objective[column[key]] = 1.0
            lower = _solve(objective, a_eq, b_eq, bounds)
            upper = -_solve(-objective, a_eq, b_eq, bounds)
            ranges.append(FeasibleRange(key, max(lower, 0.0), upper, cells[key].threshold))
    for key in sorted(withheld - grouped):
        ranges.append(FeasibleRange(key, 0.0, math.inf, cells[key].threshold))
    return sorted(ranges, key=lambda r: r.key)
