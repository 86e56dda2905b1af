"""Department for Education: children looked after in England (a UK context series).

Why: readers ask how Scotland compares with England. DfE publishes children looked
after on 31 March, starting and ceasing, with rates per 10,000 children aged 0-17,
for England, its regions and local authorities. Definitions differ from Scotland's
(31 March vs 31 July; Scotland counts children looked after at home; DfE revises
earlier years in every release), so these figures are context, never ranked with
Scottish councils. DfE's symbols (``c`` confidential, ``z`` not applicable, ``x``
not available) become statuses; a suppressed figure is never turned into a number.
Quirks (PROVENANCE.md): a byte-order mark before the header, and the 2023 release
names its columns ``population_count`` / ``number`` where the 2025 release has
``population_type`` / ``children_count``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd
import pandera.pandas as pa

from data_sources.base import SourceFile, SourceSpec, csv_refs, csv_row_number, read_csv_text, validate
from data_sources.errors import SourceError
from data_sources.symbols import parse_column

RELEASE_2025 = "cla_number_and_rate_per_10k_children_2021_2025.csv"
RELEASE_2023 = "cla_number_and_rate_per_10k_children_2019_2023.csv"
TIME_SERIES = "cla_time_series_1994_2023.csv"
ENGLAND = "E92000001"

SPEC = SourceSpec(
    id="dfe_england",
    title="Children looked after in England including adoptions",
    producer="Department for Education",
    url_main="https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions",
    licence="Open Government Licence v3.0",
    date_published="Reporting year 2025 release (file last changed in DfE's repository on 27 November 2025); 2023 release for the first-published 2019-2023 figures",
    attribution="Source: Department for Education, Children looked after in England including adoptions. Crown copyright.",
    files=(
        SourceFile(RELEASE_2025, "csv", description=(
            "England, regions, local authorities, 31 March 2021-2025: looked after, starting, ceasing; count and rate per 10,000 aged 0-17 "
            "(copy in DfE's analytical repository dfe-analytical-services/CSC_outcomes_and_enablers)"),
            url_download="https://raw.githubusercontent.com/dfe-analytical-services/CSC_outcomes_and_enablers/main/data-raw/cla_number_and_rate_per_10k_children.csv",
            key_columns=("time_period", "geographic_level", "region_code", "new_la_code", "population_type"),
            period_column="time_period", vintage="DfE 2025 release"),
        SourceFile(RELEASE_2023, "csv", description="the same from the 2023 release, 2019-2023 as first published (third-party copy)",
                   vintage="DfE 2023 release"),
        SourceFile(TIME_SERIES, "csv", description="England, 1994-2023: looked after at 31 March, starts, ceased, adopted (third-party copy)",
                   vintage="DfE 2023 release (England time series 1994-2023)"),
    ),
)

MEASURES = {
    "Children looked after on 31 March each year": "looked_after",
    "Children looked after at 31 March each year": "looked_after",  # the 2023 release's wording
    "Children starting to be looked after each year": "started",
    "Children ceasing to be looked after each year": "ceased",
}
SERIES_MEASURES = {
    "Children looked after at 31 March": "looked_after",
    "Children starting to be looked after during the year": "started",
    "Children ceasing to be looked after during the year": "ceased",
}
LEVELS = {"National": "country", "Regional": "region", "Local authority": "local_authority"}
_KEYS = pa.DataFrameSchema({
    "time_period": pa.Column(str, pa.Check.str_matches(r"^\d{4}$")),
    "geographic_level": pa.Column(str, pa.Check.isin(list(LEVELS))),
    "country_code": pa.Column(str, pa.Check.eq(ENGLAND)),
})


def _release(path: Path, type_column: str, count_column: str, vintage: str) -> pd.DataFrame:
    file = path.name
    columns = ["time_period", "geographic_level", "country_code", "region_code", "region_name", "la_name", "new_la_code",
               type_column, "population_estimate", count_column, "rate_per_10000"]
    raw = read_csv_text(path, columns, encoding="utf-8-sig")
    validate(_KEYS, raw[["time_period", "geographic_level", "country_code"]], file=file)
    unknown = ~raw[type_column].isin(list(MEASURES))
    if unknown.any():
        index = raw.index[unknown][0]
        raise SourceError(f"unknown measure {raw.at[index, type_column]!r}", file=file, row=csv_row_number(index), column=type_column)
    count, count_status = parse_column(raw, count_column, file=file, row_of=csv_row_number)
    rate, rate_status = parse_column(raw, "rate_per_10000", file=file, row_of=csv_row_number)
    level = raw["geographic_level"].map(LEVELS)
    frame = pd.DataFrame({
        "period": raw["time_period"].astype(int),
        "level": level,
        "area_code": raw["new_la_code"].where(level == "local_authority", raw["region_code"].where(level == "region", ENGLAND)),
        "area_name": raw["la_name"].where(level == "local_authority", raw["region_name"].where(level == "region", "England")),
        "region_code": raw["region_code"].where(level != "country", ""),
        "measure": raw[type_column].map(MEASURES),
        "count": pd.Series(count, index=raw.index, dtype=float),
        "count_status": [s.value for s in count_status],
        "rate_per_10000": pd.Series(rate, index=raw.index, dtype=float),
        "rate_status": [s.value for s in rate_status],
        "vintage": vintage,
        "release": int(raw["time_period"].astype(int).max()),  # the reporting year of the release: its latest period
        "source_ref": csv_refs(file, raw.index),
    })
    duplicated = frame.duplicated(["period", "area_code", "measure"])
    if duplicated.any():
        index = frame.index[duplicated][0]
        raise SourceError(f"duplicated row for {frame.at[index, 'area_code']} {frame.at[index, 'period']}", file=file, row=csv_row_number(index))
    if (frame["count"] < 0).any():
        index = frame.index[frame["count"] < 0][0]
        raise SourceError("negative count", file=file, row=csv_row_number(index), column=count_column)
    return frame


def _time_series(path: Path) -> pd.DataFrame:
    file = path.name
    raw = read_csv_text(path, ["time_period", "geographic_level", "country_code", "population_count", "number"], encoding="utf-8-sig")
    validate(_KEYS, raw[["time_period", "geographic_level", "country_code"]], file=file)
    kept = raw[raw["population_count"].isin(list(SERIES_MEASURES))]
    number, status = parse_column(kept, "number", file=file, row_of=csv_row_number)
    return pd.DataFrame({
        "period": kept["time_period"].astype(int).values,
        "measure": kept["population_count"].map(SERIES_MEASURES).values,
        "count": pd.Series(number, dtype=float).values,
        "count_status": [s.value for s in status],
        "source_ref": csv_refs(file, kept.index),
        "vintage": SPEC.file(TIME_SERIES).vintage,
    })


def parse(paths: Mapping[str, Path], upstream: Mapping | None = None) -> dict[str, pd.DataFrame]:
    latest = _release(paths[RELEASE_2025], "population_type", "children_count", SPEC.file(RELEASE_2025).vintage)
    first = _release(paths[RELEASE_2023], "population_count", "number", SPEC.file(RELEASE_2023).vintage)
    return {"releases": pd.concat([latest, first], ignore_index=True), "england_series": _time_series(paths[TIME_SERIES])}
