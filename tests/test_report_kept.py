"""The report's kept history: brought up to date pass by pass, it gives the same workbook as a full read."""

from pathlib import Path

import pytest

from pipeline.commands import make_report, rebuild_ledger, report_data, run_ingest
from pipeline.session import Session
from tests.conftest import NOW

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

W45, W46 = "2026-W45", "2026-W46"
BLOCKED = [{"acted": "Nej", "status": "Blockerad", "blocker": "Ingen handledare"}]
GOING = [{"acted": "Ja", "status": "Pågår", "result": "ok"}]


def _cold_report(space) -> bytes:
    """The report with nothing kept: a new session reads everything from the ledger again."""
    with Session() as fresh:
        return Path(make_report(space.root, NOW, session=fresh)).read_bytes()


def _pass(space) -> bytes:
    """One pass in the space's session, as a watcher's: its report brings the kept rows up to date."""
    result, report = run_ingest(space.root, NOW, settle_seconds=0, session=space.ctx.session)
    assert result.count("rejected") == 0, [(r.name, r.problems) for r in result.records]
    return Path(report).read_bytes()


def test_corrections_and_new_weeks_pass_by_pass_match_a_full_read(space):
    space.drop("E01_45.xlsx", unit="E01", week=W45, values={"egen": 4, "praktik": 1}, actions=BLOCKED)
    space.drop("E02_45.xlsx", unit="E02", week=W45, values={"egen": 2, "praktik": 1}, actions=GOING)
    first = _pass(space)
    assert first == _cold_report(space)
    _pass_with_report = make_report(space.root, NOW, ctx=space.ctx)  # warms what is kept
    assert Path(_pass_with_report).read_bytes() == first

    # a correction (supersedes E01's W45 file, and it is no longer blocked) and a new week
    space.drop("E01_45_rättad.xlsx", unit="E01", week=W45, values={"egen": 7, "praktik": 1}, actions=GOING)
    space.drop("E01_46.xlsx", unit="E01", week=W46, values={"egen": 3, "praktik": 1}, actions=BLOCKED)
    space.drop("E02_46.xlsx", unit="E02", week=W46, values={"egen": 1, "praktik": 1}, actions=BLOCKED)
    second = _pass(space)
    assert second == _cold_report(space)

    # a correction of the correction, in a pass of its own
    make_report(space.root, NOW, ctx=space.ctx)
    space.drop("E01_45_igen.xlsx", unit="E01", week=W45, values={"egen": 5, "praktik": 1}, actions=BLOCKED)
    third = _pass(space)
    assert third == _cold_report(space)
    data = report_data(space.ctx, NOW)
    assert data.total.actual == 5 + 2 + 3 + 1
    assert sorted(data.blockers["weeks_in_row"]) == [1, 2]  # E02 blocked in W46 only; E01 in W45 and W46


def test_a_rebuilt_ledger_is_read_in_full(space):
    space.drop("E01_45.xlsx", unit="E01", week=W45, values={"egen": 4, "praktik": 1}, actions=BLOCKED)
    before = _pass(space)
    _, report = rebuild_ledger(space.root, NOW)  # a new ledger file: what was kept is not trusted
    assert Path(report).read_bytes() == before
    assert before == _cold_report(space)
