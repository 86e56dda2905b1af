"""A killed build's leftovers are cleaned; a link out of the mirror is refused without
quoting what it points to (issue 12, point 10)."""
from __future__ import annotations

import os
from dataclasses import replace

import pytest

import data_sources
from data_sources import lgbf
from data_sources.errors import SourceError
from steps.leftovers import remove_dead_stages, staging
from test_data_sources import _fixture_mirror, settings  # noqa: F401 - the fixture is used


def test_a_killed_builds_stage_is_removed_and_a_running_ones_kept(tmp_path):
    target = tmp_path / "store.sqlite"
    dead = tmp_path / "store.sqlite.stage-20261130T000000Z-dead"
    for suffix in ("", "-journal"):
        dead.with_name(dead.name + suffix).write_bytes(b"half a store")
    alive = tmp_path / "store.sqlite.stage-20261201T000000Z-alive"
    with staging(alive):
        alive.write_bytes(b"being written")
        removed = remove_dead_stages(target)
        assert alive.exists(), "a stage whose build still runs is kept"
    assert sorted(p.name for p in removed) == [dead.name, dead.name + "-journal"]
    assert not dead.exists() and not (tmp_path / (dead.name + ".lock")).exists()


@pytest.mark.slow  # a whole build
def test_the_next_build_cleans_the_leftovers(built_settings, tmp_path):
    from pipeline import build

    settings = replace(built_settings, var_dir=tmp_path, store_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    leftover = tmp_path / "store.sqlite.stage-20261130T000000Z-killed"
    leftover.write_bytes(b"half a store")
    build(settings, progress=lambda line: None)
    assert not leftover.exists()
    assert [p.name for p in tmp_path.glob("store.sqlite*")] == ["store.sqlite"]


def test_a_link_out_of_the_mirror_is_refused_without_quoting_its_target(settings, tmp_path):  # noqa: F811
    bad = _fixture_mirror(settings, tmp_path)
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("SECRET-HEADER,api_key\nSECRET-VALUE,hunter2\n")
    path = bad.raw_mirror / "lgbf" / lgbf.MAIN_FILE
    path.unlink()
    os.symlink(secret, path)
    with pytest.raises(SourceError) as failure:
        data_sources.load_all(bad)
    message = str(failure.value)
    assert failure.value.file == f"lgbf/{lgbf.MAIN_FILE}" and "link to a place outside" in message
    assert "SECRET" not in message and "hunter2" not in message and str(secret) not in message
