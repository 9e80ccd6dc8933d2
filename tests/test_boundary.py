"""The fault boundary: whatever goes wrong with one file costs that file only (issue 11).

Each test sets one awkward event up among good files and checks three things: the
good files are settled, the awkward one ends where it should (rejected with a
receipt, or waiting in the inbox), and the next pass is clean.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.commands import load, make_report, rebuild_ledger, run_ingest, status_text
from pipeline.errors import WorkspaceError
from pipeline.intake import ingest as ingest_module
from pipeline.intake import judge as judge_module
from pipeline.intake import plausible as plausible_module
from pipeline.intake.inbox import StabilityWatch
from pipeline.ledger.history import history_lines
from pipeline.ledger.store import Ledger
from pipeline.service import locks
from pipeline.service.watch import Beat, cycle
from tests.conftest import NOW

LATIN1 = b"\xc5rsrapport_\xd6stra.xlsx"  # "Årsrapport_Östra.xlsx" saved by an old Samba share


def good_files(space, n: int = 3) -> list[str]:
    names = []
    for i, unit in enumerate(["E01", "E02", "E03", "E04", "E05"][:n]):
        names.append(f"good_{unit}.xlsx")
        space.drop(names[-1], unit=unit, values={"egen": i + 1, "praktik": 1})
    return names


def ingest(space, now=NOW):
    return run_ingest(space.root, now, settle_seconds=0)


def places(space) -> dict[str, str]:
    """Original name (as the ledger has it) -> where the file is now, for every file in the ledger."""
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        rows = ledger.db.execute("SELECT name, destination FROM files").fetchall()
    return dict(rows)


def settled_cleanly(space) -> None:
    """Nothing left in state/work, and every ledger row's file is where the ledger says."""
    work = space.root / "state" / "work"
    assert [p.name for p in work.iterdir() if p.is_dir()] == []
    for name, where in places(space).items():
        assert (space.root / where).is_file(), (name, where)


def receipt_rows(path: Path) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]


def codes(space, name: str) -> set[str]:
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        [record] = [r for r in ledger.log() if r.name == name]
    return {p.code for p in record.problems}


def log_lines(space) -> list[str]:
    return (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8").splitlines()


# --- names in any encoding ---------------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_settled_like_any_other(space):
    good_files(space)
    source = space.drop("latin1.xlsx", unit="E04")
    os.rename(source, os.path.join(os.fsencode(source.parent), LATIN1))
    result, report = ingest(space)
    assert sorted(r.outcome for r in result.records) == ["accepted"] * 4 and report is not None
    shown = "Årsrapport_Östra.xlsx"  # the Latin-1 bytes read as Windows-1252
    assert shown in places(space)
    settled_cleanly(space)
    [line] = [line for line in log_lines(space) if shown in line]
    assert "Godkänd" in line and "enhet E04" in line
    where = space.root / places(space)[shown]
    assert receipt_rows(Path(f"{where}.kvittens.xlsx"))[0][0] == f"Kvittens för {shown}"
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        assert ledger.db.execute("SELECT raw_name FROM files WHERE name = ?", (shown,)).fetchone() == (
            LATIN1.hex(),
        )
        assert any(shown in line for line in history_lines(ledger, "E04", "2026-W46", "sv"))
    assert run_ingest(space.root, NOW + timedelta(minutes=1), settle_seconds=0)[0].records == []
    rebuilt, _ = rebuild_ledger(space.root, NOW)
    assert rebuilt.files == 4 and rebuilt.moved == [] and shown in places(space)


def test_a_unit_folder_whose_name_is_not_utf8_does_not_stop_intake(space):
    good = good_files(space)
    folder = os.path.join(os.fsencode(space.root / "inbox"), b"\xd6stra")
    os.mkdir(folder)
    source = space.drop("in_folder.xlsx", unit="E04")
    os.rename(source, os.path.join(folder, b"rapport.xlsx"))
    result, _ = ingest(space)
    assert len(result.records) == 4
    assert codes(space, "rapport.xlsx") == set()  # a folder that is no unit's decides nothing (validate)
    settled_cleanly(space)
    assert all(codes(space, name) == set() for name in good)


@pytest.mark.parametrize(
    "name",
    ["CON.xlsx", "nul", "a<b>c:d|e?f*.xlsx", "trailing dot. ", "x" * 240 + ".xlsx", "O\u0308stra.xlsx"],
)
def test_names_we_create_are_valid_on_windows(space, name):
    space.drop(name if name.strip() else "blank.xlsx")
    [record] = ingest(space)[0].records
    settled = Path(record.destination).name
    assert not set('<>:"|?*\\') & set(settled) and not settled.endswith((".", " "))
    assert settled.split(".")[0].upper() not in {"CON", "NUL", "PRN", "AUX"}
    receipt = f"{record.destination}.kvittens.xlsx"
    assert len(receipt) <= judge_module.MAX_SETTLED_PATH, receipt
    assert len("D:\\" + "w" * 97 + "\\" + receipt) < 260  # under a 100-character workspace path
    assert (space.root / receipt).is_file()


# --- permissions, locks, bugs ------------------------------------------------------------------


def claim_name(claimed: Path) -> str:
    """The original name of a file claimed into ``state/work``, as its pass's claim book says."""
    for book in claimed.parent.glob("*.claims"):
        for line in book.read_text(encoding="ascii").splitlines():
            if json.loads(line)["id"] == claimed.name:
                return json.loads(line)["name"]
    return ""


def make_unreadable(path: Path, monkeypatch) -> None:
    """The service account may not read ``path``: for real, or (as root, who reads anything) simulated."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real = judge_module.sha256_of

    def refused(p: Path) -> str:
        if p.parent.name == "work" and claim_name(p) == path.name:
            raise PermissionError(13, "Permission denied", str(p))
        return real(p)

    monkeypatch.setattr(judge_module, "sha256_of", refused)


def test_an_unreadable_file_is_rejected_and_the_others_go_on(space, monkeypatch):
    good = good_files(space)
    make_unreadable(space.drop("locked_down.xlsx", unit="E04"), monkeypatch)
    result, report = ingest(space)
    assert sorted(r.name for r in result.records) == sorted(good + ["locked_down.xlsx"]) and report
    assert codes(space, "locked_down.xlsx") == {"unreadable-file"}
    assert places(space)["locked_down.xlsx"].startswith("rejected/")
    rows = receipt_rows(space.root / (places(space)["locked_down.xlsx"] + ".kvittens.xlsx"))
    assert any(row[2] == "unreadable-file" for row in rows)
    settled_cleanly(space)
    assert ingest(space)[0].records == []


def test_a_bug_of_ours_costs_only_its_file(space, monkeypatch, caplog):
    good = good_files(space)
    space.drop("trigger.xlsx", unit="E04")
    real = plausible_module.check_plausible

    def buggy(submission, expected, plan):
        if submission.unit == "E04":
            raise KeyError("a bug of ours")
        return real(submission, expected, plan)

    monkeypatch.setattr(plausible_module, "check_plausible", buggy)
    result, report = ingest(space)
    assert len(result.records) == 4 and report is not None
    assert codes(space, "trigger.xlsx") == {"internal-error"}
    assert all(codes(space, name) == set() for name in good)
    receipt = space.root / (places(space)["trigger.xlsx"] + ".kvittens.xlsx")
    text = " ".join(str(v) for row in receipt_rows(receipt) for v in row if v)
    assert "administratören" in text.lower() and "Traceback" not in text and "KeyError" not in text
    assert "Traceback" in caplog.text and "a bug of ours" in caplog.text  # the administrator's log has it
    settled_cleanly(space)


def unmovable(monkeypatch, name: str) -> dict:
    """Makes the move out of the inbox fail for ``name`` (a file open in Excel on a Windows share)."""
    real = os.rename
    state = {"locked": True}

    def rename(src, dst, *args, **kwargs):
        if state["locked"] and os.path.basename(os.fsdecode(src)) == name:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    return state


def test_a_file_that_cannot_be_moved_waits_and_never_blocks_the_others(space, monkeypatch):
    good = good_files(space)
    space.drop("open_in_excel.xlsx", unit="E04", values={"egen": 9, "praktik": 1})
    lock = unmovable(monkeypatch, "open_in_excel.xlsx")
    result, report = ingest(space)
    assert sorted(r.name for r in result.records) == sorted(good) and report is not None
    assert [w[0] for w in result.waiting] == ["open_in_excel.xlsx"]
    assert (space.root / "inbox" / "open_in_excel.xlsx").exists()
    settled_cleanly(space)

    # passes go on; after waiting_alert_minutes it is listed in status and the heartbeat
    assert ingest(space, NOW + timedelta(minutes=30))[0].records == []
    assert "väntar: inbox/open_in_excel.xlsx" not in status_text(space.root, NOW + timedelta(minutes=30))
    assert ingest(space, NOW + timedelta(minutes=61))[0].waiting[0][1] == NOW.isoformat(timespec="seconds")
    status = status_text(space.root, NOW + timedelta(minutes=61))
    assert "  väntar: inbox/open_in_excel.xlsx låst sedan 2026-11-22 18:00:00" in status
    beat = Beat(poll_seconds=30)
    cycle(space.root, StabilityWatch(), NOW + timedelta(minutes=61), beat)
    heartbeat = json.loads((space.root / "state" / "heartbeat.json").read_text(encoding="utf-8"))
    assert [w[0] for w in heartbeat["waiting"]] == ["open_in_excel.xlsx"]
    log_sheet = load_workbook(make_report(space.root, NOW + timedelta(minutes=61)))["Mottagna filer"]
    row = [
        c.value for c in next(r for r in log_sheet.iter_rows() if r[1].value == "inbox/open_in_excel.xlsx")
    ]
    assert row[2] == "Väntar" and row[5].startswith("Låst sedan 2026-11-22 18:00:00")
    early = load_workbook(make_report(space.root, NOW + timedelta(minutes=5)))["Mottagna filer"]
    assert not any(c.value == "inbox/open_in_excel.xlsx" for r in early.iter_rows() for c in r)

    rebuild_ledger(space.root, NOW + timedelta(minutes=61))  # a rebuild keeps the waiting clock
    assert "låst sedan 2026-11-22 18:00:00" in status_text(space.root, NOW + timedelta(minutes=61))

    lock["locked"] = False  # the unit closed Excel
    result, _ = ingest(space, NOW + timedelta(minutes=62))
    assert [r.name for r in result.records] == ["open_in_excel.xlsx"] and result.waiting == []
    assert "waiting:" not in status_text(space.root, NOW + timedelta(minutes=62))
    settled_cleanly(space)


def test_a_file_whose_move_into_place_fails_is_finished_by_the_next_pass(space, monkeypatch):
    good = good_files(space)
    real = os.replace
    state = {"broken": True}

    def replace(src, dst, *args, **kwargs):
        if state["broken"] and os.fspath(dst).endswith("_good_E02.xlsx"):
            raise PermissionError(13, "Permission denied")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result, report = ingest(space)
    assert len(result.records) == 3 and result.unsettled == ["good_E02.xlsx"] and report is not None
    state["broken"] = False
    result, _ = ingest(space)
    assert [r.name for r in result.records] == ["good_E02.xlsx"] and result.unsettled == []
    settled_cleanly(space)
    assert sum("good_E02.xlsx" in line for line in log_lines(space)) == 1
    assert sorted(good) == sorted(n for n in places(space))


# --- the report --------------------------------------------------------------------------------


def test_a_failed_report_is_retried_at_the_next_pass_without_a_new_file(space, monkeypatch):
    good_files(space)
    import pipeline.commands as commands

    write = commands.write_report

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(commands, "write_report", full_disk)
    result, report = ingest(space)
    assert len(result.records) == 3 and report is None and "No space left" in result.report_error
    assert main(["ingest", "--workspace", str(space.root)]) == 1  # a one-shot run says so
    assert not list((space.root / "outbox").glob("lagesrapport_*.xlsx"))
    monkeypatch.setattr(commands, "write_report", write)
    result, report = ingest(space)
    assert result.records == [] and report is not None and result.report_error == ""
    assert ingest(space)[1] is None  # written once: not again while nothing changes


# --- leftovers, the inbox, the ledger folder ---------------------------------------------------


def test_temp_files_left_by_a_kill_are_removed_when_a_pass_starts(space):
    good_files(space, 1)
    ingest(space)
    week = next((space.root / "archive").iterdir())
    leftovers = [week / ".tmp-a1b2.xlsx", space.root / "rejected" / ".tmp-c3.xlsx"]
    leftovers += [space.root / "outbox" / ".tmp-d4.xlsx", space.root / "state" / "heartbeat.json.tmp"]
    for path in leftovers:
        path.write_bytes(b"half a workbook")
    (space.root / "state" / "pass-running").touch()  # what a killed pass leaves
    ingest(space)
    assert [p for p in leftovers if p.exists()] == []


def test_every_entry_in_the_inbox_is_taken_or_left_alone_by_the_stated_rule(space, tmp_path):
    good = good_files(space, 2)
    inbox = space.root / "inbox"
    (inbox / ".hidden.xlsx").write_bytes(b"x")
    (inbox / "link.xlsx").symlink_to(space.template("E01"))
    (inbox / "x.xlsx").mkdir()  # a folder named like a file: an inbox folder, its files are taken
    shutil.copyfile(space.drop("in_odd_folder.xlsx", unit="E05"), inbox / "x.xlsx" / "in_odd_folder.xlsx")
    (inbox / "in_odd_folder.xlsx").unlink()
    (inbox / "E01" / "old").mkdir(parents=True)
    space.drop("deep.xlsx", folder="E01/old")
    result, _ = ingest(space)
    assert sorted(r.name for r in result.records) == sorted(good + ["in_odd_folder.xlsx"])
    assert codes(space, "in_odd_folder.xlsx") == set()
    status = status_text(space.root, NOW)
    assert "  lämnas i inkorgen: 3 (inbox/.hidden.xlsx, inbox/E01/old/, inbox/link.xlsx)" in status


def test_state_can_live_on_another_disk(space, tmp_path):
    toml = space.root / "pipeline.toml"
    local = tmp_path / "local-disk" / "goal-2027"
    toml.write_text(toml.read_text(encoding="utf-8").replace('state_dir = "state"', f'state_dir = "{local}"'))
    good_files(space, 2)
    result, report = ingest(space)
    assert len(result.records) == 2 and report is not None
    assert (local / "ledger.sqlite").is_file() and (local / "work").is_dir()
    assert load(space.root).workspace.ledger_file == local / "ledger.sqlite"


def test_a_ledger_on_a_network_file_system_is_refused_unless_allowed(space, monkeypatch):
    monkeypatch.setattr("pipeline.workspace.file_system_type", lambda path: "cifs")
    with pytest.raises(WorkspaceError, match=r"network file system \(cifs\).*state_dir"):
        load(space.root)
    assert main(["status", "--workspace", str(space.root)]) == 1
    toml = space.root / "pipeline.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("allow_network_state = false", "allow_network_state = true"))
    assert load(space.root).settings.allow_network_state


def test_the_file_system_type_comes_from_mountinfo(tmp_path):
    from pipeline.workspace import file_system_type

    info = tmp_path / "mountinfo"
    info.write_text(
        "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
        "90 27 0:50 / /srv/share rw,relatime shared:5 - cifs //fil01/mal rw\n"
        "91 27 0:51 / /srv/share\\040two rw - nfs4 fil02:/x rw\n"
    )
    assert file_system_type(Path("/srv/share/goal/state"), info) == "cifs"
    assert file_system_type(Path("/srv/share two/state"), info) == "nfs4"
    assert file_system_type(Path("/srv/sharex/state"), info) == "ext4"


# --- one writer per workspace ------------------------------------------------------------------


def test_a_second_writer_waits_then_refuses_naming_the_holder(space, capsys):
    from tests.test_watch import hold_elsewhere

    toml = space.root / "pipeline.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("lock_wait_seconds = 10.0", "lock_wait_seconds = 0.3")
    )
    holder = hold_elsewhere(space.root / "state" / "workspace.lock", "pipeline ingest")
    try:
        for command in (["ingest"], ["report"], ["export"], ["rebuild"]):
            assert main([*command, "--workspace", str(space.root)]) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and f"pipeline ingest (pid {holder.pid} på" in err, err
            assert "väntade 0.3 s" in err
        assert main(["status", "--workspace", str(space.root)]) == 0  # read-only: never waits
        assert main(["history", "--unit", "E01", "--week", "2026-W46", "--workspace", str(space.root)]) == 0
    finally:
        holder.kill()
        holder.wait()
    assert main(["report", "--workspace", str(space.root)]) == 0  # a killed holder's lock is free


def test_the_workspace_lock_is_reentrant_within_a_command(space):
    ctx = load(space.root)
    with locks.held(ctx.workspace.writer_lock, "test", 0, NOW):
        good_files(space, 1)
        result, report = ingest(space)  # takes the same lock again, and the report under it
    assert len(result.records) == 1 and report is not None
    assert not locks.is_held(ctx.workspace.writer_lock)


def test_the_ledger_keeps_no_trace_of_a_failed_file_beyond_its_rejection(space, monkeypatch):
    """A file that fails half-way through being recorded leaves no figures behind (the savepoint)."""
    good_files(space, 1)
    space.drop("half.xlsx", unit="E02", values={"egen": 7, "praktik": 1})
    from pipeline.ledger import store

    real = store.Ledger.record

    def record(self, **kwargs):
        file_id = real(self, **kwargs)
        if kwargs["name"] == "half.xlsx" and kwargs["outcome"] == "accepted":
            raise ValueError("a bug after the insert")
        return file_id

    monkeypatch.setattr(store.Ledger, "record", record)
    ingest(space)
    db = sqlite3.connect(space.root / "state" / "ledger.sqlite")
    units = db.execute("SELECT unit FROM submissions").fetchall()
    db.close()
    assert units == [("E01",)] and codes(space, "half.xlsx") == {"internal-error"}
    assert make_report(space.root, NOW).exists()


def test_a_redone_duplicate_receipt_reads_as_the_first_would_have(space, monkeypatch):
    """A kill after a duplicate is recorded and before its receipt: the redo names the earlier file."""
    first = space.drop("original.xlsx")
    ingest(space)
    shutil.copyfile(space.root / places(space)["original.xlsx"], space.root / "inbox" / "again.xlsx")
    real = ingest_module.settle_file

    def killed(item, plan):
        if item.taken.name == "again.xlsx":
            raise KeyboardInterrupt  # stands for the kill: nothing of step 3 happened
        return real(item, plan)

    monkeypatch.setattr(ingest_module, "settle_file", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest(space, NOW + timedelta(minutes=1))
    monkeypatch.setattr(ingest_module, "settle_file", real)
    [redo] = ingest(space, NOW + timedelta(minutes=2))[0].records
    assert redo.outcome == "duplicate" and first.name == "original.xlsx"
    rows = receipt_rows(space.root / (places(space)["again.xlsx"] + ".kvittens.xlsx"))
    assert rows[2][1] == (
        "Dubblett: exakt samma fil togs emot 2026-11-22 18:00:00 (original.xlsx). "
        "Inget ändrades, du behöver inte göra något."
    )
    [line] = [line for line in log_lines(space) if "again.xlsx" in line]
    assert line.endswith("samma som 2026-11-22 18:00:00 (original.xlsx)")


def test_a_worker_that_cannot_start_stops_the_pass_instead_of_rejecting_good_files(
    space, monkeypatch, capsys
):
    """The server's fault (the service account may not run Python, fork fails): no file is judged."""
    import sys

    good = good_files(space, 2)  # the command below starts a worker of its own session
    monkeypatch.setenv("PIPELINE_NOW", NOW.isoformat())
    monkeypatch.setattr(sys, "executable", "/bin/false")
    try:
        assert main(["ingest", "--workspace", str(space.root)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "could not be started" in err and "unexpected" not in err
        assert places(space) == {}  # nothing rejected as damaged
    finally:
        monkeypatch.undo()
    result, _ = ingest(space)  # the next pass, with a worker, takes them all
    assert sorted(r.name for r in result.records) == sorted(good)
    assert [codes(space, name) for name in good] == [set(), set()]
    settled_cleanly(space)


def test_a_pass_stopped_by_the_ledger_leaves_no_stale_answer_for_the_next(space, monkeypatch):
    """Files sent ahead to the worker when the ledger's disk failed: the next pass reads them afresh,
    and no file is ever given another file's figures."""
    import sqlite3 as sqlite

    from pipeline.ledger import store

    good = good_files(space, 5)
    real = store.Ledger.record

    def disk_failed(self, **kwargs):
        raise sqlite.OperationalError("disk I/O error")

    monkeypatch.setattr(store.Ledger, "record", disk_failed)
    with pytest.raises(sqlite.OperationalError):
        ingest(space)
    monkeypatch.setattr(store.Ledger, "record", real)
    result, _ = ingest(space)
    assert sorted(r.name for r in result.records) == sorted(good)
    assert {r.name: r.unit for r in result.records} == {name: name[5:8] for name in good}
    settled_cleanly(space)


def set_state_dir(space, value: str) -> None:
    toml = space.root / "pipeline.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('state_dir = "state"', f'state_dir = "{value}"'))


@pytest.mark.parametrize("value", ["/dev/null", "plan.xlsx"])
def test_a_state_dir_that_cannot_be_a_folder_is_one_line(space, capsys, value):
    set_state_dir(space, value)
    for command in (["ingest"], ["status"]):
        assert main([*command, "--workspace", str(space.root)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "unexpected" not in err and "state_dir" in err, err


def test_a_moved_state_dir_never_shows_an_empty_ledger_as_the_truth(space, tmp_path, capsys):
    good_files(space, 2)
    ingest(space)
    set_state_dir(space, str(tmp_path / "typo"))
    for command in (["status"], ["ingest"], ["report"]):
        assert main([*command, "--workspace", str(space.root)]) == 1
        err = capsys.readouterr().err
        assert "det finns ingen liggare" in err and "archive/" in err and "rebuild" in err, err
    assert not (tmp_path / "typo" / "ledger.sqlite").exists()
    assert main(["rebuild", "--workspace", str(space.root)]) == 0  # the way out the message names
    assert (tmp_path / "typo" / "ledger.sqlite").is_file()
    assert main(["status", "--workspace", str(space.root)]) == 0
    assert "har rapporterat: 2 av 8 enheter" in capsys.readouterr().out


def test_a_missing_inbox_is_an_error_not_a_new_empty_folder(space, capsys):
    shutil.rmtree(space.root / "inbox")
    assert main(["ingest", "--workspace", str(space.root)]) == 1
    assert "finns inte (en utdelning som inte är monterad?)" in capsys.readouterr().err
    assert not (space.root / "inbox").exists()


def test_output_to_a_closed_pipe_or_a_full_disk_is_no_traceback(space, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "PIPELINE_NOW": NOW.isoformat()}
    command = [sys.executable, "-m", "pipeline", "status", "--workspace", str(space.root)]
    closed = subprocess.run(
        f"{' '.join(command)} | head -c 1", shell=True, capture_output=True, text=True, env=env
    )
    assert "unexpected" not in closed.stderr and "Traceback" not in closed.stderr, closed.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            run = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env)
        assert run.returncode == 1 and run.stderr.count("\n") == 1 and "unexpected" not in run.stderr, (
            run.stderr
        )


def test_a_bug_of_ours_in_a_one_shot_ingest_shows_no_traceback_and_is_in_the_log(space, monkeypatch, capsys):
    space.drop("trigger.xlsx", unit="E04")
    monkeypatch.setenv("PIPELINE_NOW", NOW.isoformat())

    def buggy(submission, expected, plan):
        raise KeyError("a bug of ours")

    monkeypatch.setattr(plausible_module, "check_plausible", buggy)
    assert main(["ingest", "--workspace", str(space.root)]) == 0
    out, err = capsys.readouterr()
    assert "trigger.xlsx (internal-error)" in out
    assert "Traceback" not in out + err and "could not process trigger.xlsx" in err
    log = (space.root / "logs" / "pipeline.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "KeyError: 'a bug of ours'" in log
