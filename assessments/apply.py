"""Apply a gap analysis to the learner's roadmap, and undo it.

Applying skips the steps whose skills are all mastered ("tested out"), moves the steps for
the weakest skills to the front of their phase as far as prerequisites allow, and re-plans
the schedule. Each changed row's previous state is recorded on an ``Application`` so that
undo restores it exactly. Steps that are done, in progress, skipped for another reason or
kept by the learner are never skipped; only steps still to do change places.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roadmap.models import LearnerRoadmap, RoadmapStep
from roadmap.planning import schedule_roadmap
from roadmap.scheduling import PlanStep, prerequisite_order

from . import gap
from .models import Application
from .services import gap_analysis

Status = RoadmapStep.Status
SkipSource = RoadmapStep.SkipSource
STATE = ("status", "skip_source", "skip_reason", "keep", "position")


class ApplyError(ValueError):
    pass


def tested_out_reason(evidence: list[gap.Evidence]) -> str:
    score = round(100 * sum(e.score for e in evidence) / len(evidence))
    day = max(e.last for e in evidence if e.last)
    return _("Tested out on %(day)s with %(score)s%%.") % {"day": date_format(day), "score": score}


def new_order(rows: list[RoadmapStep], prioritised: set[int]) -> list[RoadmapStep]:
    """Rows still to do, prioritised ones (and their prerequisites) first within their phase,
    then put in prerequisite order. Plain logic over rows with ``step.prerequisites`` prefetched."""
    by_step = {row.step_id: row for row in rows}
    wanted = set(prioritised)
    stack = [row for row in rows if row.id in prioritised]
    while stack:  # a prioritised step pulls its prerequisites forward with it
        for prerequisite in stack.pop().step.prerequisites.all():
            row = by_step.get(prerequisite.id)
            if row is not None and row.id not in wanted:
                wanted.add(row.id)
                stack.append(row)
    ranked = sorted(rows, key=lambda r: (r.step.phase.order, r.id not in wanted, r.position))
    plan = [PlanStep(id=r.id, remaining_minutes=0,
                     prerequisites=frozenset(by_step[p.id].id for p in r.step.prerequisites.all() if p.id in by_step))
            for r in ranked]
    row_of = {r.id: r for r in rows}
    return [row_of[step.id] for step in prerequisite_order(plan)]


@transaction.atomic
def apply_gap_analysis(*, roadmap: LearnerRoadmap, today: date | None = None) -> Application:
    today = today or timezone.localdate()
    roadmap = LearnerRoadmap.objects.select_for_update().get(pk=roadmap.pk)
    analysis = gap_analysis(user=roadmap.user, roadmap=roadmap)
    rows = list(roadmap.steps.select_related("step__phase").prefetch_related("step__skills", "step__prerequisites"))
    before = {row.id: {name: getattr(row, name) for name in STATE} for row in rows}
    mastered = {slug: e for slug, e in analysis.evidence.items() if e.mastered}
    skipped = 0
    for row in rows:
        slugs = [skill.slug for skill in row.step.skills.all()]
        if row.status == Status.TODO and not row.keep and slugs and all(s in mastered for s in slugs):
            row.status, row.skip_source = Status.SKIPPED, SkipSource.ASSESSMENT
            row.skip_reason = tested_out_reason([mastered[s] for s in slugs])
            skipped += 1
    weakest = set(gap.weakest(analysis.rows))
    todo = [row for row in rows if row.status == Status.TODO]
    prioritised = {row.id for row in todo if weakest & {skill.slug for skill in row.step.skills.all()}}
    slots = sorted(row.position for row in todo)
    for slot, row in zip(slots, new_order(todo, prioritised)):
        row.position = slot
    changed = [row for row in rows if any(getattr(row, name) != before[row.id][name] for name in STATE)]
    if not changed:
        raise ApplyError(_("Nothing to change: no step is tested out and the weakest skills' steps are already first."))
    RoadmapStep.objects.bulk_update(changed, list(STATE))
    application = Application.objects.create(
        roadmap=roadmap,
        changes=[{"row": row.id, **before[row.id]} for row in changed],
        skipped=skipped,
        moved=sum(1 for row in changed if row.position != before[row.id]["position"]),
    )
    schedule_roadmap(roadmap, today=today)
    return application


def last_application(roadmap: LearnerRoadmap) -> Application | None:
    return roadmap.applications.filter(undone__isnull=True).first()


@transaction.atomic
def undo_application(*, roadmap: LearnerRoadmap, today: date | None = None) -> Application:
    """Restore every step the latest application changed. A step the learner has since started
    or finished keeps its status; only its place is restored."""
    today = today or timezone.localdate()
    roadmap = LearnerRoadmap.objects.select_for_update().get(pk=roadmap.pk)
    application = last_application(roadmap)
    if application is None:
        raise ApplyError(_("Nothing to undo."))
    rows = {row.id: row for row in roadmap.steps.filter(id__in=[c["row"] for c in application.changes])}
    for change in application.changes:
        row = rows.get(change["row"])
        if row is None:
            continue
        fields = ["position"] if row.status in (Status.DONE, Status.IN_PROGRESS) else STATE
        for name in fields:
            setattr(row, name, change[name])
    RoadmapStep.objects.bulk_update(rows.values(), list(STATE))
    application.undone = timezone.now()
    application.save(update_fields=["undone"])
    schedule_roadmap(roadmap, today=today)
    return application
