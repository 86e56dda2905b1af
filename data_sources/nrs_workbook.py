"""NRS mid-year estimates workbook → the tidy extract the build reads (for ``update``).

Why: NRS publishes its estimates as Excel workbooks; the project ships the tidy
extract made from one (``nrs_mye_council_sya_2020.csv``: Scotland and the 32
councils, sexes P, M and F, ages 0 to 90+). ``promise-dashboard update`` fetches
the workbook from NRS and makes the same extract, byte for byte when nothing
changed, so a revision shows as revised cells. The layout read is Table 2 of the
mid-2020 workbook: three blocks (Persons, Males, Females), each with a header row
``Area code, Area name, All Ages, , 0, 1, …, 89, 90+``; NHS board rows (S08) are
left out. A missing sheet, block or column stops with an error naming it.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Mapping

import openpyxl

from data_sources.errors import SourceError

SHEET = "Table 2"
BLOCKS = {"Persons": "P", "Males": "M", "Females": "F"}
HEADER = ("Area code", "Area name")
AREA = re.compile(r"^S(92000003|12\d{6})$")
YEAR = re.compile(r"mid-(\d{4})")
AGES = [str(a) for a in range(90)] + ["90+"]


def _age(cell) -> str:
    return str(int(cell)) if isinstance(cell, (int, float)) else str(cell or "").strip()


def extract(path: Path, upstream: Mapping | None = None) -> bytes:
    """The tidy CSV (``area_code, area_name, year, sex, age, population``) from an NRS workbook."""
    file = path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SourceError(f"not a readable Excel workbook: {exc}", file=file) from exc
    if SHEET not in book.sheetnames:
        raise SourceError(f"no sheet {SHEET!r} (sheets: {', '.join(book.sheetnames)})", file=file, sheet=SHEET)
    rows = list(book[SHEET].iter_rows(values_only=True))
    book.close()
    title = str(rows[0][0] or "") if rows else ""
    year = YEAR.search(title)
    if not year:
        raise SourceError(f"the title {title!r} names no mid-year", file=file, sheet=SHEET, row=1)
    out: dict[str, list[list[str]]] = {}
    sex, columns = None, None
    for number, row in enumerate(rows, start=1):
        first = str(row[0]).strip() if row and row[0] is not None else ""
        if first in BLOCKS:
            sex, columns = BLOCKS[first], None
            continue
        if sex and columns is None and first:
            header = [_age(c) if i > 3 else str(c or "").strip() for i, c in enumerate(row)]
            for name in (*HEADER, *AGES):
                if name not in header:
                    raise SourceError(f"expected column {name!r} not in the {first!r} header of the {sex} block "
                                      f"(it reads {', '.join(h for h in header if h)})", file=file, sheet=SHEET, row=number, column=name)
            columns = {name: header.index(name) for name in (*HEADER, *AGES)}
            continue
        if columns is not None and AREA.match(first):
            name = str(row[columns["Area name"]]).strip()
            for age in AGES:
                value = row[columns[age]]
                if not isinstance(value, (int, float)) or value != int(value) or value < 0:
                    raise SourceError(f"population {value!r} is not a whole number", file=file, sheet=SHEET, row=number, column=age)
                out.setdefault(sex, []).append([first, name, year.group(1), sex, age.rstrip("+"), str(int(value))])
    missing = [s for s in BLOCKS.values() if s not in out]
    if missing:
        raise SourceError(f"no {', '.join(missing)} block found (expected Persons, Males and Females)", file=file, sheet=SHEET)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["area_code", "area_name", "year", "sex", "age", "population"])
    for block in BLOCKS.values():
        writer.writerows(out[block])
    return buffer.getvalue().encode()
