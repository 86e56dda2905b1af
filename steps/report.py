"""The build's summary and the reports written beside it (never into the served store).

Why apart: the positions of withheld cells (the disclosure audit) are for reviewers
only, so what goes to ``var/reports/<build_id>/`` and what goes to the store are
decided in one place.
"""
from __future__ import annotations

import json
import platform
from pathlib import Path

import pandas as pd

from disclosure import ControlledObservations
from steps import quality
from steps.progress import Progress


def summary(build_id: str, controlled: ControlledObservations, step_seconds: dict[str, float],
            seconds_before_writing: float) -> dict:
    frame = controlled.frame
    return {
        "build_id": build_id,
        "rows_per_indicator": frame.groupby("indicator_id").size().to_dict(),
        "status_counts": {indicator_id: group["status"].value_counts().sort_index().to_dict()
                          for indicator_id, group in frame.groupby("indicator_id")},
        "suppressed_per_indicator": controlled.suppressed_per_indicator,
        "disclosure_note": controlled.note,
        "disclosure_warnings": len(controlled.report["warnings"]),
        "groups_not_adding_up": len(controlled.report["groups_not_adding_up"]),
        "python": platform.python_version(),
        "step_seconds": step_seconds,
        "seconds_before_writing": round(seconds_before_writing, 3),
    }


def write(report_dir: Path, summary_: dict, controlled: ControlledObservations, sources: pd.DataFrame,
          checks: list[quality.Check], progress: Progress) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "summary.json").write_text(json.dumps(summary_, indent=2, sort_keys=True))
    # Positions of withheld cells: beside the build for reviewers, never in the served store.
    (report_dir / "disclosure_audit.json").write_text(json.dumps(controlled.report, indent=2, sort_keys=True))
    for warning in controlled.report["warnings"]:
        progress(f"  WARNING (disclosure): {warning}")
    sources.to_csv(report_dir / "provenance.csv", index=False)
    (report_dir / "data_quality.md").write_text(quality.as_markdown(checks, summary_["build_id"]))
