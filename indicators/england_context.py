"""England's children looked after (DfE), as context for Scotland's looked-after rate.

Why a context series and not an indicator: England counts children looked after on
31 March, Scotland on 31 July; Scotland counts children looked after at home under
a compulsory supervision order, which England has no direct equivalent of; and DfE
revises earlier years in every release. So England's figures sit beside Scotland's,
never in Scotland's rankings, maps or family-group comparisons. DfE publishes rates
per 10,000 children aged 0-17 (as whole numbers); the rate per 1,000 is the same
figure divided by 10, so it carries one decimal and no false precision.

Pure: takes the parsed sources and returns rows in ``CONTEXT_COLUMNS``; the build
sends them through ``disclosure.england`` before they reach the store.
"""
from __future__ import annotations

import pandas as pd

from contract.areas import SCOTLAND
from contract.observation import CONTEXT_COLUMNS
from contract.status import Status

SOURCE_ID = "dfe_england"
# Which series each row belongs to: the figure shown for a year (its latest release),
# England as first published where a later release revised it, and the long series.
SHOWN, FIRST_PUBLISHED, LONG_SERIES = "shown", "earlier_release", "long_series"
SCOTLAND_PUBLISHED = "scotland_published_rate"
OK = Status.PUBLISHED.value
SCOTLAND_RATE_MEASURE = "children looked after per 1000 children aged 0-17 at 31 July"
SCOTLAND_COUNT_MEASURE = "children looked after at 31 July"


def _period_end(period) -> str:
    return f"{int(period)}-03-31"


def _releases(releases: pd.DataFrame) -> pd.DataFrame:
    """Each year from its latest release (2021-2025 from 2025, 2019-2020 from 2023), and
    England's first-published figures for the years the 2025 release revised (the release before it)."""
    years = sorted(releases["release"].unique())
    latest = releases[releases["release"] == years[-1]]
    earlier = releases[releases["release"] == years[-2]] if len(years) > 1 else releases.iloc[:0]
    shown = pd.concat([latest, earlier[~earlier["period"].isin(set(latest["period"]))]], ignore_index=True).assign(series=SHOWN)
    overlap = earlier[earlier["period"].isin(set(latest["period"])) & (earlier["level"] == "country")].assign(series=FIRST_PUBLISHED)
    frame = pd.concat([shown, overlap], ignore_index=True)
    rate = frame["rate_per_10000"].where(frame["rate_status"] == OK)
    # one status per row: a withheld or missing count withholds its rate too (the rate times
    # DfE's population would give the count back)
    status = frame["count_status"].where(frame["count_status"] != OK, frame["rate_status"])
    return pd.DataFrame({
        "series": frame["series"], "area_code": frame["area_code"], "area_name": frame["area_name"],
        "area_level": frame["level"], "region_code": frame["region_code"].fillna(""),
        "period": frame["period"].astype(int).astype(str), "period_end": frame["period"].map(_period_end),
        "measure": frame["measure"], "count": frame["count"], "rate_per_10000": rate, "rate_per_1000": rate / 10,
        "status": status, "source_id": SOURCE_ID, "vintage": frame["vintage"], "source_ref": frame["source_ref"],
    })


def _long_series(series: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "series": LONG_SERIES, "area_code": "E92000001", "area_name": "England", "area_level": "country", "region_code": "",
        "period": series["period"].astype(int).astype(str), "period_end": series["period"].map(_period_end),
        "measure": series["measure"], "count": series["count"], "rate_per_10000": float("nan"), "rate_per_1000": float("nan"),
        "status": series["count_status"], "source_id": SOURCE_ID, "vintage": series["vintage"], "source_ref": series["source_ref"],
    })


def _base(vintage: str) -> str:
    return vintage.replace(" (first published)", "").replace(" (revised)", "").strip()


def _rate_vintage(vintage: str, period, counts: pd.DataFrame) -> str:
    """The rate's publication, saying so when SG later revised the count it was computed on."""
    same = counts[(counts["period"].astype(str) == str(period))]
    first = same[same["vintage"].map(_base) == _base(vintage)]
    revised = same[same["vintage"].str.endswith("(revised)") & (same["vintage"].map(_base) != _base(vintage))]
    if first.empty or revised.empty:
        return vintage
    return (f"{vintage}; computed on the count as then published, {first['value'].iloc[0]:,.0f}, since revised to "
            f"{revised['value'].iloc[-1]:,.0f} in {_base(revised['vintage'].iloc[-1])}")


def _scotland_published(headline: pd.DataFrame) -> pd.DataFrame:
    """Scotland's rate per 1,000 as the Scottish Government published it (the years with no
    NRS estimate, where the dashboard cannot compute one), the latest vintage of each year."""
    rows = headline[headline["measure"] == SCOTLAND_RATE_MEASURE]
    counts = headline[headline["measure"] == SCOTLAND_COUNT_MEASURE]
    rows = rows.assign(vintage=[_rate_vintage(v, p, counts) for v, p in zip(rows["vintage"], rows["period"])])
    return pd.DataFrame({
        "series": SCOTLAND_PUBLISHED, "area_code": SCOTLAND, "area_name": "Scotland", "area_level": "country", "region_code": "",
        "period": rows["period"].astype(str), "period_end": rows["period"].astype(str) + "-07-31", "measure": "looked_after",
        "count": float("nan"), "rate_per_10000": rows["value"].astype(float) * 10, "rate_per_1000": rows["value"].astype(float),
        "status": OK, "source_id": "sg_csws_national", "vintage": rows["vintage"], "source_ref": rows["source_url"],
    })


def compute(tables) -> pd.DataFrame:
    dfe = tables[SOURCE_ID]
    frames = [_releases(dfe["releases"]), _long_series(dfe["england_series"])]
    headline = tables.get("sg_csws_national", {}).get("headline")
    if headline is not None:
        frames.append(_scotland_published(headline))
    frame = pd.concat(frames, ignore_index=True)
    return frame[CONTEXT_COLUMNS].sort_values(["series", "area_level", "area_code", "measure", "period"]).reset_index(drop=True)
