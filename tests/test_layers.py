"""The import layers of presswatch: every import points down, no package imports in a circle.

``LAYERS`` below is the one rule table (docs/architecture.md explains it). It lists presswatch's
packages and top-level modules from the bottom up; a package may import only packages of layers
below its own, and packages of the same layer are independent of each other. Every import counts:
top-level, inside functions, and under ``if TYPE_CHECKING``. A new package must be added here
(the test says so), in the layer its imports allow.

Inside a package, modules must not import each other in a circle either (run-time imports: those
under ``if TYPE_CHECKING`` are left out, they do not run).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from presswatch.runner.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[1] / "presswatch"

# Bottom first. "a | b" on one line: independent packages of one layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "langcodes"),           # shared exceptions; ISO 639-1 codes: import nothing from presswatch
    ("settings_check",),               # validation of every settings key (type, range, allowed values)
    ("models", "config", "results"),   # typed records; configuration (defaults + presswatch.toml); API rows
    ("contracts",),                    # Component, ArchiveStage, facets, Progress, export Window
    ("lang",),                         # language data loader (presswatch/lang/<code>/), identifier
    ("text", "payload", "mail", "templating"),  # text helpers (folding, sentences, passages, stems); input
                                                # content checks; e-mail parsing; Jinja2 templates
    ("store",),                        # SQLite: connection, migrations, pages, units, runs, status
    ("project",),                      # a project folder: config + archive
    ("collect",),                      # inputs: fetch and store (never process)
    ("extract",),                      # per-page stages ... (decoding, extraction, date parsing)
    ("ingest",),                       # inputs: read files and store (never process; validates dates with extract's parser)
    ("anatomy",),
    ("reuse", "entities"),             # archive-wide stages ...
    ("quotes",),
    ("runner",),                       # the one runner: registry, pipeline, worker pool, archive stages
    ("export", "search", "triage"),    # library features over the archive (triage: inbox, marks, visits)
    ("digest",),                       # drafts, workflow, issues; digest.publish: HTML/Markdown/feeds/email
    ("browse",),                       # reading the archive for the faces: unit views, pages, facets, runs
    ("demo",),
    ("api",),                          # the library API (typed results, progress callbacks)
    ("web",),                          # faces: the web UI and JSON API (started by `presswatch serve`)
    ("cli",),                          # faces: the command line (its serve command starts the web app)
    ("__main__",),
)

# Known module circles inside a package, still to untangle (each entry: the modules of one circle).
# The test fails when a new circle appears and when a listed one is gone (then delete its line).
KNOWN_MODULE_CYCLES: set[frozenset[str]] = set()


@dataclass(frozen=True)
class Import:
    module: str       # the importing module, e.g. presswatch.ingest.run
    target: str       # the imported module, e.g. presswatch.store.db
    line: int
    type_only: bool   # under ``if TYPE_CHECKING``


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path) -> list[Import]:
    module = module_name(path)
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(module, alias.name, node.lineno, type_only))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                # "from presswatch.store import db" imports the module presswatch.store.db
                found.append(Import(module, base if alias.name == "*" else f"{base}.{alias.name}",
                                    node.lineno, type_only))
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [i for i in found if i.target == "presswatch" or i.target.startswith("presswatch.")]


def all_imports() -> list[Import]:
    return [imp for path in sorted(ROOT.rglob("*.py")) for imp in imports_of(path)]


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_index() -> dict[str, int]:
    return {pkg: i for i, layer in enumerate(LAYERS) for pkg in layer}


def known_modules() -> set[str]:
    return {module_name(p) for p in ROOT.rglob("*.py")}


def resolve(target: str, modules: set[str]) -> str:
    """``presswatch.store.db.transaction`` -> ``presswatch.store.db`` (the longest module prefix)."""
    parts = target.split(".")
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts) or target


def layer_violations() -> list[str]:
    index = layer_index()
    problems = []
    modules = known_modules()
    for imp in all_imports():
        src, dst = package_of(imp.module), package_of(resolve(imp.target, modules))
        if not dst or src == dst:
            continue  # "from presswatch import __version__" or inside one package
        where = f"{imp.module}:{imp.line}"
        if src not in index or dst not in index:
            missing = src if src not in index else dst
            problems.append(f"{where}: package {missing!r} is not in LAYERS (tests/test_layers.py); add it")
            continue
        if index[dst] > index[src]:
            problems.append(f"{where}: {src} imports {imp.target} from a higher layer ({dst})")
        elif index[dst] == index[src]:
            problems.append(f"{where}: {src} imports {imp.target}, but {src} and {dst} are independent "
                            "packages of one layer")
    return problems


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    nodes = set(edges) | {t for ts in edges.values() for t in ts}
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp.add(member)
                    if member == node:
                        break
                if len(comp) > 1:
                    found.append(comp)
    return found


def package_cycles() -> list[set[str]]:
    modules = known_modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for imp in all_imports():
        src, dst = package_of(imp.module), package_of(resolve(imp.target, modules))
        if src and dst and src != dst:
            edges[src].add(dst)
    return cycles(edges)


def module_cycles() -> list[set[str]]:
    modules = known_modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for imp in all_imports():
        if imp.type_only or package_of(imp.module) != package_of(imp.target):
            continue
        target = resolve(imp.target, modules)
        if target != imp.module and not imp.module.startswith(target + ".") and target != "presswatch":
            edges[imp.module].add(target)
    # a package's __init__ re-exporting its modules is not a circle with them
    return [c for c in cycles(edges) if not any(m.count(".") == 1 for m in c)]


def test_every_import_points_down_the_layers() -> None:
    problems = layer_violations()
    assert not problems, "upward or sideways imports (see LAYERS in tests/test_layers.py):\n" + "\n".join(problems)


def test_no_package_imports_in_a_circle() -> None:
    found = package_cycles()
    assert not found, f"package import cycles: {[sorted(c) for c in found]}"


def test_no_new_module_circles_inside_a_package() -> None:
    found = {frozenset(c) for c in module_cycles()}
    new = found - KNOWN_MODULE_CYCLES
    gone = KNOWN_MODULE_CYCLES - found
    assert not new, f"modules importing each other in a circle: {[sorted(c) for c in new]}"
    assert not gone, f"these circles are gone: delete them from KNOWN_MODULE_CYCLES: {[sorted(c) for c in gone]}"


def test_every_package_has_a_layer() -> None:
    index = layer_index()
    packages = {package_of(m) for m in known_modules()} - {""}
    assert not sorted(packages - set(index)), f"add these packages to LAYERS: {sorted(packages - set(index))}"


def test_registered_stages_live_below_the_runner() -> None:
    index = layer_index()
    for s in REGISTRY:
        for path in (s.factory, s.reset, *(p for _, p in s.exports)):
            if path is None:
                continue
            pkg = package_of(path.split(":")[0])
            assert index[pkg] < index["runner"], f"stage {s.name!r} loads {path} from above the runner"


def test_the_check_finds_what_it_must(tmp_path: Path) -> None:
    """The checker itself: an upward import, a function-level import and a circle are all caught."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [{"a", "b", "c"}]
    src = tmp_path / "m.py"
    src.write_text("from typing import TYPE_CHECKING\nimport presswatch.api\n"
                   "def f():\n    from presswatch.runner import build\n"
                   "if TYPE_CHECKING:\n    from presswatch.cli import common\n", encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        got = [(i.target, i.type_only) for i in imports_of(src)]
    finally:
        ROOT = saved
    assert got == [("presswatch.api", False), ("presswatch.runner.build", False), ("presswatch.cli.common", True)]


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_name_real_packages(layer: tuple[str, ...]) -> None:
    real = {package_of(m) for m in known_modules()}
    for pkg in layer:
        if pkg == "web":   # the web face (issue: web UI) may not exist on every branch yet
            continue
        assert pkg in real, f"LAYERS names {pkg!r}, which is not a presswatch package or module"
