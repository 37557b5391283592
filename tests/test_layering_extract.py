"""Layering of the extractor side: nlp knows nothing of resolve/extract; nothing in nlp,
resolve or extract reaches up into store, record, cli or serve; no import cycle among their
modules (module-level imports)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "tradewire"
UPPER = {"store", "record", "cli", "serve"}
FORBIDDEN = {"nlp": UPPER | {"resolve", "extract"}, "resolve": UPPER | {"extract"}, "extract": UPPER}


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return {m for m in out if m.startswith("tradewire")}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_layers_point_one_way():
    bad = []
    for pkg, forbidden in FORBIDDEN.items():
        for f in (SRC / pkg).rglob("*.py"):
            for m in _imports(f, top_level_only=False):
                layer = m.split(".")[1] if "." in m else ""
                if layer in forbidden:
                    bad.append(f"{f.relative_to(SRC)} imports {m}")
    assert not bad


def test_no_import_cycle_in_extract_resolve_nlp():
    files = [f for pkg in FORBIDDEN for f in (SRC / pkg).rglob("*.py")]
    mods = {_module(f): f for f in files}
    graph = {m: {i for i in _imports(f, top_level_only=True) if i in mods and i != m} for m, f in mods.items()}
    # (a package's __init__ importing its own submodule is not a cycle through that submodule)
    graph = {m: {i for i in deps if not (m == i.rsplit(".", 1)[0])} for m, deps in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, stack: list[str]) -> bool:
        state[m] = 1
        for n in graph[m]:
            if state.get(n) == 1:
                cycle.extend(stack[stack.index(n):] + [n] if n in stack else [m, n])
                return True
            if state.get(n) is None and visit(n, [*stack, n]):
                return True
        state[m] = 2
        return False

    assert not any(state.get(m) is None and visit(m, [m]) for m in sorted(graph)), " -> ".join(cycle)
