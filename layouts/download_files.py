"""The content of each download: the rows a view shows, with the comparators it drew,
as a ``DataFile`` (``layouts/workbooks.py`` writes it as CSV or XLSX).

Why built from the view objects: the page, its file and its image must show the same
rows with the same status per cell (DESIGN.md §4.7), so a file never reads the store
itself; it is handed the view the page was drawn from.
"""
from __future__ import annotations

import pandas as pd

from contract.areas import SCOTLAND
from contract.observation import LOWER_CONFIDENCE_LIMIT as LOWER
from contract.observation import SPELLED_OUT
from contract.observation import UPPER_CONFIDENCE_LIMIT as UPPER
from contract.status import Status
from layouts.figures import order_for_ranking
from layouts.indicator_info import IndicatorInfo
from layouts.formatting import direction_phrase, has_number, symbol_explanations, versus_words
from layouts.release_words import last_updated_words
from layouts.views import CouncilView
from layouts.workbooks import CONTACT, DataFile, area_part, number_format, period_span, slug

PUBLISHED, SMALL = Status.PUBLISHED.value, Status.UNRELIABLE.value
NOT_AVAILABLE, NOT_APPLICABLE = Status.NOT_AVAILABLE.value, Status.NOT_APPLICABLE.value


def _source_lines(sources: pd.DataFrame) -> list[tuple[str, str]]:
    lines = []
    for row in sources.drop_duplicates("source_id").itertuples():
        lines.append(("Source", f"{row.title} — {row.producer} ({row.url_main})"))
        lines.append(("Licence", str(row.licence)))
    return lines


def _cover(meta: IndicatorInfo, view_title: str, sources: pd.DataFrame, build: dict) -> list[tuple[str, str]]:
    return [("Title", meta.title), ("View", view_title), ("Measure", meta.measure), ("Unit", meta.unit),
            *_source_lines(sources), ("Release date", last_updated_words(meta)),
            ("Last updated", last_updated_words(meta)), ("Contact", CONTACT),
            ("Build", f"{build['build_id']} ({build['finished_at']})")]


def _notes(statuses, meta: IndicatorInfo | None = None) -> list[tuple[str, str]]:
    notes = list(symbol_explanations(statuses))
    notes.append(("Numbers", "Number cells hold the published figure unrounded; the page rounds it for display. "
                  "A withheld or unavailable cell is empty and its symbol is in the status column."))
    if meta is not None:
        notes += [("Caveat", c) for c in meta.caveats]
    return notes


def _status(value, status: str, small: bool) -> str:
    if status == PUBLISHED:
        return SMALL if small and has_number(value, status) else ""
    return status


def _value_formats(meta: IndicatorInfo, *columns: str) -> dict[str, str]:
    return {column: number_format(meta.decimals) for column in columns}


def _role(code: str, chosen: list[str]) -> str:
    if code == SCOTLAND:
        return "Scotland (comparator)"
    if str(code).startswith("family:"):
        return "family group average (comparator)"
    return "selected council" if code in chosen else "council"


def indicator_file(view, which: str) -> DataFile:
    """Trend: Scotland, the chosen councils and (with that comparator) the family group's average,
    every period; ranking and map: every council in the period, ranked as drawn, then Scotland."""
    meta = view.meta
    if which == "trend":
        frame = view.trend
        names = [n for c, n in zip(frame["area_code"], frame["area_name"]) if c in view.areas]
        title = f"trend, {view.periods[0]} to {view.periods[-1]}"
        name = f"{meta.indicator_id}_trend_{area_part(names)}_{period_span(view.periods)}"
    else:
        frame = order_for_ranking(view.ranking, meta)
        scotland = view.observations[(view.observations["area_code"] == SCOTLAND) & (view.observations["period"] == view.period)]
        frame = pd.concat([frame, scotland.assign(area_name="Scotland")], ignore_index=True)
        title = f"all councils ranked, {view.period}" if which == "ranking" else f"map of all councils, {view.period}"
        name = f"{meta.indicator_id}_{which}_all-councils_{period_span([view.period])}"
    small = frame["small"] if "small" in frame.columns else [False] * len(frame)
    out = pd.DataFrame({
        "indicator_id": meta.indicator_id, "area_code": frame["area_code"].values, "area_name": frame["area_name"].values,
        "comparison": [_role(c, view.areas) for c in frame["area_code"]], "period": frame["period"].values,
        "value": [v if has_number(v, s) else None for v, s in zip(frame["value"], frame["status"])],
        "unit": meta.unit,
        LOWER: [v if has_number(v, s) else None for v, s in zip(frame["ci_lower"], frame["status"])],
        UPPER: [v if has_number(v, s) else None for v, s in zip(frame["ci_upper"], frame["status"])],
        "status": [_status(v, s, bool(f)) for v, s, f in zip(frame["value"], frame["status"], small)],
    })
    if which != "trend":
        ranks = frame["rank"] if "rank" in frame.columns else [None] * len(frame)
        out["rank"] = [r if r == r and r is not None and not f else None for r, f in zip(ranks, small)]
        versus = frame["versus"] if "versus" in frame.columns else [None] * len(frame)
        versus_status = frame["versus_status"] if "versus_status" in frame.columns else [None] * len(frame)
        out["compared_with_scotland"] = ["" if c == SCOTLAND else versus_words(v, s, meta)
                                         for c, v, s in zip(frame["area_code"], versus, versus_status)]
    formats = {**_value_formats(meta, "value", LOWER, UPPER), **({"rank": "0"} if which != "trend" else {})}
    return DataFile(name=name, cover=_cover(meta, title, view.sources, view.build), frame=out, formats=formats,
                    notes=_notes(set(out["status"]), meta))


def _figure(series, meta) -> tuple[float | None, str]:
    if series is None:
        return None, NOT_AVAILABLE
    value, status = series["value"], series["status"]
    return (float(value) if has_number(value, status) else None), Status(status).symbol


def council_file(view: CouncilView, sources: pd.DataFrame) -> DataFile:
    """The council page's summary table, one row per indicator, numbers as numbers."""
    code, name, rows = view.code, view.name, view.rows
    records = []
    for row in rows:
        meta = row.meta
        value, status = _figure(row.council, meta)
        if row.small and status == "" and value is not None:
            status = SMALL
        scotland, scotland_status = _figure(row.scotland, meta)
        if meta.is_count:
            family, family_status = None, NOT_APPLICABLE
        else:
            family, family_status = _figure(row.family_average, meta)
        change, change_status = _figure(row.change, meta) if row.change is not None else (None, NOT_AVAILABLE)
        _, direction = direction_phrase(change, change_status or PUBLISHED, row.direction["value"] if row.direction is not None else None,
                                        row.direction["status"] if row.direction is not None else None, meta.polarity)
        ranked = row.rank is not None and meta.judged and not row.small
        records.append({
            "indicator_id": meta.indicator_id, "indicator": meta.title, "period": row.period, "unit": meta.unit,
            "area_code": code, "area_name": name, "value": value, "status": status,
            "scotland_value": scotland, "scotland_status": scotland_status,
            "family_group": view.family_label, "family_group_average": family, "family_group_average_status": family_status,
            "compared_with_scotland": versus_words(row.versus["value"] if row.versus is not None else None,
                                                   row.versus["status"] if row.versus is not None else None, meta),
            "rank": row.rank if ranked else None, "councils_ranked": row.ranked if ranked else None,
            "baseline_period": meta.baseline_period, "change_since_baseline": change,
            "change_status": SMALL if change is not None and change_status == "" and (
                row.small or (row.direction is not None and row.direction["status"] == SMALL)) else change_status,
            "direction_of_travel": direction,
        })
    frame = pd.DataFrame.from_records(records)
    # Decimals differ by indicator: one format a column cannot fit all, so the most any indicator uses.
    decimals = max([r.meta.decimals for r in rows] or [0])
    formats = {c: number_format(decimals) for c in ("value", "scotland_value", "family_group_average", "change_since_baseline")}
    formats.update({"rank": "0", "councils_ranked": "0"})
    statuses = {s for column in ("status", "scotland_status", "family_group_average_status", "change_status") for s in frame[column]}
    cover = [("Title", f"{name}: every indicator against Scotland and its LGBF family group"),
             ("View", "council summary, each indicator's latest period"), *_source_lines(sources),
             ("Contact", CONTACT), ("Build", f"{view.build['build_id']} ({view.build['finished_at']})")]
    return DataFile(name=f"all-indicators_summary_{slug(name)}", cover=cover, frame=frame, formats=formats,
                    notes=_notes(statuses))


def england_file(reader) -> DataFile:
    """England's context figures (DfE): England, regions and local authorities, as served."""
    from layouts import england, views

    served = reader.context()
    frame = england.download_frame(served)
    build = reader.build()
    publisher = views.publisher_name(england.publisher(reader.sources()) or "publisher not recorded")
    cover = [("Title", f"Children looked after in England ({publisher}): England, regions and local authorities, "
                       "as context for Scotland's rate; never ranked with Scottish councils"),
             *(tuple(line.split(": ", 1)) for line in england.provenance_lines(reader.sources())),
             ("Columns", "series (shown = the year's latest release; earlier_release = England as first published; "
                         "long_series = England 1994 onwards; scotland_published_rate = Scotland's rate as the Scottish "
                         "Government published it), rate_per_1000 = DfE's rate per 10,000 divided by 10"),
             *(("Caveat", text) for text in england.caveats(england.england_rows(served, "shown"),
                                                           england.england_rows(served, "earlier_release"))),
             ("Contact", CONTACT), ("Build", f"{build['build_id']} ({build['finished_at']})")]
    formats = {"count": "#,##0", "rate_per_10000": "#,##0.0", "rate_per_1000": "#,##0.0"}
    return DataFile(name=f"looked_after_england_context_{period_span(frame['period'])}", cover=cover, frame=frame,
                    formats={c: f for c, f in formats.items() if c in frame.columns}, notes=_notes(set(frame["status"])))


# Every observation the site publishes, for "download all data": the export's rows with
# spelled-out names, the indicator's title and unit beside each figure.
DICTIONARY: list[tuple[str, str, str]] = [
    ("indicator_id", "text", "The indicator's identifier, as in the site's addresses (/indicator/<indicator_id>)."),
    ("indicator", "text", "The indicator's title."),
    ("area_code", "text", "GSS code of the area: S92000003 Scotland, S12 codes for the 32 councils."),
    ("area_name", "text", "The area's name."),
    ("period", "text", "The period of the figure: a year (a snapshot at 31 July) or a reporting year such as 2021-22."),
    ("period_end", "date", "The last day of the period (ISO 8601)."),
    ("dimension", "text", "The breakdown the figure belongs to ('all' when none)."),
    ("category", "text", "The category within the breakdown ('all' when none)."),
    ("numerator", "number", "The count the figure is computed from, where the source publishes it; empty when withheld."),
    ("denominator", "number", "The population or total it is divided by, where published; empty when withheld."),
    ("value", "number", "The figure, unrounded; empty when withheld or not available (see status)."),
    ("unit", "text", "The unit of value, e.g. '%', 'per 1,000 children aged 0-17', 'children', '£ per week'."),
    ("lower_confidence_limit", "number", "Lower end of the 95% confidence interval, where the indicator has one."),
    ("upper_confidence_limit", "number", "Upper end of the 95% confidence interval, where the indicator has one."),
    ("status", "text", "Empty for a published figure, else its symbol: [c] confidential, [x] not available, "
                       "[z] not applicable, [low] rounds to zero, [u] low reliability (see the Notes)."),
    ("source_id", "text", "The source the figure comes from (its publisher, licence and files on the Cover and in the site's "
                          "methodology)."),
    ("vintage", "text", "Which release of the source the figure was taken from."),
    ("provisional", "text", "'yes' when the figure has not yet been checked on the publisher's own page and may change."),
    ("source_ref", "text", "Where in the source file the figure was read (sheet, row, column or page)."),
]
ALL_DATA_COLUMNS = [name for name, _, _ in DICTIONARY]


def dictionary_frame() -> pd.DataFrame:
    return pd.DataFrame(DICTIONARY, columns=["column", "type", "meaning"])


def all_data_file(reader) -> DataFile:
    """Every published observation (the CLI's ``export``), with a data dictionary."""
    from layouts.views import export_frame

    frame = export_frame(reader).rename(columns=SPELLED_OUT)
    indicators = reader.indicators().set_index("indicator_id")
    frame["indicator"] = frame["indicator_id"].map(indicators["title"])
    frame["unit"] = frame["indicator_id"].map(indicators["unit"])
    frame["status"] = [Status(s).symbol for s in frame["status"]]
    frame["provisional"] = ["yes" if p else "no" for p in frame["provisional"]]
    for column in ("numerator", "denominator", "value", LOWER, UPPER):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame = frame.reindex(columns=ALL_DATA_COLUMNS)
    sources = reader.sources()
    build = reader.build()
    cover = [("Title", "Promise Progress dashboard: every published figure"),
             ("View", "all indicators, all areas, all periods, after disclosure control"),
             *_source_lines(sources), ("Contact", CONTACT), ("Build", f"{build['build_id']} ({build['finished_at']})"),
             ("Data dictionary", "the Dictionary sheet, or /download/data-dictionary.csv")]
    formats = {c: "General" for c in ("numerator", "denominator", "value", LOWER, UPPER)}
    return DataFile(name=f"promise-progress_all-data_{slug(build['build_id'])}", cover=cover, frame=frame, formats=formats,
                    notes=_notes(set(frame["status"])), extra_sheets={"Dictionary": dictionary_frame()})


def dictionary_file() -> DataFile:
    return DataFile(name="promise-progress_data-dictionary", cover=[("Title", "Data dictionary of the all-data download")],
                    frame=dictionary_frame())
