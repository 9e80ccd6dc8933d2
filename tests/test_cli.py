"""The command line: each command through main(argv), one-line errors, and the demo."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import EXAMPLES, main, parser


def test_init_plan_templates_ingest_report_status(tmp_path, capsys):
    ws = tmp_path / "ws"
    assert main(["init", str(ws)]) == 0
    assert {p.name for p in ws.iterdir()} >= {
        "inbox",
        "outbox",
        "archive",
        "rejected",
        "templates",
        "state",
        "plan.xlsx",
        "pipeline.toml",
    }
    assert (ws / "state" / "ledger.sqlite").exists()
    assert main(["plan", "--workspace", str(ws)]) == 0
    assert (ws / "plan_targets.xlsx").exists()
    assert main(["templates", "--workspace", str(ws)]) == 0
    assert len(list((ws / "templates").glob("*.xlsx"))) == 8
    (ws / "inbox" / "notes.txt").write_text("hej", encoding="utf-8")
    assert main(["ingest", "--workspace", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "Tog emot 1 fil: 0 godkända, 1 avvisad, 0 dubbletter." in out
    assert [p.name for p in (ws / "rejected").iterdir() if not p.name.endswith(".kvittens.xlsx")][0].endswith(
        "notes.txt"
    )
    assert main(["report", "--workspace", str(ws)]) == 0
    assert main(["export", "--workspace", str(ws)]) == 0
    assert (ws / "outbox" / "dataexport.xlsx").exists()
    assert main(["status", "--workspace", str(ws)]) == 0
    assert "har rapporterat: 0 av 8 enheter" in capsys.readouterr().out


def test_errors_are_one_line_and_exit_non_zero(tmp_path, capsys):
    assert main(["report", "--workspace", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pipeline init" in err and "Traceback" not in err
    assert main(["init", str(tmp_path / "a")]) == 0
    assert main(["init", str(tmp_path / "a")]) == 1
    (tmp_path / "a" / "pipeline.toml").write_text("language = 'fi'\n")
    assert main(["status", "--workspace", str(tmp_path / "a")]) == 1
    assert "language = 'fi' is not allowed" in capsys.readouterr().err


def test_every_command_has_an_example_and_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    commands = set(parser()._subparsers._group_actions[0].choices)
    assert commands == set(EXAMPLES)
    for command in commands:
        assert re.search(rf"`pipeline {command}\b", readme), f"pipeline {command} is not in the README"


def test_demo_builds_a_workspace_and_a_report(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "demo", "--workspace", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    report = Path(re.search(r"Lägesrapporten: (.+?\.xlsx)", run.stdout).group(1))
    assert report.exists() and report.parent == tmp_path / "demo" / "outbox"
    assert report.name == "lagesrapport_senaste.xlsx"  # the name the README says to open
    rejected = {
        p.name.split("_", 1)[1]
        for p in (tmp_path / "demo" / "rejected").iterdir()
        if not p.name.endswith(".kvittens.xlsx")
    }
    assert {
        "blank_required_value.xlsx",
        "five_st_in_number_cell.xlsx",
        "wrong_week.xlsx",
        "notes.csv",
    } <= rejected
    assert any(name.endswith("_copy.xlsx") for name in rejected)  # the duplicate
    assert list((tmp_path / "demo" / "inbox").iterdir()) == []
    # a second run replaces the earlier demo
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", "demo", "--workspace", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr


def test_report_for_a_week_outside_the_period_or_in_the_future_is_refused(tmp_path, capsys):
    ws = tmp_path / "ws"
    assert main(["init", str(ws)]) == 0
    assert main(["report", "--workspace", str(ws), "--week", "2099-W01"]) == 1
    assert "ligger utanför programmets period" in capsys.readouterr().err
    assert main(["templates", "--workspace", str(ws), "--week", "2099-W01"]) == 1
    assert list((ws / "templates").glob("*.xlsx")) == []


def test_an_older_week_by_hand_never_replaces_the_newest_report(space):
    from pipeline.commands import make_report, run_ingest
    from pipeline.weeks import IsoWeek
    from tests.conftest import NOW

    space.drop("w45.xlsx", week="2026-W45")
    space.drop("w46.xlsx", week="2026-W46", values={"egen": 5, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    latest = space.root / "outbox" / "lagesrapport_senaste.xlsx"
    before = latest.read_bytes()
    path = make_report(space.root, NOW, IsoWeek.parse("2026-W45"))
    assert path.name == "lagesrapport_2026-W45.xlsx"
    assert latest.read_bytes() == before


def test_status_prints_pace_forecast_and_last_year(space):
    from pipeline.commands import run_ingest, status_text
    from tests.conftest import NOW

    space.drop("w46.xlsx", week="2026-W46", values={"egen": 5, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    text = status_text(space.root, NOW)
    assert "vecka 2026-W46" in text and "har rapporterat: 1 av 8 enheter" in text
    assert "takt: krävs" in text and "nu 5/vecka" in text
    assert "föregående år, samma veckor:" in text and "bättre månader" in text


def test_the_terminal_speaks_the_workspaces_language(tmp_path, capsys):
    """Swedish by default; an English workspace gets English lines and errors; no workspace: Swedish."""
    sv, en = tmp_path / "sv", tmp_path / "en"
    assert main(["init", str(sv)]) == 0 and main(["init", str(en), "--language", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Arbetsytan {sv} är skapad. Nästa steg: pipeline templates --workspace {sv}",
        f"Created workspace {en}. Next: pipeline templates --workspace {en}",
    ]
    for root in (sv, en):
        assert main(["ingest", "--workspace", str(root)]) == 0
        assert main(["status", "--workspace", str(root)]) == 0
        assert main(["report", "--week", "2099-W01", "--workspace", str(root)]) == 1
    out, err = capsys.readouterr()
    assert "Tog emot 0 filer: 0 godkända, 0 avvisade, 0 dubbletter." in out and "Ingested 0 files" in out
    assert "  har rapporterat: 0 av 8 enheter" in out and "  reported: 0 of 8 units" in out
    assert "  bevakningen: körs inte" in out and "  watcher: not running" in out
    [sv_error, en_error] = err.splitlines()
    assert sv_error.startswith("fel: 2099-W01 ligger utanför programmets period (")
    assert en_error.startswith("error: 2099-W01 is outside the programme's period (")
    assert main(["status", "--workspace", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.startswith(
        f"fel: {tmp_path / 'nowhere'} är ingen arbetsyta (plan.xlsx saknas)."
    )


@pytest.mark.parametrize(
    ("language", "argv", "said"),
    [
        (
            "sv",
            ["confirm", "--unit", "E01", "--week", "2026-W99"],
            "fel: --week: '2026-W99' är ingen vecka som finns; skriv den som 2026-W47."
            " Hjälp: pipeline confirm --help",
        ),
        ("sv", ["run"], "fel: det finns inget kommando 'run' (välj bland 'init',"),
        ("sv", ["confirm"], "fel: det här måste anges: --unit, --week. Hjälp: pipeline confirm --help"),
        ("sv", ["ingest", "--bogus"], "fel: okända argument: --bogus."),
        ("en", ["history", "--unit"], "error: --unit needs a value. Help: pipeline history --help"),
    ],
)
def test_a_mistyped_command_line_is_one_line_in_the_workspaces_language(
    tmp_path, capsys, language, argv, said
):
    ws = tmp_path / "ws"
    assert main(["init", str(ws), "--language", language]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--workspace", str(ws)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1 and "usage:" not in err


def test_workspace_before_the_command_is_the_workspace(tmp_path, monkeypatch, capsys):
    """``pipeline --workspace W plan`` (the order ``pipeline --help`` shows) acts on W, never on
    the current folder: the command's own --workspace used to reset it to the current folder."""
    ws, elsewhere = tmp_path / "ws", tmp_path / "elsewhere"
    assert main(["init", str(ws)]) == 0
    assert main(["init", str(elsewhere)]) == 0
    monkeypatch.chdir(elsewhere)
    assert main(["--workspace", str(ws), "plan"]) == 0
    assert (ws / "plan_targets.xlsx").exists() and not (elsewhere / "plan_targets.xlsx").exists()
    monkeypatch.chdir(tmp_path)  # not a workspace: the command fails unless it acts on ws
    assert main(["--workspace", str(ws), "--debug", "status"]) == 0
