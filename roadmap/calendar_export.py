"""Turn a learner's roadmap into the sessions and exams of their calendar feed."""

from datetime import timedelta

from django.utils import timezone

from . import providers
from .calendar_feed import FeedSession, build_calendar
from .models import LearnerRoadmap
from .planning import current_schedule

FEED_WEEKS = 26  # calendar apps need the coming months, not two years of events


def calendar_for(roadmap: LearnerRoadmap, *, site_url: str) -> bytes:
    """The coming study sessions (what is left, from today on) and the booked exam dates."""
    today = timezone.localdate()
    rows, schedule = current_schedule(roadmap, start=max(roadmap.start_date, today))
    title = {row.id: row.step.title for row in rows}
    horizon = today + timedelta(weeks=FEED_WEEKS)
    sessions = [
        FeedSession(day=s.day, minutes=s.minutes, title=title[s.step_id], url=f"{site_url}roadmap/#step-{s.step_id}")
        for s in schedule.sessions
        if s.day <= horizon
    ]
    exams = providers.exams(user=roadmap.user)
    return build_calendar(owner=roadmap.user.username, sessions=sessions, exams=exams)
