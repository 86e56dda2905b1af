"""Issue 5: every vision statement's indicators against published figures, vintages,
significance against Scotland, direction-of-travel rules and the data-quality report."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from indicators.registry import by_id

SCOTLAND, SHETLAND = "S92000003", "S12000027"


def scotland(computed, indicator_id: str, period: str) -> pd.Series:
    frame = computed[indicator_id]
    rows = frame[(frame["area_code"] == SCOTLAND) & (frame["period"] == period)]
    assert len(rows) == 1, f"{indicator_id} {period}"
    return rows.iloc[0]


@pytest.mark.parametrize("indicator_id,period,expected,citation", [
    ("looked_after_starts", "2019-20", 3490, "CSWS 2019-20: 3,490 started to be looked after (Promise baseline)"),
    ("looked_after_at_home_pct", "2020", 3563 / 14458 * 100, "CSWS 2020-21 Table 1.1: 3,563 at home of 14,458"),
    ("looked_after_at_home_pct", "2011", 5476 / 16231 * 100, "CSWS 2020-21 Table 1.1: 5,476 at home of 16,231"),
    ("looked_after_kinship_pct", "2020", 4456 / 14458 * 100, "CSWS 2020-21 Table 1.1: 4,456 with kinship carers"),
    ("looked_after_foster_pct", "2021", (3160 + 1307) / 13255 * 100, "CSWS 2020-21 Table 1.1: 3,160 + 1,307 foster of 13,255"),
    ("secure_care_average_residents", "2024-25", 58, "Secure care 2024-25: average 58 residents"),
    ("secure_care_admissions", "2024-25", 128, "Secure care 2024-25: 128 admissions"),
    ("cp_register_count", "2022", 2019, "CP 2022-23 Table 1.1: 2,019 (revised from 2,031)"),
    ("cp_register_count", "2023", 2077, "CP 2023-24: 2,077 (revised from 2,094)"),
    ("aftercare_receiving_pct", "2022", 4108 / 8132 * 100, "CSWS 2021-22: 4,108 receiving of 8,132 eligible"),
    ("continuing_care_count", "2022", 696, "CSWS 2021-22: 696 in continuing care"),
    ("leavers_positive_destination_pct", "2022-23", 71.1, "EOLAC 2022-23 key points: 71.1% positive follow-up destination"),
    ("leavers_scqf5_pct", "2022-23", 42.3, "EOLAC 2022-23: 42.3% with 1+ SCQF level 5"),
    ("school_attendance_lac_pct", "2020-21", 87.89, "LGBF CHN19b Scotland 2020-21: 0.8789 (EOLAC: 87.9%)"),
    ("school_attendance_lac_pct", "2022-23", 84.4, "EOLAC 2022-23 key points: attendance 84.4%"),
    ("school_exclusions_lac_rate", "2022-23", 97, "EOLAC 2022-23 key points: 97 exclusions per 1,000"),
    ("school_exclusions_lac_rate", "2020-21", 77.81, "LGBF CHN20b Scotland 2020-21: 77.81"),
    ("more_than_one_placement_pct", "2021-22", 15.86, "LGBF CHN23 Scotland 2021-22: 0.1586"),
    ("child_poverty_pct", "2021-22", 22.6156075, "LGBF CHN24 Scotland 2021-22: 0.226156075"),
    ("residential_cost_per_week", "2021-22", 4702.1029, "LGBF CHN08a Scotland 2021-22: £4,702 per child per week"),
])
def test_indicator_equals_the_published_figure(computed, indicator_id, period, expected, citation):
    assert scotland(computed, indicator_id, period)["value"] == pytest.approx(expected, abs=1e-6), citation


def test_registrations_rate_follows_sgs_current_definition_per_1000_aged_0_17(computed):
    from indicators.registry import by_id

    row = scotland(computed, "cp_registrations_rate", "2022-23")
    assert row["numerator"] == 3234, "CP 2023-24: 3,234 registrations in 2022-23 (revised)"
    assert row["denominator"] == 1_006_212, "NRS mid-2022: 1,006,212 aged 0-17 (SG's current definition, per 1,000 aged 0-17)"
    assert round(row["value"], 2) == 3.21
    assert any("0-15" in text for text in by_id("cp_registrations_rate").meta.series_breaks), "the 0-15 definition named as a series break"
    assert row["ci_lower"] < row["value"] < row["ci_upper"]
    assert scotland(computed, "cp_registrations_rate", "2023-24")["status"] == "[x]", "no mid-2023 estimate: not available"


def test_unverified_rows_are_provisional(computed):
    assert bool(scotland(computed, "leavers_positive_destination_pct", "2023-24")["provisional"]), (
        "EOLAC 2023-24 positive follow-up 72.4% is still verified = no in the 2026-12-01 revision: provisional")
    assert not bool(scotland(computed, "continuing_care_count", "2024")["provisional"]), (
        "continuing care 2024 (1,115) was re-read on the CSWS 2023-24 page in the 2026-12-01 revision")


def test_cost_is_withheld_with_the_count_it_divides_by(built_settings):
    from store.location import location_from_settings
    from store.read import StoreReader

    reader = StoreReader(location_from_settings(built_settings))
    residential = reader.observations("looked_after_residential_count", [SHETLAND]).set_index("period")
    cost = reader.observations("residential_cost_per_week", [SHETLAND]).set_index("period")
    for period, row in residential.iterrows():
        lgbf_year = f"{int(period) - 1}-{period[2:]}"
        if row["status"] == "[c]" and lgbf_year in cost.index:
            assert cost.loc[lgbf_year, "status"] == "[c]", f"cost {lgbf_year} would give back the withheld count {period}"
    assert (cost["status"] == "[c]").sum() >= 5


def test_every_framework_row_is_computed_or_marked_as_no_open_data(dash_app, store_reader):
    from layouts.home import NO_DATA, home_layout

    framework = store_reader.framework()
    text = json.dumps(home_layout(store_reader).to_plotly_json(), default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o))
    computed_rows = framework[framework["indicator_ids"] != ""]
    assert len(computed_rows) >= 14, "framework rows with open data"
    for row in framework.itertuples():
        if row.indicator_ids:
            for indicator_id in row.indicator_ids.split(", "):
                assert f"/indicator/{indicator_id}" in text
        else:
            assert NO_DATA[row.framework_status] in text and row.indicator.replace("'", "") in text.replace("\\u2019", "'").replace("'", "")
    assert sorted(framework["vision_number"].unique()) == list(range(1, 11))


def test_both_vintages_of_a_revised_figure_are_kept(store_reader):
    revisions = store_reader.revisions("cp_register_count")
    first_published = {("2013", 2681.0), ("2014", 2882.0), ("2016", 2723.0), ("2018", 2668.0), ("2019", 2599.0),
                       ("2020", 2654.0), ("2022", 2031.0), ("2023", 2094.0)}
    assert set(zip(revisions["period"], revisions["value"])) == first_published, (
        "CP register first published then revised (national_headline_series.csv, 2026-12-01): 2018 2,668 → 2,530 "
        "(CSWS 2018-19 republication), 2019 2,599 → 2,580 (CSWS 2019-20), 2022 2,031 → 2,019, 2023 2,094 → 2,077; "
        "the first-published ones are listed")
    shown = store_reader.observations("cp_register_count", [SCOTLAND]).set_index("period")
    assert (shown.loc["2018", "value"], shown.loc["2019", "value"]) == (2530, 2580), "the revised vintages are shown"
    assert shown.loc["2022", "value"] == 2019 and shown.loc["2023", "value"] == 2077


def test_significance_against_scotland(store_reader):
    versus = store_reader.derived("looked_after_rate", "compared_with_scotland")
    glasgow_2018 = versus[(versus["area_code"] == "S12000049") & (versus["period"] == "2018")].iloc[0]
    assert glasgow_2018["value"] == 1.0, "Glasgow 23.8 per 1,000 vs Scotland 14.1 in 2018: intervals apart, higher"
    shetland = versus[(versus["area_code"] == SHETLAND) & (versus["period"] == "2018")].iloc[0]
    assert shetland["value"] == -1.0, "Shetland 6.2 vs 14.1: lower"
    withheld = store_reader.derived("looked_after_community_pct", "compared_with_scotland")
    assert (withheld[(withheld["area_code"] == SHETLAND) & (withheld["period"] == "2016")]["status"] == "[c]").all()


def _direction_for(meta_id: str, baseline: float, later: float, base_status: str = "ok") -> pd.Series:
    """Direction of one FIXTURE council's two figures, by the indicator's written rule."""
    meta = by_id(meta_id).meta
    period_of = {"2019-20": "2021-22", "2020": "2022"}
    later_period = period_of.get(meta.baseline_period, "2022-23")
    rows = []
    for period, value, status in ((meta.baseline_period, baseline, base_status), (later_period, later, "ok")):
        rows.append({"indicator_id": meta.id, "area_code": "S12000005", "period": period, "value": value if status == "ok" else None,
                     "status": status, "ci_lower": None, "ci_upper": None})
    from disclosure.derived import direction_of_travel

    result = direction_of_travel(pd.DataFrame(rows), meta)
    return pd.Series(result[0])


@pytest.mark.parametrize("meta_id,baseline,later,expected", [
    ("more_than_one_placement_pct", 18.0, 15.0, 1.0),   # down is good, 3 points > 2: improving
    ("more_than_one_placement_pct", 18.0, 19.5, 0.0),   # within 2 points: maintaining
    ("more_than_one_placement_pct", 18.0, 21.0, -1.0),  # up 3 points: worsening
    ("secure_care_average_residents", 82.0, 58.0, 1.0),  # down 29%: improving
    ("secure_care_average_residents", 82.0, 76.0, 0.0),  # down 7%: maintaining
])
def test_direction_rules_on_hand_made_series(meta_id, baseline, later, expected):
    assert _direction_for(meta_id, baseline, later)["value"] == expected


def test_direction_is_not_assessed_when_an_input_is_withheld():
    result = _direction_for("more_than_one_placement_pct", 0.0, 15.0, base_status="[c]")
    assert result["status"] == "[c]" and pd.isna(result["value"])


def test_context_indicators_are_never_judged():
    from disclosure.derived import direction_of_travel

    meta = by_id("child_poverty_pct").meta
    assert direction_of_travel(pd.DataFrame(columns=["indicator_id"]), meta) == []


def test_data_quality_report_is_written_and_served(built_settings, store_reader, client):
    checks = store_reader.quality()
    assert {"pass", "warn", "info"} <= set(checks["status"])
    titles = " ".join(checks["title"])
    for expected in ("Councils sum to Scotland", "Years with no population estimate", "Year-on-year changes", "revised by SG"):
        assert expected in titles
    reports = sorted((built_settings.var_dir / "reports").iterdir())
    assert (reports[-1] / "data_quality.md").read_text().startswith("# Data quality report")
    published = store_reader.observations()
    withheld_keys = published[published["status"] == "[c]"][["indicator_id", "area_code", "period"]]
    details = " ".join(checks["detail"])
    for row in withheld_keys.itertuples():
        assert f"{row.indicator_id} {row.area_code} {row.period}" not in details


def test_every_indicator_has_a_stated_direction_rule(store_reader):
    indicators = store_reader.indicators()
    assert indicators["direction_rule"].str.len().min() > 40
    assert (indicators[indicators["polarity"] == "no_judgement"]["direction_rule"].str.startswith("Not assessed")).all()
