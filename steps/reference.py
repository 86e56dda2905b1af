"""The store's reference tables: areas, family groups, sources, the framework join, revisions, indicators.

Why apart from the pipeline: each is a small pure function of the parsed sources
(and the indicators' metadata, read once by ``steps.compute``), testable alone; the
pipeline only says when each is made.
"""
from __future__ import annotations

import json
from dataclasses import asdict

import pandas as pd

from contract.areas import COUNCIL_PREFIX, SCOTLAND, SCOTLAND_NAME
from contract.indicator import Kind
from contract.status import Status
from data_sources import release_dates
from data_sources.base import LoadedSource
from indicators.base import IndicatorMeta

CHILDREN_FAMILY_GROUP_INDICATOR = "CHN09"  # LGBF "people services" family groups, by deprivation
FAMILY_GROUP_LABELS = {
    "Least Deprived": ("1", "Family group 1 (least deprived)"),
    "2": ("2", "Family group 2"),
    "3": ("3", "Family group 3"),
    "Most Deprived": ("4", "Family group 4 (most deprived)"),
}
Loaded = dict[str, LoadedSource]


def areas_table(loaded: Loaded) -> pd.DataFrame:
    councils = loaded["geography"].tables["councils"].sort_values("council_name")
    scotland = pd.DataFrame([{"area_code": SCOTLAND, "area_name": SCOTLAND_NAME, "area_type": "country"}])
    council_rows = pd.DataFrame({
        "area_code": councils["council_code"].values,
        "area_name": councils["council_name"].values,
        "area_type": "council",
    })
    areas = pd.concat([scotland, council_rows], ignore_index=True)
    areas["sort_order"] = range(len(areas))
    return areas


def family_groups_table(loaded: Loaded) -> pd.DataFrame:
    """LGBF children's-services family groups as at the latest period published."""
    groups = loaded["lgbf"].tables["family_groups"]
    groups = groups[groups["indicator_code"] == CHILDREN_FAMILY_GROUP_INDICATOR]
    latest = groups[groups["period"] == groups["period"].max()]
    unknown = sorted(set(latest["family_group"]) - set(FAMILY_GROUP_LABELS))
    if unknown:
        raise ValueError(f"unknown LGBF family group label(s) {unknown} in {CHILDREN_FAMILY_GROUP_INDICATOR}")
    return pd.DataFrame({
        "group_type": f"lgbf_family_group_children_{latest['period'].iloc[0]}",
        "group_code": [FAMILY_GROUP_LABELS[g][0] for g in latest["family_group"]],
        "area_code": latest["council_code"].values,
        "label": [FAMILY_GROUP_LABELS[g][1] for g in latest["family_group"]],
    }).sort_values(["group_code", "area_code"]).reset_index(drop=True)


def sources_table(loaded: Loaded) -> pd.DataFrame:
    rows = []
    for source in loaded.values():
        for record in source.provenance:
            rows.append({
                **asdict(record),
                "title": source.spec.title,
                "producer": source.spec.producer,
                "url_main": source.spec.url_main,
                "date_published": source.spec.date_published,
            })
    columns = ["source_id", "file_name", "title", "producer", "url_main", "url", "licence", "date_published",
               "sha256", "bytes", "obtained_via", "obtained_from", "obtained_at"]
    return pd.DataFrame(rows)[columns]


def framework_table(loaded: Loaded, metas: tuple[IndicatorMeta, ...]) -> pd.DataFrame:
    """Framework rows, each with the ids of the indicators that compute it.

    The framework file's ``notes`` are for maintainers: they are dropped here, so
    they never reach the served store or a page.
    """
    rows = loaded["framework"].tables["rows"].drop(columns="notes")
    computes: dict[int, list[str]] = {}
    for meta in metas:
        under = rows[(rows["vision_statement"] == meta.vision_statement) & (rows["outcome"] == meta.outcome)]
        if not meta.framework_indicator:  # context: shown under its outcome, not as a framework row
            if under.empty:
                raise ValueError(f"indicator {meta.id}: its vision statement and outcome are not in the framework")
            continue
        match = under[under["indicator"] == meta.framework_indicator]
        if len(match) != 1:
            raise ValueError(f"indicator {meta.id}: its framework row is not in the framework ({len(match)} matches)")
        computes.setdefault(int(match["row_number"].iloc[0]), []).append(meta.id)
    rows["indicator_ids"] = [", ".join(computes.get(int(n), [])) for n in rows["row_number"]]
    return rows


def revisions_table(loaded: Loaded, observations: pd.DataFrame, metas: tuple[IndicatorMeta, ...]) -> pd.DataFrame:
    """SG figures for the same measure and year that differ from the one shown (other vintages)."""
    headline = loaded["sg_csws_national"].tables["headline"]
    shown = observations[observations["area_code"] == SCOTLAND].set_index(["indicator_id", "period"])
    rows = []
    for meta in metas:
        for measure in meta.national_measures:
            column = "value" if meta.kind is Kind.COUNT else "numerator"
            decimals = meta.decimals if column == "value" else 0
            for row in headline[headline["measure"] == measure].itertuples():
                key = (meta.id, str(row.period))
                if key not in shown.index or shown.loc[key, column] == row.value:
                    continue
                rows.append({"indicator_id": meta.id, "area_code": SCOTLAND, "period": str(row.period),
                             "value": float(row.value), "vintage": row.vintage, "source_url": row.source_url,
                             "note": f"{measure}; the figure used is {shown.loc[key, column]:,.{decimals}f} ({shown.loc[key, 'vintage']})"})
    return pd.DataFrame(rows, columns=["indicator_id", "area_code", "period", "value", "vintage", "source_url", "note"])


def indicators_table(observations: pd.DataFrame, metas: tuple[IndicatorMeta, ...]) -> pd.DataFrame:
    """The indicator rows, each with the publisher's release of its latest figure shown ("Last updated")
    and the last period with council figures (why later council cells are [x])."""
    released = release_dates.last_updated(observations)
    councils = observations[observations["area_code"].str.startswith(COUNCIL_PREFIX)
                            & (observations["status"] != Status.NOT_AVAILABLE.value)]
    council_end = councils.groupby("indicator_id")["period"].max().to_dict()
    rows = []
    for meta in metas:
        row = meta.as_store_row()
        metadata = json.loads(row["metadata_json"])
        metadata["last_updated"] = released.get(meta.id, "No figure is shown yet.")
        metadata["council_series_end"] = council_end.get(meta.id, "")  # where the councils' open data stops
        row["metadata_json"] = json.dumps(metadata, sort_keys=True)
        rows.append(row)
    return pd.DataFrame(rows)
