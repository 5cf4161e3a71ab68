"""Changes a learner makes to one step of their roadmap."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import RoadmapStep
from .planning import schedule_roadmap

Status = RoadmapStep.Status
SkipSource = RoadmapStep.SkipSource


class StepChangeError(ValueError):
    pass


@transaction.atomic
def change_step(*, row: RoadmapStep, status: str | None = None, note: str | None = None, today: date) -> RoadmapStep:
    """Set a step's status and/or private note.

    Skipping a step or taking a skip back changes what is left to study, so the
    schedule is re-planned; marking done keeps the plan as the baseline the
    projection is measured against.
    """
    fields = []
    if note is not None:
        row.note = note
        fields.append("note")
    replan = False
    if status is not None and status != row.status:
        if status not in Status.values:
            raise StepChangeError(_("Unknown status %(status)r.") % {"status": status})
        replan = Status.SKIPPED in (status, row.status)
        if row.status == Status.SKIPPED:
            # Taking a skip back: keep it even when the answers would skip it again.
            row.keep, row.skip_source, row.skip_reason = True, SkipSource.NONE, ""
        if status == Status.SKIPPED:
            row.skip_source = SkipSource.LEARNER
            row.skip_reason = _("Skipped by you on %(day)s.") % {"day": date_format(today)}
            row.keep = False
        row.completed_on = today if status == Status.DONE else None
        row.status = status
        fields += ["status", "keep", "skip_source", "skip_reason", "completed_on"]
    if fields:
        row.save(update_fields=fields)
    if replan:
        schedule_roadmap(row.roadmap, today=today)
    return row


def log_session(session) -> None:
    """After a study session is saved: a step studied for the first time is now in progress."""
    if session.step is not None and session.step.status == Status.TODO:
        change_step(row=session.step, status=Status.IN_PROGRESS, today=session.date)
