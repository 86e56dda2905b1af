"""Attacks on what the dashboard serves: counts of 1-4 children must not be recoverable.

The attacker model (issue 11). The attacker has no access to the store, the build
or its reports. They have everything public: the code and the README (so they know
every disclosure rule and which figures are additive), the `promise-dashboard
export` CSV, the site's `/download/all-data.csv`, and every download the app serves (`/download/indicator/<id>/
trend.csv` for every council and Scotland, with its metadata header giving the
unit). They read files as files: they skip the `#` header lines, read status
symbols (`[c]`, `[x]`, ...) rather than numbers, and take a value printed with d
decimals to be known to ±0.5×10^-d (a value whose printed text is a float's
shortest round-trip form, e.g. `11.110000000000001`, is read as the two-decimal
figure it obviously is). Counts are whole numbers and non-negative.

Two attacks, each a test that fails listing every cell it recovers:

1. Share × count. For every pair (A, B) of published series, A a share or rate
   (unit %, per N) and B a published count (a count indicator, or any numerator or
   denominator column of the export), same area, aligned periods (same period, and
   a reporting year 'YYYY-YY' with the 31 July snapshot at its end or its start),
   the numerator n = A/scale × B lies in an interval given by the printed decimals.
   A pair is taken as a real share-of-count link when its intervals land on whole
   numbers far more often than their widths allow by chance (a real denominator
   lands on one in every cell, however coarse the rounding). In a linked pair, an
   interval holding a single whole number n with 1 ≤ n ≤ 4 (or, for a share,
   1 ≤ B − n ≤ 4) recovers a withheld-size count.
2. Additive relations, algorithm-agnostic. Community + residential = all looked
   after (per council and period); councils sum to Scotland for every count
   series; a family group's published average is the mean of its members' counts
   (or, for a share, pooled numerators over pooled denominators; membership read
   from the trend downloads' family-group lines); two series equal wherever both
   are published are the same figure. Each kind is used in a period only where
   its fully published instances hold. An integer programme (scipy's `milp`)
   over every withheld and unavailable cell finds, for each withheld (`[c]`)
   count, the whole-number range consistent with everything published; a range
   narrower than 5 (max − min < 5) protects nothing. The attack that also re-runs
   the suppression rule (knowing the algorithm) lives with the audit in
   `disclosure/`.

Both read only what is served, never the store, so they keep working whatever the
build does inside; they pass only when the served figures no longer give these
counts away.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import LinearConstraint, milp
from scipy.stats import binom

from contract.areas import SCOTLAND

THRESHOLD = 5  # counts of 1-4 are withheld (README, "Disclosure control")
WITHHELD, NOT_AVAILABLE = "[c]", "[x]"
UNPUBLISHED = {WITHHELD, NOT_AVAILABLE, "[z]"}
AREAS_PER_DOWNLOAD = 8  # the trend view compares at most 8 councils
COUNT_COLUMNS = ("numerator", "denominator")
LINK_EVIDENCE = 1e-6  # chance of so many whole numbers by coincidence, below which a share-count pair is linked
# The one additive relation between indicators that the README states:
# community + residential = all looked after. The community count is the numerator
# of the community share.
PARTS_OF_LOOKED_AFTER = (("looked_after_community_pct", "numerator"), ("looked_after_residential_count", "value"))
ALL_LOOKED_AFTER = ("looked_after_count", "value")


# ---------------------------------------------------------------------------
# Reading what is served, as an attacker would


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def __and__(self, other: "Interval") -> "Interval":
        return Interval(max(self.low, other.low), min(self.high, other.high))

    @property
    def exact(self) -> bool:
        return self.low == self.high


def printed_interval(text: str, whole: bool = False) -> Interval | None:
    """What a printed figure says about the true one: ±0.5×10^-d for d decimals
    (float noise such as 11.110000000000001 read as the 2 decimals it is). ``whole``
    for counts: an integer is exact. None for a symbol or blank."""
    text = text.strip().replace(",", "").removesuffix("%").split(" ")[0]
    if not text or text.startswith("["):
        return None
    value = float(text)
    if whole and value.is_integer():
        return Interval(value, value)
    tolerance = 1e-9 * max(1.0, abs(value))
    decimals = next((d for d in range(16) if abs(value - round(value, d)) <= tolerance), 15)
    fraction = text.partition(".")[2]
    if fraction and len(fraction.rstrip("0")) <= decimals:  # printed trailing zeros are decimals too ("20.0%")
        decimals = len(fraction)
    half = 0.5 * 10.0 ** -decimals + tolerance
    return Interval(value - half, value + half)


def year_of(period: str) -> int:
    """The 31 July snapshot a period ends at: '2010-11' → 2011, '2011' → 2011."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", period)
    assert match, f"unexpected period '{period}'"
    return int(match.group(1)) + (1 if match.group(2) else 0)


def scale_of(unit: str) -> float | None:
    """100 for a percentage, N for 'per N …'; None for a count or money."""
    if "%" in unit:
        return 100.0
    per = re.match(r"per ([\d,]+)", unit)
    return float(per.group(1).replace(",", "")) if per else None


def is_count_unit(unit: str) -> bool:
    return scale_of(unit) is None and "£" not in unit and "per" not in unit


@dataclass
class Served:
    """Everything published, by series ('indicator' or 'indicator[column]'), area and period."""
    units: dict[str, str]
    figures: dict[tuple[str, str, str], Interval]
    statuses: dict[tuple[str, str, str], str]
    areas: set[str]
    families: dict[str, list[str]] = field(default_factory=dict)  # 'family:<code>' → member councils
    names: dict[str, str] = field(default_factory=dict)  # area code → name, for messages

    def series(self) -> set[str]:
        return {key[0] for key in self.figures} | {key[0] for key in self.statuses}

    def cells(self, series: str) -> dict[tuple[str, str], Interval]:
        """One series' figures by (area, period), indexed on first use (read once the files are read)."""
        if getattr(self, "_by_series", None) is None or self._indexed != len(self.figures):
            self._by_series: dict[str, dict] = defaultdict(dict)
            for (name, area, period), value in self.figures.items():
                self._by_series[name][(area, period)] = value
            self._indexed = len(self.figures)
        return self._by_series.get(series, {})


def _read_csv_body(text: str) -> tuple[list[str], list[dict]]:
    header = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return header, list(csv.DictReader(io.StringIO(body)))


def _export(settings, out: Path) -> list[dict]:
    """The `promise-dashboard export` CSV, run as a user runs it."""
    env = {**os.environ, "PROMISE_STORE_URL": settings.store_url, "PROMISE_VAR_DIR": str(settings.var_dir),
           "PROMISE_RAW_MIRROR": str(settings.raw_mirror or "")}
    script = Path(sys.executable).with_name("promise-dashboard")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "promise_cli"]
    done = subprocess.run([*command, "export", "--out", str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"promise-dashboard export failed: {done.stderr}"
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _note(served: Served, key: tuple[str, str, str], interval: Interval | None, status: str) -> None:
    if status in UNPUBLISHED:
        served.statuses[key] = status
        return
    served.statuses.setdefault(key, status)
    if interval is not None:
        known = served.figures.get(key)
        served.figures[key] = interval if known is None else known & interval
        merged = served.figures[key]
        assert merged.low <= merged.high + 1e-9, f"{key}: the export and a download disagree"


@pytest.fixture(scope="module")
def served(built_settings, dash_app, tmp_path_factory) -> Served:
    rows = _export(built_settings, tmp_path_factory.mktemp("attack") / "export.csv")
    result = Served(units={}, figures={}, statuses={}, areas={row["area_code"] for row in rows},
                    names={row["area_code"]: row["area_name"] for row in rows})
    council_areas: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["area_code"] != SCOTLAND:
            council_areas[row["indicator_id"]].add(row["area_code"])
    client = dash_app.server.test_client()
    for indicator in sorted(council_areas.keys() | {row["indicator_id"] for row in rows}):
        councils = sorted(council_areas[indicator])
        chunks = [councils[i:i + AREAS_PER_DOWNLOAD] for i in range(0, len(councils), AREAS_PER_DOWNLOAD)] or [[]]
        for chunk in chunks:
            response = client.get(f"/download/indicator/{indicator}/trend.csv?areas={','.join(chunk)}")
            assert response.status_code == 200, f"{indicator} trend download: {response.status_code}"
            header, body = _read_csv_body(response.get_data(as_text=True))
            unit = next(line.removeprefix("Unit: ") for line in header if line.startswith("Unit: "))
            result.units[indicator] = unit
            for row in body:
                _note(result, (indicator, row["area_code"], row["period"]),
                      printed_interval(row["value"], whole=is_count_unit(unit)), row["status"])
    with_counts = {f"{row['indicator_id']}[{column}]" for row in rows for column in COUNT_COLUMNS if row[column]}
    # The site's "download all data" file: the same cells again, read as another file (it must agree).
    site = _read_csv_body(client.get("/download/all-data.csv").get_data(as_text=True))[1]
    assert len(site) == len(rows), "the all-data download holds every exported observation"
    for row in rows + site:
        indicator, area, period, status = row["indicator_id"], row["area_code"], row["period"], row["status"]
        _note(result, (indicator, area, period), printed_interval(row["value"], whole=is_count_unit(result.units[indicator])), status)
        for column in COUNT_COLUMNS:
            series = f"{indicator}[{column}]"
            if series in with_counts:
                result.units[series] = "count"
                _note(result, (series, area, period), printed_interval(row[column], whole=True), status)
    _read_family_averages(result, client, council_areas, with_counts)
    return result


def _family_rows(client, indicator: str, council: str) -> list[dict]:
    response = client.get(f"/download/indicator/{indicator}/trend.csv?areas={council}&comparator=family")
    assert response.status_code == 200, f"{indicator} family trend download: {response.status_code}"
    return [row for row in _read_csv_body(response.get_data(as_text=True))[1] if row["area_code"].startswith("family:")]


def _read_family_averages(served: Served, client, council_areas: dict[str, set[str]], with_counts: set[str]) -> None:
    """Each council's LGBF family group (the group average the trend view adds for the
    first council names it) and every group's average of the series that carry counts:
    count indicators (mean of members) and shares with published numerators (pooled)."""
    eligible = sorted(i for i, areas in council_areas.items() if areas and (
        is_count_unit(served.units[i]) or f"{i}[numerator]" in with_counts))
    if not eligible:
        return
    first = eligible[0]
    for council in sorted(council_areas[first]):
        rows = _family_rows(client, first, council)
        if rows:
            served.families.setdefault(rows[0]["area_code"], []).append(council)
            for row in rows:
                _note(served, (first, row["area_code"], row["period"]), printed_interval(row["value"]), row["status"])
    for indicator in eligible[1:]:
        for members in served.families.values():
            for row in _family_rows(client, indicator, members[0]):
                _note(served, (indicator, row["area_code"], row["period"]), printed_interval(row["value"]), row["status"])


def test_no_withheld_cell_has_a_number_in_any_file(served):
    """The export and every download agree: a cell withheld in one is a symbol in all."""
    both = sorted(key for key, status in served.statuses.items() if status in UNPUBLISHED and key in served.figures)
    assert not both, f"{len(both)} cells are a symbol in one file and a number in another: {both[:20]}"


# ---------------------------------------------------------------------------
# Attack 1: a share or rate times a published count


@dataclass(frozen=True)
class Recovery:
    share: str
    count: str
    area: str
    period: str
    count_period: str
    n: int
    of: int

    def __str__(self) -> str:
        return f"{self.share} × {self.count}: {self.area} {self.period} (count {self.count_period}) → {self.n} of {self.of}"


def _numerator_interval(share: Interval, scale: float, count: Interval) -> Interval:
    return Interval(max(0.0, share.low) / scale * count.low, share.high / scale * count.high)


def _single_whole(interval: Interval) -> int | None:
    low, high = math.ceil(interval.low - 1e-9), math.floor(interval.high + 1e-9)
    return low if low == high else None


def _aligned(share_cells, count_cells, offset: int):
    """(area, share period, count period) with the count's snapshot ``offset`` years from the share period's end."""
    by_year = defaultdict(list)
    for (area, period) in count_cells:
        by_year[(area, year_of(period))].append(period)
    for (area, period) in share_cells:
        for count_period in by_year.get((area, year_of(period) + offset), ()):
            if offset == 0 or "-" in period:
                yield area, period, count_period


def _beyond_chance(hits: int, informative: int, total_width: float) -> bool:
    """Whole numbers found far more often than intervals of these widths would by
    chance (a true share of a count lands on one every time, however coarse the
    rounding; a coincidental pair about as often as the widths allow)."""
    return binom.sf(hits - 1, informative, min(1.0, total_width / informative)) < LINK_EVIDENCE


def share_times_count(served: Served) -> tuple[list[Recovery], list[str]]:
    """Every recovered count of 1-4 and every share-count link found."""
    shares = {s: scale_of(served.units[s]) for s in served.series() if s in served.units and scale_of(served.units[s])}
    counts = {s for s in served.series() if is_count_unit(served.units.get(s, "count"))}
    recoveries: list[Recovery] = []
    links: list[str] = []
    count_cells = {s: {k: v for k, v in served.cells(s).items() if v.exact} for s in counts}
    for share, scale in sorted(shares.items()):
        share_cells = served.cells(share)
        for count in sorted(counts):
            for offset in (0, -1):
                informative, hits, chance, found = 0, 0, 0.0, []
                for area, period, count_period in _aligned(share_cells, count_cells[count], offset):
                    total = count_cells[count][(area, count_period)]
                    implied = _numerator_interval(share_cells[(area, period)], scale, total)
                    width = implied.high - implied.low
                    if width >= 1 or total.low <= 0:
                        continue
                    informative += 1
                    chance += width
                    n = _single_whole(implied)
                    if n is None:
                        continue
                    hits += 1
                    of = int(total.low)
                    small = 1 <= n < THRESHOLD or (scale == 100.0 and 1 <= of - n < THRESHOLD)
                    if small:
                        found.append(Recovery(share, count, area, period, count_period, n, of))
                linked = hits >= 3 and hits >= 0.5 * informative and _beyond_chance(hits, informative, chance)
                if linked:
                    links.append(f"{share} × {count} (offset {offset}): {hits} of {informative} cells land on a whole number")
                    recoveries += found
    return recoveries, links


def test_no_count_below_5_follows_from_a_share_times_a_published_count(served):
    recoveries, links = share_times_count(served)
    assert any(link.startswith("looked_after_community_pct × looked_after_count") for link in links), (
        "the attack must find the documented link (community share over all looked after) or it finds nothing: "
        + "; ".join(links))
    cells = sorted({(r.share, f"{r.area} {served.names.get(r.area, '')}", r.period, r.n, r.of) for r in recoveries})
    assert not recoveries, (
        f"{len(cells)} counts below {THRESHOLD} recovered from share × published count "
        f"(share, area, period, n, of N):\n" + "\n".join(map(str, cells))
        + "\nvia:\n" + "\n".join(sorted({f'{r.share} × {r.count}' for r in recoveries}))
        + "\nlinks found:\n" + "\n".join(links))


# ---------------------------------------------------------------------------
# Attack 2: additive relations, solved for each withheld cell


@dataclass(frozen=True)
class Cell:
    series: str
    area: str
    period: str


def _series_of(indicator: str, column: str) -> str:
    return indicator if column == "value" else f"{indicator}[{column}]"


def _count_series(served: Served) -> list[str]:
    """Count series with councils and Scotland: count indicators and numerator columns."""
    areas: dict[str, set[str]] = defaultdict(set)
    for series, area, _ in [*served.figures, *served.statuses]:
        areas[series].add(area)
    return [series for series in sorted(areas) if is_count_unit(served.units.get(series, "")) and not series.endswith("[denominator]")
            and SCOTLAND in areas[series] and len(areas[series]) > 1]


Terms = list[tuple[float, Cell]]


def _identities(served: Served) -> list[tuple[str, str]]:
    """Pairs of count series that are the same figure: equal wherever both are
    published, over at least 10 cells (e.g. the community share's denominator and
    the looked-after count)."""
    counts = sorted(s for s in served.series() if is_count_unit(served.units.get(s, "")))
    exact = {s: {k: v.low for k, v in served.cells(s).items() if v.exact} for s in counts}
    pairs = []
    for i, first in enumerate(counts):
        for second in counts[i + 1:]:
            common = exact[first].keys() & exact[second].keys()
            if len(common) >= 10 and all(exact[first][k] == exact[second][k] for k in common):
                pairs.append((first, second))
    return pairs


@dataclass
class Visible:
    """What the relations are built from: same-figure pairs, count series, published family averages."""
    identities: list[tuple[str, str]]
    count_series: list[str]
    family_averages: dict[tuple[str, str], list[str]]  # (family, period) → indicators


def _visible(served: Served) -> Visible:
    averages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for indicator, area, period in sorted(served.figures):
        if area in served.families:
            averages[(area, period)].append(indicator)
    return Visible(_identities(served), _count_series(served), averages)


def _additive_candidates(served: Served, period: str, visible: Visible) -> dict[str, list[tuple[Terms, Interval]]]:
    """Every visible relation of one period, by kind: Σ coefficient × cell lies in the interval."""
    councils = sorted(a for a in served.areas if a != SCOTLAND)
    zero = Interval(0.0, 0.0)
    candidates: dict[str, list[tuple[Terms, Interval]]] = defaultdict(list)
    for first, second in visible.identities:
        for area in [SCOTLAND, *councils]:
            candidates[f"same {first} {second}"].append(([(1, Cell(first, area, period)), (-1, Cell(second, area, period))], zero))
    parts = [_series_of(*p) for p in PARTS_OF_LOOKED_AFTER]
    whole = _series_of(*ALL_LOOKED_AFTER)
    for area in [SCOTLAND, *councils]:
        candidates["parts"].append(([(1, Cell(s, area, period)) for s in parts] + [(-1, Cell(whole, area, period))], zero))
    for series in visible.count_series:
        candidates[f"councils {series}"].append(
            ([(1, Cell(series, a, period)) for a in councils] + [(-1, Cell(series, SCOTLAND, period))], zero))
    for family, members in served.families.items():
        for indicator in visible.family_averages.get((family, period), []):
            average = served.figures[(indicator, family, period)]
            scale = scale_of(served.units[indicator])
            if scale is None:  # a count: the mean of the members
                candidates[f"family {indicator}"].append(
                    ([(1, Cell(indicator, a, period)) for a in members], Interval(average.low * len(members), average.high * len(members))))
            else:  # a share or rate: pooled, Σ numerators / Σ denominators × scale
                for bound, target in ((average.high, Interval(-math.inf, 0.0)), (average.low, Interval(0.0, math.inf))):
                    candidates[f"family {indicator}"].append(
                        ([(scale, Cell(f"{indicator}[numerator]", a, period)) for a in members]
                         + [(-bound, Cell(f"{indicator}[denominator]", a, period)) for a in members], target))
    return candidates


def _relations(served: Served) -> tuple[dict[str, list[tuple[Terms, Interval]]], dict[str, int]]:
    """Each period's visible relations that involve a withheld cell, and how many
    fully published instances of each kind were seen to hold. A kind of
    relation is used in a period only if every fully published instance of it in
    that period holds (SG's national 2024 figures, for one, do not add up: their
    parts leave 2 children over)."""
    periods = sorted({key[2] for key in served.statuses})
    relations: dict[str, list[tuple[Terms, Interval]]] = defaultdict(list)
    verified: dict[str, int] = defaultdict(int)
    visible = _visible(served)
    for period in periods:
        for kind, instances in _additive_candidates(served, period, visible).items():
            holds, withheld = True, []
            for terms, target in instances:
                known = [served.figures.get((c.series, c.area, c.period)) for _, c in terms]
                if any(served.statuses.get((c.series, c.area, c.period)) == WITHHELD for _, c in terms):
                    withheld.append((terms, target))
                elif all(k is not None and k.exact for k in known):
                    total = sum(coefficient * k.low for (coefficient, _), k in zip(terms, known))
                    fits = target.low - 1e-6 <= total <= target.high + 1e-6
                    holds = holds and fits
                    verified[kind.split()[0]] += fits
            if holds:
                relations[period] += withheld
    return relations, dict(verified)


def feasible_ranges(served: Served) -> tuple[dict[Cell, tuple[float, float]], dict[str, int]]:
    """Each withheld count's whole-number range under every visible relation of its
    period, and how many published instances of each kind of relation held."""
    ranges: dict[Cell, tuple[float, float]] = {}
    by_period, verified = _relations(served)
    for period, relations in by_period.items():
        unknown: dict[Cell, int] = {}
        rows, lows, highs = [], [], []
        for terms, target in relations:
            row: dict[int, float] = defaultdict(float)
            constant = 0.0
            for coefficient, cell in terms:
                known = served.figures.get((cell.series, cell.area, cell.period))
                if known is not None and known.exact:
                    constant += coefficient * known.low
                else:
                    row[unknown.setdefault(cell, len(unknown))] += coefficient
            rows.append(row)
            lows.append(target.low - constant)
            highs.append(target.high - constant)
        matrix = np.zeros((len(rows), len(unknown)))
        for i, row in enumerate(rows):
            for j, coefficient in row.items():
                matrix[i, j] = coefficient
        constraint = LinearConstraint(matrix, lows, highs)
        integrality = np.ones(len(unknown))
        for cell, j in unknown.items():
            if served.statuses.get((cell.series, cell.area, cell.period)) != WITHHELD or cell.series.endswith("[denominator]"):
                continue  # a withheld share's denominator is a total published elsewhere, not a withheld count
            objective = np.zeros(len(unknown))
            objective[j] = 1.0
            low = milp(objective, constraints=constraint, integrality=integrality, bounds=(0, np.inf))
            high = milp(-objective, constraints=constraint, integrality=integrality, bounds=(0, np.inf))
            assert low.status == 0, f"{cell}: no whole-number solution fits what is published ({low.message})"
            ranges[cell] = (round(low.fun), math.inf if high.status == 3 else round(-high.fun))
    return ranges, verified


def test_every_withheld_count_spans_at_least_5_under_the_visible_sums(served):
    ranges, verified = feasible_ranges(served)
    assert ranges, "no withheld count found in the export: the attack would prove nothing"
    assert all(verified.get(kind, 0) > 0 for kind in ("parts", "councils", "same", "family")), (
        f"a relation the attacker relies on was never seen to hold in the served figures: {verified}")
    narrow = sorted((c.series, f"{c.area} {served.names.get(c.area, '')}", c.period, low, high)
                    for c, (low, high) in ranges.items() if high - low < THRESHOLD)
    assert not narrow, (f"{len(narrow)} withheld counts narrowed below {THRESHOLD} by the published sums "
                        f"(series, area, period, min, max):\n" + "\n".join(map(str, narrow)))


# ---------------------------------------------------------------------------
# The attacks themselves can fail: FIXTURE tables (made-up numbers, never shown)


def _fixture_served(figures: dict[tuple[str, str, str], str], statuses: dict[tuple[str, str, str], str], units: dict[str, str]) -> Served:
    served = Served(units=units, figures={}, statuses={}, areas={key[1] for key in [*figures, *statuses] if key[1].startswith("S")})
    for key, text in figures.items():
        _note(served, key, printed_interval(text, whole=is_count_unit(units[key[0]])), "")
    for key, status in statuses.items():
        _note(served, key, None, status)
    return served


@pytest.mark.parametrize("decimals", [2, 0])
def test_share_times_count_finds_a_planted_small_count(decimals):
    """FIXTURE: 40 made-up council-years of a share over a published count, printed
    to 2 decimals or rounded to whole per cent; one of them is 2 of 18 (11.11%)."""
    figures, units = {}, {"placements_pct": "%", "looked_after": "children"}
    for i, size in enumerate(range(18, 98, 2)):
        n = 2 if size == 18 else size // 3
        figures[("placements_pct", f"S1200{i:04d}", "2010-11")] = f"{100 * n / size:.{decimals}f}"
        figures[("looked_after", f"S1200{i:04d}", "2011")] = str(size)
    recoveries, links = share_times_count(_fixture_served(figures, {}, units))
    assert [(r.area, r.n, r.of) for r in recoveries] == [("S12000000", 2, 18)], (recoveries, links)


def test_additive_attack_finds_a_lone_withheld_cell_and_a_narrow_pair():
    """FIXTURE: three made-up councils. In 2011 one residential count is withheld
    alone (its value follows from the total); in 2012 two are withheld in a
    council-sum whose slack is 3."""
    a, b, c = "S12000001", "S12000002", "S12000003"
    units = {"looked_after_count": "children", "looked_after_residential_count": "children", "looked_after_community_pct": "%",
             "looked_after_community_pct[numerator]": "count"}
    figures, statuses = {}, {}
    for period, rows in {"2011": {a: (30, 3), b: (40, 10), c: (50, 12)}, "2012": {a: (30, 2), b: (40, 1), c: (50, 12)}}.items():
        for area, (total, residential) in rows.items():
            figures[("looked_after_count", area, period)] = str(total)
            figures[("looked_after_residential_count", area, period)] = str(residential)
            figures[("looked_after_community_pct[numerator]", area, period)] = str(total - residential)
        figures[("looked_after_count", SCOTLAND, period)] = str(sum(t for t, _ in rows.values()))
        figures[("looked_after_residential_count", SCOTLAND, period)] = str(sum(r for _, r in rows.values()))
        figures[("looked_after_community_pct[numerator]", SCOTLAND, period)] = str(sum(t - r for t, r in rows.values()))
    statuses[("looked_after_residential_count", a, "2011")] = WITHHELD
    del figures[("looked_after_residential_count", a, "2011")]
    for area in (a, b):
        for series in ("looked_after_residential_count", "looked_after_community_pct[numerator]"):
            statuses[(series, area, "2012")] = WITHHELD
            del figures[(series, area, "2012")]
    ranges, _ = feasible_ranges(_fixture_served(figures, statuses, units))
    assert ranges[Cell("looked_after_residential_count", a, "2011")] == (3, 3)
    assert ranges[Cell("looked_after_residential_count", a, "2012")] == (0, 3)
    assert ranges[Cell("looked_after_residential_count", b, "2012")] == (0, 3)


def test_additive_attack_reads_a_family_group_average():
    """FIXTURE: a made-up family group of three councils whose average residential
    count (printed to 3 decimals) is published while one member is withheld."""
    a, b, c, d = "S12000001", "S12000002", "S12000003", "S12000004"
    units = {"looked_after_count": "children", "looked_after_residential_count": "children"}
    figures = {}
    for period, rows in {"2011": {a: (30, 7), b: (40, 10), c: (50, 12), d: (60, 20)},
                         "2012": {a: (30, 3), b: (40, 10), c: (50, 12), d: (60, 20)}}.items():
        for area, (total, residential) in rows.items():
            figures[("looked_after_count", area, period)] = str(total)
            figures[("looked_after_residential_count", area, period)] = str(residential)
        figures[("looked_after_count", SCOTLAND, period)] = str(sum(t for t, _ in rows.values()))
        figures[("looked_after_residential_count", SCOTLAND, period)] = str(sum(r for _, r in rows.values()))
        figures[("looked_after_residential_count", "family:1", period)] = f"{sum(rows[x][1] for x in (a, b, c)) / 3:.3f}"
    statuses = {("looked_after_residential_count", x, "2012"): WITHHELD for x in (a, d)}
    for key in statuses:
        del figures[key]
    served = _fixture_served(figures, statuses, units)
    served.families = {"family:1": [a, b, c]}
    ranges, verified = feasible_ranges(served)
    assert verified["family"] == 1, verified
    assert ranges[Cell("looked_after_residential_count", a, "2012")] == (3, 3)
    assert ranges[Cell("looked_after_residential_count", d, "2012")] == (20, 20)


# ---------------------------------------------------------------------------
# Attack 3: an attacker who knows the algorithm re-runs it (issue 11, the first attack that worked)


def _rerun_pattern(totals: dict[str, float], residential: dict[str, float], small: set[str], period: str) -> frozenset:
    """The project's own suppression procedure, re-run on one period's placements as the attacker fills them in."""
    from disclosure.cells import Cell, Pair, build_groups
    from disclosure.suppress import suppress
    from contract.status import Status

    cells = {}
    for area, total in totals.items():
        cells[("looked_after", "total", area, period)] = Cell(float(total), Status.PUBLISHED, threshold=THRESHOLD)
        cells[("looked_after", "residential", area, period)] = Cell(float(residential[area]), Status.PUBLISHED, threshold=THRESHOLD)
        cells[("looked_after", "community", area, period)] = Cell(float(total - residential[area]), Status.PUBLISHED, threshold=THRESHOLD)
    groups, _ = build_groups(cells)
    pairs = [Pair(("looked_after", "community", a, period), ("looked_after", "total", a, period)) for a in totals]
    withheld = suppress(cells, groups, pairs, small).cells
    return frozenset((k[1], k[2]) for k in withheld if k[1] in ("community", "residential"))


@pytest.mark.parametrize("period", [pytest.param("2011", marks=pytest.mark.slow), "2022"])  # 2011 in the full suite
def test_an_attacker_who_reruns_our_rules_cannot_narrow_a_withheld_count(served, period):
    """Every split of the withheld residential counts that fits the published totals, re-run through our own
    procedure (README: "Small areas, whatever their values"); keep those giving the [c] pattern we serve.
    Real tables: 31 July 2011 and 2022 (LGBF CHN08a/b denominators)."""
    import itertools

    totals = {area: served.figures[("looked_after_count", area, period)].low
              for area in served.areas if ("looked_after_count", area, period) in served.figures}
    councils = sorted(a for a in totals if a != SCOTLAND)
    residential_of = {a: served.figures.get(("looked_after_residential_count", a, period)) for a in totals}
    hidden = [a for a in councils if residential_of[a] is None]
    served_pattern = frozenset(
        (category, area) for area in councils for category, series in (("residential", "looked_after_residential_count"),
                                                                       ("community", "looked_after_community_pct"))
        if served.statuses.get((series, area, period)) == WITHHELD)
    assert hidden, f"{period}: the small councils' residential counts are withheld"
    # The attacker computes the small areas from the published totals of every year, as the README says.
    small = {area for (series, area, _), value in served.figures.items()
             if series == "looked_after_count" and area != SCOTLAND and value.low < 100}
    hidden_sum = residential_of[SCOTLAND].low - sum(residential_of[a].low for a in councils if a not in hidden)
    seen: dict[str, list[int]] = defaultdict(list)
    for first in itertools.product(*[range(int(min(totals[a], hidden_sum)) + 1) for a in hidden[:-1]]):
        split = (*first, int(hidden_sum) - sum(first))
        if not 0 <= split[-1] <= totals[hidden[-1]]:
            continue
        trial = {a: residential_of[a].low for a in totals if a not in hidden} | dict(zip(hidden, split))
        if _rerun_pattern(totals, trial, small, period) != served_pattern:
            continue
        for area, value in zip(hidden, split):
            seen[area].append(value)
    assert seen, f"{period}: no assignment reproduces the served pattern: the attacker's model of our rules is wrong"
    narrow = {served.names.get(a, a): (min(v), max(v)) for a, v in seen.items() if max(v) - min(v) < THRESHOLD}
    assert not narrow, f"{period}: residential counts narrowed below 5 by re-running our rules: {narrow}"
