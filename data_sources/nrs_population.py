"""NRS mid-year population estimates by council, sex and single year of age.

Why: they are the denominators of every rate per 1,000 children. Only the years
NRS published in the files we hold are used (1998-2018, 2020, 2022); a year with no
estimate is never interpolated — its rates are shown as not available.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd
import pandera.pandas as pa

from data_sources import geography, nrs_workbook
from contract.provenance import rows_ref
from data_sources.base import SourceFile, SourceSpec, csv_refs, csv_row_number, read_csv_text, validate
from data_sources.errors import SourceError
from data_sources.plausibility import reject_future_periods

FILES = ("nrs_mye_council_sya_1998_2018.csv", "nrs_mye_council_sya_2020.csv", "nrs_mye_council_sya_2022.csv")
COLUMNS = ["area_code", "area_name", "year", "sex", "age", "population"]

# NRS's own address of the mid-2020 workbook (nrs_population/PROVENANCE.md); ``update`` fetches it
# and makes the extract the build reads. The other years' files have no NRS address in the PROVENANCE.
MID_2020_WORKBOOK = "https://www.nrscotland.gov.uk/files//statistics/population-estimates/mid-20/mid-year-pop-est-20-data.xlsx"
SPEC = SourceSpec(
    id="nrs_population",
    title="Mid-year population estimates, Scotland: by council area, sex and single year of age",
    producer="National Records of Scotland",
    url_main="https://www.nrscotland.gov.uk/statistics-and-data/statistics/statistics-by-theme/population/population-estimates/mid-year-population-estimates",
    licence="Open Government Licence v3.0",
    date_published="Mid-2022 estimates published 26 March 2024; mid-2020 workbook (Crown copyright 2021); 1998-2018 as they stood in 2019",
    attribution="Source: National Records of Scotland, mid-year population estimates. Crown copyright.",
    files=(
        SourceFile(FILES[0], "csv", description="1998-2018, sexes F and M (Census 2011 based, as of 2019)",
                   vintage="NRS mid-year population estimates 1998-2018 (Census 2011 based, as they stood in 2019)"),
        SourceFile(FILES[1], "csv", description="mid-2020, Table 2 of the NRS workbook (sexes P, M, F), made by data_sources.nrs_workbook",
                   url_download=MID_2020_WORKBOOK, key_columns=("area_code", "sex", "age"), period_column="year",
                   tidy=lambda path, upstream: nrs_workbook.extract(path, upstream),
                   vintage="NRS mid-year population estimates, mid-2020 (Mid-2020 Population Estimates Scotland, Table 2)"),
        SourceFile(FILES[2], "csv", description="mid-2022 (Census 2022 based), Table 1 of the NRS workbook, sexes P, M, F",
                   vintage="NRS mid-year population estimates, mid-2022 (Census 2022 based, published 26 March 2024, Table 1)"),
    ),
    notes="Tidy extracts of the NRS workbooks (kept unchanged in the mirror's original/ folder). No estimate for 2019, 2021, 2023 onwards.",
)

SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(r"^S(92000003|12\d{6})$")),
        "year": pa.Column(int, pa.Check.in_range(1981, 2100)),
        "sex": pa.Column(str, pa.Check.isin(["P", "M", "F"])),
        "age": pa.Column(int, pa.Check.in_range(0, 90)),
        "population": pa.Column(int, pa.Check.ge(0)),
    },
    coerce=True,
)
NUMBER_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}$")),
        "age": pa.Column(str, pa.Check.str_matches(r"^\d{1,2}$")),
        "population": pa.Column(str, pa.Check.str_matches(r"^-?\d+$")),
    },
)
KEY = ["area_code", "year", "sex", "age"]


def _read(path: Path, councils: pd.DataFrame, vintage: str) -> pd.DataFrame:
    file = path.name
    raw = read_csv_text(path, COLUMNS)
    validate(NUMBER_SCHEMA, raw[["year", "age", "population"]], file=file)
    reject_future_periods(raw["year"], file=file, column="year", rows=pd.Series([csv_row_number(i) for i in raw.index], index=raw.index))
    raw = raw.assign(area_code=geography.recode(raw["area_code"], councils, file=file, column="area_code", row_of=csv_row_number))
    frame = validate(SCHEMA, raw[KEY + ["population"]], file=file)
    duplicated = frame.duplicated(KEY)
    if duplicated.any():
        index = frame.index[duplicated][0]
        raise SourceError(f"duplicated row for {tuple(frame.loc[index, KEY])}", file=file, row=csv_row_number(index))
    frame = frame.assign(source_ref=csv_refs(file, frame.index), vintage=vintage)
    if "P" not in set(frame["sex"]):  # persons = females + males, citing both rows
        lines = pd.Series([csv_row_number(i) for i in frame.index], index=frame.index)
        # the key is unique per sex, so a persons row has at most two parts: its first and last lines name
        # both (min/max run in pandas' compiled code; collecting lists per group took 1.7 s a build)
        persons = (frame.assign(_line=lines).groupby(["area_code", "year", "age"], as_index=False)
                   .agg(population=("population", "sum"), _first=("_line", "min"), _last=("_line", "max")))
        persons = persons.assign(sex="P", source_ref=[rows_ref(file, (first, last)) for first, last
                                                      in zip(persons["_first"], persons["_last"])], vintage=vintage)
        frame = pd.concat([frame, persons[KEY + ["population", "source_ref", "vintage"]]], ignore_index=True)
    scotland = frame[(frame["area_code"] == geography.SCOTLAND) & frame.index.isin(raw.index)]
    scotland_rows = {(year, sex, age): csv_row_number(index) for index, year, sex, age
                     in zip(scotland.index, scotland["year"], scotland["sex"], scotland["age"])}
    _check(frame, file, councils, scotland_rows)
    return frame


def _check(frame: pd.DataFrame, file: str, councils: pd.DataFrame, scotland_rows: dict | None = None) -> None:
    """Every area present every year, and the 32 councils summing exactly to Scotland
    (a failure names Scotland's row, when the file has one for that sex and age)."""
    expected_areas = {geography.SCOTLAND, *councils["council_code"]}
    for year, rows in frame.groupby("year"):
        areas = set(rows["area_code"])
        if areas != expected_areas:
            raise SourceError(f"year {year}: areas missing {sorted(expected_areas - areas)}", file=file)
        scotland = rows[rows["area_code"] == geography.SCOTLAND].set_index(["sex", "age"])["population"]
        summed = rows[rows["area_code"] != geography.SCOTLAND].groupby(["sex", "age"])["population"].sum()
        differs = summed.sub(scotland, fill_value=0) != 0
        if differs.any():
            sex, age = differs[differs].index[0]
            raise SourceError(f"year {year}: councils sum to {summed[(sex, age)]} but Scotland is {scotland.get((sex, age))} (sex {sex}, age {age})",
                              file=file, row=(scotland_rows or {}).get((year, sex, age)), column="population")


def parse(paths: Mapping[str, Path], upstream: Mapping) -> dict[str, pd.DataFrame]:
    councils = upstream["geography"]["councils"]
    frames = [_read(paths[name], councils, SPEC.file(name).vintage) for name in FILES]
    population = pd.concat(frames, ignore_index=True).sort_values(KEY).reset_index(drop=True)
    duplicated = population.duplicated(KEY)
    if duplicated.any():
        raise SourceError(f"year {population.loc[duplicated.idxmax(), 'year']} appears in more than one file")
    return {"population": population}

