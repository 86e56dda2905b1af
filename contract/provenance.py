"""Where a figure was read: the ``source_ref`` text every parsed row carries, and joining them.

Why here: the parsers write a row's place in its publisher's file ("<file> row N"),
the indicators join the places of the rows a figure is made of ("<file> rows 3, 7"),
and the store, downloads and the API show the result; so the form is written once,
below all of them. An indicator never writes a file name itself: it joins the refs
the parser gave it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_REF = re.compile(r"^(?P<file>\S+) rows? (?P<rows>\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*)$")


def row_ref(file: str, row: int) -> str:
    """One row of a publisher's file (its line in the file for a CSV: the header is line 1)."""
    return f"{file} row {int(row)}"


def rows_ref(file: str, rows: Iterable[int]) -> str:
    """Several rows of one file, sorted; runs of three or more consecutive rows as a range ("20-37")."""
    numbers = sorted({int(r) for r in rows})
    if not numbers:
        raise ValueError(f"no rows of {file} given")
    if len(numbers) == 1:
        return row_ref(file, numbers[0])
    parts, start = [], 0
    for end in range(1, len(numbers) + 1):
        if end == len(numbers) or numbers[end] != numbers[end - 1] + 1:
            run = numbers[start:end]
            parts += [f"{run[0]}-{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
            start = end
    return f"{file} rows {', '.join(parts)}"


def _rows(text: str) -> list[int]:
    out = []
    for part in text.split(", "):
        first, _, last = part.partition("-")
        out += list(range(int(first), int(last or first) + 1))
    return out


def join_refs(refs: Iterable[str]) -> str:
    """The refs of the parts of one figure as one ref: rows of the same file merged ("a.csv rows 3, 7"),
    other refs kept whole, in the order first met, separated by "; "; empty refs are left out."""
    files: dict[str, list[int]] = {}
    order: list[tuple[str, str]] = []  # ("file", name) or ("text", ref)
    for ref in refs:
        for piece in (p.strip() for p in str(ref or "").split("; ")):
            if not piece:
                continue
            match = _REF.match(piece)
            if match is None:
                if ("text", piece) not in order:
                    order.append(("text", piece))
                continue
            if match["file"] not in files:
                files[match["file"]] = []
                order.append(("file", match["file"]))
            files[match["file"]] += _rows(match["rows"])
    return "; ".join(rows_ref(value, files[value]) if kind == "file" else value for kind, value in order)
