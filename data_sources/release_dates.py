"""When the publisher released the figure shown: "Last updated" in words.

Why: "Last updated" must be the publisher's release date of the figure a user is
looking at, not the day this dashboard was built. A date is given only where a
file the project ships records it (each one cites where); otherwise the page
names the publication and says its release date is not recorded here, rather
than guessing. No publisher's next release date is recorded in those files, so
none is ever stated as one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from contract.areas import SCOTLAND
from contract.status import WITHOUT_VALUE

WITHHELD = tuple(s.value for s in WITHOUT_VALUE)
NOT_RECORDED = "its release date is not recorded in the files used here"


@dataclass(frozen=True)
class Released:
    """A release date and the shipped file that records it."""

    date: str  # e.g. "25 March 2025"
    recorded_in: str


# Publication (as the vintage names it, without "(revised)" / "(first published)") → its release date.
SG_RELEASES: dict[str, Released] = {
    "CP 2023-24": Released("25 March 2025", "data/published/framework/promise_progress_framework.json (child protection rows)"),
    "Secure care 2024-25": Released("24 February 2026", "data/published/framework/promise_progress_framework.json (secure care row)"),
    "CSWS 2018-19 republication": Released("1 September 2020", "data/published/sg_csws_national/PROVENANCE.md"),
}
SG_NAMES = {
    "CSWS": "Children's Social Work Statistics", "CP": "Children's Social Work Statistics: Child Protection",
    "Secure care": "Secure Care Statistics", "EOLAC": "Education Outcomes for Looked After Children",
}
NRS_RELEASES: dict[int, Released] = {
    2022: Released("26 March 2024", "data/published/nrs_population/PROVENANCE.md"),
}
LGBF_COPIES = {  # the vintage's words → when the figures were taken (data/published/lgbf/PROVENANCE.md)
    "extract of March 2024": "as copied on 14 March 2024",
    "vintage of January 2022": "as updated in the Improvement Service's own repository on 12 January 2022",
}


def _sg(vintage: str) -> str:
    publication = re.sub(r"\s*\((revised|first published)\)$", "", vintage).strip()
    base = publication.replace(" republication", "")
    prefix = next((k for k in SG_NAMES if base.startswith(k)), None)
    name = f"{SG_NAMES[prefix]} {base[len(prefix):].strip()}" if prefix else publication
    if publication.endswith("republication"):
        name += " (republished)"
    if vintage.endswith("(revised)"):
        name += " (the figure as revised there)"
    released = SG_RELEASES.get(publication)
    return f"{name}, released by the Scottish Government on {released.date}" if released else f"Scottish Government, {name}; {NOT_RECORDED}"


def _lgbf(vintage: str) -> str:
    for words, when in LGBF_COPIES.items():
        if words in vintage:
            return f"Improvement Service, Local Government Benchmarking Framework data {when}; the Improvement Service's release date is not recorded in the files used here"
    return f"Improvement Service, Local Government Benchmarking Framework data; {NOT_RECORDED}"


def _nrs(period: str) -> str:
    year = int(period[:4]) if period[:4].isdigit() else None
    released = NRS_RELEASES.get(year) if year else None
    if released:
        return f"National Records of Scotland mid-{year} population estimates, released on {released.date}"
    return f"National Records of Scotland mid-year population estimates; {NOT_RECORDED}"


def describe(source_id: str, vintage: str, period: str) -> str:
    """The release behind one figure, in words (each part of a figure made from two sources)."""
    parts = []
    for part in (p.strip() for p in vintage.split(";") if p.strip()):
        if part.startswith("NRS"):
            parts.append(_nrs(period))
        elif part.startswith("LGBF"):
            parts.append(_lgbf(part))
        elif source_id == "sg_csws_national" or part.startswith(("CSWS", "CP", "EOLAC", "Secure")):
            parts.append(_sg(part))
        else:
            parts.append(f"{part}; {NOT_RECORDED}")
    return "; ".join(parts)


def last_updated(observations: pd.DataFrame) -> dict[str, str]:
    """Per indicator: the release of its latest Scotland figure shown (the one a user reads first)."""
    shown = observations[(observations["area_code"] == SCOTLAND) & ~observations["status"].isin(WITHHELD)]
    out = {}
    for indicator_id, rows in shown.groupby("indicator_id"):
        latest = rows.sort_values("period").iloc[-1]
        out[indicator_id] = f"{latest['period']} figure: {describe(latest['source_id'], latest['vintage'], latest['period'])}."
    return out
