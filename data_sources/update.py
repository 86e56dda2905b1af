"""``promise-dashboard update``: fetch each publisher's current file and say what changed.

Why: figures are revised and new years are released; a user must be able to
refresh from the publishers without hand-copying files, and must be told plainly
what a new file brings (new periods, revised cells) or why it was refused (a
renamed column, a failed or partial download). Nothing is used unless it was
downloaded completely and passed the source's own parser; an accepted file is
kept as a new vintage (``data_sources.releases``) and the next build uses it.
Network use must be allowed (``PROMISE_ALLOW_NETWORK=1``).
"""
from __future__ import annotations

import csv
import http.client
import shutil
import socket
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from data_sources import releases
from data_sources.base import LoadedSource, SourceFile, sha256_of
from data_sources.errors import SourceError
from settings import Settings

UNCHANGED, NEW_RELEASE, LAYOUT_CHANGED, INVALID, FAILED, NOT_FETCHED = (
    "unchanged", "new release", "layout changed", "invalid", "download failed", "not fetched")


@dataclass
class FileReport:
    """What ``update`` found for one publisher file."""

    source_id: str
    file_name: str
    url: str
    outcome: str
    detail: str = ""
    new_periods: list[str] = field(default_factory=list)
    revised: list[tuple[str, str, str, str]] = field(default_factory=list)  # (row key, column, was, now)
    accepted_path: Path | None = None

    def lines(self) -> list[str]:
        head = f"{self.source_id}/{self.file_name}: {self.outcome}"
        out = [head + (f" ({self.detail})" if self.detail else "")]
        if self.new_periods:
            out.append(f"  new periods: {', '.join(self.new_periods)}")
        if self.revised:
            out.append(f"  revised cells: {len(self.revised)}")
            out += [f"    {key}, {column}: {was} → {now}" for key, column, was, now in self.revised[:20]]
            if len(self.revised) > 20:
                out.append(f"    … and {len(self.revised) - 20} more")
        if self.accepted_path is not None:
            out.append(f"  kept as {self.accepted_path}; the next build uses it")
        return out


class DownloadError(Exception):
    """A download that did not complete: its bytes are never used."""


def fetch(url: str, target: Path, timeout: float) -> None:
    """Download ``url`` completely into ``target`` or raise DownloadError (``target`` then absent)."""
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:  # noqa: S310 - spec URLs
            shutil.copyfileobj(response, out)
            expected = response.headers.get("Content-Length")
        received = partial.stat().st_size
        if expected is not None and expected.isdigit() and int(expected) != received:
            raise DownloadError(f"incomplete download: {received:,} of {int(expected):,} bytes")
        if received == 0:
            raise DownloadError("the publisher sent an empty file")
    except urllib.error.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"HTTP {exc.code} {exc.reason} from {url}") from exc
    except http.client.IncompleteRead as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"incomplete download: the connection closed after {len(exc.partial):,} bytes") from exc
    except (TimeoutError, socket.timeout) as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"timed out after {timeout:g} s waiting for {url}") from exc
    except urllib.error.URLError as exc:
        partial.unlink(missing_ok=True)
        reason = "timed out" if isinstance(exc.reason, (TimeoutError, socket.timeout)) else str(exc.reason)
        raise DownloadError(f"{reason} ({url})") from exc
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def _text_frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _same(was: str, now: str) -> bool:
    if was == now:
        return True
    try:
        return float(was.replace(",", "")) == float(now.replace(",", ""))
    except ValueError:
        return False


def compare(source_file: SourceFile, current: Path, candidate: Path) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    """(periods only in the candidate, cells whose value differs) between two CSVs of one layout."""
    old, new = _text_frame(current), _text_frame(candidate)
    period = source_file.period_column
    new_periods = sorted(set(new[period]) - set(old[period])) if period else []
    keys = list(source_file.key_columns)
    if not keys:
        return new_periods, []
    values = [c for c in new.columns if c in old.columns and c not in keys]
    both = old.merge(new, on=keys, how="inner", suffixes=("_was", "_now"))
    revised = []
    for record in both.to_dict("records"):
        for column in values:
            was, now = str(record[f"{column}_was"]), str(record[f"{column}_now"])
            if not _same(was, now):
                revised.append((" ".join(str(record[k]) for k in keys if str(record[k])), column, was, now))
    return new_periods, revised


def _check_layout(path: Path, exc: SourceError) -> tuple[str, str]:
    if exc.column and path.suffix.lower() in (".xlsx", ".xls"):  # a workbook's header: the extractor names it
        return LAYOUT_CHANGED, f"column {exc.column!r} missing ({exc.location_and_message()})"
    if exc.column and exc.row == 1:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
        return LAYOUT_CHANGED, f"column {exc.column!r} missing (the header now reads {', '.join(header)})"
    return INVALID, f"refused by the parser: {exc.location_and_message()}"


def _update_file(module, source_file: SourceFile, loaded: dict[str, LoadedSource], settings: Settings,
                 url: str, timeout: float, work: Path) -> FileReport:
    spec = module.SPEC
    report = FileReport(spec.id, source_file.name, url, NOT_FETCHED)
    fetched_at = releases.now()
    download = work / (Path(urllib.request.urlparse(url).path).name or source_file.name)
    try:
        fetch(url, download, timeout)
    except DownloadError as exc:
        report.outcome, report.detail = FAILED, f"{exc}; nothing kept, the last good file stays in use"
        return report
    candidate = download
    upstream = {sid: source.tables for sid, source in loaded.items() if sid != spec.id}
    if source_file.tidy is not None:
        candidate = work / source_file.name
        try:
            candidate.write_bytes(source_file.tidy(download, upstream))
        except SourceError as exc:
            report.outcome, report.detail = _check_layout(download, exc)
            return report
    paths = {record.file_name: Path(record.obtained_from) for record in loaded[spec.id].provenance}
    current = paths[source_file.name]
    if sha256_of(candidate) == sha256_of(current):
        report.outcome, report.detail = UNCHANGED, f"sha256 {sha256_of(candidate)[:12]}… as in use"
        return report
    try:
        module.parse({**paths, source_file.name: candidate}, upstream)
    except SourceError as exc:
        report.outcome, report.detail = _check_layout(candidate, exc)
        return report
    report.new_periods, report.revised = compare(source_file, current, candidate)
    if not report.new_periods and not report.revised and len(_text_frame(candidate)) == len(_text_frame(current)):
        report.outcome, report.detail = UNCHANGED, "same figures as the file in use (the bytes differ only in layout)"
        return report
    report.outcome = NEW_RELEASE
    report.accepted_path = releases.accept(settings, spec.id, source_file.name, candidate, sha256_of(candidate), fetched_at)
    if candidate != download:  # keep the publisher's own file beside the extract made from it
        shutil.copyfile(download, report.accepted_path.parent / ("publisher-" + download.name))
    return report


def run(settings: Settings, *, timeout: float = 60.0, sources: set[str] | None = None,
        url_for: Callable[[str], str] = lambda url: url, on_report: Callable[[FileReport], None] | None = None,
        loaded: dict[str, LoadedSource] | None = None) -> list[FileReport]:
    """Check every file that has a publisher download address (of ``sources``, or all);
    return one report per file.

    ``url_for`` rewrites an address (the tests point it at a local server);
    ``loaded``: the sources as the build would read them now (loaded when not given).
    """
    import data_sources

    reports: list[FileReport] = []
    targets = [(module, f) for module in data_sources.SOURCES for f in module.SPEC.files
               if f.url_download and (sources is None or module.SPEC.id in sources)]
    if not settings.allow_network:
        for module, source_file in targets:
            report = FileReport(module.SPEC.id, source_file.name, source_file.url_download, NOT_FETCHED,
                                "network use is off; set PROMISE_ALLOW_NETWORK=1")
            reports.append(report)
            if on_report:
                on_report(report)
        return reports
    loaded = loaded if loaded is not None else data_sources.load_all(settings)
    settings.releases_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.releases_dir, prefix=".incoming-") as folder:
        for module, source_file in targets:
            work = Path(folder) / module.SPEC.id
            work.mkdir(exist_ok=True)
            report = _update_file(module, source_file, loaded, settings, url_for(source_file.url_download), timeout, work)
            reports.append(report)
            if on_report:
                on_report(report)
    return reports
