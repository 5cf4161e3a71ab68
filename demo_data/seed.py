"""seed_demo: the demo accounts with months of history, so a newcomer sees the product at work.

Idempotent: a learner who has a roadmap keeps it (their history exists, whatever made it), and
the reviewer's queue is filled only when the demo's scans are gone. ``reset`` deletes the demo
accounts' history (and sets their passwords back) and builds it again. Everything is dated from
``today``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.demo import seed_demo_accounts
from assessments.models import Attempt, SelfRating
from certifications.models import CertificationRecord
from mentoring.models import Invitation, Mentorship, Notification
from roadmap.models import LearnerRoadmap, RoadmapStep, TargetRole

from . import cast, mentors, records, scans
from .study import Profile, replay
from .timeline import evening


@dataclass
class Report:
    accounts: list[tuple[str, str, str]]
    learners: dict[str, str] = field(default_factory=dict)  # username: what their history holds
    scans: scans.Scans | None = None
    problem: str = ""  # why part of the history could not be made
    seconds: float = 0.0


def seed_demo(*, password: str, reset: bool = False, today: date | None = None, with_scans: bool = True) -> Report:
    """Create the demo accounts and whatever part of their history is missing (all of it with ``reset``).

    Raises ValueError (nothing changed) for a password that is too short.
    """
    clock = time.monotonic()
    today = today or timezone.localdate()
    report = Report(accounts=seed_demo_accounts(password=password, reset=reset, accounts=cast.ACCOUNTS,
                                                names=cast.FIRST_NAMES))
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=[name for name, _role in cast.ACCOUNTS])}
    if not TargetRole.objects.exists():
        report.problem = "no curated content yet (manage.py load_content): the accounts have no history"
    else:
        if reset:
            clear_history(users.values())
        with transaction.atomic(), mentors.no_email(users.values()):
            report.learners = live(users=users, today=today)
    if with_scans and users.get(cast.REVIEWER):
        if reset:
            scans.clear()
        try:
            report.scans = scans.fill_review_queue(reviewer=users[cast.REVIEWER])
        except OSError as error:  # no Tesseract: the worker processes the queued scans once it has one
            report.problem = f"the sample scans could not be read here ({error})"
    report.seconds = time.monotonic() - clock
    return report


def live(*, users: dict, today: date) -> dict[str, str]:
    """Each learner's history unless they have a roadmap already; then the mentor's side of it."""
    now = evening(today, hour=12)
    mentor = users[cast.MENTOR]
    made, summary = {}, {}
    for profile in cast.PROFILES:
        user = users[profile.username]
        if LearnerRoadmap.objects.filter(user=user).exists():
            summary[profile.username] = "kept (has a roadmap)"
            continue
        history = replay(profile, user=user, today=today)
        made[profile.username] = history.roadmap
        mentors.mentor_from_the_start(learner=user, mentor=mentor, roadmap=history.roadmap, now=now)
        learner_records(profile, user=user, today=today)
        summary[profile.username] = describe(history.roadmap, sessions=history.sessions, today=today)
    mentors.write_comments(tuple(c for c in cast.COMMENTS if c.learner in made), users=users, roadmaps=made,
                           today=today, now=now)
    learner, phase, days_ago, comment = cast.MILESTONE
    if learner in made:
        mentors.ask_for_sign_off(roadmap=made[learner], phase_order=phase, days_ago=days_ago, comment=comment,
                                 today=today, now=now)
    return summary


def learner_records(profile: Profile, *, user, today: date) -> None:
    rng = random.Random(f"archpath-demo-quiz:{profile.username}")
    for username, slug, days_ago, knows in cast.QUIZZES:
        if username == profile.username:
            records.take_quiz(user=user, slug=slug, day=today - timedelta(days=days_ago), knows=knows, rng=rng)
    records.rate_myself(user=user, levels=cast.SELF_RATINGS.get(profile.username, {}))
    for username, slug, status, offset in cast.CERTIFICATIONS:
        if username == profile.username:
            records.track(user=user, slug=slug, status=status, offset=offset, today=today)


def describe(roadmap: LearnerRoadmap, *, sessions: int, today: date) -> str:
    done = roadmap.steps.filter(status=RoadmapStep.Status.DONE).count()
    weeks = (today - roadmap.start_date).days // 7
    return f"created: {weeks} weeks, {sessions} study sessions, {done} steps done"


@transaction.atomic
def clear_history(users) -> None:
    """Delete what the demo accounts made: roadmaps (with steps, sessions, comments and sign-offs),
    attempts, self-ratings, certification records, mentorships, invitations, notifications."""
    users = list(users)
    LearnerRoadmap.objects.filter(user__in=users).delete()
    Attempt.objects.filter(user__in=users).delete()
    SelfRating.objects.filter(user__in=users).delete()
    CertificationRecord.objects.filter(user__in=users).delete()
    Mentorship.objects.filter(Q(learner__in=users) | Q(mentor__in=users)).delete()
    Invitation.objects.filter(learner__in=users).delete()
    Notification.objects.filter(user__in=users).delete()
