"""Confidence-interval helpers against published reference values."""
import numpy as np
import pytest
from scipy.stats import chi2

from indicators.intervals import byar_count_interval, byar_rate_interval, wilson_interval

# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion:
# comparison of seven methods", Statistics in Medicine 17:857-872, Table II,
# method 3 (Wilson score interval without continuity correction).
NEWCOMBE_1998_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize("x,n,lower,upper", NEWCOMBE_1998_WILSON)
def test_wilson_matches_newcombe_1998(x, n, lower, upper):
    got_lower, got_upper = wilson_interval([x], [n])
    assert got_lower[0] == pytest.approx(lower, abs=5e-5), f"Wilson lower for {x}/{n}, Newcombe (1998) Table II"
    assert got_upper[0] == pytest.approx(upper, abs=5e-5), f"Wilson upper for {x}/{n}, Newcombe (1998) Table II"


def test_wilson_is_nan_without_a_denominator():
    lower, upper = wilson_interval([0, 3], [0, np.nan])
    assert np.isnan(lower).all() and np.isnan(upper).all()


def _exact_poisson(o):
    lower = chi2.ppf(0.025, 2 * o) / 2 if o > 0 else 0.0
    upper = chi2.ppf(0.975, 2 * (o + 1)) / 2
    return lower, upper


@pytest.mark.parametrize("count", [5, 10, 20, 65, 100, 1000, 14458])
def test_byar_approximates_the_exact_poisson_interval(count):
    """Byar's method is an approximation to the exact (chi-squared) Poisson limits:
    within 1% of them from 10 events, and within 10% from 5 (below
    5 the count is suppressed anyway)."""
    lower, upper = byar_count_interval([count])
    exact_lower, exact_upper = _exact_poisson(count)
    tolerance = 0.01 if count >= 10 else 0.10
    assert lower[0] == pytest.approx(exact_lower, rel=tolerance)
    assert upper[0] == pytest.approx(exact_upper, rel=tolerance)


def test_byar_by_hand_for_ten_events():
    """Byar: O(1 - 1/9O - z/3√O)^3 and (O+1)(1 - 1/9(O+1) + z/3√(O+1))^3, z = 1.959964."""
    z = 1.959963984540054
    lower, upper = byar_count_interval([10])
    assert lower[0] == pytest.approx(10 * (1 - 1 / 90 - z / (3 * np.sqrt(10))) ** 3, rel=1e-12)
    assert upper[0] == pytest.approx(11 * (1 - 1 / 99 + z / (3 * np.sqrt(11))) ** 3, rel=1e-12)
    assert (round(lower[0], 3), round(upper[0], 3)) == (4.787, 18.391)


def test_byar_zero_events_has_zero_lower_limit():
    lower, upper = byar_count_interval([0])
    assert lower[0] == 0.0
    assert upper[0] == pytest.approx(3.7, abs=0.05), "exact Poisson upper limit for 0 events is 3.689"


def test_byar_rate_scales_by_population():
    lower, upper = byar_rate_interval([14458], [1026922], 1000)
    assert lower[0] < 14458 / 1026922 * 1000 < upper[0]
    assert upper[0] - lower[0] == pytest.approx(0.46, abs=0.01)
