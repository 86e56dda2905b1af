"""Publishers' files fetched by ``promise-dashboard update``: every vintage kept.

Why: a figure's earlier vintage is evidence (SG and DfE revise earlier years), so
a newer download never overwrites an older one. Each accepted file lives in
``var/releases/<source_id>/<file>/<fetched at>-<sha256 prefix>/<file>``, and the
one the next build uses is named in that file's ``current`` pointer, written only
after the download was complete and passed the source's schema.
"""
from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from settings import Settings

POINTER = "current"


def _file_dir(settings: Settings, source_id: str, file_name: str) -> Path:
    return settings.releases_dir / source_id / file_name


def current(settings: Settings, source_id: str, file_name: str) -> tuple[Path, datetime] | None:
    """The accepted release of a file and when it was fetched, or None."""
    folder = _file_dir(settings, source_id, file_name)
    pointer = folder / POINTER
    if not pointer.is_file():
        return None
    vintage = pointer.read_text().strip()
    path = folder / vintage / file_name
    if not vintage or not path.is_file():
        return None
    fetched_at = datetime.strptime(vintage.split("-")[0], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    return path, fetched_at


def vintages(settings: Settings, source_id: str, file_name: str) -> list[str]:
    """Every vintage kept for a file, oldest first."""
    folder = _file_dir(settings, source_id, file_name)
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def accept(settings: Settings, source_id: str, file_name: str, downloaded: Path, sha256: str,
           fetched_at: datetime) -> Path:
    """Keep a complete, validated download as a new vintage and make it current."""
    folder = _file_dir(settings, source_id, file_name)
    vintage = f"{fetched_at.strftime('%Y%m%dT%H%M%SZ')}-{sha256[:12]}"
    target = folder / vintage / file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(downloaded, target)
    pointer = folder / POINTER
    partial = folder / (POINTER + ".part")
    partial.write_text(vintage + "\n")
    os.replace(partial, pointer)
    return target


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
