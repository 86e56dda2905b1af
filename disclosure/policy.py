"""The disclosure policy: every threshold, additive structure and fixed withholding, in one reviewed module.

Why one module: a statistician signing off the dashboard reviews this file and
nothing else to know what is withheld and why (DESIGN.md §4). Changing a number
here is a policy decision, so thresholds may only be raised, never lowered.

The attacker we defend against reads our code, this file, the README and every
download, and knows these rules exactly. Rules that choose which cells to withhold
from the hidden values themselves (e.g. "the smallest other council") can be
inverted by such an attacker, so the cells that protect small counts are chosen
from published sizes only (``SMALL_AREAS``) and withheld every period, whatever
their values: the pattern of ``[c]`` then says nothing about the counts behind it.
The build's audit (``disclosure.attack``) proves it by re-running this policy on
every assignment of the withheld cells consistent with everything published.
"""
from __future__ import annotations

from dataclasses import dataclass

from contract.small_numbers import UNRELIABLE_BELOW  # noqa: F401  (a rate from fewer than 20 events is flagged [u]; stated on the pages too)

THRESHOLD = 5  # counts 1-4 are withheld; true zeros stay 0

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
    # Looked after children with more than one placement in the year: implied by LGBF CHN23's share
    # times the published number looked after at 31 July (councils add up to Scotland).
    "more_than_one_placement": Family(total="children", parts=()),
}
# Any other family named by an indicator's counts is a count on its own: councils add up to
# Scotland where both are published, with no breakdown into parts.


@dataclass(frozen=True)
class SmallAreaRule:
    """Areas too small to publish a breakdown of, chosen from a published size alone.

    An area is small when its published ``size_family``/``size_category`` count was
    below ``below`` in any period. In every period, whatever their values, the
    small areas' cells of ``withhold`` (family → categories) are withheld.
    """

    size_family: str
    size_category: str
    below: int
    withhold: tuple[tuple[str, tuple[str, ...]], ...]


# Councils with fewer than 100 children looked after at 31 July in any year (Orkney, Shetland,
# Na h-Eileanan Siar and East Renfrewshire on the current data): at about one child in ten in
# residential care, their residential counts are the ones that fall below 5. Their community and
# residential counts, and the implied count behind their CHN23 share, are withheld every year;
# their total number of children looked after is published.
SMALL_AREAS = SmallAreaRule(
    size_family="looked_after",
    size_category="total",
    below=100,
    withhold=(("looked_after", ("community", "residential")), ("more_than_one_placement", ("children",))),
)


def threshold_for(indicator_id: str) -> int:
    return max(THRESHOLD, THRESHOLD_OVERRIDES.get(indicator_id, THRESHOLD))


def _check_overrides() -> None:
    lowered = {k: v for k, v in THRESHOLD_OVERRIDES.items() if v < THRESHOLD}
    if lowered:
        raise ValueError(f"disclosure thresholds may only be raised above {THRESHOLD}: {lowered}")


_check_overrides()
