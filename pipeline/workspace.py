"""The workspace: one folder that holds every path the pipeline uses.

::

    <workspace>/
      pipeline.toml        technical settings
      plan.xlsx            the programme, kept by the administrator
      plan_targets.xlsx    the back-planned targets, written by `pipeline plan`
      templates/           one template per unit, written by `pipeline templates`
      inbox/               units drop their files here (or in inbox/<unit-id>/)
      archive/             every accepted original, by week
      rejected/            every rejected original, with its receipt beside it
      outbox/              the consolidated workbook
      state/ledger.sqlite  the ledger
      state/work/          files claimed from the inbox and being processed

``state/`` may live elsewhere (the ``state_dir`` setting): on a real installation
the shared folders (inbox, archive, rejected, outbox) are on a file share and
``state/`` is on the server's local disk, because SQLite must not run on a network
file system. ``check_local`` refuses a ``state/`` on a network or synced file system.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import WorkspaceError
from pipeline.strings import Phrase

# File system types on which SQLite's locking and WAL are unsafe (Linux /proc/self/mountinfo names).
NETWORK_FILE_SYSTEMS = (
    "cifs", "smb", "smb2", "smb3", "smbfs", "nfs", "nfs4", "afs", "ceph", "glusterfs", "lustre",
    "gpfs", "9p", "davfs", "ncpfs", "coda", "fuse", "sshfs", "virtiofs", "vboxsf", "prl_fs",
)  # fmt: skip
_SYNCED_FOLDERS = ("OneDrive", "Dropbox", "Google Drive")  # "OneDrive", "OneDrive - Kommunen", ...


@dataclass(frozen=True)
class Workspace:
    """Paths of one workspace. Nothing here touches the disk except ``create`` and ``check``.

    Attributes:
        root: the workspace folder (``pipeline.toml``, ``plan.xlsx``, the shared folders).
        state_dir: where the ledger, the locks and the work folder live; by default
            ``<root>/state`` (the ``state_dir`` setting, see ``from_settings``).
    """

    root: Path
    state_dir: Path | None = None

    @classmethod
    def from_settings(cls, root: Path, state_dir: str) -> Workspace:
        """The workspace with ``state/`` where the settings put it (relative paths are under ``root``)."""
        path = Path(state_dir).expanduser()
        return cls(root, path if path.is_absolute() else root / path)

    @classmethod
    def at(cls, root: Path) -> Workspace:
        """The workspace's paths as its settings place them, without reading the plan.

        Falls back to the default places when ``pipeline.toml`` cannot be read (the
        watcher still writes its heartbeat, which then names the settings error).
        """
        from pipeline.config import load_settings  # config sits below the workspace; imported when used
        from pipeline.errors import PipelineError

        ws = cls(root)
        try:
            return cls.from_settings(root, load_settings(ws.settings_file).state_dir)
        except PipelineError:
            return ws

    @property
    def settings_file(self) -> Path:
        return self.root / "pipeline.toml"

    @property
    def plan_file(self) -> Path:
        return self.root / "plan.xlsx"

    @property
    def targets_file(self) -> Path:
        return self.root / "plan_targets.xlsx"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def rejected(self) -> Path:
        return self.root / "rejected"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def state(self) -> Path:
        return self.state_dir if self.state_dir is not None else self.root / "state"

    @property
    def work(self) -> Path:
        return self.state / "work"

    @property
    def ledger_file(self) -> Path:
        return self.state / "ledger.sqlite"

    @property
    def watch_lock(self) -> Path:
        """Held by the one ``pipeline watch`` running on this workspace."""
        return self.state / "watch.lock"

    @property
    def inbox_looks(self) -> Path:
        """What one-shot ``pipeline ingest`` saw in the inbox last time (see ``inbox.StabilityWatch``)."""
        return self.state / "inbox-looks.json"

    @property
    def writer_lock(self) -> Path:
        """Held by the one command that writes the ledger or the outbox now (``pipeline.service.locks``)."""
        return self.state / "workspace.lock"

    @property
    def heartbeat(self) -> Path:
        """Written by ``pipeline watch`` after every poll; read by ``pipeline status``."""
        return self.state / "heartbeat.json"

    def folders(self) -> list[Path]:
        return [self.templates, self.inbox, self.archive, self.rejected, self.outbox, self.work]

    def create(self, inbox: bool = True) -> None:
        """Makes the workspace's folders (and, unless ``inbox`` is false, the inbox).

        A writer does not make the inbox: a missing inbox is most often a share that is
        not mounted, and an empty local folder in its place would hide the units' files.

        Raises:
            WorkspaceError: a folder cannot be made (``state_dir`` names a file, say).
        """
        for folder in self.folders():
            if folder == self.inbox and not inbox:
                continue
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                hint = Phrase("error.folder-state") if self.state in (folder, folder.parent) else ""
                raise WorkspaceError(
                    key="error.folder", folder=folder, error=exc.strerror or exc, hint=hint
                ) from None

    def check(self) -> None:
        """Raises WorkspaceError unless this is a workspace made by ``pipeline init`` (changes nothing)."""
        if not self.plan_file.exists():
            raise WorkspaceError(key="error.not-a-workspace", root=self.root)

    def check_ledger(self, fresh_ok: bool = True) -> None:
        """Raises WorkspaceError when the ledger is missing where it should be.

        A ledger that is missing while ``archive/`` or ``rejected/`` hold settled files
        means ``state_dir`` points to the wrong place (or the ledger was lost): a new
        empty ledger there would silently show that no unit has reported. With
        ``fresh_ok`` false (read-only commands) a missing ledger is refused in any case.
        """
        if self.ledger_file.is_file():
            return
        settled = any(_has_entries(folder) for folder in (self.archive, self.rejected))
        if settled or not fresh_ok:
            raise WorkspaceError(
                key="error.no-ledger",
                path=self.ledger_file,
                settled=Phrase("error.no-ledger-settled") if settled else "",
            )


def _has_entries(folder: Path) -> bool:
    try:
        with os.scandir(folder) as it:
            return any(True for _ in it)
    except OSError:
        return False


def check_local(folder: Path, allow_network: bool = False) -> None:
    """Raises WorkspaceError when ``folder`` (``state/``) is on a network or synced file system.

    SQLite's write-ahead log needs shared memory and its locks need a local file system;
    on SMB, NFS or a FUSE mount the ledger can be corrupted without any error. On Linux
    the folder's file system type comes from ``/proc/self/mountinfo``; on Windows a UNC
    path or a remote drive is refused. A folder synced by OneDrive, Dropbox and the like
    is refused too. ``allow_network`` (the ``allow_network_state`` setting) lets an
    administrator who knows better go on.
    """
    if allow_network:
        return
    found = remote_kind(folder)
    if found:
        raise WorkspaceError(key="error.network-state", folder=folder, found=found)


def remote_kind(folder: Path) -> str:
    """What makes ``folder`` unfit for the ledger ("a network file system (nfs4)"), or "" when it is local."""
    path = Path(os.path.abspath(folder))
    for part in path.parts:
        if any(part == name or part.startswith(name + " ") for name in _SYNCED_FOLDERS):
            return f"a synced folder ({part})"
    if sys.platform == "win32":
        return _windows_remote(path)
    fstype = file_system_type(path)
    if fstype and (fstype in NETWORK_FILE_SYSTEMS or fstype.split(".")[0] in NETWORK_FILE_SYSTEMS):
        return f"a network file system ({fstype})"
    return ""


def file_system_type(path: Path, mountinfo: Path = Path("/proc/self/mountinfo")) -> str:
    """The type of the file system that holds ``path`` (Linux), or "" when it cannot be told."""
    try:
        lines = mountinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    best, kind = -1, ""
    target = str(_existing(path))
    for line in lines:
        head, sep, tail = line.partition(" - ")
        fields = head.split()
        if not sep or len(fields) < 5 or not tail.split():
            continue
        point = fields[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best:
            best, kind = len(point), tail.split()[0]
    return kind


def _existing(path: Path) -> Path:
    # ``path`` with the symlinks of its existing part resolved (state/ may not be made yet)
    rest: list[str] = []
    while not path.exists() and path.parent != path:
        rest.insert(0, path.name)
        path = path.parent
    return path.resolve().joinpath(*rest)


def _windows_remote(path: Path) -> str:
    text = str(path)
    if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
        return "a network share (UNC path)"
    try:
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
            return f"a network drive ({drive})"
    except (AttributeError, OSError):
        pass
    return ""
