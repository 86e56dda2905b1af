"""A named build step: reported as it starts, timed, and its failure named.

Why: when a build fails the person running it needs to know which step failed and
that the store still serving is the last good one (nothing is written until the
last step).
"""
from __future__ import annotations

import time
from typing import Callable

Progress = Callable[[str], None]


class BuildError(Exception):
    """A build step failed; the store that was serving is untouched."""

    def __init__(self, step: str, cause: BaseException) -> None:
        self.step = step
        self.cause = cause
        super().__init__(f"build step '{step}' failed: {cause}")


class step:
    """``with step("framework", progress):`` reports the step, times it (into ``seconds``) and wraps its failure."""

    def __init__(self, name: str, progress: Progress, seconds: dict[str, float] | None = None) -> None:
        self.name, self.progress, self.seconds = name, progress, seconds

    def __enter__(self):
        self.progress(f"  {self.name} ...")
        self.started = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.seconds is not None:
            self.seconds[self.name] = round(time.perf_counter() - self.started, 3)
        if exc is not None and not isinstance(exc, BuildError):
            raise BuildError(self.name, exc) from exc
        return False
