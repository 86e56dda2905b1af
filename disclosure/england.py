"""Disclosure control for England's context figures (DfE) before they reach the store.

Why a rule of its own: DfE publishes local authorities' counts unrounded beside
their regions' totals, and withholds a few (``c``). Served together, a region's
total minus its other authorities would give a withheld count back. So, besides
the primary rule every figure here follows (a count of 1 to 4 is withheld with its
rate), every local authority of a region is withheld, for every measure, in a year
when any one of them is, and in the year after: the hidden counts then share the
region's totals, hundreds or thousands of children, and none can be narrowed to
fewer than 5 values. Every measure, because an authority's children looked after on
31 March is close to the year before's plus those who started less those who
ceased; the year after, because that year's stock, starts and ceased would give the
withheld stock back the same way. The choice
depends only on what DfE itself withholds (public), never on a hidden value, so an
attacker who re-runs it learns nothing. Rates are withheld with their counts
(DfE's rate times its population would give the count back); England and regional
totals are not withheld (every region's authorities are published or withheld as a
block, so no total is a sum with one unknown).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from contract.observation import CONTEXT_NUMBER_COLUMNS
from disclosure.policy import THRESHOLD
from contract.status import Status

_WITHHELD = Status.CONFIDENTIAL.value


@dataclass(frozen=True)
class ControlledContext:
    """England context rows that have been through ``control()``; the store accepts nothing else."""

    frame: pd.DataFrame
    withheld: int = 0
    _token: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._token is not _DOOR:
            raise TypeError("ControlledContext can only be made by disclosure.england.control()")


_DOOR = object()


def control(frame: pd.DataFrame) -> ControlledContext:
    out = frame.copy()
    small = out["count"].notna() & (out["count"] > 0) & (out["count"] < THRESHOLD)
    out.loc[small, "status"] = _WITHHELD
    authority = out["area_level"] == "local_authority"
    keys = ["series", "region_code", "period"]
    hit = out[authority & (out["status"] == _WITHHELD)][keys].drop_duplicates()
    # the year after too: its stock less its starts plus its ceased gives the withheld year's stock back
    following = hit.assign(period=(hit["period"].astype(int) + 1).astype(str))
    blocks = pd.concat([hit, following], ignore_index=True).drop_duplicates().assign(_hit=True)
    in_block = out[keys].merge(blocks, on=keys, how="left")["_hit"].fillna(False).to_numpy(dtype=bool)
    out.loc[authority & in_block, "status"] = _WITHHELD
    no_value = out["status"].isin([s.value for s in (Status.CONFIDENTIAL, Status.NOT_AVAILABLE, Status.NOT_APPLICABLE)])
    for column in CONTEXT_NUMBER_COLUMNS:
        out[column] = out[column].astype(float).where(~no_value)
    return ControlledContext(out.reset_index(drop=True), int((out["status"] == _WITHHELD).sum()), _DOOR)
