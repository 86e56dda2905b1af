"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Why CHECK constraints and a natural key in the database itself: the rule that a
withheld cell ([c], [x], [z]) carries no number must hold whatever code writes the
rows, so the database refuses such a row rather than trusting every writer.
Tables carry no schema name; PostgreSQL's schema is chosen per connection with
``schema_translate_map``, which is what lets a build write a staging schema and
swap it in.
"""
from __future__ import annotations

import sqlalchemy as sa

from contract.observation import CONTEXT_NUMBER_COLUMNS, NATURAL_KEY, NUMBER_COLUMNS
from contract.status import WITHOUT_VALUE, Status

metadata = sa.MetaData()

_ALL = ", ".join(f"'{s.value}'" for s in Status)
_WITHHELD = ", ".join(f"'{s.value}'" for s in sorted(WITHOUT_VALUE, key=lambda s: s.value))

build = sa.Table(
    "build", metadata,
    sa.Column("build_id", sa.Text, primary_key=True),
    sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text),
    sa.Column("code_version", sa.Text, nullable=False),
    sa.Column("summary_json", sa.Text, nullable=False),
    sa.Column("disclosure_note", sa.Text, nullable=False),
)

source = sa.Table(
    "source", metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("file_name", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("producer", sa.Text, nullable=False),
    sa.Column("url_main", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("date_published", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("bytes", sa.BigInteger, nullable=False),
    sa.Column("obtained_via", sa.Text, nullable=False),
    sa.Column("obtained_from", sa.Text, nullable=False),
    sa.Column("obtained_at", sa.Text, nullable=False),
)

area = sa.Table(
    "area", metadata,
    sa.Column("area_code", sa.Text, primary_key=True),
    sa.Column("area_name", sa.Text, nullable=False, unique=True),
    sa.Column("area_type", sa.Text, nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False),
    sa.CheckConstraint("area_type IN ('country', 'council')", name="area_type_known"),
)

area_group = sa.Table(
    "area_group", metadata,
    sa.Column("group_type", sa.Text, primary_key=True),
    sa.Column("group_code", sa.Text, primary_key=True),
    sa.Column("area_code", sa.Text, sa.ForeignKey("area.area_code"), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
)

indicator = sa.Table(
    "indicator", metadata,
    sa.Column("indicator_id", sa.Text, primary_key=True),
    *(sa.Column(name, sa.Text, nullable=False) for name in (
        "title", "vision_statement", "outcome", "measure", "numerator_definition", "denominator_definition", "unit",
    )),
    sa.Column("decimals", sa.Integer, nullable=False),
    *(sa.Column(name, sa.Text, nullable=False) for name in (
        "polarity", "baseline_period", "ci_method", "period_type", "source_ids", "caveats", "series_breaks", "metadata_json",
        "framework_indicator", "companion", "direction_rule", "kind",
    )),
)

observation = sa.Table(
    "observation", metadata,
    sa.Column("indicator_id", sa.Text, sa.ForeignKey("indicator.indicator_id"), nullable=False),
    sa.Column("area_code", sa.Text, sa.ForeignKey("area.area_code"), nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("period_end", sa.Text, nullable=False),
    sa.Column("dimension", sa.Text, nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    *(sa.Column(name, sa.Float(precision=53)) for name in NUMBER_COLUMNS),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("vintage", sa.Text, nullable=False),
    sa.Column("provisional", sa.Boolean, nullable=False),
    sa.Column("source_ref", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint(*NATURAL_KEY, name="observation_natural_key"),
    sa.CheckConstraint(f"status IN ({_ALL})", name="status_known"),
    sa.CheckConstraint(
        f"status NOT IN ({_WITHHELD}) OR ({' AND '.join(f'{n} IS NULL' for n in NUMBER_COLUMNS)})",
        name="withheld_cell_has_no_number",
    ),
    sa.CheckConstraint(f"status IN ({_WITHHELD}) OR value IS NOT NULL", name="published_cell_has_value"),
    sa.CheckConstraint(
        "ci_lower IS NULL OR ci_upper IS NULL OR value IS NULL OR (ci_lower <= value + 1e-9 AND value <= ci_upper + 1e-9)",
        name="value_within_interval",
    ),
)
framework_row = sa.Table(
    "framework_row", metadata,
    sa.Column("row_number", sa.Integer, primary_key=True),
    sa.Column("vision_number", sa.Integer, nullable=False),
    *(sa.Column(name, sa.Text, nullable=False) for name in (
        "vision_statement", "outcome", "indicator", "measure", "source_publication", "publisher", "geography",
        "frequency", "framework_status", "url", "indicator_ids",  # never the maintainers' notes
    )),
    sa.CheckConstraint("framework_status IN ('confirmed', 'inferred', 'placeholder', 'candidate_not_confirmed')",
                       name="framework_status_known"),
)

area_code_change = sa.Table(
    "area_code_change", metadata,
    sa.Column("previous_code", sa.Text, primary_key=True),
    sa.Column("area_code", sa.Text, sa.ForeignKey("area.area_code"), nullable=False),
    sa.Column("since", sa.Integer),
)

boundary = sa.Table(
    "boundary", metadata,
    sa.Column("area_code", sa.Text, sa.ForeignKey("area.area_code"), primary_key=True),
    sa.Column("feature_json", sa.Text, nullable=False),
)

revision = sa.Table(
    "revision", metadata,
    sa.Column("indicator_id", sa.Text, sa.ForeignKey("indicator.indicator_id"), nullable=False),
    sa.Column("area_code", sa.Text, sa.ForeignKey("area.area_code"), nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("value", sa.Float(precision=53), nullable=False),
    sa.Column("vintage", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
)

quality_check = sa.Table(
    "quality_check", metadata,
    sa.Column("check_number", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.CheckConstraint("status IN ('pass', 'warn', 'info')", name="quality_status_known"),
)

derived_figure = sa.Table(
    "derived_figure", metadata,
    sa.Column("indicator_id", sa.Text, sa.ForeignKey("indicator.indicator_id"), nullable=False),
    sa.Column("area_code", sa.Text, sa.ForeignKey("area.area_code")),
    sa.Column("group_type", sa.Text, nullable=False),
    sa.Column("group_code", sa.Text, nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("measure", sa.Text, nullable=False),
    sa.Column("value", sa.Float(precision=53)),
    sa.Column("status", sa.Text, nullable=False),
    sa.CheckConstraint(f"status IN ({_ALL})", name="derived_status_known"),
    sa.CheckConstraint(f"status NOT IN ({_WITHHELD}) OR value IS NULL", name="derived_withheld_has_no_number"),
    sa.CheckConstraint("area_code IS NOT NULL OR group_code <> ''", name="derived_has_a_subject"),
)
context_observation = sa.Table(
    # England's figures (DfE) shown beside Scotland's: context, never among the councils
    # (no foreign key to ``area``), written only through ``disclosure.england``.
    "context_observation", metadata,
    *(sa.Column(name, sa.Text, nullable=False) for name in (
        "series", "area_code", "area_name", "area_level", "region_code", "period", "period_end", "measure")),
    *(sa.Column(name, sa.Float(precision=53)) for name in CONTEXT_NUMBER_COLUMNS),
    *(sa.Column(name, sa.Text, nullable=False) for name in ("status", "source_id", "vintage", "source_ref")),
    sa.CheckConstraint(f"status IN ({_ALL})", name="context_status_known"),
    sa.CheckConstraint(f"status NOT IN ({_WITHHELD}) OR ({' AND '.join(f'{n} IS NULL' for n in CONTEXT_NUMBER_COLUMNS)})",
                       name="context_withheld_has_no_number"),
    sa.CheckConstraint("area_level IN ('country', 'region', 'local_authority')", name="context_level_known"),
)
sa.Index("derived_by_indicator", derived_figure.c.indicator_id, derived_figure.c.measure, derived_figure.c.period)
sa.Index("observation_by_area", observation.c.area_code, observation.c.indicator_id, observation.c.period)
