"""The report's questions to the ledger (``pipeline.ledger.reporting``), and a report package without SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pipeline.intake.ingest import ingest
from pipeline.ledger.reporting import report_reads
from pipeline.ledger.store import Ledger
from tests.conftest import NOW

REPORT = Path(__file__).resolve().parents[1] / "pipeline" / "report"
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b")
W45, W46 = "2026-W45", "2026-W46"
BLOCKED = [{"acted": "Nej", "status": "Blockerad", "blocker": "Ingen handledare"}]


def _run(space):
    return ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0)


def _imports(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_the_report_package_holds_no_sql_and_no_sqlite3():
    for path in sorted(REPORT.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(name.split(".")[0] == "sqlite3" for name in _imports(tree)), path.name
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert [t for t in texts if SQL.search(t)] == [], path.name


def test_the_report_package_has_no_import_circle():
    graph = {
        f"pipeline.report.{p.stem}": {
            m for m in _imports(ast.parse(p.read_text("utf-8"))) if m.startswith("pipeline.report.")
        }
        for p in REPORT.glob("*.py")
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for dep in graph.get(start, ()):
            if dep == goal or (dep not in seen and reaches(dep, goal, seen | {dep})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, {m})] == []


def test_the_history_since_a_submission_follows_a_correction(space):
    space.drop("E01_45.xlsx", week=W45, values={"egen": 4, "praktik": 1}, actions=BLOCKED)
    space.drop("E02_45.xlsx", unit="E02", week=W45, values={"egen": 2, "praktik": 1})
    _run(space)
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        reads = report_reads(ledger)
        with reads.one_state():
            first, _sha = reads.newest_submission()
            assert reads.latest_week() == W45
            assert reads.counting_tally() == (2, first - 1 + first)
            assert [row[1:] for row in reads.measure_since("egen", 0)] == [("E01", W45, 4), ("E02", W45, 2)]
            assert [row[1:3] for row in reads.blocked_actions_since(0)] == [("E01", W45)]
    space.drop("E01_45_rättad.xlsx", week=W45, values={"egen": 7, "praktik": 1})
    space.drop("E01_46.xlsx", week=W46, values={"egen": 3, "praktik": 1})
    _run(space)
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        reads = report_reads(ledger)
        newest, sha = reads.newest_submission()
        assert reads.submission_sha(newest) == sha and reads.submission_sha(newest + 1) is None
        assert reads.superseded_since(first) == [first - 1]  # E01's first W45 file
        assert sorted(reads.counting_since(first)) == [first + 1, first + 2]
        assert reads.blocked_actions_since(first) == []
        assert reads.latest_week() == W46
        assert sorted(reads.received_for_week(W46))[0][0] == "E01"
        assert dict(reads.latest_week_before(W46)) == {"E01": W45, "E02": W45}
        assert [(u, m, v) for u, m, v, _at, _name in reads.figures_of_week(W46)] == [
            ("E01", "egen", 3),
            ("E01", "praktik", 1),
        ]
        place, identity = reads.storage()
        assert Path(place) == space.ctx.workspace.ledger_file.resolve() and len(identity) == 2


def test_a_ledger_in_memory_has_no_storage_to_recognise(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Ledger(Path(":memory:")) as ledger:
        reads = report_reads(ledger)
        assert reads.storage() is None
        assert reads.newest_submission() is None and reads.latest_week() is None
        assert reads.counting_tally() == (0, 0)
