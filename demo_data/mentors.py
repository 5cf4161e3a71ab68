"""The demo mentor's side of the story: invited by both learners, comments on their steps, a
milestone sign-off waiting. Through the mentoring services, re-dated to when it happened."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta

from mentoring.access import open_mentorship
from mentoring.comments import add_comment
from mentoring.invitations import invite, respond
from mentoring.milestones import request_review
from mentoring.models import Mentorship, NotificationPreference
from mentoring.notifications import set_email_preference
from roadmap.models import LearnerRoadmap, Phase, RoadmapStep

from .cast import Comment
from .timeline import evening, happened


@contextmanager
def no_email(users):
    """Notifications of replayed history stay in the site: nobody is e-mailed about last month.
    Each account's own e-mail setting is put back afterwards."""
    users = list(users)
    before = dict(NotificationPreference.objects.filter(user__in=users).values_list("user_id", "email"))
    for user in users:
        set_email_preference(user=user, enabled=False)
    yield
    NotificationPreference.objects.filter(user__in=users).exclude(user_id__in=before).delete()
    for user in users:
        if user.pk in before:
            set_email_preference(user=user, enabled=before[user.pk])


def mentor_from_the_start(*, learner, mentor, roadmap: LearnerRoadmap, now: datetime) -> Mentorship:
    """The learner invites the mentor in their first week and the mentor accepts."""
    with happened(evening(roadmap.start_date + timedelta(days=3)), now=now):
        mentorship = open_mentorship(learner=learner, mentor=mentor) or invite(
            learner=learner, identifier=mentor.get_username())
        if mentorship.status == Mentorship.Status.PENDING:
            respond(mentorship=mentorship, mentor=mentor, accept=True)
    return mentorship


def write_comments(comments: tuple[Comment, ...], *, users: dict, roadmaps: dict, today: date, now: datetime) -> int:
    """Each comment on its learner's step (a reply joins the thread of the comment before it)."""
    written, previous = 0, None
    for comment in comments:
        roadmap = roadmaps.get(comment.learner)
        rows = roadmap.steps.select_related("roadmap__user", "step") if roadmap else RoadmapStep.objects.none()
        if comment.step is None:
            row = rows.filter(status=RoadmapStep.Status.IN_PROGRESS).first()
        else:
            row = rows.filter(step__slug=comment.step).first()
        if row is None:
            previous = None
            continue
        with happened(evening(today - timedelta(days=comment.days_ago), hour=21), now=now):
            previous = add_comment(row=row, author=users[comment.author], body=comment.body,
                                   parent=previous if comment.reply else None)
        written += 1
    return written


def ask_for_sign_off(*, roadmap: LearnerRoadmap, phase_order: int, days_ago: int, comment: str, today: date,
                     now: datetime):
    """The learner asks their mentor to sign a phase off; it waits in the mentor's list."""
    phase = Phase.objects.filter(order=phase_order, pk__in=roadmap.steps.values("step__phase")).first()
    if phase is None:
        return None
    with happened(evening(today - timedelta(days=days_ago)), now=now):
        return request_review(roadmap=roadmap, phase=phase, user=roadmap.user, comment=comment)
