"""Progress figures from a learner's study log: pace, projection, streak, weeks on target.

Plain functions over (date, minutes) pairs and the plan's weekly rhythm, so they are
tested without the database and the dashboard can compute them from one aggregated query.

Every figure counts from the roadmap's start date: days and weeks before it were never
asked of the learner, so they neither lower a pace nor count as missed weeks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .scheduling import MAX_DAYS, minutes_per_session, nth_study_day

PACE_WEEKS = 4
PACE_DAYS = 7 * PACE_WEEKS


@dataclass(frozen=True)
class Rhythm:
    """The plan's week: from which day, on which weekdays, how many minutes a session."""

    start: date
    study_days: frozenset[int]
    session_minutes: int

    @classmethod
    def of(cls, *, start: date, study_days, hours_per_week: float) -> Rhythm:
        days = frozenset(study_days)
        return cls(start, days, minutes_per_session(hours_per_week=hours_per_week, study_days=days))

    @property
    def minutes_per_week(self) -> int:
        return self.session_minutes * len(self.study_days)

    def minutes_between(self, first: date, last: date) -> int:
        """The plan's minutes on the study days from ``first`` to ``last`` (both included)."""
        return self.session_minutes * study_days_between(first, last, self.study_days)


def study_days_between(first: date, last: date, weekdays: frozenset[int]) -> int:
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    return weeks * len(weekdays) + sum((first.weekday() + i) % 7 in weekdays for i in range(extra))


def last_day_over(log: dict[date, int], *, today: date) -> date:
    """Today once something is logged today, else yesterday: an evening not yet studied is not a missed one."""
    return today if log.get(today, 0) > 0 else today - timedelta(days=1)


@dataclass(frozen=True)
class Pace:
    minutes_per_week: float
    nights_per_week: float
    weeks: float  # how many weeks the figures are averaged over (0 before the start)


def pace(log: Iterable[tuple[date, int]], *, today: date, start: date) -> Pace:
    """Minutes and distinct study days per week since the start, over at most the last four weeks.

    The weeks end on the last day that is over (see ``last_day_over``). The current, unfinished
    week is pro-rated by the days gone, but the figures are never averaged over less than one
    week: the first evening's 2 hours read as 2 hours a week, and a week later the same 2 hours
    still do.
    """
    if today < start:
        return Pace(0.0, 0.0, 0.0)
    log = dict(log)
    end = last_day_over(log, today=today)
    first = max(start, end - timedelta(days=PACE_DAYS - 1))
    weeks = max(1.0, ((end - first).days + 1) / 7)
    minutes, days = 0, set()
    for day, spent in log.items():
        if first <= day <= end and spent > 0:
            minutes += spent
            days.add(day)
    return Pace(minutes_per_week=minutes / weeks, nights_per_week=len(days) / weeks, weeks=weeks)


@dataclass(frozen=True)
class Forecast:
    minutes_per_week: float  # the pace the projection extrapolates (see projection_pace)
    projected_finish: date | None
    ahead_days: int | None  # positive: ahead of the planned finish; negative: behind
    planned_minutes: int  # what the plan asked for from the start to the last day that is over
    logged_minutes: int  # what the learner logged over the same days


def projection_pace(log: dict[date, int], *, today: date, rhythm: Rhythm) -> float:
    """Minutes per week over the last four weeks, measured like the plan measures them.

    The four weeks end on the last day that is over. Days of those four weeks before the
    start count as studied to plan: the first evenings move a two-year projection by days
    rather than by years, and a learner exactly on plan projects exactly the plan's pace,
    in any week.
    """
    end = last_day_over(log, today=today)
    first = end - timedelta(days=PACE_DAYS - 1)
    logged = sum(spent for day, spent in log.items() if max(first, rhythm.start) <= day <= end)
    assumed = rhythm.minutes_between(first, min(end, rhythm.start - timedelta(days=1)))
    return (logged + assumed) / PACE_WEEKS


def forecast(log: dict[date, int], *, today: date, rhythm: Rhythm, remaining_minutes: int,
             planned_finish: date | None) -> Forecast:
    """When the learner finishes at their pace, and how that compares with the planned finish.

    The remaining minutes are placed on the learner's study days at their pace, from tonight
    (or tomorrow once today is logged), just as the plan placed them at the planned pace:
    so the two dates compare like with like, to the day. There is no projection before the
    start or before the first session since the start.
    """
    end = last_day_over(log, today=today)
    logged = sum(spent for day, spent in log.items() if rhythm.start <= day <= end)
    planned = rhythm.minutes_between(rhythm.start, end)
    speed = projection_pace(log, today=today, rhythm=rhythm)
    projected = None
    if remaining_minutes <= 0:
        projected = max((day for day, spent in log.items() if spent > 0 and day <= today), default=today)
    elif today >= rhythm.start and logged > 0 and speed > 0:
        projected = finish_at_pace(remaining_minutes=remaining_minutes, minutes_per_week=speed,
                                   study_days=rhythm.study_days, first_day=end + timedelta(days=1))
    ahead = None if projected is None or planned_finish is None else (planned_finish - projected).days
    return Forecast(speed, projected, ahead, planned, logged)


def finish_at_pace(*, remaining_minutes: int, minutes_per_week: float, study_days: frozenset[int],
                   first_day: date) -> date | None:
    """The study day on which the remaining minutes are done, at a pace spread over the study days.

    None when the finish would be more than twenty years away (no plan survives that).
    """
    per_session = minutes_per_week / len(study_days)
    sessions = max(1, math.ceil(remaining_minutes / per_session - 1e-9))
    if sessions / len(study_days) * 7 > MAX_DAYS:
        return None
    return nth_study_day(first_day, study_days, sessions)


def streak(study_days: Iterable[date], *, today: date, planned_weekdays: frozenset[int] | set[int],
           start: date | None = None) -> int:
    """Consecutive planned study days with a session, counting back from today.

    Days the learner did not plan to study neither break nor extend the streak; today
    does not break it before the learner has had the chance to study. Nothing before the
    start counts: the streak of a learner on plan since the start is every day since.
    """
    studied = set(study_days)
    start = start or date.min
    if not planned_weekdays or today < start:
        return 0
    count, day = 0, today
    if day not in studied:
        day -= timedelta(days=1)
    while day >= start:
        if day.weekday() in planned_weekdays:
            if day not in studied:
                return count
            count += 1
        elif day in studied:
            count += 1
        day -= timedelta(days=1)
        if count == 0 and (today - day).days > 7:
            return 0
    return count


@dataclass(frozen=True)
class Week:
    monday: date
    minutes: int
    target: int  # the plan's minutes this week, from the start on
    over: bool  # the week has ended (today is past its Sunday)

    @property
    def counted(self) -> bool:
        """An ended week that asked for study (a start on a Friday of a Monday-to-Thursday plan asks none)."""
        return self.over and self.target > 0

    @property
    def met(self) -> bool:
        return self.counted and self.minutes >= self.target


def weeks_since_start(log: dict[date, int], *, today: date, rhythm: Rhythm, weeks: int = 12) -> list[Week]:
    """The weeks (Monday to Sunday) since the start, at most the last ``weeks``, with minutes and target.

    The week of the start counts from the start: its target is the plan's minutes on its study
    days from then on. The current week is listed but not over: it is never counted as a week
    missed or met before its Sunday has passed.
    """
    if today < rhythm.start:
        return []
    this_monday = today - timedelta(days=today.weekday())
    first_monday = max(rhythm.start - timedelta(days=rhythm.start.weekday()), this_monday - timedelta(weeks=weeks - 1))
    per_week = weekly_minutes((day, spent) for day, spent in log.items() if rhythm.start <= day <= today)
    result, monday = [], first_monday
    while monday <= this_monday:
        sunday = monday + timedelta(days=6)
        target = rhythm.minutes_between(max(monday, rhythm.start), sunday)
        result.append(Week(monday, per_week.get(monday, 0), target, over=sunday < today))
        monday += timedelta(weeks=1)
    return result


def weekly_minutes(log: Iterable[tuple[date, int]]) -> dict[date, int]:
    """Minutes per week, keyed by the Monday that starts the week."""
    weeks: dict[date, int] = {}
    for day, spent in log:
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + spent
    return dict(sorted(weeks.items()))
