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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import WorkspaceError


@dataclass(frozen=True)
class Workspace:
    """Paths of one workspace. Nothing here touches the disk except ``create`` and ``check``."""

    root: Path

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
        return self.root / "state"

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
    def heartbeat(self) -> Path:
        """Written by ``pipeline watch`` after every poll; read by ``pipeline status``."""
        return self.state / "heartbeat.json"

    def folders(self) -> list[Path]:
        return [self.templates, self.inbox, self.archive, self.rejected, self.outbox, self.work]

    def create(self) -> None:
        for folder in self.folders():
            folder.mkdir(parents=True, exist_ok=True)

    def check(self) -> None:
        """Raises WorkspaceError unless this looks like a workspace made by ``pipeline init``."""
        if not self.plan_file.exists():
            raise WorkspaceError(
                f"{self.root} is not a workspace (no plan.xlsx). "
                f"Create one with: pipeline init {self.root}, or pass --workspace DIR"
            )
        self.create()
