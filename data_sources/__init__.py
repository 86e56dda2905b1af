"""One module per published dataset; ``SOURCES`` lists them in the order they load.

Why an explicit order: later sources are recoded with the council codes of
``geography``, so it loads first and its tables are handed on.
"""
from __future__ import annotations

from typing import Callable

from data_sources import dfe_england, framework, geography, lgbf, nrs_population, sg_csws_national
from data_sources.base import LoadedSource, load_source
from settings import Settings

SOURCES = (geography, framework, lgbf, nrs_population, sg_csws_national, dfe_england)


def load_all(settings: Settings, on_progress: Callable[[str], None] | None = None, sources=SOURCES) -> dict[str, LoadedSource]:
    """Parse every source in ``sources`` (modules with ``SPEC`` and ``parse``), in order."""
    loaded: dict[str, LoadedSource] = {}
    for module in sources:
        if on_progress is not None:
            on_progress(module.SPEC.id)
        upstream = {source_id: source.tables for source_id, source in loaded.items()}
        loaded[module.SPEC.id] = load_source(module.SPEC, module.parse, settings, upstream)
    return loaded
