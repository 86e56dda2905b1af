"""``promise-dashboard``: build the store, serve the dashboard, export the figures.

Why a CLI: the same three verbs serve a developer, CI and a deployment, and each
prints what it did so that a failed build names its step and the store it left.
"""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from settings import load_settings


def _cmd_build(args: argparse.Namespace) -> int:
    from pipeline import BuildError, build

    try:
        result = build(load_settings())
    except BuildError as exc:
        print(f"BUILD FAILED: {exc}", file=sys.stderr)
        print("The store that was serving (if any) is unchanged.", file=sys.stderr)
        return 1
    print(f"\nBuild {result.build_id} published to {result.store_url} in {result.seconds:.1f} s")
    print(f"{'indicator':<34} {'rows':>6} {'[c]':>5}  statuses")
    for indicator_id, rows in sorted(result.rows_per_indicator.items()):
        statuses = ", ".join(f"{s} {n}" for s, n in result.status_counts[indicator_id].items())
        print(f"{indicator_id:<34} {rows:>6} {result.suppressed_per_indicator.get(indicator_id, 0):>5}  {statuses}")
    print(f"Disclosure: {result.disclosure_note}")
    if result.disclosure_warnings:
        print(f"Disclosure warnings: {len(result.disclosure_warnings)} (see the audit report)")
    print(f"Report and provenance: {result.report_dir}")
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    from data_sources import update

    settings = load_settings()
    if not settings.allow_network:
        print("update: network use is off; set PROMISE_ALLOW_NETWORK=1 to fetch the publishers' files", file=sys.stderr)
        return 2
    reports = update.run(settings, timeout=args.timeout, sources=set(args.source) if args.source else None,
                         on_report=lambda report: print("\n".join(report.lines()), flush=True))
    accepted = [r for r in reports if r.outcome == update.NEW_RELEASE]
    refused = [r for r in reports if r.outcome in (update.FAILED, update.LAYOUT_CHANGED, update.INVALID)]
    print(f"\n{len(reports)} file(s) checked: {len(accepted)} new release(s) kept, {len(refused)} refused or failed.")
    if accepted:
        print("Run `promise-dashboard build` to publish them.")
    return 1 if refused else 0


def _store_exists(settings) -> bool:
    from store.location import location_from_settings
    from store.read import StoreMissingError, StoreReader

    try:
        StoreReader(location_from_settings(settings)).build()
    except StoreMissingError:
        return False
    return True


def _cmd_serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not _store_exists(settings):
        print(f"No store at {settings.store_url}: building it first.")
        if _cmd_build(args) != 0:
            return 1
    if args.dev:
        from app import create_app

        print(f"Serving (Flask development server) on http://{args.host}:{args.port}/")
        create_app(settings).run(host=args.host, port=args.port, debug=True)
        return 0
    command = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads),
               "--worker-class", "gthread" if args.threads > 1 else "sync", "--bind", f"{args.host}:{args.port}",
               "--access-logfile", "-", "--timeout", "120", "--config", "python:gunicorn_config", "app:create_server()"]
    print(f"Serving with gunicorn ({args.workers} workers, cache {settings.cache_type}) on http://{args.host}:{args.port}/")
    os.execv(sys.executable, command)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from store.export import export_csv, export_england_csv
    from store.location import location_from_settings
    from store.read import StoreMissingError, StoreReader

    try:
        reader = StoreReader(location_from_settings(load_settings()))
        count = export_csv(reader, Path(args.out))
        england = export_england_csv(reader, Path(args.england)) if args.england else None
    except StoreMissingError as exc:
        print(f"EXPORT FAILED: {exc}. Run 'promise-dashboard build' first.", file=sys.stderr)
        return 1
    print(f"Wrote {count} observations to {args.out}")
    if england is not None:
        print(f"Wrote {england} rows of England's context figures (DfE, Open Government Licence v3.0) to {args.england}")
    return 0


def _reader_or_exit():
    from layouts import context
    from store.location import location_from_settings
    from store.read import StoreMissingError, StoreReader

    reader = StoreReader(location_from_settings(load_settings()))
    try:
        reader.build()
    except StoreMissingError as exc:
        print(f"{exc}. Run 'promise-dashboard build' first.", file=sys.stderr)
        return None
    context.set_reader(reader)
    return reader


def _warm_renderer():
    """Start the browser before anything else: it starts (1-2 s) while Python imports, reads and draws."""
    from reports.renderer import shared

    shared().warm_up()


def _cmd_chart(args: argparse.Namespace) -> int:
    _warm_renderer()
    from layouts.parameters import ParameterError
    from layouts.views import indicator_view
    from reports.images import export_image
    from reports.renderer import RendererError

    reader = _reader_or_exit()
    if reader is None:
        return 1
    query = {"areas": args.area or "", "ci": "1" if args.ci else "0", "period": args.period or ""}
    try:
        view = indicator_view(reader, args.indicator, query)
    except ParameterError as exc:
        print(f"CHART FAILED: {exc}", file=sys.stderr)
        return 2
    if args.view not in view.views:
        print(f"CHART FAILED: {view.not_offered(args.view)}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        out.write_bytes(export_image(view, args.view, args.format))
    except RendererError as exc:
        print(f"CHART FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.view} chart of {args.indicator} to {out}")
    return 0


def _cmd_pack(args: argparse.Namespace) -> int:
    """Every chart for one council, and its summary table, for a report."""
    _warm_renderer()
    from layouts.download_files import indicator_file
    from layouts.workbooks import to_csv
    from layouts.parameters import ParameterError
    from layouts.views import council_view, indicator_view
    from reports.images import default_height, export_figure
    from reports.renderer import RendererError, shared

    formats = [fmt.strip() for fmt in args.formats.split(",") if fmt.strip()]
    if not formats or set(formats) - {"png", "svg"}:
        print(f"PACK FAILED: Parameter '--formats': '{args.formats}' is not a comma-separated list of png and svg", file=sys.stderr)
        return 2
    reader = _reader_or_exit()
    if reader is None:
        return 1
    try:
        view = council_view(reader, args.area)
        code, name, rows = view.code, view.name, view.rows
    except ParameterError as exc:
        print(f"PACK FAILED: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Python builds each view and figure while the browser draws the one before (a second thread that
    # mostly waits on the browser): the two overlap instead of taking turns.
    with ThreadPoolExecutor(max_workers=1) as drawing:
        drawn = []
        for row in rows:
            indicator_id = row.meta.indicator_id
            view = indicator_view(reader, indicator_id, {"areas": code, "comparator": "family"})
            figure = export_figure(view, "trend")
            for fmt in formats:
                drawn.append((out / f"{indicator_id}-trend.{fmt}",
                              drawing.submit(shared().image, figure, fmt, 1100, default_height("trend"), 2.0)))
            (out / f"{indicator_id}-trend.csv").write_text(to_csv(indicator_file(view, "trend")), encoding="utf-8")
        try:
            for path, image in drawn:
                path.write_bytes(image.result())
                print(f"  {path.name}")
        except RendererError as exc:
            print(f"PACK FAILED: {exc}", file=sys.stderr)
            return 1
    print(f"Wrote {len(rows)} indicator charts for {name} to {out}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    """A council's report as PDF: the print view's document, printed by the warm Chromium."""
    _warm_renderer()
    from layouts.parameters import ParameterError
    from reports.council_report import council_report, document
    from reports.renderer import PdfOptions, RendererError, shared

    reader = _reader_or_exit()
    if reader is None:
        return 1
    try:
        report = council_report(reader, args.area)
    except ParameterError as exc:
        print(f"REPORT FAILED: {exc}", file=sys.stderr)
        return 2
    try:
        pdf = shared().pdf(document(report), PdfOptions(footer=f"{report.name}: council report, build {report.build['build_id']}"))
    except RendererError as exc:
        print(f"REPORT FAILED: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    print(f"Wrote the report for {report.name} ({len(pdf) // 1024} KB) to {out}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="promise-dashboard", description=__doc__.splitlines()[0])
    verbs = root.add_subparsers(dest="verb", required=True)
    verbs.add_parser("build", help="build the store from the published files (fetched releases, mirror, shipped snapshot, cache or download)").set_defaults(func=_cmd_build)
    update_parser = verbs.add_parser("update", help="fetch each publisher's current file, validate it and report what changed (needs PROMISE_ALLOW_NETWORK=1)")
    update_parser.add_argument("--source", action="append", help="only this source id (repeatable)")
    update_parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a publisher (default 60)")
    update_parser.set_defaults(func=_cmd_update)
    serve = verbs.add_parser("serve", help="serve the dashboard on 127.0.0.1 (builds the store first if there is none)")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    serve.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    serve.add_argument("--dev", action="store_true", help="Flask's development server with debugging (never in production)")
    serve.set_defaults(func=_cmd_serve)
    export = verbs.add_parser("export", help="write every published observation to a CSV file")
    export.add_argument("--out", required=True, help="path of the CSV file to write")
    export.add_argument("--england", help="also write England's context figures (DfE: England, regions, local authorities) "
                        "to this CSV file, apart from Scotland's")
    export.set_defaults(func=_cmd_export)
    chart = verbs.add_parser("chart", help="draw one chart as PNG or SVG, with title, source and licence in the image")
    chart.add_argument("--indicator", required=True)
    chart.add_argument("--area", help="council code(s) to show beside Scotland, comma-separated")
    chart.add_argument("--view", choices=("trend", "ranking", "map"), default="trend")  # layouts.views.VIEWS (imported only when run)
    chart.add_argument("--period", help="period for a ranking or map (default: latest with council figures)")
    chart.add_argument("--ci", action="store_true", help="draw 95%% confidence intervals")
    chart.add_argument("--format", choices=("png", "svg"), default="png")
    chart.add_argument("--out", required=True)
    chart.set_defaults(func=_cmd_chart)
    pack = verbs.add_parser("pack", help="every chart for one council, with its data, into a folder")
    pack.add_argument("--area", required=True, help="council code, e.g. S12000049")
    pack.add_argument("--out", required=True, help="folder to write into")
    pack.add_argument("--formats", default="png,svg", help="image formats, comma-separated (png,svg)")
    pack.set_defaults(func=_cmd_pack)
    report = verbs.add_parser("report", help="one council's report as PDF: summary, spine chart, every indicator's chart and "
                              "table, sentences from the figures, sources, licences and symbols")
    report.add_argument("--area", required=True, help="council code, e.g. S12000042")
    report.add_argument("--out", required=True, help="path of the PDF file to write")
    report.set_defaults(func=_cmd_report)
    return root


def main(argv: list[str] | None = None) -> int:
    from settings import SettingError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SettingError as error:  # a bad setting stops the command, naming the variable
        print(f"promise-dashboard: bad setting {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
