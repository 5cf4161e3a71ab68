"""The question bank in content/: minimums, types, topics, sources, and check_content's validation."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Assessment, Choice, Question
from roadmap.content.loader import load_content
from roadmap.content.sources import SEED_FILES
from tests.roadmap.content_helpers import SEED, tiny_files, write_files

pytestmark = pytest.mark.django_db


def test_the_bank_holds_at_least_120_questions_of_every_type(content):
    types = Counter(Question.objects.values_list("type", flat=True))
    assert sum(types.values()) >= 120
    assert set(types) == set(Question.Type.values)
    assert types["ordering"] >= 5


def test_every_topic_of_the_issue_is_covered(content):
    topics = Counter(Question.objects.values_list("topic", flat=True))
    assert set(topics) == set(Question.Topic.values)
    assert all(count >= 5 for count in topics.values()), topics


def test_every_question_has_skills_a_difficulty_an_explanation_and_a_seed(content):
    for question in Question.objects.prefetch_related("skills"):
        assert question.skills.exists() and 1 <= question.difficulty <= 3, question.slug
        assert question.explanation.strip() and question.source in SEED_FILES, question.slug


def test_multiple_choice_comes_both_all_or_nothing_and_with_partial_credit(content):
    scorings = set(Question.objects.filter(type="multiple").values_list("scoring", flat=True))
    assert scorings == {"all_or_nothing", "partial"}


def test_the_five_lifecycle_phases_are_an_ordering_question(content):
    question = Question.objects.get(slug="lifecycle-five-phases")
    assert question.type == "ordering"
    assert list(question.choices.values_list("key", flat=True)) == [
        "business-needs", "data-preparation", "model-development", "deployment", "monitoring"]


def test_every_required_skill_of_every_role_can_be_mastered_by_quiz(content):
    from roadmap.models import RoleSkill

    for skill_id in set(RoleSkill.objects.values_list("skill_id", flat=True)):
        assert Question.objects.filter(skills=skill_id).count() >= 5, skill_id


def test_diagnostics_exist_per_phase_and_per_skill_area(content):
    kinds = Counter(Assessment.objects.values_list("kind", flat=True))
    assert kinds["phase"] == 3 and kinds["skill_area"] >= 5
    assert Assessment.objects.filter(kind="phase", phase__isnull=True).count() == 0


def test_a_second_load_changes_no_question_or_choice(content):
    before = list(Choice.objects.order_by("pk").values()), list(Question.objects.order_by("pk").values())
    call_command("load_content", verbosity=0)
    assert (list(Choice.objects.order_by("pk").values()), list(Question.objects.order_by("pk").values())) == before


QUESTION = {"slug": "q1", "type": "single", "topic": "metrics", "text": "Which?", "skills": ["python"],
            "difficulty": 1, "explanation": "Because.", "source": SEED,
            "choices": [{"key": "a", "text": "A", "correct": True}, {"key": "b", "text": "B"}]}


def check_with(tmp_path, **changes) -> str:
    files = tiny_files() | {"questions.yaml": [QUESTION | changes]}
    with pytest.raises(CommandError) as caught:
        call_command("check_content", "--dir", str(write_files(tmp_path / "content", files)))
    return str(caught.value)


@pytest.mark.parametrize("changes, message", [
    ({"skills": ["cooking"]}, "question 'q1': unknown skill 'cooking' in 'skills'"),
    ({"choices": [{"key": "a", "text": "A"}, {"key": "b", "text": "B"}]}, "exactly one correct choice, not 0"),
    ({"type": "multiple", "choices": [{"key": "a", "text": "A"}]}, "at least one correct choice"),
    ({"type": "true_false"}, "exactly the choices 'true' and 'false'"),
    ({"type": "ordering"}, "mark none correct"),
    ({"scoring": "partial"}, "partial credit applies only"),
    ({"difficulty": 4}, "'difficulty' must be at most 3"),
    ({"type": "essay"}, "'type' 'essay' is not one of"),
    ({"choices": [{"key": "a", "text": "A", "correct": True}, {"key": "a", "text": "B"}]}, "uses a choice key twice"),
    ({"choices": [{"key": "a", "text": "A", "correct": "yes"}]}, "'correct' must be true or false"),
    ({"source": "999.txt"}, "is not one of the source documents"),
])
def test_check_content_refuses_a_question_nobody_could_answer_right(tmp_path, changes, message):
    assert message in check_with(tmp_path, **changes)


def test_check_content_holds_the_bank_to_its_minimum(tmp_path):
    assert "only 1 question items; at least 120 are needed" in check_with(tmp_path)


def test_a_choice_gone_from_the_file_is_archived_and_comes_back(tmp_path, empty_content):
    three = QUESTION | {"choices": [*QUESTION["choices"], {"key": "c", "text": "C"}]}
    directory = write_files(tmp_path / "content", tiny_files() | {"questions.yaml": [three]})
    load_content(directory=directory)
    load_content(directory=write_files(directory, {"questions.yaml": [QUESTION]}))
    assert sorted(Choice.objects.values_list("key", "archived")) == [("a", False), ("b", False), ("c", True)]
    load_content(directory=write_files(directory, {"questions.yaml": [three]}))
    assert not Choice.objects.filter(archived=True).exists()
