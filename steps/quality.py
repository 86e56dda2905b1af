"""The data-quality report of each build: the checks a statistician runs before signing off.

Why: in the spirit of the looked after children collection's first- and
second-level validation, every build says which totals add up, which councils'
codes were changed, which years are missing, which figures jumped, and which are
provisional or revised — written beside the build as a readable report and kept
in the store (published figures only) for the Data quality page.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from contract.areas import SCOTLAND
from contract.status import WITH_VALUE_SYMBOLS

JUMP_RELATIVE = 0.5  # a year-on-year change of more than 50% ...
JUMP_ABSOLUTE = {"count": 10.0, "rate": 5.0, "proportion": 10.0}  # ... and more than this many units


@dataclass(frozen=True)
class Check:
    source_id: str
    title: str
    status: str  # "pass", "warn" or "info"
    detail: str


def _geography(loaded) -> list[Check]:
    changes = loaded["geography"].tables["code_changes"]
    listed = "; ".join(f"{r.previous_code} → {r.council_code} ({r.since})" for r in changes.itertuples())
    return [Check("geography", "Council codes changed since 2018 are recoded to the current codes", "info", listed)]


def _lgbf(loaded) -> list[Check]:
    lgbf = loaded["lgbf"].tables
    councils, scotland = lgbf["council_values"], lgbf["scotland_values"].set_index(["indicator_code", "period"])
    checks = []
    for code, label in (("CHN08b", "community"), ("CHN08a", "residential")):
        rows = councils[(councils["indicator_code"] == code) & councils["denominator"].notna()]
        sums = rows.groupby("period")["denominator"].sum()
        bad = [p for p, total in sums.items() if (code, p) in scotland.index and scotland.loc[(code, p), "denominator"] != total]
        checks.append(Check("lgbf", f"Councils sum to Scotland: children in {label} placements ({code} denominators)",
                            "pass" if not bad else "warn",
                            f"{len(sums) - len(bad)} of {len(sums)} years add up" + (f"; not: {', '.join(bad)}" if bad else "")))
    old = lgbf["lac_jan2022"]
    old = old[(old["period"] == "2019-20") & (old["council_code"] != SCOTLAND)].set_index("council_code")
    for code, column, label in (("CHN08b", "lac_community", "community"), ("CHN08a", "lac_residential", "residential")):
        new = councils[(councils["indicator_code"] == code) & (councils["period"] == "2019-20")].set_index("council_code")["denominator"]
        differing = int((old[column].reindex(new.index) != new).sum())
        checks.append(Check("lgbf", f"Two vintages of 2019-20 ({label} counts)", "info",
                            f"{differing} councils differ between the IS January 2022 vintage (used: its total matches the SG "
                            "baseline of 14,458) and the March 2024 extract"))
    used = ["CHN19b", "CHN20b", "CHN22", "CHN23", "CHN24"]
    expected = councils[councils["indicator_code"].isin(used)].groupby("indicator_code")["period"].nunique() * 32
    present = councils[councils["indicator_code"].isin(used)].groupby("indicator_code").size()
    missing = {code: int(expected[code] - present[code]) for code in used if expected[code] > present[code]}
    checks.append(Check("lgbf", "Council-years absent from the LGBF file (shown as [x], never zero)",
                        "warn" if missing else "pass", ", ".join(f"{c}: {n}" for c, n in missing.items()) or "none"))
    return checks


def _nrs(loaded) -> list[Check]:
    years = sorted(loaded["nrs_population"].tables["population"]["year"].unique())
    gaps = [y for y in range(years[0], 2025) if y not in years]
    return [
        Check("nrs_population", "32 councils sum to Scotland for every year, sex and age", "pass", f"years {years[0]}-{years[-1]} as published"),
        Check("nrs_population", "Years with no population estimate in the open files (their rates are [x])", "warn",
              ", ".join(str(y) for y in gaps)),
        Check("nrs_population", "Series break", "info", "Mid-2022 estimates are based on Census 2022; earlier years on Census 2011."),
    ]


def _national(loaded, observations: pd.DataFrame) -> list[Check]:
    headline = loaded["sg_csws_national"].tables["headline"]
    provisional = headline[~headline["verified"]]
    revised = headline.groupby(["measure", "period"]).filter(lambda g: len(g) > 1)
    checks = [
        Check("sg_csws_national", "Values not yet checked against their publication page (shown as 'not yet checked against the publication')", "warn" if len(provisional) else "pass",
              f"{len(provisional)} of {len(headline)} values"),
        Check("sg_csws_national", "Figures revised by SG (both vintages kept; the revised one is shown)", "info",
              "; ".join(f"{m} {p}" for (m, p), _ in revised.groupby(["measure", "period"]))),
    ]
    totals = headline[headline["measure"] == "children looked after at 31 July"].set_index("period")["value"]
    ours = observations[(observations["indicator_id"] == "looked_after_count") & (observations["area_code"] == SCOTLAND)
                        & (observations["source_id"] == "lgbf")].set_index("period")["value"]
    both = sorted(set(totals.index) & set(ours.index))
    # SG may publish a year twice (first published, revised): the council sum must equal one of them.
    differ = [p for p in both if ours[p] not in set(totals.loc[[p]])]
    checks.append(Check("sg_csws_national", "SG national looked after totals equal the council sums (LGBF)", "pass" if not differ else "warn",
                        f"{len(both) - len(differ)} of {len(both)} years equal a published vintage" + (f"; differ: {', '.join(differ)}" if differ else "")))
    return checks


def _jumps(observations: pd.DataFrame, kinds: dict[str, str], names: dict[str, str]) -> Check:
    """Year-on-year jumps in published figures (withheld ones never enter this check)."""
    flagged = []
    published = observations[observations["status"].isin(WITH_VALUE_SYMBOLS) & (observations["area_code"] != SCOTLAND)]
    for (indicator_id, area), rows in published.sort_values("period").groupby(["indicator_id", "area_code"]):
        values = rows.set_index("period")["value"]
        for (p0, v0), (p1, v1) in zip(values.items(), list(values.items())[1:]):
            change = abs(v1 - v0)
            if v0 and change > JUMP_RELATIVE * abs(v0) and change > JUMP_ABSOLUTE.get(kinds[indicator_id], 10.0):
                flagged.append(f"{indicator_id} {names.get(area, area)} {p0}→{p1}: {v0:g}→{v1:g}")
    return Check("indicators", f"Year-on-year changes over {JUMP_RELATIVE:.0%} and above an absolute tolerance (councils)",
                 "warn" if flagged else "pass", "; ".join(flagged[:40]) + (f" (and {len(flagged) - 40} more)" if len(flagged) > 40 else "") or "none")


def run_checks(loaded, observations: pd.DataFrame, kinds: dict[str, str], names: dict[str, str], disclosure_report: dict) -> list[Check]:
    checks = _geography(loaded) + _lgbf(loaded) + _nrs(loaded) + _national(loaded, observations)
    checks.append(_jumps(observations, kinds, names))
    not_adding = disclosure_report.get("groups_not_adding_up", [])
    checks.append(Check("indicators", "Published parts that do not sum to their published total", "warn" if not_adding else "pass",
                        "; ".join(f"{g['total'][0]} {g['total'][2]} {g['total'][3]}" for g in not_adding) or "none"))
    return checks


def as_frame(checks: list[Check]) -> pd.DataFrame:
    frame = pd.DataFrame([asdict(c) for c in checks])
    frame.insert(0, "check_number", range(1, len(frame) + 1))
    return frame


def as_markdown(checks: list[Check], build_id: str) -> str:
    lines = [f"# Data quality report, build {build_id}", "", "| # | source | check | result | detail |", "|---|---|---|---|---|"]
    for number, check in enumerate(checks, start=1):
        lines.append(f"| {number} | {check.source_id} | {check.title} | {check.status} | {check.detail.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
