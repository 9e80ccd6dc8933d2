"""The house rules, checked on the code itself (issue 12): what a reader of the tree is promised.

* no import circle anywhere in ``pipeline/`` (imports only for type checking excepted);
* every SQL statement lives in ``pipeline/ledger/``, and only the ledger opens SQLite;
* no module is over 400 lines;
* the core asks no "is it a maturity file?": outside the kinds themselves, intake, the
  ledger's file rows and the receipts never name a template kind;
* the shared types sit at the bottom: ``pipeline.model`` imports nothing of ours but the
  texts and the weeks, and the ledger imports nothing of intake, the report or a kind.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA|CREATE TABLE|ALTER TABLE)\b")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        parts = path.relative_to(PIPELINE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines |= set(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + [base]
                ).strip(".")
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # ``from pipeline.x import module``
    return {m for m in found if m in known and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _circle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, route = stack.pop()
        for dep in graph.get(node, ()):
            if dep == start:
                return route + [start]
            if dep not in seen:
                seen.add(dep)
                stack.append((dep, route + [dep]))
    return None


def _is_package_init(graph, name: str) -> bool:
    return any(other.startswith(name + ".") for other in graph)


def test_there_is_no_import_circle():
    graph = _graph()
    # a package's __init__ is imported with every module in it: it holds docstrings only
    for name in graph:
        if _is_package_init(graph, name):
            assert graph[name] <= {"pipeline.strings.intake", "pipeline.strings.maturity"} | {
                m for m in graph[name] if m.startswith(name + ".")
            }, name
    circles = [c for name in graph if (c := _circle_from(graph, name))]
    assert circles == [], " -> ".join(circles[0])


def test_every_sql_statement_is_in_the_ledger_package():
    for name, path in _modules().items():
        if name.startswith("pipeline.ledger"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert [t for t in texts if SQL.search(t) and not t.lstrip().startswith(("The ", "A "))] == [], name
        assert not any(
            isinstance(n, ast.Attribute) and ast.unparse(n).startswith("sqlite3.connect")
            for n in ast.walk(tree)
        ), name


def test_no_module_is_over_400_lines():
    long = {
        name: n for name, path in _modules().items() if (n := len(path.read_text("utf-8").splitlines())) > 400
    }
    assert long == {}


def test_the_core_never_names_a_template_kind():
    """Intake (but the kinds), the ledger's file rows and the receipt dispatch through ``intake.kinds``."""
    core = [p for p in (PIPELINE / "intake").glob("*.py") if p.name not in ("kinds.py", "weekly.py")]
    core += [PIPELINE / "ledger" / "store.py", PIPELINE / "ledger" / "history.py"]
    for path in core:
        code = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(code) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(code) if isinstance(n, ast.Attribute)}
        texts = {n.value for n in ast.walk(code) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        imported = _imports(path.stem, path, set(_modules()))
        assert not any("maturity" in x.lower() for x in names), path.name
        assert "maturity" not in texts, path.name  # ("weekly" is also the weekly target column)
        assert not any(m.startswith("pipeline.maturity") for m in imported), path.name


def test_the_shared_types_and_the_ledger_import_nothing_above_them():
    graph = _graph()
    assert graph["pipeline.model"] <= {"pipeline.strings", "pipeline.weeks"}
    for name, deps in graph.items():
        if name.startswith("pipeline.ledger") and name != "pipeline.ledger.history":
            above = {
                d for d in deps if d.startswith(("pipeline.intake", "pipeline.report", "pipeline.maturity"))
            }
            assert above == set(), name


# A process-wide thing by nature, not state kept between passes: logging's handlers (the CLI
# replaces its own at each main()), and the text table that is filled once at import.
_MODULE_STATE_ALLOWED = {("pipeline.cli", "_HANDLERS"), ("pipeline.strings", "STRINGS")}


def test_no_module_keeps_state_of_its_own():
    """What lives from pass to pass belongs to the ``Session`` (``pipeline.session``), not to a module."""
    empty = (ast.Dict, ast.List, ast.Set)
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(isinstance(n, ast.Global) for n in ast.walk(tree)), name
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = getattr(node, "value", None)
            if not isinstance(target, ast.Name) or value is None:
                continue
            made_empty = (
                isinstance(value, empty)
                and not getattr(value, "keys", None)
                and not getattr(value, "elts", None)
            ) or (
                isinstance(value, ast.Call)
                and ast.unparse(value.func).split(".")[-1]
                in ("dict", "WeakKeyDictionary", "WeakValueDictionary", "Lock", "RLock")
            )
            if made_empty:
                assert (name, target.id) in _MODULE_STATE_ALLOWED, f"{name}.{target.id}"
