"""Input series several indicators share, assembled once from the parsed sources.

Why: the count looked after, its rate and the balance of care all rest on the same
council counts of children looked after in the community and in residential care,
and on the same choice of vintage. Writing that choice once keeps the indicators
consistent with each other (a rate's numerator is the count shown beside it).

Choice of vintage (stated in every affected indicator's caveats):
- 31 July 2011–2022 by council and Scotland: the LGBF denominators of CHN08b
  (children in community placements) and CHN08a (residential placements), which
  the Scottish Government supplies to the Improvement Service. Their council sums
  equal the SG published national totals (2011 16,231; 2021 13,255; 2022 12,596).
- 31 July 2020 (LGBF 2019-20): the Improvement Service's January 2022 vintage,
  whose Scotland total (14,458) is the SG published Promise baseline; the 2024
  LGBF extract gives a different 2019-20 (14,261) that no SG publication carries.
- Later years, Scotland only: the SG national figures as published.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from contract.areas import SCOTLAND
from contract.provenance import join_refs
from indicators.base import Tables, lgbf_period_to_snapshot_year
from contract.status import Status

BASELINE_LGBF_PERIOD = "2019-20"

COMMUNITY_CODE = "CHN08b"  # denominator = children looked after in community placements
RESIDENTIAL_CODE = "CHN08a"  # denominator = children looked after in residential placements


def council_codes(tables: Tables) -> list[str]:
    return sorted(tables["geography"]["councils"]["council_code"])


def all_area_codes(tables: Tables) -> list[str]:
    return [SCOTLAND, *council_codes(tables)]


def _lgbf_placements(tables: Tables) -> pd.DataFrame:
    """Community and residential counts by council and Scotland from the LGBF extract."""
    lgbf = tables["lgbf"]
    councils = lgbf["council_values"].rename(columns={"council_code": "area_code"})
    scotland = lgbf["scotland_values"].assign(area_code=SCOTLAND)
    both = pd.concat([councils, scotland], ignore_index=True)
    wanted = both[both["indicator_code"].isin([COMMUNITY_CODE, RESIDENTIAL_CODE])]
    wanted = wanted[wanted["period"] != BASELINE_LGBF_PERIOD]
    published = wanted["denominator_status"] == Status.PUBLISHED.value
    counts = wanted.assign(count=wanted["denominator"].where(published))
    wide = counts.pivot_table(index=["area_code", "period"], columns="indicator_code", values="count", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=[COMMUNITY_CODE, RESIDENTIAL_CODE]).reset_index()
    wide = wide.rename(columns={COMMUNITY_CODE: "community", RESIDENTIAL_CODE: "residential"})
    # provenance as the parser gave it: both rows' places joined, and their vintage with the column read
    cells = wanted.groupby(["area_code", "period"])
    refs, vintages = cells["source_ref"].agg(join_refs), cells["vintage"].first()
    keys = list(zip(wide["area_code"], wide["period"]))
    wide["source_ref"] = [refs[key] for key in keys]
    wide["vintage"] = [f"{vintages[key]} ({RESIDENTIAL_CODE}/{COMMUNITY_CODE} denominators)" for key in keys]
    # A period with neither count published (e.g. 2022-23, costs only) is no figure at all.
    return wide.dropna(subset=["community", "residential"], how="all")


def _jan2022_baseline(tables: Tables) -> pd.DataFrame:
    earlier = tables["lgbf"]["lac_jan2022"]
    rows = earlier[earlier["period"] == BASELINE_LGBF_PERIOD].rename(columns={"council_code": "area_code"})
    community = rows["lac_community"].where(rows["community_status"] == Status.PUBLISHED.value)
    residential = rows["lac_residential"].where(rows["residential_status"] == Status.PUBLISHED.value)
    return pd.DataFrame({
        "area_code": rows["area_code"].values,
        "period": rows["period"].values,
        "community": community.values,
        "residential": residential.values,
        "vintage": rows["vintage"].values,
        "source_ref": rows["source_ref"].values,
    })


def placements_by_area(tables: Tables) -> pd.DataFrame:
    """Children looked after at 31 July by placement group, councils and Scotland.

    Columns: area_code, period (snapshot year), community, residential, total,
    source_id, vintage, provisional. NaN where the source has no figure.
    """
    frame = pd.concat([_lgbf_placements(tables), _jan2022_baseline(tables)], ignore_index=True)
    frame["period"] = frame["period"].map(lgbf_period_to_snapshot_year)
    frame["total"] = frame["community"] + frame["residential"]
    frame["source_id"] = "lgbf"
    frame["provisional"] = False
    return frame.sort_values(["area_code", "period"]).reset_index(drop=True)


def national_series(tables: Tables, measure: str) -> pd.DataFrame:
    """One SG national measure, one row per period, the latest vintage of each.

    Where SG revised a figure both vintages are in the source; the revised one is
    used. A row not yet re-read on its page (verified = no) is kept as provisional.
    Columns: area_code, period, value, source_id, vintage, provisional, source_url, source_ref.
    """
    headline = tables["sg_csws_national"]["headline"]
    rows = headline[headline["measure"] == measure].copy()
    if rows.empty:
        raise KeyError(f"SG national series has no measure {measure!r}")
    rows["_revised"] = rows["vintage"].str.contains("revised", case=False)
    rows = rows.sort_values(["period", "_revised", "verified"]).groupby("period", as_index=False).tail(1)
    return pd.DataFrame({
        "area_code": SCOTLAND,
        "period": rows["period"].astype(str).values,
        "value": rows["value"].astype(float).values,
        "source_id": "sg_csws_national",
        "vintage": rows["vintage"].values,
        "provisional": (~rows["verified"].astype(bool)).values,
        "source_url": rows["source_url"].values,
        "source_ref": rows["source_ref"].values,
    }).sort_values("period").reset_index(drop=True)


def placement_count(meta, tables: Tables, column: str, national_measure: str) -> pd.DataFrame:
    """One placement count (total, community or residential) by council and Scotland,
    with the SG national figure for Scotland in years the council series lacks."""
    from indicators.base import observations, prefer

    placements = placements_by_area(tables)
    local = placements[["area_code", "period", column, "source_id", "vintage", "provisional", "source_ref"]].rename(columns={column: "value"})
    national = national_series(tables, national_measure).drop(columns="source_url")
    grid = complete_grid(prefer(local, national, ["area_code", "period"]), all_area_codes(tables))
    grid["numerator"] = grid["value"]
    return observations(meta, grid)


def complete_grid(frame: pd.DataFrame, area_codes: list[str]) -> pd.DataFrame:
    """Every area for every period that any area has: a missing cell is explicit."""
    periods = sorted(frame["period"].unique())
    grid = pd.MultiIndex.from_product([area_codes, periods], names=["area_code", "period"]).to_frame(index=False)
    merged = grid.merge(frame, on=["area_code", "period"], how="left")
    source_of_period = frame.groupby("period")["source_id"].first()
    vintage_of_period = frame.groupby("period")["vintage"].first()
    merged["source_id"] = merged["source_id"].fillna(merged["period"].map(source_of_period))
    merged["vintage"] = merged["vintage"].fillna(merged["period"].map(vintage_of_period))
    merged["provisional"] = merged["provisional"].astype("boolean").fillna(False).astype(bool)
    if "source_ref" in merged:
        merged["source_ref"] = merged["source_ref"].fillna("")
    return merged


def population_aged(tables: Tables, min_age: int, max_age: int, sex: str = "P") -> pd.DataFrame:
    """NRS mid-year (30 June) population aged min_age..max_age inclusive, by area and year (90 means 90 and over),
    with the rows summed (``source_ref``) and their ``vintage``."""
    population = tables["nrs_population"]["population"]
    rows = population[(population["sex"] == sex) & population["age"].between(min_age, max_age)]
    return rows.groupby(["area_code", "year"], as_index=False).agg(
        population=("population", "sum"), source_ref=("source_ref", join_refs), vintage=("vintage", "first"))


def population_0_17(tables: Tables) -> pd.DataFrame:
    """NRS mid-year (30 June) population aged 0-17 by area and year (as text), with its source_ref and vintage."""
    summed = population_aged(tables, 0, 17)
    summed["period"] = summed["year"].astype(int).astype(str)
    return summed[["area_code", "period", "population", "source_ref", "vintage"]]


def with_denominator_provenance(source_ref: pd.Series, vintage: pd.Series,
                                denominator_ref: pd.Series, denominator_vintage: pd.Series) -> tuple[list[str], list[str]]:
    """A figure's provenance joined with its denominator's (e.g. a population), where the denominator exists:
    (source_refs, vintages). A figure with no ref of its own keeps none."""
    refs = [f"{ref}; {den}" if ref and isinstance(den, str) and den else ref
            for ref, den in zip(source_ref.fillna(""), denominator_ref)]
    vintages = [f"{v}; {den}" if isinstance(den, str) and den else v for v, den in zip(vintage, denominator_vintage)]
    return refs, vintages


def as_float(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
