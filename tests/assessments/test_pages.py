"""The assessment pages: login, each page and its empty state, the attempt form, privacy, no leaks."""

import json
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Attempt, Choice, Question, SelfRating
from roadmap.models import Skill
from tests.assessments.helpers import form_data, right_answer, start
from tests.factories import START, make_roadmap
pytestmark = pytest.mark.django_db

PAGES = ["/assessments/", "/assessments/self-assessment/", "/assessments/gap-analysis/"]


@pytest.fixture
def web(alice):
    client = Client()
    client.force_login(alice)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_empty_states_without_content_or_roadmap(web, empty_content):
    assert "No assessments yet" in web.get("/assessments/").content.decode()
    assert "build your roadmap first" in web.get("/assessments/gap-analysis/").content.decode()


def test_the_list_starts_an_attempt_and_shows_the_form(web, alice, content):
    page = web.get("/assessments/").content.decode()
    assert "Diagnostics per roadmap phase" in page and "Metrics and model evaluation" in page
    response = web.post("/assessments/metrics-and-evaluation/start/")
    attempt = Attempt.objects.get(user=alice)
    assert response.url == f"/assessments/attempts/{attempt.pk}/"
    form = web.get(response.url).content.decode()
    assert form.count("<fieldset>") == 10 and "Submit my answers" in form


def test_submitting_the_form_shows_the_feedback_and_the_chart(web, alice, content):
    attempt = start(alice, slug="ml-lifecycle-and-systems")
    response = web.post(f"/assessments/attempts/{attempt.pk}/", form_data(attempt))
    assert response.status_code == 302 and response.url.endswith("/result/")
    page = web.get(response.url).content.decode()
    assert 'data-testid="score">100%' in page
    for answer in attempt.answers.select_related("question"):
        assert answer.question.explanation.split()[0] in page
    # The source's title (with its link), never the file name a curator cites.
    assert "Source" in page and "How to become an AI/ML architect" in page and ".txt" not in page
    assert 'data-plotly="chart-attempts"' in page and "Your one attempt so far: " in page


def test_a_skill_seen_in_one_question_claims_at_most_level_three_and_says_so(web, alice, content):
    attempt = start(alice, slug="ml-lifecycle-and-systems")
    web.post(f"/assessments/attempts/{attempt.pk}/", form_data(attempt))
    attempt.refresh_from_db()
    few = [s for s in attempt.skill_scores.values() if s["questions"] < 3]
    assert few, "the content has a skill asked once or twice in this attempt"
    page = web.get(f"/assessments/attempts/{attempt.pk}/result/").content.decode()
    levels = re.findall(r'data-testid="skill-level">(\d) of 5 <span class="muted">from (\d+) questions?', page)
    assert len(levels) == len(attempt.skill_scores)
    assert all(level == "3" for level, n in levels if int(n) < 3)  # all right, yet 3 of 5, not 5 of 5


def test_an_ordering_answer_with_two_items_in_one_place_is_refused(web, alice, content):
    attempt = start(alice, slug="ml-lifecycle-and-systems", seed=3)
    ordering = attempt.answers.filter(question__type="ordering").first()
    assert ordering is not None, "draw 3 of this assessment must hold an ordering question: pick another seed"
    data = form_data(attempt)
    data |= {f"q-{ordering.question_id}-{c}": "1" for c in ordering.shown_order}
    response = web.post(f"/assessments/attempts/{attempt.pk}/", data)
    assert response.status_code == 400 and "its own place" in response.content.decode()
    assert Attempt.objects.get(pk=attempt.pk).submitted is None


def test_a_form_answer_to_a_question_outside_the_attempt_is_refused(web, alice, content):
    attempt = start(alice)
    response = web.post(f"/assessments/attempts/{attempt.pk}/", {"q-999999": "1"})
    assert response.status_code == 400 and "outside this attempt" in response.content.decode()


def test_another_learners_attempt_and_result_are_404(web, bob, content):
    attempt = start(bob)
    assert web.get(f"/assessments/attempts/{attempt.pk}/").status_code == 404
    assert web.post(f"/assessments/attempts/{attempt.pk}/", {}).status_code == 404
    assert web.get(f"/assessments/attempts/{attempt.pk}/result/").status_code == 404


def test_the_self_assessment_saves_and_clears_ratings(web, alice, content):
    page = web.get("/assessments/self-assessment/").content.decode()
    assert "Technical skills" in page and "Soft skills" in page
    response = web.post("/assessments/self-assessment/", {"skill-communication": "4", "skill-leadership": "2"})
    assert response.status_code == 302
    assert dict(SelfRating.objects.values_list("skill__slug", "level")) == {"communication": 4, "leadership": 2}
    web.post("/assessments/self-assessment/", {"skill-communication": "3"})
    assert dict(SelfRating.objects.values_list("skill__slug", "level")) == {"communication": 3}
    bad = web.post("/assessments/self-assessment/", {"skill-communication": "9"})
    assert bad.status_code == 400 and SelfRating.objects.get().level == 3


def test_the_gap_page_shows_the_radar_the_ranked_list_and_applies(web, alice, content):
    make_roadmap(alice, today=START)
    SelfRating.objects.create(user=alice, skill_id=Question.objects.get(slug="soft-leadership").skills.get().id,
                              level=1)
    page = web.get("/assessments/gap-analysis/").content.decode()
    assert 'data-plotly="chart-radar"' in page and "Largest gaps first" in page
    assert json.loads(re.search(r'id="chart-radar" type="application/json">(.*?)</script>', page).group(1))["data"]
    response = web.post("/assessments/gap-analysis/apply/", follow=True)
    assert "Applied to your roadmap" in response.content.decode()
    response = web.post("/assessments/gap-analysis/undo/", follow=True)
    assert "Undone" in response.content.decode()


def test_a_gap_taken_from_the_self_rating_beside_a_higher_quiz_level_says_so(web, alice, content):
    """"Demonstrated 4 (100% · 3 questions) ... Gap 2" read as a wrong sum: the gap came from the self-rating."""
    import random
    from datetime import date

    from demo_data.records import take_quiz

    make_roadmap(alice, today=START)
    taken = take_quiz(user=alice, slug="metrics-and-evaluation", day=date(2026, 3, 1), knows=1.0, rng=random.Random(3))
    few = [slug for slug, score in taken.skill_scores.items() if 0 < score["questions"] < 5]
    SelfRating.objects.bulk_create(SelfRating(user=alice, skill=skill, level=1)
                                   for skill in Skill.objects.filter(slug__in=few))
    page = web.get("/assessments/gap-analysis/").content.decode()
    assert re.search(r"\(from your self-rating: \d questions? (is|are) too few to count\)", page)


def test_no_page_or_api_response_reveals_the_answers_before_submission(web, alice, content):
    """The secret of a question is which choices are correct (or, for ordering, their right order)
    and its explanation; none may reach the learner before submission."""
    api = APIClient()
    api.force_authenticate(alice)
    started = api.post("/api/assessments/ml-lifecycle-and-systems/attempts/")
    attempt = Attempt.objects.get(pk=started.json()["id"])
    outputs = [
        json.dumps(started.json()),
        json.dumps(api.get("/api/assessments/").json()),
        web.get(f"/assessments/attempts/{attempt.pk}/").content.decode(),
        web.get("/assessments/").content.decode(),
        # The result page of an unsubmitted attempt sends the learner back to the form.
        web.get(f"/assessments/attempts/{attempt.pk}/result/", follow=True).content.decode(),
    ]
    answers = list(attempt.answers.select_related("question"))
    # Markers of a correctness field, not the word itself: a question may well mention "corrections".
    secrets = ('"correct"', "is_correct", "data-correct", 'class="correct', "correct_choices", '"explanation"')
    for text in outputs:
        lowered = text.lower()
        assert not [marker for marker in secrets if marker in lowered]
        for answer in answers:
            assert answer.question.explanation not in text
            if answer.question.type == "ordering":
                assert json.dumps(right_answer(answer)) not in text
    # Choices come in the shown order, never the content's order for an ordering question.
    for question in started.json()["questions"]:
        ids = [c["id"] for c in question["choices"]]
        if question["type"] == "ordering":
            assert ids != list(Choice.objects.filter(question_id=question["id"]).order_by("position")
                               .values_list("id", flat=True))
    assert api.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200
