"""Everything the roadmap page shows, computed in a fixed number of queries.

The rows are read once; pace, streak, projections and chart data are derived in
Python from those rows and one aggregated query of minutes per day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Sum

from . import progress
from .models import Resource
from .personal import LearnerRoadmap, RoadmapStep
from .scheduling import projected_finish

Status = RoadmapStep.Status


@dataclass
class PhaseGroup:
    phase: object
    rows: list[RoadmapStep] = field(default_factory=list)

    @property
    def hours(self) -> dict[str, float]:
        totals = {status: 0.0 for status in Status.values}
        for row in self.rows:
            totals[row.status] += row.step.estimated_hours
        return totals


@dataclass
class Summary:
    roadmap: LearnerRoadmap
    phases: list[PhaseGroup]
    rows: list[RoadmapStep]
    daily_minutes: dict[date, int]
    logged_by_row: dict[int, int]
    today: date
    pace: progress.Pace
    streak: int
    remaining_minutes: int
    projected_finish: date | None
    ahead_days: int | None
    next_row: RoadmapStep | None

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in Status.values}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def percent_done(self) -> int:
        scope = sum(r.step.estimated_hours for r in self.rows if r.status != Status.SKIPPED)
        done = sum(r.step.estimated_hours for r in self.rows if r.status == Status.DONE)
        return round(100 * done / scope) if scope else 0

    @property
    def behind_days(self) -> int | None:
        return None if self.ahead_days is None else -self.ahead_days

    @property
    def target_minutes_per_week(self) -> float:
        return float(self.roadmap.hours_per_week) * 60

    @property
    def studies_today(self) -> bool:
        return self.today.weekday() in self.roadmap.study_days

    @property
    def next_study_day(self) -> date | None:
        for offset in range(8):
            day = self.today + timedelta(days=offset)
            if day.weekday() in self.roadmap.study_days:
                return day
        return None


def roadmap_rows(roadmap: LearnerRoadmap) -> list[RoadmapStep]:
    resources = Prefetch("step__resources", queryset=Resource.objects.order_by("order"))
    return list(
        roadmap.steps.select_related("step", "step__phase", "step__certification").prefetch_related(resources)
    )


def summarise(roadmap: LearnerRoadmap, *, today: date) -> Summary:
    rows = roadmap_rows(roadmap)
    per_day = roadmap.sessions.values("date").annotate(total=Sum("minutes")).order_by("date")
    daily = {row["date"]: row["total"] for row in per_day}
    per_step = roadmap.sessions.filter(step__isnull=False).values("step").annotate(total=Sum("minutes")).order_by()
    logged = {row["step"]: row["total"] for row in per_step}
    phases: dict[int, PhaseGroup] = {}
    for row in rows:
        phases.setdefault(row.step.phase_id, PhaseGroup(phase=row.step.phase)).rows.append(row)
    remaining = sum(
        max(row.step.estimated_hours * 60 - logged.get(row.id, 0), 0)
        for row in rows
        if row.status in (Status.TODO, Status.IN_PROGRESS)
    )
    pace = progress.pace(daily.items(), today=today)
    projected = projected_finish(remaining_minutes=remaining, minutes_per_week=pace.minutes_per_week, today=today)
    candidates = [r for r in rows if r.status == Status.IN_PROGRESS] or [r for r in rows if r.status == Status.TODO]
    return Summary(
        roadmap=roadmap,
        phases=sorted(phases.values(), key=lambda g: g.phase.order),
        rows=rows,
        daily_minutes=daily,
        logged_by_row=logged,
        today=today,
        pace=pace,
        streak=progress.streak(daily, today=today, planned_weekdays=frozenset(roadmap.study_days)),
        remaining_minutes=remaining,
        projected_finish=projected,
        ahead_days=progress.ahead_by_days(planned=roadmap.planned_finish, projected=projected),
        next_row=min(candidates, key=lambda r: (r.planned_start or date.max, r.position)) if candidates else None,
    )
