"""'Last updated' and 'Next update' in words, for the pages, downloads and the API alike.

Why one place: the page, its downloads and the API must say the same thing about
when a figure was released and when the next is due, and none of them may use the
build date or a date no shipped file records.
"""
from __future__ import annotations

from layouts.indicator_info import IndicatorInfo


def last_updated_words(meta: IndicatorInfo) -> str:
    """The publisher's release of the latest figure shown (recorded by the build), never the build date."""
    return meta.last_updated or "The publisher's release date is not recorded in the files used here."


def next_update_words(meta: IndicatorInfo, framework) -> str:
    """No publisher's next release date is recorded in the files used here: say so, and give the usual
    timing the Promise Progress Framework states for this indicator, where it states one."""
    words = "No next release date is announced in the publishers' files used here."
    if framework is None or framework.empty:
        return words
    ids = framework["indicator_ids"].fillna("").str.split(",").apply(lambda parts: {p.strip() for p in parts})
    timing = sorted({f for f, linked in zip(framework["frequency"], ids) if meta.indicator_id in linked and f})
    return f"{words} Usual timing, as the Promise Progress Framework gives it: {'; '.join(timing)}." if timing else words
