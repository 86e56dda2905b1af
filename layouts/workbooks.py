"""Analyst-ready files: a CSV of plain numbers and an XLSX of number cells, both
saying what they hold in their name, their header and a cover sheet.

Why one module for both formats: a download is built once as a ``DataFile`` (cover
lines, notes, typed columns, a name) and written as either, so the CSV and the
workbook of one view hold the same rows and the same numbers. Numbers stay numbers:
no thousands separators, no units or symbols inside a value (the unit has its own
column, the symbol its own ``status`` column), so a spreadsheet can sum them. The
workbook follows the Government Statistical Service's guidance for spreadsheets
(a cover sheet with title, source, licence, release date and contact; a notes sheet
explaining every symbol; then the data, one header row, no merged cells).
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTACT = ("Promise Progress dashboard: use the site's feedback page. Questions about a source's figures go to its "
           "publisher, named under Source.")


@dataclass
class DataFile:
    """What one download holds, whatever its format.

    ``cover``: (label, text) lines for the CSV's ``#`` header and the workbook's cover
    sheet; ``notes``: (symbol or note, meaning) for the notes sheet; ``formats``: an
    Excel number format for each numeric column (its cells are numbers)."""
    name: str
    cover: list[tuple[str, str]]
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)
    extra_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)  # e.g. a data dictionary


def slug(text: str) -> str:
    """'Na h-Eileanan Siar' → 'na-h-eileanan-siar': a file-name part that needs no quoting."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "none"


def period_span(periods) -> str:
    """'2009-2022' for years; '2010-11_to_2021-22' for reporting years (a bare dash would be ambiguous)."""
    periods = sorted(str(p) for p in periods)
    if not periods:
        return "no-periods"
    first, last = periods[0], periods[-1]
    if first == last:
        return slug(first)
    if re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{4}", last):
        return f"{first}-{last}"
    return f"{slug(first)}_to_{slug(last)}"


def area_part(names: list[str]) -> str:
    """The areas a file is about, for its name: up to three by name, then how many."""
    names = list(dict.fromkeys(names))
    if not names:
        return "scotland"
    return "_".join(slug(n) for n in names) if len(names) <= 3 else f"{len(names)}-councils"


def number_format(decimals: int) -> str:
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def plain_number(value) -> str:
    """A number as a CSV cell: its shortest round-trip text, no separators; '' for none."""
    if value is None:
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def to_csv(data: DataFile) -> str:
    buffer = io.StringIO()
    for label, text in data.cover:
        buffer.write(f"# {label}: {text}\n")
    for symbol, meaning in data.notes:
        buffer.write(f"# Symbol {symbol}: {meaning}\n" if symbol.startswith("[") else f"# Note: {meaning}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(data.frame.columns))
    numeric = [column in data.formats for column in data.frame.columns]
    for row in data.frame.itertuples(index=False, name=None):
        writer.writerow([plain_number(v) if is_number else ("" if _is_blank(v) else v) for v, is_number in zip(row, numeric)])
    return buffer.getvalue()


def _sheet(book: Workbook, title: str, frame: pd.DataFrame, formats: dict[str, str]) -> None:
    sheet = book.create_sheet(title)
    bold = Font(bold=True)
    header = []
    for column in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    styles = [formats.get(column) for column in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value, style in zip(row, styles):
            if _is_blank(value):
                cells.append(None)
            elif style is not None:
                cell = WriteOnlyCell(sheet, value=float(value))
                cell.number_format = style
                cells.append(cell)
            else:
                cells.append(value if isinstance(value, (int, float)) else str(value))
        sheet.append(cells)


def to_xlsx(data: DataFile) -> bytes:
    """Cover, Notes, then the data (and any extra sheet), written in openpyxl's streaming mode."""
    book = Workbook(write_only=True)
    cover = book.create_sheet("Cover")
    title = WriteOnlyCell(cover, value=dict(data.cover).get("Title", data.name))
    title.font = Font(bold=True, size=14)
    cover.append([title])
    for label, text in data.cover:
        if label != "Title":
            cover.append([label, text])
    cover.append(["Sheets", "Cover (this sheet); Notes (symbols and notes); Data" + "".join(f"; {s}" for s in data.extra_sheets)])
    notes = book.create_sheet("Notes")
    notes.append(["Symbol or note", "Meaning"])
    for symbol, meaning in data.notes or [("", "No symbols appear in this file.")]:
        notes.append([symbol, meaning])
    _sheet(book, "Data", data.frame, data.formats)
    for title_, frame in data.extra_sheets.items():
        _sheet(book, title_, frame, {})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
