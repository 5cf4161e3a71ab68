"""A learner and a mentor in two browsers: invite, accept, comment, sign a phase off, end it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import MENTOR, grant_role
from tests.factories import UserFactory, make_roadmap
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(transactional_db, content):
    learner = UserFactory(username="lena")
    make_roadmap(learner, today=timezone.localdate())
    grant_role(UserFactory(username="maya"), MENTOR)


def test_invite_accept_comment_sign_off_and_end(page, second_page, people, log_in):
    learner, mentor = page, second_page
    log_in(learner, "lena")
    log_in(mentor, "maya")

    learner.goto("/roadmap/")
    learner.get_by_role("link", name="Mentors").click()
    learner.get_by_label("Mentor's username or e-mail").fill("maya")
    learner.get_by_role("button", name="Invite").click()
    expect(learner.get_by_role("status")).to_contain_text("We sent your invitation to maya, if there is an account by that name.")

    mentor.goto("/")
    expect(mentor.get_by_test_id("nav-notifications")).to_contain_text("(1")
    mentor.get_by_test_id("nav-notifications").click()
    mentor.get_by_role("link", name="lena invites you to be their mentor.").click()
    mentor.get_by_role("button", name="Accept lena").click()
    expect(mentor.get_by_role("heading", name="Mentees")).to_be_visible()
    mentor.get_by_test_id("mentee-lena").get_by_role("link", name="lena").click()
    expect(mentor.get_by_role("heading", name="lena's roadmap")).to_be_visible()
    first_step = mentor.locator("li.step").first
    title = first_step.locator(".step-title").inner_text()
    first_step.get_by_role("link", name=f"Comments {title}").click()
    mentor.get_by_role("textbox", name="Comment").fill("Keep the rhythm: four nights a week.")
    mentor.get_by_role("button", name="Post comment").click()
    expect(mentor.get_by_text("Keep the rhythm: four nights a week.")).to_be_visible()

    learner.goto("/roadmap/")
    learner.get_by_test_id("nav-notifications").click()
    learner.get_by_role("link", name=re.compile("maya commented on")).click()
    expect(learner.get_by_text("Keep the rhythm: four nights a week.")).to_be_visible()
    learner.get_by_text("Reply", exact=True).click()
    learner.get_by_label("Your reply").fill("Thanks, will do.")
    learner.get_by_role("button", name="Post reply").click()
    expect(learner.locator(".comment-reply")).to_contain_text("Thanks, will do.")

    learner.goto("/roadmap/")
    learner.locator("details.phase").first.get_by_role("button", name=re.compile("^Request a sign-off")).click()
    expect(learner.get_by_role("status")).to_contain_text("Review requested")
    phase_slug = learner.locator("[data-testid^=signoff-]").first.get_attribute("data-testid")

    mentor.goto("/roadmap/mentors/mentees/lena/")
    mentor.get_by_test_id(phase_slug).click()
    mentor.get_by_role("button", name="Start the review").click()
    mentor.get_by_role("textbox", name="Comment").fill("Solid foundations.")
    mentor.get_by_role("button", name="Approve").click()
    expect(mentor.get_by_test_id("milestone-status")).to_have_text("signed off")

    learner.goto("/roadmap/")
    expect(learner.get_by_test_id(phase_slug)).to_have_text("Sign-off: signed off")
    learner.get_by_test_id(phase_slug).click()
    expect(learner.locator(".milestone-history")).to_contain_text("Solid foundations.")

    learner.goto("/roadmap/mentors/mine/")
    learner.get_by_role("button", name="End mentorship maya").click()
    expect(learner.get_by_role("status")).to_contain_text("The mentorship has ended.")

    response = mentor.goto("/roadmap/mentors/mentees/lena/")
    assert response.status == 404


def test_invitations_read_alike_whoever_they_reach_and_a_learner_withdraws_one(page, second_page, people, log_in):
    learner, mentor = page, second_page
    log_in(learner, "lena")
    log_in(mentor, "maya")
    learner.goto("/roadmap/mentors/mine/")
    for name in ("maya", "nobody-by-this-name"):
        learner.get_by_label("Mentor's username or e-mail").fill(name)
        learner.get_by_role("button", name="Invite").click()
        expect(learner.get_by_text(f"Invitation sent to {name} — waiting for an answer")).to_be_visible()
    # An account and no account look the same to the learner: nothing says which name exists.
    assert learner.locator(".badge").count() == 0
    mentor.goto("/roadmap/mentors/mine/")
    expect(mentor.get_by_role("button", name="Accept lena")).to_be_visible()

    learner.get_by_role("button", name="Withdraw the invitation to maya").click()
    expect(learner.get_by_text("Invitation sent to maya")).to_have_count(0)
    expect(learner.get_by_text("Invitation sent to nobody-by-this-name")).to_be_visible()
    # The mentor it reached is no longer asked.
    mentor.goto("/roadmap/mentors/mine/")
    expect(mentor.get_by_role("button", name="Accept lena")).to_have_count(0)
