"""Learners who study on, above or below their plan, for the tests of the progress figures."""

from datetime import date
from decimal import Decimal

from roadmap.models import RoadmapStep, StudySession
from roadmap.planning import current_schedule
from tests.factories import make_roadmap

Status = RoadmapStep.Status


def plan_from(user, start: date):
    """6 hours a week over the four weekdays from ``start`` on (90 minutes a night), started on ``start``."""
    days = tuple(sorted({(start.weekday() + n) % 7 for n in range(4)}))
    return make_roadmap(user, today=start, hours_per_week=Decimal("6"), study_days=days)


def log(roadmap, *sessions: tuple[date, int]):
    row = roadmap.steps.filter(status=Status.TODO).order_by("planned_start", "position").first()
    StudySession.objects.bulk_create(StudySession(roadmap=roadmap, step=row, date=day, minutes=minutes)
                                     for day, minutes in sessions)


def log_the_plan(roadmap, *, until: date):
    """Every session the plan schedules before ``until``, on its step: a learner exactly on plan."""
    _rows, schedule = current_schedule(roadmap, start=roadmap.start_date)
    StudySession.objects.bulk_create(StudySession(roadmap=roadmap, step_id=s.step_id, date=s.day, minutes=s.minutes)
                                     for s in schedule.sessions if s.day < until)
