"""The document demo's own layout rule: only dispatch.py queues tasks, and nothing imports tasks.py
(the circles, app boundaries and sizes of every app are checked in tests/test_architecture.py)."""

from tests.import_graph import graph, modules


def test_only_dispatch_queues_tasks_and_nothing_imports_the_tasks_module():
    importers = [name for name, targets in graph().items() if "demo_idp.tasks" in targets]
    assert importers == []
    demo = {name: path.read_text() for name, path in modules().items() if name.startswith("demo_idp.")}
    senders = sorted(name for name, text in demo.items() if ".delay(" in text or "send_task(" in text)
    assert senders == ["demo_idp.dispatch"]
