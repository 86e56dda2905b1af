"""A clone with no mirror beside it builds and serves from the shipped snapshot.

Why: a new user clones the repository and runs it; nothing outside the
repository may be needed. The committed files are copied into a temporary folder
that has no ``shared`` folder beside it, the mirror setting is removed, and the
copy's own ``promise_cli.py`` builds the store and serves it (``.ci/run`` also
does this with ``git clone`` and ``./run.sh``, installing from scratch).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from serving import ROOT, page_request, running_server

pytestmark = pytest.mark.slow  # servers, browsers or whole builds: left out of the fast layer (-m "not slow")


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"git ls-files failed: {exc}")
        pytest.skip(f"not a git checkout ({exc}): cannot tell which files a clone has")
    return [name for name in listed.decode().split("\0") if name]


def test_a_clone_without_the_mirror_builds_and_serves(tmp_path):
    clone = tmp_path / "promise"
    for name in _tracked_files():
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    assert not (tmp_path / "shared").exists()
    drop = ("PROMISE_RAW_MIRROR", "PROMISE_VAR_DIR", "PROMISE_STORE_URL", "PROMISE_STORE_SCHEMA")
    with running_server({"PYTHONPATH": str(clone), "PROMISE_CACHE": "simple"}, workers=1, cwd=clone,
                        startup_seconds=300, drop=drop) as base:
        page = json.dumps(page_request(base, "/indicator/looked_after_count"))
        assert "14,458" in page, "Scotland looked after at 31 July 2020: 14,458 (SG CSWS 2020-21 Table 1.1), from the shipped snapshot"
        rate = json.dumps(page_request(base, "/indicator/looked_after_rate"), ensure_ascii=False)
        assert "UK context" in rate and "81,770" in rate, (
            "England looked after on 31 March 2025: 81,770 (DfE, Children looked after in England including adoptions, 2025 release), "
            "from the shipped snapshot")
    reports = sorted((clone / "var" / "reports").iterdir())
    assert reports, "serve built the missing store inside the clone"
    with (reports[-1] / "provenance.csv").open() as handle:
        records = list(csv.DictReader(handle))
    assert records and {r["obtained_via"] for r in records} == {"snapshot"}, "every file came from the shipped snapshot"
    assert all(Path(r["obtained_from"]).is_relative_to(clone) for r in records), "read from the clone, not from this checkout"
