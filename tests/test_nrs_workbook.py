"""The NRS mid-2020 workbook becomes the shipped extract, byte for byte (what ``update`` relies on
to tell an unchanged NRS release from a revised one)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import require_mirror
from data_sources import nrs_workbook
from data_sources.errors import SourceError

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK_SHA256 = "c758db86a98beb06a7f10854bed7050114b919dfce597d37b05f6cf48f1586f9"  # data/published/README.md


def _workbook() -> Path:
    mirror = require_mirror().raw_mirror
    path = mirror / "nrs_population" / "original" / "mid-year-pop-est-20-data.xlsx" if mirror else None
    if path is None or not path.is_file():
        pytest.skip("NRS's workbook is not shipped (only the extract made from it); it is in the mirror's original/ folder")
    return path


def test_the_nrs_workbook_makes_the_shipped_extract():
    workbook = _workbook()
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == WORKBOOK_SHA256, "the workbook whose sha256 data/published/README.md records"
    made = nrs_workbook.extract(workbook)
    shipped = (ROOT / "data/published/nrs_population/nrs_mye_council_sya_2020.csv").read_bytes()
    assert made == shipped, "Table 2 of NRS's mid-2020 workbook, extracted, is the shipped extract byte for byte"
    assert b"\nS92000003,Scotland,2020,P,0,48635\n" in made, "Scotland aged 0 at mid-2020: 48,635 (NRS mid-2020 estimates, Table 2)"


def test_a_file_that_is_not_a_workbook_is_named(tmp_path):
    path = tmp_path / "mid-year-pop-est-20-data.xlsx"
    path.write_bytes(b"<html>Not found</html>")  # FIXTURE: what a web server sends instead of a workbook
    with pytest.raises(SourceError) as error:
        nrs_workbook.extract(path)
    assert "mid-year-pop-est-20-data.xlsx" in str(error.value) and "not a readable Excel workbook" in str(error.value)
