"""Changes a learner makes to one step of their roadmap, and how a learner's skip reads."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import LearnerRoadmap, RoadmapStep
from .planning import schedule_roadmap

Status = RoadmapStep.Status
SkipSource = RoadmapStep.SkipSource


class StepChangeError(ValueError):
    pass


@transaction.atomic
def change_step(*, row: RoadmapStep, status: str | None = None, note: str | None = None,
                skip_reason: str | None = None, today: date) -> RoadmapStep:
    """Set a step's status and/or private note; a skip may come with the learner's own reason.

    Skipping a step or taking a skip back changes what is left to study, so the
    schedule is re-planned; marking done keeps the plan as the baseline the
    projection is measured against. A skip stores who (skip_source) and when
    (skipped_on), never a sentence: skip_note() words it for whoever reads it.
    """
    fields = []
    if note is not None:
        row.note = note
        fields.append("note")
    if skip_reason is not None and (status or row.status) != Status.SKIPPED:
        raise StepChangeError(_("A skip reason goes with skipping the step."))
    replan = False
    if status is not None and status != row.status:
        if status not in Status.values:
            raise StepChangeError(_("Unknown status %(status)r.") % {"status": status})
        replan = Status.SKIPPED in (status, row.status)
        if row.status == Status.SKIPPED:
            # Taking a skip back: keep it even when the answers would skip it again.
            row.keep, row.skip_source, row.skip_reason, row.skipped_on = True, SkipSource.NONE, "", None
        if status == Status.SKIPPED:
            row.skip_source, row.skip_reason, row.skipped_on = SkipSource.LEARNER, (skip_reason or "").strip(), today
            row.keep = False
        row.completed_on = today if status == Status.DONE else None
        row.status = status
        fields += ["status", "keep", "skip_source", "skip_reason", "skipped_on", "completed_on"]
    elif skip_reason is not None:
        # Already skipped: a new reason for the learner's own skip; the planner's reasons are not theirs to edit.
        if row.skip_source != SkipSource.LEARNER:
            raise StepChangeError(_("This step was skipped for you: take it back first, then skip it yourself."))
        row.skip_reason = skip_reason.strip()
        fields.append("skip_reason")
    if fields:
        row.save(update_fields=fields)
    if replan:
        schedule_roadmap(row.roadmap, today=today)
    return row


def skip_note(row: RoadmapStep, *, roadmap: LearnerRoadmap, viewer) -> str:
    """Why a skipped step is skipped, worded for the reader.

    The learner reads "Skipped by you on 13 Aug 2026: <reason>", a mentor "Skipped by Alice on
    13 Aug 2026: <reason>". The planner's and an assessment's reasons are already sentences, and so
    are learner skips stored before skipped_on existed: those read as stored.
    """
    if row.skip_source != SkipSource.LEARNER or row.skipped_on is None:
        return row.skip_reason
    day = date_format(row.skipped_on)
    if viewer is not None and viewer.pk == roadmap.user_id:
        text = _("Skipped by you on %(day)s") % {"day": day}
    else:
        learner = roadmap.user
        text = _("Skipped by %(name)s on %(day)s") % {"name": learner.get_full_name() or learner.get_username(),
                                                       "day": day}
    return f"{text}: {row.skip_reason}" if row.skip_reason else f"{text}."


def log_session(session) -> None:
    """After a study session is saved: a step studied for the first time is now in progress."""
    if session.step is not None and session.step.status == Status.TODO:
        change_step(row=session.step, status=Status.IN_PROGRESS, today=session.date)
