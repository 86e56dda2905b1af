"""Local Government Benchmarking Framework: children's services indicators by council.

Why this source: it is the only open, council-level series of the Scottish
Government's looked after children counts (the CHN08a/b denominators), balance of
care and the other CHN indicators, with the LGBF family groups councils compare
themselves within. Quirks handled here (PROVENANCE.md): percentages stored as
fractions, missing council-years as absent rows or empty cells (not available,
never zero), Scotland values repeated on every council row, and a second, older
vintage (January 2022) whose 2019-20 figures match the SG published baseline.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd
import pandera.pandas as pa

from data_sources import geography
from contract.provenance import row_ref
from data_sources.base import SourceFile, SourceSpec, csv_refs, csv_row_number, read_csv_text, validate
from data_sources.errors import SourceError
from data_sources.plausibility import (COUNT, SHARE_AS_FRACTION, Range, check_jumps, check_range, check_share_of_parts,
                                       reject_future_periods)
from data_sources.symbols import parse_column

MAIN_FILE = "lgbf_children_services_by_council_2010_2023.csv"
JAN2022_FILE = "lac_community_residential_by_council_is_jan2022_vintage.csv"
DEFINITIONS_FILE = "lgbf_children_indicator_definitions.csv"

# The Improvement Service's own download (Spatial Hub dataset 9a3728b4-…, resource "LGBF Data Table Cash",
# as listed in Open Data Scotland's catalogue); ``update`` fetches it and makes the extract the build reads.
SPATIAL_HUB_CASH_URL = ("https://data.spatialhub.scot/dataset/9a3728b4-49ea-40af-ab10-fc0305bace84/resource/"
                        "77c2bc92-ad24-401c-8b53-2160cd12e287/download/lgbf_data_table_cash.csv")
SPEC = SourceSpec(
    id="lgbf",
    title="Local Government Benchmarking Framework: children's services indicators (CHN)",
    producer="Improvement Service, on behalf of SOLACE and the 32 Scottish councils (from Scottish Government statistics)",
    url_main="https://www.improvementservice.org.uk/benchmarking",
    licence="Open Government Licence v3.0 (stated for IS Spatial Hub datasets; not verified for this dataset. Underlying SG statistics: OGL v3.0)",
    date_published="Extract of March 2024 (IS Spatial Hub 'lgbf_data_table'); second vintage January 2022",
    attribution="Source: Improvement Service, Local Government Benchmarking Framework; Scottish Government",
    files=(
        SourceFile(MAIN_FILE, "csv", description=(
            "CHN indicators by council, 2010-11 to 2022-23, with Scotland and family-group values: the CHN rows of the IS Spatial "
            "Hub 'LGBF Data Table Cash', with council codes added and columns renamed"),
            url_download=SPATIAL_HUB_CASH_URL, key_columns=("council_code", "indicator_code", "period"), period_column="period",
            tidy=lambda path, upstream: from_spatial_hub(path, upstream),
            vintage="LGBF data, Improvement Service extract of March 2024"),
        SourceFile(JAN2022_FILE, "csv", description="IS January 2022 vintage: children looked after in community/residential placements, 2010-11 to 2019-20",
                   vintage="LGBF data, Improvement Service vintage of January 2022 (matches SG 31 July 2020 total)"),
        SourceFile(DEFINITIONS_FILE, "csv", description="CHN indicator definitions",
                   vintage="LGBF CHN indicator definitions, Improvement Service"),
    ),
)

PERIOD_PATTERN = r"^\d{4}-\d{2}$"
MAIN_COLUMNS = [
    "council_code", "council_name_lgbf", "indicator_code", "period",
    "value_la", "numerator_la", "denominator_la",
    "value_scotland", "numerator_scotland", "denominator_scotland",
    "value_family_group", "numerator_family_group", "denominator_family_group", "family_group",
]
COUNT_COLUMNS_NEVER_NEGATIVE = ["numerator_la", "denominator_la", "numerator_scotland", "denominator_scotland"]

# Plausible values of each CHN indicator as the LGBF stores them (shares as fractions, PROVENANCE.md).
_FRACTIONS = ("CHN04", "CHN05", "CHN06", "CHN07", "CHN09", "CHN10", "CHN11", "CHN13a", "CHN13b", "CHN17", "CHN18",
              "CHN19a", "CHN19b", "CHN21", "CHN22", "CHN23", "CHN24")
PLAUSIBLE_VALUES: dict[str, Range] = {
    **{code: SHARE_AS_FRACTION for code in _FRACTIONS},
    "CHN14a": Range(-100, 100, "an attainment gap in percentage points"), "CHN14b": Range(-100, 100, "an attainment gap in percentage points"),
    **{code: Range(0, 50_000, "a cost in pounds per pupil, place or child a week") for code in ("CHN01", "CHN02", "CHN03", "CHN08a", "CHN08b")},
    **{f"CHN12{x}": Range(0, 3_000, "an average tariff score") for x in "abcdef"},
    "CHN20a": Range(0, 1_000, "a rate per 1,000 pupils"), "CHN20b": Range(0, 1_000, "a rate per 1,000 pupils"),
}
JUMP_CHECKED = ("CHN08a", "CHN08b")  # their numerators and denominators are counts of children and pounds
SHARE_TOLERANCE = 0.0006  # CHN09 is published to 4 decimals
VINTAGE_SHARE_TOLERANCE = 0.02  # the January 2022 vintage against CHN09 of the later extract ...
VINTAGE_COUNT_SLACK = 5  # ... unless within 5 children (revisions; a swap of columns moves far more)

KEYS_SCHEMA = pa.DataFrameSchema(
    {
        "indicator_code": pa.Column(str, pa.Check.str_matches(r"^CHN\d{2}[a-z]?$")),
        "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
        "family_group": pa.Column(str, pa.Check.str_length(min_value=1)),
    },
)


def _row(index: int) -> int:
    return csv_row_number(index)


def _reject_duplicates(frame: pd.DataFrame, keys: list[str], file: str) -> None:
    duplicated = frame.duplicated(keys, keep="first")
    if duplicated.any():
        index = frame.index[duplicated][0]
        shown = ", ".join(f"{k}={frame.at[index, k]}" for k in keys)
        raise SourceError(f"duplicated row ({shown})", file=file, row=_row(index))


def _numbers(frame: pd.DataFrame, columns: list[str], file: str) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values, statuses = parse_column(frame, column, file=file, row_of=_row)
        out[column] = pd.Series(values, index=frame.index, dtype=float)
        out[f"{column}_status"] = [s.value for s in statuses]
    for column in [c for c in columns if c in COUNT_COLUMNS_NEVER_NEGATIVE]:
        negative = out[column] < 0
        if negative.any():
            index = out.index[negative][0]
            raise SourceError(f"negative count {out.at[index, column]:g}", file=file, row=_row(index), column=column)
    return out


def _scotland_values(frame: pd.DataFrame, numbers: pd.DataFrame, file: str) -> pd.DataFrame:
    """One Scotland row per indicator and period, checked identical on every council row."""
    columns = ["value_scotland", "numerator_scotland", "denominator_scotland"]
    both = pd.concat([frame[["indicator_code", "period"]], numbers[columns + [f"{c}_status" for c in columns]]], axis=1)
    first_row = pd.Series([_row(i) for i in frame.index], index=frame.index).groupby([frame["indicator_code"], frame["period"]]).transform("min")
    filled = both.fillna({c: -1.0 for c in columns})
    distinct = filled.drop_duplicates()
    clash = distinct.duplicated(["indicator_code", "period"], keep=False)
    if clash.any():
        first = distinct[clash].iloc[0]
        rows = both.index[(both["indicator_code"] == first["indicator_code"]) & (both["period"] == first["period"])]
        raise SourceError(
            f"Scotland values differ between council rows of {first['indicator_code']} {first['period']} "
            f"(rows {', '.join(str(_row(i)) for i in rows[:5])})",
            file=file, row=_row(rows[0]), column="value_scotland",
        )
    unique = both.loc[distinct.index].sort_values(["indicator_code", "period"])
    return pd.DataFrame({
        "indicator_code": unique["indicator_code"].values,
        "period": unique["period"].values,
        "value": unique["value_scotland"].values,
        "numerator": unique["numerator_scotland"].values,
        "denominator": unique["denominator_scotland"].values,
        "value_status": unique["value_scotland_status"].values,
        "numerator_status": unique["numerator_scotland_status"].values,
        "denominator_status": unique["denominator_scotland_status"].values,
        "source_row": first_row.loc[unique.index].values,
        "source_ref": [row_ref(file, n) for n in first_row.loc[unique.index]],
        "vintage": SPEC.file(MAIN_FILE).vintage,
    })


def _main(path: Path, councils: pd.DataFrame) -> dict[str, pd.DataFrame]:
    file = path.name
    raw = read_csv_text(path, MAIN_COLUMNS)
    validate(KEYS_SCHEMA, raw[["indicator_code", "period", "family_group"]], file=file)
    codes = geography.recode(raw["council_code"], councils, file=file, column="council_code", row_of=_row)
    if (codes == geography.SCOTLAND).any():
        index = codes.index[codes == geography.SCOTLAND][0]
        raise SourceError("a Scotland row where council rows are expected", file=file, row=_row(index), column="council_code")
    raw = raw.assign(council_code=codes)
    _reject_duplicates(raw, ["council_code", "indicator_code", "period"], file)
    numbers = _numbers(raw, ["value_la", "numerator_la", "denominator_la",
                             "value_scotland", "numerator_scotland", "denominator_scotland"], file)
    council_values = pd.DataFrame({
        "council_code": raw["council_code"],
        "indicator_code": raw["indicator_code"],
        "period": raw["period"],
        "value": numbers["value_la"],
        "numerator": numbers["numerator_la"],
        "denominator": numbers["denominator_la"],
        "value_status": numbers["value_la_status"],
        "numerator_status": numbers["numerator_la_status"],
        "denominator_status": numbers["denominator_la_status"],
        "family_group": raw["family_group"],
        "source_row": [_row(i) for i in raw.index],
        "source_ref": csv_refs(file, raw.index),
        "vintage": SPEC.file(MAIN_FILE).vintage,
    })
    return {
        "council_values": council_values.reset_index(drop=True),
        "scotland_values": _scotland_values(raw, numbers, file).reset_index(drop=True),
        "family_groups": council_values[["indicator_code", "council_code", "period", "family_group", "source_ref", "vintage"]].reset_index(drop=True),
    }


def _jan2022(path: Path, councils: pd.DataFrame) -> pd.DataFrame:
    file = path.name
    raw = read_csv_text(path, ["council_code", "council_name_lgbf", "period", "lac_community", "lac_residential"])
    validate(pa.DataFrameSchema({"period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN))}), raw[["period"]], file=file)
    raw = raw.assign(council_code=geography.recode(raw["council_code"], councils, file=file, column="council_code", row_of=_row))
    _reject_duplicates(raw, ["council_code", "period"], file)
    community, community_status = parse_column(raw, "lac_community", file=file, row_of=_row)
    residential, residential_status = parse_column(raw, "lac_residential", file=file, row_of=_row)
    frame = pd.DataFrame({
        "council_code": raw["council_code"],
        "period": raw["period"],
        "lac_community": pd.Series(community, index=raw.index, dtype=float),
        "lac_residential": pd.Series(residential, index=raw.index, dtype=float),
        "community_status": [s.value for s in community_status],
        "residential_status": [s.value for s in residential_status],
        "source_row": [_row(i) for i in raw.index],
        "source_ref": csv_refs(file, raw.index),
        "vintage": SPEC.file(JAN2022_FILE).vintage,
    })
    for column in ("lac_community", "lac_residential"):
        negative = frame[column] < 0
        if negative.any():
            index = frame.index[negative][0]
            raise SourceError(f"negative count {frame.at[index, column]:g}", file=file, row=_row(index), column=column)
    _check_sums(frame, file)
    return frame.reset_index(drop=True)


def _check_sums(frame: pd.DataFrame, file: str) -> None:
    """Councils must sum to the Scotland row in every period where all are published."""
    for period, rows in frame.groupby("period"):
        scotland = rows[rows["council_code"] == geography.SCOTLAND]
        councils = rows[rows["council_code"] != geography.SCOTLAND]
        for column in ("lac_community", "lac_residential"):
            if scotland.empty or councils[column].isna().any() or scotland[column].isna().any():
                continue
            if councils[column].sum() != scotland[column].iloc[0]:
                raise SourceError(
                    f"councils sum to {councils[column].sum():g} but Scotland is {scotland[column].iloc[0]:g} in {period}",
                    file=file, row=_row(scotland.index[0]), column=column,
                )


def _definitions(path: Path) -> pd.DataFrame:
    columns = ["indicator_code", "title", "reporting_period", "measure_type", "source_note",
               "numerator_title", "denominator_title", "ranking_type"]
    frame = read_csv_text(path, columns)[columns]
    return frame.assign(source_ref=csv_refs(path.name, frame.index), vintage=SPEC.file(DEFINITIONS_FILE).vintage)


def _check_main_plausible(tables: dict[str, pd.DataFrame], file: str) -> None:
    """Ranges per indicator, periods before the build, CHN09 against its parts, jumps in counts."""
    values = tables["council_values"]
    reject_future_periods(values["period"], file=file, column="period", rows=values["source_row"])
    scotland = tables["scotland_values"]
    for frame, suffix in ((values, "la"), (scotland, "scotland")):
        for code, allowed in PLAUSIBLE_VALUES.items():
            rows = frame[frame["indicator_code"] == code]
            check_range(rows["value"], allowed, file=file, column=f"value_{suffix}", rows=rows["source_row"])
        for part in ("numerator", "denominator"):
            check_range(frame[part], COUNT, file=file, column=f"{part}_{suffix}", rows=frame["source_row"])
    # jumps before the cross-check, so a mis-scaled count is named on its own row
    counts = values[values["indicator_code"].isin(JUMP_CHECKED)]
    long = pd.concat([counts.assign(measure=counts["indicator_code"] + f" {part}", count=counts[part]) for part in ("numerator", "denominator")])
    check_jumps(long.reset_index(drop=True), source_id=SPEC.id, file=file, area="council_code", measure="measure", period="period",
                value="count", row="source_row", column_of=lambda entry: f"{entry['measure'].split()[1]}_la")
    keyed = values.set_index(["council_code", "period"])
    share = keyed[keyed["indicator_code"] == "CHN09"]
    residential = keyed[keyed["indicator_code"] == "CHN08a"]["denominator"].reindex(share.index)
    community = keyed[keyed["indicator_code"] == "CHN08b"]["denominator"].reindex(share.index)
    check_share_of_parts(share["value"].reset_index(drop=True), community.reset_index(drop=True), residential.reset_index(drop=True),
                         tolerance=SHARE_TOLERANCE, file=file, column="value_la", rows=share["source_row"].reset_index(drop=True),
                         what="CHN09 (community share) against CHN08b and CHN08a denominators (community and residential)")


def _check_jan2022_plausible(vintage: pd.DataFrame, council_values: pd.DataFrame, file: str) -> None:
    """Periods before the build, each count's jumps, and its community share against CHN09 (catches swapped columns)."""
    reject_future_periods(vintage["period"], file=file, column="period", rows=vintage["source_row"])
    long = pd.concat([vintage.assign(measure=column, count=vintage[column]) for column in ("lac_community", "lac_residential")])
    check_jumps(long.reset_index(drop=True), source_id=SPEC.id, file=file, area="council_code", measure="measure", period="period",
                value="count", row="source_row", column_of=lambda entry: entry["measure"])
    chn09 = council_values[council_values["indicator_code"] == "CHN09"].set_index(["council_code", "period"])["value"]
    share = vintage.set_index(["council_code", "period"]).index.map(lambda key: chn09.get(key))
    check_share_of_parts(pd.Series(share, dtype=float), vintage["lac_community"], vintage["lac_residential"],
                         tolerance=VINTAGE_SHARE_TOLERANCE, file=file, column="lac_community", rows=vintage["source_row"],
                         what=f"community share against CHN09 of {MAIN_FILE}", count_slack=VINTAGE_COUNT_SLACK)


def parse(paths: Mapping[str, Path], upstream: Mapping) -> dict[str, pd.DataFrame]:
    councils = upstream["geography"]["councils"]
    tables = _main(paths[MAIN_FILE], councils)
    _check_main_plausible(tables, MAIN_FILE)
    tables["lac_jan2022"] = _jan2022(paths[JAN2022_FILE], councils)
    _check_jan2022_plausible(tables["lac_jan2022"], tables["council_values"], JAN2022_FILE)
    tables["definitions"] = _definitions(paths[DEFINITIONS_FILE])
    return tables


SPATIAL_HUB_COLUMNS = {
    "LocalAuthority": "council_name_lgbf", "IndicatorCode": "indicator_code", "Year": "period",
    "IndicatorCash_LA": "value_la", "NumeratorCash_LA": "numerator_la", "DenominatorCash_LA": "denominator_la",
    "IndicatorCash_Scotland": "value_scotland", "NumeratorCash_Scotland": "numerator_scotland",
    "DenominatorCash_Scotland": "denominator_scotland", "IndicatorCash_FG": "value_family_group",
    "NumeratorCash_FG": "numerator_family_group", "DenominatorCash_FG": "denominator_family_group", "FamilyGroup": "family_group",
}


def from_spatial_hub(path: Path, upstream: Mapping) -> bytes:
    """The Spatial Hub's cash data table (every LGBF indicator, councils by LGBF name) →
    the CHN extract this source reads (council codes added, columns renamed, values as published)."""
    raw = read_csv_text(path, list(SPATIAL_HUB_COLUMNS), encoding="utf-8-sig")
    rows = raw[raw["IndicatorCode"].str.startswith("CHN") & (raw["LocalAuthority"] != "Scotland")]
    councils = upstream["geography"]["councils"]
    codes = dict(zip(councils["name_in_lgbf"], councils["council_code"]))
    unknown = ~rows["LocalAuthority"].isin(list(codes))
    if unknown.any():
        index = rows.index[unknown][0]
        raise SourceError(f"unknown council name {rows.at[index, 'LocalAuthority']!r}", file=path.name, row=_row(index), column="LocalAuthority")
    tidy = rows[list(SPATIAL_HUB_COLUMNS)].rename(columns=SPATIAL_HUB_COLUMNS)
    tidy.insert(0, "council_code", tidy["council_name_lgbf"].map(codes))
    return tidy[MAIN_COLUMNS].to_csv(index=False, lineterminator="\n").encode("utf-8")
