"""The inbox: which files are ready, and moving each one through claimed -> settled.

A file is read only when it has stopped changing: its size and mtime are the
same on two consecutive looks. Lock and temp files that Excel, LibreOffice
and file shares leave behind are ignored silently.

A zip (an xlsx) is ready only once its end record is written as well: a copy
that pauses mid-way over a slow share is not taken half-written. A file that
never gets one (truncated for good) is taken after ``patience`` further looks,
and the guard rejects it as damaged.

A ready file is *claimed*: moved (one atomic rename) into ``state/work/<claim>/``
beside a small ``meta.json`` that says where it came from. It is *settled* when
it is moved on to ``archive/`` or ``rejected/``. A crash in between leaves the
claim in ``state/work``, and the next pass finishes it (see ``ingest``).

File names from the inbox are never used as paths: ``safe_name`` keeps only
harmless characters of the last path component.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
import shutil
import stat
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.guard import has_end_record

log = logging.getLogger(__name__)

IGNORED = ("~$*", ".~lock.*#", "._*", "*.tmp", "*.part", "~WRL*", "desktop.ini", "thumbs.db", ".*")
_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def is_ignored(name: str) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in IGNORED)


def safe_name(name: str, limit: int = 80) -> str:
    """The last path component of ``name``, with anything odd replaced by ``_``."""
    last = re.split(r"[\\/]", name)[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .") or "file"
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else cleaned[:limit]
    return cleaned


def shown_name(name: str) -> str:
    """``name`` for one line of terminal or log text: control characters (a newline, an
    escape sequence) are shown as escapes, so a file name can neither start a fake line
    nor steer the administrator's terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


@dataclass(frozen=True)
class Arrival:
    """A regular file seen in the inbox (``folder`` is the unit folder, or ``""`` for the root)."""

    path: Path
    folder: str
    size: int
    mtime_ns: int


def scan(inbox: Path) -> list[Arrival]:
    """Regular files in the inbox and its first level of folders, oldest first."""
    found: list[Arrival] = []
    if not inbox.is_dir():
        return found
    for entry in _entries(inbox):
        if entry.is_dir(follow_symlinks=False) and not is_ignored(entry.name):
            found.extend(_files(Path(entry.path), entry.name))
    found.extend(_files(inbox, ""))
    return sorted(found, key=lambda a: (a.mtime_ns, a.folder, a.path.name))


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _files(folder: Path, label: str) -> list[Arrival]:
    out = []
    for entry in _entries(folder):
        if is_ignored(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            out.append(Arrival(Path(entry.path), label, info.st_size, info.st_mtime_ns))
    return out


class StabilityWatch:
    """Remembers each file's size and mtime between looks.

    ``look`` returns the files that did not change since the previous look (and,
    for a zip, whose end record is written, or that have waited ``patience``
    looks without one). The watcher keeps one instance across polls; a one-shot
    ingest makes two looks a short moment apart, and keeps them for the next run
    (``restore`` and ``save``).
    """

    def __init__(self, patience: int = 3) -> None:
        self.patience = patience
        self._seen: dict[Path, tuple[int, int]] = {}
        self._waits: dict[Path, int] = {}

    @classmethod
    def restore(cls, path: Path, patience: int = 3) -> StabilityWatch:
        """A watch that remembers the looks ``save`` kept at ``path`` (a fresh one if there are none).

        One-shot ``pipeline ingest`` runs (from cron, say) keep their looks this way,
        so a copy that never completes is taken after ``patience`` looks over several
        runs too, and rejected with a receipt, instead of waiting in the inbox forever.
        """
        watch = cls(patience)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            watch._seen = {Path(p): (int(size), int(mtime)) for p, size, mtime in saved["seen"]}
            watch._waits = {Path(p): int(n) for p, n in saved["waits"]}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # nothing kept, or kept by another version: start afresh
        return watch

    def save(self, path: Path) -> None:
        saved = {
            "seen": [[str(p), size, mtime] for p, (size, mtime) in self._seen.items()],
            "waits": [[str(p), n] for p, n in self._waits.items()],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(saved), encoding="utf-8")
        os.replace(tmp, path)

    def look(self, inbox: Path) -> list[Arrival]:
        arrivals = scan(inbox)
        ready, waits = [], {}
        for a in arrivals:
            if self._seen.get(a.path) != (a.size, a.mtime_ns):
                continue
            waited = self._waits.get(a.path, 0)
            if waited >= self.patience or has_end_record(a.path):
                ready.append(a)
                if waited:
                    waits[a.path] = waited  # still ready at the next look, if it is not taken
                continue
            if not waited:
                log.info("waiting for %s: the copy looks unfinished (no zip end record yet)", a.path.name)
            waits[a.path] = waited + 1
        self._waits = waits
        self._seen = {a.path: (a.size, a.mtime_ns) for a in arrivals}
        return ready


@dataclass(frozen=True)
class Claim:
    """A file taken out of the inbox, waiting in ``state/work`` to be settled."""

    id: str
    dir: Path
    name: str
    folder: str
    received_at: str

    @property
    def file(self) -> Path:
        return self.dir / "file"


_CLAIM = re.compile(r"^(\d{8}-\d{6})-(\d{5})-[0-9a-f]{6}(?:-([0-9a-f]{2,80}))?$")
_LAST = "last-claim"  # beside ``work``: the highest sequence reserved (see ClaimSequence)


def claim(arrival: Arrival, work: Path, now: datetime, sequence: ClaimSequence) -> Claim | None:
    """Moves a ready file into ``work``; None if it vanished in the meantime.

    The claim id is ``<yyyymmdd-hhmmss>-<sequence>-<random>[-<folder as hex>]``:
    it sorts in the order files were taken (see ``ClaimSequence``) and it carries
    the arrival time and the inbox folder, so ``pipeline rebuild`` can replay the
    archive from the file names.

    ``meta.json`` is written before the file is moved in: a claim folder without
    its file is an unfinished claim, and ``pending_claims`` removes it.
    """
    claim_id = f"{sequence.stamp}-{sequence.take():05d}-{uuid.uuid4().hex[:6]}"
    if arrival.folder:
        claim_id += "-" + arrival.folder.encode("utf-8")[:40].hex()
    folder = work / claim_id
    folder.mkdir(parents=True)
    meta = {
        "name": arrival.path.name,
        "folder": arrival.folder,
        "received_at": now.isoformat(timespec="seconds"),
    }
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    try:
        os.rename(arrival.path, folder / "file")
    except FileNotFoundError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return Claim(claim_id, folder, meta["name"], meta["folder"], meta["received_at"])


class ClaimSequence:
    """Sequence numbers for the claims of one pass (one arrival second), in the order files are taken.

    The highest number reserved so far is kept beside ``work`` (``last-claim``), so
    a pass that starts within the same second (a restart after a crash) continues
    after it and ids keep sorting in the order files were taken. Numbers are
    reserved ``BLOCK`` at a time: the marker is written once per block, not once
    per file, and a block cut short by a crash only leaves a gap.
    """

    BLOCK = 256

    def __init__(self, work: Path, now: datetime):
        self.work = work
        self.stamp = f"{now:%Y%m%d-%H%M%S}"
        self.next = 0
        self.reserved = -1
        try:
            last_stamp, last = (work.parent / _LAST).read_text(encoding="ascii").strip().rsplit("-", 1)
            if last_stamp == self.stamp:
                self.next = int(last) + 1
        except (OSError, ValueError):
            pass

    def take(self) -> int:
        if self.next > self.reserved:
            self.reserved = self.next + self.BLOCK - 1
            self.work.mkdir(parents=True, exist_ok=True)
            tmp = self.work.parent / (_LAST + ".tmp")
            tmp.write_text(f"{self.stamp}-{self.reserved:05d}", encoding="ascii")
            os.replace(tmp, self.work.parent / _LAST)
        number, self.next = self.next, self.next + 1
        return number


def parse_claim(claim_id: str) -> tuple[str, str, str] | None:
    """``(sort key, received_at, folder)`` from a claim id, or None if it is not one."""
    match = _CLAIM.match(claim_id)
    if not match:
        return None
    stamp, sequence, folder = match.groups()
    when = datetime.strptime(stamp, "%Y%m%d-%H%M%S").isoformat(timespec="seconds")
    try:
        name = bytes.fromhex(folder).decode("utf-8") if folder else ""
    except ValueError:
        return None
    return f"{stamp}-{sequence}", when, name


def pending_claims(work: Path) -> list[Claim]:
    """Claims left in ``work`` by an earlier pass, oldest first.

    A claim folder without its file (the crash came before the move into it,
    or after the move out of it) is removed: the file is then either still in
    the inbox or already settled.
    """
    claims = []
    for entry in sorted(_entries(work), key=lambda e: e.name):
        folder = Path(entry.path)
        meta_file = folder / "meta.json"
        if not entry.is_dir(follow_symlinks=False):
            continue
        if not meta_file.exists() or not (folder / "file").exists():
            if not (folder / "file").exists():
                shutil.rmtree(folder, ignore_errors=True)
            continue
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        claims.append(Claim(entry.name, folder, meta["name"], meta["folder"], meta["received_at"]))
    return claims
