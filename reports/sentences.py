"""Sentences written from the store's figures, for a council report.

Why: a committee paper quotes sentences, not tables ("Dundee City's rate …, 16.5 at
31 July 2022, is higher than Scotland's, 12.5"). Each sentence is made from the same
row the summary table shows, with the same formatting (``layouts.formatting``) and
the comparison word the build decided from the 95% intervals
(``compared_with_scotland``: higher, similar or lower), so the words can never say
more than the intervals do. A figure without a number ([c], [x], [z]) or stored as
[low] is never written as a number: the sentence says it is not shown, and why.
"""
from __future__ import annotations

from contract.indicator import PeriodType, Polarity
from contract.status import EXPLANATIONS, Status
from layouts.formatting import direction_phrase, format_cell, has_number
from layouts.indicator_info import IndicatorInfo
from layouts.views import CouncilRow

SAYABLE = {Status.PUBLISHED.value, Status.UNRELIABLE.value}  # statuses whose number a sentence may give
COMPARISON = {1.0: "higher than", 0.0: "similar to", -1.0: "lower than"}


def when(meta: IndicatorInfo, period: str) -> str:
    """'at 31 July 2022', 'in 2021-22', 'in the financial year 2021-22'."""
    if meta.period_type is PeriodType.SNAPSHOT_31_JULY:
        return f"at 31 July {period}"
    if meta.period_type is PeriodType.FINANCIAL_YEAR:
        return f"in the financial year {period}"
    return f"in {period}"


def possessive(name: str) -> str:
    """"Dundee City's", "Shetland Islands'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _subject(meta: IndicatorInfo) -> str:
    """The title as the subject of a sentence: 'children looked after per 1,000 children aged 0-17'
    (a '(%)' dropped: the figure carries its own; 'at 31 July' dropped: the sentence gives the date)."""
    title = meta.title.removesuffix(" (%)").replace(" at 31 July", "")
    return title[0].lower() + title[1:]


def _figure(series, meta: IndicatorInfo) -> str | None:
    """The figure as the tables print it, or None when it must not be written as a number."""
    if series is None or series["status"] not in SAYABLE or not has_number(series["value"], series["status"]):
        return None
    return format_cell(series["value"], series["status"], meta.decimals, meta.unit)


def _not_shown(status: str) -> str:
    """'[c]: withheld so that a small number of children cannot be identified' (the legend's words)."""
    try:
        text = EXPLANATIONS[Status(status)]
    except ValueError:
        return "no figure is published"
    return f"{status}: {text.split(': ', 1)[-1].rstrip('.')}"


def _direction(row: CouncilRow) -> str:
    meta = row.meta
    change, direction = row.change, row.direction
    arrow, words = direction_phrase(change["value"] if change is not None else None, change["status"] if change is not None else None,
                                    direction["value"] if direction is not None else None,
                                    direction["status"] if direction is not None else None, meta.polarity)
    return f" Since the {meta.baseline_period} baseline it is {words}." if arrow else ""


def council_sentence(row: CouncilRow, council: str) -> str:
    """One sentence (two at most) about one indicator's latest figure for the council."""
    meta, subject, at = row.meta, _subject(row.meta), when(row.meta, row.period)
    mine = _figure(row.council, meta)
    scotland = _figure(row.scotland, meta)
    if mine is None:
        return (f"{possessive(council)} figure for {subject} {at} is not shown ({_not_shown(row.council['status'])})"
                + (f"; Scotland's was {scotland}." if scotland else "."))
    if meta.is_count:
        tail = f" (Scotland: {scotland}; counts are not compared, as councils differ in size)" if scotland else ""
        return f"{possessive(council)} {subject}: {mine} {at}{tail}." + _direction(row)
    if scotland is None:
        return f"{possessive(council)} {subject} was {mine} {at}; Scotland has no published figure for that period." + _direction(row)
    if row.small:
        return (f"{possessive(council)} {subject}, {mine} {at}, rests on small numbers, so it is not compared with Scotland's, "
                f"{scotland}.")
    versus = row.versus
    if versus is not None and versus["status"] == Status.PUBLISHED.value and has_number(versus["value"], versus["status"]):
        word = COMPARISON[float(versus["value"])]
        judged = ""
        if word != "similar to" and meta.judged:
            higher_is_better = meta.polarity is Polarity.UP_IS_GOOD
            better = (word == "higher than") == higher_is_better
            judged = f"; {'higher' if higher_is_better else 'lower'} is better"
            judged += ", so better than Scotland" if better else ", so worse than Scotland"
        return (f"{possessive(council)} {subject}, {mine} {at}, is {word} Scotland's, {scotland} "
                f"(95% confidence intervals{judged}).") + _direction(row)
    reason = ("the source publishes no confidence interval" if not meta.has_interval
              else "no interval for both figures")
    return (f"{possessive(council)} {subject} was {mine} {at}; Scotland's was {scotland}. The difference is not tested: {reason}."
            + _direction(row))
