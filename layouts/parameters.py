"""Every URL parameter of the pages, downloads and chart exports, parsed and checked in one place.

Why one module: the indicator page, its CSV/XLSX download and its PNG/SVG export
take the same query, and each must refuse the same bad value with the same words.
A bad value is a ``ParameterError`` naming the parameter (a 400 for downloads and
the API, a plain message on a page). Nothing here reads the store: what a value is
checked against (the councils, an indicator's periods) is passed in by the views.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

MAX_AREAS = 8
MAX_PARAMETER_LENGTH = 300
TRUE_WORDS, FALSE_WORDS = {"1", "true", "on", "yes"}, {"0", "false", "off", "no", ""}
COMPARATORS = ("scotland", "family")
QUERY_PARAMETERS = ("areas", "ci", "period", "comparator")  # of the indicator page, its downloads and exports
WIDTH_RANGE, HEIGHT_RANGE, SCALE_RANGE = (400, 2400), (300, 2000), (1.0, 3.0)  # of a chart export, in pixels and times
_CODE = re.compile(r"^S\d{8}$")
_UNSAFE = re.compile(r"[^\w .,:/-]")


class ParameterError(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"Parameter '{parameter}': {message}")


def text(value, parameter: str) -> str:
    """One value of a parameter as trimmed text; repeated with different values, or too long, is refused."""
    if isinstance(value, (list, tuple)):
        if len(set(value)) > 1:
            raise ParameterError(parameter, "given more than once with different values")
        value = value[0] if value else ""
    words = "" if value is None else str(value)
    if len(words) > MAX_PARAMETER_LENGTH:
        raise ParameterError(parameter, f"longer than {MAX_PARAMETER_LENGTH} characters")
    return words.strip()


def echo_safely(words: str) -> str:
    """A user's value, safe to repeat in a message: short, and only letters, digits and
    plain punctuation (anything else becomes '?'), so no markup or script is ever
    echoed back, whatever escaping the place it lands in does or does not do."""
    words = _UNSAFE.sub("?", words)
    return words if len(words) <= 40 else words[:40] + "…"


def parse_indicator(value, known: Iterable[str]) -> str:
    indicator_id = text(value, "indicator")
    known = list(known)
    if indicator_id not in known:
        raise ParameterError("indicator", f"no indicator '{echo_safely(indicator_id)}' (known: {', '.join(known)})")
    return indicator_id


def parse_area(value, councils: Mapping[str, str], parameter: str = "area") -> str:
    """One council's code (``councils``: code → name)."""
    code = text(value, parameter).upper()
    if code not in councils:
        raise ParameterError(parameter, f"no council with code '{echo_safely(code)}'" + (
            "" if _CODE.match(code) else " (council codes look like S12000033)"))
    return code


def parse_areas(value, councils: Mapping[str, str]) -> list[str]:
    """Up to ``MAX_AREAS`` council codes, comma-separated, sorted like the canonical URL
    (layouts/canonical.py) so that equivalent URLs show one view."""
    words = text(value, "areas")
    if not words:
        return []
    codes = sorted({code.strip().upper() for code in words.split(",") if code.strip()})
    if len(codes) > MAX_AREAS:
        raise ParameterError("areas", f"at most {MAX_AREAS} councils can be compared at once")
    for code in codes:
        if code not in councils:
            raise ParameterError("areas", f"no council with code '{echo_safely(code)}'")
    return codes


def parse_flag(value, parameter: str, default: bool) -> bool:
    words = text(value, parameter).lower()
    if value is None:
        return default
    if words in TRUE_WORDS:
        return True
    if words in FALSE_WORDS:
        return False
    raise ParameterError(parameter, f"'{echo_safely(words)}' is not one of 1/0, on/off, true/false")


def parse_choice(value, parameter: str, choices: tuple[str, ...], default: str) -> str:
    words = text(value, parameter).lower() or default
    if words not in choices:
        raise ParameterError(parameter, f"'{echo_safely(words)}' is not one of {', '.join(choices)}")
    return words


def parse_period(value, periods: list[str], default: str) -> str:
    """One of an indicator's periods (sorted), else ``default`` when not given."""
    period = text(value, "period") or default
    if period not in periods:
        raise ParameterError("period", f"'{echo_safely(period)}' is not a period of this indicator ({periods[0]} to {periods[-1]})")
    return period


def parse_sort(value, indicator_ids: list[str]) -> str:
    """The overview's column to sort by: 'council' (the default) or one of the indicators shown."""
    words = text(value, "sort")
    if words == "":
        return "council"
    if words not in ("council", *indicator_ids):
        raise ParameterError("sort", f"'{echo_safely(words)}' is not 'council' or one of the indicators shown ({', '.join(indicator_ids)})")
    return words


def parse_bounded(args: Mapping, name: str, bounds: tuple[float, float], default, cast=int):
    """A number within ``bounds`` (a chart export's width, height or scale), else ``default`` when absent."""
    raw = args.get(name)
    if raw is None:
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise ParameterError(name, f"'{echo_safely(str(raw)[:20])}' is not a number") from None
    if not bounds[0] <= value <= bounds[1]:
        raise ParameterError(name, f"must be between {bounds[0]:g} and {bounds[1]:g}")
    return value


@dataclass(frozen=True)
class ImageSize:
    width: int
    height: int | None
    scale: float


def parse_image_size(args: Mapping) -> ImageSize:
    """A chart export's size: width and scale default to 1100 px at 2x; height to the chart's own."""
    return ImageSize(width=parse_bounded(args, "width", WIDTH_RANGE, 1100),
                     height=parse_bounded(args, "height", HEIGHT_RANGE, None),
                     scale=parse_bounded(args, "scale", SCALE_RANGE, 2.0, cast=float))


def query_of(args) -> dict[str, list[str]]:
    """A request's query string as name → every value given (``text`` refuses differing repeats)."""
    return {key: args.getlist(key) for key in args}
