"""A published file must be a regular file inside the folder it was looked for in.

Why: the mirror is a folder anyone with write access can drop a symlink into. A
link to ``/etc/passwd`` or a key file would be read as a "published file", and a
shape error would then quote its first lines (a header, a row) in the build log
and report. Such a link is refused before a byte of it is read, and the error
names only the file in the mirror, never the place it points to.
"""
from __future__ import annotations

from pathlib import Path

from data_sources.errors import SourceError


def refuse_links_outside(path: Path, name: str) -> None:
    """Stop the build if ``path`` (found in ``path.parent``) resolves outside that folder."""
    folder = path.parent.resolve()
    resolved = path.resolve()
    if not resolved.is_relative_to(folder) or not resolved.is_file():
        raise SourceError("the file is a link to a place outside its folder in the mirror; "
                          "replace it with the published file itself", file=name)
