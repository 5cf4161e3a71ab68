"""Assessments in a real browser: take a diagnostic, read the feedback, see the radar, apply, undo."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt
from assessments.services import submit_attempt
from tests.assessments.helpers import responses, right_answer, start
from tests.factories import UserFactory, make_roadmap

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def learner(transactional_db, content):
    user = UserFactory(username="tess")
    make_roadmap(user)
    # One earlier attempt, so that the one taken in the browser brings the evidence to mastery.
    earlier = start(user, seed=11)
    submit_attempt(attempt=earlier, responses=responses(earlier))
    return user


def answer_everything_right(page, attempt):
    for answer in attempt.answers.select_related("question"):
        chosen = right_answer(answer)
        if answer.question.type == "ordering":
            for place, choice in enumerate(chosen, 1):
                page.locator(f"#q-{answer.question_id}-{choice}").select_option(str(place))
        else:
            for choice in chosen:
                page.locator(f'input[name="q-{answer.question_id}"][value="{choice}"]').check()


def test_take_a_diagnostic_read_the_feedback_apply_and_undo(page, learner, log_in):
    log_in(page, "tess")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("heading", name="Assessments", level=1)).to_be_visible()
    page.get_by_role("button", name="Take again Metrics and model evaluation").click()
    expect(page.get_by_text("Submit by")).to_be_visible()
    attempt = Attempt.objects.filter(user=learner, submitted__isnull=True).get()
    total = attempt.answers.count()
    # A countdown the page updates each second (the server still judges the deadline), and progress.
    countdown = page.get_by_test_id("countdown")
    expect(countdown).to_have_text(re.compile(r"^1\d:\d\d left$"))  # a 15-minute limit
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=3000)
    expect(page.get_by_test_id("answered")).to_have_text(f"0 of {total} answered")
    expect(page.get_by_test_id("question-number").first).to_have_text(f"Question 1 of {total}")
    answer_everything_right(page, attempt)
    expect(page.get_by_test_id("answered")).to_have_text(f"{total} of {total} answered")
    assert page.locator("[data-meter]").evaluate("meter => meter.value") == total
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_test_id("score")).to_have_text("100%")
    first = attempt.answers.select_related("question").first().question
    expect(page.get_by_text(first.explanation)).to_be_visible()
    expect(page.locator(".source").first).to_contain_text(first.source_title)  # the title, not the file name
    expect(page.locator("[data-plotly=chart-attempts] .main-svg").first).to_be_visible()
    expect(page.locator("#chart-attempts-summary")).to_contain_text("Scores across 2 attempts")

    page.get_by_role("link", name="See my gap analysis").click()
    expect(page.locator("[data-plotly=chart-radar] .main-svg").first).to_be_visible()
    expect(page.get_by_role("cell", name="4").first).to_be_visible()
    page.get_by_role("button", name="Apply to my roadmap").click()
    expect(page.get_by_role("status")).to_contain_text("steps tested out")

    page.get_by_role("link", name="Open my roadmap").click()
    expect(page.locator(".skip-reason", has_text="Tested out on").first).to_be_visible()

    page.goto("/assessments/gap-analysis/")
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Undone")
    page.goto("/roadmap/")
    expect(page.locator(".skip-reason", has_text="Tested out on")).to_have_count(0)


def test_the_attempt_form_works_with_the_keyboard_on_a_phone(page, learner, log_in):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "tess")
    page.goto("/assessments/")
    page.get_by_role("button", name="Start The ML lifecycle and production systems").click()
    attempt = Attempt.objects.filter(user=learner, submitted__isnull=True).get()
    answer = attempt.answers.select_related("question").filter(question__type__in=["single", "true_false"]).first()
    radio = page.locator(f'input[name="q-{answer.question_id}"]').first
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f'input[name="q-{answer.question_id}"]').nth(1)).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
