"""Publishers' names on the site come from the store, not from the web code (issue 16, item 6).

A copy of the built store with two sources' publishers changed (a fixture: the names
below are invented for this test, never served) must change the footer, an
indicator's download and England's download, with no change to the code."""
from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3

from layouts import context
from layouts.cache import CachedReader
from layouts.views import figure_publishers, publisher_name

FIXTURE_LGBF = "Fixture Benchmarking Office, a test's name"  # fixture, not a real publisher
FIXTURE_DFE = "Fixture England Statistics Office"  # fixture, not a real publisher


def _footer(client) -> str:
    layout = json.dumps(client.get("/_dash-layout").get_json())
    start = layout.index("Figures from ")
    return layout[start:layout.index("under the Open Government Licence", start)]


def _store_publishers(path) -> list[str]:
    """What the store holds: each cited source's producer, read with sqlite3 (not through the app)."""
    with sqlite3.connect(path) as db:
        cited = [s.strip() for (ids,) in db.execute("SELECT source_ids FROM indicator ORDER BY indicator_id") for s in ids.split(",")]
        producers = dict(db.execute("SELECT source_id, producer FROM source"))
    return list(dict.fromkeys(publisher_name(producers[s]) for s in cited if s in producers))


def test_footer_names_the_publishers_the_store_holds(client, built_settings):
    footer = _footer(client)
    names = _store_publishers(built_settings.var_dir / "store.sqlite")
    assert names == figure_publishers(context.reader()) and len(names) >= 3, names
    for name in names:
        assert name in footer, (name, footer)
    assert "Scottish Government" in names and "National Records of Scotland" in names  # as the real store holds them


def test_a_publisher_changed_in_the_store_changes_the_footer_and_downloads(client, built_settings, tmp_path):
    copy = tmp_path / "store.sqlite"
    shutil.copy(built_settings.var_dir / "store.sqlite", copy)
    with sqlite3.connect(copy) as db:
        db.execute("UPDATE source SET producer = ? WHERE source_id = 'lgbf'", (FIXTURE_LGBF,))
        db.execute("UPDATE source SET producer = ? WHERE source_id = 'dfe_england'", (FIXTURE_DFE,))
        db.execute("UPDATE build SET build_id = build_id || '-publishers-fixture'")  # a new build: no cached page or read
        lgbf_indicator = db.execute("SELECT indicator_id FROM indicator WHERE source_ids LIKE '%lgbf%' ORDER BY 1").fetchone()[0]
    before = _footer(client)
    assert "Improvement Service" in before and "Fixture" not in before

    from store.read import StoreReader
    from store.location import location_from_settings

    changed = dataclasses.replace(built_settings, store_url=f"sqlite:///{copy}")
    saved = context.reader()
    context.set_reader(CachedReader(StoreReader(location_from_settings(changed)), saved.cache))
    try:
        after = _footer(client)
        assert publisher_name(FIXTURE_LGBF) in after and "Improvement Service" not in after, after
        assert [n for n in _store_publishers(copy) if n not in after] == []
        indicator_csv = client.get(f"/download/indicator/{lgbf_indicator}/trend.csv").get_data(as_text=True)
        source_lines = [line for line in indicator_csv.splitlines() if line.startswith("# Source")]
        assert any(FIXTURE_LGBF in line for line in source_lines), source_lines
        assert not any("Improvement Service" in line for line in source_lines), source_lines
        england_csv = client.get("/download/context/england.csv").get_data(as_text=True)
        cover = [line for line in england_csv.splitlines() if line.startswith(("# Title", "# Source"))]
        assert all(FIXTURE_DFE in line for line in cover) and len(cover) == 2, cover
    finally:
        context.set_reader(saved)
