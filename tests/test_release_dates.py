"""Release dates are never invented: each one is found in the shipped file it cites."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from data_sources import release_dates

ROOT = Path(__file__).resolve().parents[1]
RECORDED = [*release_dates.SG_RELEASES.values(), *release_dates.NRS_RELEASES.values()]


@pytest.mark.parametrize("released", RECORDED, ids=[r.date for r in RECORDED])
def test_each_release_date_is_in_the_file_it_cites(released):
    path = ROOT / released.recorded_in.split(" (")[0]
    day, month, year = released.date.split()
    pattern = rf"\b{day} {month[:3]}({month[3:]})?\.? {year}\b"
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))  # a date may be wrapped over two lines
    assert re.search(pattern, text), f"{released.date} is not recorded in {path.relative_to(ROOT)}"


@pytest.mark.parametrize("words,date", [("extract of March 2024", "14 Mar 2024"), ("vintage of January 2022", "12 Jan 2022")])
def test_the_lgbf_copy_dates_are_those_its_provenance_records(words, date):
    provenance = (ROOT / "data/published/lgbf/PROVENANCE.md").read_text(encoding="utf-8")
    assert f"({date}" in provenance, f"LGBF {words}: copied on {date} (data/published/lgbf/PROVENANCE.md)"
    day, month, year = date.split()
    assert f"{int(day)} {month}" in release_dates.LGBF_COPIES[words].replace("March", "Mar").replace("January", "Jan")


def test_without_a_recorded_date_the_words_say_so():
    words = release_dates.describe("sg_csws_national", "CSWS 2022-23 (first published)", "2023")
    assert words == "Scottish Government, Children's Social Work Statistics 2022-23; its release date is not recorded in the files used here"
    revised = release_dates.describe("sg_csws_national", "CP 2023-24 (revised)", "2022-23")
    assert revised == ("Children's Social Work Statistics: Child Protection 2023-24 (the figure as revised there), "
                       "released by the Scottish Government on 25 March 2025")
    assert "released on" not in release_dates.describe("lgbf", "LGBF data, Improvement Service extract of March 2024; "
                                                       "NRS mid-year population estimates", "2020")
