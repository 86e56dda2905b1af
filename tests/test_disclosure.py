"""Disclosure control: the rules of DESIGN.md §4 on FIXTURE tables, an attacker's
independent audit on random tables, and the audit over the real build.

Every table here is a FIXTURE: made-up counts shaped like the real ones (32
councils + Scotland), never statistics.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from scipy.optimize import linprog

import disclosure
from data_sources.errors import SourceError
from data_sources.symbols import parse_cell
from disclosure.audit import FeasibleRange, RecoverableCellError, assert_protected
from disclosure.policy import THRESHOLD, threshold_for
from indicators import looked_after_community_pct, looked_after_count, looked_after_rate, looked_after_residential_count
from indicators.base import IndicatorMeta, observations
from indicators.schema import OBSERVATION_COLUMNS

SCOTLAND = "S92000003"
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

def test_one_council_of_one_gives_two_withheld_cells_and_the_audit_passes():
    controlled = disclosure.control(count_rows(COUNT, spread({COUNCILS[3]: 1})), [COUNT])
    assert withheld(controlled) == {(COUNCILS[3], "2021"), (COUNCILS[0], "2021")}, "the 1, and the smallest other council (10)"
    assert all(entry["protected"] for entry in controlled.report["audit"])
    scotland = controlled.frame[controlled.frame["area_code"] == SCOTLAND].iloc[0]
    assert scotland["status"] == "ok", "Scotland stays published when a council can be the complement"


def test_councils_of_one_and_two_need_a_third_cell():
    controlled = disclosure.control(count_rows(COUNT, spread({COUNCILS[3]: 1, COUNCILS[7]: 2})), [COUNT])
    assert withheld(controlled) == {(COUNCILS[3], "2021"), (COUNCILS[7], "2021"), (COUNCILS[0], "2021")}, (
        "1 + 2 < 5, so the smallest other council is withheld too"
    )


def test_published_zeros_stay_zero():
    controlled = disclosure.control(count_rows(COUNT, spread({COUNCILS[3]: 0, COUNCILS[4]: 0})), [COUNT])
    assert withheld(controlled) == set()
    zero = controlled.frame[controlled.frame["area_code"] == COUNCILS[3]].iloc[0]
    assert zero["status"] == "ok" and zero["value"] == 0


def test_six_of_six_is_withheld_by_the_complement_rule():
    numerators = spread({COUNCILS[5]: 6}, start=40)
    denominators = {a: v + 10 for a, v in numerators.items()} | {COUNCILS[5]: 6}
    controlled = disclosure.control(share_rows(numerators, denominators), [SHARE])
    row = controlled.frame[controlled.frame["area_code"] == COUNCILS[5]].iloc[0]
    assert row["status"] == "[c]" and pd.isna(row["value"]) and pd.isna(row["ci_lower"]), "6 of 6 (100%) is withheld"


def test_share_with_a_small_base_is_withheld():
    numerators = spread({COUNCILS[5]: 2}, start=40)
    denominators = {a: v + 10 for a, v in numerators.items()} | {COUNCILS[5]: 4}
    controlled = disclosure.control(share_rows(numerators, denominators), [SHARE])
    assert (COUNCILS[5], "2021") in withheld(controlled)


def test_rate_and_interval_of_a_withheld_count_are_withheld():
    values = spread({COUNCILS[2]: 3}, start=30)
    frame = pd.concat([count_rows(COUNT, values), rate_rows(values)])
    controlled = disclosure.control(frame, [COUNT, RATE])
    rate = controlled.frame[(controlled.frame["indicator_id"] == RATE.id) & (controlled.frame["area_code"] == COUNCILS[2])].iloc[0]
    assert rate["status"] == "[c]"
    assert rate[["value", "numerator", "denominator", "ci_lower", "ci_upper"]].isna().all()
    assert withheld(controlled, COUNT.id) == withheld(controlled, RATE.id), "one status per count, in every view"


def test_small_rates_are_flagged_unreliable():
    values = spread({COUNCILS[2]: 12}, start=30)
    controlled = disclosure.control(rate_rows(values), [RATE])
    row = controlled.frame[controlled.frame["area_code"] == COUNCILS[2]].iloc[0]
    assert row["status"] == "[u]" and row["value"] == 12, "a rate from 12 events is shown, flagged [u]"


def test_change_since_2020_with_a_withheld_2020_is_withheld():
    frame = pd.concat([count_rows(COUNT, spread({COUNCILS[1]: 2}), period="2020"), count_rows(COUNT, spread({}), period="2022")])
    controlled = disclosure.control(frame, [COUNT])
    derived = controlled.derived.set_index(["area_code", "period", "measure"])
    change = derived.loc[(COUNCILS[1], "2022", "change_since_2020")]
    assert change["status"] == "[c]" and (change["value"] is None or math.isnan(change["value"]))
    assert derived.loc[(COUNCILS[9], "2022", "change_since_2020")]["status"] == "ok"


def test_family_group_average_with_a_withheld_member_is_withheld():
    values = spread({COUNCILS[1]: 2}, start=30)
    frame = pd.concat([count_rows(COUNT, values), rate_rows(values)])
    groups = pd.DataFrame({"group_type": "fixture", "group_code": ["1", "1", "2", "2"],
                           "area_code": [COUNCILS[1], COUNCILS[2], COUNCILS[3], COUNCILS[4]], "label": "fixture"})
    controlled = disclosure.control(frame, [COUNT, RATE], groups)
    averages = controlled.derived[controlled.derived["measure"] == "family_group_average"].set_index(["indicator_id", "group_code"])
    assert averages.loc[(RATE.id, "1"), "status"] == "[c]", "group 1 has a withheld member: no average"
    assert averages.loc[(RATE.id, "2"), "status"] == "ok"
    assert averages.loc[(RATE.id, "2"), "value"] == pytest.approx((33 + 34) / 2000 * 1000), "pooled rate of group 2"


def test_ranks_leave_withheld_councils_unranked():
    values = spread({COUNCILS[1]: 2}, start=30)
    frame = pd.concat([count_rows(COUNT, values), rate_rows(values)])
    controlled = disclosure.control(frame, [COUNT, RATE])
    ranks = controlled.derived[controlled.derived["measure"] == "rank"].set_index("area_code")
    assert ranks.loc[COUNCILS[1], "status"] == "[c]" and pd.isna(ranks.loc[COUNCILS[1], "value"])
    published = ranks[ranks["status"] == "ok"]["value"]
    assert sorted(published) == list(range(1, len(published) + 1)), "1..N among published councils, lowest rate first"


def test_a_source_group_with_one_withheld_cell_gets_a_complement_and_a_warning():
    values = spread({COUNCILS[6]: 0}, start=20)
    frame = count_rows(COUNT, values, statuses={COUNCILS[6]: "[c]"}, refs={COUNCILS[6]: "fixture_source.csv row 9"})
    controlled = disclosure.control(frame, [COUNT])
    assert withheld(controlled) == {(COUNCILS[6], "2021"), (COUNCILS[0], "2021")}
    assert any("fixture_source.csv row 9" in w for w in controlled.report["warnings"]), controlled.report["warnings"]


def test_unknown_symbol_is_an_error_naming_its_place():
    with pytest.raises(SourceError) as failure:
        parse_cell("#", file="fixture.csv", row=12, column="value")
    assert (failure.value.file, failure.value.row, failure.value.column) == ("fixture.csv", 12, "value")


def test_scotland_is_the_complement_only_when_nothing_else_works():
    frame = count_rows(COUNT, {COUNCILS[0]: 1, COUNCILS[1]: 2})
    controlled = disclosure.control(frame, [COUNT])
    assert withheld(controlled) == {(COUNCILS[0], "2021"), (COUNCILS[1], "2021"), (SCOTLAND, "2021")}


def test_the_audit_names_a_cell_it_can_narrow():
    with pytest.raises(RecoverableCellError, match="residential for S12000005 in 2021"):
        assert_protected([FeasibleRange(("looked_after", "residential", "S12000005", "2021"), 2.0, 4.0, 5)])


def test_thresholds_may_only_be_raised():
    assert threshold_for("anything") == THRESHOLD == 5


def test_controlled_rows_keep_the_observation_columns():
    controlled = disclosure.control(count_rows(COUNT, spread({COUNCILS[3]: 1})), [COUNT])
    assert list(controlled.frame.columns) == OBSERVATION_COLUMNS


# --- an attacker with an independent LP, on random two-way tables ---------------------------------

def _attacker_ranges(table: pd.DataFrame, areas: list[str]) -> dict[tuple[str, str], tuple[float, float]]:
    """Everything the attacker sees: published cells; unknowns everywhere else; parts add up."""
    categories = ["community", "residential", "total"]
    unknown = [(a, c) for a in areas + [SCOTLAND] for c in categories if pd.isna(table.loc[a, c])]
    index = {cell: i for i, cell in enumerate(unknown)}
    rows, rhs = [], []

    def equation(terms):
        row, constant = np.zeros(len(unknown)), 0.0
        for (area, category), sign in terms:
            if (area, category) in index:
                row[index[(area, category)]] += sign
            else:
                constant -= sign * table.loc[area, category]
        rows.append(row); rhs.append(constant)

    for area in areas + [SCOTLAND]:
        equation([((area, "community"), 1), ((area, "residential"), 1), ((area, "total"), -1)])
    for category in categories:
        equation([((a, category), 1) for a in areas] + [((SCOTLAND, category), -1)])
    ranges = {}
    for cell, i in index.items():
        objective = np.zeros(len(unknown)); objective[i] = 1
        low = linprog(objective, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=(0, None), method="highs")
        ranges[cell] = (low.fun, math.inf if high.status == 3 else -high.fun)
    return ranges


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 8)), min_size=2, max_size=7))
def test_random_tables_never_leave_a_recoverable_cell(counts):
    areas = COUNCILS[: len(counts)]
    community = {a: c for a, (c, _) in zip(areas, counts)}
    residential = {a: r for a, (_, r) in zip(areas, counts)}
    total = {a: community[a] + residential[a] for a in areas}
    if sum(total.values()) == 0:
        return
    frame = pd.concat([
        count_rows(COUNT, total), count_rows(RESIDENTIAL, residential), share_rows(community, total),
    ])
    frame = frame[~((frame["indicator_id"] == SHARE.id) & frame["value"].isna() & (frame["status"] == "ok"))]
    try:
        controlled = disclosure.control(frame, [COUNT, RESIDENTIAL, SHARE])
    except RecoverableCellError:
        return  # the build stops: nothing is published
    published = controlled.frame.set_index(["indicator_id", "area_code"])

    def shown(indicator: IndicatorMeta, area: str, column: str):
        row = published.loc[(indicator.id, area)]
        return row[column] if row["status"] in ("ok", "[u]") else np.nan

    every = areas + [SCOTLAND]
    table = pd.DataFrame({
        "total": [shown(COUNT, a, "value") for a in every],
        "residential": [shown(RESIDENTIAL, a, "value") for a in every],
        "community": [shown(SHARE, a, "numerator") if (SHARE.id, a) in published.index else np.nan for a in every],
    }, index=every)
    truth = {a: {"community": community.get(a, sum(community.values())), "residential": residential.get(a, sum(residential.values())),
                 "total": total.get(a, sum(total.values()))} for a in every}
    for (area, category), (low, high) in _attacker_ranges(table, areas).items():
        true_value = truth[area][category]
        if 0 < true_value < THRESHOLD or (area, category) in withheld_cells(controlled):
            assert high - low >= THRESHOLD - 1e-6, f"{category} in {area} recoverable to [{low}, {high}] (true {true_value})"
    for area in every:
        for category in ("community", "residential", "total"):
            if 0 < truth[area][category] < THRESHOLD:
                assert pd.isna(table.loc[area, category]), f"small count {category} {area} is published"


def withheld_cells(controlled) -> set[tuple[str, str]]:
    return {(r["area_code"], r["category"]) for r in controlled.report["rules_fired"]}


# --- the real build ----------------------------------------------------------------------------------

def test_real_build_is_audited_for_every_indicator_and_period():
    from conftest import require_mirror
    import data_sources
    import pipeline
    from indicators.registry import INDICATORS

    loaded = data_sources.load_all(require_mirror())
    observations_ = pipeline.compute_all(loaded, lambda line: None)
    controlled = disclosure.control(observations_, [i.meta for i in INDICATORS], pipeline.family_groups_table(loaded))
    audited = {(entry["family"], entry["period"]) for entry in controlled.report["audit"]}
    audited_cells = {(entry["family"], entry["period"]) for entry in controlled.report["audited"]}
    for indicator in INDICATORS:
        for link in indicator.meta.counts:
            if link.column is None:
                continue
            periods = set(observations_.loc[observations_["indicator_id"] == indicator.meta.id, "period"])
            expected = {(link.family, link.cell_period(p)) for p in periods}
            assert expected <= audited_cells, f"{indicator.meta.id}: every period of its counts went through the audit"
    periods = {p for _, p in audited_cells}
    assert all(entry["protected"] for entry in controlled.report["audit"])
    assert controlled.report["audit"], "the real data have small counts (e.g. Shetland residential), so cells are withheld"
    assert audited <= {("looked_after", p) for p in periods}
    frame = controlled.frame
    shetland_2016 = frame[(frame["area_code"] == "S12000027") & (frame["period"] == "2016")].set_index("indicator_id")
    assert shetland_2016.loc["looked_after_residential_count", "status"] == "[c]", "Shetland residential 2016 is 4: withheld"
    assert shetland_2016.loc["looked_after_community_pct", "status"] == "[c]", "its share would give it back: withheld"
    assert shetland_2016.loc["looked_after_count", "status"] == "ok", "the total (29) stays published"
    for indicator_id, group in frame.groupby("indicator_id"):
        small = group[(group["status"] == "ok") & group["numerator"].between(1, THRESHOLD - 1)]
        if indicator_id != "looked_after_rate":
            assert small.empty, f"{indicator_id}: a published count between 1 and 4"


def test_an_unprotectable_cell_fails_control_naming_it(monkeypatch):
    import disclosure.suppress

    monkeypatch.setattr(disclosure.suppress, "_eligible", lambda group, cells, withheld: None)
    with pytest.raises(RecoverableCellError, match=f"total for {COUNCILS[3]} in 2021"):
        disclosure.control(count_rows(COUNT, spread({COUNCILS[3]: 1})), [COUNT])


def test_a_lowered_threshold_is_refused(monkeypatch):
    import disclosure.policy as policy

    monkeypatch.setattr(policy, "THRESHOLD_OVERRIDES", {"looked_after_count": 3})
    with pytest.raises(ValueError, match="only be raised"):
        policy._check_overrides()
    monkeypatch.setattr(policy, "THRESHOLD_OVERRIDES", {"looked_after_count": 10})
    policy._check_overrides()
    assert policy.threshold_for("looked_after_count") == 10


def test_direction_of_travel_needs_intervals_apart_and_is_withheld_with_its_input():
    base = count_rows(COUNT, spread({COUNCILS[1]: 2, COUNCILS[2]: 400, COUNCILS[3]: 100}), period="2020")
    later = count_rows(COUNT, spread({COUNCILS[1]: 50, COUNCILS[2]: 300, COUNCILS[3]: 104}), period="2023")
    controlled = disclosure.control(pd.concat([base, later]), [COUNT])
    direction = controlled.derived[controlled.derived["measure"] == "direction_since_2020"].set_index("area_code")
    assert direction.loc[COUNCILS[2], "value"] == 1.0, "400 → 300 children, intervals apart, fewer is better: improving"
    assert direction.loc[COUNCILS[3], "value"] == 0.0, "100 → 104: intervals overlap: maintaining"
    assert direction.loc[COUNCILS[1], "status"] == "[c]", "a withheld 2020 count: not assessed, withheld"
