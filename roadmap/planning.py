"""Generate and re-plan a learner's roadmap from the curated content and their answers.

Re-planning keeps every status, note and logged minute: rows are matched by step,
automatic skips are recomputed, and only what the learner has not finished is
scheduled again, from today on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Background, Cloud, Step, TargetRole
from .models import LearnerRoadmap, RoadmapStep
from .scheduling import PlanStep, Schedule, build_schedule

Status = RoadmapStep.Status
SkipSource = RoadmapStep.SkipSource
SCHEDULED = (Status.TODO, Status.IN_PROGRESS)


@dataclass(frozen=True)
class Answers:
    background: Background
    target_role: TargetRole
    hours_per_week: Decimal
    study_days: tuple[int, ...]
    start_date: date
    cloud: str = ""


def steps_for_role(role: TargetRole):
    """The active content steps a target role needs, in phase and step order."""
    return (
        Step.objects.active()
        .filter(Q(target_roles=role) | Q(target_roles__isnull=True))
        .distinct()
        .select_related("phase")
        .prefetch_related("skills", "prerequisites")
        .order_by("phase__order", "order", "slug")
    )


def automatic_skip(step: Step, answers: Answers, *, covered_skills: set[int], skipped_ids: set[int]):
    """Why the answers make a step unnecessary: (source, reason) or None."""
    background = answers.background
    skill_ids = {skill.id for skill in step.skills.all()}
    if step.id in skipped_ids or (skill_ids and skill_ids <= covered_skills):
        reason = background.skip_reason or _("%(background)s already bring this.") % {"background": background.name}
        return SkipSource.BACKGROUND, reason
    if step.cloud and answers.cloud and step.cloud != answers.cloud:
        reason = _("Optional: this step is for %(step_cloud)s and you chose %(cloud)s.") % {
            "step_cloud": Cloud(step.cloud).label,
            "cloud": Cloud(answers.cloud).label,
        }
        return SkipSource.CLOUD, reason
    return None


@transaction.atomic
def plan_roadmap(*, user, answers: Answers, today: date | None = None) -> LearnerRoadmap:
    """Create the learner's roadmap, or re-plan it with new answers; then schedule it."""
    today = today or timezone.localdate()
    roadmap, _created = LearnerRoadmap.objects.select_for_update().update_or_create(
        user=user,
        defaults={
            "background": answers.background,
            "target_role": answers.target_role,
            "hours_per_week": answers.hours_per_week,
            "study_days": sorted(set(answers.study_days)),
            "start_date": answers.start_date,
            "cloud": answers.cloud,
        },
    )
    existing = {row.step_id: row for row in roadmap.steps.all()}
    covered = set(answers.background.covers_skills.values_list("id", flat=True))
    skipped_ids = set(answers.background.skips_steps.values_list("id", flat=True))
    to_create, to_update = [], []
    for position, step in enumerate(steps_for_role(answers.target_role)):
        row = existing.pop(step.id, None) or RoadmapStep(roadmap=roadmap, step=step)
        row.position = position
        row.optional = bool(step.cloud and answers.cloud and step.cloud != answers.cloud)
        apply_automatic_skip(row, automatic_skip(step, answers, covered_skills=covered, skipped_ids=skipped_ids))
        (to_update if row.pk else to_create).append(row)
    # Steps the new answers no longer include stay in the roadmap (with their history), at the end.
    for offset, row in enumerate(sorted(existing.values(), key=lambda r: r.position)):
        row.position = len(to_create) + len(to_update) + offset
        to_update.append(row)
    RoadmapStep.objects.bulk_create(to_create)
    fields = ["position", "optional", "status", "skip_source", "skip_reason"]
    RoadmapStep.objects.bulk_update(to_update, fields)
    schedule_roadmap(roadmap, today=today)
    return roadmap


def apply_automatic_skip(row: RoadmapStep, skip) -> None:
    """Recompute an automatic skip; never touch what the learner decided or finished."""
    automatic = row.skip_source in (SkipSource.BACKGROUND, SkipSource.CLOUD)
    if row.status in (Status.DONE, Status.IN_PROGRESS) or row.keep:
        return
    if row.status == Status.SKIPPED and not automatic:
        return  # skipped by the learner or by an assessment: theirs to take back
    if skip is None:
        row.status, row.skip_source, row.skip_reason = Status.TODO, SkipSource.NONE, ""
    else:
        row.status, (row.skip_source, row.skip_reason) = Status.SKIPPED, skip


def logged_minutes(roadmap: LearnerRoadmap) -> dict[int, int]:
    """Minutes logged per roadmap step, in one query."""
    rows = roadmap.sessions.filter(step__isnull=False).values("step").annotate(total=Sum("minutes"))
    return {row["step"]: row["total"] for row in rows}


def current_schedule(roadmap: LearnerRoadmap, *, start: date) -> tuple[list[RoadmapStep], Schedule]:
    """What is left to study (estimate less logged time), placed on study days from ``start``."""
    rows = list(roadmap.steps.select_related("step").prefetch_related("step__prerequisites"))
    logged = logged_minutes(roadmap)
    # A prerequisite that is done, skipped or archived no longer holds its dependants back: only
    # the steps still to study order each other (an archived step sits at the end of the list).
    to_study = {row.step_id: row.id for row in rows if row.status in SCHEDULED and not row.step.archived}
    plan = [
        PlanStep(
            id=row.id,
            remaining_minutes=max(row.step.estimated_hours * 60 - logged.get(row.id, 0), 0),
            prerequisites=frozenset(to_study[p.id] for p in row.step.prerequisites.all() if p.id in to_study),
            active=row.step_id in to_study,
        )
        for row in rows
    ]
    schedule = build_schedule(
        plan, start=start, study_days=frozenset(roadmap.study_days), hours_per_week=float(roadmap.hours_per_week)
    )
    return rows, schedule


def schedule_roadmap(roadmap: LearnerRoadmap, *, today: date) -> None:
    """Give every step still to study planned dates, from the later of today and the start date.

    The planned dates are the baseline the projection at the learner's real pace is
    compared with; they move only when the plan itself changes (answers, skips).
    """
    rows, schedule = current_schedule(roadmap, start=max(roadmap.start_date, today))
    for row in rows:
        dates = schedule.steps[row.id]
        row.planned_start, row.planned_end = dates.start, dates.end
    RoadmapStep.objects.bulk_update(rows, ["planned_start", "planned_end"])
    roadmap.planned_finish = schedule.finish
    roadmap.save(update_fields=["planned_finish", "updated"])
