"""The shape of the demo_idp package: stages as subpackages, no import circles, small modules.

Imports are read from the source (every `import`, at module level or inside a function), so a
circle hidden in a function-level import counts as a circle.
"""

import ast
from pathlib import Path

import demo_idp

ROOT = Path(demo_idp.__file__).parent
PROJECT_APPS = {"accounts", "assessments", "certifications", "core", "config", "mentoring", "portability", "roadmap"}
ALLOWED_APPS = {"accounts", "core", "config"}


def modules() -> dict[str, Path]:
    """Every module of demo_idp (migrations aside) by dotted name."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules `name` imports: demo_idp modules by name, other project apps by app name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from x import y`: y may be a module of package x, or a name defined in x.
            candidates = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known and candidate.split(".")[0] == "demo_idp":
                candidate = candidate.rpartition(".")[0]
            if candidate in known and candidate != name:
                targets.add(candidate)
            elif candidate.split(".")[0] in PROJECT_APPS:
                targets.add(candidate.split(".")[0])
    return targets


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as a list of modules, or [] when the graph has none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_no_module_of_demo_idp_imports_itself_back_through_others():
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_a_circle_hidden_two_modules_deep():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_demo_idp_imports_no_project_app_but_accounts_core_and_config():
    apps = {target for targets in import_graph().values() for target in targets if "." not in target} - {"demo_idp"}
    assert apps <= ALLOWED_APPS


def test_only_dispatch_queues_tasks_and_only_tasks_is_celerys():
    graph = import_graph()
    assert [name for name, targets in graph.items() if "demo_idp.tasks" in targets] == []
    sources = {name: path.read_text() for name, path in modules().items()}
    senders = sorted(name for name, text in sources.items() if ".delay(" in text or "send_task(" in text)
    assert senders == ["demo_idp.dispatch"]


def test_demo_idp_has_at_most_twenty_top_level_modules_and_packages():
    entries = [p for p in ROOT.iterdir() if (p.suffix == ".py" or (p / "__init__.py").exists())]
    assert len(entries) <= 20, sorted(p.name for p in entries)


def test_no_module_passes_600_lines():
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > 600}
    assert long == {}
