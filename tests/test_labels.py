"""Labels that tell the truth: how far each council series goes and why, and what
'provisional' means, in words, on the indicator pages built from the real data."""
from __future__ import annotations

import json

from serving import PAGE_CALLBACK


def _page(client, path: str) -> str:
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": ""}]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, path
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_council_series_says_where_it_stops_and_why(client):
    page = _page(client, "/indicator/looked_after_count")
    assert "Council figures: 2011 to 2022." in page, "LGBF council counts run from 31 July 2011 to 31 July 2022"
    assert "additional tables" in page and "not among the open files used here" in page


def test_scotland_only_page_says_where_council_figures_are(client):
    page = _page(client, "/indicator/looked_after_starts")
    assert "Scotland only: the Scottish Government publishes council figures in its additional tables" in page


def test_provisional_is_said_in_plain_words(client):
    page = _page(client, "/indicator/leavers_positive_destination_pct")
    assert "Not yet checked against the publication: 2023-24." in page, "EOLAC 2023-24 (72.4%) is verified = no"
    assert "re-read" not in page
