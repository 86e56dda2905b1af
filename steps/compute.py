"""Published files → parsed sources → the indicators' long observation table.

Why here and not in ``pipeline.py``: the pipeline keeps only the order of the steps.
The indicator registry is walked once, here; every later step reads the metadata
this returns.
"""
from __future__ import annotations

import pandas as pd

import data_sources
from data_sources.base import LoadedSource
from indicators.base import Indicator, IndicatorMeta
from indicators.schema import OBSERVATION_SCHEMA
from settings import Settings
from steps.progress import BuildError, Progress, step


def load_sources(settings: Settings, progress: Progress, sources=data_sources.SOURCES) -> dict[str, LoadedSource]:
    current = {"id": "(before the first source)"}

    def on_progress(source_id: str) -> None:
        current["id"] = source_id
        progress(f"  source {source_id} ...")

    try:
        return data_sources.load_all(settings, on_progress=on_progress, sources=sources)
    except Exception as exc:
        raise BuildError(f"source {current['id']}", exc) from exc


def compute_all(loaded: dict[str, LoadedSource], indicators: tuple[Indicator, ...],
                progress: Progress) -> tuple[pd.DataFrame, tuple[IndicatorMeta, ...]]:
    """Every indicator's observations, validated, and the metadata of each (in registry order)."""
    tables = {source_id: source.tables for source_id, source in loaded.items()}
    frames, metas = [], []
    for indicator in indicators:
        with step(f"indicator {indicator.meta.id}", progress):
            frame = OBSERVATION_SCHEMA.validate(indicator.compute(tables), lazy=False)
            if set(frame["indicator_id"]) != {indicator.meta.id}:
                raise ValueError("compute() returned rows for another indicator")
            frames.append(frame)
            metas.append(indicator.meta)
    return pd.concat(frames, ignore_index=True), tuple(metas)


def check_known_areas(observations: pd.DataFrame, areas: pd.DataFrame) -> None:
    unknown = sorted(set(observations["area_code"]) - set(areas["area_code"]))
    if unknown:
        raise ValueError(f"observations for unknown area code(s) {unknown}")
