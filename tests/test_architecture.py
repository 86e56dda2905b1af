"""The never-rules of the architecture, read from every module's imports with ``ast``.

Why a static scan: a rule such as "the web never imports the build side" is broken
by one innocent-looking import (often inside a function), and nothing fails at run
time when it is. Walking every import of every module, including those inside
functions, finds each break and names the module, the line and the rule.

The layers, bottom to top (README, "Architecture"):
contract → data_sources → indicators → disclosure → steps (the build's writer,
reference tables, reports, quality) → pipeline; and contract → store (read side) →
layouts (with the Flask cache) + api + app. ``promise_cli`` sits above both and may
import either.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "tests", "bench", "var", "node_modules", "build", ".git"}

WEB = {"app", "layouts", "api", "reports"}
BUILD = {"data_sources", "indicators", "disclosure", "steps", "pipeline", "quality"}
PROJECT = WEB | BUILD | {"contract", "store", "settings", "promise_cli", "gunicorn_config"}

# package -> what it must never import (each line is a rule from issue 16 / DESIGN.md §1)
NEVER: dict[str, set[str]] = {
    "contract": PROJECT - {"contract"},  # the shared vocabulary at the bottom imports nothing of ours
    "data_sources": {"indicators", "store", "disclosure", "steps", "pipeline", "quality"} | WEB,
    "indicators": {"store", "data_sources", "disclosure", "steps", "pipeline", "quality"} | WEB,
    "disclosure": WEB | {"store", "steps", "pipeline"},
    "store": BUILD | WEB,  # the read side: the writer lives with the build in steps/
    "app": BUILD,
    "layouts": BUILD,
    "api": BUILD,
    "reports": BUILD,  # the council report and its renderer: web side, drawn from the store like the pages
    "steps": WEB,
    "pipeline": WEB,
}


def modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if not SKIP & set(p.relative_to(root).parts))


def package_of(path: Path, root: Path) -> str:
    first = path.relative_to(root).parts[0]
    return first.removesuffix(".py")


def imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports (absolute names), with its line, including imports inside functions."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = list(path.relative_to(root).with_suffix("").parts)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = here[:-node.level] if here[-1] != "__init__" else here[:len(here) - node.level]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # "from store import read" imports store.read
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names
                      if (root / Path(*name.split("."), f"{alias.name}.py")).exists()]
    return found


def breaks(root: Path = ROOT) -> list[str]:
    """Every import that breaks a never-rule, as 'file:line imports X (rule)'."""
    found = []
    for path in modules(root):
        package = package_of(path, root)
        relative = path.relative_to(root).as_posix()
        seen = set()
        for line, name in imports(path, root):
            target = name.split(".")[0]
            if target == package or target not in PROJECT or (line, target) in seen:
                continue
            seen.add((line, target))
            if target in NEVER.get(package, set()):
                found.append(f"{relative}:{line} imports {name} ({package} never imports {target})")
    return found


def package_graph(root: Path = ROOT) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in modules(root):
        package = package_of(path, root)
        for _line, name in imports(path, root):
            target = name.split(".")[0]
            if target in PROJECT and target != package:
                graph[package].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one package (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_every_never_rule_holds():
    found = breaks()
    assert not found, f"{len(found)} import(s) break a never-rule:\n" + "\n".join(found)


def test_no_import_cycle_between_packages():
    assert not cycles(package_graph()), cycles(package_graph())


def test_the_scan_finds_a_deliberately_broken_import(tmp_path):
    """The scan is not vacuous: a web module importing the build, a source importing the store, an
    indicator importing a source inside a function and a cycle are each found."""
    for folder in ("layouts", "data_sources", "indicators", "store", "contract"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "layouts" / "page.py").write_text("from disclosure import control\n")
    (tmp_path / "data_sources" / "parser.py").write_text("import store.read\n")
    (tmp_path / "indicators" / "rate.py").write_text("def f():\n    from data_sources import nrs_population\n")
    (tmp_path / "store" / "read.py").write_text("from layouts import page\n")
    (tmp_path / "contract" / "status.py").write_text("from . import areas\n")  # relative, inside contract: allowed
    found = breaks(tmp_path)
    assert any(f.startswith("layouts/page.py:1 imports disclosure") for f in found), found
    assert any(f.startswith("data_sources/parser.py:1 imports store.read") for f in found), found
    assert any(f.startswith("indicators/rate.py:2 imports data_sources") for f in found), found
    assert any(f.startswith("store/read.py:1 imports layouts") for f in found), found
    assert len(found) == 4, found
    assert cycles({"store": {"layouts"}, "layouts": {"store"}, "contract": set()}) == [["layouts", "store"]]


# --- the web tier (issue 16, item 5) ---------------------------------------------------------

STORE_READERS = {"layouts/views.py", "layouts/cache.py"}  # the only web modules that import the store


def store_imports(root: Path = ROOT) -> list[str]:
    """Every web module other than the views (and the cache under them) that imports the store."""
    found = []
    for path in modules(root):
        relative = path.relative_to(root).as_posix()
        if package_of(path, root) not in WEB or relative in STORE_READERS:
            continue
        found += [f"{relative}:{line} imports {name}" for line, name in imports(path, root) if name.split(".")[0] == "store"]
    return found


ENUM_FIELDS = ("polarity", "ci_method", "kind", "period_type", "interval")
GENERIC_WORDS = {"none", "count", "rate", "value", "proportion"}  # also ordinary words: a dict keyed by them is not flagged


def _enum_values() -> set[str]:
    from contract.indicator import IntervalMethod, Kind, PeriodType, Polarity
    return {member.value for enum in (IntervalMethod, Kind, PeriodType, Polarity) for member in enum}


def literal_comparisons(root: Path = ROOT) -> list[str]:
    """Every web comparison of an indicator's polarity, interval method, kind or period type with a string
    literal (``meta["polarity"] == "no_judgement"``, ``meta.get("kind") in ("count",)``), and every dict
    literal keyed by those values: the enums of contract/ say them once."""
    values, found = _enum_values(), []
    for path in modules(root):
        if package_of(path, root) not in WEB:
            continue
        source = path.read_text()
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
                sides = [node.slice, *node.value.keys]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                  and isinstance(node.func.value, ast.Dict)):
                sides = [*node.args[:1], *node.func.value.keys]
            elif isinstance(node, ast.Dict):  # a table keyed by the values: {"wilson": ..., "byar": ...}
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                if len(keys) >= 2 and set(keys) <= values - GENERIC_WORDS:
                    found.append(f"{relative}:{node.lineno} dict keyed by {', '.join(keys)}")
                continue
            else:
                continue
            literals = [c.value for side in sides for c in ([side] if isinstance(side, ast.Constant) else getattr(side, "elts", []))
                        if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            text = ast.get_source_segment(source, node) or ""
            if any(v in values for v in literals) and any(name in text for name in ENUM_FIELDS):
                found.append(f"{relative}:{node.lineno} {text[:80]}")
    return sorted(found, key=lambda f: (f.split(":")[0], int(f.split(":")[1].split(" ")[0])))


def test_only_the_views_import_the_store_in_the_web_tier():
    found = store_imports()
    assert not found, f"{len(found)} web import(s) of the store outside {sorted(STORE_READERS)}:\n" + "\n".join(found)


def test_no_web_module_compares_indicator_enums_with_string_literals():
    found = literal_comparisons()
    assert not found, f"{len(found)} comparison(s) with a string literal (use contract.indicator's enums):\n" + "\n".join(found)


def test_the_web_scans_find_deliberate_breaks(tmp_path):
    for folder in ("layouts", "api", "store"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "store" / "read.py").write_text("")
    (tmp_path / "layouts" / "views.py").write_text("from store.read import StoreReader\n")
    (tmp_path / "layouts" / "home.py").write_text("from store.read import StoreReader\n")
    (tmp_path / "api" / "content.py").write_text(
        "def f(meta):\n    if meta['polarity'] == 'no_judgement':\n        return {'wilson': 1}[meta['ci_method']]\n"
        "    return meta.get('kind') in ('count', 'rate') or meta['title'] == 'none'\n"
        "def g(m):\n    return {'byar': 'Byar'}.get(m['ci_method'], '')\n"
        "WORDS = {'up_is_good': 'Higher', 'down_is_good': 'Lower'}\nUNITS = {'count': 1, 'rate': 2}\n")
    assert store_imports(tmp_path) == ["layouts/home.py:1 imports store.read"]
    assert [f.split(" ")[0] for f in literal_comparisons(tmp_path)] == ["api/content.py:2", "api/content.py:3", "api/content.py:4", "api/content.py:6", "api/content.py:7"]


# An indicator's metadata is read by attribute: IndicatorInfo is a typed dataclass, not a mapping, so a
# misspelt or renamed entry fails where it is read (and a type checker sees it), never as a silent KeyError
# on one page. Two checks: the class offers no mapping protocol at all, and no web module reads an
# IndicatorInfo by key (statically, so a path no test runs is covered too).

MAPPING_METHODS = ("__getitem__", "__iter__", "__len__", "__contains__", "get", "keys", "items", "values")


def mapping_protocol(cls: type) -> list[str]:
    """What of the mapping protocol ``cls`` offers (a ``Mapping`` base, or any of its methods)."""
    from collections.abc import Mapping

    found = [f"{cls.__name__} is a Mapping"] if issubclass(cls, Mapping) else []
    return found + [f"{cls.__name__}.{name}" for name in MAPPING_METHODS if hasattr(cls, name)]


_METADATA_SOURCES = ("indicator_meta(", "all_indicator_metas(", "overview_columns(", "from_store_row(")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _own_nodes(scope: ast.AST):
    """The nodes of one scope (a module or a function), not those of the functions inside it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))


def _holds_info(node: ast.AST, typed: set[str]) -> bool:
    return ((isinstance(node, ast.Attribute) and node.attr == "meta") or (isinstance(node, ast.Name) and node.id in typed)
            or any(call in ast.unparse(node) for call in _METADATA_SOURCES))


def keyed_metadata_reads(root: Path = ROOT) -> list[str]:
    """Every web read of an indicator's metadata by key (``meta["title"]``, ``row.meta.get("caveats")``).

    Which names hold an IndicatorInfo, per function: any ``<x>.meta`` (the views' typed field), a parameter
    annotated with IndicatorInfo, and a name bound (assigned, or a loop or comprehension target) from one of
    those or from the views' readers of metadata. A pandas row or a dict named ``meta`` is not flagged."""
    found = []
    for path in modules(root):
        if package_of(path, root) not in WEB:
            continue
        source = path.read_text()
        relative = path.relative_to(root).as_posix()
        tree = ast.parse(source)
        scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, _SCOPES))]
        for scope in scopes:
            typed: set[str] = set()
            if not isinstance(scope, ast.Module):
                arguments = scope.args
                typed |= {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                          if a.annotation is not None and "IndicatorInfo" in ast.unparse(a.annotation)}

            for _ in range(2):  # bindings from bindings (metas = ...; for m in metas)
                for node in _own_nodes(scope):
                    if isinstance(node, ast.Assign) and _holds_info(node.value, typed):
                        typed |= {t.id for t in node.targets if isinstance(t, ast.Name)}
                        typed |= {e.id for t in node.targets if isinstance(t, ast.Tuple) for e in t.elts if isinstance(e, ast.Name)}
                    elif isinstance(node, (ast.For, ast.comprehension)) and _holds_info(node.iter, typed) and isinstance(node.target, ast.Name):
                        typed.add(node.target.id)
            for node in _own_nodes(scope):
                if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                    receiver = node.value
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                      and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    receiver = node.func.value
                else:
                    continue
                if (isinstance(receiver, ast.Attribute) and receiver.attr == "meta") or (
                        isinstance(receiver, ast.Name) and receiver.id in typed):
                    found.append(f"{relative}:{node.lineno} {ast.get_source_segment(source, node)}")
    return sorted(set(found), key=lambda f: (f.split(":")[0], int(f.split(":")[1].split(" ")[0])))


def test_indicator_metadata_is_read_by_attribute_only():
    from layouts.indicator_info import IndicatorInfo

    assert not mapping_protocol(IndicatorInfo), mapping_protocol(IndicatorInfo)
    found = keyed_metadata_reads()
    assert not found, f"{len(found)} read(s) of an IndicatorInfo by key (read its typed field):\n" + "\n".join(found)


def test_the_metadata_rules_find_deliberate_breaks(tmp_path):
    """A mapping-like IndicatorInfo and each way of reading one by key are found; a pandas row is not."""
    from collections.abc import Mapping
    from dataclasses import dataclass

    import pytest

    from contract.indicator import IntervalMethod, Kind, PeriodType, Polarity
    from layouts.indicator_info import IndicatorInfo

    info = IndicatorInfo(indicator_id="x", title="X", unit="%", decimals=1, polarity=Polarity.UP_IS_GOOD,
                         ci_method=IntervalMethod.WILSON, kind=Kind.PROPORTION, period_type=PeriodType.SNAPSHOT_31_JULY,
                         baseline_period="2020")
    with pytest.raises(TypeError):
        info["title"]  # the read itself is the test
    with pytest.raises(AttributeError):
        info.get("title")

    @dataclass(frozen=True)
    class Keyed(IndicatorInfo, Mapping):
        def __getitem__(self, key):
            return getattr(self, key)

        def __iter__(self):
            return iter(())

        def __len__(self):
            return 0

    assert mapping_protocol(Keyed)[:2] == ["Keyed is a Mapping", "Keyed.__getitem__"]

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "__init__.py").write_text("")
    (tmp_path / "layouts" / "page.py").write_text(
        "def a(view):\n    return view.meta['title']\n"  # 2: the views' typed field
        "def b(meta: IndicatorInfo, row):\n    return meta.get('caveats'), row.meta.get('unit')\n"  # 4: a parameter, and .meta
        "def c(reader, i):\n    meta = indicator_meta(reader, i)\n    return meta['unit']\n"  # 7: bound from the views
        "def d(reader):\n    metas = all_indicator_metas(reader)\n    return [m['title'] for m in metas]\n"  # 10: via a binding
        "def e(frame, i):\n    meta = frame.loc[i]\n    return meta['title'], {'title': 1}['title']\n")  # a pandas row: allowed
    assert [f.split(" ")[0] for f in keyed_metadata_reads(tmp_path)] == [
        "layouts/page.py:2", "layouts/page.py:4", "layouts/page.py:4", "layouts/page.py:7", "layouts/page.py:10"]
