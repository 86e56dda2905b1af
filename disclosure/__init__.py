"""Disclosure control: the only door from computed indicators into the store.

Why a door: every figure here is about children, often in small councils. The
store writer accepts nothing but a ``ControlledObservations``, and only
``control()`` makes one, so no code path can write a figure that has not been
through the disclosure rules (DESIGN.md §4).

Status: the rules themselves (primary and secondary suppression, the linear
programme audit) are the subject of the "Disclosure control" issue. Until that
lands, ``control()`` passes counts through unchanged and says so in its report.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from indicators.schema import OBSERVATION_COLUMNS, OBSERVATION_SCHEMA

PASS_THROUGH_NOTE = (
    "Disclosure control is not yet applied: figures are passed through as published "
    "(the published sources are already aggregated and controlled by their publishers)."
)


@dataclass(frozen=True)
class ControlledObservations:
    """Observations that have been through ``control()``; the store accepts nothing else."""

    frame: pd.DataFrame
    suppressed_per_indicator: dict[str, int] = field(default_factory=dict)
    note: str = ""
    _token: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._token is not _DOOR:
            raise TypeError("ControlledObservations can only be made by disclosure.control()")


_DOOR = object()


def control(observations: pd.DataFrame) -> ControlledObservations:
    """Apply disclosure control to the whole build's observations at once."""
    frame = OBSERVATION_SCHEMA.validate(observations[OBSERVATION_COLUMNS].copy())
    suppressed = {
        indicator_id: int((group["status"] == "[c]").sum())
        for indicator_id, group in frame.groupby("indicator_id", sort=True)
    }
    return ControlledObservations(frame=frame, suppressed_per_indicator=suppressed, note=PASS_THROUGH_NOTE, _token=_DOOR)
