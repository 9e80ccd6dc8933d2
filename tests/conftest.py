"""Shared fixtures: a fresh workspace with templates, and a way to fill them as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.commands import Context, init_workspace, load, make_templates
from pipeline.template.fill import fill_template
from pipeline.template.write import template_name

TODAY = date(2026, 11, 22)  # Sunday of 2026-W47; the example period is 2026-W41 .. 2027-W13
NOW = datetime(2026, 11, 22, 18, 0)


class Space:
    """A workspace under test, with helpers to drop filled templates into its inbox."""

    def __init__(self, root: Path):
        self.root = root
        self.ctx: Context = load(root)

    @property
    def plan(self):
        return self.ctx.plan

    def template(self, unit: str = "E01") -> Path:
        return self.root / "templates" / template_name(self.plan.unit(unit), "sv")

    def drop(self, name: str, unit: str = "E01", folder: str = "", **answers) -> Path:
        """Fills the unit's template with openpyxl and puts it in the inbox."""
        answers.setdefault("week", "2026-W46")
        answers.setdefault("values", {"egen": 3, "praktik": 1})
        target = self.root / "inbox" / folder / name
        return fill_template(self.template(unit), target, **answers)

    def files(self, folder: str) -> list[str]:
        base = self.root / folder
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


@pytest.fixture
def space(tmp_path: Path) -> Iterator[Space]:
    root = tmp_path / "ws"
    init_workspace(root, TODAY)
    make_templates(root)
    made = Space(root)
    yield made
    made.ctx.session.close()  # the worker processes a test started through the space's session
