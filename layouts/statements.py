"""The accessibility statement and the feedback page.

Why written here, beside the tests they describe: the statement says what the
browser tests check (axe-core, 0 serious or critical violations, at desktop and
phone widths, on every page type), so a reader can check the claim by running
them, and it lists what is known not to meet WCAG 2.2 AA rather than claiming
full conformance. Both pages name the feedback address the deployment sets
(``PROMISE_FEEDBACK_URL``), or say plainly that none is set.
"""
from __future__ import annotations

from dash import dcc, html

from layouts.site_meta import links

KNOWN_ISSUES = [
    "Charts are drawn as images of lines, bars and shapes that a screen reader cannot read point by point. Every chart "
    "has a table of exactly its figures below it, open by default, and its data as CSV and XLSX.",
    "The map shows councils by colour. The same figures are in the ranking and its table, and symbols ([c], [x], [u]) "
    "are written in the tables rather than shown by colour alone.",
    "Chart hover labels appear only with a mouse or touch; the table below each chart holds the same figures for "
    "keyboard users.",
    "The chart toolbar (zoom, pan, download) comes from the charting library and its buttons are not all named for "
    "screen readers; the downloads below each chart do the same jobs as plain links.",
    "Charts drawn as PNG or SVG downloads carry their title, source and date as part of the picture, without alternative text.",
]


def _feedback_link(text: str) -> html.Span | html.A:
    url = links().feedback_url
    if url:
        return html.A(text, href=url, id="feedback-address")
    return html.Span("This site's operator has not given a feedback address yet (the setting PROMISE_FEEDBACK_URL).",
                     id="feedback-address")


def accessibility_layout() -> html.Div:
    return html.Div([
        html.H1("Accessibility statement"),
        html.P("This statement is for the Promise Progress dashboard. We want as many people as possible to be able to use "
               "it: to zoom to 400% without text spilling off the screen, to use it on a phone without scrolling sideways, "
               "to navigate it by keyboard alone and with a screen reader, and to read every chart as a table.",
               className="lede"),
        html.H2("How accessible this site is", id="status"),
        html.P(["The site is ", html.Strong("partially conformant"), " with the Web Content Accessibility Guidelines (WCAG) "
                "version 2.2 at level AA: most of it meets the standard, and the parts that do not are listed below."]),
        html.H2("Known issues", id="known-issues"),
        html.Ul([html.Li(text) for text in KNOWN_ISSUES]),
        html.H2("How we test it", id="testing"),
        html.Ul([
            html.Li("Every page type (the framework, an indicator, a council, a council's report as printed, the councils, "
                    "the overview, data quality, methodology, this statement and feedback) is opened in headless Chromium by the project's automated "
                    "tests, at a desktop width (1280 pixels) and a phone width (390 pixels)."),
            html.Li("On each, axe-core checks the page against WCAG 2.2 A and AA rules: any serious or critical violation "
                    "fails the tests, so none reaches this site."),
            html.Li("The same tests check that no page scrolls sideways on a phone, that the skip link, headings and "
                    "landmarks are in place, and that the browser reports no errors."),
            html.Li("Colours are the Okabe-Ito palette, chosen to be told apart with the common kinds of colour blindness, "
                    "and text meets the AA contrast ratios."),
            html.Li("Automated tools find only some problems. This site has not yet been tested by disabled users or "
                    "audited by hand against every success criterion."),
        ]),
        html.H2("Tell us about a problem", id="contact"),
        html.P(["If you find a part of this site you cannot use, or need a figure in another format, tell us: ",
                _feedback_link("send us feedback"), ". The ", dcc.Link("feedback page", href="/feedback"),
                " says what helps us fix it."]),
        html.H2("Enforcement", id="enforcement"),
        html.P("If you contact us and are not happy with our answer, the Equality Advisory and Support Service (EASS) can "
               "advise you; in Scotland the Equality and Human Rights Commission enforces the accessibility regulations "
               "for public sector websites."),
    ], className="statement")


def feedback_layout() -> html.Div:
    source = links().source_url
    return html.Div([
        html.H1("Feedback"),
        html.P("Tell us what works, what does not, and what you need: a figure that looks wrong, a chart you cannot read, "
               "a council or indicator you expected to find.", className="lede"),
        html.P(["Where to send it: ", _feedback_link("the feedback address")]),
        html.H2("What helps us", id="what-helps"),
        html.Ul([
            html.Li("The address of the page (copy it from the browser: it holds the whole view, councils and period included)."),
            html.Li("What you expected to see, and what you saw."),
            html.Li("For a figure: the publication you compared it with. Every page names its sources."),
            html.Li("For an accessibility problem: the device, browser and any assistive technology you use."),
        ]),
        html.P("Please do not send us anything about an individual child or family. This site holds only published "
               "statistics, and small numbers are withheld to protect children's privacy.", className="note"),
        html.H2("Source code", id="source-code"),
        html.P(["The dashboard is open source: ", html.A("its source code", href=source, id="source-address")]
               if source else "The dashboard is open source; this site's operator has not given the address of its source code "
                              "yet (the setting PROMISE_SOURCE_URL)."),
    ], className="statement")
