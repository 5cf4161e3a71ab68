"""Milestone sign-off: a mentor reviews one phase of a learner's roadmap, with its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roadmap.dashboard import PhaseGroup, summarise
from roadmap.models import LearnerRoadmap, Phase, RoadmapStep

from .access import MentoringError, active_mentors, is_active_mentor
from .models import MilestoneEvent, MilestoneReview
from .notifications import notify

R = MilestoneReview.Status
A = MilestoneEvent.Action
# action: (statuses it may start from, status it leads to, who may do it, comment required)
TRANSITIONS = {
    A.STARTED: ([R.REQUESTED], R.IN_REVIEW, "mentor", False),
    A.APPROVED: ([R.IN_REVIEW], R.APPROVED, "mentor", False),
    A.CHANGES_REQUESTED: ([R.IN_REVIEW], R.CHANGES_REQUESTED, "mentor", True),
    A.ANSWERED: ([R.CHANGES_REQUESTED], R.CHANGES_REQUESTED, "learner", True),
    A.REQUESTED: ([R.CHANGES_REQUESTED], R.REQUESTED, "learner", False),
}


# A mentor is warned before approving a phase with fewer of its steps done than this share.
SIGN_OFF_SHARE = 0.8


@dataclass(frozen=True)
class PhaseProgress:
    """One phase of a learner's roadmap as its sign-off page shows it. Steps skipped (by the learner, their
    background or an assessment) are out of the phase's scope, as they are out of the roadmap's percent done."""

    done: int
    total: int
    skipped: int
    hours_done: float
    hours_total: float
    logged_hours: float

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def far_from_done(self) -> bool:
        """Under SIGN_OFF_SHARE of the phase's steps done: the mentor is warned before approving."""
        return self.done < SIGN_OFF_SHARE * self.total

    @property
    def threshold_percent(self) -> int:
        return round(100 * SIGN_OFF_SHARE)


def phase_progress(*, roadmap: LearnerRoadmap, phase: Phase, today: date) -> PhaseProgress:
    """The phase's steps done out of those in scope, their hours, and the hours logged on them: read through
    the roadmap's own summary (roadmap.dashboard.summarise, without the learner's private notes), so the
    sign-off page and the learner's roadmap page can never disagree."""
    summary = summarise(roadmap, today=today, private=False)
    group = next((g for g in summary.phases if g.phase.pk == phase.pk), PhaseGroup(phase=phase))
    hours = group.hours
    skipped = RoadmapStep.Status.SKIPPED
    in_scope = [row for row in group.rows if row.status != skipped]
    return PhaseProgress(
        done=sum(1 for row in in_scope if row.status == RoadmapStep.Status.DONE),
        total=len(in_scope),
        skipped=len(group.rows) - len(in_scope),
        hours_done=hours[RoadmapStep.Status.DONE],
        hours_total=sum(value for status, value in hours.items() if status != skipped),
        logged_hours=sum(summary.logged_by_row.get(row.id, 0) for row in group.rows) / 60,
    )


def phases_of(roadmap: LearnerRoadmap):
    return Phase.objects.filter(pk__in=roadmap.steps.values("step__phase")).order_by("order")


def review_url(review: MilestoneReview) -> str:
    return reverse("mentoring:milestone", args=[review.pk])


@transaction.atomic
def request_review(*, roadmap: LearnerRoadmap, phase: Phase, user, comment: str = "") -> MilestoneReview:
    """The learner asks their mentors to sign a phase off (again, after changes were asked)."""
    if user.pk != roadmap.user_id:
        raise MentoringError(_("Only the learner can ask for a review of their roadmap."))
    if not roadmap.steps.filter(step__phase=phase).exists():
        raise MentoringError(_("This phase is not on your roadmap."))
    if not active_mentors(roadmap.user):
        raise MentoringError(_("Invite a mentor first: nobody could review this phase yet."))
    review, created = MilestoneReview.objects.get_or_create(roadmap=roadmap, phase=phase)
    if created:
        _record(review, user, A.REQUESTED, comment)
        return review
    return act(review=review, user=user, action=A.REQUESTED, comment=comment)


@transaction.atomic
def act(*, review: MilestoneReview, user, action: str, comment: str = "") -> MilestoneReview:
    """Start, approve, ask for changes, answer or request again, if the review's status allows it."""
    if action not in TRANSITIONS:
        raise MentoringError(_("Unknown action."))
    expected, target, side, needs_comment = TRANSITIONS[action]
    learner = review.roadmap.user
    allowed = user.pk == learner.pk if side == "learner" else is_active_mentor(user, learner)
    if not allowed:
        raise MentoringError(_("Only the learner's %(side)s can do that.") % {
            "side": _("mentor") if side == "mentor" else _("learner themself")})
    comment = comment.strip()
    if needs_comment and not comment:
        raise MentoringError(_("Say what to change in a comment."))
    changes = {"status": target, "updated": timezone.now()}
    if side == "mentor":
        changes["reviewer"] = user
    if not MilestoneReview.objects.filter(pk=review.pk, status__in=expected).update(**changes):
        review.refresh_from_db()
        raise MentoringError(_("This review is %(status)s: that step is not possible now.") % {
            "status": review.get_status_display()})
    review.refresh_from_db()
    _record(review, user, action, comment)
    return review


def _record(review: MilestoneReview, user, action: str, comment: str) -> None:
    MilestoneEvent.objects.create(review=review, actor=user, action=action, comment=comment)
    learner = review.roadmap.user
    text = _("%(name)s %(action)s: %(phase)s.") % {
        "name": user.get_username(), "action": A(action).label, "phase": review.phase.name}
    for person in {learner, *active_mentors(learner)} - {user}:
        notify(user=person, text=text, url=review_url(review))
