"""What every data source shares: its spec, where its files come from, and provenance.

Why: each publication module should say only what is particular to it (its URL,
its layout, its quirks). Finding a file (a release fetched by ``update``, the
mirror, the snapshot shipped in ``data/published``, the cache, then a download only
when allowed), checksumming it and turning a schema failure into an error that
names file, row and column are the same for every source, so they live here once.
"""
from __future__ import annotations

import csv
import hashlib
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd
import pandera.errors

from contract.provenance import row_ref
from data_sources.errors import OfflineError, SourceError
from data_sources.file_safety import refuse_links_outside
from settings import Settings


@dataclass(frozen=True)
class SourceFile:
    """One published file: its name in the mirror/cache and where the publisher serves it.

    For ``promise-dashboard update``: ``key_columns`` identify a row and
    ``period_column`` its period (to report new periods and revised cells), and
    ``tidy`` turns the publisher's layout into the file the build reads (when the
    project ships an extract rather than the publisher's file). ``vintage`` names
    the publication or edition the file is, in the words shown beside every figure
    read from it (a file that states each row's vintage itself needs none).
    """

    name: str
    format: str
    url_download: str | None = None
    description: str = ""
    key_columns: tuple[str, ...] = ()
    period_column: str | None = None
    tidy: Callable[[Path, Mapping], bytes] | None = None
    vintage: str = ""


@dataclass(frozen=True)
class SourceSpec:
    """Who published what, where and under which licence (owid/etl-style provenance)."""

    id: str
    title: str
    producer: str
    url_main: str
    licence: str
    date_published: str
    files: tuple[SourceFile, ...]
    attribution: str = ""
    mirror_folder: str | None = None  # path under the mirror's parent, when not the mirror's <id>/ folder
    notes: str = ""

    def file(self, name: str) -> SourceFile:
        for source_file in self.files:
            if source_file.name == name:
                return source_file
        raise KeyError(f"source {self.id!r} declares no file {name!r}")


@dataclass(frozen=True)
class Provenance:
    """Where one file used by a build came from, and its fingerprint."""

    source_id: str
    file_name: str
    url: str | None
    licence: str
    sha256: str
    bytes: int
    obtained_via: str  # "mirror", "cache", "download" or "curated"
    obtained_from: str
    obtained_at: str  # ISO timestamp: file mtime for mirror/curated copies, download time otherwise


@dataclass
class LoadedSource:
    spec: SourceSpec
    tables: dict[str, pd.DataFrame]
    provenance: list[Provenance] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _provenance(spec: SourceSpec, source_file: SourceFile, path: Path, via: str, when: datetime) -> Provenance:
    return Provenance(
        source_id=spec.id,
        file_name=source_file.name,
        url=source_file.url_download or spec.url_main,
        licence=spec.licence,
        sha256=sha256_of(path),
        bytes=path.stat().st_size,
        obtained_via=via,
        obtained_from=str(path),
        obtained_at=when.isoformat(timespec="seconds"),
    )


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)


def _download(url: str, target: Path, timeout: float = 60.0) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:  # noqa: S310 - https URLs from specs
        shutil.copyfileobj(response, out)
    partial.replace(target)


def resolve_file(spec: SourceSpec, source_file: SourceFile, settings: Settings) -> tuple[Path, Provenance]:
    """Find a published file: a release fetched by ``update``, the mirror, the shipped
    snapshot, the cache, then (if allowed) the publisher.

    Raises OfflineError naming every place tried when the file cannot be had.
    """
    from data_sources import releases, snapshot

    tried: list[str] = []
    fetched = releases.current(settings, spec.id, source_file.name)
    if fetched is not None:
        path, fetched_at = fetched
        return path, _provenance(spec, source_file, path, "release", fetched_at)
    folder_name = spec.mirror_folder or spec.id
    if settings.raw_mirror is not None:
        folder = settings.raw_mirror.parent / spec.mirror_folder if spec.mirror_folder else settings.raw_mirror / spec.id
        mirrored = folder / source_file.name
        if mirrored.is_file():
            return mirrored, _provenance(spec, source_file, mirrored, "mirror", _mtime(mirrored))
        tried.append(f"mirror {mirrored}")
    else:
        tried.append("mirror (PROMISE_RAW_MIRROR not set and ../shared/data/raw absent)")
    shipped = snapshot.shipped_file(settings.published_dir, folder_name, source_file.name, settings.var_dir / "snapshot")
    if shipped is not None:
        packed = settings.published_dir / folder_name / (source_file.name + ".gz")
        return shipped, _provenance(spec, source_file, shipped, "snapshot", _mtime(packed if packed.is_file() else shipped))
    tried.append(f"shipped snapshot {settings.published_dir / folder_name / source_file.name}")
    cached = settings.raw_cache / spec.id / source_file.name
    if cached.is_file():
        return cached, _provenance(spec, source_file, cached, "cache", _mtime(cached))
    tried.append(f"cache {cached}")
    if source_file.url_download is None:
        tried.append("download (the publisher gives no download URL for this file)")
    elif source_file.tidy is not None:
        tried.append(f"download from {source_file.url_download} (the publisher's file is made into this extract by "
                     "`promise-dashboard update`, with PROMISE_ALLOW_NETWORK=1)")
    elif not settings.allow_network:
        tried.append(f"download from {source_file.url_download} (network use is off; set PROMISE_ALLOW_NETWORK=1)")
    else:
        try:
            _download(source_file.url_download, cached)
        except (urllib.error.URLError, OSError) as exc:
            tried.append(f"download from {source_file.url_download} failed: {exc}")
        else:
            return cached, _provenance(spec, source_file, cached, "download", datetime.now(timezone.utc))
    raise OfflineError(
        "published file not found; tried: " + "; ".join(tried),
        file=f"{spec.id}/{source_file.name}",
    )


Tables = dict[str, pd.DataFrame]
Parser = Callable[[Mapping[str, Path], Mapping[str, Tables]], Tables]


def load_source(spec: SourceSpec, parse: Parser, settings: Settings, upstream: Mapping[str, Tables] | None = None) -> LoadedSource:
    """Resolve every file a source declares, parse them, and keep their provenance.

    ``upstream`` holds the tables of sources loaded earlier (e.g. the council codes
    every other source is recoded with).
    """
    paths: dict[str, Path] = {}
    provenance: list[Provenance] = []
    for source_file in spec.files:
        path, record = resolve_file(spec, source_file, settings)
        refuse_links_outside(path, f"{spec.id}/{source_file.name}")
        paths[source_file.name] = path
        provenance.append(record)
    return LoadedSource(spec=spec, tables=parse(paths, upstream or {}), provenance=provenance)


def read_csv_text(path: Path, expected_columns: list[str], **kwargs) -> pd.DataFrame:
    """Read a published CSV with every cell as text, checking its shape first.

    Why text: symbols such as ``[c]`` or ``dna`` must be seen and judged, not
    silently coerced to NaN by a numeric parser. Why the shape check: pandas
    pads a short (truncated) row with empty cells and shifts a file with a title
    row above the header; both must stop the build, naming the row.
    """
    _check_shape(path, expected_columns)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SourceError(f"not a readable CSV: {exc}", file=path.name) from exc
    return frame


def _check_shape(path: Path, expected_columns: list[str]) -> None:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:  # a byte-order mark is not part of the first column's name
            rows = csv.reader(handle)
            header = next(rows, None)
            if header is None:
                raise SourceError("the file is empty", file=path.name)
            missing = [c for c in expected_columns if c not in header]
            if missing:
                second = next(rows, [])
                if all(c in second for c in expected_columns):
                    raise SourceError("an extra row above the header: the column names are on row 2", file=path.name, row=1)
                raise SourceError(f"expected column(s) {missing} not in header {header}", file=path.name, row=1, column=missing[0])
            for line, row in enumerate(rows, start=2):
                if len(row) < len(header):
                    raise SourceError(f"the row has {len(row)} fields, the header {len(header)} (file truncated?)",
                                      file=path.name, row=line, column=header[len(row)])
                if len(row) > len(header):
                    raise SourceError(f"the row has {len(row)} fields, more than the header's {len(header)}", file=path.name, row=line)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"not a readable CSV (corrupt, or another format such as a workbook?): {exc}", file=path.name) from exc


def csv_row_number(index: int) -> int:
    """File line of a data row read by pandas (line 1 is the header)."""
    return int(index) + 2


def csv_refs(file: str, index) -> list[str]:
    """The ``source_ref`` of each data row read by pandas: ``<file> row <line>``, as every parser emits it."""
    return [row_ref(file, csv_row_number(i)) for i in index]


def validate(schema, frame: pd.DataFrame, *, file: str, sheet: str | None = None,
             row_of: Callable[[int], int] = csv_row_number) -> pd.DataFrame:
    """Validate with pandera, turning the first failure into a SourceError naming its place."""
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        column = first.get("column")
        index = first.get("index")
        row = row_of(int(index)) if index is not None and not pd.isna(index) else None
        check = first.get("check")
        value = first.get("failure_case")
        raise SourceError(
            f"failed check {check} with value {value!r} ({len(cases)} failure(s) in all)",
            file=file, sheet=sheet, row=row, column=None if column is None or pd.isna(column) else str(column),
        ) from exc
