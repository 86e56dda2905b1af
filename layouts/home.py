"""The framework: ten vision statements → outcomes → indicators, each as a tile.

Why the framework is the home page: partners think in vision statements, so the
dashboard is navigated by them, and every outcome is shown — including those with
no open data yet, said plainly rather than left out.
"""
from __future__ import annotations

import pandas as pd
from dash import html

from contract.areas import SCOTLAND
from layouts.components import data_table
from layouts.formatting import direction_phrase, direction_text, format_cell, format_change
from layouts.views import Reader

NO_DATA = {
    "placeholder": "Indicator not yet defined by the framework: no open data yet.",
    "confirmed": "Framework indicator: no open data in this dashboard yet.",
    "inferred": "Implied by the framework: no open data in this dashboard yet.",
    "candidate_not_confirmed": "Context, not a framework indicator: no open data in this dashboard yet.",
}


def scotland_progress(reader: Reader, indicator_id: str, meta) -> dict:
    """Scotland's latest published figure, its change and direction since the indicator's own baseline."""
    scotland = reader.observations(indicator_id, [SCOTLAND])
    published = scotland[scotland["status"] != "[x]"]
    latest = published.sort_values("period").iloc[-1] if not published.empty else None
    derived = reader.derived(indicator_id)
    mine = derived[(derived["area_code"] == SCOTLAND)]
    change = direction = None
    if latest is not None:
        at = mine[mine["period"] == latest["period"]]
        change_rows = at[at["measure"].str.startswith("change_since")]
        direction_rows = at[at["measure"].str.startswith("direction_since")]
        change = change_rows.iloc[0] if not change_rows.empty else None
        direction = direction_rows.iloc[0] if not direction_rows.empty else None
    arrow, words = direction_phrase(change["value"] if change is not None else None, change["status"] if change is not None else None,
                                    direction["value"] if direction is not None else None,
                                    direction["status"] if direction is not None else None, meta["polarity"])
    if latest is not None and str(latest["period"]) <= str(meta["baseline_period"]) and direction is None:
        words = f"not assessed: no figure after the {meta['baseline_period']} baseline yet"
    verdict = direction_text(direction["value"], direction["status"]) if direction is not None else "not assessed"
    return {"latest": latest, "change": change, "arrow": arrow, "words": words, "verdict": verdict}


def indicator_tile(reader: Reader, indicator_id: str, indicators: pd.DataFrame, progress: dict | None = None) -> html.A:
    meta = indicators.loc[indicator_id]
    progress = progress or scotland_progress(reader, indicator_id, meta)
    latest, c = progress["latest"], progress["change"]
    lines = [html.Span(meta["title"], className="tile-title")]
    if latest is None:
        lines.append(html.Span("No published figure for Scotland.", className="tile-note"))
    else:
        lines.append(html.Span([html.Strong(format_cell(latest["value"], latest["status"], int(meta["decimals"]), meta["unit"])),
                                f" {meta['unit'] if meta['unit'] != '%' else ''} (Scotland, {latest['period']})"], className="tile-value"))
        if c is not None:
            lines.append(html.Span(f"Since the {meta['baseline_period']} baseline: {format_change(c['value'], c['status'], int(meta['decimals']), meta['unit'])}",
                                   className="tile-change"))
        arrow = html.Span(progress["arrow"] + " ", **{"aria-hidden": "true"}) if progress["arrow"] else None
        lines.append(html.Span(["Direction of travel: ", arrow, progress["words"]],
                               className=f"tile-direction direction-{progress['verdict'].replace(' ', '-')}"))
        if bool(latest["provisional"]):
            lines.append(html.Span("Not yet checked on the Scottish Government's own page; it may change", className="tile-note"))
    return html.A(lines, href=f"/indicator/{indicator_id}", className="tile")


VERDICTS = ("improving", "maintaining", "worsening", "not assessed")


def promise_summary(reader: Reader, progress: dict[str, dict]) -> html.Section:
    """'Are we keeping the promise?': per vision statement, how many framework indicators with open data are
    improving, maintaining, worsening or not assessed for Scotland since each one's own baseline, in words and a table."""
    framework = reader.framework()
    indicators = reader.indicators().set_index("indicator_id")
    sentences, rows = [], []
    for vision_number, vision in framework.groupby("vision_number", sort=True):
        heading = vision["vision_statement"].iloc[0].partition(":")[0]
        ids = list(dict.fromkeys(i.strip() for text in vision["indicator_ids"] for i in text.split(",") if i.strip()))
        ids = [i for i in ids if i in progress and indicators.loc[i, "framework_indicator"] != ""]
        without = int((vision["indicator_ids"].str.strip() == "").sum())
        by_verdict = {v: [i for i in ids if progress[i]["verdict"] == v] for v in VERDICTS}
        if ids:
            counted = ", ".join(f"{len(by_verdict[v])} {v}" for v in VERDICTS if by_verdict[v])
            sentence = f"{heading}: of {len(ids)} framework indicator{'s' if len(ids) != 1 else ''} with open data, {counted}"
        else:
            sentence = f"{heading}: no framework indicator has open data yet"
        if without and ids:
            sentence += f"; {without} more {'have' if without != 1 else 'has'} no open data yet"
        sentences.append(html.Li([html.A(sentence, href=f"#vision-{vision_number}"), "."]))
        cells = [[html.A(indicators.loc[i, "title"], href=f"/indicator/{i}#direction-rule") for i in by_verdict[v]] for v in VERDICTS]
        rows.append([html.A(heading, href=f"#vision-{vision_number}"),
                     *[html.Ul([html.Li(a) for a in cell], className="plain-list") if cell else "none" for cell in cells],
                     str(without)])
    table = data_table(rows, ["Vision statement", "Improving", "Maintaining", "Worsening", "Not assessed", "Rows with no open data yet"],
                       "Scotland's direction of travel since each indicator's own baseline, framework indicators by vision statement",
                       table_id="promise-summary")
    return html.Section([
        html.H2("Are we keeping the promise?", id="promise-summary-title"),
        html.P("For Scotland, each framework indicator's latest figure against its own baseline (most are 2020, when the promise "
               "was made; each is named on its tile). Improving or worsening only when the change passes the "
               "indicator's written rule, one click away on each indicator's page; context indicators are not counted.",
               className="note"),
        html.Ul(sentences, className="promise-sentences"),
        html.Details([html.Summary("Which indicators, by vision statement"), table]),
    ], className="card promise-summary", **{"aria-labelledby": "promise-summary-title"})


def framework_sections(reader: Reader, progress: dict[str, dict]) -> list:
    framework = reader.framework()
    indicators = reader.indicators().set_index("indicator_id")
    sections = []
    for vision_number, vision in framework.groupby("vision_number", sort=True):
        statement = vision["vision_statement"].iloc[0]
        heading, _, body = statement.partition(":")
        outcomes = []
        for outcome, rows in vision.groupby("outcome", sort=False):
            items = []
            context = indicators[(indicators["vision_statement"] == statement) & (indicators["outcome"] == outcome)
                                 & (indicators["framework_indicator"] == "")]
            for row in rows.itertuples():
                ids = [i.strip() for i in row.indicator_ids.split(",") if i.strip()]
                if ids:
                    items.extend(indicator_tile(reader, i, indicators, progress.get(i)) for i in ids)
                else:
                    items.append(html.Div([html.Span(row.indicator, className="tile-title"),
                                           html.Span(NO_DATA[row.framework_status], className="tile-note")],
                                          className=f"tile tile-empty status-{row.framework_status}"))
            block = [html.H3(f"Outcome: {outcome}"), html.Div(items, className="tiles")]
            if not context.empty:
                block += [html.H4("Context from open data (not framework indicators)"),
                          html.Div([indicator_tile(reader, i, indicators, progress.get(i)) for i in context.index], className="tiles")]
            outcomes.append(html.Div(block, className="outcome"))
        sections.append(html.Section([
            html.H2(heading, id=f"vision-{vision_number}"), html.P(body.strip(), className="vision-text"), *outcomes,
        ], className="vision", **{"aria-labelledby": f"vision-{vision_number}"}))
    return sections


def home_layout(reader: Reader) -> html.Div:
    indicators = reader.indicators().set_index("indicator_id")
    progress = {i: scotland_progress(reader, i, indicators.loc[i]) for i in indicators.index}
    sections = framework_sections(reader, progress)
    contents = html.Nav(html.Ol([html.Li(html.A(s.children[0].children, href=f"#{s.children[0].id}")) for s in sections]),
                        **{"aria-label": "Vision statements"}, className="contents")
    return html.Div([
        html.H1("How Scotland is keeping the promise"),
        html.P("The Promise Progress Framework's ten vision statements, their outcomes and indicators, with the latest "
               "published figures for Scotland. Select an indicator to compare councils."),
        promise_summary(reader, progress), contents, *sections, all_data_links(),
    ])


def all_data_links() -> html.Section:
    """Every published figure in one file, for analysts (after disclosure control, with a data dictionary)."""
    return html.Section([
        html.H2("Download all data", id="all-data-title"),
        html.P("Every figure this dashboard publishes, for every indicator, area and period, after disclosure control, "
               "with its unit, status symbol and source."),
        html.Div([html.A("All data as CSV", href="/download/all-data.csv", className="download"),
                  html.A("All data as XLSX (with cover, notes and data dictionary sheets)", href="/download/all-data.xlsx",
                         className="download"),
                  html.A("Data dictionary (CSV)", href="/download/data-dictionary.csv", className="download")],
                 className="downloads"),
    ], className="card", id="all-data", **{"aria-labelledby": "all-data-title"})
