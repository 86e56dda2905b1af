"""The framework file's ``notes`` are for maintainers and never reach a page.

Why: they hold research notes ("not found in the PDF", working guesses) that a
member of the public would read as the framework's own words. The store does not
keep them, and a crawl of every page and council download finds none of them.
"""
from __future__ import annotations

import json

import pytest

from data_sources import framework
from data_sources.base import resolve_file
from serving import PAGE_CALLBACK

PUBLIC_FIELDS = ["vision_statement", "outcome", "indicator", "measure", "source_publication", "publisher", "geography", "frequency"]


@pytest.fixture(scope="module")
def private_snippets(built_settings) -> list[str]:
    """A 30-character piece of each maintainer note that no public field also carries."""
    path, _ = resolve_file(framework.SPEC, framework.SPEC.files[0], built_settings)
    rows = json.loads(path.read_text())
    public = " ".join(str(row[field] or "") for row in rows for field in PUBLIC_FIELDS)
    snippets = []
    for row in rows:
        note = (row.get("notes") or "").strip()
        pieces = [note[i:i + 30] for i in range(0, max(len(note) - 30, 0) + 1, 15)]
        private = [p for p in pieces if len(p) == 30 and p not in public and not {'"', "\\"} & set(p)]
        if private:
            snippets.append(private[0])
    return snippets


def test_the_store_keeps_no_maintainer_notes(store_reader):
    assert "notes" not in store_reader.framework().columns


def test_no_maintainer_note_appears_on_any_page(client, store_reader, private_snippets):
    assert len(private_snippets) >= 10, "the framework file has maintainer notes to look for"
    indicators = store_reader.indicators()["indicator_id"].tolist()
    councils = store_reader.areas()
    council = councils[councils["area_code"].str.startswith("S12")]["area_code"].iloc[0]
    pages = ["/", "/councils", "/data-quality", f"/council/{council}"] + [f"/indicator/{i}" for i in indicators]
    texts = {"/_dash-layout": client.get("/_dash-layout").get_data(as_text=True)}
    for path in pages:
        body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                            {"id": "_pages_location", "property": "search", "value": ""}]}
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200, path
        texts[path] = json.dumps(response.get_json(), ensure_ascii=False)  # as the page reads, escapes undone
    texts["council csv"] = client.get(f"/download/council/{council}.csv").get_data(as_text=True)
    found = [(where, snippet) for where, text in texts.items() for snippet in private_snippets if snippet in text]
    assert found == [], f"maintainer notes shown: {found[:3]}"
    assert "Outcome details to follow" in texts["/"], "the framework's public wording for unpublished outcomes is shown"
