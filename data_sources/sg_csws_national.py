"""Scottish Government national figures, transcribed from the publication pages.

Why a curated source: the SG's own Excel tables were not available, so each
national figure was transcribed by hand with the URL of the page it was read on.
The transcription ships inside the project (``data/published/sg_csws_national/``,
with its PROVENANCE.md), keeps both vintages where SG revised a figure, and marks values not
yet re-read on their page (``verified = no``) so they are shown as provisional.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd
import pandera.pandas as pa

from data_sources.base import SourceFile, SourceSpec, csv_refs, csv_row_number, read_csv_text, validate
from data_sources.errors import SourceError
from data_sources.plausibility import COUNT, SHARE_AS_PERCENT, Range, check_range, reject_future_periods
from data_sources.symbols import parse_column

HEADLINE_FILE = "national_headline_series.csv"
PLACEMENT_FILE = "csws_lac_by_placement_2011_2020_2021.csv"
CP_FILE = "cp_register_characteristics_2013_2022_2023.csv"

SPEC = SourceSpec(
    id="sg_csws_national",
    title="Children's Social Work Statistics and Education Outcomes for Looked After Children: national figures",
    producer="Scottish Government, Children and Families Statistics",
    url_main="https://www.gov.scot/collections/childrens-social-work/",
    licence="Open Government Licence v3.0",
    date_published="Publications 2017-18 to 2024-25; one source URL per value",
    attribution="Source: Scottish Government, Children's Social Work Statistics; Education Outcomes for Looked After Children. Crown copyright.",
    files=(
        # each row of the headline series names its own publication (its ``vintage`` column)
        SourceFile(HEADLINE_FILE, "csv", description="national headline series, long format, one URL per value"),
        SourceFile(PLACEMENT_FILE, "csv", description="CSWS 2020-21 Table 1.1: looked after children by placement type, 2011, 2020, 2021",
                   vintage="CSWS 2020-21, Table 1.1"),
        SourceFile(CP_FILE, "csv", description="CP 2022-23 Table 1.1: children on the child protection register by sex and age",
                   vintage="CP 2022-23, Table 1.1"),
    ),
)

HEADLINE_COLUMNS = ["topic", "measure", "period", "value", "unit", "vintage", "source_url", "verified", "note"]
HEADLINE_SCHEMA = pa.DataFrameSchema(
    {
        "topic": pa.Column(str, pa.Check.isin(["looked_after", "care_leavers", "child_protection", "secure_care", "education"])),
        "measure": pa.Column(str, pa.Check.str_length(min_value=1)),
        "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2})?( \(31 July\))?$")),
        "unit": pa.Column(str, pa.Check.str_length(min_value=1)),
        "vintage": pa.Column(str, pa.Check.str_length(min_value=1)),
        "source_url": pa.Column(str, pa.Check.str_matches(r"^https://")),
        "verified": pa.Column(str, pa.Check.isin(["yes", "no"])),
    },
)


# Plausible values by the unit each row states; a unit not listed here is a count.
PLAUSIBLE_BY_UNIT: dict[str, Range] = {
    "percent": SHARE_AS_PERCENT,
    "per 1000 aged 0-17": Range(0, 1_000, "a rate per 1,000 children"),
    "cases per 1000": Range(0, 1_000, "a rate per 1,000"),
}


def _check_headline_plausible(frame: pd.DataFrame, file: str) -> None:
    reject_future_periods(frame["period"], file=file, column="period", rows=frame["source_row"])
    for unit, rows in frame.groupby("unit"):
        check_range(rows["value"], PLAUSIBLE_BY_UNIT.get(unit, COUNT), file=file, column="value", rows=rows["source_row"])


def _headline(path: Path) -> pd.DataFrame:
    file = path.name
    raw = read_csv_text(path, HEADLINE_COLUMNS)
    validate(HEADLINE_SCHEMA, raw[[c for c in HEADLINE_SCHEMA.columns]], file=file)
    values, statuses = parse_column(raw, "value", file=file, row_of=csv_row_number)
    frame = raw.assign(
        value=pd.Series(values, index=raw.index, dtype=float),
        value_status=[s.value for s in statuses],
        verified=raw["verified"] == "yes",
        source_row=[csv_row_number(i) for i in raw.index],
        source_ref=csv_refs(file, raw.index),
    )
    duplicated = frame.duplicated(["measure", "period", "vintage"])
    if duplicated.any():
        index = frame.index[duplicated][0]
        raise SourceError(f"duplicated row for {frame.at[index, 'measure']!r} {frame.at[index, 'period']}", file=file, row=csv_row_number(index))
    negative = frame["value"] < 0
    if negative.any():
        index = frame.index[negative][0]
        raise SourceError(f"negative value {frame.at[index, 'value']:g}", file=file, row=csv_row_number(index), column="value")
    _check_headline_plausible(frame, file)
    return frame.reset_index(drop=True)


def _wide_to_long(path: Path, keys: list[str], value_names: dict[str, str], label, vintage: str) -> pd.DataFrame:
    """Year-wide transcribed tables ('2011', '2013_number', …) → one row per key and year, each with
    its place in the file (``<file> row N (<label>), column(s) <year columns>``) and ``vintage``."""
    file = path.name
    raw = read_csv_text(path, keys)
    year_columns = [c for c in raw.columns if c not in keys]
    rows = []
    for column in year_columns:
        year, _, suffix = column.partition("_")
        if not year.isdigit():
            raise SourceError(f"unexpected column {column!r} (expected a year)", file=file, row=1, column=column)
        values, _ = parse_column(raw, column, file=file, row_of=csv_row_number)
        name = value_names.get(suffix, suffix or "count")
        for index, value in zip(raw.index, values):
            rows.append({**{k: raw.at[index, k] for k in keys}, "year": int(year), "measure": name, "value": value})
    long = pd.DataFrame(rows)
    wide = long.pivot_table(index=keys + ["year"], columns="measure", values="value", aggfunc="first").reset_index()
    line = {tuple(raw.loc[i, keys]): csv_row_number(i) for i in raw.index}
    columns = {year: [c for c in year_columns if c.partition("_")[0] == str(year)] for year in wide["year"].unique()}
    wide["source_ref"] = [
        f"{file} row {line[tuple(row[k] for k in keys)]} ({label(row)}), column{'s' if len(columns[row['year']]) > 1 else ''} "
        f"{', '.join(columns[row['year']])}" for _, row in wide.iterrows()]
    wide["vintage"] = vintage
    return wide


def parse(paths: Mapping[str, Path], upstream: Mapping | None = None) -> dict[str, pd.DataFrame]:
    placements = _wide_to_long(paths[PLACEMENT_FILE], ["placement_group", "placement_type"], {"": "count"},
                               lambda row: row["placement_type"], SPEC.file(PLACEMENT_FILE).vintage)
    cp_register = _wide_to_long(paths[CP_FILE], ["category", "subcategory"], {"number": "number", "pct": "pct"},
                                lambda row: f"{row['category']}: {row['subcategory']}", SPEC.file(CP_FILE).vintage)
    return {
        "headline": _headline(paths[HEADLINE_FILE]),
        "lac_by_placement": placements,
        "cp_register": cp_register,
    }
