"""Attempts through the API: start, submit, every bad input of the issue, the time limit, privacy."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Answer, Assessment, Attempt
from tests.assessments.helpers import responses, right_answer, start, wrong_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def payload(attempt, *, right=True):
    return {"answers": [{"question": r.question, "choices": r.choices} for r in responses(attempt, right=right)]}


def submit(api, attempt, body):
    return api.post(f"/api/attempts/{attempt.pk}/submit/", body, format="json")


def test_the_list_names_every_diagnostic(api, content):
    response = api.get("/api/assessments/")
    assert response.status_code == 200
    slugs = {a["slug"] for a in response.json()}
    assert {"diagnostic-foundations", "metrics-and-evaluation"} <= slugs


def test_starting_an_attempt_returns_its_questions_and_keeps_it(api, alice, content):
    response = api.post("/api/assessments/metrics-and-evaluation/attempts/")
    assert response.status_code == 201
    body = response.json()
    assert len(body["questions"]) == 10
    question = body["questions"][0]
    assert set(question) == {"id", "type", "text", "choices"}
    assert all(set(choice) == {"id", "text"} for choice in question["choices"])
    assert Attempt.objects.get(pk=body["id"]).user == alice


def test_a_right_submission_scores_full_marks_per_skill(api, alice, content):
    attempt = start(alice)
    response = submit(api, attempt, payload(attempt))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["score"] == 100.0
    assert {s["skill"] for s in body["skills"]} >= {"model-evaluation"}
    assert all(s["score"] == 100.0 for s in body["skills"])
    assert all(a["explanation"] and a["source"].endswith(".txt") and a["source_title"] for a in body["answers"])


def test_a_wrong_submission_scores_nothing_but_is_kept(api, alice, content):
    attempt = start(alice)
    assert submit(api, attempt, payload(attempt, right=False)).json()["score"] == 0.0
    assert Attempt.objects.get(pk=attempt.pk).submitted


def test_unanswered_questions_score_zero(api, alice, content):
    attempt = start(alice)
    first = attempt.answers.first()
    response = submit(api, attempt, {"answers": [{"question": first.question_id, "choices": right_answer(first)}]})
    assert response.json()["score"] == 10.0  # one of ten


def test_every_attempt_is_kept_and_the_next_avoids_the_previous_questions(alice, content):
    first = start(alice, seed=1)
    second = start(alice, seed=2)
    assert Attempt.objects.filter(user=alice).count() == 2
    ids = lambda a: set(a.answers.values_list("question_id", flat=True))  # noqa: E731
    assert not ids(first) & ids(second)


def other_question_id(attempt):
    return Answer.objects.exclude(attempt=attempt).values_list("question_id", flat=True).first()


def bad_bodies(attempt, alice):
    answer = attempt.answers.select_related("question").first()
    other = start(alice, slug="cloud-ai-services", seed=9).answers.exclude(
        question_id__in=attempt.answers.values("question_id")).first()
    return {
        "a question outside the attempt": {"answers": [{"question": other.question_id,
                                                          "choices": right_answer(other)}]},
        "a choice outside the question": {"answers": [{"question": answer.question_id,
                                                         "choices": right_answer(other)[:1]}]},
        "the same question twice": {"answers": [{"question": answer.question_id, "choices": right_answer(answer)}] * 2},
        "a question that does not exist": {"answers": [{"question": 999999, "choices": []}]},
        "no answers key": {},
        "choices that are not ids": {"answers": [{"question": answer.question_id, "choices": ["first"]}]},
    }


@pytest.mark.parametrize("case", [
    "a question outside the attempt", "a choice outside the question", "the same question twice",
    "a question that does not exist", "no answers key", "choices that are not ids",
])
def test_a_bad_submission_is_a_400_and_scores_nothing(api, alice, content, case):
    attempt = start(alice)
    response = submit(api, attempt, bad_bodies(attempt, alice)[case])
    assert response.status_code == 400, response.json()
    attempt.refresh_from_db()
    assert attempt.submitted is None and attempt.score is None
    assert not attempt.answers.filter(credit__isnull=False).exists()


def test_a_second_submission_is_a_400_and_changes_nothing(api, alice, content):
    attempt = start(alice)
    assert submit(api, attempt, payload(attempt)).status_code == 200
    again = submit(api, attempt, payload(attempt, right=False))
    assert again.status_code == 400 and "already submitted" in str(again.json())
    attempt.refresh_from_db()
    assert attempt.score == 1.0


def test_a_submission_after_the_time_limit_is_a_400_and_scores_nothing(api, alice, content):
    attempt = start(alice, now=timezone.now() - timedelta(minutes=16))  # a 15-minute limit
    response = submit(api, attempt, payload(attempt))
    assert response.status_code == 400 and "time limit" in str(response.json())
    attempt.refresh_from_db()
    assert attempt.submitted is None and attempt.score is None


def test_a_submission_just_inside_the_time_limit_counts(api, alice, content):
    attempt = start(alice, now=timezone.now() - timedelta(minutes=14, seconds=50))
    assert attempt.deadline - attempt.started == timedelta(minutes=15)
    assert submit(api, attempt, payload(attempt)).status_code == 200


def test_an_assessment_without_a_time_limit_has_no_deadline(alice, content):
    assert start(alice, slug="career-and-soft-skills").deadline is None


def test_another_learners_attempt_is_a_404_and_stays_unscored(api, bob, content):
    attempt = start(bob)
    assert submit(api, attempt, payload(attempt)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted is None


def test_an_unknown_or_archived_assessment_is_a_404(api, content):
    Assessment.objects.filter(slug="responsible-ai").update(archived=True)
    assert api.post("/api/assessments/responsible-ai/attempts/").status_code == 404
    assert api.post("/api/assessments/nothing-here/attempts/").status_code == 404


def test_the_api_needs_a_login(db):
    client = APIClient()
    assert client.get("/api/assessments/").status_code in (401, 403)
    assert client.get("/api/gap-analysis/").status_code in (401, 403)


def test_an_ordering_question_is_never_shown_in_its_right_order(alice, content):
    for seed in range(25):
        attempt = start(alice, slug="ml-lifecycle-and-systems", seed=seed)
        for answer in attempt.answers.filter(question__type="ordering"):
            assert answer.shown_order != right_answer(answer)


def test_a_wrong_answer_helper_really_is_wrong(alice, content):
    # Guards the other tests: the "wrong" submissions they send must earn no credit.
    attempt = start(alice)
    assert all(wrong_answer(a) != right_answer(a) for a in attempt.answers.select_related("question"))
