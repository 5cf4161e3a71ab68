"""Progress figures from a learner's study log: pace, streak, nights per week.

Plain functions over (date, minutes) pairs, so they are tested without the database
and the dashboard can compute them from one aggregated query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PACE_WEEKS = 4


@dataclass(frozen=True)
class Pace:
    minutes_per_week: float
    nights_per_week: float


def pace(log: Iterable[tuple[date, int]], *, today: date, weeks: int = PACE_WEEKS) -> Pace:
    """Minutes and distinct study days per week over the last ``weeks`` weeks (today included)."""
    since = today - timedelta(days=7 * weeks - 1)
    minutes, days = 0, set()
    for day, spent in log:
        if since <= day <= today and spent > 0:
            minutes += spent
            days.add(day)
    return Pace(minutes_per_week=minutes / weeks, nights_per_week=len(days) / weeks)


def streak(study_days: Iterable[date], *, today: date, planned_weekdays: frozenset[int] | set[int]) -> int:
    """Consecutive planned study days with a session, counting back from today.

    Days the learner did not plan to study neither break nor extend the streak; today
    does not break it before the learner has had the chance to study.
    """
    studied = set(study_days)
    if not planned_weekdays:
        return 0
    count, day = 0, today
    if day not in studied:
        day -= timedelta(days=1)
    while True:
        if day.weekday() in planned_weekdays:
            if day not in studied:
                return count
            count += 1
        elif day in studied:
            count += 1
        day -= timedelta(days=1)
        if count == 0 and (today - day).days > 7:
            return 0


def ahead_by_days(*, planned: date | None, projected: date | None) -> int | None:
    """Positive when the projection beats the plan (ahead), negative when behind."""
    if planned is None or projected is None:
        return None
    return (planned - projected).days


def weekly_minutes(log: Iterable[tuple[date, int]]) -> dict[date, int]:
    """Minutes per week, keyed by the Monday that starts the week."""
    weeks: dict[date, int] = {}
    for day, spent in log:
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + spent
    return dict(sorted(weeks.items()))
