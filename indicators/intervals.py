"""Confidence intervals, by the methods Public Health England's Fingertips uses.

Why these two: Wilson's score interval behaves at proportions near 0 or 1 and at
small denominators, where the normal approximation gives impossible limits; Byar's
approximation to the exact Poisson interval is the standard for rates of counts
(PHEindicatormethods ``phe_proportion`` and ``phe_rate``). Both are vectorised so an
indicator computes every council and year in one call.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import norm

Z_95 = float(norm.ppf(0.975))  # 1.959964...


def wilson_interval(numerator, denominator, z: float = Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x successes out of n, as proportions in [0, 1].

    NaN where the denominator is missing or zero.
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        z2 = z * z
        centre = (2 * x + z2) / (2 * (n + z2))
        half = z * np.sqrt(z2 + 4 * x * (1 - p)) / (2 * (n + z2))
        lower = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        upper = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return lower, upper


def byar_count_interval(count, z: float = Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the exact Poisson interval for an observed count."""
    o = np.asarray(count, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = np.where(o > 0, o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3, 0.0)
        o1 = o + 1
        upper = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3
    lower = np.where(np.isnan(o), np.nan, lower)
    return lower, upper


def byar_rate_interval(count, population, per: float, z: float = Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Byar interval for a rate = count / population × per."""
    lower, upper = byar_count_interval(count, z)
    pop = np.asarray(population, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(pop > 0, per / pop, np.nan)
    return lower * scale, upper * scale
