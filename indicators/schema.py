"""The long table every indicator's compute() returns, and its validation.

Why one schema: the store, the disclosure rules, the export and every view read
the same shape, so a mistake in one indicator (a rate above its CI, an unknown
status, a duplicated key) is caught here, once, before it can reach anything else.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from contract.observation import NATURAL_KEY, NUMBER_COLUMNS
from contract.status import WITHOUT_VALUE_SYMBOLS, Status

_STATUS_VALUES = [s.value for s in Status]
_WITHOUT_VALUE = sorted(WITHOUT_VALUE_SYMBOLS)


def _no_numbers_when_withheld(frame: pd.DataFrame) -> pd.Series:
    withheld = frame["status"].isin(_WITHOUT_VALUE)
    return ~withheld | frame[NUMBER_COLUMNS].isna().all(axis=1)


def _value_when_published(frame: pd.DataFrame) -> pd.Series:
    return frame["status"].isin(_WITHOUT_VALUE) | frame["value"].notna()


def _ci_brackets_value(frame: pd.DataFrame) -> pd.Series:
    has_ci = frame["ci_lower"].notna() & frame["ci_upper"].notna()
    tolerance = 1e-9
    inside = (frame["ci_lower"] <= frame["value"] + tolerance) & (frame["value"] <= frame["ci_upper"] + tolerance)
    return ~has_ci | inside


OBSERVATION_SCHEMA = pa.DataFrameSchema(
    {
        "indicator_id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
        "area_code": pa.Column(str, pa.Check.str_matches(r"^S(92000003|12\d{6})$")),
        "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2})?$")),
        "period_end": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "dimension": pa.Column(str, pa.Check.str_length(min_value=1)),
        "category": pa.Column(str, pa.Check.str_length(min_value=1)),
        "numerator": pa.Column(float, pa.Check.ge(0), nullable=True),
        "denominator": pa.Column(float, pa.Check.ge(0), nullable=True),
        "value": pa.Column(float, nullable=True),
        "ci_lower": pa.Column(float, nullable=True),
        "ci_upper": pa.Column(float, nullable=True),
        "status": pa.Column(str, pa.Check.isin(_STATUS_VALUES)),
        "source_id": pa.Column(str, pa.Check.str_length(min_value=1)),
        "vintage": pa.Column(str, pa.Check.str_length(min_value=1)),
        "provisional": pa.Column(bool),
        "source_ref": pa.Column(str),
    },
    checks=[
        pa.Check(_no_numbers_when_withheld, error="a withheld cell ([c]/[x]/[z]) carries a number"),
        pa.Check(_value_when_published, error="a published cell has no value"),
        pa.Check(_ci_brackets_value, error="value outside its confidence interval"),
    ],
    unique=NATURAL_KEY,
    strict=True,
    ordered=True,
    coerce=True,
)

