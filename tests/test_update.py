"""``promise-dashboard update`` against a local publisher server on 127.0.0.1.

The server serves FIXTURE files in the publishers' layouts, made from the real
published files with one deliberate change each (a new year, a revised cell, a
renamed column), and misbehaves on request (404, a time-out, a truncated
download). Fixture figures are test inputs, never shown anywhere.
"""
from __future__ import annotations

import http.server
import io
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pandas as pd
import pytest

import promise_cli
from conftest import load_one, require_mirror
from data_sources import dfe_england, lgbf, nrs_population, releases, update
from data_sources.base import resolve_file

DFE_NAME = Path(urlparse(dfe_england.SPEC.file(dfe_england.RELEASE_2025).url_download).path).name
LGBF_NAME = Path(urlparse(lgbf.SPATIAL_HUB_CASH_URL).path).name
NRS_NAME = Path(urlparse(nrs_population.MID_2020_WORKBOOK).path).name
NRS_FILE = nrs_population.FILES[1]


class Publisher(http.server.ThreadingHTTPServer):
    """routes: file name → ("ok", bytes) | ("404",) | ("slow", bytes) | ("truncated", bytes)."""

    daemon_threads = True
    routes: dict

    def handle_error(self, request, client_address):
        pass  # a client that gave up (the time-out case) closes the socket under the handler


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        route = self.server.routes.get(self.path.rsplit("/", 1)[-1], ("404",))
        if route[0] == "404":
            self.send_error(404, "Not Found")
            return
        body = route[1]
        if route[0] == "slow":
            time.sleep(1.5)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if route[0] == "truncated":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def publisher():
    server = Publisher(("127.0.0.1", 0), _Handler)
    server.routes = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def current(loaded, tmp_path_factory):
    """The sources as a build reads them now (the session's), and the published files the fixtures are made from."""
    settings = replace(require_mirror(), var_dir=tmp_path_factory.mktemp("current"))
    dfe_path, _ = resolve_file(dfe_england.SPEC, dfe_england.SPEC.file(dfe_england.RELEASE_2025), settings)
    lgbf_path, _ = resolve_file(lgbf.SPEC, lgbf.SPEC.file(lgbf.MAIN_FILE), settings)
    nrs_path, _ = resolve_file(nrs_population.SPEC, nrs_population.SPEC.file(NRS_FILE), settings)
    return settings, loaded, dfe_path.read_bytes(), lgbf_path, nrs_path


def _spatial_hub_layout(lgbf_extract: Path) -> pd.DataFrame:
    """FIXTURE: the shipped CHN extract back in the Spatial Hub's layout (unnamed index column,
    LGBF names, its column names), plus one non-CHN row the extract leaves out."""
    frame = pd.read_csv(lgbf_extract, dtype=str, keep_default_na=False)
    hub = frame.drop(columns="council_code").rename(columns={v: k for k, v in lgbf.SPATIAL_HUB_COLUMNS.items()})
    other = hub.iloc[[0]].assign(IndicatorCode="C&L01")
    hub = pd.concat([other, hub], ignore_index=True)
    return hub


def _nrs_workbook(nrs_extract: Path, *, add: dict | None = None, header: str = "Area code") -> bytes:
    """FIXTURE: the shipped mid-2020 extract written back in NRS's Table 2 layout (title, then Persons,
    Males and Females blocks, each with its header row, Scotland, the councils and an NHS board row the
    extract leaves out). ``add``: (area_code, sex, age) → a number added to that cell; ``header``: the
    first header cell of the Males block (to rename a column)."""
    frame = pd.read_csv(nrs_extract, dtype={"population": int})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table 2"
    sheet.append(["Table 2: Estimated population by sex, single year of age and administrative area, mid-2020"])
    sheet.append([])
    for word, sex in (("Persons", "P"), ("Males", "M"), ("Females", "F")):
        sheet.append([word, None, None, None, "Age "])
        sheet.append([header if sex == "M" else "Area code", "Area name", "All Ages", None, *range(90), "90+"])
        rows = frame[frame["sex"] == sex]
        for position, (code, area) in enumerate(rows.groupby("area_code", sort=False)):
            ages = [int(v) + (add or {}).get((code, sex, age), 0) for age, v in zip(area["age"], area["population"])]
            sheet.append([code, area["area_name"].iloc[0], sum(ages), None, *ages])
            if position == 0:
                sheet.append([None, "Council areas"])
        sheet.append(["S08000015", "Ayrshire and Arran", 1, None, *([0] * 91)])
        sheet.append([])
    sheet.append(["© Crown Copyright 2021"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(lineterminator="\n").encode()  # with the index, as the Spatial Hub file has


def _run(current, publisher, tmp_path, routes, timeout=10.0, fresh=False):
    """One update against the local publisher; ``fresh``: read the sources as they now are
    (after an earlier update), not the module's copy."""
    settings, loaded = current[0], current[1]
    loaded = None if fresh else loaded
    publisher.routes = routes
    base = f"http://127.0.0.1:{publisher.server_address[1]}"
    mine = replace(settings, var_dir=tmp_path, allow_network=True)
    reports = update.run(mine, timeout=timeout, loaded=loaded, url_for=lambda url: f"{base}/{Path(urlparse(url).path).name}")
    return mine, {r.source_id: r for r in reports}


def _nothing_kept(settings, source_id, file_name):
    assert releases.current(settings, source_id, file_name) is None, "a refused or failed download is never used"
    assert releases.vintages(settings, source_id, file_name) == []
    assert not [p for p in settings.releases_dir.rglob("*") if p.is_file()], "no partial file left behind"


def test_unchanged_files_are_reported_unchanged(current, publisher, tmp_path):
    _, _, dfe_bytes, lgbf_extract, nrs_extract = current
    settings, reports = _run(current, publisher, tmp_path, {DFE_NAME: ("ok", dfe_bytes), LGBF_NAME: ("ok", _csv(_spatial_hub_layout(lgbf_extract))),
                                                           NRS_NAME: ("ok", _nrs_workbook(nrs_extract))})
    assert reports["nrs_population"].outcome == update.UNCHANGED, (
        "the extract made from NRS's Table 2 layout is byte-identical to the shipped one", reports["nrs_population"].lines())
    _nothing_kept(settings, "nrs_population", NRS_FILE)
    assert reports["dfe_england"].outcome == update.UNCHANGED and "sha256" in reports["dfe_england"].detail
    assert reports["lgbf"].outcome == update.UNCHANGED and "sha256" in reports["lgbf"].detail, (
        "the extract made from the Spatial Hub layout is byte-identical to the shipped one", reports["lgbf"].lines())
    _nothing_kept(settings, "dfe_england", dfe_england.RELEASE_2025)


def test_a_new_year_and_a_revised_cell_are_named_kept_and_used(current, publisher, tmp_path):
    _, _, dfe_bytes, lgbf_extract, _ = current
    text = dfe_bytes.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    england_2024 = "2024,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,"
    revised = "".join(line.replace(",83530,", ",83600,") if line.startswith(england_2024) else line for line in lines)
    assert revised != text, "the fixture changes England 2024"
    new_year = revised + "".join(line.replace("2025,", "2026,", 1) for line in lines[1:4])  # FIXTURE rows for 2026
    hub = _spatial_hub_layout(lgbf_extract)
    # FIXTURE revision of a share with no parts to cross-check (a CHN09 of 0.5 would contradict its counts,
    # which the source's plausibility checks refuse)
    chn22 = hub.index[(hub["IndicatorCode"] == "CHN22") & (hub["Year"] == "2021-22")][0]
    hub.at[chn22, "IndicatorCash_LA"] = "0.05"
    settings, reports = _run(current, publisher, tmp_path, {
        DFE_NAME: ("ok", ("\ufeff" + new_year).encode()), LGBF_NAME: ("ok", _csv(hub))})

    dfe = reports["dfe_england"]
    assert dfe.outcome == update.NEW_RELEASE and dfe.new_periods == ["2026"], dfe.lines()
    assert [(c, w, n) for _, c, w, n in dfe.revised] == [("children_count", "83530", "83600")], dfe.lines()
    assert "2024 National" in dfe.revised[0][0]
    lgbf_report = reports["lgbf"]
    assert lgbf_report.outcome == update.NEW_RELEASE and lgbf_report.new_periods == []
    assert [(c, n) for _, c, _, n in lgbf_report.revised] == [("value_la", "0.05")], lgbf_report.lines()
    assert (lgbf_report.accepted_path.parent / f"publisher-{LGBF_NAME}").is_file(), "the publisher's own file is kept beside the extract"

    path, record = resolve_file(dfe_england.SPEC, dfe_england.SPEC.file(dfe_england.RELEASE_2025), settings)
    assert record.obtained_via == "release" and path == dfe.accepted_path, "the next build reads the accepted release"
    tables = load_one(settings, dfe_england, current[1]).tables["releases"]
    england = tables[(tables["area_code"] == dfe_england.ENGLAND) & (tables["measure"] == "looked_after") & (tables["vintage"] == "DfE 2025 release")]
    assert set(england["period"]) >= {2026} and england.set_index("period").at[2024, "count"] == 83_600

    # a second release: the first vintage is kept, the newest is current
    time.sleep(1.1)
    _, again = _run(current, publisher, tmp_path, {DFE_NAME: ("ok", dfe_bytes), LGBF_NAME: ("404",)}, fresh=True)
    assert again["dfe_england"].outcome == update.NEW_RELEASE and again["dfe_england"].revised, "back to the published figures"
    assert len(releases.vintages(settings, "dfe_england", dfe_england.RELEASE_2025)) == 2, "every vintage is kept"


def test_a_renamed_column_is_named_and_refused(current, publisher, tmp_path):
    _, _, dfe_bytes, lgbf_extract, nrs_extract = current
    renamed = dfe_bytes.replace(b"children_count", b"number_of_children", 1)
    hub = _spatial_hub_layout(lgbf_extract).rename(columns={"DenominatorCash_LA": "Denominator_LA"})
    settings, reports = _run(current, publisher, tmp_path, {DFE_NAME: ("ok", renamed), LGBF_NAME: ("ok", _csv(hub)),
                                                           NRS_NAME: ("ok", _nrs_workbook(nrs_extract, header="Code"))})
    nrs = reports["nrs_population"]
    assert nrs.outcome == update.LAYOUT_CHANGED and "'Area code'" in nrs.detail and "Code" in nrs.detail, nrs.lines()
    assert "Table 2" in nrs.detail, "the sheet is named"
    _nothing_kept(settings, "nrs_population", NRS_FILE)
    assert reports["dfe_england"].outcome == update.LAYOUT_CHANGED and "'children_count'" in reports["dfe_england"].detail
    assert "number_of_children" in reports["dfe_england"].detail, "the header as it now reads"
    assert reports["lgbf"].outcome == update.LAYOUT_CHANGED and "'DenominatorCash_LA'" in reports["lgbf"].detail
    _nothing_kept(settings, "dfe_england", dfe_england.RELEASE_2025)
    _nothing_kept(settings, "lgbf", lgbf.MAIN_FILE)


@pytest.mark.parametrize("route,says", [(("404",), "HTTP 404"), (("slow",), "timed out"), (("truncated",), "incomplete download")])
def test_failed_downloads_are_never_used(current, publisher, tmp_path, route, says):
    _, _, dfe_bytes, _, _ = current
    route = route if route[0] == "404" else (route[0], dfe_bytes.replace(b",83530,", b",83600,"))
    # a time-out is waited for once per file: half a second each (the server answers after 1.5 s)
    settings, reports = _run(current, publisher, tmp_path, {DFE_NAME: route, LGBF_NAME: route, NRS_NAME: route},
                             timeout=0.5 if route[0] == "slow" else 1.0)
    for source_id, file_name in (("dfe_england", dfe_england.RELEASE_2025), ("lgbf", lgbf.MAIN_FILE), ("nrs_population", NRS_FILE)):
        report = reports[source_id]
        assert report.outcome == update.FAILED and says in report.detail, report.lines()
        _nothing_kept(settings, source_id, file_name)
    path, record = resolve_file(dfe_england.SPEC, dfe_england.SPEC.file(dfe_england.RELEASE_2025), settings)
    assert record.obtained_via != "release" and b",83530," in path.read_bytes(), "the last good file stays in use"


def test_a_revised_nrs_estimate_is_named_kept_and_used(current, publisher, tmp_path):
    _, _, _, _, nrs_extract = current
    # FIXTURE revision: Aberdeen City's persons aged 0, and Scotland's with it (the councils must sum to Scotland)
    revised = _nrs_workbook(nrs_extract, add={("S12000033", "P", 0): 7, ("S92000003", "P", 0): 7})
    settings, reports = _run(current, publisher, tmp_path, {NRS_NAME: ("ok", revised)})
    nrs = reports["nrs_population"]
    assert nrs.outcome == update.NEW_RELEASE and nrs.new_periods == [], nrs.lines()
    assert sorted((key, column, int(now) - int(was)) for key, column, was, now in nrs.revised) == [
        ("S12000033 P 0", "population", 7), ("S92000003 P 0", "population", 7)], nrs.lines()
    assert (nrs.accepted_path.parent / f"publisher-{NRS_NAME}").is_file(), "NRS's own workbook is kept beside the extract"
    population = load_one(settings, nrs_population, current[1]).tables["population"]
    shipped = pd.read_csv(nrs_extract)
    at = lambda frame, column: int(frame[(frame["area_code"] == "S12000033") & (frame["sex"] == "P") & (frame["age"] == 0)
                                        & (frame["year"] == 2020)][column].iloc[0])
    assert at(population, "population") == at(shipped, "population") + 7, "the next build reads the accepted release"


def test_a_wrong_workbook_is_refused_naming_the_sheet(current, publisher, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Table 1"
    buffer = io.BytesIO()
    book.save(buffer)
    settings, reports = _run(current, publisher, tmp_path, {NRS_NAME: ("ok", buffer.getvalue())})
    nrs = reports["nrs_population"]
    assert nrs.outcome in (update.LAYOUT_CHANGED, update.INVALID) and "'Table 2'" in nrs.detail, nrs.lines()
    _nothing_kept(settings, "nrs_population", NRS_FILE)


def test_update_needs_network_permission(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PROMISE_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("PROMISE_ALLOW_NETWORK", raising=False)
    assert promise_cli.main(["update"]) == 2
    assert "PROMISE_ALLOW_NETWORK=1" in capsys.readouterr().err
    assert not (tmp_path / "releases").exists(), "nothing fetched, nothing written"
