"""Labels that tell the truth: how far each council series goes and why, what
'provisional' means, in words, when the figure shown was released, and where two
vintages meet, on the pages built from the real data."""
from __future__ import annotations

import json

from serving import PAGE_CALLBACK


def _page(client, path: str) -> str:
    path, _, query = path.partition("?")
    body = {**PAGE_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": f"?{query}" if query else ""}]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, path
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_council_series_says_where_it_stops_and_why(client):
    page = _page(client, "/indicator/looked_after_count")
    assert "Council figures: 2011 to 2022, from the Local Government Benchmarking Framework" in page, (
        "LGBF council counts run from 31 July 2011 to 31 July 2022 (data/published/lgbf/PROVENANCE.md)")
    assert "Councils' 2023, 2024 figures are shown as [x]" in page
    assert "additional tables" in page and "not among the open files used here" in page


def test_council_x_after_the_lgbf_says_why_beside_the_chart(client):
    page = _page(client, "/council/S12000023")  # Orkney
    assert "[x] for councils in 2023, 2024: the Scottish Government publishes council figures for these years only in its additional tables" in page
    assert "open data stops at 2022" in page, "the LGBF's council counts end at 31 July 2022"
    ranking = _page(client, "/indicator/looked_after_count?period=2024")
    assert "[x] for every council in 2024: the Scottish Government publishes council figures for this year only in its additional tables" in ranking
    costs = _page(client, "/indicator/community_cost_per_week")
    assert "[x] for councils" not in costs, "an LGBF-only series ends for councils and Scotland together: no such [x]"


def test_last_updated_is_the_publishers_release_not_the_build(client, store_reader):
    build_day = store_reader.build()["finished_at"][:10]
    page = _page(client, "/indicator/cp_register_count")
    assert "2024 figure: Children's Social Work Statistics: Child Protection 2023-24, released by the Scottish Government on 25 March 2025" in page, (
        "CP register 2024 (2,129): Children's Social Work Statistics: Child Protection 2023-24, published 25 March 2025 "
        "(data/published/framework/promise_progress_framework.json)")
    assert f"{build_day} (this dashboard)" not in page
    rate = _page(client, "/indicator/looked_after_rate")
    assert "National Records of Scotland mid-2022 population estimates, released on 26 March 2024" in rate, (
        "NRS mid-2022 estimates published 26 March 2024 (data/published/nrs_population/PROVENANCE.md)")
    starts = _page(client, "/indicator/looked_after_starts")
    assert "Children's Social Work Statistics 2023-24; its release date is not recorded in the files used here" in starts, (
        "no date is invented where no shipped file records one")
    assert "No next release date is announced in the publishers' files used here" in starts
    assert "Usual timing, as the Promise Progress Framework gives it: Annual" in starts


def test_the_download_carries_the_release_of_the_figure(client):
    text = client.get("/download/indicator/secure_care_admissions/trend.csv").get_data(as_text=True)
    assert "# Last updated: 2024-25 figure: Secure Care Statistics 2024-25, released by the Scottish Government on 24 February 2026" in text, (
        "Secure Care Statistics 2024-25, published 24 Feb 2026 (data/published/framework/promise_progress_framework.json)")


def test_the_2019_20_costs_say_they_are_not_the_vintage_of_the_2020_counts(client):
    for indicator in ("community_cost_per_week", "residential_cost_per_week", "cp_reregistration_pct"):
        page = _page(client, f"/indicator/{indicator}")
        assert "Not the same vintage as the 31 July 2020 counts" in page, indicator
        assert "January 2022 vintage" in page and "March 2024" in page, indicator


def test_scotland_only_page_says_where_council_figures_are(client):
    page = _page(client, "/indicator/looked_after_starts")
    assert "Scotland only: the Scottish Government publishes council figures in its additional tables" in page


def test_provisional_is_said_in_plain_words(client):
    page = _page(client, "/indicator/leavers_positive_destination_pct")
    assert "Not yet checked against the publication: 2023-24." in page, "EOLAC 2023-24 (72.4%) is verified = no"
    assert "re-read" not in page


def test_provisional_on_the_home_page_is_said_in_plain_words(client):
    page = _page(client, "/")
    assert "Provisional figure" not in page
    assert "Not yet checked on the Scottish Government's own page; it may change" in page, (
        "EOLAC positive follow-up 2023-24 (72.4%) is verified = no (data/published/sg_csws_national/PROVENANCE.md)")
