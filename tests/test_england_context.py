"""England beside Scotland (DfE): the figures served against DfE's published totals,
disclosure control of England's local authorities, and where the figures may and
may not appear (the looked-after rate page and the analysts' download; never among
Scotland's councils, rankings, maps or family groups)."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from disclosure import england as disclosure_england
from disclosure.england import ControlledContext
from layouts import england
from layouts.indicator import indicator_layout
from layouts.views import indicator_view

DFE = ("DfE, Children looked after in England including adoptions, "
       "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions")


@pytest.fixture(scope="module")
def context(store_reader):
    return store_reader.context()


def _england(context, series="shown", measure="looked_after"):
    return england.england_rows(context, series, measure)


@pytest.mark.parametrize("year,count,per_10000,release", [
    (2019, 78_140, 66, "DfE 2023 release"), (2020, 80_000, 68, "DfE 2023 release"),
    (2021, 80_780, 69, "DfE 2025 release"), (2022, 82_090, 70, "DfE 2025 release"), (2023, 83_750, 70, "DfE 2025 release"),
    (2024, 83_530, 69, "DfE 2025 release"), (2025, 81_770, 67, "DfE 2025 release"),
])
def test_england_looked_after_as_dfe_published(context, year, count, per_10000, release):
    row = _england(context).loc[year]
    assert (row["count"], row["rate_per_10000"], row["vintage"]) == (count, per_10000, release), (
        f"England, children looked after on 31 March {year}: {count:,}, {per_10000} per 10,000 aged 0-17 ({DFE}, {release})")
    assert row["rate_per_1000"] == pytest.approx(per_10000 / 10), "per 1,000 is DfE's per 10,000 divided by 10"


def test_england_revisions_are_kept_as_first_published(context):
    first = _england(context, "earlier_release")
    assert first.at[2023, "count"] == 83_840 and _england(context).at[2023, "count"] == 83_750, (
        f"2023: 83,840 first published (2023 release), 83,750 in the 2025 release ({DFE}; dfe_england/PROVENANCE.md)")


def test_england_long_series_from_1994(context):
    series = _england(context, "long_series")
    assert series.index.min() == 1994 and series.at[1994, "count"] == 47_590, f"England 1994: 47,590 looked after at 31 March ({DFE}, time series)"
    assert series.at[2019, "count"] == 78_140, f"England 2019: 78,140 ({DFE}, time series)"


def test_local_authorities_withheld_as_a_block_and_never_small(context):
    authorities = context[context["area_level"] == "local_authority"]
    assert authorities["area_code"].nunique() >= 150, "England's local authorities are in the analysts' data"
    served = authorities["count"].dropna()
    assert not ((served > 0) & (served < 5)).any(), "no count of 1 to 4 children is served"
    blocks = {}
    for keys, group in authorities.groupby(["series", "region_code", "period"]):
        withheld = group["status"] == "[c]"
        assert withheld.sum() in (0, len(group)), f"{keys}: a region's authorities are withheld, every measure, all together or not at all"
        blocks[keys] = bool(withheld.any())
    for (series, region, period), hidden in blocks.items():
        first_of_a_run = hidden and not blocks.get((series, region, str(int(period) - 1)), False)
        if first_of_a_run and (series, region, str(int(period) + 1)) in blocks:
            assert blocks[(series, region, str(int(period) + 1))], (
                f"{region} {period}: the year after is withheld too (its stock, starts and ceased would give the stock back)")
    withheld = authorities[authorities["status"].isin(["[c]", "[x]", "[z]"])]
    assert withheld[["count", "rate_per_10000", "rate_per_1000"]].isna().all().all(), "a withheld cell's rate goes with its count"
    city = authorities[(authorities["area_name"] == "City of London") & (authorities["period"] == "2025") & (authorities["measure"] == "looked_after")]
    assert list(city["status"]) == ["[c]"], "DfE withholds City of London's 2025 count ('c'); it stays withheld"


def test_a_small_count_withholds_its_regions_authorities():
    # FIXTURE: two made-up authorities of one region and the region's total
    frame = pd.DataFrame({
        "series": "shown", "area_code": ["E12000099", "E06000998", "E06000999"], "area_name": ["Region", "A", "B"],
        "area_level": ["region", "local_authority", "local_authority"], "region_code": ["E12000099"] * 3,
        "period": "2025", "period_end": "2025-03-31", "measure": "looked_after", "count": [103.0, 3.0, 100.0],
        "rate_per_10000": [50.0, 1.0, 49.0], "rate_per_1000": [5.0, 0.1, 4.9], "status": "ok", "source_id": "dfe_england",
        "vintage": "DfE 2025 release", "source_ref": "FIXTURE",
    })
    following = frame.assign(period="2026", period_end="2026-03-31", count=[400.0, 200.0, 200.0], status="ok")
    controlled = disclosure_england.control(pd.concat([frame, following], ignore_index=True)).frame
    after = controlled[controlled["period"] == "2026"].set_index("area_name")
    assert list(after.loc[["A", "B"], "status"]) == ["[c]", "[c]"] and after.at["Region", "status"] == "ok", "the year after too"
    controlled = controlled[controlled["period"] == "2025"].set_index("area_name")
    assert list(controlled.loc[["A", "B"], "status"]) == ["[c]", "[c]"], "the small count and its region's other authority"
    assert controlled.loc[["A", "B"], "count"].isna().all() and controlled.loc[["A", "B"], "rate_per_10000"].isna().all()
    assert controlled.at["Region", "count"] == 103, "the region's total stays: its hidden parts cannot be told apart"
    with pytest.raises(TypeError):
        ControlledContext(frame)


def test_england_is_never_among_scotlands_areas(store_reader):
    assert not store_reader.areas()["area_code"].str.startswith("E").any(), "no English area among the councils"
    observations = store_reader.observations()
    assert not observations["area_code"].str.startswith("E").any(), "England is never an observation of a Scottish indicator"
    derived = store_reader.derived()
    assert not derived["area_code"].fillna("").str.startswith("E").any(), "England is never ranked or averaged in a family group"


def _text(component) -> str:
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    return " ".join([_text(getattr(component, "children", None)), str(getattr(component, "href", "") or "")])


def test_the_looked_after_rate_page_shows_england_with_its_caveats(store_reader):
    view = indicator_view(store_reader, "looked_after_rate", {})
    text = _text(indicator_layout(view, store_reader.geojson()))
    assert "UK context: England and Scotland" in text
    for caveat in ("31 March", "31 July", "looked after at home", "revises earlier years", "never ranked"):
        assert caveat in text, f"the comparability caveat about {caveat!r} is next to the chart"
    assert "Department for Education" in text and "Open Government Licence v3.0" in text, "DfE and its licence on the page"
    assert "dfe-analytical-services/CSC_outcomes_and_enablers" in text, "the address of DfE's file"
    assert "6.7" in text and "81,770" in text, "England 2025: 67 per 10,000 = 6.7 per 1,000, 81,770 children (DfE 2025 release)"
    assert "as published by the Scottish Government (CSWS 2023-24)" in text, (
        "Scotland 2024: 11.7 per 1,000 aged 0-17, as SG published it (CSWS 2023-24, gov.scot looked after children 2023-24)")
    assert "computed on the count as then published, 12,206, since revised to 12,084 in CSWS 2023-24" in text, (
        "Scotland 2023: SG's rate 12.1 was on the first-published count 12,206, revised to 12,084 (CSWS 2023-24)")
    other = _text(indicator_layout(indicator_view(store_reader, "looked_after_count", {}), store_reader.geojson()))
    assert "UK context" not in other, "England appears only as context for the looked-after rate"


def test_the_england_download_carries_provenance_and_the_authorities(client):
    response = client.get("/download/context/england.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    lines = [line for line in text.splitlines() if line.startswith("# ")]
    assert any("Department for Education" in line and "Open Government Licence v3.0" in line for line in lines)
    assert any("raw.githubusercontent.com/dfe-analytical-services" in line for line in lines), "the file's address"
    assert any("31 March" in line and "31 July" in line for line in lines), "the caveats travel with the data"
    frame = pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False)
    authorities = frame[frame["area_level"] == "local_authority"]
    assert authorities["area_code"].nunique() >= 150
    city = authorities[(authorities["area_name"] == "City of London") & (authorities["period"] == "2025") & (authorities["measure"] == "looked_after")]
    assert list(city["count"]) == [""] and list(city["status"]) == ["[c]"], "withheld: no number, its symbol"
    assert client.get("/download/context/england.xlsx").status_code == 200
    assert client.get("/download/context/england.pdf").status_code == 404
