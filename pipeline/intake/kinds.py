"""Template kinds: what the core asks of each kind of template, and the one list of them.

A unit's file says what it is in its ``pl_template_kind`` cell: ``weekly`` (the
weekly report) or ``maturity`` (the periodic self-assessment). Everything else about
a file (the inbox, the guard, the worker, claims, the sha256 duplicate rule, the
ledger's file row, settling, the receipts log) is the same for every kind; what
differs is asked of its kind through ``TemplateKind``. The core dispatches once:
the worker on the file's ``pl_template_kind`` (``of_template``), and for a file
already recorded, on the kind the ledger noted for it (``named``). No module outside
this one and the kinds themselves names a kind.

Adding a kind (a monthly report, a survey): write a module with an object that has
these methods, and list it in ``_KINDS``. The worker process imports every kind to
validate with it, so a kind imports at module level only what validation needs;
what it needs only in the parent (the ledger's queries, the plan's targets) it
imports inside the method, and the worker starts without pandas.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import TYPE_CHECKING, Protocol

from pipeline.intake.validate import template_kind
from pipeline.model import FileRecord, Problem

if TYPE_CHECKING:
    from pipeline.intake.read import Template
    from pipeline.ledger.store import Ledger
    from pipeline.plan.model import Plan

# pl_template_kind -> "module:object". The first is the default: a file with no kind, or
# a kind we do not know, is judged by it, and its checks name what is wrong with the file.
_KINDS = {
    "weekly": "pipeline.intake.weekly:WEEKLY",
    "maturity": "pipeline.maturity.kind:MATURITY",
}


class TemplateKind(Protocol):
    """What the core asks of a kind of template. ``submission`` is the kind's own type."""

    name: str  # its pl_template_kind

    def validate(
        self, template: Template, plan: Plan, today: date, folder: str
    ) -> tuple[object | None, list[Problem]]:
        """In the worker: the submission (only what could be read, or None, when there is an error)
        and every problem found."""

    def accept(
        self, submission, problems: list[Problem], ledger: Ledger, plan: Plan
    ) -> tuple[list[Problem], str]:
        """For a file without errors: its problems with those found against the ledger (warnings
        only), and ``received (name)`` of the earlier file it will replace (``""`` for none)."""

    def store(
        self, ledger: Ledger, file_id: int, sha256: str, received_at: str, submission, problems: list[Problem]
    ) -> None:
        """Stores an accepted file's answers, inside the caller's transaction. ``problems`` are those
        ``accept`` returned (its warnings: a held figure, for the weekly kind)."""

    def counts(self, ledger: Ledger, record: FileRecord) -> bool:
        """Whether the accepted file ``record`` counts now. The same bytes sent again are a duplicate
        while it does; once a later file has replaced it, they are judged again (a correction back)."""

    def replaced(self, ledger: Ledger, record: FileRecord) -> str:
        """After a crash: ``received (name)`` of the file an accepted one replaced, or ``""``."""

    def stored(self, ledger: Ledger, record: FileRecord) -> object:
        """After a crash: the submission an accepted file stored, for its receipt."""

    def claimed(self, record: FileRecord) -> object | None:
        """After a crash: what a rejected file's receipt shows of it (who it claims to be), or None."""

    def receipt_identity(self, submission) -> list[tuple[str, str]]:
        """The receipt's rows after the unit: ``(text key, value)``, for example the week."""

    def receipt_stored(self, submission, plan: Plan) -> tuple[str, list[tuple[str, float | None]]]:
        """The receipt's table of what was stored: its first column's text key, and ``(name, value)``."""

    def reports_after(self, ctx, records: list[FileRecord]) -> list[tuple[str, object]]:
        """After an ingest pass: ``(what, write)`` for each workbook of this kind that the pass's
        files changed (``write()`` writes it); the leadership workbook is the core's own."""


def named(name: str) -> TemplateKind:
    """The kind called ``name``; the default kind for ``""`` or a name we do not know."""
    module, _, attribute = (_KINDS.get(name) or next(iter(_KINDS.values()))).partition(":")
    return getattr(importlib.import_module(module), attribute)  # imported once: Python keeps modules


def of_template(template: Template) -> TemplateKind:
    """The kind that judges an opened file: the one its ``pl_template_kind`` names."""
    return named(template_kind(template))


def every() -> list[TemplateKind]:
    """Every kind, in the order listed."""
    return [named(name) for name in _KINDS]
