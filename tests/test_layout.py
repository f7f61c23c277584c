"""The layout promised in docs/architecture.md: no import cycles, stages that never reach up
into the jobs, tools or command line, modules of one concept (no module over ~500 lines), and
every package installed (issue 15).

Imports are read from the source (``ast``), the ones inside functions too: an import put off
for speed is still a dependency. import-linter would be the library for this, but its graph
(grimp) finds modules by walking the root package's folder, and three of oitcrawl's packages
live in top-level folders mapped into the namespace (``spiders/``, ``rules/``, ``reports/``).
"""

from __future__ import annotations

import ast
import tomllib
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# folder → the package it is installed as (pyproject.toml [tool.setuptools] package-dir)
ROOTS = {"oitcrawl": "oitcrawl", "spiders": "oitcrawl.spiders", "rules": "oitcrawl.rules",
         "reports": "oitcrawl.reports"}  # fmt: skip
# The packages in the order they may import one another: a package imports only packages of
# its own layer or below (docs/architecture.md "Layers"). The pipeline's data flows
# submission → crawl → store → extract → evaluate → report; the imports run the other way
# where a stage is a service to the one before it: the crawl stores each fetch and reads
# pages for links, so the store and the readers sit below it (and the readers' run over a
# stored crawl, extract/run.py, above the store).
LAYERS = (
    ("i18n", "caches"),  # the language of messages; the cache folder
    ("store",),
    ("extract", "periods", "thaidate", "framework", "rules"),  # documents, Thai dates, rules
    ("submission", "crawl", "spiders"),  # what to fetch and fetching it (shared URL rules)
    ("evaluate",),
    ("reports", "history"),  # outputs of one run, and across runs
    ("jobs", "tools", "discover", "sample_site"),
    ("cli", "__main__", "entry"),
)
LAYER = {package: n for n, names in enumerate(LAYERS) for package in names}
# the discover tool's own spider lives with the other spiders (Scrapy finds them there)
PART_OF = {"oitcrawl.spiders.discover": "discover"}
MAX_LINES = 520  # "no module over ~500 lines"
LONG_BY_NATURE: dict[str, str] = {}  # module → why (generated or table files); none today


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in ROOTS.items():
        for path in (REPO / folder).rglob("*.py"):
            if "sample_site" in path.parts:
                continue
            parts = path.relative_to(REPO / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module → the oitcrawl modules it imports (anywhere in the file)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up) + (f".{base}" if base else "")
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target not in (name, "oitcrawl"):
                    edges[name].add(target)
                    break
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_two_modules_import_each_other():
    assert _cycles(_imports(_modules())) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above can fail: a made-up loop a → b → c → a is found, a tree is not."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def _package(module: str) -> str:
    return PART_OF.get(module) or module.split(".")[1]


def test_every_package_imports_only_its_layer_or_below():
    edges = _imports(_modules())
    upward = sorted(
        (module, target)
        for module, targets in edges.items()
        for target in targets
        if LAYER[_package(target)] > LAYER[_package(module)]
    )
    assert upward == []


def test_every_package_has_a_layer():
    assert {_package(m) for m in _modules() if m != "oitcrawl"} - set(LAYER) == set()


def test_every_module_holds_one_concept_in_at_most_about_500_lines():
    long = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
        if name not in LONG_BY_NATURE
    }
    assert {name: n for name, n in long.items() if n > MAX_LINES} == {}


def test_every_package_is_installed():
    """pyproject lists packages one by one (three live in mapped folders): a new package that
    is not listed would be missing from a wheel."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    packages = {
        name
        for name, path in _modules().items()
        if path.name == "__init__.py" and "sample_site" not in name
    }
    assert packages - listed == set()
