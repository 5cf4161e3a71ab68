"""The pages learners read name no 'seed' and no source file: the quiz results and the roadmap pages."""

import pytest

from assessments.models import Assessment
from roadmap.content.sources import SOURCES
from roadmap.content.wording import JARGON
from roadmap.models import Background
from tests.assessments.helpers import form_data, start
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


def jargon_in(page: str) -> list[str]:
    found = [match.group(0) for pattern, _ in JARGON for match in pattern.finditer(page)]
    return found + [source.file for source in SOURCES if source.file in page]


def test_every_quiz_result_shows_source_titles_and_no_jargon(alice_client, alice, content):
    titles = {source.title for source in SOURCES}
    for assessment in Assessment.objects.active():
        attempt = start(alice, slug=assessment.slug)
        response = alice_client.post(f"/assessments/attempts/{attempt.pk}/", form_data(attempt, right=False))
        page = alice_client.get(response.url).content.decode()
        assert "Right answer" in page, assessment.slug
        assert jargon_in(page) == [], assessment.slug
        assert any(title in page for title in titles), assessment.slug


@pytest.mark.parametrize("background", ["software-developer", "cloud-data-engineer", "academic-researcher",
                                        "student-career-changer"])
def test_the_roadmap_pages_show_no_jargon_whatever_the_background(alice_client, alice, content, background):
    make_roadmap(alice, background=Background.objects.get(slug=background))
    pages = ["/roadmap/", "/roadmap/plan/", "/roadmap/log/", "/roadmap/certifications/",
             "/roadmap/certifications/catalog/", "/assessments/", "/assessments/self-assessment/",
             "/assessments/gap-analysis/"]
    for url in pages:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert jargon_in(response.content.decode()) == [], url
