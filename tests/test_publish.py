"""The publish-safe copy: no small count of people shows or can be worked out, no unit free text.

The checks read the copy as a member of the public would: the numbers on the sheets, and
the sums they see (a department's subtotal, a unit's weeks against its total, each week's
administration total from the overview's series). They are written apart from the code
that hides the counts, so they find what it misses.
"""

from __future__ import annotations

import math
import re
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.demo import run_demo
from pipeline.report.suppress import PRIMARY, SECONDARY, suppress

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

NOW = datetime(2026, 12, 2, 10, 0)  # a Wednesday of 2026-W49
THRESHOLD = 5


# ---- the rule on small tables, by hand ------------------------------------------------------


def test_counts_below_the_threshold_are_hidden_and_zero_too():
    got = suppress({"a": 0, "b": 4, "c": 5, "d": 12}, [], 5)
    assert got.hidden == {"a": PRIMARY, "b": PRIMARY}


def test_a_sum_with_one_hidden_part_hides_its_next_smallest_part():
    # 3 + 7 + 9 = 19 shown as a total: "3" alone could be worked out from 19 - 7 - 9
    got = suppress({"x": 3, "y": 7, "z": 9}, [(None, ["x", "y", "z"])], 5)
    assert got.hidden == {"x": PRIMARY, "y": SECONDARY}


def test_two_small_counts_that_a_known_sum_pins_are_protected():
    # 4 + 4 = 8 beside 9 and a total of 17: both "<5" are then 4, so a third part is hidden
    got = suppress({"x": 4, "y": 4, "z": 9}, [(None, ["x", "y", "z"])], 5)
    assert got.hidden == {"x": PRIMARY, "y": PRIMARY, "z": SECONDARY}
    # 1 + 2 = 3: each "<5" can be 0 to 3, nothing more to hide
    assert suppress({"x": 1, "y": 2, "z": 9}, [(None, ["x", "y", "z"])], 5).hidden == {
        "x": PRIMARY,
        "y": PRIMARY,
    }


def test_a_department_total_counts_as_a_sum_of_its_units():
    # the department's 11 is 3 + 8: the 3 is hidden, so the 8 must be too (the total is the larger)
    cells = {"a": 3, "b": 8, "dept": 11, "other": 20}
    got = suppress(cells, [("dept", ["a", "b"]), (None, ["dept", "other"])], 5)
    assert got.hidden == {"a": PRIMARY, "b": SECONDARY}


def test_threshold_zero_hides_nothing():
    assert suppress({"x": 0, "y": 1}, [(None, ["x", "y"])], 0).hidden == {}


# ---- the copy the demo writes -----------------------------------------------------------------


def _pipeline(*args: str) -> int:
    """The ``pipeline`` command as a user runs it, with the clock fixed at ``NOW``."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PIPELINE_NOW", NOW.isoformat())
        return main(list(args))


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> tuple[Path, Path]:
    """(the demo's workspace, its publish-safe copy made with ``pipeline report --publish``)."""
    root = tmp_path_factory.mktemp("publish") / "demo"
    run_demo(root, NOW)
    assert _pipeline("report", "--publish", "--workspace", str(root)) == 0
    path = root / "outbox" / "lagesrapport_2026-W49_publicerbar.xlsx"
    assert path.exists()
    return root, path


def _hidden(value) -> bool:
    return isinstance(value, str) and (value == "×" or re.fullmatch(r"<\d+", value) is not None)


def _pinned(known_sum: float | None, parts: list) -> bool:
    """A reader's view of one sum: can a hidden part be told exactly from the total and the rest?"""
    hidden = [p for p in parts if _hidden(p)]
    if not hidden or known_sum is None:
        return False
    if len(hidden) == 1:
        return True
    rest = known_sum - sum(p for p in parts if isinstance(p, int | float))
    top = [THRESHOLD - 1 if p != "×" else math.inf for p in hidden]
    for high in top:
        others = sum(top) - high
        if min(high, rest) - max(0, rest - others) < 1:
            return True
    return False


def test_no_published_count_of_people_is_below_the_threshold(copy):
    _, path = copy
    wb = load_workbook(path)
    units = wb["Enheter"]
    for row in units.iter_rows(min_row=4, values_only=True):
        if row[1]:  # a unit's row: this week and its total to date
            for value in row[3:5]:
                assert value is None or _hidden(value) or value >= THRESHOLD, row
    trend = wb["Trend per enhet"]
    for row in trend.iter_rows(min_row=4, values_only=True):
        for value in row[2:]:
            assert value is None or _hidden(value) or value >= THRESHOLD, row
    marks = [v for row in trend.iter_rows(min_row=4, values_only=True) for v in row if _hidden(v)]
    assert "<5" in marks  # the demo's units report a few people a week: most are hidden


def test_no_hidden_count_can_be_worked_out_from_a_sum_the_copy_shows(copy):
    _, path = copy
    wb = load_workbook(path)
    rows = [r for r in wb["Enheter"].iter_rows(min_row=4, values_only=True) if r[0]]
    sums = []
    group_rows: list[tuple] = []
    for r in rows:
        if r[1]:
            group_rows.append(r)
            continue
        total_this_week, total = r[3], r[4]  # a subtotal (or the administration's total)
        members = group_rows if r[0] != "Totalt" else [g for g in rows if g[1]]
        for col, known in ((3, total_this_week), (4, total)):
            sums.append((None if _hidden(known) else known, [m[col] for m in members if m[col] is not None]))
        group_rows = []
    subtotals = [r for r in rows if not r[1] and r[0] != "Totalt"]
    total = next(r for r in rows if r[0] == "Totalt")
    for col in (3, 4):
        sums.append((total[col], [s[col] for s in subtotals]))
    trend = [r for r in wb["Trend per enhet"].iter_rows(min_row=4, values_only=True) if r[0]]
    cumulative = {r[1]: r[4] for r in rows if r[1]}
    for r in trend:  # a unit's weeks add up to its total to date
        known = cumulative[r[0]]
        sums.append((None if _hidden(known) else known, [v for v in r[2:] if v is not None]))
    series = [
        r
        for r in wb["Översikt"].iter_rows(values_only=True)
        if isinstance(r[0], str) and r[0].startswith("v. ")
    ]
    cum = [r[1] for r in series if isinstance(r[1], int | float)]
    weekly = [b - a for a, b in zip([0, *cum], cum, strict=False)]
    for i, known in enumerate(weekly):  # each week's units add up to the administration's week
        sums.append((known, [r[2 + i] for r in trend if r[2 + i] is not None]))
    assert len(sums) > 20
    pinned = [(known, parts) for known, parts in sums if _pinned(known, parts)]
    assert not pinned, pinned


def _texts(path: Path) -> str:
    """Every text in the file: cells, sheet names, chart texts, alt texts, headers and footers."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def test_no_free_text_from_the_units_is_anywhere_in_the_copy(copy):
    root, path = copy
    with sqlite3.connect(root / "state" / "ledger.sqlite") as db:
        free = {
            text.strip()
            for query in (
                "SELECT action FROM actions",
                "SELECT owner FROM actions",
                "SELECT result FROM actions",
                "SELECT blocker FROM actions",
                "SELECT comment FROM submissions",
                "SELECT name FROM files",
            )
            for (text,) in db.execute(query)
            if text and len(text.strip()) >= 3
        }
    assert len(free) > 10  # the demo's actions, owners, blockers, comments and file names
    everything = _texts(path)
    found = sorted(t for t in free if t in everything or t.replace("&", "&amp;") in everything)
    assert not found, found
    # the leadership workbook has them: the check can see them where they are
    leadership = _texts(root / "outbox" / "lagesrapport_2026-W49.xlsx")
    assert any(t in leadership for t in free)


def test_every_sheet_states_the_rule(copy):
    _, path = copy
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Översikt",
        "Enheter",
        "Trend per enhet",
        "Hinder och åtgärder",
        "Handlingsplaner",
        "Saknade rapporter",
        "Månad för månad",
    ]
    for ws in wb.worksheets:
        assert ws["A1"].value
        rule = ws["A2"].value
        assert rule.startswith("Publicerbar version") and "<5" in rule, (ws.title, rule)


def test_the_agenda_and_action_plans_show_counts_by_department(copy):
    _, path = copy
    wb = load_workbook(path)
    agenda = [r for r in wb["Hinder och åtgärder"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [r[0] for r in agenda] == ["Arbetsmarknad", "Försörjningsstöd"]
    assert all(isinstance(v, int) for r in agenda for v in r[1:4])
    plans = [r for r in wb["Handlingsplaner"].iter_rows(values_only=True)]
    deps = plans[[i for i, r in enumerate(plans) if r[0] == "Avdelning som väntar"][0] + 1 :]
    # the demo's Ungdomsteamet waits for Mottagningen, Försörjningsstöd Väst for Arbetsmarknad
    assert [r[:3] for r in deps if r[0]] == [
        ("Arbetsmarknad", "Försörjningsstöd", 1),
        ("Försörjningsstöd", "Arbetsmarknad", 1),
    ]


def test_the_setting_writes_the_copy_with_every_report_and_zero_turns_hiding_off(tmp_path):
    root = tmp_path / "demo"
    run_demo(root, NOW)
    toml = root / "pipeline.toml"
    text = toml.read_text("utf-8").replace("publish_copy = false", "publish_copy = true")
    toml.write_text(text.replace("suppress_below = 5", "suppress_below = 0"), "utf-8")
    assert _pipeline("report", "--workspace", str(root)) == 0
    path = root / "outbox" / "lagesrapport_2026-W49_publicerbar.xlsx"
    wb = load_workbook(path)
    values = [v for r in wb["Trend per enhet"].iter_rows(min_row=4, values_only=True) for v in r[2:]]
    assert not [v for v in values if _hidden(v)] and any(isinstance(v, float | int) and v < 5 for v in values)
    assert "suppress_below = 0" in wb["Enheter"]["A2"].value
