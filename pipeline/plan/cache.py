"""The checked plan kept on local disk, so a one-shot command need not read ``plan.xlsx`` again.

Reading and checking a plan of 1,000 units takes about a second (most of it turning 100,000
cells into milestones); every ``pipeline report``, ``status`` or ``ingest`` from the command
line paid it. A plan that passed every check is kept in ``state/plan-cache.json``, keyed by:

* the plan file's SHA-256 (any change to the file, even a re-save, reads it again),
* the language it was read in (problems are said in it),
* the source of the plan reader itself (``pipeline/plan/*.py``, the maturity sheets' reader,
  ``weeks.py``, and the modules whose figures are kept with it): a new version of the rules
  never trusts a plan checked by the old ones.

What is worked out from the plan alone and costs as much as reading it (the back-planned
targets as the report needs them, the plausibility scale: about a second at 1,000 units)
is kept beside it (``Derived``), and put back into the plan object on load
(``Plan.derived``), so a one-shot command does not work it out again either.

The file is JSON: data, never code (no pickle), decoded field by field from the dataclasses'
own type hints, so a file someone edited by hand can at worst be refused. Anything wrong with
it (missing, another key, unreadable, a field that does not fit) means the plan is read from
``plan.xlsx`` as before; the cache is only ever a shortcut. A plan with problems is never kept:
its problems are said on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import types
import typing
from functools import cache, lru_cache
from pathlib import Path

from pipeline.maturity.model import Dimension, Occasion
from pipeline.plan.model import Plan
from pipeline.weeks import IsoWeek

log = logging.getLogger(__name__)

NAME = "plan-cache.json"


def cache_key(data: bytes, language: str) -> str:
    return hashlib.sha256(data).hexdigest() + ":" + language + ":" + _code_version()


@cache
def _code_version() -> str:
    """The plan reader's source, hashed: a change to any rule reads every plan anew."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    sources = [*sorted(here.glob("*.py")), here.parent / "maturity" / "planfile.py"]
    sources += [here.parent / "maturity" / "model.py", here.parent / "weeks.py"]
    sources += [here.parent / "report" / "planned.py", here.parent / "intake" / "plausible.py"]  # Derived
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class Derived:
    """A value worked out from a plan (``Plan.derived(what, make)``), kept beside it as ``hint``."""

    name: str  # its name in the file
    what: object  # its key in ``Plan.derived``
    hint: object  # its type, for decoding
    make: typing.Callable[[Plan], object]


def load(path: Path, key: str, derived: typing.Callable[[Plan], list[Derived]] | None = None) -> Plan | None:
    """The plan kept under ``key``, or None (no cache, another key, or anything unreadable).

    ``derived(plan)`` names the values kept beside it; each is put back into the plan object.
    """
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") != key:
            return None
        plan = _decode(Plan, kept["plan"])
        values = dict(kept.get("derived", []))
        for item in derived(plan) if derived else []:
            if item.name in values:
                value = _decode(item.hint, values[item.name])
                plan.derived(item.what, lambda _plan, value=value: value)
        return plan
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or hand-edited cache is only a missed shortcut
        log.info("the plan cache %s was not used (%s: %s); plan.xlsx is read", path, type(exc).__name__, exc)
        return None


def save(path: Path, key: str, plan: Plan, derived: list[Derived] = ()) -> None:
    """Keeps ``plan`` under ``key`` in ``path``'s folder, if that folder is there (it is never made
    here: a missing state folder is the workspace's check to make), with the ``derived`` values
    worked out (once, here, for this plan object); a cache that cannot be written is logged,
    never an error."""
    if not path.parent.is_dir():
        return
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")  # two commands at once: each its own
    extra = [[item.name, _encode(plan.derived(item.what, item.make))] for item in derived]
    try:
        kept = {"key": key, "plan": _encode(plan), "derived": extra}
        tmp.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.info("the plan cache %s could not be written (%s)", path, exc)
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- JSON by the dataclasses' hints


def _encode(value: object) -> object:
    if isinstance(value, IsoWeek):
        return str(value)
    if dataclasses.is_dataclass(value):  # its fields in order: the file is keyed to this code anyway
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, dict):
        return [[_encode(k), _encode(v)] for k, v in value.items()]
    if isinstance(value, (tuple, list)):
        kind = type(value[0]) if value else None
        if kind is not None and _flat(kind) and all(type(v) is kind for v in value):
            names = [f.name for f in dataclasses.fields(kind)]  # a table: one list per field
            return {"columns": [[_encode(getattr(v, name)) for v in value] for name in names]}
        return [_encode(v) for v in value]
    return value


_CLASSES = {"Dimension": Dimension, "Occasion": Occasion}  # the plan's forward references


def _decode(hint: object, value: object) -> object:
    return _decoder(hint)(value)


@cache
def _decoder(hint: object):
    """A function that makes a value of ``hint`` from its JSON, made once per type (a plan holds
    100,000 milestones: the type is looked at once, not for each of them)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        decode = _decoder(inner)
        return lambda value: None if value is None else decode(value)
    if hint is IsoWeek:
        return _week
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint, localns=_CLASSES)
        fields = [_decoder(hints[f.name]) for f in dataclasses.fields(hint)]

        def make(value: list) -> object:
            return hint(*[decode(item) for decode, item in zip(fields, value, strict=True)])

        return make
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if _flat(args[0]):
            return _table(args[0])
        allowed = _plain(args[0])
        if allowed is not None:  # plain values: one check over them all
            return lambda value: _checked(value, allowed)
        item = _decoder(args[0])
        return lambda value: tuple(item(v) for v in value)
    if origin is tuple:
        plain = [_plain(a) for a in args]
        if all(allowed is not None for allowed in plain):  # a row of plain values: checked in one pass
            return lambda value: _row(value, plain)
        items = [_decoder(a) for a in args]
        return lambda value: tuple(d(v) for d, v in zip(items, value, strict=True))
    if origin is dict:
        key, item = _decoder(args[0]), _decoder(args[1])
        return lambda value: {key(k): item(v) for k, v in value}
    if hint is float:
        return _number
    if hint in (str, int, bool):
        return lambda value: _typed(value, hint)
    raise TypeError(f"no rule for {hint!r}")


@lru_cache(maxsize=4096)  # a pure function's memo (a plan names a few hundred weeks), not state
def _week(value: str) -> IsoWeek:
    return IsoWeek.parse(value)


def _number(value: object) -> object:  # kept as read: the plan reader gives a whole number as an int
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    return value


def _typed(value: object, hint: type) -> object:
    if type(value) is not hint:
        raise TypeError(f"{value!r} is not {hint.__name__}")
    return value


# A plan of 1,000 units holds about 60,000 milestones and last year's figures. Such a table
# (a tuple of one dataclass whose fields are plain values or weeks) is kept as one list per
# field, and each list is checked in one pass: decoding it is many times faster than one
# object at a time, with the same checks.

_PLAIN = {str: (str,), int: (int,), bool: (bool,), float: (int, float)}  # float: as _number


@cache
def _plain(hint: object) -> frozenset[type] | None:
    """The types a plain ``hint`` may hold in the file (``X | None`` adds None); None if not plain."""
    if hint in _PLAIN:
        return frozenset(_PLAIN[hint])
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args and len(args) == 2:
        (inner,) = [a for a in args if a is not type(None)]
        if inner in _PLAIN:
            return frozenset((*_PLAIN[inner], type(None)))
    return None


@cache
def _flat(kind: object) -> bool:
    """Whether ``kind`` is a dataclass of plain fields and weeks only (kept as a table)."""
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        return False
    hints = typing.get_type_hints(kind, localns=_CLASSES)
    return all(
        _plain(hints[f.name]) is not None or hints[f.name] is IsoWeek for f in dataclasses.fields(kind)
    )


def _checked(values: list, allowed: frozenset[type]) -> tuple:
    if not all(type(v) in allowed for v in values):
        raise TypeError(f"a value in a list is not {sorted(t.__name__ for t in allowed)}")
    return tuple(values)


def _row(value: list, plain: list[frozenset[type]]) -> tuple:
    if len(value) != len(plain) or not all(type(v) in ok for v, ok in zip(value, plain, strict=True)):
        raise TypeError(f"{value!r} does not fit its row")
    return tuple(value)


def _table(kind: type):
    hints = typing.get_type_hints(kind, localns=_CLASSES)
    columns = [hints[f.name] for f in dataclasses.fields(kind)]

    def make(value: object) -> tuple:
        if isinstance(value, list):  # no rows at all, or a table kept one object at a time
            row = _decoder(kind)
            return tuple(row(v) for v in value)
        lists = value["columns"]
        if len(lists) != len(columns) or len({len(c) for c in lists}) > 1:
            raise TypeError(f"the table of {kind.__name__} is not whole")
        made = [
            [_week(v) for v in values] if hint is IsoWeek else _checked(values, _plain(hint))
            for hint, values in zip(columns, lists, strict=True)
        ]
        return tuple(map(kind, *made))

    return make
