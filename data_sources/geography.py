"""Council areas: GSS codes, the names each publisher spells, code changes, boundaries.

Why a source of its own: every other source is joined on council codes, and
councils changed code in 2018-2019 (Fife, Perth and Kinross, Glasgow, North
Lanarkshire). Recoding through one table, and refusing a code nobody knows, is
what keeps a council's series from silently splitting in two.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping

import pandas as pd
import pandera.pandas as pa

from contract.areas import SCOTLAND
from data_sources.base import SourceFile, SourceSpec, csv_refs, read_csv_text, validate
from data_sources.errors import SourceError

CODES_FILE = "council_area_codes.csv"
BOUNDARIES_FILE = "scotland_council_areas_2019_bsc.geojson"

SPEC = SourceSpec(
    id="geography",
    title="Scottish council areas: GSS codes, names and generalised boundaries",
    producer="Office for National Statistics (boundaries); National Records of Scotland (codes and names)",
    url_main="https://geoportal.statistics.gov.uk/",
    licence="Open Government Licence v3.0",
    date_published="2019 codes (boundaries BDY_LAD 2016, super generalised; names from NRS mid-2022 estimates)",
    attribution=(
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
        "Contains OS data © Crown copyright and database right."
    ),
    files=(
        SourceFile(CODES_FILE, "csv", description="32 council codes, NRS/LGBF/GeoJSON names, previous codes",
                   vintage="Council area codes of 2019 (names as in the NRS mid-2022 estimates)"),
        SourceFile(BOUNDARIES_FILE, "geojson", description="simplified council polygons, WGS84",
                   vintage="ONS council area boundaries BDY_LAD 2016, super generalised, with the 2019 codes"),
    ),
)

_CODE = r"^S12\d{6}$"
COUNCILS_SCHEMA = pa.DataFrameSchema(
    {
        "council_code": pa.Column(str, pa.Check.str_matches(_CODE), unique=True),
        "council_name_nrs": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "name_in_lgbf": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "name_in_geojson": pa.Column(str, pa.Check.str_length(min_value=1)),
        "previous_code": pa.Column(str, pa.Check.str_matches(r"^(S12\d{6})?$")),
        "current_code_since": pa.Column(str, pa.Check.str_matches(r"^(\d{4})?$")),
    },
    checks=pa.Check(lambda frame: len(frame) == 32, error="expected the 32 council areas"),
)


def _councils(path: Path) -> pd.DataFrame:
    raw = read_csv_text(path, list(COUNCILS_SCHEMA.columns))
    raw = validate(COUNCILS_SCHEMA, raw, file=path.name)
    return pd.DataFrame({
        "council_code": raw["council_code"],
        "council_name": raw["council_name_nrs"],
        "name_in_lgbf": raw["name_in_lgbf"],
        "name_in_geojson": raw["name_in_geojson"],
        "previous_code": raw["previous_code"].replace("", None),
        "current_code_since": pd.to_numeric(raw["current_code_since"].replace("", None)).astype("Int64"),
        "source_ref": csv_refs(path.name, raw.index),
        "vintage": SPEC.file(CODES_FILE).vintage,
    })


def boundaries(path: Path) -> dict:
    """The council polygons as a GeoJSON dict (for the choropleth map)."""
    try:
        collection = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"not valid GeoJSON: {exc}", file=path.name) from exc
    if collection.get("type") != "FeatureCollection":
        raise SourceError("expected a GeoJSON FeatureCollection", file=path.name)
    return collection


def _boundary_features(path: Path, councils: pd.DataFrame) -> pd.DataFrame:
    features = boundaries(path)["features"]
    codes = [feature.get("properties", {}).get("code") for feature in features]
    if sorted(codes) != sorted(councils["council_code"]):
        missing = sorted(set(councils["council_code"]) - set(codes))
        extra = sorted(set(codes) - set(councils["council_code"]))
        raise SourceError(f"boundary codes differ from the council list (missing {missing}, unexpected {extra})", file=path.name)
    return pd.DataFrame({"council_code": codes, "feature_json": [json.dumps(f, separators=(",", ":")) for f in features],
                         "source_ref": [f"{path.name} feature {n}" for n in range(1, len(features) + 1)],
                         "vintage": SPEC.file(BOUNDARIES_FILE).vintage})


def parse(paths: Mapping[str, Path], upstream: Mapping | None = None) -> dict[str, pd.DataFrame]:
    councils = _councils(paths[CODES_FILE])
    changes = councils.dropna(subset=["previous_code"])
    return {
        "councils": councils,
        "code_changes": pd.DataFrame({
            "previous_code": changes["previous_code"].values,
            "council_code": changes["council_code"].values,
            "since": changes["current_code_since"].values,
            "source_ref": changes["source_ref"].values,
            "vintage": changes["vintage"].values,
        }),
        "boundary_features": _boundary_features(paths[BOUNDARIES_FILE], councils),
    }


def code_lookup(councils: pd.DataFrame) -> dict[str, str]:
    """Every code we accept → the current code (current, previous and Scotland)."""
    lookup = {SCOTLAND: SCOTLAND}
    lookup.update(dict(zip(councils["council_code"], councils["council_code"])))
    previous = councils.dropna(subset=["previous_code"])
    lookup.update(dict(zip(previous["previous_code"], previous["council_code"])))
    return lookup


def recode(codes: pd.Series, councils: pd.DataFrame, *, file: str, column: str, row_of) -> pd.Series:
    """Map previous council codes to current ones; an unknown code stops the build."""
    lookup = code_lookup(councils)
    unknown = ~codes.isin(list(lookup))
    if unknown.any():
        index = codes.index[unknown][0]
        raise SourceError(f"unknown council code {codes[index]!r}", file=file, row=row_of(index), column=column)
    return codes.map(lookup)
