"""The published snapshot shipped inside the project (``data/published/``).

Why: a clone with no mirror of published files beside it must still build and
serve, and a user must be able to check that what ships is what the publishers
released. Each source's folder holds the files its spec declares (a large CSV as
``<name>.gz``, byte-identical once decompressed), its PROVENANCE.md, and every
file's sha256 is listed in ``data/published/SHA256SUMS`` (``sha256sum -c`` format).
A shipped file whose checksum differs from the manifest stops the build.

Run ``python -m data_sources.snapshot`` after replacing a shipped file to rewrite
the manifest.
"""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from data_sources.base import sha256_of
from data_sources.errors import SourceError

MANIFEST = "SHA256SUMS"


def read_manifest(root: Path) -> dict[str, str]:
    """relative path → sha256, from ``<root>/SHA256SUMS``."""
    manifest = root / MANIFEST
    if not manifest.is_file():
        return {}
    entries = {}
    for number, line in enumerate(manifest.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise SourceError("not a sha256sum line", file=str(manifest), row=number)
        entries[name] = digest
    return entries


def write_manifest(root: Path) -> Path:
    """Rewrite ``SHA256SUMS`` for every file under ``root`` (sorted, reproducible)."""
    lines = [f"{sha256_of(path)}  {path.relative_to(root).as_posix()}"
             for path in sorted(root.rglob("*")) if path.is_file() and path.name != MANIFEST]
    target = root / MANIFEST
    target.write_text("\n".join(lines) + "\n")
    return target


def shipped_file(root: Path, folder: str, name: str, unpack_dir: Path) -> Path | None:
    """The shipped copy of ``folder/name``, checked against the manifest; None if not shipped.

    A ``.gz`` copy is unpacked into ``unpack_dir/folder/name`` on every call (a
    second or so at most), so parsers always read the file as the publisher
    released it and a stale unpacked copy can never be used.
    """
    manifest = read_manifest(root)
    for candidate in (f"{folder}/{name}", f"{folder}/{name}.gz"):
        path = root / candidate
        if not path.is_file():
            continue
        expected = manifest.get(candidate)
        actual = sha256_of(path)
        if expected != actual:
            raise SourceError(f"shipped file's sha256 {actual[:12]}… is not the one in {root / MANIFEST} "
                              f"({(expected or 'no entry')[:12]}…): the snapshot was changed without its manifest",
                              file=str(path))
        if not candidate.endswith(".gz"):
            return path
        target = unpack_dir / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        with gzip.open(path, "rb") as packed, partial.open("wb") as out:
            shutil.copyfileobj(packed, out)
        partial.replace(target)
        return target
    return None


if __name__ == "__main__":
    from settings import load_settings

    print(write_manifest(load_settings().published_dir))
