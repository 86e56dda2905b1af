"""``promise-dashboard``: build the store, serve the dashboard, export the figures.

Why a CLI: the same three verbs serve a developer, CI and a deployment, and each
prints what it did so that a failed build names its step and the store it left.
"""
from __future__ import annotations

import argparse
import sys
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
    from app import create_app

    app = create_app(settings)
    print(f"Serving on http://{args.host}:{args.port}/")
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from store.export import export_csv
    from store.location import location_from_settings
    from store.read import StoreMissingError, StoreReader

    try:
        count = export_csv(StoreReader(location_from_settings(load_settings())), Path(args.out))
    except StoreMissingError as exc:
        print(f"EXPORT FAILED: {exc}. Run 'promise-dashboard build' first.", file=sys.stderr)
        return 1
    print(f"Wrote {count} observations to {args.out}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="promise-dashboard", description=__doc__.splitlines()[0])
    verbs = root.add_subparsers(dest="verb", required=True)
    verbs.add_parser("build", help="build the store from the published files (mirror, cache or download)").set_defaults(func=_cmd_build)
    serve = verbs.add_parser("serve", help="serve the dashboard on 127.0.0.1 (builds the store first if there is none)")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=_cmd_serve)
    export = verbs.add_parser("export", help="write every published observation to a CSV file")
    export.add_argument("--out", required=True, help="path of the CSV file to write")
    export.set_defaults(func=_cmd_export)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
