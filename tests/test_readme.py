"""The README's indicator table says what the registry builds.

Why: the table is how a reader learns what the dashboard covers; a row added to the registry
but not to the README (or an interval method changed in code only) would mislead silently.
The test reads the table as a reader would and compares every column with the metadata.
"""
from __future__ import annotations

import re
from pathlib import Path

from indicators.registry import INDICATORS

README = Path(__file__).resolve().parents[1] / "README.md"
INTERVAL_WORDS = {"byar": "Byar CI", "wilson": "Wilson CI", "none": "no CI"}
AREA_WORDS = {"country": "Scotland", "council": "32 councils"}


def readme_indicator_rows() -> dict[str, dict[str, str]]:
    """The rows of the table under '### Indicators', keyed by indicator id."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Indicators", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[1].startswith("`"):
            continue
        vision, identifier, what, kind, areas, interval = cells
        rows[identifier.strip("`")] = {"vision": vision, "what": what, "kind": kind, "areas": areas, "interval": interval}
    return rows


def plain(value) -> str:
    """An enum's value or a string, so the comparison does not depend on how the metadata types it."""
    return str(getattr(value, "value", value))


def test_readme_lists_exactly_the_registered_indicators():
    rows = readme_indicator_rows()
    registered = {indicator.meta.id for indicator in INDICATORS}
    assert set(rows) == registered, (
        f"README table and registry differ: only in README {sorted(set(rows) - registered)}, "
        f"only in the registry {sorted(registered - set(rows))}"
    )
    count = re.search(r"(\d+) indicators with open data", README.read_text(encoding="utf-8"))
    assert count and int(count.group(1)) == len(registered), "the README's indicator count matches the registry"


def test_readme_rows_match_each_indicators_metadata():
    rows = readme_indicator_rows()
    for indicator in INDICATORS:
        meta, row = indicator.meta, rows[indicator.meta.id]
        vision_number = meta.vision_statement.split(".", 1)[0]
        vision_name = meta.vision_statement.split(":", 1)[0]
        assert row["vision"] == vision_name, f"{meta.id}: README vision {row['vision']!r}, metadata {vision_name!r} ({vision_number})"
        assert row["what"].startswith(meta.title), f"{meta.id}: README says {row['what']!r}, the title is {meta.title!r}"
        kind = "framework" if meta.framework_indicator else "context"
        assert row["kind"] == kind, f"{meta.id}: README says {row['kind']}, metadata says {kind}"
        areas = ", ".join(AREA_WORDS[plain(g)] for g in meta.geographies)
        assert row["areas"] == areas, f"{meta.id}: README areas {row['areas']!r}, metadata {areas!r}"
        interval = INTERVAL_WORDS[plain(meta.ci_method)]
        assert row["interval"] == interval, f"{meta.id}: README interval {row['interval']!r}, metadata {interval!r}"


def test_every_source_has_a_readme_row_and_its_provenance_shipped():
    """Adding a source is complete only with its row in the README's source table and the publisher's
    PROVENANCE.md beside its shipped files (README, "How to add an indicator or a data source")."""
    import data_sources

    text = README.read_text(encoding="utf-8")
    table = text.split("## The data", 1)[1].split("\n### ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", table, flags=re.MULTILINE))
    published = README.parent / "data" / "published"
    for module in data_sources.SOURCES:
        spec = module.SPEC
        if spec.id == "framework":  # the framework is the dashboard's structure, described in its own section
            assert (published / "framework" / "README.md").is_file()
            continue
        assert spec.id in listed, f"source {spec.id} has no row in the README's source table"
        assert (published / (spec.mirror_folder or spec.id) / "PROVENANCE.md").is_file(), f"no PROVENANCE.md for {spec.id}"
