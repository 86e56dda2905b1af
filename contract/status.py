"""The status every published cell carries, with the GSS symbol users see.

Why in ``contract``: the status is part of the stored contract. The build writes it
and the web app reads and explains it, and neither side may import the other, so the
vocabulary lives below both.
"""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """One status per cell, read by every view (DESIGN.md §4.7)."""

    PUBLISHED = "ok"
    CONFIDENTIAL = "[c]"
    NOT_AVAILABLE = "[x]"
    NOT_APPLICABLE = "[z]"
    LOW = "[low]"
    UNRELIABLE = "[u]"

    @property
    def symbol(self) -> str:
        return "" if self is Status.PUBLISHED else self.value


WITHOUT_VALUE = frozenset({Status.CONFIDENTIAL, Status.NOT_AVAILABLE, Status.NOT_APPLICABLE})
WITH_VALUE = frozenset(Status) - WITHOUT_VALUE  # published, [low] and [u]: a number is shown
WITHOUT_VALUE_SYMBOLS = frozenset(s.value for s in WITHOUT_VALUE)  # as stored in the status column
WITH_VALUE_SYMBOLS = frozenset(s.value for s in WITH_VALUE)

EXPLANATIONS: dict[Status, str] = {
    Status.PUBLISHED: "Published figure.",
    Status.CONFIDENTIAL: "[c] Confidential: withheld so that a small number of children cannot be identified.",
    Status.NOT_AVAILABLE: "[x] Not available: the source publishes no figure for this area and period.",
    Status.NOT_APPLICABLE: "[z] Not applicable: no figure can exist for this area and period.",
    Status.LOW: "[low] Low: a figure that rounds to zero but is not zero.",
    Status.UNRELIABLE: ("[u] Low reliability: small numbers (a rate from fewer than 20 events, a share of fewer than 20 children, "
                         "or a stated small base); shown but never ranked, and its direction of travel is not assessed."),
}
