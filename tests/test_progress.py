"""Long work on a terminal: one progress line, then the summary; elsewhere one line per file as before."""

from __future__ import annotations

import io

import pytest

from pipeline import cli_progress
from pipeline.cli import main
from pipeline.cli_progress import ProgressLine
from pipeline.strings import Texts
from tests.conftest import NOW

FILES = 60  # above cli_progress.MIN_FILES


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def many(space):
    """FILES + 2 files in the inbox: every one good (a correction of the one before) but two."""
    for i in range(FILES):
        space.drop(f"E01_{i}.xlsx", comment=f"rättelse {i}")
    space.drop("E02_fel.xlsx", unit="E02", values={"egen": "5 st", "praktik": 1})
    space.drop("E03_fel.xlsx", unit="E03", values={"egen": "x", "praktik": 1})
    return space


def test_the_line_says_files_done_rate_and_time_left_in_the_workspace_language():
    for language, words in (
        ("sv", ("Tar emot: 40 av 100 filer", "filer/s", "kvar")),
        ("en", ("of 100 files", "left")),
    ):
        stream = Terminal()
        line = ProgressLine(Texts(language), "cli.progress.ingest", stream=stream)
        with line.drawn():
            for done in range(1, 101):
                line(done, 100)
                if done == 40:
                    line.bar.refresh()
                    seen = stream.getvalue()
        assert line.shown
        assert all(word in seen for word in words), seen
        assert stream.getvalue().endswith("\r")  # the line is taken away for the summary


def test_no_line_off_a_terminal_or_for_a_few_files():
    piped = io.StringIO()
    line = ProgressLine(Texts("sv"), "cli.progress.ingest", stream=piped)
    with line.drawn():
        for done in range(1, 201):
            line(done, 200)
    assert not line.shown and piped.getvalue() == ""
    small = ProgressLine(Texts("sv"), "cli.progress.ingest", stream=Terminal())
    small(1, cli_progress.MIN_FILES - 1)
    assert not small.shown


def test_ingest_on_a_terminal_lists_only_the_files_that_need_a_look(many, monkeypatch, capsys):
    terminal = Terminal()
    monkeypatch.setattr(cli_progress.sys, "stderr", terminal)
    monkeypatch.setenv("PIPELINE_NOW", NOW.isoformat())
    assert main(["ingest", "--workspace", str(many.root)]) == 0
    out = capsys.readouterr().out
    assert f"Tog emot {FILES + 2} filer:" in out
    assert "Filerna att titta på står nedan (" in out and "kvittenser.log" in out
    assert "E02_fel.xlsx" in out and "E03_fel.xlsx" in out
    assert "E01_7.xlsx" not in out  # a plainly accepted file is in the receipts log, not on the screen
    assert "Tar emot:" in terminal.getvalue() and f"av {FILES + 2} filer" in terminal.getvalue()
    log = (many.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8")
    assert "E01_7.xlsx" in log  # every file still has its line


def test_ingest_off_a_terminal_lists_every_file_as_before(many, monkeypatch, capsys):
    monkeypatch.setenv("PIPELINE_NOW", NOW.isoformat())
    assert main(["ingest", "--workspace", str(many.root)]) == 0
    captured = capsys.readouterr()
    assert "E01_7.xlsx" in captured.out and "titta på" not in captured.out
    assert "Tar emot:" not in captured.err
