"""The API's request and response shapes, as pydantic models: the OpenAPI document is generated from them.

Why pydantic (through spectree): the parameters a route accepts and the rows it
returns are declared once, here, and the same declaration validates every
request (an unknown or malformed parameter is a 400 naming it) and becomes the
OpenAPI 3.1 document (JSON Schema 2020-12), so the document cannot drift from
the code. Responses are not re-validated at run time (that would cost more than
building them); the contract tests and schemathesis check them against these
models instead.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_PAGE_SIZE = 5000
DEFAULT_PAGE_SIZE = 1000
INDICATOR_ID = r"^[a-z][a-z0-9_]{0,79}$"
AREA_CODE = r"^[A-Za-z][0-9]{8}$"
PERIOD = r"^\d{4}(-\d{2})?$"
CURSOR = r"^[A-Za-z0-9_-]{1,200}$"


class Strict(BaseModel):
    """Unknown parameters are refused (a misspelt filter must not silently return everything)."""

    model_config = ConfigDict(extra="forbid")


class FormatQuery(Strict):
    format: str | None = Field(None, pattern=r"^(json|csv)$",
                               description="json (default) or csv; the Accept header (application/json, text/csv) works too.")


class DataQuery(FormatQuery):
    indicator: str | None = Field(None, pattern=INDICATOR_ID, description="An indicator id (see /api/v1/indicators).")
    area: list[str] | None = Field(None, max_length=40, description=(
        "A GSS area code (a council S12…, or Scotland S92000003); repeat the parameter for several areas."))
    period: str | None = Field(None, pattern=PERIOD, description="One period exactly as the data give it: 2020 or 2019-20.")
    from_: str | None = Field(None, alias="from", pattern=PERIOD,
                              description="Earliest period kept (periods compare as text: 2019 ≤ 2019-20 < 2020).")
    to: str | None = Field(None, pattern=PERIOD, description="Latest period kept.")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}.")
    cursor: str | None = Field(None, pattern=CURSOR, description="The next_cursor of the previous page.")


class ApiError(BaseModel):
    """Every error: its HTTP status, and the parameter that caused it when there is one."""

    status: int = Field(description="The HTTP status code.")
    error: str = Field(description="The HTTP reason phrase.")
    parameter: str | None = Field(None, description="The query parameter, path part or header at fault, if any.")
    message: str = Field(description="What is wrong, in one sentence.")


class Source(BaseModel):
    source_id: str
    title: str
    producer: str
    url: str
    licence: str


class FrameworkPosition(BaseModel):
    vision_statement: str
    outcome: str
    framework_indicator: str | None = Field(description="The framework row this indicator computes, verbatim; null for context.")
    is_framework_indicator: bool


class IndicatorLinks(BaseModel):
    self: str
    data: str
    page: str


class Indicator(BaseModel):
    id: str
    title: str
    measure: str
    unit: str
    decimals: int
    kind: str = Field(description="count, rate, proportion or value.")
    polarity: str = Field(description="up_is_good, down_is_good or no_judgement.")
    interval_method: str = Field(description="95% confidence interval: byar, wilson or none.")
    period_type: str
    baseline_period: str
    geographies: list[str]
    framework: FrameworkPosition
    sources: list[Source]
    licence: str
    latest_period: str | None = Field(description="The latest period with a figure for any area.")
    last_updated: str = Field(description=("The publisher's release of the latest Scotland figure shown, in words: a date only "
                                           "where the shipped files record one, never the build date."))
    next_release: str = Field(description=("No publisher's next release date is recorded in the files used here: says so, with "
                                           "the usual timing the Promise Progress Framework states for the indicator."))
    links: IndicatorLinks


class IndicatorDetail(Indicator):
    numerator_definition: str
    denominator_definition: str
    direction_rule: str
    caveats: list[str]
    series_breaks: list[str]
    companion: str | None
    periods: list[str]


class IndicatorList(BaseModel):
    build_id: str
    indicators: list[Indicator]


class FamilyGroup(BaseModel):
    group_type: str
    group_code: str
    label: str


class CodeChange(BaseModel):
    previous_code: str
    current_code_since: int | None = Field(description="The year the current code replaced the previous one.")


class Area(BaseModel):
    code: str
    name: str
    type: str = Field(description="country or council.")
    family_group: FamilyGroup | None = Field(description="The LGBF children's-services family group, for councils.")
    code_history: list[CodeChange]


class AreaList(BaseModel):
    build_id: str
    areas: list[Area]


class Row(BaseModel):
    """One published cell, with the export's columns. A withheld cell has "value": null and "status": "[c]"."""

    indicator_id: str
    area_code: str
    area_name: str
    period: str
    period_end: str
    dimension: str
    category: str
    numerator: float | None
    denominator: float | None
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    status: str = Field(description="The GSS symbol: empty for a published figure, [c] withheld, [x] not available, "
                                    "[z] not applicable, [low], [u] low reliability.")
    source_id: str
    vintage: str
    provisional: bool = Field(description=("True when the figure was transcribed from an earlier note or a site quoting "
                                           "the publisher and has not yet been checked again on the publisher's own page; it may change."))
    source_ref: str


class Pagination(BaseModel):
    limit: int
    returned: int
    total: int = Field(description="Rows matching the filters, over all pages.")
    next_cursor: str | None
    next: str | None = Field(description="The URL of the next page, or null on the last one.")


class DataPage(BaseModel):
    build_id: str
    licence: str
    symbols: dict[str, str] = Field(description="The symbols on this page, explained.")
    pagination: Pagination
    data: list[Row]


class FrameworkIndicator(BaseModel):
    indicator: str = Field(description="The framework's wording.")
    measure: str
    framework_status: str
    source_publication: str
    publisher: str
    computed: bool = Field(description="Whether this dashboard computes it from open data.")
    indicator_ids: list[str]


class Outcome(BaseModel):
    outcome: str
    indicators: list[FrameworkIndicator]
    context_indicator_ids: list[str] = Field(description="Computed context (not framework indicators) shown under this outcome.")


class Vision(BaseModel):
    number: int
    statement: str
    outcomes: list[Outcome]


class Framework(BaseModel):
    build_id: str
    visions: list[Vision]


class BuildSource(BaseModel):
    source_id: str
    file_name: str
    title: str
    producer: str
    url: str | None
    licence: str
    date_published: str
    sha256: str
    bytes: int


class Build(BaseModel):
    build_id: str
    started_at: str
    finished_at: str | None
    code_version: str
    disclosure_note: str
    sources: list[BuildSource]


class Index(BaseModel):
    title: str
    openapi: str
    docs: str
    routes: dict[str, str]
