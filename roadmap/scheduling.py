"""Place a roadmap's remaining hours onto the learner's study days.

Plain Python on plain data: no models, no HTTP, so the rules can be tested with
properties. Time is counted in whole minutes so that the scheduled total equals the
remaining total exactly, with no floating-point drift over two years of sessions.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

MAX_DAYS = 366 * 20  # a plan longer than twenty years is a mistake in the input, not a plan


class ScheduleError(ValueError):
    """The input cannot be scheduled (no study day, no hours, a prerequisite cycle...)."""


@dataclass(frozen=True)
class PlanStep:
    id: int
    remaining_minutes: int
    prerequisites: frozenset[int] = frozenset()
    # Steps that are done or skipped take no time and get no dates.
    active: bool = True


@dataclass(frozen=True)
class Session:
    day: date
    step_id: int
    minutes: int


@dataclass
class StepDates:
    start: date | None = None
    end: date | None = None


@dataclass
class Schedule:
    sessions: list[Session] = field(default_factory=list)
    steps: dict[int, StepDates] = field(default_factory=dict)

    @property
    def finish(self) -> date | None:
        return self.sessions[-1].day if self.sessions else None

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


def minutes_per_session(*, hours_per_week: float, study_days: frozenset[int] | set[int]) -> int:
    if not study_days:
        raise ScheduleError("choose at least one study day")
    if not all(0 <= d <= 6 for d in study_days):
        raise ScheduleError("study days are weekday numbers from 0 (Monday) to 6 (Sunday)")
    if hours_per_week <= 0:
        raise ScheduleError("hours per week must be more than 0")
    return max(1, round(hours_per_week * 60 / len(study_days)))


def prerequisite_order(steps: list[PlanStep]) -> list[PlanStep]:
    """Order steps so each comes after its prerequisites, otherwise keeping the given order.

    Prerequisites outside the list (archived or removed steps) are ignored. A cycle
    raises ScheduleError naming the steps in it.
    """
    position = {step.id: index for index, step in enumerate(steps)}
    waiting = {step.id: {p for p in step.prerequisites if p in position and p != step.id} for step in steps}
    dependants: dict[int, list[int]] = {step.id: [] for step in steps}
    for step_id, prereqs in waiting.items():
        for prereq in prereqs:
            dependants[prereq].append(step_id)
    ready = [position[s] for s, prereqs in waiting.items() if not prereqs]
    heapq.heapify(ready)
    ordered = []
    while ready:
        step = steps[heapq.heappop(ready)]
        ordered.append(step)
        for dependant in dependants[step.id]:
            waiting[dependant].discard(step.id)
            if not waiting[dependant]:
                heapq.heappush(ready, position[dependant])
    if len(ordered) != len(steps):
        stuck = sorted(s for s, prereqs in waiting.items() if prereqs)
        raise ScheduleError(f"prerequisite cycle among steps {stuck}")
    return ordered


def study_dates(start: date, study_days: frozenset[int] | set[int]):
    """Every study day from ``start`` on (inclusive)."""
    for offset in range(MAX_DAYS):
        day = start + timedelta(days=offset)
        if day.weekday() in study_days:
            yield day
    raise ScheduleError("the plan does not fit in twenty years: add hours or study days")


def build_schedule(
    steps: list[PlanStep], *, start: date, study_days: frozenset[int] | set[int], hours_per_week: float
) -> Schedule:
    """Fill study sessions with the active steps, in prerequisite order.

    A session holds ``hours_per_week / len(study_days)`` hours; a step that ends
    mid-session hands the rest of the session to the next step, so no time is lost.
    """
    capacity = minutes_per_session(hours_per_week=hours_per_week, study_days=study_days)
    schedule = Schedule(steps={step.id: StepDates() for step in steps})
    queue = [s for s in prerequisite_order(steps) if s.active and s.remaining_minutes > 0]
    if not queue:
        return schedule
    days = study_dates(start, frozenset(study_days))
    day, left_today = next(days), capacity
    for step in queue:
        dates = schedule.steps[step.id]
        remaining = step.remaining_minutes
        while remaining > 0:
            if left_today == 0:
                day, left_today = next(days), capacity
            chunk = min(remaining, left_today)
            schedule.sessions.append(Session(day=day, step_id=step.id, minutes=chunk))
            dates.start = dates.start or day
            dates.end = day
            remaining -= chunk
            left_today -= chunk
    return schedule


def nth_study_day(first: date, study_days: frozenset[int] | set[int], n: int) -> date:
    """The ``n``-th study day from ``first`` on (``first`` itself is the first when it is a study day)."""
    weeks, rest = divmod(n - 1, len(study_days))
    return next(islice(study_dates(first + timedelta(weeks=weeks), frozenset(study_days)), rest, None))
