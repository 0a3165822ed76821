"""The layout's promises, checked from the source: no import cycles between modules or
between packages, and each third-party library imported only by the stage that owns it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "monitor"

# library -> the modules that may import it (its stage's own modules)
OWNERS = {
    "httpx": {"monitor.fetch", "monitor.address_guard"},
    "httpcore": {"monitor.fetch", "monitor.address_guard"},
    "feedparser": {"monitor.parse.feed", "monitor.parse.dates", "monitor.parse.feedrules"},
    "apprise": {"monitor.alerts.sender"},
    "apscheduler": {"monitor.daemon.scheduler"},
    "numpy": {"monitor.dedupe.minhash"},
    "opencc": {"monitor.simplified"},
    "bs4": {"monitor.parse.page"},
    "sqlite_utils": {"monitor.store.sqlite_lib"},
    "prometheus_client": {"monitor.daemon.metrics"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside functions; not those imported
    only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                yield full if full in MODULES else node.module
        pending.extend(ast.iter_child_nodes(node))


def _graph(level: int | None) -> dict[str, set[str]]:
    """Our modules' imports of one another; `level` cuts names to packages
    (1: monitor.alerts.outbox -> monitor.alerts)."""

    def cut(name: str) -> str:
        return ".".join(name.split(".")[: 1 + level]) if level else name

    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps = {cut(d) for d in _imports(path) if d in MODULES} - {cut(name)}
        graph.setdefault(cut(name), set()).update(deps)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in `graph`, as a path, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_is_read_from_the_sources() -> None:
    graph = _graph(None)
    assert "monitor.pipeline.cycle" in graph["monitor.pipeline"]
    assert "monitor.store" in graph["monitor.pipeline.intake"]
    # A made-up cycle is found, so an empty answer below means something.
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("level", [None, 1], ids=["modules", "packages"])
def test_no_import_cycles(level: int | None) -> None:
    assert _cycle(_graph(level)) is None


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_library_is_imported_only_by_its_stage(library: str) -> None:
    importers = {
        name
        for name, path in MODULES.items()
        if any(d == library or d.startswith(library + ".") for d in _imports(path))
    }
    assert importers <= OWNERS[library], (
        f"{library} imported by {sorted(importers - OWNERS[library])}"
    )
    assert importers, f"nothing imports {library}: the rule names a stale owner"
