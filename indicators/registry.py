"""Every indicator the build computes, in an explicit tuple.

Why explicit: a module that exists but is not listed would silently never reach
the dashboard; a test checks that every module in this package is listed here.
"""
from __future__ import annotations

from indicators import (
    aftercare_receiving_pct,
    child_poverty_pct,
    community_cost_per_week,
    continuing_care_count,
    cp_register_count,
    cp_registrations_rate,
    cp_reregistration_pct,
    leavers_positive_destination_pct,
    leavers_scqf5_pct,
    looked_after_at_home_pct,
    looked_after_community_pct,
    looked_after_count,
    looked_after_foster_pct,
    looked_after_kinship_pct,
    looked_after_rate,
    looked_after_residential_count,
    looked_after_starts,
    more_than_one_placement_pct,
    residential_cost_per_week,
    school_attendance_all_pct,
    school_attendance_lac_pct,
    school_exclusions_all_rate,
    school_exclusions_lac_rate,
    secure_care_admissions,
    secure_care_average_residents,
)
from indicators.base import Indicator

INDICATORS: tuple[Indicator, ...] = (
    aftercare_receiving_pct.INDICATOR,
    child_poverty_pct.INDICATOR,
    community_cost_per_week.INDICATOR,
    continuing_care_count.INDICATOR,
    cp_register_count.INDICATOR,
    cp_registrations_rate.INDICATOR,
    cp_reregistration_pct.INDICATOR,
    leavers_positive_destination_pct.INDICATOR,
    leavers_scqf5_pct.INDICATOR,
    looked_after_at_home_pct.INDICATOR,
    looked_after_community_pct.INDICATOR,
    looked_after_count.INDICATOR,
    looked_after_foster_pct.INDICATOR,
    looked_after_kinship_pct.INDICATOR,
    looked_after_rate.INDICATOR,
    looked_after_residential_count.INDICATOR,
    looked_after_starts.INDICATOR,
    more_than_one_placement_pct.INDICATOR,
    residential_cost_per_week.INDICATOR,
    school_attendance_all_pct.INDICATOR,
    school_attendance_lac_pct.INDICATOR,
    school_exclusions_all_rate.INDICATOR,
    school_exclusions_lac_rate.INDICATOR,
    secure_care_admissions.INDICATOR,
    secure_care_average_residents.INDICATOR,
)
NON_INDICATOR_MODULES = frozenset({"base", "schema", "inputs", "intervals", "registry", "framework_text", "national", "lgbf_values", "england_context"})


def by_id(indicator_id: str) -> Indicator:
    for indicator in INDICATORS:
        if indicator.meta.id == indicator_id:
            return indicator
    raise KeyError(f"unknown indicator {indicator_id!r}")
