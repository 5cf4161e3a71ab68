"""The scheduler, tested without HTTP or the database, with properties over random plans."""

from datetime import date, timedelta
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.scheduling import (
    PlanStep,
    ScheduleError,
    build_schedule,
    minutes_per_session,
    nth_study_day,
    prerequisite_order,
    study_dates,
)

MONDAY = date(2026, 11, 23)


@st.composite
def plans(draw):
    """Random acyclic plans: a step may only require steps listed before it (then shuffled)."""
    count = draw(st.integers(min_value=0, max_value=25))
    steps = []
    for index in range(count):
        prereqs = draw(st.sets(st.integers(min_value=0, max_value=index - 1), max_size=3)) if index else set()
        steps.append(
            PlanStep(
                id=index,
                remaining_minutes=draw(st.integers(min_value=0, max_value=40 * 60)),
                prerequisites=frozenset(prereqs),
                active=draw(st.booleans() | st.just(True)),
            )
        )
    shuffled = draw(st.permutations(steps))
    days = draw(st.sets(st.integers(min_value=0, max_value=6), min_size=1))
    hours = draw(st.floats(min_value=1, max_value=60, allow_nan=False))
    return list(shuffled), frozenset(days), hours


@settings(max_examples=150, deadline=None)
@given(plans())
def test_scheduled_hours_equal_the_remaining_estimated_hours(plan):
    steps, days, hours = plan
    schedule = build_schedule(steps, start=MONDAY, study_days=days, hours_per_week=hours)
    assert schedule.total_minutes == sum(s.remaining_minutes for s in steps if s.active)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_no_session_falls_on_a_non_study_day_or_overfills_it(plan):
    steps, days, hours = plan
    schedule = build_schedule(steps, start=MONDAY, study_days=days, hours_per_week=hours)
    capacity = minutes_per_session(hours_per_week=hours, study_days=days)
    per_day: dict[date, int] = {}
    for session in schedule.sessions:
        assert session.day.weekday() in days
        assert session.day >= MONDAY
        per_day[session.day] = per_day.get(session.day, 0) + session.minutes
    assert all(total <= capacity for total in per_day.values())


@settings(max_examples=150, deadline=None)
@given(plans())
def test_no_step_starts_before_its_prerequisites_end(plan):
    steps, days, hours = plan
    schedule = build_schedule(steps, start=MONDAY, study_days=days, hours_per_week=hours)
    for step in steps:
        start = schedule.steps[step.id].start
        if start is None:
            continue
        for prereq in step.prerequisites:
            end = schedule.steps[prereq].end
            assert end is None or end <= start


@settings(max_examples=100, deadline=None)
@given(plans(), st.integers(min_value=0, max_value=400))
def test_replanning_never_schedules_a_done_step(plan, days_later):
    steps, days, hours = plan
    done = {s.id for s in steps[: len(steps) // 2]}
    replanned = [PlanStep(s.id, s.remaining_minutes, s.prerequisites, s.active and s.id not in done) for s in steps]
    schedule = build_schedule(replanned, start=MONDAY + timedelta(days=days_later), study_days=days, hours_per_week=hours)
    assert not {session.step_id for session in schedule.sessions} & done
    assert all(schedule.steps[step_id].start is None for step_id in done)


def test_a_step_that_ends_mid_session_hands_the_rest_to_the_next_step():
    steps = [PlanStep(1, 30), PlanStep(2, 90)]
    schedule = build_schedule(steps, start=MONDAY, study_days={0, 2}, hours_per_week=2)  # 60 min sessions
    assert [(s.day, s.step_id, s.minutes) for s in schedule.sessions] == [
        (MONDAY, 1, 30),
        (MONDAY, 2, 30),
        (MONDAY + timedelta(days=2), 2, 60),
    ]
    assert schedule.finish == MONDAY + timedelta(days=2)


def test_the_seeds_pace_of_five_and_a_half_hours_over_four_nights_finishes_600_hours_in_about_two_years():
    steps = [PlanStep(i, 10 * 60) for i in range(60)]
    schedule = build_schedule(steps, start=MONDAY, study_days={0, 1, 2, 3}, hours_per_week=5.5)
    weeks = (schedule.finish - MONDAY).days / 7
    assert 105 <= weeks <= 110  # 600 h / 5.5 h a week = 109 weeks


def test_prerequisites_move_a_step_after_them_and_keep_the_given_order_otherwise():
    steps = [PlanStep(1, 60, frozenset({3})), PlanStep(2, 60), PlanStep(3, 60)]
    assert [s.id for s in prerequisite_order(steps)] == [2, 3, 1]


def test_a_prerequisite_cycle_is_refused_with_the_steps_named():
    steps = [PlanStep(1, 60, frozenset({2})), PlanStep(2, 60, frozenset({1})), PlanStep(3, 60)]
    with pytest.raises(ScheduleError, match=r"cycle among steps \[1, 2\]"):
        prerequisite_order(steps)


@pytest.mark.parametrize(
    ("hours", "days", "message"),
    [(5, set(), "at least one study day"), (0, {1}, "more than 0"), (5, {7}, "from 0 \\(Monday\\) to 6")],
)
def test_impossible_inputs_are_refused_with_a_reason(hours, days, message):
    with pytest.raises(ScheduleError, match=message):
        build_schedule([PlanStep(1, 60)], start=MONDAY, study_days=days, hours_per_week=hours)


def test_the_nth_study_day_counts_from_the_first_day_included():
    mon_thu = frozenset({0, 3})
    assert nth_study_day(MONDAY, mon_thu, 1) == MONDAY
    assert nth_study_day(MONDAY, mon_thu, 2) == MONDAY + timedelta(days=3)
    assert nth_study_day(MONDAY, mon_thu, 5) == MONDAY + timedelta(weeks=2)
    assert nth_study_day(MONDAY + timedelta(days=1), mon_thu, 1) == MONDAY + timedelta(days=3)


@given(days=st.sets(st.integers(0, 6), min_size=1), offset=st.integers(0, 6), n=st.integers(1, 60))
def test_the_nth_study_day_is_the_one_the_schedule_reaches(days, offset, n):
    first = MONDAY + timedelta(days=offset)
    assert nth_study_day(first, days, n) == next(islice(study_dates(first, days), n - 1, None))
