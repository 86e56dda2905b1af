"""Each parser on the real published files (the mirror, else the shipped snapshot),
and bad input on FIXTURE copies.

Fixture files are copies of the real mirror with one deliberate fault each; they
are test inputs, never data shown anywhere.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import load_one, require_mirror, writable_mirror

from contract.areas import SCOTLAND
import data_sources
from indicators import inputs
from data_sources import geography, lgbf, nrs_population, snapshot
from data_sources.base import SourceFile, SourceSpec, load_source, resolve_file, sha256_of
from data_sources.errors import OfflineError, SourceError
from data_sources.symbols import parse_cell
from settings import Settings
from contract.status import Status



@pytest.fixture(scope="module")
def settings() -> Settings:
    return require_mirror()


def _fixture_mirror(settings: Settings, tmp_path: Path) -> Settings:
    """A writable copy of the published files (FIXTURE), no shipped snapshot, an empty cache, network off."""
    return writable_mirror(settings, tmp_path)


def _edit_line(path: Path, line_number: int, edit) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines[line_number - 1] = edit(lines[line_number - 1])
    path.write_text("".join(lines))


def _set_field(line: str, position: int, value: str) -> str:
    fields = line.rstrip("\n").split(",")
    fields[position] = value
    return ",".join(fields) + "\n"


# --- real files ---------------------------------------------------------------------------------

def test_geography_has_32_councils_and_the_2018_2019_code_changes(loaded):
    tables = loaded["geography"].tables
    assert len(tables["councils"]) == 32
    changes = dict(zip(tables["code_changes"]["previous_code"], tables["code_changes"]["council_code"]))
    assert changes == {
        "S12000015": "S12000047", "S12000024": "S12000048", "S12000046": "S12000049", "S12000044": "S12000050",
    }, "geography PROVENANCE: Fife, Perth and Kinross (2018), Glasgow, North Lanarkshire (2019)"
    assert len(tables["boundary_features"]) == 32


def test_nrs_population_totals_equal_nrs_published(loaded):
    population = loaded["nrs_population"].tables["population"]
    persons = population[population["sex"] == "P"]
    scotland = persons[persons["area_code"] == SCOTLAND].groupby("year")["population"].sum()
    assert scotland[2011] == 5_299_900 and scotland[2018] == 5_438_100, "NRS published Scotland totals 2011, 2018"
    assert scotland[2020] == 5_466_000, "NRS mid-2020: Scotland 5,466,000"
    assert scotland[2022] == 5_447_700, "NRS mid-2022: Scotland 5,447,700"
    young = inputs.population_aged({"nrs_population": {"population": population}}, 0, 17)
    young = young[young["area_code"] == SCOTLAND].set_index("year")["population"]
    assert (young[2018], young[2020], young[2022]) == (1_028_798, 1_026_922, 1_006_212), "NRS aged 0-17 (PROVENANCE)"
    assert not {2019, 2021, 2023} & set(population["year"]), "no year is invented where NRS has no file"


def test_lgbf_scotland_counts_match_sg_national_totals(loaded):
    scotland = loaded["lgbf"].tables["scotland_values"].set_index(["indicator_code", "period"])
    residential = scotland.loc[("CHN08a", "2020-21"), "denominator"]
    community = scotland.loc[("CHN08b", "2020-21"), "denominator"]
    assert (community, residential) == (11_969, 1_286), "SG CSWS 31 July 2021: 11,969 community + 1,286 residential"


def test_lgbf_missing_rows_are_absent_not_zero(loaded):
    values = loaded["lgbf"].tables["council_values"]
    shetland_chn20b = values[(values["indicator_code"] == "CHN20b") & (values["council_code"] == "S12000027")]
    assert set(shetland_chn20b["period"]) == {"2018-19"}, "LGBF PROVENANCE: CHN20b for Shetland only in 2018-19"
    assert (values.loc[values["value_status"] == Status.NOT_AVAILABLE.value, "value"].isna()).all()


def test_lgbf_jan2022_vintage_carries_the_promise_baseline(loaded):
    vintage = loaded["lgbf"].tables["lac_jan2022"]
    row = vintage[(vintage["council_code"] == SCOTLAND) & (vintage["period"] == "2019-20")].iloc[0]
    assert (row["lac_community"], row["lac_residential"]) == (13_022, 1_436), "SG 31 July 2020: 13,022 + 1,436 = 14,458"
    dna = vintage[vintage["period"] == "2020-21"]
    assert (dna["community_status"] == Status.NOT_AVAILABLE.value).all(), "'dna' in the 2022 vintage means not available"


def test_sg_national_keeps_both_vintages_of_a_revised_figure(loaded):
    headline = loaded["sg_csws_national"].tables["headline"]
    register_2022 = headline[(headline["measure"] == "children on the child protection register at 31 July") & (headline["period"] == "2022")]
    assert sorted(register_2022["value"]) == [2019, 2031], "CP register 2022: 2,031 first published, revised to 2,019"
    assert headline["source_url"].str.startswith("https://").all()
    placements = loaded["sg_csws_national"].tables["lac_by_placement"]
    total_2020 = placements[(placements["placement_group"] == "total") & (placements["year"] == 2020)]["count"].iloc[0]
    assert total_2020 == 14_458, "CSWS 2020-21 Table 1.1: 14,458 at 31 July 2020"


def test_provenance_records_every_file_with_its_checksum(loaded, settings):
    for source in loaded.values():
        assert [p.file_name for p in source.provenance] == [f.name for f in source.spec.files]
        for record in source.provenance:
            path = Path(record.obtained_from)
            assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
            assert record.bytes == path.stat().st_size
            assert record.obtained_via == ("mirror" if settings.raw_mirror else "snapshot")
            assert record.licence and record.url


def test_every_file_the_build_reads_ships_with_its_provenance_and_checksum(tmp_path):
    """The shipped snapshot alone (no mirror) resolves every declared file, and the manifest is exact."""
    shipped_only = Settings(raw_mirror=None, var_dir=tmp_path, store_url="sqlite://", allow_network=False)
    root = shipped_only.published_dir
    for module in data_sources.SOURCES:
        spec = module.SPEC
        folder = spec.mirror_folder or spec.id
        assert (root / folder / ("README.md" if spec.id == "framework" else "PROVENANCE.md")).is_file(), f"{folder}: its provenance ships"
        for source_file in spec.files:
            path, record = resolve_file(spec, source_file, shipped_only)
            assert record.obtained_via == "snapshot" and record.sha256 == sha256_of(path)
    listed = snapshot.read_manifest(root)
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != snapshot.MANIFEST}
    assert set(listed) == on_disk, "SHA256SUMS lists exactly the shipped files"
    for name, digest in listed.items():
        assert sha256_of(root / name) == digest, f"{name}: sha256 differs from SHA256SUMS"
    assert sum((root / name).stat().st_size for name in listed) < 8_000_000, "the snapshot stays small"
    assert max((root / name).stat().st_size for name in listed) < 4_000_000, "no shipped file over 4 MB"


def test_shipped_snapshot_is_the_mirror_as_published(settings, tmp_path):
    """Each shipped file (unpacked) is byte-identical to the mirror's; needs the mirror."""
    if settings.raw_mirror is None:
        pytest.skip("no mirror to compare the shipped snapshot with (PROMISE_RAW_MIRROR or ../shared/data/raw)")
    shipped_only = replace(settings, raw_mirror=None, var_dir=tmp_path)
    for module in data_sources.SOURCES:
        for source_file in module.SPEC.files:
            shipped, _ = resolve_file(module.SPEC, source_file, shipped_only)
            mirrored, _ = resolve_file(module.SPEC, source_file, settings)
            assert shipped.read_bytes() == mirrored.read_bytes(), f"shipped {module.SPEC.id}/{source_file.name} differs from the mirror"


def test_a_changed_shipped_file_stops_the_build(tmp_path):
    """A FIXTURE copy of the snapshot with one value changed and the manifest left alone."""
    root = tmp_path / "published"
    shutil.copytree(Settings(raw_mirror=None, var_dir=tmp_path, store_url="sqlite://", allow_network=False).published_dir, root)
    codes = root / "geography" / geography.CODES_FILE
    codes.write_text(codes.read_text().replace("Aberdeen City", "Aberdeen Citi", 1))
    tampered = Settings(raw_mirror=None, var_dir=tmp_path / "var", store_url="sqlite://", allow_network=False, published_dir=root)
    with pytest.raises(SourceError) as failure:
        data_sources.load_all(tampered)
    assert str(codes) in str(failure.value) and "SHA256SUMS" in str(failure.value)


# --- symbols --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,status", [
    ("[c]", Status.CONFIDENTIAL), ("c", Status.CONFIDENTIAL), ("*", Status.CONFIDENTIAL),
    ("..", Status.NOT_AVAILABLE), ("[x]", Status.NOT_AVAILABLE), (":", Status.NOT_AVAILABLE), ("", Status.NOT_AVAILABLE),
    ("dna", Status.NOT_AVAILABLE), ("z", Status.NOT_APPLICABLE), ("[z]", Status.NOT_APPLICABLE), ("n/a", Status.NOT_APPLICABLE),
    ("[low]", Status.LOW), ("[u]", Status.UNRELIABLE),
])
def test_published_symbols_become_statuses_not_numbers(raw, status):
    assert parse_cell(raw, file="f.csv", row=2, column="v") == (None, status)


@pytest.mark.parametrize("written", ["14,458", "0,8876", "1,234.5"])
def test_locale_formatted_numbers_are_an_error_never_parsed(written):
    """'0,8876' was once read as 8876 (887,600 %): separators are refused, naming the cell."""
    with pytest.raises(SourceError, match="locale-formatted number") as failure:
        parse_cell(written, file="f.csv", row=2, column="v")
    assert (failure.value.file, failure.value.row, failure.value.column) == ("f.csv", 2, "v")
    assert parse_cell("14458", file="f.csv", row=2, column="v") == (14458.0, Status.PUBLISHED)


# --- bad input (FIXTURE copies of the mirror, one fault each) ------------------------------------

def test_missing_file_names_every_place_tried(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    (bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE).unlink()
    with pytest.raises(OfflineError) as failure:
        load_one(bad, lgbf, loaded)
    message = str(failure.value)
    assert f"lgbf/{lgbf.MAIN_FILE}" in message
    assert str(bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE) in message, "the mirror path tried"
    assert str(bad.published_dir / "lgbf" / lgbf.MAIN_FILE) in message, "the shipped snapshot tried"
    assert str(bad.raw_cache / "lgbf" / lgbf.MAIN_FILE) in message, "the cache path tried"
    assert "promise-dashboard update" in message, "the publisher's file is made into this extract by update"


def test_offline_download_is_refused_with_the_setting_to_change(tmp_path):
    """A FIXTURE spec with a download URL: with the network off nothing is fetched."""
    spec = SourceSpec(
        id="fixture_source", title="fixture", producer="tests", url_main="https://example.invalid/",
        licence="n/a", date_published="n/a",
        files=(SourceFile("table.csv", "csv", url_download="https://example.invalid/table.csv"),),
    )
    offline = Settings(raw_mirror=tmp_path / "mirror", var_dir=tmp_path / "var", store_url="sqlite://", allow_network=False)
    with pytest.raises(OfflineError) as failure:
        resolve_file(spec, spec.files[0], offline)
    assert "network use is off" in str(failure.value) and "PROMISE_ALLOW_NETWORK=1" in str(failure.value)
    assert not (tmp_path / "var").exists(), "nothing written when nothing was fetched"


def test_offline_with_no_download_url_says_so(settings, tmp_path):
    bad = replace(_fixture_mirror(settings, tmp_path), allow_network=True)
    (bad.raw_mirror / "geography" / geography.CODES_FILE).unlink()
    with pytest.raises(OfflineError, match="no download URL"):
        data_sources.load_all(bad)


def test_cache_is_used_when_the_mirror_lacks_a_file(settings, tmp_path):
    bad = _fixture_mirror(settings, tmp_path)
    cached = bad.raw_cache / "geography" / geography.CODES_FILE
    cached.parent.mkdir(parents=True)
    shutil.move(bad.raw_mirror / "geography" / geography.CODES_FILE, cached)
    source = load_source(geography.SPEC, geography.parse, bad)
    assert [p.obtained_via for p in source.provenance] == ["cache", "mirror"]


def test_renamed_column_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    _edit_line(bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE, 1, lambda line: line.replace("denominator_la", "denom_la"))
    with pytest.raises(SourceError) as failure:
        load_one(bad, lgbf, loaded)
    assert failure.value.column == "denominator_la" and failure.value.file == lgbf.MAIN_FILE


def test_unknown_symbol_names_file_row_and_column(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    _edit_line(bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE, 120, lambda line: _set_field(line, 6, "##"))
    with pytest.raises(SourceError) as failure:
        load_one(bad, lgbf, loaded)
    error = failure.value
    assert (error.file, error.row, error.column) == (lgbf.MAIN_FILE, 120, "denominator_la")
    assert "'##'" in str(error) and "row 120" in str(error)


def test_unknown_council_code_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    _edit_line(bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE, 50, lambda line: _set_field(line, 0, "S12000099"))
    with pytest.raises(SourceError) as failure:
        load_one(bad, lgbf, loaded)
    assert "S12000099" in str(failure.value) and failure.value.row == 50 and failure.value.column == "council_code"


def test_retired_code_is_recoded_not_rejected(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "nrs_population" / "nrs_mye_council_sya_2020.csv"
    path.write_text(path.read_text().replace("S12000047,", "S12000015,"))  # Fife's code before 2018
    population = load_one(bad, nrs_population, loaded).tables["population"]
    assert "S12000015" not in set(population["area_code"]) and "S12000047" in set(population["area_code"])


def test_duplicated_row_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:10] + [lines[5]] + lines[10:]))
    with pytest.raises(SourceError, match="duplicated row") as failure:
        load_one(bad, lgbf, loaded)
    assert failure.value.row == 11


def test_negative_count_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    _edit_line(bad.raw_mirror / "lgbf" / lgbf.JAN2022_FILE, 7, lambda line: _set_field(line, 3, "-5"))
    with pytest.raises(SourceError, match="negative count") as failure:
        load_one(bad, lgbf, loaded)
    assert (failure.value.row, failure.value.column) == (7, "lac_community")


def test_period_in_the_wrong_format_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    _edit_line(bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE, 30, lambda line: _set_field(line, 3, "FY2020"))
    with pytest.raises(SourceError) as failure:
        load_one(bad, lgbf, loaded)
    assert (failure.value.row, failure.value.column) == (30, "period") and "FY2020" in str(failure.value)


def test_population_that_does_not_add_up_is_refused(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "nrs_population" / "nrs_mye_council_sya_2022.csv"
    _edit_line(path, 5, lambda line: _set_field(line, 5, str(int(line.rstrip().split(",")[5]) + 1)))
    with pytest.raises(SourceError, match="councils sum to") as failure:
        load_one(bad, nrs_population, loaded)
    named = path.read_text().splitlines()[failure.value.row - 1] if failure.value.row else ""
    assert named.startswith(SCOTLAND) and failure.value.column == "population", f"names Scotland's row: {named!r}"


# --- malformed files (FIXTURES: edited copies of the mirror's files) ----------------------------


def test_truncated_file_names_the_last_row_and_the_missing_column(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    text = path.read_text()
    lines = text.splitlines()
    cut = text.index(lines[200]) + len(lines[200].split(",")[0]) + 1  # stops after "S12…," on row 201: two fields
    path.write_text(text[:cut])
    with pytest.raises(SourceError, match="truncated") as failure:
        load_one(bad, lgbf, loaded)
    assert (failure.value.file, failure.value.row, failure.value.column) == (lgbf.MAIN_FILE, 201, "indicator_code")


def test_corrupt_file_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "nrs_population" / "nrs_mye_council_sya_2020.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xe1\xff\xfe" * 40)  # binary, like a zip (xlsx)
    with pytest.raises(SourceError, match="not a readable CSV|not in header") as failure:
        load_one(bad, nrs_population, loaded)
    assert failure.value.file == "nrs_mye_council_sya_2020.csv"


def test_row_with_extra_fields_names_its_line(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    _edit_line(bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE, 77, lambda line: line.rstrip("\n") + ",1,2\n")
    with pytest.raises(SourceError, match="more than the header") as failure:
        load_one(bad, lgbf, loaded)
    assert (failure.value.file, failure.value.row) == (lgbf.MAIN_FILE, 77)


def test_extra_header_row_is_recognised(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.JAN2022_FILE
    path.write_text("Looked after children by placement type (title row added above the header)\n" + path.read_text())
    with pytest.raises(SourceError, match="extra row above the header") as failure:
        load_one(bad, lgbf, loaded)
    assert (failure.value.file, failure.value.row) == (lgbf.JAN2022_FILE, 1)


def test_missing_column_is_named(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "nrs_population" / "nrs_mye_council_sya_2022.csv"
    lines = path.read_text().splitlines()
    position = lines[0].split(",").index("sex")
    path.write_text("".join(",".join(f for i, f in enumerate(line.split(",")) if i != position) + "\n" for line in lines))
    with pytest.raises(SourceError) as failure:
        load_one(bad, nrs_population, loaded)
    assert (failure.value.file, failure.value.row, failure.value.column) == ("nrs_mye_council_sya_2022.csv", 1, "sex")


def test_retired_and_current_code_for_the_same_period_is_a_duplicate(settings, tmp_path, loaded):
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.JAN2022_FILE
    lines = path.read_text().splitlines(keepends=True)
    fife = next(line for line in lines if line.startswith("S12000047,"))
    path.write_text("".join(lines + [fife.replace("S12000047,", "S12000015,")]))  # Fife again, under its pre-2018 code
    with pytest.raises(SourceError, match="duplicated row") as failure:
        load_one(bad, lgbf, loaded)
    assert failure.value.file == lgbf.JAN2022_FILE and failure.value.row == len(lines) + 1
