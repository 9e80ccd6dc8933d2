"""The checked plan kept in state/plan-cache.json: the same Plan as plan.xlsx gives, and only a shortcut."""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest
from openpyxl import load_workbook

from pipeline.commands import init_workspace, load
from pipeline.errors import PlanError
from pipeline.plan import cache
from pipeline.plan.model import Plan
from pipeline.plan.read import plan_bytes, read_plan
from pipeline.session import Session
from tests.conftest import TODAY


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "ws"
    init_workspace(root, TODAY)
    return root


def _load(root):
    with Session() as session:
        return load(root, session=session).plan


def test_a_kept_plan_is_the_plan_to_the_last_field(root):
    fresh = read_plan(root / "plan.xlsx")
    assert _load(root) == fresh  # the first command reads plan.xlsx and keeps it
    kept = root / "state" / cache.NAME
    assert kept.is_file()
    again = cache.load(kept, cache.cache_key(plan_bytes(root / "plan.xlsx"), "sv"))
    assert again == fresh and repr(again) == repr(fresh)  # ints stay ints, weeks stay weeks
    assert again.maturity_dimensions and again.units[0].emails  # the nested kinds too


def test_the_next_command_takes_it_from_the_cache(root, monkeypatch):
    _load(root)
    from pipeline import session as session_module

    def refuse(*args, **kwargs):
        raise AssertionError("plan.xlsx was read although the cache holds it")

    monkeypatch.setattr(session_module, "read_plan", refuse)
    assert _load(root).units


def test_a_changed_plan_is_read_again(root):
    _load(root)
    book = load_workbook(root / "plan.xlsx")
    book["Enheter"]["B2"] = "Ett nytt namn"
    book.save(root / "plan.xlsx")
    assert _load(root).units[0].name == "Ett nytt namn"


def test_a_damaged_or_edited_cache_is_only_a_missed_shortcut(root, caplog):
    fresh = _load(root)
    kept = root / "state" / cache.NAME
    kept.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        assert _load(root) == fresh
    assert "was not used" in caplog.text
    stored = json.loads(kept.read_text(encoding="utf-8"))  # rewritten whole by that command
    stored["plan"][0] = 12  # programme_id must be text
    kept.write_text(json.dumps(stored), encoding="utf-8")
    assert _load(root) == fresh


def test_a_plan_with_problems_is_never_kept(root):
    book = load_workbook(root / "plan.xlsx")
    book["Enheter"]["A2"] = None  # a unit without an id
    book.save(root / "plan.xlsx")
    (root / "state" / cache.NAME).unlink(missing_ok=True)
    for _ in range(2):  # said every time
        with pytest.raises(PlanError):
            _load(root)
    assert not (root / "state" / cache.NAME).exists()


def test_another_language_or_rule_is_another_key(root):
    data = plan_bytes(root / "plan.xlsx")
    assert cache.cache_key(data, "sv") != cache.cache_key(data, "en")
    assert cache._code_version() in cache.cache_key(data, "sv")


def test_the_planned_figures_and_the_plausibility_scale_come_back_from_the_cache_as_worked_out(
    root, monkeypatch
):
    from pipeline.intake import plausible
    from pipeline.report import planned as planned_module

    fresh = read_plan(root / "plan.xlsx")
    expected_planned = planned_module.planned_for(fresh, fresh.main_measure)
    expected_scale = plausible.target_scale(fresh)
    _load(root)  # the first command works them out and keeps them

    def refuse(*args, **kwargs):
        raise AssertionError("worked out again although the cache holds it")

    monkeypatch.setattr(planned_module, "planned_for", refuse)
    monkeypatch.setattr(plausible, "target_scale", refuse)
    plan = _load(root)
    kept_planned = planned_module.planned(plan, plan.main_measure)
    assert kept_planned == expected_planned and repr(kept_planned) == repr(expected_planned)
    assert plan.derived("plausible-scale", refuse) == expected_scale
    with pytest.raises(AssertionError):  # another measure is not kept: worked out as before
        planned_module.planned(plan, next(m.id for m in plan.measures if m.id != plan.main_measure))


def test_last_year_is_kept_as_a_table_and_each_value_is_still_checked(root, caplog):
    """A table of plain rows is kept one list per field (fast to decode); a wrong value in a list
    is refused as a wrong field is, and the plan is read from plan.xlsx."""
    fresh = _load(root)
    assert fresh.last_year  # the example plan has last year's figures (and no milestones: an empty list)
    kept = root / "state" / cache.NAME
    stored = json.loads(kept.read_text(encoding="utf-8"))
    fields = [f.name for f in dataclasses.fields(Plan)]
    table = stored["plan"][fields.index("last_year")]
    assert set(table) == {"columns"} and len(table["columns"][0]) == len(fresh.last_year)
    for column, wrong in ((3, "12"), (3, True), (2, 2025), (0, None)):  # value, value, week, unit
        edited = json.loads(kept.read_text(encoding="utf-8"))
        edited["plan"][fields.index("last_year")]["columns"][column][-1] = wrong
        kept.write_text(json.dumps(edited), encoding="utf-8")
        with caplog.at_level(logging.INFO):
            assert cache.load(kept, stored["key"]) is None, (column, wrong)
        assert "was not used" in caplog.text
    short = json.loads(json.dumps(stored))
    short["plan"][fields.index("last_year")]["columns"][1].pop()  # one list shorter than the others
    kept.write_text(json.dumps(short), encoding="utf-8")
    assert cache.load(kept, stored["key"]) is None
    kept.write_text(json.dumps(stored), encoding="utf-8")
    assert cache.load(kept, stored["key"]) == fresh
