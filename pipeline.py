"""The build: published files → parsed sources → indicators → disclosure → store.

Why one function with named steps: the build is the only writer of the store, and
when it fails the person running it needs to know which step failed and that the
store still serving is the last good one. Every step runs before anything is
written; the store writer then stages a new store and swaps it in only at the end.
"""
from __future__ import annotations

import json
import platform
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from contract.areas import SCOTLAND
import data_sources
import disclosure
from steps import quality
from data_sources import release_dates
from data_sources.base import LoadedSource
from disclosure import england as disclosure_england
from indicators import england_context
from indicators.registry import INDICATORS
from indicators.schema import OBSERVATION_SCHEMA
from settings import Settings, load_settings
from store.location import location_from_settings
from contract.status import Status
from steps.writer import StoreContents, publish

CODE_VERSION = "0.1.0"
CHILDREN_FAMILY_GROUP_INDICATOR = "CHN09"  # LGBF "people services" family groups, by deprivation
FAMILY_GROUP_LABELS = {
    "Least Deprived": ("1", "Family group 1 (least deprived)"),
    "2": ("2", "Family group 2"),
    "3": ("3", "Family group 3"),
    "Most Deprived": ("4", "Family group 4 (most deprived)"),
}


class BuildError(Exception):
    """A build step failed; the store that was serving is untouched."""

    def __init__(self, step: str, cause: BaseException) -> None:
        self.step = step
        self.cause = cause
        super().__init__(f"build step '{step}' failed: {cause}")


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


def _step(name: str, progress: Callable[[str], None], seconds: dict[str, float] | None = None):
    """Context manager-ish helper: report a step, time it (into ``seconds``) and wrap its failure in BuildError."""

    class _Step:
        def __enter__(self):
            progress(f"  {name} ...")
            self.started = time.perf_counter()
            return self

        def __exit__(self, exc_type, exc, tb):
            if seconds is not None:
                seconds[name] = round(time.perf_counter() - self.started, 3)
            if exc is not None and not isinstance(exc, BuildError):
                raise BuildError(name, exc) from exc
            return False

    return _Step()


def areas_table(loaded: dict[str, LoadedSource]) -> pd.DataFrame:
    councils = loaded["geography"].tables["councils"].sort_values("council_name")
    scotland = pd.DataFrame([{"area_code": SCOTLAND, "area_name": "Scotland", "area_type": "country"}])
    council_rows = pd.DataFrame({
        "area_code": councils["council_code"].values,
        "area_name": councils["council_name"].values,
        "area_type": "council",
    })
    areas = pd.concat([scotland, council_rows], ignore_index=True)
    areas["sort_order"] = range(len(areas))
    return areas


def family_groups_table(loaded: dict[str, LoadedSource]) -> pd.DataFrame:
    """LGBF children's-services family groups as at the latest period published."""
    groups = loaded["lgbf"].tables["family_groups"]
    groups = groups[groups["indicator_code"] == CHILDREN_FAMILY_GROUP_INDICATOR]
    latest = groups[groups["period"] == groups["period"].max()]
    unknown = sorted(set(latest["family_group"]) - set(FAMILY_GROUP_LABELS))
    if unknown:
        raise ValueError(f"unknown LGBF family group label(s) {unknown} in {CHILDREN_FAMILY_GROUP_INDICATOR}")
    return pd.DataFrame({
        "group_type": f"lgbf_family_group_children_{latest['period'].iloc[0]}",
        "group_code": [FAMILY_GROUP_LABELS[g][0] for g in latest["family_group"]],
        "area_code": latest["council_code"].values,
        "label": [FAMILY_GROUP_LABELS[g][1] for g in latest["family_group"]],
    }).sort_values(["group_code", "area_code"]).reset_index(drop=True)


def sources_table(loaded: dict[str, LoadedSource]) -> pd.DataFrame:
    rows = []
    for source in loaded.values():
        for record in source.provenance:
            rows.append({
                **asdict(record),
                "title": source.spec.title,
                "producer": source.spec.producer,
                "url_main": source.spec.url_main,
                "date_published": source.spec.date_published,
            })
    columns = ["source_id", "file_name", "title", "producer", "url_main", "url", "licence", "date_published",
               "sha256", "bytes", "obtained_via", "obtained_from", "obtained_at"]
    return pd.DataFrame(rows)[columns]


def framework_table(loaded: dict[str, LoadedSource]) -> pd.DataFrame:
    """Framework rows, each with the ids of the indicators that compute it.

    The framework file's ``notes`` are for maintainers: they are dropped here, so
    they never reach the served store or a page.
    """
    rows = loaded["framework"].tables["rows"].drop(columns="notes")
    computes: dict[int, list[str]] = {}
    for indicator in INDICATORS:
        meta = indicator.meta
        under = rows[(rows["vision_statement"] == meta.vision_statement) & (rows["outcome"] == meta.outcome)]
        if not meta.framework_indicator:  # context: shown under its outcome, not as a framework row
            if under.empty:
                raise ValueError(f"indicator {meta.id}: its vision statement and outcome are not in the framework")
            continue
        match = under[under["indicator"] == meta.framework_indicator]
        if len(match) != 1:
            raise ValueError(f"indicator {meta.id}: its framework row is not in the framework ({len(match)} matches)")
        computes.setdefault(int(match["row_number"].iloc[0]), []).append(meta.id)
    rows["indicator_ids"] = [", ".join(computes.get(int(n), [])) for n in rows["row_number"]]
    return rows


def revisions_table(loaded: dict[str, LoadedSource], observations: pd.DataFrame) -> pd.DataFrame:
    """SG figures for the same measure and year that differ from the one shown (other vintages)."""
    headline = loaded["sg_csws_national"].tables["headline"]
    shown = observations[observations["area_code"] == SCOTLAND].set_index(["indicator_id", "period"])
    rows = []
    for indicator in INDICATORS:
        for measure in indicator.meta.national_measures:
            column = "value" if indicator.meta.kind.value == "count" else "numerator"
            decimals = indicator.meta.decimals if column == "value" else 0
            for row in headline[headline["measure"] == measure].itertuples():
                key = (indicator.meta.id, str(row.period))
                if key not in shown.index or shown.loc[key, column] == row.value:
                    continue
                rows.append({"indicator_id": indicator.meta.id, "area_code": SCOTLAND, "period": str(row.period),
                             "value": float(row.value), "vintage": row.vintage, "source_url": row.source_url,
                             "note": f"{measure}; the figure used is {shown.loc[key, column]:,.{decimals}f} ({shown.loc[key, 'vintage']})"})
    return pd.DataFrame(rows, columns=["indicator_id", "area_code", "period", "value", "vintage", "source_url", "note"])


def indicators_table(observations: pd.DataFrame) -> pd.DataFrame:
    """The indicator rows, each with the publisher's release of its latest figure shown ("Last updated")
    and the last period with council figures (why later council cells are [x])."""
    released = release_dates.last_updated(observations)
    councils = observations[observations["area_code"].str.startswith("S12") & (observations["status"] != Status.NOT_AVAILABLE.value)]
    council_end = councils.groupby("indicator_id")["period"].max().to_dict()
    rows = []
    for indicator in INDICATORS:
        row = indicator.meta.as_store_row()
        metadata = json.loads(row["metadata_json"])
        metadata["last_updated"] = released.get(indicator.meta.id, "No figure is shown yet.")
        metadata["council_series_end"] = council_end.get(indicator.meta.id, "")  # where the councils' open data stops
        row["metadata_json"] = json.dumps(metadata, sort_keys=True)
        rows.append(row)
    return pd.DataFrame(rows)


def compute_all(loaded: dict[str, LoadedSource], progress: Callable[[str], None]) -> pd.DataFrame:
    tables = {source_id: source.tables for source_id, source in loaded.items()}
    frames = []
    for indicator in INDICATORS:
        with _step(f"indicator {indicator.meta.id}", progress):
            frame = OBSERVATION_SCHEMA.validate(indicator.compute(tables), lazy=False)
            if set(frame["indicator_id"]) != {indicator.meta.id}:
                raise ValueError("compute() returned rows for another indicator")
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def check_known_areas(observations: pd.DataFrame, areas: pd.DataFrame) -> None:
    unknown = sorted(set(observations["area_code"]) - set(areas["area_code"]))
    if unknown:
        raise ValueError(f"observations for unknown area code(s) {unknown}")


def load_sources(settings: Settings, progress: Callable[[str], None]) -> dict[str, LoadedSource]:
    current = {"id": "(before the first source)"}

    def on_progress(source_id: str) -> None:
        current["id"] = source_id
        progress(f"  source {source_id} ...")

    try:
        return data_sources.load_all(settings, on_progress=on_progress)
    except Exception as exc:
        raise BuildError(f"source {current['id']}", exc) from exc


def build(settings: Settings | None = None, progress: Callable[[str], None] = print) -> BuildResult:
    """Run every step; publish the new store only if all of them pass."""
    settings = settings or load_settings()
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc)
    build_id = started_at.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]
    where = f"mirror {settings.raw_mirror}, then " if settings.raw_mirror else ""
    progress(f"Build {build_id} from {where}the shipped snapshot {settings.published_dir} into {settings.store_url}")

    loaded = load_sources(settings, progress)

    observations = compute_all(loaded, progress)
    with _step("areas and family groups", progress):
        areas = areas_table(loaded)
        area_groups = family_groups_table(loaded)
        check_known_areas(observations, areas)
    with _step("framework", progress):
        framework = framework_table(loaded)
    step_seconds: dict[str, float] = {}
    with _step("disclosure control and audit", progress, step_seconds):
        controlled = disclosure.control(observations, [i.meta for i in INDICATORS], area_groups,
                                        revisions_table(loaded, observations))
    with _step("England context (DfE) and its disclosure control", progress):
        context = disclosure_england.control(england_context.compute({sid: source.tables for sid, source in loaded.items()}))
    with _step("data quality checks", progress):
        checks = quality.run_checks(loaded, controlled.frame, {i.meta.id: i.meta.kind.value for i in INDICATORS},
                                    dict(zip(areas["area_code"], areas["area_name"])), controlled.report)

    frame = controlled.frame
    rows = frame.groupby("indicator_id").size().to_dict()
    status_counts = {
        indicator_id: group["status"].value_counts().sort_index().to_dict()
        for indicator_id, group in frame.groupby("indicator_id")
    }
    sources = sources_table(loaded)
    summary = {
        "build_id": build_id,
        "rows_per_indicator": rows,
        "status_counts": status_counts,
        "suppressed_per_indicator": controlled.suppressed_per_indicator,
        "disclosure_note": controlled.note,
        "disclosure_warnings": len(controlled.report["warnings"]),
        "groups_not_adding_up": len(controlled.report["groups_not_adding_up"]),
        "python": platform.python_version(),
        "step_seconds": step_seconds,
        "seconds_before_writing": round(time.perf_counter() - started, 3),
    }
    with _step("write and swap in the store", progress):
        publish(
            location_from_settings(settings),
            StoreContents(
                build_id=build_id,
                started_at=started_at.isoformat(timespec="seconds"),
                code_version=CODE_VERSION,
                summary=summary,
                observations=controlled,
                indicators=indicators_table(controlled.frame),
                areas=areas,
                area_groups=area_groups,
                sources=sources,
                framework=framework,
                boundaries=loaded["geography"].tables["boundary_features"].rename(columns={"council_code": "area_code"}),
                quality=quality.as_frame(checks),
                code_changes=loaded["geography"].tables["code_changes"].rename(columns={"council_code": "area_code"}),
                context=context,
            ),
        )
    report_dir = settings.reports_dir / build_id
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True))
    # Positions of withheld cells: beside the build for reviewers, never in the served store.
    (report_dir / "disclosure_audit.json").write_text(json.dumps(controlled.report, indent=2, sort_keys=True))
    for warning in controlled.report["warnings"]:
        progress(f"  WARNING (disclosure): {warning}")
    sources.to_csv(report_dir / "provenance.csv", index=False)
    (report_dir / "data_quality.md").write_text(quality.as_markdown(checks, build_id))
    return BuildResult(
        build_id=build_id,
        store_url=settings.store_url,
        seconds=time.perf_counter() - started,
        rows_per_indicator=rows,
        suppressed_per_indicator=controlled.suppressed_per_indicator,
        status_counts=status_counts,
        disclosure_note=controlled.note,
        disclosure_warnings=list(controlled.report["warnings"]),
        report_dir=report_dir,
        sources=sources.to_dict("records"),
    )
