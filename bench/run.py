"""The benchmark: ``python bench/run.py`` (about 30-60 min) or ``python bench/run.py --quick`` (minutes).

Not part of pytest. It builds workspaces of several sizes in a scratch folder,
drives the product through its library API (``pipeline.commands``) and its CLI,
and prints one table. Every timed figure is a median over several runs, shown as
``median (min-max)``; the number of runs is in the table. See ``bench/README.md``
for what each column means and how the workspaces are built.

Usage::

    python bench/run.py --quick                # 10 and 200 units, a 2,000-file national batch
    python bench/run.py                        # 10, 200 and 1,000 units x 52 weeks, 20,000 files
    python bench/run.py --sizes 200 --weeks 52 # one size
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from a clean clone

from bench.generate import FileMaker, friday, make_workspace, week  # noqa: E402
from pipeline.commands import load, make_report, run_ingest  # noqa: E402
from pipeline.intake.judge import sha256_of  # noqa: E402
from pipeline.intake.read import open_template  # noqa: E402
from pipeline.intake.validate import validate  # noqa: E402
from pipeline.ledger.store import Ledger  # noqa: E402
from pipeline.session import Session  # noqa: E402

RECEIPT_SUFFIXES = (".kvittens.xlsx", ".receipt.xlsx")


# ---------------------------------------------------------------- measuring


@dataclass
class Stat:
    """Several timings of one thing."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def show(self, digits: int = 2, scale: float = 1.0) -> str:
        if not self.values:
            return "n/a"
        med, lo, hi = self.median * scale, min(self.values) * scale, max(self.values) * scale
        if len(self.values) == 1:
            return f"{med:.{digits}f} (1 run)"
        return f"{med:.{digits}f} ({lo:.{digits}f}-{hi:.{digits}f})"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


# Runs the CLI and writes the process's own peak RSS (VmHWM) to argv[1] at exit. ru_maxrss from
# wait4 is not used: Linux carries the parent's high-water mark across fork+exec into it.
_CLI = """
import sys
from pathlib import Path
from pipeline.cli import main
code = main(sys.argv[2:])
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM")]
Path(sys.argv[1]).write_text(hwm[0].split()[1] if hwm else "0")
sys.exit(code)
"""


def child(cli_args: list[str], timeout: float) -> tuple[float, float, int, str]:
    """Runs ``pipeline <cli_args>`` in a child: (wall s, its own peak RSS in MB, exit code, stderr tail)."""
    with tempfile.TemporaryDirectory() as tmp:
        hwm, err_path = Path(tmp) / "hwm", Path(tmp) / "err"
        with err_path.open("wb") as err:
            start = time.perf_counter()
            try:
                proc = subprocess.run(
                    [sys.executable, "-c", _CLI, str(hwm), *cli_args],
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    timeout=timeout,
                )
                code = proc.returncode
            except subprocess.TimeoutExpired:
                code = -9
            elapsed = time.perf_counter() - start
        tail = err_path.read_text(errors="replace").strip().splitlines()[-1:] or [""]
        peak = int(hwm.read_text()) / 1024 if hwm.exists() else float("nan")
    return elapsed, peak, code, tail[0]


# ---------------------------------------------------------------- building history


def seed_week(root: Path, maker: FileMaker, w, ledger: Ledger) -> int:
    """Stores one week of files in the ledger without receipts (fast path for old history).

    Each file is generated, read and validated by the product's own reader and
    validator, and stored with ``Ledger.record`` exactly as ingest stores it; the
    original is placed in ``archive/<week>/`` as ingest places it. What is skipped:
    the inbox claim, the receipt and the report refresh.
    """
    ctx = maker.ctx
    folder = root / "archive" / str(w)
    folder.mkdir(parents=True, exist_ok=True)
    received = friday(w)
    for unit in maker.plan.units:
        claim = f"seed-{w}-{unit.id}"
        path, _ = maker.write(unit, w, folder, prefix=f"{unit.id}_{claim}_")
        template = open_template(path, int(ctx.settings.max_file_mb * 1_000_000))
        submission, problems = validate(template, maker.plan, received.date(), "")
        if submission is None:
            raise SystemExit(f"generated file {path.name} was not accepted: {[p.code for p in problems]}")
        sha, at = sha256_of(path), received.isoformat(timespec="seconds")
        with ledger.transaction():
            file_id = ledger.record(
                claim=claim,
                name=path.name,
                folder="",
                sha256=sha,
                received_at=at,
                outcome="accepted",
                destination=path.relative_to(root).as_posix(),
                problems=problems,
                unit=submission.unit,
                week=str(submission.week),
                kind="weekly",
            )
            ledger.store_submission(file_id, sha, at, submission)
    return len(maker.plan.units)


def batch_files(root: Path, w) -> list[Path]:
    """The originals of one week in ``archive/`` (not the receipts)."""
    folder = root / "archive" / str(w)
    return sorted(p for p in folder.iterdir() if not p.name.endswith(RECEIPT_SUFFIXES))


def check_accepted(result, expected: int, what: str) -> None:
    accepted = result.count("accepted")
    if accepted != expected:
        bad = [
            (r.name, sorted({p.code for p in r.problems})) for r in result.records if r.outcome != "accepted"
        ]
        raise SystemExit(f"{what}: {accepted} of {expected} files accepted; first problems: {bad[:3]}")


def check_figures(root: Path, expected: dict[tuple[str, str], dict[str, int]]) -> None:
    """The ledger holds exactly the values written into a sample of generated files."""
    with Ledger(root / "state" / "ledger.sqlite") as ledger:
        figures = ledger.figures()
    table = {(r.unit, r.week, r.measure): r.value for r in figures.itertuples()}
    for (unit, wk), values in expected.items():
        for measure, value in values.items():
            if table.get((unit, wk, measure)) != value:
                raise SystemExit(
                    f"ledger has {table.get((unit, wk, measure))} for {unit} {wk} {measure}, not {value}"
                )


# ---------------------------------------------------------------- baselines


def calamine_read(files: list[Path]) -> None:
    """The floor: open each file with python-calamine and read every sheet to Python values."""
    from python_calamine import CalamineWorkbook

    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def naive(files: list[Path], out: Path) -> None:
    """What an analyst would write: read_excel each file, concat, to_excel."""
    import pandas as pd

    frames = []
    for path in files:
        frame = pd.read_excel(path, sheet_name=0, header=None, engine="openpyxl")  # pandas' default
        frame["file"] = path.name
        frames.append(frame)
    pd.concat(frames, ignore_index=True).to_excel(out, index=False)


# ---------------------------------------------------------------- one size


@dataclass
class Size:
    units: int
    weeks: int  # weeks of history
    batches: int  # the last ``batches`` weeks go through run_ingest, one pass per week
    national_weeks: int = 0  # the first weeks dropped at once and ingested in ONE pass
    runs: int = 3
    naive_runs: int = 3


@dataclass
class Row:
    size: Size
    files: int = 0
    setup: float = 0.0
    generate: float = 0.0
    seed: float = 0.0
    ingest: Stat = field(default_factory=Stat)  # files/s
    ingest_ms: Stat = field(default_factory=Stat)  # ms per file
    floor_ms: Stat = field(default_factory=Stat)
    latency: Stat = field(default_factory=Stat)
    report: Stat = field(default_factory=Stat)
    report_cli: tuple[float, float] | None = None
    export_cli: tuple[float, float] | None = None
    rebuild: str = "n/a (no rebuild command yet)"
    naive: Stat = field(default_factory=Stat)
    product_batch: Stat = field(default_factory=Stat)  # seconds for the same batch through run_ingest
    report_kb: float = 0.0
    national: tuple[int, float] | None = None  # files, seconds


def has_rebuild() -> bool:
    try:
        from pipeline.cli import parser

        return "rebuild" in parser().format_help()
    except Exception:
        return False


def measure(size: Size, scratch: Path, log) -> Row:
    with Session() as session:  # one session for the whole run, as a watcher holds one
        return _measure(size, scratch, log, session)


def _measure(size: Size, scratch: Path, log, session: Session) -> Row:
    row = Row(size)
    root = scratch / f"ws{size.units}"
    row.setup, plan = timed(make_workspace, root, size.units)
    maker = FileMaker(root, plan)
    maker.ctx = load(root)
    row.generate, _ = timed(lambda: [maker.base(u) for u in plan.units])
    log(f"  workspace {row.setup:.1f} s, {size.units} filled files (fill_template) {row.generate:.1f} s")
    sample: dict[tuple[str, str], dict[str, int]] = {}

    first_batch = size.weeks - size.batches
    next_week = 0
    if size.national_weeks:
        count = 0
        for i in range(size.national_weeks):
            for unit in plan.units:
                path, values = maker.write(unit, week(i), root / "inbox")
                count += 1
                if unit.id == plan.units[-1].id:
                    sample[(unit.id, str(week(i)))] = values
        now = friday(week(size.national_weeks - 1))
        log(f"  national batch: {count} files in one pass ...")
        seconds, (result, _) = timed(run_ingest, root, now, settle_seconds=0, session=session)
        check_accepted(result, count, "national batch")
        row.national = (count, seconds)
        log(f"  national batch: {count} files in {seconds:.1f} s = {count / seconds:.0f} files/s")
        next_week = size.national_weeks

    t0 = time.perf_counter()
    with Ledger(root / "state" / "ledger.sqlite") as ledger:
        ledger.db.execute("PRAGMA synchronous=OFF")  # this connection only: seeding is not what we time
        for i in range(next_week, first_batch):
            seed_week(root, maker, week(i), ledger)
    row.seed = time.perf_counter() - t0
    if first_batch > next_week:
        log(f"  seeded weeks {next_week + 1}-{first_batch} in {row.seed:.1f} s")

    last = None
    for i in range(max(first_batch, next_week), size.weeks):
        w = week(i)
        for unit in plan.units:
            _, values = maker.write(unit, w, root / "inbox")
            if unit.id == plan.units[0].id:
                sample[(unit.id, str(w))] = values
        seconds, (result, report) = timed(run_ingest, root, friday(w), settle_seconds=0, session=session)
        check_accepted(result, len(plan.units), f"batch {w}")
        row.ingest.add(len(plan.units) / seconds)
        row.ingest_ms.add(seconds / len(plan.units) * 1000)
        row.product_batch.add(seconds)
        last = w
        log(f"  batch {w}: {len(plan.units)} files in {seconds:.2f} s")
    check_figures(root, sample)
    row.files = size.units * size.weeks
    now = friday(last)

    files = batch_files(root, last)
    for _ in range(size.runs):
        seconds, _ = timed(calamine_read, files)
        row.floor_ms.add(seconds / len(files) * 1000)
    out = scratch / "naive.xlsx"
    for _ in range(size.naive_runs):
        seconds, _ = timed(naive, files, out)
        row.naive.add(seconds)
    log(f"  floor {row.floor_ms.show(2)} ms/file; naive {row.naive.show(1)} s for {len(files)} files")

    # drop-to-report: a corrected file for the latest week, one unit per run
    latest = root / "outbox" / "lagesrapport_senaste.xlsx"
    for r in range(size.runs):
        unit = plan.units[r % len(plan.units)]
        before = latest.stat().st_mtime_ns if latest.exists() else 0
        path, values = maker.write(unit, last, root / "inbox", suffix=f"_rättad{r}")
        seconds, (result, report) = timed(run_ingest, root, now, settle_seconds=0, session=session)
        check_accepted(result, 1, "dropped file")
        if report is None or latest.stat().st_mtime_ns == before:
            raise SystemExit("the report was not refreshed after a dropped file")
        row.latency.add(seconds)
        sample[(unit.id, str(last))] = values
    check_figures(root, sample)
    log(f"  drop-to-report {row.latency.show(2)} s")

    ctx = load(root, session=session)
    for _ in range(size.runs):
        seconds, path = timed(make_report, root, now, ctx=ctx)
        row.report.add(seconds)
    row.report_kb = Path(path).stat().st_size / 1024
    seconds, mb, rc, err = child(["report", "--workspace", str(root)], 600)
    row.report_cli = (seconds, mb) if rc == 0 else None
    if rc:
        log(f"  pipeline report failed: {err}")
    seconds, mb, rc, err = child(["export", "--workspace", str(root)], 900)
    row.export_cli = (seconds, mb) if rc == 0 else None
    if rc:
        log(f"  pipeline export failed: {err}")
    log(f"  report {row.report.show(2)} s; CLI report {row.report_cli}; CLI export {row.export_cli}")

    if has_rebuild():
        limit = 900 if size.units >= 1000 else 300
        seconds, mb, rc, err = child(["rebuild", "--workspace", str(root)], limit)
        if rc == 0:
            row.rebuild = f"{seconds:.1f} s, {mb:.0f} MB (1 run)"
        elif seconds >= limit:
            row.rebuild = f"> {limit} s (stopped)"
        else:
            row.rebuild = f"failed: {err[:60]}"
        log(f"  rebuild {row.rebuild}")
    return row


# ---------------------------------------------------------------- output


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}, {platform.system()}"


def table(rows: list[Row], quick: bool) -> str:
    head = [
        "size (units x weeks)",
        "ingest files/s",
        "ingest / calamine floor",
        "drop-to-report s",
        "report s",
        "`pipeline report` s, peak MB",
        "`pipeline export` s, peak MB",
        "rebuild",
        "naive s (batch)",
        "naive / product (same batch)",
        "naive / product (weekly cycle, est.)",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        multiple = Stat([i / r.floor_ms.median for i in r.ingest_ms.values])
        ratio = Stat([n / r.product_batch.median for n in r.naive.values])
        # a naive script rereads every file of the history each week; the product ingests one batch
        cycle = Stat([n / r.size.units * r.files / r.product_batch.median for n in r.naive.values])
        cli = lambda x: f"{x[0]:.1f} s, {x[1]:.0f} MB" if x else "failed"  # noqa: E731
        lines.append(
            "| "
            + " | ".join(
                [
                    f"{r.size.units} x {r.size.weeks} ({r.files:,} files)",
                    r.ingest.show(0),
                    f"{multiple.show(1)} x (floor {r.floor_ms.median:.1f} ms/file)",
                    r.latency.show(2),
                    r.report.show(2) + f" ({r.report_kb:.0f} KB)",
                    cli(r.report_cli),
                    cli(r.export_cli),
                    r.rebuild,
                    r.naive.show(1),
                    f"{ratio.show(2)} x",
                    f"{cycle.show(1)} x",
                ]
            )
            + " |"
        )
    for r in rows:
        if r.national:
            count, seconds = r.national
            lines.append(
                f"\nNational batch: {count:,} files ({r.size.units} units x {r.size.national_weeks} weeks) "
                f"in one `run_ingest` pass: {seconds:.1f} s = {count / seconds:.0f} files/s (1 run)."
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, a run of a few minutes")
    ap.add_argument("--sizes", type=int, nargs="*", help="unit counts (default 10 200 1000; quick 10 200)")
    ap.add_argument("--weeks", type=int, help="weeks of history (default 52; quick 6)")
    ap.add_argument("--national", type=int, help="files in the national batch (default 20000; quick 2000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per timed figure (default 3)")
    ap.add_argument("--scratch", type=Path, help="folder for the workspaces (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the workspaces")
    args = ap.parse_args(argv)

    units = args.sizes or ([10, 200] if args.quick else [10, 200, 1000])
    weeks = args.weeks or (6 if args.quick else 52)
    national = args.national if args.national is not None else (2000 if args.quick else 20000)
    sizes = [Size(u, weeks, batches=args.runs, runs=args.runs, naive_runs=args.runs) for u in units]
    if national:
        # the national batch is ingested into the largest workspace, before its history
        big = sizes[-1]
        big.national_weeks = max(1, round(national / big.units))
        big.weeks = max(big.weeks, big.national_weeks + big.batches)
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    rows = []
    try:
        for size in sizes:
            log(f"{size.units} units x {size.weeks} weeks:")
            rows.append(measure(size, scratch, log))
    finally:
        if not args.keep and args.scratch is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\npython bench/run.py{' --quick' if args.quick else ''}, {date.today()}, {machine()}")
    print(f"medians over {args.runs} runs (min-max); total {time.perf_counter() - started:.0f} s\n")
    print(table(rows, args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
