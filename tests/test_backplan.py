"""Back-planning: targets end at the goal, sum to it, never fall, and respect weights and pins."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pipeline.plan.backplan import path, targets
from pipeline.plan.example import example_plan


def test_example_programme_ends_at_180_and_weekly_targets_sum_to_it():
    plan = example_plan(date(2026, 11, 22))
    table = targets(plan)
    main = table[table["measure"] == "egen"]
    total = main.groupby("week")["target"].sum()
    assert total.iloc[-1] == 180
    assert main["weekly"].sum() == 180
    assert (main["weekly"] >= 0).all()
    assert all(float(v).is_integer() for v in main["target"])


def test_christmas_weeks_get_a_smaller_share():
    plan = example_plan(date(2026, 11, 22))  # period 2026-W41 .. 2027-W13, with W52, W53 and W01
    table = targets(plan)
    e01 = table[(table["unit"] == "E01") & (table["measure"] == "egen")].set_index("week")["weekly"]
    christmas = [w for w in e01.index if w.week in (52, 53, 1)]
    normal = [w for w in e01.index if w.week not in (52, 53, 1)]
    assert sum(e01[w] for w in christmas) / len(christmas) < sum(e01[w] for w in normal) / len(normal)


def test_worked_example_180_over_26_weeks():
    """26 equal weeks, goal 180: 180/26 = 6.92 a week. After 13 weeks the exact target is 90.0;
    after week 1 it is 6.92 -> 7; after week 2, 13.85 -> 14; the last week ends at 180."""
    values = path([1.0] * 26, 0, {25: 180})
    assert values[0] == 7 and values[1] == 14 and values[12] == 90 and values[-1] == 180


def test_zero_weight_week_gets_no_increase():
    values = path([1, 0, 1, 1], 0, {3: 30})
    assert values == [10, 10, 20, 30]


def test_milestone_is_hit_and_the_rest_planned_from_it():
    values = path([1, 1, 1, 1], 0, {1: 4, 3: 40})
    assert values == [2, 4, 22, 40]


def test_stock_lower_is_better_goes_down_to_the_goal():
    values = path([1, 1, 1, 1], 100, {3: 60})
    assert values == [90, 80, 70, 60]


@given(
    weights=st.lists(st.sampled_from([0, 0.3, 0.5, 1, 1, 1, 2]), min_size=1, max_size=60),
    goal=st.integers(min_value=0, max_value=5000),
)
def test_flow_targets_never_fall_end_at_goal_and_sum_exactly(weights, goal):
    values = path(weights, 0, {len(weights) - 1: goal})
    steps = [b - a for a, b in zip([0.0, *values[:-1]], values, strict=True)]
    assert values[-1] == goal
    assert all(s >= 0 for s in steps)
    assert sum(steps) == goal
    assert all(s == 0 for s, w in zip(steps[:-1], weights[:-1], strict=True) if w == 0)


@given(
    weights=st.lists(st.sampled_from([0.5, 1, 1.5]), min_size=2, max_size=40),
    start=st.integers(min_value=0, max_value=500),
    goal=st.integers(min_value=0, max_value=500),
)
def test_stock_path_is_monotone_between_baseline_and_goal(weights, start, goal):
    values = path(weights, start, {len(weights) - 1: goal})
    assert values[-1] == goal
    ordered = sorted([start, goal])
    assert all(ordered[0] <= v <= ordered[1] for v in values)
    direction = 1 if goal >= start else -1
    assert all(direction * (b - a) >= 0 for a, b in zip([start, *values[:-1]], values, strict=True))
