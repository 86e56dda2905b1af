"""What each view shows, assembled from the store and validated URL parameters.

Why separate from the pages: the page, its CSV/XLSX download and its PNG/SVG
export must show exactly the same rows, so all three call these functions. Every
parameter is parsed by ``layouts.parameters`` against what the store holds.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from contract.areas import SCOTLAND
from layouts.indicator_info import IndicatorInfo
from layouts.parameters import (COMPARATORS, parse_area, parse_areas, parse_choice, parse_flag, parse_indicator,
                                 parse_period)
from store.export import EXPORT_COLUMNS, row_cells
from store.read import StoreReader

VIEWS = ("trend", "ranking", "map")  # every way an indicator can be shown, as its addresses name them

Reader = StoreReader  # what the pages are handed (the app's is layouts.cache.CachedReader, with the same reads)
export_cells = row_cells  # one export row as the CSV's text cells (the API's CSV agrees with the export cell for cell)


def _derived_from(frame: pd.DataFrame, compute):
    """``compute(frame)``, remembered for as long as that very frame lives.

    Why: within one request the cached reader hands out the same indicator and
    area tables to every view on the page (a council page asks 26 times), so
    the lookups built from them are built once; a new read is a new frame.
    """
    key = (id(frame), compute)
    entry = _DERIVED.get(key)
    if entry is None or entry[0]() is not frame:
        entry = _DERIVED[key] = (weakref.ref(frame), compute(frame))
        weakref.finalize(frame, _DERIVED.pop, key, None)  # forgotten with the frame
    return entry[1]


_DERIVED: dict = {}


def _metas(indicators: pd.DataFrame) -> dict[str, IndicatorInfo]:
    return {row["indicator_id"]: IndicatorInfo.from_store_row(row) for row in indicators.to_dict("records")}


def indicator_meta(reader: StoreReader, indicator_id) -> IndicatorInfo:
    metas = _derived_from(reader.indicators(), _metas)
    return metas[parse_indicator(indicator_id, metas)]


def all_indicator_metas(reader: StoreReader) -> list[IndicatorInfo]:
    """Every indicator's metadata, in the store's order."""
    return list(_derived_from(reader.indicators(), _metas).values())


def _councils(areas: pd.DataFrame) -> dict[str, str]:
    councils = areas[areas["area_type"] == "council"]
    return dict(zip(councils["area_code"], councils["area_name"]))


def council_codes(reader: StoreReader) -> dict[str, str]:
    return dict(_derived_from(reader.areas(), _councils))


def council_code(reader: StoreReader, value, parameter: str = "area") -> str:
    """The council a URL names (``ParameterError`` if none)."""
    return parse_area(value, council_codes(reader), parameter)


@dataclass
class IndicatorView:
    meta: IndicatorInfo
    periods: list[str]
    period: str
    areas: list[str]
    show_ci: bool
    comparator: str
    trend: pd.DataFrame
    observations: pd.DataFrame
    area_names: pd.DataFrame
    derived: pd.DataFrame
    sources: pd.DataFrame
    build: dict
    council_names: dict[str, str] = field(default_factory=dict)
    reader: StoreReader | None = field(default=None, repr=False)

    @cached_property
    def revisions(self) -> pd.DataFrame:
        """Other vintages of this indicator's figures (read when shown: the council page does not)."""
        return self.reader.revisions(self.meta.indicator_id)

    @cached_property
    def ranking(self) -> pd.DataFrame:
        """Every council in the chosen period with its rank and comparison with Scotland.

        Computed when first asked for: the council page draws only trends."""
        observations, derived, period = self.observations, self.derived, self.period
        ranking = observations[(observations["period"] == period) & (observations["area_code"] != SCOTLAND)]
        ranking = ranking.merge(self.area_names, on="area_code", how="left")
        rank_rows = derived[(derived["measure"] == "rank") & (derived["period"] == period)][["area_code", "value"]]
        ranking = ranking.merge(rank_rows.rename(columns={"value": "rank"}), on="area_code", how="left")
        versus = derived[(derived["measure"] == "compared_with_scotland") & (derived["period"] == period)]
        return ranking.merge(versus[["area_code", "value", "status"]].rename(columns={"value": "versus", "status": "versus_status"}),
                             on="area_code", how="left")

    @property
    def has_councils(self) -> bool:
        return "council" in self.meta.geographies

    @property
    def views(self) -> tuple[str, ...]:
        """The views this indicator can be shown (and downloaded) as: a ranking or map needs council figures."""
        return VIEWS if self.has_councils else ("trend",)

    def not_offered(self, which: str) -> str:
        """Why ``which`` is not offered, for the 404 a download or chart address gives."""
        return (f"{self.meta.indicator_id} has figures for Scotland only, so it has no {which}; "
                f"its trend is at /download/indicator/{self.meta.indicator_id}/trend.csv")

    def state(self) -> dict[str, str]:
        """The URL query that restores this view."""
        return {"areas": ",".join(self.areas), "ci": "1" if self.show_ci else "0",
                "period": self.period, "comparator": self.comparator}


def _with_names(frame: pd.DataFrame, reader: StoreReader) -> pd.DataFrame:
    names = reader.areas()[["area_code", "area_name"]]
    return frame.merge(names, on="area_code", how="left")


@dataclass(frozen=True)
class FamilyGroup:
    """A council's LGBF family group (looked up once per view)."""
    group_type: str
    group_code: str
    label: str


def family_group(reader: StoreReader, area: str) -> FamilyGroup | None:
    groups = reader.area_groups()
    membership = groups[groups["area_code"] == area]
    if membership.empty:
        return None
    row = membership.iloc[0]
    return FamilyGroup(group_type=str(row["group_type"]), group_code=str(row["group_code"]), label=str(row["label"]))


def _family_average_series(group: FamilyGroup | None, derived: pd.DataFrame) -> pd.DataFrame:
    if group is None:
        return pd.DataFrame()
    rows = derived[(derived["measure"] == "family_group_average") & (derived["group_code"] == group.group_code)
                   & (derived["group_type"] == group.group_type)]
    return pd.DataFrame({
        "area_code": f"family:{group.group_code}", "area_name": f"{group.label} average",
        "period": rows["period"].values, "value": rows["value"].values, "ci_lower": None, "ci_upper": None,
        "status": rows["status"].values,
    })


def mark_small(frame: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """A ``small`` column: the figure rests on small numbers (flagged at build time, measure ``small_number``)."""
    flags = derived[derived["measure"] == "small_number"] if not derived.empty else derived
    keys = set(zip(flags["area_code"], flags["period"])) if not flags.empty else set()
    return frame.assign(small=[(a, p) in keys for a, p in zip(frame["area_code"], frame["period"])])


def latest_council_period(observations: pd.DataFrame) -> str:
    councils = observations[(observations["area_code"] != SCOTLAND) & observations["value"].notna()]
    frame = councils if not councils.empty else observations
    return str(frame["period"].max())


def indicator_view(reader: StoreReader, indicator_id, query: dict) -> IndicatorView:
    meta = indicator_meta(reader, indicator_id)
    areas = parse_areas(query.get("areas"), council_codes(reader))
    show_ci = parse_flag(query.get("ci"), "ci", default=meta.has_interval)
    comparator = parse_choice(query.get("comparator"), "comparator", COMPARATORS, "scotland")
    observations = reader.observations(meta.indicator_id)
    periods = sorted(observations["period"].unique())
    period = parse_period(query.get("period"), periods, latest_council_period(observations))
    derived = reader.derived(meta.indicator_id)
    trend = _with_names(observations[observations["area_code"].isin([SCOTLAND, *areas])], reader)
    trend = trend.set_index("area_code").loc[[a for a in [SCOTLAND, *areas] if a in set(trend["area_code"])]].reset_index()
    if comparator == "family" and areas:
        trend = pd.concat([trend, _family_average_series(family_group(reader, areas[0]), derived)], ignore_index=True)
    trend = mark_small(trend, derived)
    sources = reader.sources()
    return IndicatorView(
        meta=meta, periods=periods, period=period, areas=areas, show_ci=show_ci, comparator=comparator,
        trend=trend, observations=observations, area_names=reader.areas()[["area_code", "area_name"]], derived=derived,
        sources=sources[sources["source_id"].isin(meta.sources)],
        build=reader.build(), council_names=council_codes(reader), reader=reader,
    )


@dataclass
class TrendView:
    """One council against Scotland and its family group over time: a council page's card.

    Built from the rows the council page has already read, so its 13 charts cost
    no further reads; the same lines as the indicator page with this council chosen."""
    meta: IndicatorInfo
    periods: list[str]
    period: str
    areas: list[str]
    show_ci: bool
    trend: pd.DataFrame
    comparator: str = "family"

    def state(self) -> dict[str, str]:
        return {"areas": ",".join(self.areas), "ci": "1" if self.show_ci else "0", "period": self.period,
                "comparator": self.comparator}


def _council_trend(reader: StoreReader, meta: IndicatorInfo, code: str, group: FamilyGroup | None, period: str,
                   observations: pd.DataFrame, derived: pd.DataFrame) -> TrendView:
    names = council_codes(reader)
    lines = observations[observations["area_code"].isin([SCOTLAND, code])]
    lines = pd.concat([lines[lines["area_code"] == SCOTLAND], lines[lines["area_code"] == code]], ignore_index=True)
    lines = lines.assign(area_name=[names.get(a, "Scotland") for a in lines["area_code"]])
    family = _family_average_series(group, derived)
    trend = mark_small(pd.concat([lines, family], ignore_index=True) if not family.empty else lines, derived)
    return TrendView(meta=meta, periods=sorted(set(trend["period"])), period=period, areas=[code],
                     show_ci=meta.has_interval, trend=trend)


@dataclass
class CouncilRow:
    meta: IndicatorInfo
    period: str
    council: pd.Series
    scotland: pd.Series | None
    family_average: pd.Series | None
    rank: float | None
    ranked: int
    change: pd.Series | None
    direction: pd.Series | None
    versus: pd.Series | None = None
    trend: TrendView | None = None
    small: bool = False  # the council's figure rests on small numbers (flagged at build time)
    distribution: dict[str, float] = field(default_factory=dict)  # councils' min, quartiles, max (build time)

    @property
    def quartile(self) -> int | None:
        if self.rank is None or self.ranked == 0:
            return None
        return min(4, math.ceil(self.rank / (self.ranked / 4)))


@dataclass(frozen=True)
class CouncilView:
    """A council page's content: the council, its family group (looked up once) and a row per indicator."""
    code: str
    name: str
    family: FamilyGroup | None
    rows: list[CouncilRow]
    build: dict

    @property
    def family_label(self) -> str:
        """The family group as the page, its download and the report name it."""
        return self.family.label if self.family is not None else "no family group"


def council_view(reader: StoreReader, area_code) -> CouncilView:
    code = council_code(reader, area_code)
    name = council_codes(reader)[code]
    group = family_group(reader, code)
    rows: list[CouncilRow] = []
    indicators = reader.indicators()
    indicators = indicators.assign(
        _vision=indicators["vision_statement"].str.extract(r"^(\d+)", expand=False).astype(int),
        _context=indicators["framework_indicator"] == "",
    ).sort_values(["_vision", "_context", "title"])
    # Two reads for the whole page (this council and Scotland; every derived figure), split by indicator.
    observations_by = dict(tuple(reader.observations(area_codes=[code, SCOTLAND]).groupby("indicator_id")))
    derived_by = dict(tuple(reader.derived().groupby("indicator_id")))
    for indicator_id in indicators["indicator_id"]:
        observations = observations_by.get(indicator_id)
        if observations is None:
            continue
        mine = observations[observations["area_code"] == code]
        published = mine[mine["status"] != "[x]"]
        if published.empty:
            continue
        period = str(published["period"].max())
        at = observations[observations["period"] == period].set_index("area_code")
        derived = derived_by.get(indicator_id, reader.derived().iloc[:0])
        here = derived[derived["period"] == period]
        by_measure = dict(tuple(here.groupby("measure")))
        ours = here[here["area_code"] == code]

        def one(frame: pd.DataFrame | None) -> pd.Series | None:
            return frame.iloc[0] if frame is not None and not frame.empty else None

        def ours_starting(prefix: str) -> pd.Series | None:
            return one(ours[ours["measure"].str.startswith(prefix)])

        rank_rows = by_measure.get("rank", here.iloc[:0])
        mine_rank = rank_rows[rank_rows["area_code"] == code]
        family = None
        if group is not None and "family_group_average" in by_measure:
            averages = by_measure["family_group_average"]
            family = one(averages[averages["group_code"] == group.group_code])
        meta = indicator_meta(reader, indicator_id)
        rows.append(CouncilRow(
            meta=meta, period=period, council=at.loc[code], trend=_council_trend(reader, meta, code, group, period, observations, derived),
            scotland=at.loc[SCOTLAND] if SCOTLAND in at.index else None, family_average=family,
            rank=float(mine_rank["value"].iloc[0]) if not mine_rank.empty and pd.notna(mine_rank["value"].iloc[0]) else None,
            ranked=int(rank_rows["value"].notna().sum()),
            change=ours_starting("change_since"), direction=ours_starting("direction_since"),
            versus=ours_starting("compared_with_scotland"),
            small=one(ours[ours["measure"] == "small_number"]) is not None,
            distribution={m: float(v) for m, v in zip(here["measure"], here["value"]) if m.startswith("council_") and v == v},
        ))
    return CouncilView(code=code, name=name, family=group, rows=rows, build=reader.build())


def export_frame(reader: StoreReader) -> pd.DataFrame:
    """Every observation with its area name, in natural-key order, as the export's columns (``EXPORT_COLUMNS``)."""
    return pd.DataFrame.from_records(reader.export_rows(), columns=EXPORT_COLUMNS)


def publisher_name(producer: str) -> str:
    """A source's publisher as the footer names it: its producer up to the first comma or bracket
    ("Scottish Government, Children and Families Statistics" → "Scottish Government")."""
    return producer.split(",")[0].split(" (")[0].strip()


def figure_publishers(reader: StoreReader) -> list[str]:
    """The publishers of the figures the indicators show, as the store's ``source`` table names them,
    in the order the indicators cite them (so a new source's publisher appears with no web change)."""
    cited = [s for meta in all_indicator_metas(reader) for s in meta.sources]
    producers = reader.sources().drop_duplicates("source_id").set_index("source_id")["producer"]
    return list(dict.fromkeys(publisher_name(producers[s]) for s in cited if s in producers.index))


def words_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
