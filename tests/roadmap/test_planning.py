"""Generating and re-planning a learner's roadmap from the real curated content."""

from datetime import timedelta
from decimal import Decimal

from roadmap.models import Background, RoadmapStep, Step, StudySession, TargetRole
from roadmap.planning import plan_roadmap
from tests.factories import START as TODAY
from tests.factories import roadmap_answers as answers

Status = RoadmapStep.Status


def test_a_roadmap_has_the_role_steps_in_prerequisite_order_with_planned_dates(alice, content):
    roadmap = plan_roadmap(user=alice, answers=answers(), today=TODAY)
    rows = list(roadmap.steps.select_related("step"))
    assert len(rows) == Step.objects.filter(target_roles__isnull=True).count() + Step.objects.filter(
        target_roles__slug="ml-architect"
    ).count()
    scheduled = [r for r in rows if r.status == Status.TODO]
    assert scheduled and all(r.planned_start and r.planned_end for r in scheduled)
    assert all(r.planned_start.weekday() in (0, 1, 2, 3) for r in scheduled)
    end_of = {r.step_id: r.planned_end for r in rows}
    for row in scheduled:
        for prereq in row.step.prerequisites.all():
            assert end_of.get(prereq.id) is None or end_of[prereq.id] <= row.planned_start
    assert roadmap.planned_finish == max(r.planned_end for r in scheduled)


def test_a_software_developer_skips_what_the_background_brings_with_the_reason(alice, content):
    roadmap = plan_roadmap(user=alice, answers=answers(), today=TODAY)
    background = Background.objects.get(slug="software-developer")
    skipped = roadmap.steps.filter(skip_source=RoadmapStep.SkipSource.BACKGROUND)
    assert skipped.exists()
    assert set(background.skips_steps.values_list("id", flat=True)) <= set(skipped.values_list("step_id", flat=True))
    assert all(row.skip_reason == background.skip_reason and row.planned_start is None for row in skipped)


def test_steps_for_another_cloud_are_optional_and_skipped_with_the_reason(alice, content):
    roadmap = plan_roadmap(user=alice, answers=answers(cloud="aws"), today=TODAY)
    azure = roadmap.steps.filter(step__cloud="azure")
    assert azure.exists()
    assert all(r.optional and r.status == Status.SKIPPED and "Microsoft Azure" in r.skip_reason for r in azure)
    assert not roadmap.steps.filter(step__cloud="aws", status=Status.SKIPPED).exists()


def test_answering_again_keeps_every_status_note_and_logged_minute(alice, content):
    roadmap = plan_roadmap(user=alice, answers=answers(), today=TODAY)
    first, second = roadmap.steps.filter(status=Status.TODO)[:2]
    first.status, first.note = Status.DONE, "finished early"
    first.save()
    second.status = Status.IN_PROGRESS
    second.save()
    StudySession.objects.create(roadmap=roadmap, step=second, date=TODAY, minutes=90)

    replanned = plan_roadmap(
        user=alice,
        answers=answers(target_role=TargetRole.objects.get(slug="ai-architect"), hours_per_week=Decimal(10)),
        today=TODAY + timedelta(days=30),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.note, first.planned_start) == (Status.DONE, "finished early", None)
    assert second.status == Status.IN_PROGRESS
    assert replanned.sessions.get().minutes == 90
    assert second.planned_start >= TODAY + timedelta(days=30)


def test_logged_minutes_shorten_the_remaining_plan(alice, content):
    weekly = answers(study_days=(0,), hours_per_week=Decimal(1))  # one hour every Monday
    roadmap = plan_roadmap(user=alice, answers=weekly, today=TODAY)
    todo = list(roadmap.steps.filter(status=Status.TODO).select_related("step"))
    row = next(r for r in todo if r.step.estimated_hours >= 3)
    roadmap.steps.filter(position__lt=row.position).update(status=Status.DONE)  # what came before is done
    roadmap = plan_roadmap(user=alice, answers=weekly, today=TODAY)
    finish_before = roadmap.planned_finish
    row.status = Status.IN_PROGRESS
    row.save()
    StudySession.objects.create(roadmap=roadmap, step=row, date=TODAY, minutes=row.step.estimated_hours * 60 - 30)
    roadmap = plan_roadmap(user=alice, answers=weekly, today=TODAY)
    row.refresh_from_db()
    assert row.planned_start == row.planned_end == TODAY  # half an hour left: tonight
    weeks_saved = (finish_before - roadmap.planned_finish).days / 7
    assert row.step.estimated_hours - 1.5 <= weeks_saved <= row.step.estimated_hours


def test_a_skip_the_learner_took_back_is_not_reapplied(alice, content):
    roadmap = plan_roadmap(user=alice, answers=answers(), today=TODAY)
    row = roadmap.steps.filter(skip_source=RoadmapStep.SkipSource.BACKGROUND).first()
    row.status, row.skip_source, row.skip_reason, row.keep = Status.TODO, "", "", True
    row.save()
    plan_roadmap(user=alice, answers=answers(), today=TODAY)
    row.refresh_from_db()
    assert row.status == Status.TODO and row.planned_start is not None


def test_changing_background_lifts_its_automatic_skips(alice, content):
    plan_roadmap(user=alice, answers=answers(), today=TODAY)
    roadmap = plan_roadmap(
        user=alice, answers=answers(background=Background.objects.get(slug="student-career-changer")), today=TODAY
    )
    developer_skips = Background.objects.get(slug="software-developer").skips_steps.all()
    changer_skips = Background.objects.get(slug="student-career-changer").skips_steps.all()
    lifted = roadmap.steps.filter(step__in=developer_skips).exclude(step__in=changer_skips)
    assert lifted.exists()
    assert all(r.status == Status.TODO for r in lifted)
