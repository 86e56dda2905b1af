"""The algorithm-aware audit: what can an attacker who knows our rules learn of a withheld count?

Why: a linear programme over the published sums (``disclosure.audit``) misses an
attacker who also knows *how* we chose the cells to withhold. Such an attacker
takes every whole-number assignment of the withheld cells that fits everything we
publish, re-runs our own suppression procedure (``disclosure.suppress.suppress``)
on it, and keeps only the assignments that reproduce the ``[c]`` pattern we serve.
This module is that attacker. For each connected component of additive groups and
share pairs (one family and period, with the shares that refer to it):

- where the candidate assignments are few, it enumerates them all and re-runs the
  procedure on each (exact);
- otherwise an integer programme (``scipy.optimize.milp``) finds each withheld
  cell's smallest and largest value consistent with the sums; if the procedure
  re-run on those extreme assignments reproduces the pattern, the range is exact
  (both ends are attained); if not, it searches inward from each end until an
  assignment that reproduces the pattern is found, which can only narrow the range
  reported (so the audit errs towards failing the build, never towards passing it).

Every other vintage of a published count (SG revisions) is tried in turn in place
of the one shown, so a difference between vintages cannot narrow a cell unseen.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from disclosure.audit import FeasibleRange
from disclosure.cells import SCOTLAND, Cell, CellKey, Group, Pair, components
from disclosure import policy
from disclosure.suppress import suppress
from contract.status import Status

ENUMERATE_FREE_UP_TO = 6  # components with more free unknowns (after the sums) go to the integer programme
ENUMERATE_UP_TO = 200_000  # candidate assignments (before the sums filter them) enumerated exhaustively
RERUN_UP_TO = 20_000  # assignments that fit the sums on which the procedure is re-run exhaustively
SEARCH_STEPS = 50  # how far the search moves inward from an extreme that does not reproduce the pattern
NO_UPPER = 10**7  # a bound for cells nothing published bounds above (reported as unbounded)


@dataclass(frozen=True)
class AttackRange(FeasibleRange):
    """A withheld cell's range under the algorithm-aware attack, with how it was found."""

    method: str = ""  # "exhaustive", "integer programme" or "not in any group"
    vintage: str = "as shown"  # which vintage of the published counts gave the narrowest range


class _Component:
    """One component's unknowns, constants and the linear system an attacker can write."""

    def __init__(self, cells: Mapping[CellKey, Cell], groups: list[Group], pairs: list[Pair], withheld: set[CellKey]):
        self.cells, self.groups, self.pairs, self.withheld = cells, groups, pairs, withheld
        members = sorted({m for g in groups for m in g.members} | {k for p in pairs for k in (p.numerator, p.denominator)})
        self.members = [m for m in members if m in cells]
        self.unknown = [m for m in self.members if m in withheld or cells[m].value is None or len(cells[m].whole_numbers) > 1]
        self.column = {key: i for i, key in enumerate(self.unknown)}
        self.targets = [m for m in self.unknown if m in withheld]

    def known(self, key: CellKey, overrides: Mapping[CellKey, float]) -> float:
        return overrides[key] if key in overrides else float(self.cells[key].whole_numbers.start)

    def system(self, overrides: Mapping[CellKey, float] = {}):
        """(equality matrix, right-hand side, inequality matrix, lower bounds, upper bounds)."""
        n = len(self.unknown)
        rows, rhs = [], []
        less, less_rhs = [], []
        for group in self.groups:
            row, constant = np.zeros(n), 0.0
            for key, sign in [(p, 1.0) for p in group.parts] + [(group.total, -1.0)]:
                if key in self.column:
                    row[self.column[key]] += sign
                else:
                    constant -= sign * self.known(key, overrides)
            if group.slack:  # |parts - total| <= slack
                less += [row, -row]
                less_rhs += [constant + group.slack, -constant + group.slack]
            else:
                rows.append(row)
                rhs.append(constant)
        for pair in self.pairs:  # a numerator never exceeds its denominator
            row, constant = np.zeros(n), 0.0
            for key, sign in ((pair.numerator, 1.0), (pair.denominator, -1.0)):
                if key in self.column:
                    row[self.column[key]] += sign
                else:
                    constant -= sign * self.known(key, overrides)
            if row.any():
                less.append(row)
                less_rhs.append(constant)
        lower = np.zeros(n)
        upper = np.full(n, float(NO_UPPER))
        for key, i in self.column.items():
            cell = self.cells[key]
            if key not in self.withheld and cell.value is not None:  # published to within a rounding interval
                lower[i], upper[i] = cell.whole_numbers.start, cell.whole_numbers.stop - 1
        return np.array(rows).reshape(-1, n), np.array(rhs), np.array(less).reshape(-1, n), np.array(less_rhs), lower, upper

    def reproduces(self, assignment: np.ndarray, small_of) -> bool:
        """Does the procedure, re-run with these values, withhold exactly the cells we withheld here?"""
        trial = {key: self.cells[key] for key in self.members}
        for key, i in self.column.items():
            source_withheld = self.cells[key].status is Status.CONFIDENTIAL  # the source's own [c] stays withheld
            trial[key] = replace(self.cells[key], value=float(assignment[i]), lower=None, upper=None,
                                 status=Status.CONFIDENTIAL if source_withheld else Status.PUBLISHED)
        outcome = suppress(trial, self.groups, self.pairs, small_of(trial)).cells
        return outcome & set(self.members) == self.withheld & set(self.members)


def _small_areas_given(cells: Mapping[CellKey, Cell], component_members: list[CellKey]):
    """small_areas() for a candidate table that differs from the true one only inside a component."""
    rule = policy.SMALL_AREAS
    inside = set(component_members)
    smallest_elsewhere: dict[str, float] = {}
    for key, cell in cells.items():
        family, category, area, _ = key
        if family == rule.size_family and category == rule.size_category and key not in inside and cell.value is not None:
            smallest_elsewhere[area] = min(smallest_elsewhere.get(area, math.inf), cell.value)
    base = {a for a, v in smallest_elsewhere.items() if v < rule.below and a != SCOTLAND}

    def small_of(trial: Mapping[CellKey, Cell]) -> set[str]:
        small = set(base)
        for (family, category, area, _), cell in trial.items():
            if family == rule.size_family and category == rule.size_category and area != SCOTLAND \
                    and cell.value is not None and cell.value < rule.below:
                small.add(area)
        return small

    return small_of


def _solve(component: _Component, objective: np.ndarray, system, extra_bounds=None):
    a_eq, b_eq, a_le, b_le, lower, upper = system
    if extra_bounds is not None:
        lower, upper = np.maximum(lower, extra_bounds[0]), np.minimum(upper, extra_bounds[1])
    constraints = []
    if len(a_eq):
        constraints.append(LinearConstraint(a_eq, b_eq, b_eq))
    if len(a_le):
        constraints.append(LinearConstraint(a_le, -np.inf, b_le))
    result = milp(objective, constraints=constraints, integrality=np.ones(len(objective)), bounds=Bounds(lower, upper))
    return result.x if result.status == 0 else None


def _parametrise(a_eq: np.ndarray, b_eq: np.ndarray, n: int):
    """Free unknowns and, for the others, x[pivot] = offset - coupling @ x[free] (reduced row echelon form)."""
    if not len(a_eq):
        return list(range(n)), [], np.zeros(0), np.zeros((0, n))
    matrix = np.hstack([a_eq.astype(float), b_eq.reshape(-1, 1).astype(float)])
    pivots, row = [], 0
    for column in range(n):
        candidates = np.nonzero(np.abs(matrix[row:, column]) > 1e-9)[0] if row < len(matrix) else []
        if not len(candidates):
            continue
        swap = row + candidates[0]
        matrix[[row, swap]] = matrix[[swap, row]]
        matrix[row] /= matrix[row, column]
        for other in range(len(matrix)):
            if other != row and abs(matrix[other, column]) > 1e-9:
                matrix[other] -= matrix[other, column] * matrix[row]
        pivots.append(column)
        row += 1
        if row == len(matrix):
            break
    free = [c for c in range(n) if c not in pivots]
    return free, pivots, matrix[: len(pivots), -1], matrix[: len(pivots), :n][:, free]


def _enumerate(component: _Component, system, small_of) -> list[np.ndarray] | None:
    """Every assignment that fits the sums and reproduces the pattern, or None if there are too many."""
    a_eq, b_eq, a_le, b_le, lower, upper = system
    n = len(component.unknown)
    free, pivots, offset, coupling = _parametrise(a_eq, b_eq, n)
    if len(free) > ENUMERATE_FREE_UP_TO:
        return None
    spans = []
    for i in free:
        objective = np.zeros(n)
        objective[i] = 1.0
        low = _solve(component, objective, system)
        high = _solve(component, -objective, system)
        if low is None or high is None:
            return []
        spans.append(range(int(round(low[i])), int(round(high[i])) + 1))
    if math.prod(len(s) for s in spans) > ENUMERATE_UP_TO:
        return None
    grid = np.array(list(itertools.product(*spans)), dtype=float).reshape(-1, len(free))
    full = np.zeros((len(grid), n))
    full[:, free] = grid
    if pivots:
        full[:, pivots] = offset - grid @ coupling.T
    fits = np.all(np.abs(full - np.round(full)) < 1e-6, axis=1)
    full = np.round(full)
    fits &= np.all((full >= lower - 1e-9) & (full <= upper + 1e-9), axis=1)
    if len(a_le):
        fits &= np.all(full @ a_le.T <= b_le + 1e-6, axis=1)
    candidates = full[fits]
    if len(candidates) > RERUN_UP_TO:
        return None
    return [c for c in candidates if component.reproduces(c, small_of)]


def _extreme(component: _Component, system, small_of, index: int, sign: float) -> float | None:
    """The smallest (sign +1) or largest (sign -1) value of one unknown over assignments that reproduce the pattern."""
    objective = np.zeros(len(component.unknown))
    objective[index] = sign
    lower_bound = np.full(len(component.unknown), -np.inf)
    upper_bound = np.full(len(component.unknown), np.inf)
    for _ in range(SEARCH_STEPS):
        solution = _solve(component, objective, system, (lower_bound, upper_bound))
        if solution is None:
            return None
        solution = np.round(solution)
        if component.reproduces(solution, small_of):
            return float(solution[index])
        if sign > 0:
            lower_bound[index] = solution[index] + 1
        else:
            upper_bound[index] = solution[index] - 1
    return None


def _ranges(component: _Component, small_of, overrides: Mapping[CellKey, float]) -> dict[CellKey, tuple[float, float, str]] | None:
    system = component.system(overrides)
    if _solve(component, np.zeros(len(component.unknown)), system) is None:
        return None  # this vintage does not fit the other published figures: no attacker can use it
    found = _enumerate(component, system, small_of)
    out: dict[CellKey, tuple[float, float, str]] = {}
    for key in component.targets:
        i = component.column[key]
        if found is not None:
            values = [c[i] for c in found]
            low, high = (min(values), max(values)) if values else (0.0, 0.0)
            method = "exhaustive"
        else:
            low = _extreme(component, system, small_of, i, 1.0)
            high = _extreme(component, system, small_of, i, -1.0)
            if low is None or high is None:
                low = high = low if low is not None else (high if high is not None else 0.0)
            method = "integer programme"
        out[key] = (low, math.inf if high >= NO_UPPER - 0.5 else high, method)
    return out


def attack_ranges(cells: Mapping[CellKey, Cell], groups: list[Group], pairs: list[Pair], withheld: set[CellKey],
                  other_vintages: Mapping[CellKey, list[tuple[float, str]]] | None = None) -> list[AttackRange]:
    """The range an algorithm-aware attacker can narrow each withheld cell to.

    ``groups`` may include groups that do not quite add up (``Group.slack``): an
    attacker can still use them, so the audit does too.
    """
    other_vintages = other_vintages or {}
    ranges: list[AttackRange] = []
    covered: set[CellKey] = set()
    for component_groups, component_pairs in components(groups, pairs):
        component = _Component(cells, component_groups, component_pairs, withheld)
        if not component.targets:
            continue
        covered.update(component.members)
        small_of = _small_areas_given(cells, component.members)
        variants: list[tuple[dict, str]] = [({}, "as shown")]
        for key in component.members:
            if key not in component.column:
                variants += [({key: value}, vintage) for value, vintage in other_vintages.get(key, [])]
        narrowest: dict[CellKey, AttackRange] = {}
        for overrides, vintage in variants:
            result = _ranges(component, small_of, overrides)
            for key, (low, high, method) in (result or {}).items():
                candidate = AttackRange(key, low, high, cells[key].threshold, method, vintage)
                if key not in narrowest or candidate.width < narrowest[key].width:
                    narrowest[key] = candidate
        ranges += [narrowest.get(key, AttackRange(key, 0.0, 0.0, cells[key].threshold, "no assignment fits"))
                   for key in component.targets]
    for key in sorted(withheld - covered):
        ranges.append(_lone_cell_range(cells, key, withheld))
    return sorted(ranges, key=lambda r: r.key)


def _lone_cell_range(cells: Mapping[CellKey, Cell], key: CellKey, withheld: set[CellKey]) -> AttackRange:
    """A withheld cell in no group: nothing bounds it but the rule that withheld it.

    A cell withheld only because it is small is known to be small: the procedure
    re-run on each value tells which values it would have withheld.
    """
    component = _Component(cells, [], [], withheld)
    component.members = component.unknown = component.targets = [key]
    component.column = {key: 0}
    small_of = _small_areas_given(cells, [key])
    threshold = cells[key].threshold
    trial_values = [*range(0, 4 * threshold + 1), NO_UPPER]
    fits = [v for v in trial_values if component.reproduces(np.array([float(v)]), small_of)]
    if not fits:
        return AttackRange(key, 0.0, 0.0, threshold, "not in any group")
    return AttackRange(key, float(min(fits)), math.inf if NO_UPPER in fits else float(max(fits)), threshold, "not in any group")
