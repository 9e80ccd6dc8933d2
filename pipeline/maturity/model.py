"""The maturity model as the administrator defines it, and one respondent's answers: plain frozen data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KIND_MATURITY = "maturity"
TEMPLATE_VERSION = "1"
LEVELS = (1, 2, 3, 4, 5)
SPREAD_FLAG = 2.0  # respondents of one unit this many levels apart: no shared picture yet
SAFE_ID = re.compile(r"^\w[\w .-]*$")  # an occasion id is also a folder name in archive/


@dataclass(frozen=True)
class Dimension:
    """One dimension of the model: a statement and what each level 1–5 means."""

    id: str
    name: str
    statement: str
    levels: tuple[str, ...]  # the description of level 1, 2, ... 5
    justification_required: bool = False


@dataclass(frozen=True)
class Occasion:
    """One measurement round, for example ``2026 T1``; no units listed means every unit takes part."""

    id: str
    when: str = ""  # a date or an ISO week, as the administrator wrote it
    units: tuple[str, ...] = ()

    def includes(self, unit_id: str) -> bool:
        return not self.units or unit_id in self.units


def respondent_key(name: str) -> str:
    """The same person however the name is cased or spaced: ``' Anna  Berg'`` -> ``'anna berg'``."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class MaturityResponse:
    """One respondent's answers for one unit and occasion, as stored in the ledger."""

    occasion: str
    unit: str
    respondent: str
    scores: dict[str, float]
    justifications: dict[str, str] = field(default_factory=dict)
    kind = KIND_MATURITY

    @property
    def week(self) -> str:
        """The ledger's file log and the archive folder name the occasion where a weekly file has its week."""
        return self.occasion

    @property
    def values(self) -> dict[str, float]:
        """No weekly figures: a receipt lists none for a maturity file."""
        return {}
