"""The Promise Progress Framework: vision statements → outcomes → indicators.

Why a source: the dashboard is navigated by the framework, and it must show every
vision statement and outcome — including those with no open data yet — exactly
as the framework states them, with how sure each row is (``framework_status``).
It lives beside the raw mirror (``<mirror>/../framework/``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Mapping

import pandas as pd

from data_sources.base import SourceFile, SourceSpec
from data_sources.errors import SourceError

FILE = "promise_progress_framework.json"
STATUSES = {"confirmed", "inferred", "placeholder", "candidate_not_confirmed"}
FIELDS = ["vision_statement", "outcome", "indicator", "measure", "source_publication", "publisher",
          "geography", "frequency", "framework_status", "url", "notes"]

SPEC = SourceSpec(
    id="framework",
    title="Promise Progress Framework: vision statements, outcomes and indicators",
    producer="The Promise Scotland and Scottish Government (framework, December 2024; dashboard since September 2025)",
    url_main="https://www.plan2430.scot/the-promise-story-of-progress/promise-progress-framework-dashboard/",
    licence="Framework text as published by The Promise Scotland / Scottish Government; structure compiled for this project",
    date_published="December 2024 (framework); September 2025 (dashboard)",
    mirror_folder="framework",
    files=(SourceFile(FILE, "json", description="one row per framework indicator, with framework_status",
                      vintage="Promise Progress Framework of December 2024 (dashboard of September 2025)"),),
)


def _vision_number(text: str, row: int) -> int:
    match = re.match(r"^(\d+)\.\s", text or "")
    if not match:
        raise SourceError(f"vision statement does not start with its number: {text[:40]!r}", file=FILE, row=row, column="vision_statement")
    return int(match.group(1))


def parse(paths: Mapping[str, Path], upstream: Mapping | None = None) -> dict[str, pd.DataFrame]:
    path = paths[FILE]
    try:
        rows = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON: {exc}", file=path.name, row=exc.lineno) from exc
    if not isinstance(rows, list):
        raise SourceError("expected a list of framework rows", file=path.name)
    records = []
    for number, row in enumerate(rows, start=1):
        missing = [f for f in FIELDS if f not in row]
        if missing:
            raise SourceError(f"missing field(s) {missing}", file=path.name, row=number, column=missing[0])
        if row["framework_status"] not in STATUSES:
            raise SourceError(f"unknown framework_status {row['framework_status']!r}", file=path.name, row=number, column="framework_status")
        records.append({
            "row_number": number,
            "vision_number": _vision_number(row["vision_statement"], number),
            **{f: (row[f] if row[f] is not None else "") for f in FIELDS},
            "source_ref": f"{path.name} row {number}",  # the number-th entry of the file's list
            "vintage": SPEC.file(FILE).vintage,
        })
    frame = pd.DataFrame(records)
    if sorted(frame["vision_number"].unique()) != list(range(1, 11)):
        raise SourceError(f"expected vision statements 1-10, found {sorted(frame['vision_number'].unique())}", file=path.name)
    return {"rows": frame}
