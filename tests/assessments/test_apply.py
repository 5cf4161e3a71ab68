"""Apply the gap analysis to a real roadmap, and undo it exactly."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from assessments.apply import ApplyError, apply_gap_analysis, applied_moves, preview, undo_application
from assessments.models import Application, SelfRating
from assessments.services import submit_attempt
from roadmap.models import Skill
from roadmap.models import RoadmapStep
from tests.assessments.helpers import responses, start
from tests.factories import START, make_roadmap
pytestmark = pytest.mark.django_db

STATE = ("status", "skip_source", "skip_reason", "keep", "position", "planned_start", "planned_end")


def state(roadmap):
    return list(roadmap.steps.order_by("pk").values_list("pk", *STATE))


def master(user, slug, *, seed=1):
    """Answer every question of a diagnostic right."""
    attempt = start(user, slug=slug, seed=seed)
    submit_attempt(attempt=attempt, responses=responses(attempt))
    return attempt


@pytest.fixture
def roadmap(alice, content):
    return make_roadmap(alice, today=START)


def assessment_skips(roadmap):
    return roadmap.steps.filter(skip_source=RoadmapStep.SkipSource.ASSESSMENT)


def test_steps_whose_skills_are_all_mastered_are_skipped_with_date_and_score(alice, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    application = apply_gap_analysis(roadmap=roadmap, today=START)
    rows = list(assessment_skips(roadmap).select_related("step").prefetch_related("step__skills"))
    assert rows and application.skipped == len(rows)
    mastered = {"model-evaluation", "statistics-probability"}
    for row in rows:
        assert {s.slug for s in row.step.skills.all()} <= mastered
        assert row.status == "skipped" and row.skip_reason.startswith("Tested out on ")
        assert row.skip_reason.endswith("with 100%.")
        assert row.planned_start is None


def test_done_in_progress_and_the_learners_own_skips_are_never_touched(alice, roadmap):
    candidates = list(roadmap.steps.filter(status="todo", step__skills__slug="model-evaluation").distinct())
    done, started, skipped = candidates[:3]
    RoadmapStep.objects.filter(pk=done.pk).update(status="done")
    RoadmapStep.objects.filter(pk=started.pk).update(status="in_progress")
    RoadmapStep.objects.filter(pk=skipped.pk).update(status="skipped", skip_source="learner", skip_reason="Mine.")
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    apply_gap_analysis(roadmap=roadmap, today=START)
    assert RoadmapStep.objects.get(pk=done.pk).status == "done"
    assert RoadmapStep.objects.get(pk=started.pk).status == "in_progress"
    assert RoadmapStep.objects.get(pk=skipped.pk).skip_reason == "Mine."


def test_the_weakest_skills_steps_move_earlier_within_prerequisites(alice, roadmap):
    # Rate every skill at the role's level except communication: it becomes the only gap.
    for rs in roadmap.target_role.role_skills.select_related("skill"):
        level = 1 if rs.skill.slug == "communication" else rs.level
        SelfRating.objects.create(user=alice, skill=rs.skill, level=level)
    before = {row.pk: row.position for row in roadmap.steps.all()}
    application = apply_gap_analysis(roadmap=roadmap, today=START)
    assert application.moved > 0 and application.skipped == 0
    rows = list(roadmap.steps.select_related("step__phase").prefetch_related("step__skills", "step__prerequisites"))
    by_step = {row.step_id: row for row in rows}
    for row in rows:  # every prerequisite still comes first
        for prerequisite in row.step.prerequisites.all():
            if prerequisite.id in by_step and by_step[prerequisite.id].status == "todo" and row.status == "todo":
                assert by_step[prerequisite.id].position < row.position
    communication = [r for r in rows if "communication" in {s.slug for s in r.step.skills.all()} and r.status == "todo"]
    assert any(r.position < before[r.pk] for r in communication)
    # Steps never leave their phase: phases still follow one another.
    orders = [r.step.phase.order for r in sorted(rows, key=lambda r: r.position) if not r.step.archived]
    assert orders == sorted(orders)


def test_undo_restores_every_step_and_the_schedule_exactly(alice, roadmap):
    before = state(roadmap)
    finish = roadmap.planned_finish
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    SelfRating.objects.create(user=alice, skill=Skill.objects.get(slug="leadership"), level=1)
    apply_gap_analysis(roadmap=roadmap, today=START)
    roadmap.refresh_from_db()
    assert state(roadmap) != before and roadmap.planned_finish < finish
    undo_application(roadmap=roadmap, today=START)
    roadmap.refresh_from_db()
    assert state(roadmap) == before and roadmap.planned_finish == finish
    assert Application.objects.get().undone is not None


def test_undo_keeps_the_status_of_a_step_started_since(alice, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    apply_gap_analysis(roadmap=roadmap, today=START)
    row = assessment_skips(roadmap).first()
    RoadmapStep.objects.filter(pk=row.pk).update(status="in_progress", skip_source="", skip_reason="")
    undo_application(roadmap=roadmap, today=START)
    assert RoadmapStep.objects.get(pk=row.pk).status == "in_progress"


def test_nothing_to_apply_or_undo_is_refused_and_records_nothing(roadmap):
    with pytest.raises(ApplyError, match="Nothing to undo"):
        undo_application(roadmap=roadmap, today=START)
    for rs in roadmap.target_role.role_skills.select_related("skill"):
        SelfRating.objects.create(user=roadmap.user, skill=rs.skill, level=5)
    with pytest.raises(ApplyError, match="Nothing to change"):
        apply_gap_analysis(roadmap=roadmap, today=START)
    assert not Application.objects.exists()


def test_a_re_plan_of_the_roadmap_keeps_the_tested_out_skips(alice, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    apply_gap_analysis(roadmap=roadmap, today=START)
    skipped = set(assessment_skips(roadmap).values_list("pk", flat=True))
    make_roadmap(alice, today=START + timedelta(days=1), hours_per_week=8)
    assert set(assessment_skips(roadmap).values_list("pk", flat=True)) == skipped


def test_the_api_applies_and_undoes(alice, roadmap):
    api = APIClient()
    api.force_authenticate(alice)
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    gap = api.get("/api/gap-analysis/").json()
    assert gap["role"] == "ml-architect"
    row = next(r for r in gap["skills"] if r["skill"] == "model-evaluation")
    assert (row["required"], row["demonstrated"], row["gap"], row["self_rated"]) == (4, 5, 0, None)
    assert set(row) == {"skill", "name", "required", "demonstrated", "self_rated", "gap", "score", "questions"}
    applied = api.post("/api/gap-analysis/apply/")
    assert applied.status_code == 200 and applied.json()["skipped"] > 0
    undone = api.post("/api/gap-analysis/undo/")
    assert undone.status_code == 200 and undone.json()["undone"]
    assert api.post("/api/gap-analysis/undo/").status_code == 400


def test_the_gap_analysis_api_without_a_roadmap_is_a_404(bob, content):
    api = APIClient()
    api.force_authenticate(bob)
    assert api.get("/api/gap-analysis/").status_code == 404
    assert api.post("/api/gap-analysis/apply/").status_code == 404


def test_applying_never_touches_another_learners_roadmap(alice, bob, roadmap):
    other = make_roadmap(bob, today=START)
    before = state(other)
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    apply_gap_analysis(roadmap=roadmap, today=START)
    assert state(other) == before


# The preview before applying, and the list of what moved after (assessments.apply.preview, applied_moves)


def test_the_preview_lists_what_applying_would_change_and_writes_nothing(alice, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    before = state(roadmap)
    moves = preview(roadmap)
    assert state(roadmap) == before and not Application.objects.exists()
    skips = {move.row for move in moves if move.kind == "skip"}
    assert skips and all(move.reason.startswith("Tested out on ") for move in moves if move.kind == "skip")
    application = apply_gap_analysis(roadmap=roadmap, today=START)
    assert skips == set(assessment_skips(roadmap).values_list("pk", flat=True))
    assert application.skipped == len(skips)
    assert {(m.row, m.kind) for m in applied_moves(application)} == {(m.row, m.kind) for m in moves}


def test_nothing_to_apply_previews_nothing(roadmap):
    for rs in roadmap.target_role.role_skills.select_related("skill"):  # no gap: nothing moves
        SelfRating.objects.create(user=roadmap.user, skill=rs.skill, level=5)
    assert preview(roadmap) == []


def test_a_step_tested_out_before_is_reopened_when_newer_answers_no_longer_show_mastery(alice, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    apply_gap_analysis(roadmap=roadmap, today=START)
    skipped = set(assessment_skips(roadmap).values_list("pk", flat=True))
    for seed in (3, 4):  # answer everything wrong twice: the latest answers now show no mastery
        attempt = start(alice, slug="metrics-and-evaluation", seed=seed)
        submit_attempt(attempt=attempt, responses=[])
    moves = preview(roadmap)
    assert {m.row for m in moves if m.kind == "reopen"} == skipped
    application = apply_gap_analysis(roadmap=roadmap, today=START)
    assert not assessment_skips(roadmap).exists()
    assert {m.row for m in applied_moves(application) if m.kind == "reopen"} == skipped
    undo_application(roadmap=roadmap, today=START)
    assert set(assessment_skips(roadmap).values_list("pk", flat=True)) == skipped


def test_the_gap_page_previews_then_lists_what_moved_with_undo(client, alice, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    client.force_login(alice)
    html = client.get("/assessments/gap-analysis/").content.decode()
    assert 'data-testid="apply-preview"' in html and "would be skipped as tested out." in html
    assert 'data-testid="applied-moves"' not in html and "/assessments/gap-analysis/undo/" not in html
    client.post("/assessments/gap-analysis/apply/")
    html = client.get("/assessments/gap-analysis/").content.decode()
    assert 'data-testid="applied-moves"' in html and "skipped as tested out." in html
    assert "/assessments/gap-analysis/undo/" in html
    assert 'data-testid="apply-preview-empty"' in html  # applied: nothing more would change
    assert "/assessments/gap-analysis/apply/" not in html


def test_the_gap_page_never_shows_another_learners_moves(client, alice, bob, roadmap):
    master(alice, "metrics-and-evaluation")
    master(alice, "metrics-and-evaluation", seed=2)
    apply_gap_analysis(roadmap=roadmap, today=START)
    make_roadmap(bob, today=START)
    client.force_login(bob)
    html = client.get("/assessments/gap-analysis/").content.decode()
    assert 'data-testid="applied-moves"' not in html and "Tested out on" not in html
