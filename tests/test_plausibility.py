"""Bad files that once became wrong figures: each now stops the build naming file, row and
column. FIXTURE copies of the real mirror with one fault planted each (issue 12, point 9)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import data_sources
from data_sources import lgbf, plausibility
from data_sources.errors import SourceError
from test_data_sources import _edit_line, _fixture_mirror, _set_field, settings  # noqa: F401 - the fixture is used

VALUE_LA, NUMERATOR_LA, DENOMINATOR_LA, PERIOD = 4, 5, 6, 3


def _line_of(path: Path, *fields: str) -> int:
    """File line (1-based) of the first row holding every one of ``fields`` as a whole field."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if all(field in line.split(",") for field in fields):
            return number
    raise AssertionError(f"no row with {fields} in {path.name}")


def _failure(bad) -> SourceError:
    with pytest.raises(SourceError) as failure:
        data_sources.load_all(bad)
    return failure.value


def test_the_real_mirror_is_plausible(loaded):
    """The session's sources, loaded with every plausibility check on (a failing check would have stopped the load)."""
    assert len(loaded["lgbf"].tables["council_values"]) == 9890, "every row of the LGBF extract (PROVENANCE.md) passes"


def test_a_share_stored_as_a_percentage_is_refused(settings, tmp_path):  # noqa: F811
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    line = _line_of(path, "S12000027", "CHN09", "2019-20")
    _edit_line(path, line, lambda text: _set_field(text, VALUE_LA, "84.38"))
    error = _failure(bad)
    assert (error.file, error.row, error.column) == (lgbf.MAIN_FILE, line, "value_la"), str(error)
    assert "84.38 is not plausible as a share stored as a fraction" in str(error)


@pytest.mark.parametrize("written", ['"0,8876"', '"1,234"'])
def test_a_locale_formatted_number_is_an_error_never_parsed(settings, tmp_path, written):  # noqa: F811
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    line = _line_of(path, "S12000049", "CHN09", "2016-17")
    _edit_line(path, line, lambda text: _set_field(text, VALUE_LA, written))
    error = _failure(bad)
    assert (error.file, error.row, error.column) == (lgbf.MAIN_FILE, line, "value_la"), str(error)
    assert "locale-formatted number" in str(error)


def test_community_and_residential_swapped_in_one_vintage_is_refused(settings, tmp_path):  # noqa: F811
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.JAN2022_FILE
    lines = path.read_text().splitlines()
    swapped = [",".join(f[:3] + [f[4], f[3]] + f[5:]) for f in (line.split(",") for line in lines)]
    path.write_text("\n".join([lines[0], *swapped[1:]]) + "\n")
    error = _failure(bad)
    assert (error.file, error.column) == (lgbf.JAN2022_FILE, "lac_community") and error.row >= 2, str(error)
    assert "does not match the parts" in str(error)


def test_one_councils_count_multiplied_by_ten_is_refused_on_its_row(settings, tmp_path):  # noqa: F811
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    line = _line_of(path, "S12000049", "CHN08b", "2017-18")
    original = float(path.read_text().splitlines()[line - 1].split(",")[DENOMINATOR_LA])
    _edit_line(path, line, lambda text: _set_field(text, DENOMINATOR_LA, f"{original * 10:g}"))
    error = _failure(bad)
    assert (error.file, error.row, error.column) == (lgbf.MAIN_FILE, line, "denominator_la"), str(error)
    assert "jumps from" in str(error) and plausibility.ALLOW_LIST.name in str(error)


def test_a_period_after_the_build_date_is_refused(settings, tmp_path):  # noqa: F811
    bad = _fixture_mirror(settings, tmp_path)
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    line = _line_of(path, "S12000049", "CHN09", "2021-22")
    _edit_line(path, line, lambda text: _set_field(text, PERIOD, "2098-99"))
    error = _failure(bad)
    assert (error.file, error.row, error.column) == (lgbf.MAIN_FILE, line, "period"), str(error)
    assert "'2098-99' starts after the build year" in str(error)


def _series(*counts) -> pd.DataFrame:
    """FIXTURE: one council's count over consecutive years."""
    return pd.DataFrame({"area": "S12000049", "measure": "children", "period": [f"{2015 + i}-{16 + i}" for i in range(len(counts))],
                         "count": [float(c) for c in counts], "row": range(2, 2 + len(counts))})


def test_a_jump_in_the_reviewed_allow_list_is_accepted():
    frame = _series(100, 110, 400, 420)
    arguments = dict(source_id="fixture", file="f.csv", area="area", measure="measure", period="period", value="count",
                     row="row", column_of=lambda entry: "count")
    with pytest.raises(SourceError, match="jumps from 110 to 400 in 2017-18") as failure:
        plausibility.check_jumps(frame, allowed=set(), **arguments)
    assert failure.value.row == 4
    plausibility.check_jumps(frame, allowed={("f.csv", "S12000049", "children", "2017-18")}, **arguments)
    plausibility.check_jumps(_series(3, 12, 4), allowed=set(), **arguments)  # small counts move by chance: not a jump


def test_an_allow_list_entry_without_its_reason_is_refused(tmp_path):
    path = tmp_path / "allow.csv"
    path.write_text("source_id,file,area_code,measure,period,reason\nlgbf,f.csv,S12000049,children,2017-18,\n")
    with pytest.raises(SourceError, match="must give its reason") as failure:
        plausibility.allowed_jumps("lgbf", path)
    assert (failure.value.row, failure.value.column) == (2, "reason")
    path.write_text("source_id,file,area_code,measure,period,reason\nlgbf,f.csv,S12000049,children,2017-18,Council merged two services (fixture)\n")
    assert plausibility.allowed_jumps("lgbf", path) == {("f.csv", "S12000049", "children", "2017-18")}
