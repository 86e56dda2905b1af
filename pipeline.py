"""The build: published files → parsed sources → indicators → disclosure → store.

Why only the order of the steps here: when a build fails the person running it
needs to know which step failed and that the store still serving is the last good
one. Every step (in ``steps/``) runs before anything is written; the writer then
stages a new store and swaps it in only at the end. The indicator registry is
walked once (``steps.compute``); every later step reads the metadata it returns.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import data_sources
import disclosure
from disclosure import england as disclosure_england
from indicators import england_context
from indicators.registry import INDICATORS
from settings import Settings, load_settings
from steps import quality, reference, report
from steps.compute import check_known_areas, compute_all, load_sources
from steps.progress import BuildError, Progress, step
from steps.writer import StoreContents, publish
from store.location import location_from_settings

__all__ = ["BuildError", "BuildResult", "build"]
CODE_VERSION = "0.1.0"


@dataclass
class BuildResult:
    build_id: str
    store_url: str
    seconds: float
    rows_per_indicator: dict[str, int]
    suppressed_per_indicator: dict[str, int]
    status_counts: dict[str, dict[str, int]]
    disclosure_note: str
    disclosure_warnings: list[str]
    report_dir: Path
    sources: list[dict] = field(default_factory=list)


def build(settings: Settings | None = None, progress: Progress = print, indicators=INDICATORS,
          sources=data_sources.SOURCES) -> BuildResult:
    """Run every step; publish the new store only if all of them pass.

    ``indicators`` and ``sources`` are the registries' tuples; a test passes longer ones
    to show that adding an indicator or a source needs nothing else (tests/test_adding.py)."""
    settings = settings or load_settings()
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc)
    build_id = started_at.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]
    where = f"mirror {settings.raw_mirror}, then " if settings.raw_mirror else ""
    progress(f"Build {build_id} from {where}the shipped snapshot {settings.published_dir} into {settings.store_url}")

    loaded = load_sources(settings, progress, sources)
    observations, metas = compute_all(loaded, indicators, progress)
    with step("areas and family groups", progress):
        areas = reference.areas_table(loaded)
        area_groups = reference.family_groups_table(loaded)
        check_known_areas(observations, areas)
    with step("framework", progress):
        framework = reference.framework_table(loaded, metas)
    step_seconds: dict[str, float] = {}
    with step("disclosure control and audit", progress, step_seconds):
        controlled = disclosure.control(observations, list(metas), area_groups,
                                        reference.revisions_table(loaded, observations, metas))
    with step("England context (DfE) and its disclosure control", progress):
        context = disclosure_england.control(england_context.compute({sid: source.tables for sid, source in loaded.items()}))
    with step("data quality checks", progress):
        checks = quality.run_checks(loaded, controlled.frame, {meta.id: meta.kind.value for meta in metas},
                                    dict(zip(areas["area_code"], areas["area_name"])), controlled.report)
    sources = reference.sources_table(loaded)
    summary = report.summary(build_id, controlled, step_seconds, time.perf_counter() - started)
    geography = loaded["geography"].tables
    with step("write and swap in the store", progress):
        publish(
            location_from_settings(settings),
            StoreContents(
                build_id=build_id,
                started_at=started_at.isoformat(timespec="seconds"),
                code_version=CODE_VERSION,
                summary=summary,
                observations=controlled,
                indicators=reference.indicators_table(controlled.frame, metas),
                areas=areas,
                area_groups=area_groups,
                sources=sources,
                framework=framework,
                boundaries=geography["boundary_features"].rename(columns={"council_code": "area_code"}),
                quality=quality.as_frame(checks),
                code_changes=geography["code_changes"].rename(columns={"council_code": "area_code"}),
                context=context,
            ),
        )
    report_dir = settings.reports_dir / build_id
    report.write(report_dir, summary, controlled, sources, checks, progress)
    return BuildResult(
        build_id=build_id,
        store_url=settings.store_url,
        seconds=time.perf_counter() - started,
        rows_per_indicator=summary["rows_per_indicator"],
        suppressed_per_indicator=controlled.suppressed_per_indicator,
        status_counts=summary["status_counts"],
        disclosure_note=controlled.note,
        disclosure_warnings=list(controlled.report["warnings"]),
        report_dir=report_dir,
        sources=sources.to_dict("records"),
    )
