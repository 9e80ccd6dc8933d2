"""The planning engine as a controller would check it: worked examples and invariants.

Worked examples are computed by hand in each docstring; the code must agree.
"""

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import Settings
from pipeline.plan.backplan import path, split_goal, targets
from pipeline.plan.example import calendar_weight, example_plan
from pipeline.plan.pace import month_by_month, outlook, unit_pace
from pipeline.report.figures import Standing
from pipeline.weeks import IsoWeek, week_range


def summer_plan():
    """The example programme moved to 2026-W20..2026-W45 so that it holds the summer weeks."""
    plan = example_plan(date(2026, 11, 22))
    first, last = IsoWeek(2026, 20), IsoWeek(2026, 45)
    weeks = week_range(first, last)
    return replace(
        plan,
        first_week=first,
        last_week=last,
        weights={w: calendar_weight(w)[0] for w in weeks},
        last_year=(),
        milestones=(),
    )


def test_180_over_26_weeks_with_summer_weights():
    """W20..W45: 8 normal weeks (W20-27), 4 summer weeks at 0.3 (W28-31), 14 normal (W32-45).
    All weights: 8 + 1.2 + 14 = 23.2.
    After W27: 180 x 8 / 23.2 = 62.07 -> 62.  After W31: 180 x 9.2 / 23.2 = 71.38 -> 71.
    So the four summer weeks together plan 9 people, and the curve ends at exactly 180."""
    plan = summer_plan()
    table = targets(plan)
    total = table[table["measure"] == "egen"].groupby("week")["target"].sum()
    # the total is the sum of unit curves, each rounded on its own: compare with the exact figure
    assert abs(total[IsoWeek(2026, 27)] - 180 * 8 / 23.2) <= 4
    assert total[IsoWeek(2026, 45)] == 180
    one = path([plan.weight(w) for w in plan.weeks], 0, {25: 180})
    assert one[7] == 62 and one[11] == 71 and one[-1] == 180


def test_unit_three_behind_needs_three_more_when_the_next_week_is_closed():
    """A unit with a target of 10 to date has 7: it is 3 behind. The meeting's week has
    capacity 0 (closed), so its cumulative target stays 10 and 10 - 7 = 3 are needed.
    In a normal week with a target of 12 it would need 12 - 7 = 5."""
    closed = Standing(
        this_week=2, actual=7, target=10, goal=40, next_target=10, direction="higher", tolerance=0.05
    )
    assert closed.gap == -3 and closed.needed == 3 and closed.status == "behind"
    normal = replace(closed, next_target=12)
    assert normal.needed == 5
    ahead = replace(closed, actual=13)
    assert ahead.needed == 0 and ahead.status == "ahead"


def test_six_months_against_a_previous_year_of_about_88_won_every_month():
    """Last year: 88 over the 26 weeks (3 or 4 a week). This year: 174 (6 or 7 a week).
    Every month this year is above the same weeks last year: 7 of 7 months won."""
    plan = example_plan(date(2026, 11, 22))
    weeks = plan.weeks
    last = {IsoWeek(w.year - 1, w.week): (4 if i % 2 else 3) for i, w in enumerate(weeks) if w.week != 53}
    this = {w: (7 if i % 3 else 6) for i, w in enumerate(weeks)}
    assert abs(sum(last.values()) - 88) <= 4 and abs(sum(this.values()) - 174) <= 4
    months = month_by_month(plan, this, last, plan.last_week)
    assert len(months) == 7 and bool(months["won"].all())
    assert months["this_year"].sum() == sum(this.values())


def test_missing_weeks_are_left_out_of_the_pace_not_counted_as_zero():
    """A unit reported 6 and 4 in two of the last four (normal) weeks: its pace is
    (6 + 4) / 2 = 5 a week, not (6 + 4) / 4 = 2.5."""
    plan = example_plan(date(2026, 11, 22))
    week = IsoWeek(2026, 46)
    assert unit_pace(plan, {IsoWeek(2026, 43): 6, IsoWeek(2026, 45): 4}, week, 4) == 5
    assert unit_pace(plan, {}, week, 4) is None


def test_forecast_and_goal_week():
    """Actual 100 at W46, pace 10 a week, goal 180. Remaining weights after W46: 18.5
    (20 weeks, three at 0.5). Forecast 100 + 10 x 18.5 = 285. The goal needs 80 more:
    W47..W52 bring 10+10+10+10+10+5 = 55 (W52 weighs 0.5), W53 5 -> 60, W01 5 -> 65,
    W02 10 -> 75, W03 10 -> 85 >= 80: the goal is reached in 2027-W03."""
    plan = example_plan(date(2026, 11, 22))
    result = outlook(plan, {"E01": 10.0}, 100, 180, IsoWeek(2026, 46), 0.05)
    assert result.forecast == 285 and result.goal_week == IsoWeek(2027, 3)
    assert result.required_pace == 80 / 18.5 and result.status == "ahead"
    slow = outlook(plan, {"E01": 1.0, "E02": None}, 100, 180, IsoWeek(2026, 46), 0.05)
    assert slow.goal_week is None and slow.status == "behind" and slow.without_data == ("E02",)


def test_department_goal_split_by_shares_sums_exactly():
    """90 split 50 % / 30 % / 20 % is 45 / 27 / 18; 10 split equally in three is 4 / 3 / 3."""
    assert split_goal(90, [0.5, 0.3, 0.2]) == [45, 27, 18]
    assert split_goal(10, [None, None, None]) == [4, 3, 3]
    assert split_goal(10, [0.5, None, None]) == [5, 3, 2]  # 5, 2.5, 2.5: the tie goes to the first


@given(
    goal=st.integers(0, 10_000),
    shares=st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=1, max_size=12),
)
def test_split_always_sums_to_the_group_goal(goal, shares):
    parts = split_goal(goal, shares)
    assert sum(parts) == goal and all(p >= 0 and float(p).is_integer() for p in parts)


@given(
    weights=st.lists(st.sampled_from([0, 0.3, 0.5, 1, 1, 2]), min_size=3, max_size=40),
    data=st.data(),
)
def test_milestones_are_hit_exactly(weights, data):
    last = len(weights) - 1
    pin_at = data.draw(st.integers(0, last - 1))
    pin = data.draw(st.integers(0, 200))
    goal = pin + data.draw(st.integers(0, 200))
    values = path(weights, 0, {pin_at: pin, last: goal})
    assert values[pin_at] == pin and values[-1] == goal
    assert all(b >= a for a, b in zip([0.0, *values[:-1]], values, strict=True))


@given(
    weights=st.lists(st.sampled_from([0.5, 1, 2]), min_size=1, max_size=30),
    baseline=st.integers(0, 300),
    drop=st.integers(0, 300),
)
def test_lower_is_better_is_the_mirror_of_higher_is_better(weights, baseline, drop):
    """Going down from a baseline by d is the same path as going up by d, mirrored."""
    down = path(weights, baseline, {len(weights) - 1: baseline - drop}, whole=False)
    up = path(weights, 0, {len(weights) - 1: drop}, whole=False)
    assert all(abs((baseline - d) - u) < 1e-9 for d, u in zip(down, up, strict=True))


def test_group_plans_are_the_sum_of_their_units():
    plan = example_plan(date(2026, 11, 22))
    table = targets(plan)
    main = table[table["measure"] == "egen"]
    groups = {u.id: u.group for u in plan.units}
    by_group = main.assign(group=main["unit"].map(groups)).groupby(["group", "week"])["target"].sum()
    total = main.groupby("week")["target"].sum()
    for week in plan.weeks:
        assert sum(by_group[(g, week)] for g in plan.groups) == total[week]
    assert by_group[("Arbetsmarknad", plan.last_week)] == 100


def test_department_goal_in_the_plan_workbook(tmp_path):
    from openpyxl import load_workbook

    from pipeline.plan.read import read_plan
    from pipeline.plan.workbook import write_plan

    write_plan(example_plan(date(2026, 11, 22)), tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    goals = wb["Mål"]
    for row in list(goals.iter_rows(min_row=2)):
        if row[1].value == "praktik":
            row[0].value = row[1].value = row[2].value = None
    goals.append(["Försörjningsstöd", "praktik", 30])
    wb["Enheter"]["D1"] = "Andel av avdelningens mål"
    wb["Enheter"]["D6"] = 0.4  # E05
    wb.save(tmp_path / "plan.xlsx")
    plan = read_plan(tmp_path / "plan.xlsx")
    split = {g.unit: g.goal for g in plan.goals if g.measure == "praktik"}
    assert split == {"E05": 12, "E06": 6, "E07": 6, "E08": 6}


def test_settings_thresholds_are_configurable():
    assert Settings(on_track_tolerance=0.1).on_track_tolerance == 0.1
    assert Settings().pace_weeks == 4
