"""The layout rules a newcomer relies on: no import circles between modules or apps, small modules,
small apps (tests/import_graph.py reads the imports)."""

from collections import defaultdict

import pytest

from tests.import_graph import APPS, MAX_MODULE_LINES, MAX_TOP_LEVEL_MODULES, ROOT, cycles, graph, imports_of, modules


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
