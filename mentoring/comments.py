"""Comments on the steps of a learner's roadmap, by the learner and their active mentors."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from roadmap.models import RoadmapStep

from .access import MentoringError, active_mentors, can_see, private_fields
from .models import StepComment
from .notifications import notify


def visible_row(user, pk) -> RoadmapStep | None:
    """The step whose comments ``user`` may read (the learner's or a mentee's), private fields unread;
    None when there is no such step or it is not theirs to see (both are a 404: no hint that it exists)."""
    rows = RoadmapStep.objects.select_related("roadmap__user", "step__phase")
    row = rows.defer(*private_fields(roadmap="roadmap__", step="")).filter(pk=pk).first()
    return row if row is not None and can_see(user, row.roadmap.user) else None


def comment_url(row: RoadmapStep) -> str:
    return reverse("mentoring:step_comments", args=[row.pk])


@transaction.atomic
def add_comment(*, row: RoadmapStep, author, body: str, parent: StepComment | None = None) -> StepComment:
    """Comment on a step, or reply in a thread; tells everyone else in the conversation."""
    learner = row.roadmap.user
    if not can_see(author, learner):
        raise MentoringError(_("Only the learner and their mentors can comment here."))
    body = body.strip()
    if not body:
        raise MentoringError(_("Write a comment first."))
    if parent is not None:
        if parent.row_id != row.pk:
            raise MentoringError(_("That reply belongs to another step."))
        parent = parent.parent or parent  # one level of threads: a reply to a reply joins the thread
    comment = StepComment.objects.create(row=row, author=author, body=body, parent=parent)
    text = _("%(name)s commented on “%(step)s”.") % {"name": author.get_username(), "step": row.step.title}
    for user in {learner, *active_mentors(learner)} - {author}:
        notify(user=user, text=text, url=comment_url(row))
    return comment


def threads(row: RoadmapStep) -> list[StepComment]:
    """The step's thread openers, oldest first, each with its replies prefetched."""
    return list(
        row.comments.filter(parent__isnull=True).select_related("author").prefetch_related("replies__author")
    )
