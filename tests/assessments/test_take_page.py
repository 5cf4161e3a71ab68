"""The attempt page: the time left as the server counts it, and progress through the questions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Attempt
from tests.assessments.helpers import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(alice):
    client = Client()
    client.force_login(alice)
    return client


def test_the_page_starts_the_countdown_from_the_seconds_the_server_says_are_left(web, alice, content):
    attempt = start(alice)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(minutes=12, seconds=30, milliseconds=500))
    page = web.get(f"/assessments/attempts/{attempt.pk}/").content.decode()
    assert 'data-remaining="750"' in page and "12:30 left" in page and "/static/js/attempt.js" in page


def test_a_passed_deadline_shows_time_is_up_and_the_server_refuses_the_answers(web, alice, content):
    attempt = start(alice)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    page = web.get(f"/assessments/attempts/{attempt.pk}/").content.decode()
    assert 'data-remaining="0"' in page and "time is up" in page
    response = web.post(f"/assessments/attempts/{attempt.pk}/", {})
    assert response.status_code == 400 and "time limit has passed" in response.content.decode()


def test_without_a_time_limit_there_is_no_countdown(web, alice, content):
    attempt = start(alice)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=None)
    page = web.get(f"/assessments/attempts/{attempt.pk}/").content.decode()
    assert "data-countdown" not in page and "Submit by" not in page


def test_each_question_says_where_it_stands_and_the_bar_counts_the_answered(web, alice, content):
    attempt = start(alice)
    total = attempt.answers.count()
    page = web.get(f"/assessments/attempts/{attempt.pk}/").content.decode()
    assert f"Question 1 of {total}" in page and f"Question {total} of {total}" in page
    assert f"0 of {total} answered" in page and f'<progress class="attempt-meter" max="{total}" value="0"' in page
