"""Apply a gap analysis to the learner's roadmap, and undo it.

Applying skips the steps whose skills are all mastered ("tested out"), moves the steps for
the weakest skills to the front of their phase as far as prerequisites allow, and re-plans
the schedule; a step once tested out whose skills the newer answers no longer show mastered is reopened.
``preview`` says which steps would move before anything is written. Each changed row's previous
state is recorded on an ``Application`` so that undo restores it exactly. Steps that are done, in progress, skipped for another reason or
kept by the learner are never skipped; only steps still to do change places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Move:
    """One step an application changes: ``kind`` is SKIP (tested out), REOPEN (a step once tested out whose
    skills are no longer all mastered goes back to do) or EARLIER (moved up its phase); ``reason`` for a skip."""

    row: int
    title: str
    phase: str
    kind: str
    reason: str = ""


SKIP, REOPEN, EARLIER = "skip", "reopen", "earlier"


@dataclass
class Plan:
    rows: list[RoadmapStep]
    before: dict[int, dict]
    changed: list[RoadmapStep] = field(default_factory=list)

    @property
    def moves(self) -> list[Move]:
        return [move for row in self.changed if (move := _move(row, self.before[row.id]))]

    @property
    def skipped(self) -> int:
        return sum(1 for move in self.moves if move.kind == SKIP)

    @property
    def moved(self) -> int:
        return sum(1 for row in self.changed if row.position != self.before[row.id]["position"])


def _move(row: RoadmapStep, before: dict) -> Move | None:
    title, phase = row.step.title, row.step.phase.name
    if row.status == Status.SKIPPED and before["status"] != Status.SKIPPED:
        return Move(row.id, title, phase, SKIP, row.skip_reason)
    if before["status"] == Status.SKIPPED and row.status == Status.TODO:
        return Move(row.id, title, phase, REOPEN)
    if row.position < before["position"]:
        return Move(row.id, title, phase, EARLIER)
    return None


def plan_application(roadmap: LearnerRoadmap) -> Plan:
    """What applying the gap analysis would change, computed on rows in memory, nothing written: the preview
    the gap page shows, and the very changes apply_gap_analysis then saves."""
    analysis = gap_analysis(user=roadmap.user, roadmap=roadmap)
    rows = list(roadmap.steps.select_related("step__phase").prefetch_related("step__skills", "step__prerequisites"))
    before = {row.id: {name: getattr(row, name) for name in STATE} for row in rows}
    mastered = {slug: e for slug, e in analysis.evidence.items() if e.mastered}
    for row in rows:
        slugs = [skill.slug for skill in row.step.skills.all()]
        all_mastered = bool(slugs) and all(s in mastered for s in slugs)
        if row.status == Status.TODO and not row.keep and all_mastered:
            row.status, row.skip_source = Status.SKIPPED, SkipSource.ASSESSMENT
            row.skip_reason = tested_out_reason([mastered[s] for s in slugs])
        elif row.status == Status.SKIPPED and row.skip_source == SkipSource.ASSESSMENT and not all_mastered:
            # Tested out once, but newer answers no longer show mastery: the step goes back to do.
            row.status, row.skip_source, row.skip_reason = Status.TODO, "", ""
    weakest = set(gap.weakest(analysis.rows))
    todo = [row for row in rows if row.status == Status.TODO]
    prioritised = {row.id for row in todo if weakest & {skill.slug for skill in row.step.skills.all()}}
    slots = sorted(row.position for row in todo)
    for slot, row in zip(slots, new_order(todo, prioritised)):
        row.position = slot
    changed = [row for row in rows if any(getattr(row, name) != before[row.id][name] for name in STATE)]
    return Plan(rows=rows, before=before, changed=changed)


def preview(roadmap: LearnerRoadmap) -> list[Move]:
    """The steps applying would skip, reopen or move earlier, in roadmap order; [] when nothing would change."""
    plan = plan_application(roadmap)
    order = {row.id: (row.step.phase.order, row.position) for row in plan.rows}
    return sorted(plan.moves, key=lambda move: order[move.row])


@transaction.atomic
def apply_gap_analysis(*, roadmap: LearnerRoadmap, today: date | None = None) -> Application:
    today = today or timezone.localdate()
    roadmap = LearnerRoadmap.objects.select_for_update().get(pk=roadmap.pk)
    plan = plan_application(roadmap)
    if not plan.changed:
        raise ApplyError(_("Nothing to change: no step is tested out and the weakest skills' steps are already first."))
    RoadmapStep.objects.bulk_update(plan.changed, list(STATE))
    application = Application.objects.create(
        roadmap=roadmap,
        changes=[{"row": row.id, **plan.before[row.id]} for row in plan.changed],
        skipped=plan.skipped,
        moved=plan.moved,
    )
    schedule_roadmap(roadmap, today=today)
    return application


def applied_moves(application: Application) -> list[Move]:
    """What an application changed, read from its record of each step's state before and the step now:
    skipped as tested out, reopened, or moved earlier (a step since changed by the learner reads as it is now)."""
    before = {change["row"]: change for change in application.changes}
    rows = application.roadmap.steps.filter(id__in=before).select_related("step__phase").order_by(
        "step__phase__order", "position")
    return [move for row in rows if (move := _move(row, before[row.id]))]


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
