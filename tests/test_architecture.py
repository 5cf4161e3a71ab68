"""The layout rules a newcomer relies on: no import circles between modules or apps, small modules,
small apps. Read from the source with ``ast`` (imports inside functions count too), so a circle
cannot hide behind a function-level import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "roadmap", "assessments", "certifications", "mentoring", "portability", "demo_idp")
PACKAGES = (*APPS, "core", "config")
MAX_MODULE_LINES = 600
MAX_TOP_LEVEL_MODULES = 20


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every Python module of the project's packages, migrations left out (they only name models)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module an import of ``name`` runs: the longest known prefix."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` runs the module, `from module import name` the module:
            # the longest known prefix of base.name is the one that runs.
            candidates = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        targets.update(t for t in map(lambda c: resolve(c, known), candidates) if t and t != name)
    return targets


@cache
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each a circle of imports."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_a_circle_through_a_function_level_import(tmp_path):
    (tmp_path / "a.py").write_text("import b\n")
    (tmp_path / "b.py").write_text("def later():\n    from a import thing\n")
    known = {"a": tmp_path / "a.py", "b": tmp_path / "b.py"}
    edges = {name: imports_of(name, path, known) for name, path in known.items()}
    assert cycles(edges) == [["a", "b"]]


def test_the_checker_resolves_relative_imports_of_submodules(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "one.py").write_text("from . import two\nfrom .two import x\n")
    (tmp_path / "pkg" / "two.py").write_text("")
    known = {"pkg": tmp_path / "pkg/__init__.py", "pkg.one": tmp_path / "pkg/one.py", "pkg.two": tmp_path / "pkg/two.py"}
    assert imports_of("pkg.one", known["pkg.one"], known) == {"pkg.two"}


def test_no_module_imports_another_that_imports_it_back():
    assert cycles(graph()) == []


def test_no_two_apps_import_each_other():
    between = defaultdict(set)
    for source, targets in graph().items():
        for target in targets:
            a, b = source.split(".")[0], target.split(".")[0]
            if a != b and a in APPS and b in APPS:
                between[a].add(b)
    assert cycles(between) == [], f"apps import each other: {dict(between)}"


@pytest.mark.parametrize("app", ["demo_idp"])
def test_the_document_demo_uses_no_other_app_but_accounts(app):
    used = {t.split(".")[0] for s, ts in graph().items() if s.startswith(app + ".") or s == app for t in ts}
    assert used - {app, "accounts", "core", "config"} == set()


def test_no_module_is_over_600_lines():
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


@pytest.mark.parametrize("app", APPS)
def test_no_app_has_more_than_20_top_level_modules(app):
    folder = ROOT / app
    top = [p.name for p in folder.iterdir() if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())]
    top = [name for name in top if name not in ("__init__.py", "migrations", "management", "templatetags")]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, sorted(top)
