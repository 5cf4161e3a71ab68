"""Who may see what: a mentor sees a learner's data only while their mentorship is ACTIVE.

A pending, declined or ended mentorship grants nothing, and ending one takes effect on
the next request. Each rule is a query filter, so what a mentor may not see is never read.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from roadmap.dashboard import PRIVATE_ROADMAP_FIELDS, PRIVATE_STEP_FIELDS
from roadmap.models import LearnerRoadmap

from .models import Mentorship

User = get_user_model()
M = Mentorship.Status
# The mentorships a learner sees as such: active, or ended after the mentor accepted. One that waits for an
# answer, was declined or was withdrawn, the learner knows only as the invitation they typed (Invitation).
ACCEPTED = Q(status=M.ACTIVE) | Q(status=M.ENDED, responded_at__isnull=False)


class MentoringError(Exception):
    """A request the rules refuse; the message is meant for the person who made it."""


def find_user(identifier: str):
    identifier = identifier.strip()
    field_name = "email__iexact" if "@" in identifier else "username__iexact"
    return User.objects.filter(**{field_name: identifier}, is_active=True).order_by("pk").first()


def private_fields(*, roadmap: str | None = None, step: str | None = None) -> list[str]:
    """What a query read for a mentor must defer, given its paths to the roadmap and to the step.

    ``private_fields(roadmap="roadmap__", step="")`` for a RoadmapStep query that follows its roadmap;
    None for a model the query does not read.
    """
    return [*(f"{roadmap}{name}" for name in PRIVATE_ROADMAP_FIELDS if roadmap is not None),
            *(f"{step}{name}" for name in PRIVATE_STEP_FIELDS if step is not None)]


def mentorships_of(user):
    """The mentorships ``user`` may see or act on: every one as the mentor, the accepted ones as the learner.
    Anything else is a 404 to them, like a mentorship that does not exist."""
    return Mentorship.objects.filter(Q(mentor=user) | Q(ACCEPTED, learner=user))


def open_mentorship(*, learner, mentor) -> Mentorship | None:
    return Mentorship.objects.filter(learner=learner, mentor=mentor, status__in=[M.PENDING, M.ACTIVE]).first()


def is_active_mentor(mentor, learner) -> bool:
    return Mentorship.objects.filter(mentor=mentor, learner=learner, status=M.ACTIVE).exists()


def can_see(user, learner) -> bool:
    """The learner themself, or a mentor with an active mentorship: nobody else."""
    return user.is_authenticated and (user.pk == learner.pk or is_active_mentor(user, learner))


def mentee_roadmap(*, mentor, username: str) -> LearnerRoadmap | None:
    """The roadmap of an active mentee, or None (the caller answers 404 either way); never its calendar token."""
    return (
        LearnerRoadmap.objects.select_related("user", "background", "target_role").defer(*private_fields(roadmap=""))
        .filter(user__username=username, user__mentorships__mentor=mentor, user__mentorships__status=M.ACTIVE)
        .first()
    )


def active_mentors(learner) -> list:
    return [m.mentor for m in Mentorship.objects.filter(learner=learner, status=M.ACTIVE).select_related("mentor")]
