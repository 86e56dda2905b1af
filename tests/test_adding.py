"""Adding an indicator or a data source: one module each and one registry line, nothing else.

Why: the README's "How to add" guide promises that pages, downloads, the API and
disclosure control need no change for a new indicator or source. This test adds a
toy source and a toy indicator (FIXTURES, tests/fixtures/adding/, invented numbers
never published) exactly as the guide says, builds a store with them, and reads them
back through what we serve, including the attack that disclosure control must stop.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from conftest import require_mirror, writable_mirror

pytestmark = pytest.mark.slow  # a whole build with the toy source and indicator (about 15 s)

FIXTURES = Path(__file__).parent / "fixtures" / "adding"
DUNDEE, GLASGOW, SHETLAND, SCOTLAND = "S12000042", "S12000049", "S12000027", "S92000003"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"fixture_{name}", FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def toy_app(tmp_path_factory):
    """A store built from the real sources plus the toy source, and the real indicators plus the toy one,
    each registered by appending it to its registry's tuple (the one line the guide asks for)."""
    import data_sources
    from app import create_app
    from indicators.registry import INDICATORS
    from layouts import context
    from pipeline import build

    toy_source, toy_indicator = _module("toy_source"), _module("toy_indicator")
    settings = writable_mirror(require_mirror(), tmp_path_factory.mktemp("adding"))
    shutil.copytree(FIXTURES / "toy_source", settings.raw_mirror / "toy_source")
    build(settings, progress=lambda line: None,
          indicators=INDICATORS + (toy_indicator.INDICATOR,), sources=data_sources.SOURCES + (toy_source,))
    saved = context._reader
    try:
        app = create_app(settings)
        yield app, app.server.test_client(), settings
    finally:
        context.set_reader(saved)


def test_the_toy_store_is_built_in_the_tests_folder_not_the_checkouts(toy_app, tmp_path_factory):
    """A test build must never overwrite the store a developer's ./run.sh serves (it once did)."""
    _, _, settings = toy_app
    store_file = Path(settings.store_url.removeprefix("sqlite:///"))
    assert store_file.is_file()
    assert store_file.is_relative_to(tmp_path_factory.getbasetemp()), settings.store_url
    assert not store_file.is_relative_to(Path(__file__).resolve().parents[1]), settings.store_url


def test_the_api_serves_a_new_indicator_with_its_metadata_and_source(toy_app):
    _, client, _ = toy_app
    listed = client.get("/api/v1/indicators").get_json()
    ids = [row["indicator_id"] if "indicator_id" in row else row["id"] for row in listed["indicators"]]
    assert "toy_children_count" in ids
    detail = client.get("/api/v1/indicators/toy_children_count")
    assert detail.status_code == 200
    text = detail.get_data(as_text=True)
    assert "Toy children count (test fixture)" in text and "Toy Statistics Office (test fixture)" in text
    build = client.get("/api/v1/builds/latest").get_data(as_text=True)
    assert "toy_counts.csv" in build, "the new source's file is listed with its sha256 in the build's provenance"


def test_disclosure_control_covers_a_new_indicator_without_change(toy_app):
    """The attack: Shetland's 3 (2022) and 6 (2023) are small; neither may be read directly nor as
    Scotland minus the published councils."""
    _, client, _ = toy_app
    rows = client.get("/api/v1/data?indicator=toy_children_count&limit=100").get_json()["data"]
    by_cell = {(row["area_code"], row["period"]): row for row in rows}
    assert by_cell[(SHETLAND, "2022")]["value"] is None and by_cell[(SHETLAND, "2022")]["status"] == "[c]"
    for period in ("2022", "2023"):
        published = {code: by_cell[(code, period)]["value"] for code in (SCOTLAND, DUNDEE, GLASGOW, SHETLAND)}
        if published[SCOTLAND] is not None and published[SHETLAND] is None:
            councils = [published[code] for code in (DUNDEE, GLASGOW)]
            assert None in councils, f"{period}: Scotland minus the published councils would give Shetland's count"
    assert 3 not in [row["value"] for row in rows]


def test_pages_and_downloads_show_a_new_indicator_without_change(toy_app):
    app, client, _ = toy_app
    from layouts import context
    from layouts.indicator import indicator_layout
    from layouts.views import indicator_view

    reader = context.reader()
    view = indicator_view(reader, "toy_children_count", {"areas": DUNDEE})
    text = str(indicator_layout(view, reader.geojson()).to_plotly_json())
    assert "Toy children count (test fixture)" in text and "Dundee City" in text
    assert client.get("/indicator/toy_children_count").status_code == 200
    csv = client.get("/api/v1/data?indicator=toy_children_count&format=csv").get_data(as_text=True)
    assert f"toy_children_count,{DUNDEE}" in csv.replace('"', "")


def test_what_adding_takes_is_one_module_and_one_line_each():
    """The count the guide quotes: an indicator is one new module plus one registry line (and its README
    row, kept in step by tests/test_readme.py); a source is one new module, its files, plus one line in
    data_sources.SOURCES. Nothing in the web tier lists indicators: the one id it names is where England's
    context card attaches itself to the looked-after rate (a feature of that page, README "UK context")."""
    import ast

    from indicators.registry import INDICATORS

    root = Path(__file__).resolve().parents[1]
    web = [root / "app.py", *sorted((root / "layouts").rglob("*.py")), *sorted((root / "api").rglob("*.py"))]
    ids = {indicator.meta.id for indicator in INDICATORS}
    attached = {"layouts/england.py": {"looked_after_rate"}}
    named = []
    for path in web:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids
                    and node.value not in attached.get(str(path.relative_to(root)), ())):
                named.append(f"{path.relative_to(root)}:{node.lineno} {node.value}")
    assert named == [], f"web code names indicators, so adding one would mean editing it: {named}"

