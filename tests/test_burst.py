"""A burst of files in one pass: read ahead, recorded in batches, settled by the finishing worker.

The speed-ups of issue 7 must not change a single outcome: a burst ends exactly as
the same files taken one pass each, whoever wrote the receipts, and a worker that
dies in the middle of a burst loses nothing and counts nothing twice.
"""

import dataclasses
import os
import re
import shutil
import signal
import sqlite3
import zipfile

import pytest
from openpyxl import load_workbook

from pipeline.intake.ingest import ingest
from pipeline.intake.settle import Finisher
from tests.conftest import NOW, Space

UNITS = ["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08"]
WEEKS = ["2026-W43", "2026-W44", "2026-W45", "2026-W46"]


def run(space, settings=None):
    settings = settings or space.ctx.settings
    return ingest(space.ctx.workspace, space.plan, settings, NOW, None, settle_seconds=0)


def drop_burst(space) -> list[str]:
    """40 files in a fixed order: 32 reports, a correction, an exact duplicate, 6 with errors."""
    names = []
    for w, week in enumerate(WEEKS):
        for u, unit in enumerate(UNITS):
            name = f"{week}_{unit}.xlsx"
            space.drop(name, unit=unit, week=week, values={"egen": u + w, "praktik": 1})
            names.append(name)
    space.drop("correction.xlsx", unit="E01", week="2026-W46", values={"egen": 9, "praktik": 2})
    shutil.copyfile(space.root / "inbox" / "2026-W45_E02.xlsx", space.root / "inbox" / "again.xlsx")
    names += ["correction.xlsx", "again.xlsx"]
    for i in range(6):
        space.drop(f"bad{i}.xlsx", unit=UNITS[i], week="2026-W46", values={"egen": "5 st", "praktik": 1})
        names.append(f"bad{i}.xlsx")
    for i, name in enumerate(names):  # the order the files are taken in
        os.utime(space.root / "inbox" / name, ns=(1_700_000_000_000_000_000 + i * 10**9,) * 2)
    return names


_CLAIM = re.compile(r"\d{8}-\d{6}-\d{5}-[0-9a-f]{6}(?:-[0-9a-f]+)?_")


def outcome_of(space) -> dict:
    """Everything a user can see of the pass, with the claim ids (random by design) taken out.

    The receipts log is compared as a set of lines: in a burst two processes settle
    files at once, so lines may come in the order files were settled (README).
    """
    db = sqlite3.connect(space.root / "state" / "ledger.sqlite")
    files = db.execute("SELECT name, outcome, unit, week, problems FROM files ORDER BY id").fetchall()
    figures = db.execute(
        "SELECT s.unit, s.week, f.measure, f.value, s.superseded_by IS NULL FROM figures f"
        " JOIN submissions s ON s.id = f.submission_id ORDER BY s.id, f.measure"
    ).fetchall()
    db.close()
    settled = [p for folder in ("archive", "rejected") for p in (space.root / folder).rglob("*.xlsx")]
    places = sorted(_CLAIM.sub("", p.relative_to(space.root).as_posix()) for p in settled)
    receipts = {
        _CLAIM.sub("", p.name): [
            row for row in load_workbook(p, read_only=True).active.iter_rows(values_only=True)
        ]
        for p in settled
        if p.name.endswith(".kvittens.xlsx")
    }
    log = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8").splitlines()
    return {
        "files": files,
        "figures": figures,
        "places": places,
        "receipts": receipts,
        "log": sorted(_CLAIM.sub("", line) for line in log),
    }


@pytest.fixture
def finisher_calls(monkeypatch):
    """Counts the files the finishing worker was given."""
    calls = []
    submit = Finisher.submit

    def counting(self, item, plan):
        calls.append(item.taken.name)
        return submit(self, item, plan)

    monkeypatch.setattr(Finisher, "submit", counting)
    return calls


def test_a_burst_ends_exactly_as_the_same_files_one_pass_each(space, tmp_path, finisher_calls):
    single = Space(shutil.copytree(space.root, tmp_path / "one_by_one"))
    names = drop_burst(space)
    dropped = shutil.copytree(space.root / "inbox", tmp_path / "dropped")
    result = run(space)
    assert len(result.records) == len(names) == 40
    assert finisher_calls, "a burst of 40 files is settled (in part) by the finishing worker"
    assert space.files("inbox") == [] and space.files("state/work") == []

    for name in names:  # the same files, in the same order, one pass each
        shutil.copyfile(dropped / name, single.root / "inbox" / name)
        run(single)
    assert outcome_of(space) == outcome_of(single)

    files = {name: outcome for name, outcome, *_ in outcome_of(space)["files"]}
    assert files["again.xlsx"] == "duplicate"  # found within the same batch
    assert files["correction.xlsx"] == "accepted"
    assert [files[f"bad{i}.xlsx"] for i in range(6)] == ["rejected"] * 6


def test_a_file_that_kills_the_reader_mid_burst_costs_only_that_file(space):
    names = drop_burst(space)
    template = zipfile.ZipFile(space.template("E01"))
    strings = template.read("xl/sharedStrings.xml")
    head, _, tail = strings.rpartition(b"</sst>")
    bomb = space.root / "inbox" / "many_strings.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for name in template.namelist():
            if name != "xl/sharedStrings.xml":
                out.writestr(name, template.read(name))
        with out.open("xl/sharedStrings.xml", "w") as member:
            member.write(head)
            for _ in range(150):
                member.write(
                    b"".join(b"<si><t>%d ett ganska langt varde</t></si>" % i for i in range(10_000))
                )
            member.write(b"</sst>" + tail)
    os.utime(bomb, ns=(1_700_000_000_000_000_000 + 12 * 10**9 + 1,) * 2)  # in the middle of the burst
    settings = dataclasses.replace(space.ctx.settings, parse_memory_mb=64, parse_timeout_seconds=20)
    result = run(space, settings)
    outcomes = {r.name: r.outcome for r in result.records}
    assert len(outcomes) == len(names) + 1
    assert outcomes["many_strings.xlsx"] == "rejected"
    assert sum(1 for o in outcomes.values() if o == "accepted") == 33  # 32 reports and the correction
    db = sqlite3.connect(space.root / "state" / "ledger.sqlite")
    [problems] = db.execute("SELECT problems FROM files WHERE name = 'many_strings.xlsx'").fetchone()
    db.close()
    assert "parse-failed" in problems
    assert space.files("inbox") == [] and space.files("state/work") == []


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("reaped", [False, True], ids=["dying", "dead"])
def test_a_finishing_worker_killed_mid_burst_loses_nothing(space, monkeypatch, reaped):
    """Also when the parent has seen the worker die: a fresh worker's answers are never taken for
    the dead one's (the files it never finished are finished in this pass, not left in state/work)."""
    names = drop_burst(space)
    submit = Finisher.submit
    sent = []

    def kill_after_five(self, item, plan):
        if reaped and len(sent) == 4:  # stopped first: the fifth file is sent and surely never done
            os.kill(self.worker._proc.pid, signal.SIGSTOP)
        submit(self, item, plan)
        sent.append(item.taken.name)
        if len(sent) == 5:
            os.kill(self.worker._proc.pid, signal.SIGKILL)
            if reaped:  # the parent has seen it die before the next file is sent
                self.worker._proc.wait()

    monkeypatch.setattr(Finisher, "submit", kill_after_five)
    result = run(space)
    assert len(sent) >= 5
    assert len(result.records) == len(names)
    assert space.files("inbox") == [] and space.files("state/work") == []
    settled = [p.name for p in (space.root / "archive").rglob("*.xlsx")] + [
        p.name for p in (space.root / "rejected").iterdir()
    ]
    for name in names:
        originals = [s for s in settled if s.endswith("_" + name)]
        receipts = [s for s in settled if s.endswith("_" + name + ".kvittens.xlsx")]
        assert len(originals) == 1 and len(receipts) == 1, name
    log = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == len(names)  # each file's line once, whoever wrote it


def test_claim_sequence_numbers_keep_the_order_across_passes_in_one_second(space):
    for i in range(3):
        space.drop(f"f{i}.xlsx", unit=UNITS[i])
        run(space)  # three passes, all stamped NOW: the same second
    db = sqlite3.connect(space.root / "state" / "ledger.sqlite")
    claims = [c for (c,) in db.execute("SELECT claim FROM files ORDER BY id")]
    db.close()
    sequences = [int(c.split("-")[2]) for c in claims]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_worker_that_ended_is_not_replaced_under_requests_it_never_answered(space):
    """The finishing worker's answers come in the order of the requests: a fresh worker started
    silently would have its answers taken for the dead one's, and their files never finished."""
    from pipeline.intake.limits import limits_for
    from pipeline.intake.settle import settle_file
    from pipeline.intake.worker import Worker

    job = Worker.job(settle_file)
    worker = Worker(limits_for(space.ctx.settings))
    try:
        worker.send(job, None, space.plan)  # starts it (the job fails on None: no matter)
        os.kill(worker._proc.pid, signal.SIGKILL)
        worker._proc.wait()
        with pytest.raises(BrokenPipeError):
            worker.send(job, None, space.plan, restart=False)
        worker.send(job, None, space.plan)  # nothing unanswered is at stake: a fresh one starts
        assert worker.reply(worker.limits.timeout)[0] == "error"  # the fresh worker's answer to None
    finally:
        worker.stop()


@pytest.mark.skipif(os.name == "nt", reason="pipes and signals as on POSIX")
def test_a_worker_whose_parent_is_gone_ends_without_a_word(space):
    """A killed watcher's worker shares its terminal: it must not print a traceback there."""
    import pickle
    import subprocess
    import sys

    from pipeline.intake.limits import limits_for
    from pipeline.intake.serve import HEADER
    from pipeline.intake.settle import settle_file
    from pipeline.intake.worker import Worker

    def message(obj) -> bytes:
        data = pickle.dumps(obj)
        return HEADER.pack(len(data)) + data

    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.intake.serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdin.write(message(("setup", limits_for(space.ctx.settings))))
    proc.stdin.flush()
    head = proc.stdout.read(HEADER.size)
    assert pickle.loads(proc.stdout.read(HEADER.unpack(head)[0]))[0] == "ready"
    proc.stdout.close()  # the parent's end of the replies is gone, as after kill -9
    proc.stdin.write(message((Worker.job(settle_file), None, pickle.dumps(space.plan), None, "")))
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


def _recycling_worker(space, recycle_after: int):
    from pipeline.intake.limits import limits_for
    from pipeline.intake.worker import Worker

    worker = Worker(dataclasses.replace(limits_for(space.ctx.settings), recycle_after=recycle_after))
    started = []
    start = worker._start

    def counting_start():
        had = worker._proc
        start()
        if worker._proc is not had:
            started.append(worker._proc)

    worker._start = counting_start
    worker.sent = []
    send = worker.send

    def counting_send(kind, subject, *args, **kwargs):
        send(kind, subject, *args, **kwargs)
        worker.sent.append(subject)

    worker.send = counting_send
    return worker, started


def _sent_ahead(space, worker, count: int, after_first=lambda: None) -> list[tuple[str, int, int]]:
    from tests.conftest import TODAY

    paths = [
        space.drop(f"r{i}.xlsx", unit=UNITS[i % 8], week="2026-W46", values={"egen": i, "praktik": 1})
        for i in range(count)
    ]
    files = []
    for i, path in enumerate(paths):
        files.append((UNITS[i % 8], i, worker.submit(path, space.plan, TODAY, "")))
        if i == 0:
            after_first()
    return files


def test_a_recycled_reader_answers_what_it_was_sent_and_no_file_is_read_twice(space):
    """Recycling after ``recycle_after`` files hands over: the old process answers every file it
    was sent (its ready answers are not thrown away and read again) and ends; the next files go
    to a fresh one. Ten files sent ahead, three per process: four processes, each file read once."""
    worker, started = _recycling_worker(space, 3)
    try:
        files = _sent_ahead(space, worker, 10)
        for unit, egen, ticket in files:
            kind, submission, problems = worker.result(ticket)
            assert (submission.unit, submission.values["egen"]) == (unit, egen)
        assert len(worker.sent) == 10  # no file was sent twice
        assert len(started) == 4  # 3 + 3 + 3 + 1 files
        assert all(proc.poll() is not None for proc in started[:3])  # the recycled ones have ended
        assert worker._retiring == []
    finally:
        worker.stop()
    assert all(proc.poll() is not None for proc in started)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_recycled_reader_killed_before_its_last_answer_costs_no_file(space):
    """The recycled process dies with files unanswered: they are read again by a fresh one."""
    worker, started = _recycling_worker(space, 3)
    try:
        # held still from its first file on, then killed once it is recycled with its three files
        files = _sent_ahead(space, worker, 7, lambda: os.kill(started[0].pid, signal.SIGSTOP))
        assert worker._retiring and worker._retiring[0][0] is started[0]
        os.kill(started[0].pid, signal.SIGKILL)
        for unit, egen, ticket in files:
            kind, submission, problems = worker.result(ticket)
            assert (submission.unit, submission.values["egen"]) == (unit, egen)
        assert len(started) == 4  # 3 + 3 + 1, and one more for the killed one's files
    finally:
        worker.stop()
    assert all(proc.poll() is not None for proc in started)
