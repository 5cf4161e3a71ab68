"""The planning rules (roadmap/planning.py, roadmap/scheduling.py) on a tiny catalog built with factories.

The catalog starts empty (``empty_content``): steps without target roles go to every role, so
the real steps would join these roadmaps. What a path gives is then known exactly, row by row
and date by date, whatever the curators write in content/*.yaml.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from roadmap.models import RoadmapStep, Step
from roadmap.planning import Answers, plan_roadmap
from tests.factories import (
    START,
    BackgroundFactory,
    PhaseFactory,
    SkillFactory,
    StepFactory,
    TargetRoleFactory,
)

Status = RoadmapStep.Status
Skip = RoadmapStep.SkipSource
MON, WED = 0, 2

# 6 h a week over Monday and Wednesday: 3-hour sessions, from Monday 23 November 2026.
NOV_23, NOV_25, NOV_30, DEC_2, DEC_7, DEC_9, DEC_14 = (
    date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 30), date(2026, 12, 2),
    date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 14),
)
REASON = "Developers already write Python."
AZURE_REASON = "Optional: this step is for Microsoft Azure and you chose Amazon Web Services."


@pytest.fixture
def path(empty_content):
    """A role's path over two phases, and a developer background, in listing order:

    1. intro       every role, 2 h        the background skips it
    2. advanced    5 h                    needs basics (listed after it)
    3. basics      4 h
    4. refresher   3 h, skill python      the background brings python
    5. azure-lab   3 h, Azure             another cloud than AWS
    6. capstone    4 h, AWS, python+design  the background brings only part: kept
    Not in the role's roadmap: a step for another role, and an archived step.
    """
    python, design = SkillFactory(), SkillFactory()
    role, other_role = TargetRoleFactory(), TargetRoleFactory()
    first, second = PhaseFactory(order=1), PhaseFactory(order=2)
    p = SimpleNamespace(role=role, other_role=other_role)
    p.intro = StepFactory(phase=first, order=1, estimated_hours=2)
    p.basics = StepFactory(phase=first, order=3, estimated_hours=4, target_roles=[role], skills=[design])
    p.advanced = StepFactory(phase=first, order=2, estimated_hours=5, target_roles=[role], prerequisites=[p.basics])
    p.refresher = StepFactory(phase=first, order=4, estimated_hours=3, target_roles=[role], skills=[python])
    p.azure_lab = StepFactory(phase=second, order=1, estimated_hours=3, cloud="azure", target_roles=[role])
    p.other_roles_step = StepFactory(phase=second, order=2, target_roles=[other_role])
    p.capstone = StepFactory(
        phase=second, order=3, estimated_hours=4, cloud="aws", target_roles=[role], skills=[python, design]
    )
    p.archived = StepFactory(phase=second, order=4, target_roles=[role], archived=True)
    p.developer = BackgroundFactory(skip_reason=REASON, covers_skills=[python], skips_steps=[p.intro])
    return p


def answers(path, **overrides):
    values = {
        "background": path.developer,
        "target_role": path.role,
        "hours_per_week": Decimal(6),
        "study_days": (MON, WED),
        "start_date": START,
        "cloud": "aws",
    }
    return Answers(**(values | overrides))


def rows(roadmap):
    """(step, status, skip source, skip reason, optional) for each row, in position order."""
    return [
        (row.step, row.status, row.skip_source, row.skip_reason, row.optional)
        for row in roadmap.steps.select_related("step").order_by("position")
    ]


def row(step, status=Status.TODO, source=Skip.NONE, reason="", optional=False):
    return (step, status, source, reason, optional)


def first_plan(path):
    """The rows of the path's roadmap for a developer who prefers AWS."""
    return [
        row(path.intro, Status.SKIPPED, Skip.BACKGROUND, REASON),
        row(path.advanced),
        row(path.basics),
        row(path.refresher, Status.SKIPPED, Skip.BACKGROUND, REASON),
        row(path.azure_lab, Status.SKIPPED, Skip.CLOUD, AZURE_REASON, optional=True),
        row(path.capstone),
    ]


def dates(roadmap):
    return {row.step: (row.planned_start, row.planned_end) for row in roadmap.steps.select_related("step")}


def test_the_roadmap_has_exactly_the_roles_active_steps_with_their_statuses_and_skip_reasons(alice, path):
    roadmap = plan_roadmap(user=alice, answers=answers(path), today=START)
    # Neither the other role's step nor the archived step is there.
    assert rows(roadmap) == first_plan(path)


def test_without_a_reason_of_its_own_the_background_skip_names_the_background(alice, path):
    quiet = BackgroundFactory(name="Data engineers", skips_steps=[path.intro])
    roadmap = plan_roadmap(user=alice, answers=answers(path, background=quiet), today=START)
    assert roadmap.steps.get(step=path.intro).skip_reason == "Data engineers already bring this."


def test_without_a_preferred_cloud_every_clouds_step_is_to_do_and_not_optional(alice, path):
    roadmap = plan_roadmap(user=alice, answers=answers(path, cloud=""), today=START)
    assert rows(roadmap)[4] == row(path.azure_lab)


def test_planned_dates_fill_three_hour_sessions_on_mondays_and_wednesdays_in_prerequisite_order(alice, path):
    roadmap = plan_roadmap(user=alice, answers=answers(path), today=START)
    # basics 4 h: Mon 23 (3 h) + Wed 25 (1 h); advanced 5 h: Wed 25 (2 h) + Mon 30 (3 h);
    # capstone 4 h: Wed 2 (3 h) + Mon 7 (1 h). Skipped steps get no dates.
    assert dates(roadmap) == {
        path.intro: (None, None),
        path.basics: (NOV_23, NOV_25),
        path.advanced: (NOV_25, NOV_30),
        path.refresher: (None, None),
        path.azure_lab: (None, None),
        path.capstone: (DEC_2, DEC_7),
    }
    assert roadmap.planned_finish == DEC_7


def test_planning_starts_from_today_when_the_start_date_has_passed(alice, path):
    roadmap = plan_roadmap(user=alice, answers=answers(path), today=DEC_7)
    # 13 h from Monday 7 December: basics Mon 7-Wed 9, advanced Wed 9-Mon 14, capstone Wed 16-Mon 21.
    assert dates(roadmap)[path.basics] == (DEC_7, DEC_9)
    assert dates(roadmap)[path.advanced] == (DEC_9, DEC_14)
    assert roadmap.planned_finish == date(2026, 12, 21)


def test_re_planning_keeps_every_status_and_schedules_only_what_is_left_from_today(alice, path):
    roadmap = plan_roadmap(user=alice, answers=answers(path), today=START)
    roadmap.steps.filter(step=path.basics).update(status=Status.DONE, note="finished early")
    roadmap.steps.filter(step=path.advanced).update(status=Status.IN_PROGRESS)
    learners_skip = {"status": Status.SKIPPED, "skip_source": Skip.LEARNER, "skip_reason": "Mine."}
    roadmap.steps.filter(step=path.capstone).update(**learners_skip)

    roadmap = plan_roadmap(user=alice, answers=answers(path), today=DEC_7)
    expected = first_plan(path)  # the automatic skips stay, and so does what the learner did
    expected[1:3] = [row(path.advanced, Status.IN_PROGRESS), row(path.basics, Status.DONE)]
    expected[5] = row(path.capstone, Status.SKIPPED, Skip.LEARNER, "Mine.")
    assert rows(roadmap) == expected
    assert roadmap.steps.get(step=path.basics).note == "finished early"
    # Only advanced is left: 5 h from Monday 7 December.
    assert dates(roadmap)[path.basics] == (None, None)
    assert dates(roadmap)[path.advanced] == (DEC_7, DEC_9)
    assert roadmap.planned_finish == DEC_9


def test_new_answers_recompute_the_automatic_skips(alice, path):
    plan_roadmap(user=alice, answers=answers(path), today=START)
    newcomer = BackgroundFactory()
    roadmap = plan_roadmap(user=alice, answers=answers(path, background=newcomer, cloud="azure"), today=START)
    aws_reason = "Optional: this step is for Amazon Web Services and you chose Microsoft Azure."
    assert rows(roadmap) == [
        *map(row, [path.intro, path.advanced, path.basics, path.refresher, path.azure_lab]),
        row(path.capstone, Status.SKIPPED, Skip.CLOUD, aws_reason, optional=True),
    ]


def test_a_step_archived_after_planning_moves_to_the_end_without_dates(alice, path):
    plan_roadmap(user=alice, answers=answers(path), today=START)
    Step.objects.filter(pk=path.advanced.pk).update(archived=True)
    roadmap = plan_roadmap(user=alice, answers=answers(path), today=START)
    order = [path.intro, path.basics, path.refresher, path.azure_lab, path.capstone, path.advanced]
    assert [step for step, *_ in rows(roadmap)] == order
    # basics 4 h: Mon 23 (3 h) + Wed 25 (1 h); capstone 4 h: Wed 25 (2 h) + Mon 30 (2 h).
    assert dates(roadmap)[path.advanced] == (None, None)
    assert dates(roadmap)[path.capstone] == (NOV_25, NOV_30)
    assert roadmap.planned_finish == NOV_30


def test_an_archived_prerequisite_no_longer_holds_back_the_step_that_needed_it(alice, path):
    plan_roadmap(user=alice, answers=answers(path), today=START)
    Step.objects.filter(pk=path.basics.pk).update(archived=True)
    roadmap = plan_roadmap(user=alice, answers=answers(path), today=START)
    # advanced 5 h: Mon 23 (3 h) + Wed 25 (2 h); capstone 4 h: Wed 25 (1 h) + Mon 30 (3 h).
    assert dates(roadmap)[path.basics] == (None, None)
    assert dates(roadmap)[path.advanced] == (NOV_23, NOV_25)
    assert dates(roadmap)[path.capstone] == (NOV_25, NOV_30)
    assert roadmap.planned_finish == NOV_30
