"""Disclosure control: the rules of DESIGN.md §4 on FIXTURE tables, an attacker's
independent audit on random tables, and the audit over the real build.

Every table here is a FIXTURE: made-up counts shaped like the real ones (32
councils + Scotland), never statistics.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from contract.areas import SCOTLAND
import disclosure
from data_sources.errors import SourceError
from data_sources.symbols import parse_cell
from disclosure.attack import AttackRange
from disclosure.audit import RecoverableCellError
from disclosure.policy import THRESHOLD, threshold_for
from indicators import looked_after_community_pct, looked_after_count, looked_after_rate, looked_after_residential_count
from indicators.base import IndicatorMeta, observations
from contract.observation import OBSERVATION_COLUMNS

COUNCILS = [f"S12{n:06d}" for n in range(5, 37)]  # 32 code-shaped FIXTURE areas
COUNT, RATE, SHARE, RESIDENTIAL = (looked_after_count.META, looked_after_rate.META,
                                  looked_after_community_pct.META, looked_after_residential_count.META)
ALL_METAS = [COUNT, RATE, SHARE, RESIDENTIAL]


def count_rows(meta: IndicatorMeta, values: dict[str, float], period: str = "2021", statuses: dict[str, str] | None = None,
               refs: dict[str, str] | None = None) -> pd.DataFrame:
    """A count indicator's FIXTURE rows; Scotland = sum of councils unless given."""
    values = dict(values)
    values.setdefault(SCOTLAND, sum(v for a, v in values.items() if a != SCOTLAND))
    statuses = statuses or {}
    frame = pd.DataFrame({
        "area_code": list(values), "period": period,
        "value": [None if statuses.get(a) == "[c]" else float(v) for a, v in values.items()],
        "source_id": "fixture", "vintage": "fixture",
        "status": [statuses.get(a, "ok") for a in values],
        "source_ref": [(refs or {}).get(a, f"fixture.csv row {i + 2}") for i, a in enumerate(values)],
    })
    frame["numerator"] = frame["value"]
    return observations(meta, frame)


def share_rows(numerators: dict[str, float], denominators: dict[str, float], period: str = "2021") -> pd.DataFrame:
    num = dict(numerators); den = dict(denominators)
    num.setdefault(SCOTLAND, sum(num.values())); den.setdefault(SCOTLAND, sum(den.values()))
    areas = list(num)
    frame = pd.DataFrame({
        "area_code": areas, "period": period, "numerator": [float(num[a]) for a in areas],
        "denominator": [float(den[a]) for a in areas], "source_id": "fixture", "vintage": "fixture",
    })
    frame["value"] = frame["numerator"] / frame["denominator"] * 100
    return observations(SHARE, frame)


def rate_rows(counts: dict[str, float], period: str = "2021") -> pd.DataFrame:
    counts = dict(counts); counts.setdefault(SCOTLAND, sum(counts.values()))
    frame = pd.DataFrame({"area_code": list(counts), "period": period, "numerator": [float(v) for v in counts.values()],
                          "denominator": 1000.0, "source_id": "fixture", "vintage": "fixture"})
    frame["value"] = frame["numerator"]
    frame["ci_lower"] = frame["value"] * 0.5
    frame["ci_upper"] = frame["value"] * 2
    return observations(RATE, frame)


def spread(special: dict[str, float], start: float = 10) -> dict[str, float]:
    """32 councils with distinct counts from ``start`` upward, with some overridden."""
    values = {area: start + i for i, area in enumerate(COUNCILS)}
    values.update(special)
    return values


def withheld(controlled, indicator_id: str | None = None) -> set[tuple[str, str]]:
    frame = controlled.frame
    if indicator_id:
        frame = frame[frame["indicator_id"] == indicator_id]
    return set(zip(frame.loc[frame["status"] == "[c]", "area_code"], frame.loc[frame["status"] == "[c]", "period"]))


# --- the cases -----------------------------------------------------------------------------

def placement_rows(community: dict[str, float], residential: dict[str, float], period: str = "2021") -> pd.DataFrame:
    """FIXTURE placements: the count looked after, its residential part and the community share, with Scotland."""
    total = {a: community[a] + residential[a] for a in community}
    return pd.concat([count_rows(COUNT, total, period=period), count_rows(RESIDENTIAL, residential, period=period),
                      share_rows(community, total, period=period)])


def big_and_small(small_residential: dict[str, float] | None = None, large_residential: dict[str, float] | None = None):
    """FIXTURE: councils 0-2 look after fewer than 100 children (small areas), the rest 200 or more."""
    community = {area: (60 + 10 * i if i < 3 else 200 + 7 * i) for i, area in enumerate(COUNCILS)}
    residential = {area: (8 if i < 3 else 20 + i) for i, area in enumerate(COUNCILS)}
    residential.update(small_residential or {})
    residential.update(large_residential or {})
    return community, residential


def procedure(frame: pd.DataFrame, metas, with_small_areas: bool = True) -> dict:
    """The suppression procedure alone (no audit): which cells it withholds, and why."""
    from disclosure.cells import build_groups, cells_from_observations
    from disclosure.suppress import small_areas, suppress

    table = cells_from_observations(frame, {m.id: m for m in metas}, {m.id: THRESHOLD for m in metas})
    groups, _ = build_groups(table.cells)
    return suppress(table.cells, groups, table.pairs, small_areas(table.cells) if with_small_areas else set()).reasons


# --- the policy: small areas withheld whatever their values -----------------------------------------

def test_small_areas_breakdowns_are_withheld_every_period_whatever_their_values():
    frame = pd.concat([placement_rows(*big_and_small(), period="2020"), placement_rows(*big_and_small(), period="2021")])
    controlled = disclosure.control(frame, ALL_METAS)
    small = set(COUNCILS[:3])
    assert withheld(controlled, RESIDENTIAL.id) == {(a, p) for a in small for p in ("2020", "2021")}, (
        "residential counts of 8 (not small) are withheld in councils with fewer than 100 children looked after")
    assert withheld(controlled, SHARE.id) == withheld(controlled, RESIDENTIAL.id), "the community share gives it back"
    assert withheld(controlled, COUNT.id) == set(), "the number looked after stays published"
    assert controlled.report["small_areas"]["areas"] == sorted(small)
    assert all(entry["protected"] for entry in controlled.report["audit"])


def test_the_pattern_is_the_same_whatever_the_withheld_values():
    """An attacker who re-runs our rules learns nothing from which cells are [c]."""
    patterns = set()
    for small_value in (0, 2, 4, 7):
        community, residential = big_and_small({COUNCILS[1]: small_value})
        community[COUNCILS[1]] = 68 - small_value  # the same total, so only the hidden split differs
        controlled = disclosure.control(placement_rows(community, residential), ALL_METAS)
        patterns.add(frozenset(withheld(controlled)))
    assert len(patterns) == 1, "the [c] pattern must not depend on the withheld values"


def test_a_small_count_outside_the_small_areas_fails_the_build_naming_it():
    """A residential count of 3 in a large council: withholding it tells its value, so the build stops."""
    community, residential = big_and_small(large_residential={COUNCILS[10]: 3})
    with pytest.raises(RecoverableCellError, match=f"looked_after/(community|residential) .*for {COUNCILS[10]} in 2021"):
        disclosure.control(placement_rows(community, residential), ALL_METAS)


def test_published_zeros_stay_zero():
    controlled = disclosure.control(count_rows(COUNT, spread({COUNCILS[3]: 0, COUNCILS[4]: 0})), [COUNT])
    assert withheld(controlled) == set()
    zero = controlled.frame[controlled.frame["area_code"] == COUNCILS[3]].iloc[0]
    assert zero["status"] == "ok" and zero["value"] == 0


# --- the procedure's rules, one by one (no audit) ---------------------------------------------------

def test_one_council_of_one_gets_the_smallest_other_council_as_complement():
    reasons = procedure(count_rows(COUNT, spread({COUNCILS[3]: 1})), [COUNT])
    assert {k[2]: r for k, r in reasons.items()} == {COUNCILS[3]: "primary", COUNCILS[0]: "secondary"}


def test_councils_of_one_and_two_need_a_third_cell():
    reasons = procedure(count_rows(COUNT, spread({COUNCILS[3]: 1, COUNCILS[7]: 2})), [COUNT])
    assert {k[2] for k in reasons} == {COUNCILS[3], COUNCILS[7], COUNCILS[0]}, "1 + 2 < 5: the smallest other council too"


def test_six_of_six_and_a_small_base_are_withheld_by_the_share_rule():
    numerators = spread({COUNCILS[5]: 6, COUNCILS[6]: 2}, start=140)
    denominators = {a: v + 10 for a, v in numerators.items()} | {COUNCILS[5]: 6, COUNCILS[6]: 4}
    reasons = procedure(share_rows(numerators, denominators), [SHARE], with_small_areas=False)
    assert reasons[("looked_after", "community", COUNCILS[5], "2021")] == "proportion", "6 of 6 (100%)"
    assert {("looked_after", "total", COUNCILS[6], "2021"), ("looked_after", "community", COUNCILS[6], "2021")} <= set(reasons), "a base of 4"


def test_a_source_group_with_one_withheld_cell_gets_a_complement():
    values = spread({COUNCILS[6]: 0}, start=20)
    reasons = procedure(count_rows(COUNT, values, statuses={COUNCILS[6]: "[c]"}), [COUNT])
    assert {k[2]: r for k, r in reasons.items()} == {COUNCILS[6]: "source", COUNCILS[0]: "secondary"}


def test_scotland_is_the_complement_only_when_nothing_else_works():
    reasons = procedure(count_rows(COUNT, {COUNCILS[0]: 1, COUNCILS[1]: 2}), [COUNT])
    assert {k[2] for k in reasons} == {COUNCILS[0], COUNCILS[1], SCOTLAND}


# --- inheritance: every view of a withheld count --------------------------------------------------

def _with_rates(period: str = "2021"):
    community, residential = big_and_small()
    total = {a: community[a] + residential[a] for a in community}
    return pd.concat([placement_rows(community, residential, period), rate_rows(total, period)])


def test_a_share_of_a_missing_count_is_not_published():
    """Missing is not safe: a published share of a count that is not published ([x]) is not published either."""
    from indicators import more_than_one_placement_pct

    moves = more_than_one_placement_pct.META
    community, residential = big_and_small()
    frame = placement_rows(community, residential)
    hole = (frame["indicator_id"] == COUNT.id) & (frame["area_code"] == COUNCILS[8])
    frame.loc[hole, ["value", "numerator"]] = np.nan
    frame.loc[hole, "status"] = "[x]"
    shares = pd.DataFrame({"area_code": list(community) + [SCOTLAND], "period": "2020-21", "value": 21.5,
                           "source_id": "fixture", "vintage": "fixture"})
    frame = pd.concat([frame[frame["indicator_id"] == COUNT.id], observations(moves, shares)])
    controlled = disclosure.control(frame, [COUNT, moves])
    rows = controlled.frame[controlled.frame["indicator_id"] == moves.id].set_index("area_code")
    assert rows.loc[COUNCILS[8], "status"] == "[x]" and pd.isna(rows.loc[COUNCILS[8], "value"])
    assert rows.loc[COUNCILS[1], "status"] == "[c]", "a small council's share of a published count: withheld (small area)"
    assert rows.loc[COUNCILS[9], "status"] == "ok"


def test_small_rates_are_flagged_unreliable():
    values = spread({COUNCILS[2]: 12}, start=30)
    controlled = disclosure.control(rate_rows(values), [RATE])
    row = controlled.frame[controlled.frame["area_code"] == COUNCILS[2]].iloc[0]
    assert row["status"] == "[u]" and row["value"] == 12, "a rate from 12 events is shown, flagged [u]"


def test_change_since_2020_with_a_withheld_2020_is_withheld():
    frame = pd.concat([_with_rates("2020"), _with_rates("2022")])
    controlled = disclosure.control(frame, ALL_METAS)
    derived = controlled.derived.set_index(["indicator_id", "area_code", "period", "measure"])
    change = derived.loc[(RESIDENTIAL.id, COUNCILS[1], "2022", "change_since_2020")]
    assert change["status"] == "[c]" and (change["value"] is None or math.isnan(change["value"]))
    assert derived.loc[(RESIDENTIAL.id, COUNCILS[9], "2022", "change_since_2020")]["status"] == "ok"


def test_family_group_average_with_a_withheld_member_is_withheld():
    groups = pd.DataFrame({"group_type": "fixture", "group_code": ["1", "1", "2", "2"],
                           "area_code": [COUNCILS[1], COUNCILS[4], COUNCILS[5], COUNCILS[6]], "label": "fixture"})
    controlled = disclosure.control(_with_rates(), ALL_METAS, groups)
    averages = controlled.derived[controlled.derived["measure"] == "family_group_average"].set_index(["indicator_id", "group_code"])
    assert averages.loc[(SHARE.id, "1"), "status"] == "[c]", "group 1 has a withheld member: no average"
    assert averages.loc[(SHARE.id, "2"), "status"] == "ok"


def test_ranks_leave_withheld_councils_unranked():
    controlled = disclosure.control(_with_rates(), ALL_METAS)
    ranks = controlled.derived[(controlled.derived["measure"] == "rank") & (controlled.derived["indicator_id"] == SHARE.id)]
    ranks = ranks.set_index("area_code")
    assert ranks.loc[COUNCILS[1], "status"] == "[c]" and pd.isna(ranks.loc[COUNCILS[1], "value"])
    published = ranks[ranks["status"] == "ok"]["value"]
    assert sorted(published) == list(range(1, len(published) + 1)), "1..N among published councils"


def test_unknown_symbol_is_an_error_naming_its_place():
    with pytest.raises(SourceError) as failure:
        parse_cell("#", file="fixture.csv", row=12, column="value")
    assert (failure.value.file, failure.value.row, failure.value.column) == ("fixture.csv", 12, "value")


def test_the_audit_names_a_cell_it_can_narrow():
    narrowed = AttackRange(("looked_after", "residential", "S12000005", "2021"), 2.0, 4.0, 5, method="integer programme")
    with pytest.raises(RecoverableCellError, match=r"residential \(indicator looked_after_residential_count\) for S12000005 in 2021"):
        disclosure._assert_protected([narrowed], [looked_after_residential_count.META])


def test_thresholds_may_only_be_raised():
    assert threshold_for("anything") == THRESHOLD == 5


def test_controlled_rows_keep_the_observation_columns():
    controlled = disclosure.control(_with_rates(), ALL_METAS)
    assert list(controlled.frame.columns) == OBSERVATION_COLUMNS


# --- a brute-force attacker who knows the rules, on random small tables ----------------------------

def _pattern(community: dict, residential: dict, period: str = "2021") -> frozenset:
    """The project's own procedure on one period's placements, built as cells directly (fast enough to re-run
    for every candidate); the same cells ``placement_rows`` gives through the indicators."""
    from disclosure.cells import Cell, Pair, build_groups
    from disclosure.suppress import small_areas, suppress
    from contract.status import Status

    parts = {"community": community, "residential": residential,
             "total": {a: community[a] + residential[a] for a in community}}
    cells = {}
    for category, values in parts.items():
        for area, value in (values | {SCOTLAND: sum(values.values())}).items():
            cells[("looked_after", category, area, period)] = Cell(float(value), Status.PUBLISHED, threshold=THRESHOLD)
    groups, _ = build_groups(cells)
    pairs = [Pair(("looked_after", "community", a, period), ("looked_after", "total", a, period)) for a in [*community, SCOTLAND]]
    return frozenset(suppress(cells, groups, pairs, small_areas(cells)).cells)


def brute_force_ranges(community: dict, residential: dict, pattern: frozenset) -> dict[tuple, tuple[int, int]]:
    """Every split of the withheld councils' children that fits the published totals and sums, re-run
    through the project's own procedure; the range of each withheld cell over those giving the same pattern."""
    areas = list(community)
    total = {a: community[a] + residential[a] for a in areas}
    hidden = sorted({k[2] for k in pattern if k[0] == "looked_after" and k[2] != SCOTLAND})
    hidden_sum = sum(residential[a] for a in hidden)  # Scotland's residential count minus the published ones
    seen: dict[tuple, list[int]] = {}
    if not hidden:
        return seen
    for first in itertools.product(*[range(min(total[a], hidden_sum) + 1) for a in hidden[:-1]]):
        split = (*first, hidden_sum - sum(first))
        if not 0 <= split[-1] <= total[hidden[-1]]:
            continue
        trial_res = residential | dict(zip(hidden, split))
        trial_com = {a: total[a] - trial_res[a] for a in areas}
        if _pattern(trial_com, trial_res) != pattern:
            continue
        for area, value in zip(hidden, split):
            seen.setdefault(("looked_after", "residential", area), []).append(value)
            seen.setdefault(("looked_after", "community", area), []).append(total[area] - value)
    return {key: (min(v), max(v)) for key, v in seen.items()}


@hyp_settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([25, 40, 60, 120, 150]), st.integers(0, 7)), min_size=2, max_size=4))
def test_a_brute_force_attacker_and_the_audit_agree_on_random_tables(councils):
    """Random FIXTURE tables: the build either stops, or no withheld cell can be narrowed below 5, and the
    audit's range for every withheld cell is exactly what a brute-force attacker who knows the rules finds."""
    areas = COUNCILS[: len(councils)]
    community = {a: c for a, (c, _) in zip(areas, councils)}
    residential = {a: r for a, (_, r) in zip(areas, councils)}
    pattern = _pattern(community, residential)
    assert pattern == frozenset(procedure(placement_rows(community, residential), ALL_METAS)), "the same cells either way"
    if any(k[2] == SCOTLAND or k[1] == "total" for k in pattern):
        return  # a withheld total: outside this attacker's enumeration (the audit covers it)
    attacker = brute_force_ranges(community, residential, pattern)
    try:
        controlled = disclosure.control(placement_rows(community, residential), ALL_METAS)
    except RecoverableCellError:
        assert any(high - low < THRESHOLD for low, high in attacker.values()), "the build stopped, so some cell is recoverable"
        return
    audit = {(e["family"], e["category"], e["area_code"]): (e["attack_lower"], e["attack_upper"]) for e in controlled.report["audit"]}
    for key, (low, high) in attacker.items():
        assert high - low >= THRESHOLD, f"{key} recoverable to [{low}, {high}] by an attacker who knows the rules"
        assert audit[key] == (low, high), f"{key}: audit {audit[key]} vs brute force {(low, high)}"


def withheld_cells(controlled) -> set[tuple[str, str]]:
    return {(r["area_code"], r["category"]) for r in controlled.report["rules_fired"]}


# --- the real build ----------------------------------------------------------------------------------

def test_real_build_is_audited_for_every_indicator_and_period(loaded, observations_and_metas):
    from indicators.registry import INDICATORS
    from steps import reference

    observations_, metas = observations_and_metas
    controlled = disclosure.control(observations_, list(metas), reference.family_groups_table(loaded),
                                    reference.revisions_table(loaded, observations_, metas))
    audited_cells = {(entry["family"], entry["period"]) for entry in controlled.report["audited"]}
    for indicator in INDICATORS:
        for link in indicator.meta.counts:
            if link.column is None:
                continue
            periods = set(observations_.loc[observations_["indicator_id"] == indicator.meta.id, "period"])
            expected = {(link.family, link.cell_period(p)) for p in periods}
            assert expected <= audited_cells, f"{indicator.meta.id}: every period of its counts went through the audit"
    assert all(entry["protected"] for entry in controlled.report["audit"])
    assert all(entry["attack_upper"] is None or entry["attack_upper"] - entry["attack_lower"] >= THRESHOLD
               for entry in controlled.report["audit"])
    islands = {"S12000023", "S12000027", "S12000013", "S12000011"}  # Orkney, Shetland, Na h-Eileanan Siar, East Renfrewshire
    assert set(controlled.report["small_areas"]["areas"]) == islands, (
        "councils with fewer than 100 children looked after in some year (LGBF CHN08a+b denominators, 2010-11 to 2021-22)")
    assert {r["rule"] for r in controlled.report["rules_fired"]} == {"small area"}, (
        "on the current data every withheld cell is withheld for its council's size, never for its value")
    frame = controlled.frame
    shetland_2016 = frame[(frame["area_code"] == "S12000027") & (frame["period"] == "2016")].set_index("indicator_id")
    assert shetland_2016.loc["looked_after_residential_count", "status"] == "[c]", "Shetland residential 2016 is 4: withheld"
    assert shetland_2016.loc["looked_after_community_pct", "status"] == "[c]", "its share would give it back: withheld"
    assert shetland_2016.loc["looked_after_count", "status"] == "ok", "the total (29) stays published"
    placements = frame[(frame["indicator_id"] == "more_than_one_placement_pct")]
    assert set(placements.loc[placements["status"] == "[c]", "area_code"]) == islands, (
        "LGBF CHN23 x the number looked after gives Shetland's 3 of 31 (2011-12): CHN23 withheld in the small councils")
    for indicator_id, group in frame.groupby("indicator_id"):
        small = group[(group["status"] == "ok") & group["numerator"].between(1, THRESHOLD - 1)]
        if indicator_id != "looked_after_rate":
            assert small.empty, f"{indicator_id}: a published count between 1 and 4"


def test_a_lowered_threshold_is_refused(monkeypatch):
    import disclosure.policy as policy

    monkeypatch.setattr(policy, "THRESHOLD_OVERRIDES", {"looked_after_count": 3})
    with pytest.raises(ValueError, match="only be raised"):
        policy._check_overrides()
    monkeypatch.setattr(policy, "THRESHOLD_OVERRIDES", {"looked_after_count": 10})
    policy._check_overrides()
    assert policy.threshold_for("looked_after_count") == 10


def test_direction_of_travel_needs_intervals_apart_and_is_withheld_with_its_input():
    def year(period, totals):
        community, residential = big_and_small()
        community.update({a: t - residential[a] for a, t in totals.items()})
        return placement_rows(community, residential, period)

    frame = pd.concat([year("2020", {COUNCILS[4]: 400, COUNCILS[5]: 100}), year("2023", {COUNCILS[4]: 300, COUNCILS[5]: 104})])
    controlled = disclosure.control(frame, ALL_METAS)
    direction = controlled.derived[controlled.derived["measure"] == "direction_since_2020"].set_index(["indicator_id", "area_code"])
    assert direction.loc[(COUNT.id, COUNCILS[4]), "value"] == 1.0, "400 → 300 children, intervals apart, fewer is better: improving"
    assert direction.loc[(COUNT.id, COUNCILS[5]), "value"] == 0.0, "100 → 104: intervals overlap: maintaining"
    assert direction.loc[(RESIDENTIAL.id, COUNCILS[1]), "status"] == "[c]", "a withheld count: not assessed, withheld"


def test_every_lgbf_figure_with_counts_behind_it_declares_them():
    """The LGBF file's numerator/denominator columns say which CHN figures have counts behind them
    (CHN08a/b: children in residential / community placements); each indicator built on one declares the link,
    and so do the shares whose base is a count published here (CHN23) or elsewhere (CHN22, CHN20b)."""
    import inspect
    import re

    from conftest import require_mirror
    from indicators.registry import INDICATORS

    files = require_mirror()
    lgbf = pd.read_csv((files.raw_mirror or files.published_dir) / "lgbf" / "lgbf_children_services_by_council_2010_2023.csv")
    with_counts = set(lgbf.loc[lgbf["numerator_la"].notna() | lgbf["denominator_la"].notna(), "indicator_code"])
    assert {"CHN08a", "CHN08b"} <= with_counts
    for indicator in INDICATORS:
        module = inspect.getmodule(indicator.compute)
        codes = set(re.findall(r"\"(CHN\w+)\"", inspect.getsource(module)))
        if codes & with_counts:
            assert indicator.meta.counts, f"{indicator.meta.id} uses {codes & with_counts}, which have counts behind them"
    metas = {i.meta.id: i.meta for i in INDICATORS}
    assert metas["more_than_one_placement_pct"].counts[0].over == ("looked_after", "total"), "CHN23 is a share of the count looked after"
    assert metas["cp_reregistration_pct"].unpublished_base is not None
    assert metas["school_exclusions_lac_rate"].unpublished_base is not None


def test_a_share_that_gives_a_small_count_over_a_small_base_is_withheld():
    """FIXTURE values: 14.29% is 1 of 7 and 13.33% is 2 of 15 (LGBF precision); 0% and 6.47% are published."""
    from disclosure.implied import implies_small_count

    assert implies_small_count(14.29, 100, 4, 5, share=True) and implies_small_count(13.33, 100, 4, 5, share=True)
    assert implies_small_count(62.5, 100, 4, 5, share=True), "5 of 8: a complement of 3"
    assert not implies_small_count(0.0, 100, 4, 5, share=True), "a true zero stays"
    assert not implies_small_count(6.47, 100, 4, 5, share=True), "no base below 20 gives 6.47%"
    assert implies_small_count(111.11, 1000, 5, 5, share=False), "1 exclusion per 9 pupils"
