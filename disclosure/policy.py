"""The disclosure policy: every threshold and additive structure, in one reviewed module.

Why one module: a statistician signing off the dashboard reviews this file and
nothing else to know what is withheld and why (DESIGN.md §4). Changing a number
here is a policy decision, so thresholds may only be raised, never lowered.
"""
from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5  # counts 1-4 are withheld; true zeros stay 0
UNRELIABLE_BELOW = 20  # a rate from fewer than 20 events is flagged [u]

# Per-indicator thresholds: upward only (checked at import).
THRESHOLD_OVERRIDES: dict[str, int] = {}


@dataclass(frozen=True)
class Family:
    """Counts that add up: ``parts`` sum to ``total`` for every area and period,
    and (when ``areas_add_up``) the 32 councils sum to Scotland for every category."""

    total: str
    parts: tuple[str, ...]
    areas_add_up: bool = True


FAMILIES: dict[str, Family] = {
    # Children looked after at 31 July: in the community + in residential accommodation = all.
    "looked_after": Family(total="total", parts=("community", "residential")),
    # Young people eligible for aftercare: receiving it + not receiving it (only the first is published).
    "aftercare": Family(total="eligible", parts=("receiving", "not_receiving")),
}
# Any other family named by an indicator's counts is a count on its own: councils add up to
# Scotland where both are published, with no breakdown into parts.


def threshold_for(indicator_id: str) -> int:
    return max(THRESHOLD, THRESHOLD_OVERRIDES.get(indicator_id, THRESHOLD))


def _check_overrides() -> None:
    lowered = {k: v for k, v in THRESHOLD_OVERRIDES.items() if v < THRESHOLD}
    if lowered:
        raise ValueError(f"disclosure thresholds may only be raised above {THRESHOLD}: {lowered}")


_check_overrides()
