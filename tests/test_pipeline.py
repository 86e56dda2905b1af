"""The whole build on the real mirror: CLI, export, atomic swap, SQLite = PostgreSQL."""
from __future__ import annotations

import csv
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import require_mirror, writable_mirror

import promise_cli
from contract.areas import SCOTLAND
from pipeline import BuildError, build
from settings import Settings
from store.location import location_from_settings
from store.read import StoreReader



def _settings(tmp: Path, **overrides) -> Settings:
    base = require_mirror()
    settings = Settings(
        raw_mirror=base.raw_mirror,
        var_dir=tmp,
        store_url=f"sqlite:///{tmp / 'store.sqlite'}",
        allow_network=False,
    )
    return replace(settings, **overrides)


@pytest.fixture(scope="module")
def built(session_build):
    """The session's build (settings, result): the tests below read it and run failing builds against it."""
    return session_build


def _use(monkeypatch, settings: Settings) -> None:
    monkeypatch.setenv("PROMISE_RAW_MIRROR", str(settings.raw_mirror or ""))
    monkeypatch.setenv("PROMISE_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("PROMISE_STORE_URL", settings.store_url)
    monkeypatch.setenv("PROMISE_STORE_SCHEMA", settings.store_schema)


def test_build_publishes_every_indicator(built):
    settings, result = built
    from indicators.registry import INDICATORS

    assert set(result.rows_per_indicator) == {i.meta.id for i in INDICATORS}
    reader = StoreReader(location_from_settings(settings))
    assert reader.build()["build_id"] == result.build_id
    assert len(reader.observations()) == sum(result.rows_per_indicator.values())
    assert (result.report_dir / "summary.json").is_file()


def test_provenance_is_recorded_for_every_file(built):
    settings, _ = built
    sources = StoreReader(location_from_settings(settings)).sources()
    assert {"geography", "lgbf", "nrs_population", "sg_csws_national"} <= set(sources["source_id"])
    assert sources["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert (sources["bytes"] > 0).all()
    assert set(sources["obtained_via"]) == {"mirror" if settings.raw_mirror else "snapshot"}, "the mirror first, else the shipped snapshot"


def test_export_has_the_published_columns_and_figures(built, tmp_path, monkeypatch, capsys):
    settings, result = built
    _use(monkeypatch, settings)
    out = tmp_path / "all.csv"
    assert promise_cli.main(["export", "--out", str(out)]) == 0
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:13] == [
        "indicator_id", "area_code", "area_name", "period", "period_end", "dimension", "category",
        "numerator", "denominator", "value", "ci_lower", "ci_upper", "status",
    ]
    assert len(rows) == sum(result.rows_per_indicator.values())
    baseline = [r for r in rows if r["indicator_id"] == "looked_after_count" and r["area_code"] == SCOTLAND and r["period"] == "2020"]
    assert len(baseline) == 1 and float(baseline[0]["value"]) == 14458, "SG CSWS 2020-21 Table 1.1: 14,458 at 31 July 2020"
    assert baseline[0]["area_name"] == "Scotland" and baseline[0]["period_end"] == "2020-07-31"
    assert not any(r["area_code"].startswith("E") for r in rows), "England is never mixed into Scotland's observations"


def test_export_writes_england_apart_for_analysts(built, tmp_path, monkeypatch):
    settings, _ = built
    _use(monkeypatch, settings)
    out, england = tmp_path / "all.csv", tmp_path / "england.csv"
    assert promise_cli.main(["export", "--out", str(out), "--england", str(england)]) == 0
    with england.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    authorities = [r for r in rows if r["area_level"] == "local_authority"]
    assert len({r["area_code"] for r in authorities}) >= 150, "England's local authorities are in the analysts' file"
    assert all(r["count"] == r["rate_per_10000"] == "" for r in rows if r["status"] in ("[c]", "[x]", "[z]")), "withheld: no number"
    assert not any(r["count"] and 0 < float(r["count"]) < 5 for r in rows), "no count of 1 to 4 children"
    total = [r for r in rows if r["series"] == "shown" and r["area_code"] == "E92000001" and r["measure"] == "looked_after" and r["period"] == "2025"]
    assert [(r["count"], r["rate_per_10000"], r["rate_per_1000"]) for r in total] == [("81770", "67", "6.7")], (
        "England, 31 March 2025: 81,770 children looked after, 67 per 10,000 aged 0-17 "
        "(DfE, Children looked after in England including adoptions, 2025 release)")


@pytest.mark.slow
def test_cli_build_prints_progress_and_summary(tmp_path, monkeypatch, capsys):
    settings = _settings(tmp_path)
    _use(monkeypatch, settings)
    assert promise_cli.main(["build"]) == 0
    printed = capsys.readouterr().out
    for expected in ("source lgbf", "source nrs_population", "indicator looked_after_rate", "looked_after_count", "Disclosure:"):
        assert expected in printed, f"build output should mention {expected!r}"


def _unknown_symbol(lines: list[str]) -> list[str]:
    middle = len(lines) // 2
    fields = lines[middle].split(",")
    fields[4] = "##"  # value_la: a symbol no publisher convention knows
    return lines[:middle] + [",".join(fields)] + lines[middle + 1:]


CORRUPTIONS = {  # what happens to the LGBF file -> what the error must say
    "unknown symbol": (_unknown_symbol, "'##'"),
    "truncated": (lambda lines: lines[:300] + [lines[300][:12]], "truncated"),
    "title row above the header": (lambda lines: ["Children's services, 2010-2023\n"] + lines, "extra row above the header"),
    "duplicated row": (lambda lines: lines[:40] + [lines[39]] + lines[40:], "duplicated row"),
}


def _corrupt_mirror(settings: Settings, target: Path, corruption: str = "unknown symbol") -> Settings:
    """A copy of the published files whose LGBF file is broken (a FIXTURE, not data); same store."""
    copy = writable_mirror(settings, target)
    lgbf = copy.raw_mirror / "lgbf" / "lgbf_children_services_by_council_2010_2023.csv"
    lgbf.write_text("".join(CORRUPTIONS[corruption][0](lgbf.read_text().splitlines(keepends=True))))
    return replace(copy, var_dir=settings.var_dir, store_url=settings.store_url, cache_dir=settings.cache_dir)


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_failed_build_leaves_the_last_good_store_serving(built, tmp_path, corruption):
    good_settings, good = built
    store_file = Path(good_settings.store_url.removeprefix("sqlite:///"))
    before = store_file.read_bytes()
    bad = _corrupt_mirror(good_settings, tmp_path / "mirror", corruption)
    with pytest.raises(BuildError) as failure:
        build(bad, progress=lambda line: None)
    assert failure.value.step == "source lgbf"
    message = str(failure.value)
    assert CORRUPTIONS[corruption][1] in message and "row" in message and "lgbf_children_services_by_council_2010_2023.csv" in message
    assert store_file.read_bytes() == before, "the served store must be byte-for-byte untouched"
    assert StoreReader(location_from_settings(good_settings)).build()["build_id"] == good.build_id
    leftovers = [p.name for p in store_file.parent.iterdir() if p.name.startswith(store_file.name) and p != store_file]
    assert leftovers == [], f"no staged store left behind: {leftovers}"


def test_cli_reports_a_failed_build_and_exit_code(built, tmp_path, monkeypatch, capsys):
    good_settings, _ = built
    bad = _corrupt_mirror(good_settings, tmp_path / "mirror")
    _use(monkeypatch, bad)
    assert promise_cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert "BUILD FAILED" in err and "source lgbf" in err and "unchanged" in err


def test_export_without_a_store_says_so(tmp_path, monkeypatch, capsys):
    _use(monkeypatch, _settings(tmp_path))
    assert promise_cli.main(["export", "--out", str(tmp_path / "x.csv")]) == 1
    assert "build" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_and_sqlite_give_identical_exports(built, pg_url, tmp_path, monkeypatch):
    sqlite_settings, _ = built
    schema = f"promise_test_{uuid.uuid4().hex[:8]}"
    pg_settings = replace(sqlite_settings, store_url=pg_url, store_schema=schema, var_dir=tmp_path)
    try:
        build(pg_settings, progress=lambda line: None)
        from store.export import export_csv

        sqlite_csv, pg_csv = tmp_path / "sqlite.csv", tmp_path / "pg.csv"
        export_csv(StoreReader(location_from_settings(sqlite_settings)), sqlite_csv)
        export_csv(StoreReader(location_from_settings(pg_settings)), pg_csv)
        assert sqlite_csv.read_bytes() == pg_csv.read_bytes()
    finally:
        import sqlalchemy as sa

        engine = sa.create_engine(pg_url)
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@pytest.mark.slow
def test_a_failed_audit_fails_the_build_and_keeps_the_store(built, monkeypatch):
    """Without the small-area rule, Shetland's residential counts of 3 and 4 are withheld for their values, and an
    attacker who knows the rules reads them off the [c] pattern: the build must stop, naming the cell."""
    from dataclasses import replace as with_field

    import disclosure.policy

    settings, good = built
    monkeypatch.setattr(disclosure.policy, "SMALL_AREAS", with_field(disclosure.policy.SMALL_AREAS, below=0))
    with pytest.raises(BuildError) as failure:
        build(settings, progress=lambda line: None)
    assert failure.value.step == "disclosure control and audit"
    assert "can be narrowed by an attacker who knows the rules" in str(failure.value)
    assert "indicator looked_after" in str(failure.value), "the message names the indicator, area and period"
    assert StoreReader(location_from_settings(settings)).build()["build_id"] == good.build_id


def test_summary_reports_suppression_counts_but_no_positions(built):
    import json

    _, result = built
    summary = json.loads((result.report_dir / "summary.json").read_text())
    assert summary["suppressed_per_indicator"]["looked_after_residential_count"] > 0
    assert "S12000027" not in json.dumps(summary), "no positions of withheld cells in the summary"
    audit = json.loads((result.report_dir / "disclosure_audit.json").read_text())
    assert {"rules_fired", "audit", "warnings"} <= set(audit), "the audit report is written beside the build"


def test_served_store_holds_no_withheld_number(built):
    settings, _ = built
    reader = StoreReader(location_from_settings(settings))
    observations = reader.observations()
    withheld = observations[observations["status"] == "[c]"]
    assert len(withheld) > 0
    assert withheld[["numerator", "denominator", "value", "ci_lower", "ci_upper"]].isna().all().all()
    derived = reader.derived()
    assert derived[derived["status"] == "[c]"]["value"].isna().all()
    summary = json_text_of(reader)
    assert "rules_fired" not in summary and "S12000027" not in summary, "the audit report never enters the served store"


def json_text_of(reader) -> str:
    import json

    return json.dumps(reader.build()["summary"])
