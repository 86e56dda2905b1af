"""What each API route returns, read through the same cached store reader as the pages.

Why here and not in the routes: these are plain functions of the reader and
validated parameters, so the contract tests can call them and the routes only
add HTTP. Nothing here reads anything but the disclosure-controlled store, and
a data row is the export's row (``store.export``): the same columns, the same
order, the same status symbols, a withheld cell's numbers null.
"""
from __future__ import annotations

import base64
import binascii
import json
import math

import pandas as pd

from contract.observation import NUMBER_COLUMNS
from layouts.release_words import last_updated_words, next_update_words
from layouts.parameters import ParameterError, echo_safely
from layouts.indicator_info import IndicatorInfo
from layouts.views import EXPORT_COLUMNS, export_cells, indicator_meta
from contract.status import EXPLANATIONS, Status



class NotFound(LookupError):
    """A path part names nothing in the store (a 404 naming it)."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


def _sources(reader, wanted: tuple[str, ...]) -> list[dict]:
    sources = reader.sources().drop_duplicates("source_id").set_index("source_id")
    return [{"source_id": s, "title": sources.at[s, "title"], "producer": sources.at[s, "producer"],
             "url": sources.at[s, "url_main"], "licence": sources.at[s, "licence"]} for s in wanted if s in sources.index]


def _latest_periods(reader) -> dict[str, str]:
    observations = reader.observations()
    shown = observations[observations["value"].notna()]
    return shown.groupby("indicator_id")["period"].max().to_dict()


def indicator_summary(reader, meta: IndicatorInfo, latest: dict[str, str]) -> dict:
    indicator_id = meta.indicator_id
    sources = _sources(reader, meta.sources)
    return {
        "id": indicator_id, "title": meta.title, "measure": meta.measure, "unit": meta.unit,
        "decimals": meta.decimals, "kind": meta.kind, "polarity": meta.polarity,
        "interval_method": meta.ci_method, "period_type": meta.period_type, "baseline_period": meta.baseline_period,
        "geographies": list(meta.geographies),
        "framework": {"vision_statement": meta.vision_statement, "outcome": meta.outcome,
                      "framework_indicator": meta.framework_indicator or None,
                      "is_framework_indicator": bool(meta.framework_indicator)},
        "sources": sources,
        "licence": "; ".join(dict.fromkeys(s["licence"] for s in sources)),
        "latest_period": latest.get(indicator_id),
        "last_updated": last_updated_words(meta),
        "next_release": next_update_words(meta, reader.framework()),
        "links": {"self": f"/api/v1/indicators/{indicator_id}", "data": f"/api/v1/data?indicator={indicator_id}",
                  "page": f"/indicator/{indicator_id}"},
    }


def indicators(reader) -> dict:
    latest = _latest_periods(reader)
    ids = list(reader.indicators()["indicator_id"])
    return {"build_id": reader.build()["build_id"], "indicators": [indicator_summary(reader, indicator_meta(reader, i), latest) for i in ids]}


def indicator(reader, indicator_id: str) -> dict:
    try:
        meta = indicator_meta(reader, indicator_id)
    except ParameterError as error:
        raise NotFound("indicator_id", str(error).replace("Parameter 'indicator': ", "")) from None
    observations = reader.observations(meta.indicator_id)
    return {
        **indicator_summary(reader, meta, _latest_periods(reader)),
        "numerator_definition": meta.numerator_definition, "denominator_definition": meta.denominator_definition,
        "direction_rule": meta.direction_rule, "caveats": list(meta.caveats),
        "series_breaks": list(meta.series_breaks), "companion": meta.companion or None,
        "periods": sorted(observations["period"].unique().tolist()),
    }


def areas(reader) -> dict:
    groups = reader.area_groups()
    history = reader.area_code_changes()
    out = []
    for row in reader.areas().itertuples():
        membership = groups[groups["area_code"] == row.area_code]
        changes = history[history["area_code"] == row.area_code]
        out.append({
            "code": row.area_code, "name": row.area_name, "type": row.area_type,
            "family_group": ({"group_type": membership.iloc[0]["group_type"], "group_code": membership.iloc[0]["group_code"],
                              "label": membership.iloc[0]["label"]} if not membership.empty else None),
            "code_history": [{"previous_code": c.previous_code,
                              "current_code_since": None if c.since is None or c.since != c.since else int(c.since)}
                             for c in changes.itertuples()],
        })
    return {"build_id": reader.build()["build_id"], "areas": out}


def framework(reader) -> dict:
    rows = reader.framework()
    metas = reader.indicators()
    visions = []
    for number, vision in rows.groupby("vision_number", sort=True):
        statement = vision["vision_statement"].iloc[0]
        outcomes = []
        for outcome, items in vision.groupby("outcome", sort=False):
            context = metas[(metas["vision_statement"] == statement) & (metas["outcome"] == outcome) & (metas["framework_indicator"] == "")]
            entries = []
            for row in items.itertuples():
                ids = [i.strip() for i in row.indicator_ids.split(",") if i.strip()]
                entries.append({"indicator": row.indicator, "measure": row.measure, "framework_status": row.framework_status,
                                "source_publication": row.source_publication, "publisher": row.publisher,
                                "computed": bool(ids), "indicator_ids": ids})
            outcomes.append({"outcome": outcome, "indicators": entries, "context_indicator_ids": list(context["indicator_id"])})
        visions.append({"number": int(number), "statement": statement, "outcomes": outcomes})
    return {"build_id": reader.build()["build_id"], "visions": visions}


def latest_build(reader) -> dict:
    build = reader.build()
    sources = reader.sources()
    return {
        "build_id": build["build_id"], "started_at": build["started_at"], "finished_at": build["finished_at"],
        "code_version": build["code_version"], "disclosure_note": build["disclosure_note"],
        "sources": [{"source_id": r.source_id, "file_name": r.file_name, "title": r.title, "producer": r.producer,
                     "url": r.url, "licence": r.licence, "date_published": r.date_published, "sha256": r.sha256,
                     "bytes": int(r.bytes)} for r in sources.itertuples()],
    }


# --- data -------------------------------------------------------------------------------------------

def encode_cursor(build_id: str, offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([build_id, offset]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, build_id: str) -> int:
    try:
        built, offset = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(offset, int) or offset < 0 or not isinstance(built, str):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ParameterError("cursor", "is not a cursor this API gave (use next_cursor from the previous page)") from None
    if built != build_id:
        raise ParameterError("cursor", "belongs to an earlier build of the data; start again without a cursor")
    return offset


def _area_codes(reader, codes: list[str]) -> list[str]:
    """The requested areas, checked against the store; a previous council code is named with its successor."""
    known = set(reader.areas()["area_code"])
    history = reader.area_code_changes()
    successor = dict(zip(history["previous_code"], history["area_code"]))
    checked = []
    for raw in codes:
        code = raw.strip().upper()
        if code in successor:
            raise ParameterError("area", f"'{code}' is a previous code: the council's current code is {successor[code]}")
        if code not in known:
            raise ParameterError("area", f"no area with code '{echo_safely(code)}' (see /api/v1/areas)")
        checked.append(code)
    return list(dict.fromkeys(checked))


def data_frame(reader, query) -> pd.DataFrame:
    """The rows matching validated filters, in the export's order, with the export's columns."""
    indicator_id = None
    if query.indicator is not None:
        indicator_id = indicator_meta(reader, query.indicator).indicator_id
    areas = _area_codes(reader, query.area) if query.area else None
    frame = reader.observations(indicator_id)
    if query.from_ is not None and query.to is not None and query.from_ > query.to:
        raise ParameterError("from", f"'{query.from_}' is later than to '{query.to}'")
    if query.period is not None:
        if query.period not in set(frame["period"]):
            periods = sorted(frame["period"].unique())
            raise ParameterError("period", f"'{query.period}' is not a period of " + (
                f"this indicator ({periods[0]} to {periods[-1]})" if indicator_id else "any indicator"))
        frame = frame[frame["period"] == query.period]
    if query.from_ is not None:
        frame = frame[frame["period"] >= query.from_]
    if query.to is not None:
        frame = frame[frame["period"] <= query.to]
    if areas is not None:
        frame = frame[frame["area_code"].isin(areas)]
    names = dict(zip(reader.areas()["area_code"], reader.areas()["area_name"]))
    return frame.assign(area_name=frame["area_code"].map(names))[EXPORT_COLUMNS]


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def json_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON objects: numbers or null, the status as its GSS symbol, provisional as a boolean."""
    rows = frame.to_dict("records")
    for row in rows:
        for column in NUMBER_COLUMNS:
            row[column] = _number(row[column])
        row["status"] = Status(row["status"]).symbol
        row["provisional"] = bool(row["provisional"])
    return rows


def csv_lines(frame: pd.DataFrame) -> list[list[str]]:
    """Rows as the export writes them (``export_cells``), numbers as shortest round-trip text."""
    return [export_cells(tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row))
            for row in frame.itertuples(index=False, name=None)]


def symbols(frame: pd.DataFrame) -> dict[str, str]:
    return {Status(s).value: EXPLANATIONS[Status(s)] for s in sorted(set(frame["status"])) if Status(s) is not Status.PUBLISHED}
