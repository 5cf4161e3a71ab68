"""Everything the roadmap page shows, computed in a fixed number of queries.

The rows are read once; pace, streak, projections and chart data are derived in
Python from those rows and one aggregated query of minutes per day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Sum

from . import progress
from .models import LearnerRoadmap, Resource, RoadmapStep, StudySession

Status = RoadmapStep.Status

# What stays the learner's own (issue 11): their mentors' queries never select these columns.
# The calendar token is a credential that would outlive a mentorship; step notes are labelled private.
PRIVATE_ROADMAP_FIELDS = ("calendar_token",)
PRIVATE_STEP_FIELDS = ("note",)


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
    rhythm: progress.Rhythm
    pace: progress.Pace
    forecast: progress.Forecast
    streak: int
    remaining_minutes: int
    next_row: RoadmapStep | None

    @property
    def projected_finish(self) -> date | None:
        return self.forecast.projected_finish

    @property
    def ahead_days(self) -> int | None:
        return self.forecast.ahead_days

    @property
    def pace_hours(self) -> float:
        return self.pace.minutes_per_week / 60

    @property
    def logged_hours(self) -> float:
        """Hours logged since the start, up to the last day that is over."""
        return self.forecast.logged_minutes / 60

    @property
    def planned_hours(self) -> float:
        """Hours the plan asked for over the same days."""
        return self.forecast.planned_minutes / 60

    @property
    def started(self) -> bool:
        return self.today >= self.roadmap.start_date

    @property
    def weeks(self) -> list[progress.Week]:
        """The weeks since the start (at most twelve), with minutes logged and the plan's target."""
        return progress.weeks_since_start(self.daily_minutes, today=self.today, rhythm=self.rhythm)

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in Status.values}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def scope_hours(self):
        """The estimated hours of every step not skipped."""
        return sum(r.step.estimated_hours for r in self.rows if r.status != Status.SKIPPED)

    @property
    def percent_done(self) -> int:
        scope = self.scope_hours
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
        """Today is a study night of the plan: not before its start (it said "Tonight" a week before)."""
        return self.today >= self.roadmap.start_date and self.today.weekday() in self.roadmap.study_days

    @property
    def next_study_day(self) -> date | None:
        first = max(self.today, self.roadmap.start_date)
        for offset in range(8):
            day = first + timedelta(days=offset)
            if day.weekday() in self.roadmap.study_days:
                return day
        return None


def summarise(roadmap: LearnerRoadmap, *, today: date, private: bool = True) -> Summary:
    """Everything the roadmap page shows for one learner (``private=False``: without their step notes)."""
    return summarise_many([roadmap], today=today, private=private)[roadmap.pk]


def summarise_many(roadmaps: list[LearnerRoadmap], *, today: date, private: bool = True) -> dict[int, Summary]:
    """The summary of each roadmap, by roadmap id, in four queries however many roadmaps.

    The learner's own page and their mentors' dashboard both read their figures here,
    so the two can never disagree. Mentors pass ``private=False``: the step notes are not read.
    """
    by_id = {roadmap.pk: roadmap for roadmap in roadmaps}
    resources = Prefetch("step__resources", queryset=Resource.objects.order_by("order"))
    rows: dict[int, list[RoadmapStep]] = {pk: [] for pk in by_id}
    visible = RoadmapStep.objects.all() if private else RoadmapStep.objects.defer(*PRIVATE_STEP_FIELDS)
    for row in (
        visible.filter(roadmap_id__in=by_id)
        .select_related("step", "step__phase", "step__certification")
        .prefetch_related(resources)
        .order_by("roadmap_id", "position")
    ):
        row.roadmap = by_id[row.roadmap_id]
        rows[row.roadmap_id].append(row)
    sessions = StudySession.objects.filter(roadmap_id__in=by_id)
    daily: dict[int, dict[date, int]] = {pk: {} for pk in by_id}
    for roadmap_id, day, total in (
        sessions.values_list("roadmap_id", "date").annotate(total=Sum("minutes")).order_by("roadmap_id", "date")
    ):
        daily[roadmap_id][day] = total
    logged = dict(sessions.filter(step__isnull=False).values_list("step").annotate(total=Sum("minutes")).order_by())
    return {pk: _summary(by_id[pk], rows[pk], daily[pk], logged, today) for pk in by_id}


def _summary(roadmap: LearnerRoadmap, rows: list[RoadmapStep], daily: dict[date, int], logged: dict[int, int],
             today: date) -> Summary:
    phases: dict[int, PhaseGroup] = {}
    for row in rows:
        phases.setdefault(row.step.phase_id, PhaseGroup(phase=row.step.phase)).rows.append(row)
    remaining = sum(
        max(row.step.estimated_hours * 60 - logged.get(row.id, 0), 0)
        for row in rows
        if row.status in (Status.TODO, Status.IN_PROGRESS)
    )
    rhythm = progress.Rhythm.of(start=roadmap.start_date, study_days=roadmap.study_days,
                                hours_per_week=float(roadmap.hours_per_week))
    candidates = [r for r in rows if r.status == Status.IN_PROGRESS] or [r for r in rows if r.status == Status.TODO]
    return Summary(
        roadmap=roadmap,
        phases=sorted(phases.values(), key=lambda g: g.phase.order),
        rows=rows,
        daily_minutes=daily,
        logged_by_row={row.id: logged[row.id] for row in rows if row.id in logged},
        today=today,
        rhythm=rhythm,
        pace=progress.pace(daily.items(), today=today, start=roadmap.start_date),
        forecast=progress.forecast(daily, today=today, rhythm=rhythm, remaining_minutes=remaining,
                                   planned_finish=roadmap.planned_finish),
        streak=progress.streak(daily, today=today, planned_weekdays=rhythm.study_days, start=roadmap.start_date),
        remaining_minutes=remaining,
        next_row=min(candidates, key=lambda r: (r.planned_start or date.max, r.position)) if candidates else None,
    )
