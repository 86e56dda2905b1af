"""The store: the one door, CHECK constraints, read-only reads, atomic swap on both backends.

All observation rows here are FIXTURES (made-up numbers for made-up checks), not
statistics; they go through ``disclosure.control`` like real ones must.
"""
from __future__ import annotations

import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

import disclosure
from indicators.base import IndicatorMeta, Kind, PeriodType, Polarity
from store import schema as tables
from store.export import export_csv
from store.location import StoreLocation
from store.read import StoreMissingError, StoreReader
from steps.writer import StoreContents, publish

FIXTURE_META = IndicatorMeta(
    id="fixture_count", title="Fixture count", vision_statement="v", outcome="o", framework_indicator="f",
    measure="m", numerator_definition="n", denominator_definition="d", unit="children", decimals=0,
    polarity=Polarity.DOWN_IS_GOOD, baseline_period="2020", ci_method="none", period_type=PeriodType.SNAPSHOT_31_JULY,
    sources=("fixture",), geographies=("country",), kind=Kind.COUNT, counts=(),
)
AREAS = pd.DataFrame([
    {"area_code": "S92000003", "area_name": "Scotland", "area_type": "country", "sort_order": 0},
    {"area_code": "S12000033", "area_name": "Aberdeen City", "area_type": "council", "sort_order": 1},
])
INDICATOR = {
    "indicator_id": "fixture_count", "title": "Fixture count", "vision_statement": "v", "outcome": "o",
    "measure": "m", "numerator_definition": "n", "denominator_definition": "d", "unit": "children", "decimals": 0,
    "polarity": "down_is_good", "baseline_period": "2020", "ci_method": "none", "period_type": "snapshot_31_july",
    "source_ids": "fixture", "caveats": "", "series_breaks": "", "metadata_json": "{}",
    "framework_indicator": "f", "companion": "", "direction_rule": "r", "kind": "count",
}
SOURCES = pd.DataFrame([{
    "source_id": "fixture", "file_name": "fixture.csv", "title": "t", "producer": "p", "url_main": "https://example.invalid/",
    "url": None, "licence": "l", "date_published": "d", "sha256": "0" * 64, "bytes": 1, "obtained_via": "mirror",
    "obtained_from": "/dev/null", "obtained_at": "2026-01-01T00:00:00+00:00",
}])


def _observation(area: str, period: str, value: float | None, status: str = "ok", **extra) -> dict:
    row = {
        "indicator_id": "fixture_count", "area_code": area, "period": period, "period_end": f"{period}-07-31",
        "dimension": "all", "category": "all", "numerator": value, "denominator": None, "value": value,
        "ci_lower": None, "ci_upper": None, "status": status, "source_id": "fixture", "vintage": "fixture", "provisional": False,
        "source_ref": "fixture.csv row 2",
    }
    row.update(extra)
    return row


def _contents(rows: list[dict], build_id: str | None = None) -> StoreContents:
    return StoreContents(
        build_id=build_id or f"fixture-{uuid.uuid4().hex[:8]}",
        started_at="2026-01-01T00:00:00+00:00",
        code_version="test",
        summary={"fixture": True},
        observations=disclosure.control(pd.DataFrame(rows), [FIXTURE_META]),
        indicators=pd.DataFrame([INDICATOR]),
        areas=AREAS,
        area_groups=pd.DataFrame(columns=["group_type", "group_code", "area_code", "label"]),
        sources=SOURCES,
        framework=pd.DataFrame(columns=[c.name for c in tables.framework_row.columns]),
        boundaries=pd.DataFrame(columns=["area_code", "feature_json"]),
        quality=pd.DataFrame(columns=["check_number", "source_id", "title", "status", "detail"]),
    )


FIRST = [_observation("S92000003", "2020", 120.5), _observation("S12000033", "2020", None, "[x]")]
SECOND = [_observation("S92000003", "2021", 99.0), _observation("S12000033", "2021", 7.25)]


@pytest.fixture(params=["sqlite", "postgres"])
def location(request, tmp_path):
    if request.param == "sqlite":
        yield StoreLocation(f"sqlite:///{tmp_path / 'store.sqlite'}")
        return
    url = request.getfixturevalue("pg_url")
    schema = f"promise_t_{uuid.uuid4().hex[:8]}"
    yield StoreLocation(url, schema=schema)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for name in connection.execute(sa.text(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"), {"p": f"{schema}%"}).scalars():
            connection.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


def _staged_leftovers(location: StoreLocation) -> list[str]:
    if location.is_sqlite:
        path = location.sqlite_path
        return [p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path]
    engine = sa.create_engine(location.url)
    with engine.connect() as connection:
        names = connection.execute(sa.text(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"),
            {"p": f"{location.schema}_%"}).scalars().all()
    engine.dispose()
    return names


def test_publish_then_read_back(location):
    contents = _contents(FIRST)
    publish(location, contents)
    reader = StoreReader(location)
    assert reader.build()["build_id"] == contents.build_id
    observations = reader.observations()
    assert list(observations["area_code"]) == ["S12000033", "S92000003"]
    withheld = observations[observations["status"] == "[x]"].iloc[0]
    assert pd.isna(withheld["value"]) and pd.isna(withheld["numerator"])
    assert observations[observations["status"] == "ok"]["value"].iloc[0] == 120.5


def test_a_new_build_replaces_the_old_one_whole(location):
    publish(location, _contents(FIRST))
    reader = StoreReader(location)
    reader.build()
    second = _contents(SECOND)
    publish(location, second)
    assert reader.build()["build_id"] == second.build_id, "the same reader sees the new build"
    assert set(reader.observations()["period"]) == {"2021"}
    assert _staged_leftovers(location) == []


def test_failure_half_way_leaves_the_last_good_store(location, monkeypatch):
    good = _contents(FIRST)
    publish(location, good)
    import steps.writer

    def explode(connection, expected):
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(steps.writer, "_verify", explode)
    with pytest.raises(RuntimeError, match="simulated"):
        publish(location, _contents(SECOND))
    reader = StoreReader(location)
    assert reader.build()["build_id"] == good.build_id
    assert set(reader.observations()["period"]) == {"2020"}
    assert _staged_leftovers(location) == [], "the staged store is removed"


def test_rows_for_an_unknown_area_fail_in_the_database(location):
    good = _contents(FIRST)
    publish(location, good)
    with pytest.raises(sa.exc.IntegrityError):
        publish(location, _contents([_observation("S12000099", "2021", 10.0)]))
    assert StoreReader(location).build()["build_id"] == good.build_id


def test_database_refuses_a_confidential_cell_with_a_number(location):
    publish(location, _contents(FIRST))
    reader = StoreReader(location)
    writer = sa.create_engine(location.url)
    if not location.is_sqlite:
        writer = writer.execution_options(schema_translate_map={None: location.schema})
    try:
        with pytest.raises(sa.exc.IntegrityError, match="withheld_cell_has_no_number|CHECK constraint failed"):
            with writer.begin() as connection:
                connection.execute(tables.observation.insert(), [_observation("S12000033", "2019", 3.0, "[c]")])
        with pytest.raises(sa.exc.IntegrityError):
            with writer.begin() as connection:
                connection.execute(tables.observation.insert(), [_observation("S12000033", "2018", 3.0, "[secret]")])
    finally:
        writer.dispose()
    assert len(reader.observations()) == 2


def test_reader_cannot_write(location):
    publish(location, _contents(FIRST))
    reader = StoreReader(location)
    with pytest.raises(sa.exc.DBAPIError, match="(?i)read.only|readonly"):
        with reader.engine().begin() as connection:
            connection.execute(tables.observation.delete())
    assert len(reader.observations()) == 2


def test_export_is_identical_on_both_backends(tmp_path, pg_url):
    lite = StoreLocation(f"sqlite:///{tmp_path / 'a.sqlite'}")
    pg = StoreLocation(pg_url, schema=f"promise_t_{uuid.uuid4().hex[:8]}")
    rows = SECOND + [_observation("S92000003", "2022", 1 / 3, numerator=None)]
    try:
        publish(lite, _contents(rows))
        publish(pg, _contents(rows))
        export_csv(StoreReader(lite), tmp_path / "a.csv")
        export_csv(StoreReader(pg), tmp_path / "b.csv")
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
        assert "0.3333333333333333" in (tmp_path / "a.csv").read_text(), "full precision, no rounding in the export"
    finally:
        engine = sa.create_engine(pg_url)
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{pg.schema}" CASCADE'))
        engine.dispose()


def test_publish_accepts_only_disclosure_controlled_observations(tmp_path):
    contents = _contents(FIRST)
    contents.observations = pd.DataFrame(FIRST)  # bypassing the door
    with pytest.raises(TypeError, match="disclosure.control"):
        publish(StoreLocation(f"sqlite:///{tmp_path / 's.sqlite'}"), contents)
    assert not (tmp_path / "s.sqlite").exists()


def test_controlled_observations_cannot_be_forged():
    with pytest.raises(TypeError, match="only be made by disclosure.control"):
        disclosure.ControlledObservations(frame=pd.DataFrame(FIRST))


def test_missing_store_is_a_clear_error(tmp_path, pg_url):
    with pytest.raises(StoreMissingError, match="no store at"):
        StoreReader(StoreLocation(f"sqlite:///{tmp_path / 'none.sqlite'}")).build()
    with pytest.raises(StoreMissingError, match="no store at"):
        StoreReader(StoreLocation(pg_url, schema="promise_never_built")).build()


def test_postgresql_reader_role_can_read_each_new_store_and_write_nothing(pg_url):
    """The documented least-privilege deployment: the app connects as ``<schema>_reader``."""
    from sqlalchemy.engine import make_url

    schema = f"promise_ro_{uuid.uuid4().hex[:8]}"
    location = StoreLocation(pg_url, schema=schema)
    admin = sa.create_engine(pg_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE ROLE "{location.reader_role}" LOGIN'))
    reader_url = make_url(pg_url).set(username=location.reader_role).render_as_string(hide_password=False)
    try:
        publish(location, _contents(FIRST))
        second = _contents(SECOND)
        publish(location, second)  # a swapped-in schema is a new object: the grant must be renewed
        as_reader = StoreReader(StoreLocation(reader_url, schema=schema))
        assert as_reader.build()["build_id"] == second.build_id
        raw = sa.create_engine(reader_url, connect_args={"options": f"-c search_path={schema}"})  # not read-only by session
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with raw.begin() as connection:
                connection.execute(sa.text("DELETE FROM observation"))
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with raw.begin() as connection:
                connection.execute(sa.text(f'CREATE TABLE "{schema}".sneaky (x int)'))
        raw.dispose()
        as_reader.engine().dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(sa.text(f'DROP OWNED BY "{location.reader_role}"'))
            connection.execute(sa.text(f'DROP ROLE "{location.reader_role}"'))
        admin.dispose()
