"""Staged SQLite stores left behind by a build that was killed, found and removed.

Why: a build killed mid-write (out of memory, a deploy, Ctrl-C twice) leaves its
``store.sqlite.stage-<build id>`` file, and each one is a full copy of the store.
A build may run beside another (that is tested), so only a stage whose build is
dead is removed: each build holds an exclusive lock on ``<stage>.lock`` while it
writes, and the operating system drops the lock when the process dies.
"""
from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path

SIDE_FILES = ("", "-journal", "-wal", "-shm")


def _lock_path(staged: Path) -> Path:
    return staged.with_name(f"{staged.name}.lock")


@contextlib.contextmanager
def staging(staged: Path):
    """Hold the claim on ``staged`` for as long as this build writes it."""
    lock = _lock_path(staged).open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield staged
    finally:
        _lock_path(staged).unlink(missing_ok=True)
        lock.close()


def remove_dead_stages(target: Path) -> list[Path]:
    """Remove every stage of ``target`` whose build no longer runs; return what was removed."""
    removed = []
    for staged in sorted(target.parent.glob(f"{target.name}.stage-*")):
        if staged.name.endswith((".lock", "-journal", "-wal", "-shm")):
            continue
        with _lock_path(staged).open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a build that is still writing it
            for suffix in SIDE_FILES:
                path = staged.with_name(staged.name + suffix)
                if path.exists():
                    path.unlink()
                    removed.append(path)
            _lock_path(staged).unlink(missing_ok=True)
    return removed
