"""Scotland-only indicators from the Scottish Government's national figures.

Why helpers: most national indicators are one published series (a count, or a
share of two counts from the same publication); each module then states only its
metadata and which series it reads.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from contract.areas import SCOTLAND
from indicators import inputs
from indicators.base import IndicatorMeta, observations
from indicators.intervals import byar_rate_interval, wilson_interval

PLACEMENT_FILE = "csws_lac_by_placement_2011_2020_2021.csv"


def count(meta: IndicatorMeta, tables, measure: str) -> pd.DataFrame:
    rows = inputs.national_series(tables, measure).drop(columns="source_url")
    rows["numerator"] = rows["value"]
    return observations(meta, rows)


def published(meta: IndicatorMeta, tables, measure: str) -> pd.DataFrame:
    """A published figure with no counts behind it (a percentage or an average): value only."""
    return observations(meta, inputs.national_series(tables, measure).drop(columns="source_url"))


def _share(meta: IndicatorMeta, parts: pd.DataFrame) -> pd.DataFrame:
    """parts: period, numerator, denominator, source_id, vintage, provisional, source_ref."""
    lower, upper = wilson_interval(parts["numerator"], parts["denominator"])
    rows = parts.assign(
        area_code=SCOTLAND,
        value=parts["numerator"] / parts["denominator"] * meta.scale,
        ci_lower=lower * meta.scale, ci_upper=upper * meta.scale,
    )
    return observations(meta, rows)


def share_of_series(meta: IndicatorMeta, tables, numerator_measure: str, denominator_measure: str) -> pd.DataFrame:
    numerator = inputs.national_series(tables, numerator_measure)
    denominator = inputs.national_series(tables, denominator_measure)
    both = numerator.merge(denominator, on="period", suffixes=("", "_den"))
    return _share(meta, pd.DataFrame({
        "period": both["period"], "numerator": both["value"], "denominator": both["value_den"],
        "source_id": both["source_id"], "vintage": both["vintage"],
        "provisional": both["provisional"] | both["provisional_den"],
        "source_ref": both["source_ref"] + "; " + both["source_ref_den"],
    }))


def placement_share(meta: IndicatorMeta, tables, placement_types: list[str], published_share: str | None = None) -> pd.DataFrame:
    """Share of all looked after children in the given placement types (CSWS 2020-21 Table 1.1).

    ``published_share``: the headline measure of SG's own published percentage, used
    (as published, with no interval: SG gives no counts for every part) for the years
    Table 1.1 does not cover (2022 onwards).
    """
    table = tables["sg_csws_national"]["lac_by_placement"]
    chosen = table[table["placement_type"].isin(placement_types)]
    if chosen["placement_type"].nunique() != len(placement_types):
        raise KeyError(f"placement types not in {PLACEMENT_FILE}: {sorted(set(placement_types) - set(chosen['placement_type']))}")
    numerator = chosen.groupby("year")["count"].sum()
    total = table[table["placement_group"] == "total"].set_index("year")["count"]
    parts = pd.DataFrame({
        "period": [str(y) for y in numerator.index], "numerator": numerator.values, "denominator": total.loc[numerator.index].values,
        "source_id": "sg_csws_national", "vintage": "CSWS 2020-21, Table 1.1", "provisional": False,
        "source_ref": f"{PLACEMENT_FILE} ({', '.join(placement_types)})",
    })
    share = _share(meta, parts)
    if published_share is None:
        return share
    extra = published(meta, tables, published_share)
    return pd.concat([share, extra[~extra["period"].isin(share["period"])]], ignore_index=True)


def rate_per_population(meta: IndicatorMeta, tables, measure: str, min_age: int, max_age: int) -> pd.DataFrame:
    """National count per 1,000 of the NRS population aged min..max in the year the period starts."""
    counts = inputs.national_series(tables, measure).drop(columns="source_url")
    population = inputs.population_aged(tables, min_age, max_age)
    scotland = population[population["area_code"] == SCOTLAND].set_index("year")["population"]
    years = counts["period"].str[:4].astype(int)
    denominator = years.map(scotland).astype(float).to_numpy()
    numerator = counts["value"].to_numpy(dtype=float)
    usable = np.isfinite(denominator)
    lower, upper = byar_rate_interval(numerator, denominator, meta.scale)
    rows = counts.assign(
        numerator=np.where(usable, numerator, np.nan), denominator=np.where(usable, denominator, np.nan),
        value=np.where(usable, numerator / denominator * meta.scale, np.nan),
        ci_lower=np.where(usable, lower, np.nan), ci_upper=np.where(usable, upper, np.nan),
        source_ref=[f"{ref}; NRS mid-{year} estimates" for ref, year in zip(counts["source_ref"], years)],
    )
    return observations(meta, rows)
