"""The types every room shares: a problem found in a file, a unit's submission, a file's record.

They sit at the bottom of the house: intake makes them, the ledger stores them,
receipts and the report show them, and this module imports none of those.
Severities: ``ERROR`` rejects the file; ``WARNING`` accepts it and says what to
check; ``NOTE`` is not a problem but a fact for the log and the receipt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.strings import Texts, shown_time
from pipeline.weeks import IsoWeek

ERROR = "error"
WARNING = "warning"  # the file is accepted; the receipt and the log say what to check
NOTE = "info"  # not a problem: a fact for the log (for example which file a correction replaced)


@dataclass(frozen=True)
class Problem:
    """One problem in a file, with where it is and what was found."""

    code: str
    cell: str = ""  # "Sheet!A1", or "" for the file as a whole
    value: object = ""
    severity: str = ERROR
    facts: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def sheet(self) -> str:
        return self.cell.rpartition("!")[0]

    @property
    def ref(self) -> str:
        return self.cell.rpartition("!")[2]

    def message(self, t: Texts) -> str:
        """The problem in the reader's words, numbers in its notation. Two facts have a meaning of their
        own: ``field`` (a defined name) is shown in words, ``text_cell`` picks the advice for a text cell."""
        value = self.value  # a TRUE cell as Excel shows it in the reader's language (SANT)
        shown = t(f"excel.{str(value).lower()}") if isinstance(value, bool) else _in_words(value, t)
        facts = {"value": shown, **{k: _in_words(v, t) for k, v in self.facts.items()}}
        if "field" in facts:
            facts["field"] = t.field(str(facts["field"]))
        table = "text-cell" if facts.pop("text_cell", False) else "problem"
        return t(f"{table}.{self.code}", **facts)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "cell": self.cell,
            "value": _plain(self.value),
            "severity": self.severity,
            "facts": {k: _plain(v) for k, v in self.facts.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Problem:
        return cls(data["code"], data["cell"], data["value"], data["severity"], data.get("facts", {}))


@dataclass(frozen=True)
class ActionReport:
    """One row of the actions table as the unit reported it."""

    row: int
    action: str
    owner: str
    due: IsoWeek | None
    acted: bool | None
    status: str | None
    result: str
    blocker: str


@dataclass(frozen=True)
class Submission:
    """One unit's report for one week, as stored in the ledger.

    From ``validate`` with errors it holds only what could be read (the
    unit, and the week if it is a week): enough to log who the file claims
    to be, never to be stored as figures.
    """

    unit: str
    week: IsoWeek | None
    values: dict[str, float]
    actions: tuple[ActionReport, ...] = ()
    comment: str = ""
    cells: dict[str, str] = field(default_factory=dict, compare=False)  # measure id -> "Sheet!B9"


@dataclass(frozen=True)
class FileRecord:
    """What the ledger knows about one arrival."""

    id: int
    claim: str
    name: str
    sha256: str
    received_at: str
    outcome: str
    unit: str | None
    week: str | None
    destination: str
    problems: list[Problem]
    kind: str = ""  # the template kind that judged it (``pl_template_kind``); "" when none did

    @property
    def text(self) -> str:
        """The file as receipts and the log name an earlier one: ``2026-11-22 18:00:00 (nord.xlsx)``."""
        return file_text(self.received_at, self.name)


def file_text(received_at: str, name: str) -> str:
    """A file as receipts and the log name it: ``2026-11-22 18:00:00 (nord.xlsx)`` (one place for it)."""
    return f"{shown_time(received_at)} ({name})"


def _plain(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _in_words(value: object, t: Texts) -> object:
    # a number as the reader's language writes it (3,5 in Swedish); anything else as it is
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value
        and abs(value) != float("inf")
    ):
        return t.number(value)
    return value


@dataclass(frozen=True)
class Confirmation:
    """An administrator's word that a held (implausible) figure is right: ``pipeline confirm``.

    It is for one unit, week, measure and value: the same figure sent again in a later
    file stays confirmed; another value is judged again.
    """

    unit: str
    week: str  # ``2026-W46``
    measure: str  # the measure's id
    value: float
    by: str  # who confirmed it (``--by``, or the account that ran the command)
    at: str  # when, ISO 8601 to the second

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict) -> Confirmation:
        return cls(
            str(data["unit"]),
            str(data["week"]),
            str(data["measure"]),
            float(data["value"]),
            str(data["by"]),
            str(data["at"]),
        )
