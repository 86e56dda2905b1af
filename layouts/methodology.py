"""The methodology page: how every figure is made, read from the store the pages are drawn from.

Why from the store: definitions, interval methods, direction-of-travel rules and
the disclosure note are written by the build beside the figures they describe,
so this page cannot drift from the figures served (a new indicator appears here
with its own rules, and the count of withheld figures is the current build's).
The rules of disclosure control are given in plain words; their exact statement
and proof are in the README and ``disclosure/``.
"""
from __future__ import annotations

from dash import dcc, html

from contract.indicator import IntervalMethod, Polarity
from contract.small_numbers import UNRELIABLE_BELOW, rule_in_words
from contract.status import Status
from layouts.components import data_table
from layouts.formatting import interval_words, symbol_explanations
from layouts.indicator_info import IndicatorInfo
from layouts.views import all_indicator_metas

INTERVALS = {
    IntervalMethod.WILSON: "95% confidence interval by Wilson's score method (for a share of children: a proportion).",
    IntervalMethod.BYAR: "95% confidence interval by Byar's method (for a rate built on a count of events).",
}
DIRECTION_METHODS = {"intervals": "95% intervals not overlapping", "relative_10pct": "a change of more than 10%",
                     "absolute_2pp": "a change of more than 2 percentage points"}
POLARITY = {Polarity.UP_IS_GOOD: "Higher is better", Polarity.DOWN_IS_GOOD: "Lower is better",
            Polarity.NO_JUDGEMENT: "Context: neither higher nor lower is better in itself"}


def interval_text(meta: IndicatorInfo) -> str:
    return INTERVALS.get(meta.ci_method) or interval_words(meta)


def _indicator_entry(meta: IndicatorInfo) -> html.Details:
    items = [
        ("Measure", meta.measure), ("Numerator", meta.numerator_definition),
        ("Denominator", meta.denominator_definition), ("Unit", meta.unit),
        ("Is up good?", POLARITY[meta.polarity] + (f": {meta.polarity_reason}" if meta.polarity_reason else "")),
        ("Baseline", meta.baseline_period),
        ("Interval", interval_text(meta)),
        ("Direction of travel", meta.direction_rule),
        ("Small numbers", rule_in_words(meta.kind, meta.indicator_id)),
    ]
    return html.Details([
        html.Summary(meta.title),
        html.Dl([part for term, text in items for part in (html.Dt(term), html.Dd(text))]),
        html.P(dcc.Link(f"The indicator's page: {meta.title}", href=f"/indicator/{meta.indicator_id}")),
    ], className="method-indicator", id=f"method-{meta.indicator_id}")


def _summary_table(metas: list[IndicatorInfo]) -> html.Div:
    rows = [[dcc.Link(m.title, href=f"#method-{m.indicator_id}"),
             "Framework" if m.framework_indicator else "Context",
             {IntervalMethod.WILSON: "Wilson", IntervalMethod.BYAR: "Byar"}.get(m.ci_method, "none"),
             DIRECTION_METHODS.get(m.direction_method, "see its rule"),
             ", ".join("Scotland" if g == "country" else "councils" for g in m.geographies)]
            for m in metas]
    return data_table(rows, ["Indicator", "Framework or context", "95% interval", "Direction judged by", "Areas"],
                      "Every indicator: its interval method and how its direction of travel is judged", table_id="method-summary")


def _disclosure(build: dict) -> html.Section:
    symbols = [s.value for s in Status if s is not Status.PUBLISHED]
    return html.Section([
        html.H2("Keeping children safe: disclosure control", id="disclosure"),
        html.P("Every figure here is about children, often in small councils. Before anything reaches this site the build "
               "applies one set of rules to the underlying counts, so a count has the same status in every chart, table, "
               "download and image:"),
        html.Ul([
            html.Li("Small counts of children are withheld: never shown, nor anything that would let them be worked out "
                    "(the threshold is in the current build's note below). True zeros stay zero."),
            html.Li("A share is withheld when almost all, or almost none, of its children are in it, or when it is a share "
                    "of very few children: the count inside it could be worked back."),
            html.Li("In councils with very few children looked after, the breakdowns (community and residential counts, "
                    "and what is built on them) are withheld in every year whatever their values, so the pattern of "
                    "withheld cells itself says nothing."),
            html.Li("When a total and all but one of its parts would be shown, more cells are withheld so that no withheld "
                    "count can be found by subtraction."),
            html.Li("Anything computed from a withheld figure (a rate, a change since the baseline, a rank, a family-group "
                    "average) is withheld too; nothing withheld is ever estimated back."),
            html.Li("Every build attacks its own output as someone who knows all these rules would, with every published "
                    "figure, period and revision, and fails if any withheld count could be narrowed too far."),
        ]),
        html.P(["What the current build did: ", html.Strong(build.get("disclosure_note") or "no note recorded.")],
               id="disclosure-note"),
        html.H3("Symbols"),
        html.Dl([part for symbol, text in symbol_explanations(symbols)
                 for part in (html.Dt(symbol), html.Dd(text.split(" ", 1)[1]))], className="symbol-legend"),
    ], **{"aria-labelledby": "disclosure"})


def methodology_layout(reader) -> html.Div:
    metas = all_indicator_metas(reader)
    build = reader.build()
    sources = reader.sources().drop_duplicates("source_id")
    return html.Div([
        html.H1("Methodology"),
        html.P("How the figures on this site are made: where they come from, what each indicator measures, how uncertain "
               "it is, how its direction of travel is judged, and how children's privacy is protected.", className="lede"),
        html.Nav(html.Ul([html.Li(html.A(text, href=f"#{anchor}")) for text, anchor in [
            ("Sources", "sources"), ("Confidence intervals", "intervals"), ("Direction of travel", "direction"),
            ("Small numbers", "small-numbers"), ("Disclosure control", "disclosure"), ("Every indicator", "indicators")]]),
            className="contents", **{"aria-label": "On this page"}),
        html.Section([
            html.H2("Sources", id="sources"),
            html.P("Only published open data is used, each file recorded with its address, licence and checksum. "
                   "Every figure carries the source rows it came from."),
            html.Ul([html.Li([html.A(row.title, href=row.url_main), f" — {row.producer}. {row.licence}."])
                     for row in sources.itertuples()]),
            html.P(f"This is build {build['build_id']}, finished {build['finished_at']}."),
        ], **{"aria-labelledby": "sources"}),
        html.Section([
            html.H2("Confidence intervals", id="intervals"),
            html.P("A figure computed from a count of children is an estimate of an underlying rate that would vary from year "
                   "to year by chance. Where the counts behind a figure are published, its 95% confidence interval is shown:"),
            html.Ul([html.Li(text) for text in INTERVALS.values()]),
            html.P("Figures published without their counts (percentages the source gives as they are, costs, attendance) "
                   "and plain counts of children have no interval; each indicator below says why."),
        ], **{"aria-labelledby": "intervals"}),
        html.Section([
            html.H2("Direction of travel", id="direction"),
            html.P("Each framework indicator's latest Scotland figure is compared with its own baseline (the Promise Progress "
                   "Framework's 2020, or the first year the open data has). The rule is written for each indicator below: "
                   "where there are intervals, the change counts only when the two intervals do not overlap. An arrow shows "
                   "which way the figure moved and words say whether that is better, so colour is never the only signal. "
                   "A withheld or small-number figure is not assessed."),
        ], **{"aria-labelledby": "direction"}),
        html.Section([
            html.H2("Small numbers", id="small-numbers"),
            html.P(f"A council's rate from fewer than {UNRELIABLE_BELOW} events, or a share of fewer than {UNRELIABLE_BELOW} "
                   "children, moves a lot by chance. Such a figure is shown with [u] (low reliability), never ranked, left out "
                   "of the councils' range and quarters, and its direction of travel is not assessed. Where the source publishes "
                   "a figure without its counts, a published base stands in for it; each indicator says which."),
        ], **{"aria-labelledby": "small-numbers"}),
        _disclosure(build),
        html.Section([
            html.H2("Every indicator", id="indicators"),
            html.P(f"{len(metas)} indicators have open data. Open one to read its definitions and rules."),
            _summary_table(metas),
            *[_indicator_entry(meta) for meta in metas],
        ], **{"aria-labelledby": "indicators"}),
    ], className="methodology")
