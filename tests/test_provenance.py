"""Provenance from the source: every parsed row says where it was read and from which release.

Why: a figure's ``source_ref`` (file and row) and ``vintage`` (publication, edition)
are facts about the publisher's file, so the parser that reads the file writes them,
once, on every row it returns; the indicators carry them through (joining the parts'
refs) and never name a source file or a vintage themselves. Otherwise a file renamed
in ``data_sources/`` leaves an indicator citing the old name, and nothing fails.
These tests hold both halves on the real published files, and show the indicator
scan catching deliberate breaks.
"""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pandas as pd

from contract.provenance import join_refs, rows_ref

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "adding"
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|json|geojson|xlsx?|gz)\b")
NAMED_LIKE_A_SOURCE = re.compile(r"(?:^|_)(?:FILES?|VINTAGES?)$")
PROVENANCE_COLUMNS = ("source_ref", "vintage")


def _strings(node: ast.AST) -> list[str]:
    """The literal text of a str constant or of an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.Constant) and isinstance(part.value, str)]
    return []


def _is_literal(node: ast.AST | None) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def naming_places(folder: Path, file_names: set[str], vintages: set[str]) -> list[str]:
    """Every place a module in ``folder`` names a source file or a vintage, as 'file:line what':
    a module-level name such as ``X_FILE`` or ``VINTAGE``; a string (not a docstring) holding a file name
    (``*.csv``, a declared file) or equal to a declared or parsed vintage; a ``vintage``/``source_ref``
    given a literal."""
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        where = f"{path.relative_to(folder.parent).as_posix()}"
        docstrings = {id(body[0].value) for body in [n.body for n in ast.walk(tree) if isinstance(
            n, ast.Module | ast.FunctionDef | ast.ClassDef)] if body and isinstance(body[0], ast.Expr)}  # documentation, not data
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            found += [f"{where}:{node.lineno} defines {t.id}" for t in targets
                      if isinstance(t, ast.Name) and NAMED_LIKE_A_SOURCE.search(t.id)]
        for node in ast.walk(tree):
            for text in _strings(node) if isinstance(node, ast.Constant | ast.JoinedStr) and id(node) not in docstrings else []:
                if FILE_NAME.search(text) or any(name in text for name in file_names):
                    found.append(f"{where}:{node.lineno} names a file in {text[:60]!r}")
                elif text.strip() in vintages:
                    found.append(f"{where}:{node.lineno} names a vintage {text!r}")
            given = []
            if isinstance(node, ast.keyword) and node.arg in PROVENANCE_COLUMNS:
                given = [(node.arg, node.value)]
            elif isinstance(node, ast.Dict):
                given = [(k.value, v) for k, v in zip(node.keys, node.values)
                         if isinstance(k, ast.Constant) and k.value in PROVENANCE_COLUMNS]
            elif isinstance(node, ast.Assign):
                given = [(t.slice.value, node.value) for t in node.targets if isinstance(t, ast.Subscript)
                         and isinstance(t.slice, ast.Constant) and t.slice.value in PROVENANCE_COLUMNS]
            found += [f"{where}:{value.lineno} writes its own {column}" for column, value in given if _is_literal(value)]
    return sorted(set(found), key=lambda line: (line.split(":")[0], int(line.split(":")[1].split(" ")[0])))


def _declared() -> tuple[set[str], set[str]]:
    import data_sources

    files = {f.name for module in data_sources.SOURCES for f in module.SPEC.files}
    vintages = {f.vintage for module in data_sources.SOURCES for f in module.SPEC.files if f.vintage}
    return files, vintages


def _parsed_vintages(tables) -> set[str]:
    return {v for source in tables.values() for frame in source.values() if "vintage" in frame for v in frame["vintage"].unique()}


def _every_row_cited(source_id: str, spec, source_tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    names = tuple(f.name for f in spec.files)
    for name, frame in source_tables.items():
        for column in PROVENANCE_COLUMNS:
            if column not in frame:
                problems.append(f"{source_id}.{name}: no {column} column")
                continue
            text = frame[column]
            blank = text.isna() | (text.astype(str).str.strip() == "")
            if blank.any():
                problems.append(f"{source_id}.{name}: {int(blank.sum())} of {len(frame)} rows with no {column}")
        if "source_ref" in frame:
            foreign = ~frame["source_ref"].astype(str).str.startswith(names)
            if foreign.any():
                problems.append(f"{source_id}.{name}: source_ref {frame['source_ref'][foreign].iloc[0]!r} names none of {names}")
            unplaced = ~frame["source_ref"].astype(str).str.contains(r" (?:row|rows|feature) \d", regex=True)
            if unplaced.any():
                problems.append(f"{source_id}.{name}: source_ref {frame['source_ref'][unplaced].iloc[0]!r} gives no row")
    return problems


def test_every_parser_cites_file_row_and_vintage_on_every_row(loaded):
    problems = [p for source_id, source in loaded.items() for p in _every_row_cited(source_id, source.spec, source.tables)]
    assert not problems, "\n".join(problems)
    assert len(loaded) >= 6


def test_the_toy_source_of_the_adding_guide_cites_its_rows_too(tables):
    spec = importlib.util.spec_from_file_location("fixture_toy_source", FIXTURES / "toy_source.py")
    toy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(toy)
    parsed = toy.parse({toy.FILE: FIXTURES / "toy_source" / toy.FILE}, {"geography": tables["geography"]})
    assert not _every_row_cited("toy_source", toy.SPEC, parsed)
    assert parsed["counts"]["source_ref"].iloc[0] == f"{toy.FILE} row 2"


def test_a_parsed_row_cites_the_line_it_was_read_from(tables):
    """Spot checks against the files themselves (line 1 is the header)."""
    lgbf = tables["lgbf"]["council_values"]
    row = lgbf[(lgbf["council_code"] == "S12000005") & (lgbf["indicator_code"] == "CHN08a") & (lgbf["period"] == "2010-11")].iloc[0]
    assert row["source_ref"] == "lgbf_children_services_by_council_2010_2023.csv row 2570"
    assert row["vintage"] == "LGBF data, Improvement Service extract of March 2024"
    population = tables["nrs_population"]["population"]
    persons = population[(population["area_code"] == "S12000005") & (population["year"] == 2018)
                         & (population["sex"] == "P") & (population["age"] == 0)].iloc[0]
    # 1998-2018 has no persons rows: females (line 121032) + males (line 121123) of Clackmannanshire, 2018, age 0
    assert persons["source_ref"] == "nrs_mye_council_sya_1998_2018.csv rows 121032, 121123"
    assert persons["population"] == 251 + 264
    headline = tables["sg_csws_national"]["headline"]
    first = headline.iloc[0]
    assert first["source_ref"] == "national_headline_series.csv row 2" and first["vintage"] == "CSWS 2020-21"


def test_no_indicator_names_a_source_file_or_a_vintage(tables):
    files, vintages = _declared()
    found = naming_places(ROOT / "indicators", files, vintages | _parsed_vintages(tables))
    assert not found, "indicators must carry the parsers' source_ref and vintage, not write their own:\n" + "\n".join(found)


def test_the_indicator_scan_finds_deliberate_breaks(tmp_path):
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "broken.py").write_text(
        'PLACEMENT_FILE = "csws_lac_by_placement_2011_2020_2021.csv"\n'          # 1: a file-name constant
        'VINTAGE = "LGBF data, Improvement Service extract of March 2024"\n'    # 2: a vintage constant (and a vintage)
        'def rows(frame, n):\n'
        '    frame["vintage"] = "CSWS 2020-21, Table 1.1"\n'                     # 4: its own vintage
        '    return dict(source_ref=f"national_headline_series.csv row {n}")\n'  # 5: its own ref, naming a file
        'def fine(frame):\n'
        '    return frame.assign(vintage=frame["vintage"], source_ref=frame["source_ref"])\n'
        'CAVEAT = "Not the same vintage as the 31 July 2020 counts."\n')
    found = naming_places(folder, {"national_headline_series.csv"}, {"CSWS 2020-21, Table 1.1", "LGBF data, Improvement Service extract of March 2024"})
    assert [line.split(" ")[0] for line in found] == [
        "indicators/broken.py:1", "indicators/broken.py:1", "indicators/broken.py:2", "indicators/broken.py:2",
        "indicators/broken.py:4", "indicators/broken.py:4", "indicators/broken.py:5", "indicators/broken.py:5"], found


def test_refs_join_rows_of_one_file_and_keep_the_rest_whole():
    assert rows_ref("a.csv", [5, 3]) == "a.csv rows 3, 5"
    assert rows_ref("a.csv", [20, 21, 22, 23, 40, 41]) == "a.csv rows 20-23, 40, 41"
    assert join_refs(["a.csv row 7", "a.csv rows 3, 20-22", "", "b.csv row 1", "a.csv row 4"]) == "a.csv rows 3, 4, 7, 20-22; b.csv row 1"
    assert join_refs(["t.csv row 3 (At home), column 2011", "t.csv row 16 (Total), column 2011"]) == \
        "t.csv row 3 (At home), column 2011; t.csv row 16 (Total), column 2011"
