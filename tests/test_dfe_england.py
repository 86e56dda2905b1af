"""England's children looked after (DfE), against DfE's published totals."""
from __future__ import annotations

import pytest

from conftest import require_mirror
from data_sources import dfe_england
from data_sources.base import load_source

PAGE = "DfE, Children looked after in England including adoptions (data/published/dfe_england/PROVENANCE.md)"


@pytest.fixture(scope="module")
def dfe():
    return load_source(dfe_england.SPEC, dfe_england.parse, require_mirror()).tables


def _england(releases, measure, vintage):
    rows = releases[(releases["area_code"] == dfe_england.ENGLAND) & (releases["measure"] == measure) & (releases["vintage"] == vintage)]
    return rows.set_index("period")


@pytest.mark.parametrize("year,published", [(2021, 80_780), (2022, 82_090), (2023, 83_750), (2024, 83_530), (2025, 81_770)])
def test_england_looked_after_2025_release(dfe, year, published):
    england = _england(dfe["releases"], "looked_after", "DfE 2025 release")
    assert england.at[year, "count"] == published, f"England looked after at 31 March {year}: {published:,} ({PAGE}, 2025 release)"


def test_england_rates_and_the_revision_of_2023(dfe):
    latest = _england(dfe["releases"], "looked_after", "DfE 2025 release")
    first = _england(dfe["releases"], "looked_after", "DfE 2023 release")
    assert latest.at[2025, "rate_per_10000"] == 67, "England 2025: 67 per 10,000 children aged 0-17"
    assert latest.at[2024, "rate_per_10000"] in (69, 70), "England 2024: 69-70 per 10,000 (PROVENANCE spot-check)"
    assert (first.at[2023, "count"], latest.at[2023, "count"]) == (83_840, 83_750), "2023: 83,840 first published, 83,750 in the 2025 release"
    assert first.at[2020, "count"] == 80_000, "England 2020: 80,000"


def test_england_local_authorities_2024_highest_and_lowest_rate(dfe):
    releases = dfe["releases"]
    las = releases[(releases["level"] == "local_authority") & (releases["measure"] == "looked_after")
                   & (releases["period"] == 2024) & (releases["vintage"] == "DfE 2025 release") & (releases["rate_status"] == "ok")]
    ordered = las.sort_values("rate_per_10000")
    assert ordered.iloc[-1]["area_name"] == "Stoke-on-Trent" and 190 <= ordered.iloc[-1]["rate_per_10000"] <= 191, "highest 2024: Stoke-on-Trent 190-191"
    assert ordered.iloc[0]["area_name"] == "Richmond upon Thames" and ordered.iloc[0]["rate_per_10000"] == 25, "lowest 2024: Richmond upon Thames 25"
    assert las["area_code"].nunique() >= 150, "England's local authorities (155 in the file; some suppressed or merged)"


def test_england_long_series_from_1994(dfe):
    series = dfe["england_series"]
    looked_after = series[series["measure"] == "looked_after"].set_index("period")["count"]
    assert looked_after[1994] == 47_590 and looked_after[2019] == 78_140, "DfE time series: 47,590 in 1994, 78,140 in 2019"
    assert sorted(looked_after.index) == list(range(1994, 2024))


def test_suppressed_figures_stay_symbols(dfe):
    releases = dfe["releases"]
    withheld = releases[releases["count_status"] == "[c]"]
    assert len(withheld) > 0 and withheld["count"].isna().all(), "DfE's 'c' is a symbol, never a number"
