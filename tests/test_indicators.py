"""Indicators computed from the real mirrored files, against published figures."""
from __future__ import annotations

import importlib
import json
import pkgutil
from dataclasses import replace

import pandas as pd
import pytest


from contract.areas import SCOTLAND
import indicators
from indicators.registry import INDICATORS, NON_INDICATOR_MODULES, by_id
from indicators.schema import OBSERVATION_SCHEMA
from settings import load_settings



def cell(frame: pd.DataFrame, area: str, period: str) -> pd.Series:
    rows = frame[(frame["area_code"] == area) & (frame["period"] == period)]
    assert len(rows) == 1, f"expected one row for {area} {period}, got {len(rows)}"
    return rows.iloc[0]


def test_every_indicator_module_is_registered_and_ids_match_module_names():
    modules = {m.name for m in pkgutil.iter_modules(indicators.__path__)} - NON_INDICATOR_MODULES
    registered = {i.meta.id for i in INDICATORS}
    assert modules == registered, "every indicators/<id>.py must be listed in indicators.registry.INDICATORS"
    for indicator in INDICATORS:
        module = importlib.import_module(f"indicators.{indicator.meta.id}")
        assert module.INDICATOR is indicator


def test_every_metadata_field_is_filled():
    for indicator in INDICATORS:
        for name, value in vars(indicator.meta).items():
            if name in {"series_breaks", "framework_indicator", "companion", "national_measures", "counts", "unpublished_base"}:
                continue
            assert value not in ("", (), None), f"{indicator.meta.id}: metadata field {name!r} is empty"


def test_framework_wording_is_verbatim(tmp_path):
    from data_sources import framework
    from data_sources.base import resolve_file

    framework_file, _ = resolve_file(framework.SPEC, framework.SPEC.files[0], replace(load_settings(), var_dir=tmp_path))
    rows = json.loads(framework_file.read_text())
    triples = {(r["vision_statement"], r["outcome"], r["indicator"]) for r in rows}
    pairs = {(r["vision_statement"], r["outcome"]) for r in rows}
    for indicator in INDICATORS:
        meta = indicator.meta
        if not meta.framework_indicator:
            assert (meta.vision_statement, meta.outcome) in pairs, f"{meta.id}: context under an outcome not in the framework"
            continue
        assert (meta.vision_statement, meta.outcome, meta.framework_indicator) in triples, (
            f"{meta.id}: vision statement / outcome / indicator not found verbatim in {framework_file}"
        )


def test_outputs_follow_the_observation_schema(computed):
    for indicator_id, frame in computed.items():
        OBSERVATION_SCHEMA.validate(frame)
        assert set(frame["indicator_id"]) == {indicator_id}
        assert set(frame["area_code"]) >= {SCOTLAND}
        expected = 33 if "council" in by_id(indicator_id).meta.geographies else 1
        assert frame["area_code"].nunique() == expected, f"{indicator_id}: areas as its geographies say"


@pytest.mark.parametrize("period,published", [("2011", 16231), ("2012", 16248), ("2020", 14458), ("2021", 13255), ("2022", 12596)])
def test_scotland_looked_after_count_equals_sg_publication(computed, period, published):
    row = cell(computed["looked_after_count"], SCOTLAND, period)
    assert row["value"] == published, (
        f"Scotland looked after at 31 July {period} must be {published:,} "
        "(SG Children's Social Work Statistics, 2020-21 Table 1.1 / 2019-20 / 2021-22 summary)"
    )
    assert row["period_end"] == f"{period}-07-31"


def test_councils_sum_to_scotland_every_year_2011_to_2022(computed):
    frame = computed["looked_after_count"]
    for period in [str(y) for y in range(2011, 2023)]:
        year = frame[frame["period"] == period]
        councils = year[year["area_code"] != SCOTLAND]
        assert councils["status"].eq("ok").all(), f"every council published for {period}"
        scotland = cell(frame, SCOTLAND, period)["value"]
        assert councils["value"].sum() == scotland, (
            f"32 councils must sum to the Scotland total at 31 July {period} "
            "(LGBF CHN08a+CHN08b denominators; PROVENANCE: sums equal SG national totals)"
        )


def test_later_scotland_years_come_from_sg_with_their_vintage(computed):
    frame = computed["looked_after_count"]
    row_2023 = cell(frame, SCOTLAND, "2023")
    assert row_2023["value"] == 12084 and "revised" in row_2023["vintage"], (
        "CSWS 2023-24 revised 31 July 2023 to 12,084 (first published 12,206 in CSWS 2022-23): "
        "https://www.gov.scot/publications/childrens-social-work-statistics-looked-after-children-2023-24/")
    row_2024 = cell(frame, SCOTLAND, "2024")
    assert row_2024["value"] == 11844 and not bool(row_2024["provisional"]), (
        "CSWS 2023-24 11,844, re-read on its page in the 2026-12-01 revision: not provisional")
    council_2024 = frame[(frame["period"] == "2024") & (frame["area_code"] != SCOTLAND)]
    assert council_2024["status"].eq("[x]").all() and council_2024["value"].isna().all(), "no council figures for 2024: [x], never zero"


def test_rate_is_count_over_nrs_population_0_17(computed):
    row = cell(computed["looked_after_rate"], SCOTLAND, "2020")
    assert row["numerator"] == 14458 and row["denominator"] == 1026922, "NRS mid-2020 Scotland aged 0-17 = 1,026,922"
    assert row["value"] == pytest.approx(14458 / 1026922 * 1000)
    assert round(row["value"], 1) == 14.1
    assert row["ci_lower"] < row["value"] < row["ci_upper"]


def test_rate_is_not_available_where_nrs_has_no_estimate(computed):
    frame = computed["looked_after_rate"]
    for period in ("2019", "2021", "2023", "2024"):
        rows = frame[frame["period"] == period]
        assert not rows.empty
        assert rows["status"].eq("[x]").all(), f"no NRS estimate for {period}: rate must be [x], not guessed"


def test_council_rate_uses_council_population(tables, computed):
    glasgow = "S12000049"
    row = cell(computed["looked_after_rate"], glasgow, "2022")
    pop = tables["nrs_population"]["population"]
    expected = pop[(pop["area_code"] == glasgow) & (pop["year"] == 2022) & (pop["sex"] == "P") & (pop["age"] <= 17)]["population"].sum()
    assert row["denominator"] == expected
    count = cell(computed["looked_after_count"], glasgow, "2022")["value"]
    assert row["value"] == pytest.approx(count / expected * 1000)


def test_community_share_matches_the_framework_baseline(computed):
    row = cell(computed["looked_after_community_pct"], SCOTLAND, "2020")
    assert round(row["value"], 1) == 90.1, "Promise Progress Framework dashboard: baseline 90.1% in the community (13,022 / 14,458)"
    assert (row["numerator"], row["denominator"]) == (13022, 14458)
    assert row["ci_lower"] < row["value"] < row["ci_upper"]


def test_community_share_equals_lgbf_chn09_for_every_council_year(tables, computed):
    published = tables["lgbf"]["council_values"]
    chn09 = published[(published["indicator_code"] == "CHN09") & (published["period"] != "2019-20")]
    frame = computed["looked_after_community_pct"].set_index(["area_code", "period"])
    checked = 0
    for row in chn09.itertuples():
        period = str(int(row.period[:4]) + 1)
        ours = frame.loc[(row.council_code, period)]
        if pd.isna(row.value):
            continue
        assert ours["value"] / 100 == pytest.approx(row.value, abs=5e-5), (
            f"{row.council_code} {row.period}: LGBF CHN09 published {row.value}"
        )
        checked += 1
    assert checked >= 32 * 10


@pytest.mark.parametrize("period,published", [("2011", 1461), ("2020", 1436), ("2021", 1286)])
def test_scotland_residential_equals_sg_table_1_1(computed, period, published):
    row = cell(computed["looked_after_residential_count"], SCOTLAND, period)
    assert row["value"] == published, f"CSWS 2020-21 Table 1.1: residential accommodation at 31 July {period} = {published:,}"


def test_by_id_rejects_unknown_indicator():
    with pytest.raises(KeyError, match="unknown indicator 'nope'"):
        by_id("nope")


# --- the 2026-12-01 revision of the SG national series (published values, cited) ---------------

@pytest.mark.parametrize("indicator_id,period,published,page", [
    ("looked_after_kinship_pct", "2022", 34, "https://gov.scot/publications/childrens-social-work-statistics-scotland-2021-22/pages/summary-infographic"),
    ("looked_after_kinship_pct", "2024", 35, "https://www.gov.scot/publications/childrens-social-work-statistics-looked-after-children-2023-24/"),
    ("looked_after_foster_pct", "2023", 32, "https://corambaaf.org.uk/node/236 (CSWS 2022-23)"),
    ("looked_after_at_home_pct", "2022", 21, "https://gov.scot/publications/childrens-social-work-statistics-scotland-2021-22/pages/summary-infographic"),
    ("looked_after_at_home_pct", "2024", 20, "https://www.gov.scot/publications/childrens-social-work-statistics-looked-after-children-2023-24/"),
])
def test_placement_shares_2022_to_2024_are_sgs_published_percentages(computed, indicator_id, period, published, page):
    row = cell(computed[indicator_id], SCOTLAND, period)
    assert row["value"] == published and row["status"] == "ok", f"{indicator_id} {period}: SG published {published}% ({page})"
    assert pd.isna(row["ci_lower"]), "no interval for a percentage published without its counts"


def test_placement_shares_before_2022_still_come_from_table_1_1(computed):
    row = cell(computed["looked_after_kinship_pct"], SCOTLAND, "2020")
    assert row["denominator"] == 14_458 and pd.notna(row["ci_lower"]), "CSWS 2020-21 Table 1.1: 14,458 at 31 July 2020"


@pytest.mark.parametrize("indicator_id,period,published,page", [
    ("cp_register_count", "2011", 2_571, "https://www.gov.scot/publications/childrens-social-work-statistics-scotland-2020-21/pages/5/"),
    ("cp_register_count", "2015", 2_751, "https://gov.scot/Publications/2016/03/5133/326277"),
    ("cp_register_count", "2014", 2_877, "CP 2023-24 (revised), via wired-gov.net; first published 2,882"),
    ("looked_after_starts", "2013-14", 4_295, "https://www.gov.scot/publications/childrens-social-work-statistics-looked-after-children-2023-24/"),
    ("looked_after_starts", "2022-23", 3_133, "https://www.gov.scot/publications/childrens-social-work-statistics-looked-after-children-2023-24/"),
    ("leavers_positive_destination_pct", "2018-19", 71, "https://gov.scot/publications/education-outcomes-looked-children-2019-20/pages/4"),
    ("leavers_positive_destination_pct", "2019-20", 75, "https://gov.scot/publications/education-outcomes-looked-children-2019-20/pages/4"),
])
def test_longer_sg_series_from_the_revision(computed, indicator_id, period, published, page):
    row = cell(computed[indicator_id], SCOTLAND, period)
    assert row["value"] == published, f"{indicator_id} {period}: SG published {published:,} ({page})"


def test_2024_community_share_is_community_over_community_plus_residential(computed):
    row = cell(computed["looked_after_community_pct"], SCOTLAND, "2024")
    assert row["numerator"] == 10_518 and round(row["value"], 2) == 88.82, (
        "CSWS 2023-24: community 10,518 ÷ (10,518 + residential 1,324 = 11,842), not ÷ the total 11,844 (88.80%)")
    assert pd.isna(row["denominator"]), "11,842 is not SG's count of all looked after children, so it is not published as that count"
