"""A demo learner's months of study, replayed night by night through the roadmap's own services.

The roadmap is planned on its start date (plan_roadmap), every evening's time is logged as a
study session (log_session moves a step to in progress), a step is marked done once the learner
has spent about its estimate on it (change_step), and a skip is the learner's own, with their
reason in the step's note. A seeded random.Random draws the minutes, so the history is the same
every run; only the weekdays it falls on follow today.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from roadmap.models import Background, LearnerRoadmap, RoadmapStep, StudySession, TargetRole
from roadmap.planning import Answers, plan_roadmap
from roadmap.step_status import change_step, log_session

Status = RoadmapStep.Status
# A leftover shorter than this goes on the step just finished rather than opening the next one.
SHORTEST_START = 15


@dataclass(frozen=True)
class Profile:
    """Who a demo learner is and how they study."""

    username: str
    background: str
    target_role: str
    cloud: str
    hours_per_week: Decimal
    study_days: tuple[int, ...]  # Monday = 0
    weeks: int  # how long ago they started
    seed: int
    missed_weeks: frozenset[int] = frozenset()  # weeks (from the start) without any study
    fading_from_week: int | None = None  # from then on they come less and less often...
    idle_days: int = 0  # ...and have not studied at all for this many days
    steady_days: int = 0  # every planned evening of these last days studied, nothing else
    skip: tuple[str, str, int] | None = None  # (step slug, their reason, days after the start)
    notes: dict[str, str] = field(default_factory=dict)  # private step notes, by step slug
    session_notes: dict[str, str] = field(default_factory=dict)  # the first session's note, by step slug

    def start(self, today: date) -> date:
        return today - timedelta(weeks=self.weeks)


GENERIC_NOTES = (
    "Exercises at the end of the chapter.",
    "Re-read yesterday's notes first.",
    "Short one: tired after work.",
    "Worked through the examples in a notebook.",
    "Flashcards on the train, then the exercises.",
)


def plan(profile: Profile, *, user, today: date) -> LearnerRoadmap:
    """The roadmap as the learner planned it on their first day."""
    start = profile.start(today)
    answers = Answers(
        background=Background.objects.get(slug=profile.background),
        target_role=TargetRole.objects.get(slug=profile.target_role),
        hours_per_week=profile.hours_per_week,
        study_days=profile.study_days,
        start_date=start,
        cloud=profile.cloud,
    )
    return plan_roadmap(user=user, answers=answers, today=start)


class Replay:
    """The learner's evenings from the start date to yesterday."""

    def __init__(self, profile: Profile, roadmap: LearnerRoadmap, *, today: date):
        self.profile, self.roadmap, self.today = profile, roadmap, today
        self.rng = random.Random(f"archpath-demo:{profile.username}:{profile.seed}")
        self.logged: dict[int, int] = {}
        self.goal: dict[int, int] = {}  # minutes after which the learner calls a step done
        self.sessions = 0
        self.rows = self._open_rows()

    def _open_rows(self) -> list[RoadmapStep]:
        rows = self.roadmap.steps.filter(status__in=(Status.TODO, Status.IN_PROGRESS)).select_related("step")
        rows = rows.filter(step__archived=False)
        return sorted(rows, key=lambda r: (r.status != Status.IN_PROGRESS, r.planned_start or date.max, r.position))

    def run(self) -> None:
        start = self.profile.start(self.today)
        skip_day = start + timedelta(days=self.profile.skip[2]) if self.profile.skip else None
        day = start
        while day < self.today:
            if day == skip_day:
                self._skip(day)
            for minutes in self._evening(day, week=(day - start).days // 7):
                self._study(day, minutes)
            day += timedelta(days=1)
        self._finish()

    def _evening(self, day: date, *, week: int) -> list[int]:
        """The minutes studied on ``day`` (none, or one session)."""
        profile, rng = self.profile, self.rng
        # Drawn every day whatever happens, so one choice never shifts the rest of the history.
        attend, extra, length = rng.random(), rng.random(), rng.gauss(0, 1)
        if week in profile.missed_weeks or (self.today - day).days <= profile.idle_days:
            return []
        planned = day.weekday() in profile.study_days
        chance = 0.92 if planned else 0.08  # a night off now and then; a bonus hour on a free day
        if (self.today - day).days <= profile.steady_days:
            chance = 1.0 if planned else 0.0
        if profile.fading_from_week is not None and week >= profile.fading_from_week:
            chance *= max(0.25, 1 - 0.2 * (week - profile.fading_from_week + 1))
        if (attend if planned else extra) >= chance:
            return []
        weekend = day.weekday() >= 5
        mean, spread, low, high = (135, 25, 75, 210) if weekend else (85, 15, 40, 150)
        if (self.today - day).days <= profile.steady_days:
            spread /= 3  # in a rhythm: evenings of about the same length
        if not planned:
            mean, spread, low, high = 45, 10, 25, 75
        return [int(min(max(mean + spread * length, low), high) / 5) * 5]

    def _study(self, day: date, minutes: int) -> None:
        while minutes > 0:
            row = self.rows[0] if self.rows else None
            if row is None:
                self._log(day, None, minutes)
                return
            goal = self.goal.setdefault(row.id, self._goal(row))
            need = goal - self.logged.get(row.id, 0)
            spend = minutes if minutes - need < SHORTEST_START else need
            self._log(day, row, spend)
            minutes -= spend
            if self.logged[row.id] >= goal:
                change_step(row=row, status=Status.DONE, today=day)
                self.rows.pop(0)

    def _goal(self, row: RoadmapStep) -> int:
        # Some steps go faster than their estimate, some slower.
        return max(30, round(row.step.estimated_hours * 60 * self.rng.uniform(0.8, 1.1)))

    def _log(self, day: date, row: RoadmapStep | None, minutes: int) -> None:
        first = row is not None and row.id not in self.logged
        note = ""
        if first and row.step.slug in self.profile.session_notes:
            note = self.profile.session_notes[row.step.slug]
        elif self.rng.random() < 0.15:
            note = self.rng.choice(GENERIC_NOTES)
        if row is None and not note:
            note = "Reading around: blog posts and a conference talk."
        session = StudySession.objects.create(roadmap=self.roadmap, step=row, date=day, minutes=minutes, note=note)
        log_session(session)
        if row is not None:
            self.logged[row.id] = self.logged.get(row.id, 0) + minutes
        self.sessions += 1

    def _skip(self, day: date) -> None:
        slug, reason, _days = self.profile.skip
        row = next((r for r in self.rows if r.step.slug == slug), None)
        if row is not None and row.id not in self.logged:
            change_step(row=row, status=Status.SKIPPED, note=reason, today=day)
            self.rows = self._open_rows()  # skipping re-plans: the dates moved

    def _finish(self) -> None:
        """The learner's notes; a step they are in the middle of, even if the last night closed one."""
        yesterday = self.today - timedelta(days=1)
        for row in self.roadmap.steps.filter(step__slug__in=self.profile.notes).exclude(status=Status.TODO):
            change_step(row=row, note=self.profile.notes[row.step.slug], today=yesterday)
        if self.rows and not any(r.status == Status.IN_PROGRESS for r in self.rows):
            change_step(row=self.rows[0], status=Status.IN_PROGRESS, today=yesterday)


def replay(profile: Profile, *, user, today: date) -> Replay:
    """Plan the learner's roadmap on their start date and live through every evening since."""
    roadmap = plan(profile, user=user, today=today)
    history = Replay(profile, roadmap, today=today)
    history.run()
    return history
