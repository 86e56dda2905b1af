"""Scotland-only indicators from the Scottish Government's national figures.

Why helpers: most national indicators are one published series (a count, or a
share of two counts from the same publication); each module then states only its
metadata and which series it reads.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from contract.areas import SCOTLAND
from contract.provenance import join_refs
from indicators import inputs
from indicators.base import IndicatorMeta, observations
from indicators.intervals import byar_rate_interval, wilson_interval

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
    """Share of all looked after children in the given placement types (SG's counts by placement type).

    ``published_share``: the headline measure of SG's own published percentage, used
    (as published, with no interval: SG gives no counts for every part) for the years
    Table 1.1 does not cover (2022 onwards).
    """
    table = tables["sg_csws_national"]["lac_by_placement"]
    chosen = table[table["placement_type"].isin(placement_types)]
    if chosen["placement_type"].nunique() != len(placement_types):
        raise KeyError(f"placement types not in SG's counts by placement type: {sorted(set(placement_types) - set(chosen['placement_type']))}")
    numerator = chosen.groupby("year")["count"].sum()
    total = table[table["placement_group"] == "total"].set_index("year")
    refs = chosen.groupby("year")["source_ref"].agg(list)
    parts = pd.DataFrame({
        "period": [str(y) for y in numerator.index], "numerator": numerator.values, "denominator": total.loc[numerator.index, "count"].values,
        "source_id": "sg_csws_national", "vintage": chosen.groupby("year")["vintage"].first().loc[numerator.index].values, "provisional": False,
        "source_ref": [join_refs([*refs[year], total.at[year, "source_ref"]]) for year in numerator.index],
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
    scotland = population[population["area_code"] == SCOTLAND].set_index("year")
    years = counts["period"].str[:4].astype(int)
    denominator = years.map(scotland["population"]).astype(float).to_numpy()
    # the population's rows join the count's place; the vintage stays the count's publication, as SG's rate it stands for
    source_ref, _ = inputs.with_denominator_provenance(counts["source_ref"], counts["vintage"],
                                                       years.map(scotland["source_ref"]), years.map(scotland["vintage"]))
    numerator = counts["value"].to_numpy(dtype=float)
    usable = np.isfinite(denominator)
    lower, upper = byar_rate_interval(numerator, denominator, meta.scale)
    rows = counts.assign(
        numerator=np.where(usable, numerator, np.nan), denominator=np.where(usable, denominator, np.nan),
        value=np.where(usable, numerator / denominator * meta.scale, np.nan),
        ci_lower=np.where(usable, lower, np.nan), ci_upper=np.where(usable, upper, np.nan),
        source_ref=source_ref,
    )
    return observations(meta, rows)
